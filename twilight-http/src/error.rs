//! Errors of the HTTP client.

use std::{error::Error as StdError, fmt};
use twilight_model::error::ApiError;

/// An error of a request: why it failed, and the underlying error.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    source: Option<Box<dyn StdError + Send + Sync>>,
}

/// Why a request failed.
#[non_exhaustive]
pub enum ErrorKind {
    /// The request broke a documented limit and was not sent (the source
    /// names the field and the limit).
    Validation,
    /// The request could not be built (a body failed to serialise, the
    /// path or a header value is invalid).
    BuildingRequest,
    /// Discord answered 401: the token is invalid. The client sends no
    /// further requests with it.
    Unauthorized,
    /// Discord answered with an error status.
    Response {
        /// The HTTP status.
        status: u16,
        /// Discord's error body (code, message and field errors), when it
        /// sent one.
        error: Option<ApiError>,
        /// The raw body.
        body: Vec<u8>,
    },
    /// Still ratelimited after the client's retries.
    RateLimited,
    /// No response within the client's timeout.
    Timeout,
    /// The connection failed.
    Connection,
    /// The response body did not deserialise into the expected model.
    Parsing {
        /// The raw body.
        body: Vec<u8>,
    },
    /// The response body is larger than the client's limit
    /// ([`ClientBuilder::max_response_size`](crate::ClientBuilder::max_response_size));
    /// it was not read further.
    ResponseTooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
}

/// Bodies in `Debug` output: as text, and only their start (a list of
/// members can be megabytes).
const DEBUG_BODY_LIMIT: usize = 1024;

struct DebugBody<'a>(&'a [u8]);

impl fmt::Debug for DebugBody<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = &self.0[..self.0.len().min(DEBUG_BODY_LIMIT)];
        let text = String::from_utf8_lossy(shown);
        if shown.len() < self.0.len() {
            write!(f, "{text:?}... ({} bytes)", self.0.len())
        } else {
            write!(f, "{text:?}")
        }
    }
}

impl fmt::Debug for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Validation => f.write_str("Validation"),
            Self::BuildingRequest => f.write_str("BuildingRequest"),
            Self::Unauthorized => f.write_str("Unauthorized"),
            Self::Response {
                status,
                error,
                body,
            } => f
                .debug_struct("Response")
                .field("status", status)
                .field("error", error)
                .field("body", &DebugBody(body))
                .finish(),
            Self::RateLimited => f.write_str("RateLimited"),
            Self::Timeout => f.write_str("Timeout"),
            Self::Connection => f.write_str("Connection"),
            Self::Parsing { body } => f
                .debug_struct("Parsing")
                .field("body", &DebugBody(body))
                .finish(),
            Self::ResponseTooLarge { limit } => f
                .debug_struct("ResponseTooLarge")
                .field("limit", limit)
                .finish(),
        }
    }
}

impl Error {
    /// An error of `kind` with an underlying error.
    pub fn new(kind: ErrorKind, source: impl Into<Box<dyn StdError + Send + Sync>>) -> Self {
        Self {
            kind,
            source: Some(source.into()),
        }
    }

    /// An error of `kind` without an underlying error.
    #[must_use]
    pub const fn from_kind(kind: ErrorKind) -> Self {
        Self { kind, source: None }
    }

    /// Why the request failed.
    #[must_use]
    pub const fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The broken limit, if the request failed validation before it was
    /// sent.
    ///
    /// ```
    /// use twilight_http::Client;
    /// use twilight_model::id::Id;
    ///
    /// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
    /// let client = Client::new("token");
    /// let long = "x".repeat(2001);
    /// let error = client.create_message(Id::new(1)).content(long).await.unwrap_err();
    /// let broken = error.validation().expect("content is limited to 2000 characters");
    /// assert_eq!(broken.field(), "content");
    /// # });
    /// ```
    #[must_use]
    pub fn validation(&self) -> Option<&crate::validate::ValidationError> {
        if !matches!(self.kind, ErrorKind::Validation) {
            return None;
        }
        self.source.as_deref()?.downcast_ref()
    }

    /// Consumes the error, returning its kind and underlying error.
    #[must_use]
    pub fn into_parts(self) -> (ErrorKind, Option<Box<dyn StdError + Send + Sync>>) {
        (self.kind, self.source)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::Validation => f.write_str("the request broke a documented limit")?,
            ErrorKind::BuildingRequest => f.write_str("the request could not be built")?,
            ErrorKind::Unauthorized => f.write_str("the token is invalid (401 Unauthorized)")?,
            ErrorKind::Response { status, error, .. } => {
                write!(f, "Discord answered {status}")?;
                if let Some(error) = error {
                    write!(f, ": {} (code {})", error.message, error.code)?;
                }
            }
            ErrorKind::RateLimited => f.write_str("still ratelimited after retrying")?,
            ErrorKind::Timeout => f.write_str("no response before the timeout")?,
            ErrorKind::Connection => f.write_str("the connection failed")?,
            ErrorKind::Parsing { .. } => f.write_str("the response body did not parse")?,
            ErrorKind::ResponseTooLarge { limit } => {
                write!(f, "the response body is larger than {limit} bytes")?;
            }
        }
        // The whole chain: a connection error's cause (refused, TLS
        // handshake, reset) sits a few sources deep in hyper's errors.
        let mut source = self.source();
        while let Some(error) = source {
            write!(f, ": {error}")?;
            // One of ours has written its own chain already.
            if error.is::<Self>() {
                break;
            }
            source = error.source();
        }
        Ok(())
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_deref()
            .map(|source| source as &(dyn StdError + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_show_as_text_and_long_ones_cut() {
        let short = ErrorKind::Parsing {
            body: b"{\"a\":1}".to_vec(),
        };
        assert_eq!(format!("{short:?}"), r#"Parsing { body: "{\"a\":1}" }"#);
        let long = ErrorKind::Response {
            status: 500,
            error: None,
            body: vec![b'x'; 5000],
        };
        let debug = format!("{long:?}");
        assert!(debug.ends_with("... (5000 bytes) }"), "{debug}");
        assert!(debug.len() < 1200);
    }

    #[test]
    fn the_message_holds_the_whole_source_chain() {
        let inner = std::io::Error::other("connection reset");
        let middle = Error::new(ErrorKind::Connection, inner);
        let outer = Error::new(ErrorKind::Unauthorized, middle);
        assert_eq!(
            outer.to_string(),
            "the token is invalid (401 Unauthorized): the connection failed: connection reset"
        );
    }
}
