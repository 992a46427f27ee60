//! A request ready to send: what every typed builder produces.

use serde::Serialize;
use std::fmt;
pub use twilight_http_ratelimiting::{Endpoint, Method};

/// A request body.
#[derive(Clone)]
pub enum Body {
    /// A JSON document (`Content-Type: application/json`).
    Json(Vec<u8>),
    /// A `multipart/form-data` body with its content type (which carries the
    /// boundary).
    Multipart {
        /// The full `Content-Type` value.
        content_type: String,
        /// The encoded form.
        bytes: Vec<u8>,
    },
}

/// A request: method, filled-in path (with its query string), the endpoint
/// the ratelimiter keys on, an optional body and audit log reason.
///
/// Typed builders produce these; build one by hand for a route this crate
/// does not know yet:
///
/// ```
/// use twilight_http::request::{Endpoint, Method, Request};
///
/// let request = Request::new(
///     Method::Get,
///     "/channels/123/pins",
///     Endpoint::new(Method::Get, "/channels/{channel_id}/pins").major(123),
/// );
/// assert_eq!(request.path(), "/channels/123/pins");
/// ```
#[derive(Clone)]
pub struct Request {
    method: Method,
    path: String,
    endpoint: Endpoint,
    body: Option<Body>,
    reason: Option<String>,
    authorize: bool,
}

impl Request {
    /// A request without body, sent with the client's token.
    ///
    /// `path` starts with `/` and is relative to the API base
    /// (`https://discord.com/api/v10`).
    pub fn new(method: Method, path: impl Into<String>, endpoint: Endpoint) -> Self {
        Self {
            method,
            path: path.into(),
            endpoint,
            body: None,
            reason: None,
            authorize: true,
        }
    }

    /// Sets a JSON body.
    ///
    /// # Errors
    ///
    /// Returns serde_json's error if `body` cannot be serialised.
    pub fn json(mut self, body: &impl Serialize) -> Result<Self, serde_json::Error> {
        self.body = Some(Body::Json(serde_json::to_vec(body)?));
        Ok(self)
    }

    /// Sets the body.
    #[must_use]
    pub fn body(mut self, body: Body) -> Self {
        self.body = Some(body);
        self
    }

    /// Sets the audit log reason (sent as `X-Audit-Log-Reason`).
    #[must_use]
    pub fn reason(mut self, reason: impl Into<String>) -> Self {
        self.reason = Some(reason.into());
        self
    }

    /// Sends the request without the client's token (routes authenticated
    /// by a webhook or interaction token in the path).
    #[must_use]
    pub fn without_authorization(mut self) -> Self {
        self.authorize = false;
        self
    }

    /// The HTTP method.
    #[must_use]
    pub const fn method(&self) -> Method {
        self.method
    }

    /// The path and query, relative to the API base.
    #[must_use]
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What the ratelimiter keys this request on.
    #[must_use]
    pub const fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    /// The body, if any.
    #[must_use]
    pub const fn body_ref(&self) -> Option<&Body> {
        self.body.as_ref()
    }

    /// The audit log reason, if any.
    #[must_use]
    pub fn audit_log_reason(&self) -> Option<&str> {
        self.reason.as_deref()
    }

    /// Whether the client's token is sent.
    #[must_use]
    pub const fn is_authorized(&self) -> bool {
        self.authorize
    }
}

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The kind and size: a body's bytes would flood a log.
        match self {
            Self::Json(bytes) => f.debug_tuple("Json").field(&bytes.len()).finish(),
            Self::Multipart {
                content_type,
                bytes,
            } => f
                .debug_struct("Multipart")
                .field("content_type", content_type)
                .field("len", &bytes.len())
                .finish(),
        }
    }
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The path template, not the filled-in path: webhook and interaction
        // routes carry their token in the path.
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("route", &self.endpoint.route())
            .field("body", &self.body)
            .field("reason", &self.reason)
            .field("authorize", &self.authorize)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::{Endpoint, Method, Request};

    #[test]
    fn debug_never_shows_a_token_in_the_path() {
        let route = "/webhooks/{webhook_id}/{webhook_token}";
        let request = Request::new(
            Method::Post,
            "/webhooks/1/very-secret-token?wait=true",
            Endpoint::new(Method::Post, route).webhook(1, "very-secret-token"),
        )
        .without_authorization();
        let debug = format!("{request:?}");
        assert!(!debug.contains("very-secret-token"), "{debug}");
        assert!(debug.contains(route), "{debug}");
    }
}
