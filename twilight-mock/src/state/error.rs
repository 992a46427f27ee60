//! Errors as Discord's REST API answers them (topics/opcodes-and-status-codes.mdx):
//! an HTTP status, a JSON error code and, for form errors, the nested
//! `errors` object.

use serde_json::{Map, Value, json};

/// An error as Discord's REST API answers it.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: u16,
    /// Discord's JSON error code (0 for plain HTTP errors).
    pub code: u32,
    /// The message.
    pub message: String,
    /// The nested `errors` object of form errors (code 50035).
    pub errors: Option<Value>,
}

impl ApiError {
    /// A 404 with a JSON error code, such as 10003 Unknown Channel.
    pub fn unknown(code: u32, what: &str) -> Self {
        Self::new(404, code, &format!("Unknown {what}"))
    }

    /// An error with a status, code and message.
    pub fn new(status: u16, code: u32, message: &str) -> Self {
        Self {
            status,
            code,
            message: message.to_owned(),
            errors: None,
        }
    }

    /// A 400 "Invalid Form Body" (50035) whose `errors` name `path` (dotted;
    /// array indices as numbers) with error `code` and `message`.
    pub fn form(path: &str, code: &str, message: &str) -> Self {
        let mut errors = json!({ "_errors": [{ "code": code, "message": message }] });
        if !path.is_empty() {
            for key in path.rsplit('.') {
                let mut outer = Map::new();
                outer.insert(key.to_owned(), errors);
                errors = Value::Object(outer);
            }
        }
        Self {
            status: 400,
            code: 50035,
            message: "Invalid Form Body".to_owned(),
            errors: Some(errors),
        }
    }

    /// The JSON body Discord sends for this error.
    pub fn body(&self) -> Value {
        let mut body = json!({ "message": self.message, "code": self.code });
        if let Some(errors) = &self.errors {
            body["errors"] = errors.clone();
        }
        body
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} (code {})", self.status, self.message, self.code)
    }
}

impl std::error::Error for ApiError {}

/// 10003 Unknown Channel.
pub(super) fn unknown_channel() -> ApiError {
    ApiError::unknown(10003, "Channel")
}

/// 10004 Unknown Guild.
pub(super) fn unknown_guild() -> ApiError {
    ApiError::unknown(10004, "Guild")
}

/// 10007 Unknown Member.
pub(super) fn unknown_member() -> ApiError {
    ApiError::unknown(10007, "Member")
}

/// 10008 Unknown Message.
pub(super) fn unknown_message() -> ApiError {
    ApiError::unknown(10008, "Message")
}

/// 10011 Unknown Role.
pub(super) fn unknown_role() -> ApiError {
    ApiError::unknown(10011, "Role")
}

/// 10013 Unknown User.
pub(super) fn unknown_user() -> ApiError {
    ApiError::unknown(10013, "User")
}

/// 10015 Unknown Webhook.
pub(super) fn unknown_webhook() -> ApiError {
    ApiError::unknown(10015, "Webhook")
}

/// 10062 Unknown interaction.
pub(super) fn unknown_interaction() -> ApiError {
    ApiError::unknown(10062, "interaction")
}

impl ApiError {
    /// This error with a nested `errors` object.
    #[must_use]
    pub fn with_errors(mut self, errors: Value) -> Self {
        self.errors = Some(errors);
        self
    }
}
