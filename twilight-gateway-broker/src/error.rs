//! The crate's one error type: what went wrong as a [`ErrorKind`], and the
//! underlying error, if any, as the source.

use std::error::Error as StdError;
use std::fmt::{self, Display, Formatter};

/// An error of a broker operation.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    source: Option<Box<dyn StdError + Send + Sync>>,
}

/// What went wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A name used in a subject, stream or key (application, event type,
    /// group) is empty or holds a character the layout does not allow.
    InvalidName {
        /// What the name is for (`"app"`, `"event type"`, `"group"`).
        what: &'static str,
        /// The rejected name.
        name: String,
    },
    /// A dispatch to publish is not a gateway dispatch (no `t` or `s`), or
    /// a command is not a command a worker may send.
    InvalidPayload {
        /// Why it was rejected.
        reason: String,
    },
    /// The broker could not be reached, or the connection broke.
    Connection,
    /// The broker refused or failed an operation (publish, consume, ack).
    Broker,
    /// The broker did not acknowledge in time.
    Timeout,
    /// A message read from the broker lacks the metadata this crate
    /// writes (shard, event type, stable id), or has it malformed; it was
    /// not written by this crate's publishers.
    Malformed {
        /// What is missing or wrong.
        reason: String,
    },
    /// A delivered payload is not a dispatch twilight-model can parse.
    Parse {
        /// Why (twilight-model's parse error).
        reason: String,
    },
    /// The publisher, consumer or broker was closed.
    Closed,
}

impl Error {
    /// An error of this kind without a source.
    #[must_use]
    pub const fn new(kind: ErrorKind) -> Self {
        Self { kind, source: None }
    }

    /// An error of this kind caused by `source`.
    pub fn with_source(
        kind: ErrorKind,
        source: impl Into<Box<dyn StdError + Send + Sync>>,
    ) -> Self {
        Self {
            kind,
            source: Some(source.into()),
        }
    }

    /// What went wrong.
    #[must_use]
    pub const fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    pub(crate) fn invalid_name(what: &'static str, name: &str) -> Self {
        Self::new(ErrorKind::InvalidName {
            what,
            name: name.to_owned(),
        })
    }

    pub(crate) fn invalid_payload(reason: impl Into<String>) -> Self {
        Self::new(ErrorKind::InvalidPayload {
            reason: reason.into(),
        })
    }

    pub(crate) fn malformed(reason: impl Into<String>) -> Self {
        Self::new(ErrorKind::Malformed {
            reason: reason.into(),
        })
    }
}

impl Display for Error {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::InvalidName { what, name } => write!(
                f,
                "invalid {what} {name:?}: use ASCII letters, digits, '_' or '-' (event types also any other printable ASCII except '.', '*', '>')"
            ),
            ErrorKind::InvalidPayload { reason } => write!(f, "invalid payload: {reason}"),
            ErrorKind::Connection => f.write_str("the broker connection failed"),
            ErrorKind::Broker => f.write_str("the broker failed the operation"),
            ErrorKind::Timeout => f.write_str("the broker did not answer in time"),
            ErrorKind::Malformed { reason } => {
                write!(f, "a message from the broker is malformed: {reason}")
            }
            ErrorKind::Parse { reason } => write!(f, "the dispatch does not parse: {reason}"),
            ErrorKind::Closed => f.write_str("closed"),
        }?;
        if let Some(source) = &self.source {
            write!(f, ": {source}")?;
        }
        Ok(())
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_ref()
            .map(|source| &**source as &(dyn StdError + 'static))
    }
}
