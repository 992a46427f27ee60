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
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The request broke a documented limit and was not sent (the source
    /// names the field and the limit).
    Validation,
    /// The request could not be built (a body failed to serialise).
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
        }
        // The whole chain: a connection error's cause (refused, TLS
        // handshake, reset) sits a few sources deep in hyper's errors.
        let mut source = self.source();
        while let Some(error) = source {
            write!(f, ": {error}")?;
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
