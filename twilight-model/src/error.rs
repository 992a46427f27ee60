//! Error bodies of the REST API (reference.mdx, "Error Messages";
//! topics/rate-limits.mdx).

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The JSON body of an error response: a code from Discord's table of JSON
/// error codes, a message, and for 50035 ("Invalid Form Body") the nested
/// `errors` of each field.
///
/// ```
/// use twilight_model::error::ApiError;
///
/// let body = r#"{"code":50035,"message":"Invalid Form Body","errors":{"content":{"_errors":[{"code":"BASE_TYPE_MAX_LENGTH","message":"Must be 2000 or fewer in length."}]}}}"#;
/// let error: ApiError = serde_json::from_str(body)?;
/// let fields = error.field_errors();
/// assert_eq!(fields[0].path, "content");
/// assert_eq!(fields[0].code, "BASE_TYPE_MAX_LENGTH");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApiError {
    /// Discord's JSON error code (0 for generic HTTP errors such as 401).
    #[serde(default)]
    pub code: u32,
    /// A human-readable message.
    pub message: String,
    /// Nested errors of each field, for code 50035.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errors: Option<Value>,
}

/// One field's error inside [`ApiError::errors`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// Dotted path of the field (`embeds.0.title`); empty for the request as
    /// a whole.
    pub path: String,
    /// The error's code, such as `BASE_TYPE_MAX_LENGTH`.
    pub code: String,
    /// The error's message.
    pub message: String,
}

impl ApiError {
    /// Every field error of the nested `errors` object, with its path.
    pub fn field_errors(&self) -> Vec<FieldError> {
        let mut out = Vec::new();
        if let Some(errors) = &self.errors {
            collect(errors, &mut String::new(), &mut out);
        }
        out
    }
}

fn collect(value: &Value, path: &mut String, out: &mut Vec<FieldError>) {
    let Value::Object(map) = value else { return };
    for (key, child) in map {
        if key == "_errors" {
            for item in child.as_array().into_iter().flatten() {
                out.push(FieldError {
                    path: path.clone(),
                    code: item
                        .get("code")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned(),
                    message: item
                        .get("message")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned(),
                });
            }
        } else {
            let len = path.len();
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(key);
            collect(child, path, out);
            path.truncate(len);
        }
    }
}

/// The JSON body of a 429 response.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RateLimitedBody {
    /// A message saying what was ratelimited.
    pub message: String,
    /// Seconds to wait before another request.
    pub retry_after: f64,
    /// Whether the global limit was hit.
    pub global: bool,
    /// An error code, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<u32>,
}
