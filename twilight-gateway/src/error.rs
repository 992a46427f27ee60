//! Errors of receiving and sending.

use crate::message::RawDispatch;
use std::error::Error;
use std::fmt::{self, Display, Formatter};
use twilight_model::gateway::CloseCode;

/// Receiving failed. Only [`is_fatal`](Self::is_fatal) errors end a shard;
/// after any other the shard reconnects (or resumes) on the next poll, so
/// keep polling.
#[derive(Debug)]
pub struct ReceiveMessageError {
    pub(crate) kind: ReceiveMessageErrorKind,
    pub(crate) source: Option<Box<dyn Error + Send + Sync>>,
    /// The dispatch a [`Deserializing`](ReceiveMessageErrorKind::Deserializing)
    /// error is about.
    pub(crate) raw: Option<Box<RawDispatch>>,
}

/// The kind of [`ReceiveMessageError`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ReceiveMessageErrorKind {
    /// Discord closed the connection with a code after which the shard must
    /// not reconnect (4004, 4010-4014): the token, the shard, the version or
    /// the intents are wrong. The shard has ended.
    FatallyClosed {
        /// The close code.
        close_code: CloseCode,
    },
    /// Connecting failed; the shard retries after a backoff.
    Connecting,
    /// The connection failed while open; the shard resumes.
    Transport,
    /// A frame could not be decompressed; the shard reconnects.
    Decompressing,
    /// A payload was not valid JSON or not valid UTF-8; the shard
    /// reconnects, since it cannot know what it missed.
    Malformed,
    /// A wanted event's data did not fit its type. The shard goes on; the
    /// dispatch itself, as received, is in
    /// [`raw_dispatch`](ReceiveMessageError::raw_dispatch), so it is not
    /// lost to the user (it counts as handed out in the session).
    Deserializing {
        /// The event's name.
        event: String,
    },
}

impl ReceiveMessageError {
    pub(crate) fn new(
        kind: ReceiveMessageErrorKind,
        source: Option<Box<dyn Error + Send + Sync>>,
    ) -> Self {
        Self {
            kind,
            source,
            raw: None,
        }
    }

    pub(crate) fn deserializing(raw: RawDispatch, source: Box<dyn Error + Send + Sync>) -> Self {
        Self {
            kind: ReceiveMessageErrorKind::Deserializing {
                event: raw.name.clone().into_owned(),
            },
            source: Some(source),
            raw: Some(Box::new(raw)),
        }
    }

    /// The dispatch that failed to deserialise, as received, for a
    /// [`Deserializing`](ReceiveMessageErrorKind::Deserializing) error.
    pub fn raw_dispatch(&self) -> Option<&RawDispatch> {
        self.raw.as_deref()
    }

    /// Takes the dispatch that failed to deserialise, to forward or store it.
    pub fn into_raw_dispatch(self) -> Option<RawDispatch> {
        self.raw.map(|raw| *raw)
    }

    /// The kind of error.
    pub const fn kind(&self) -> &ReceiveMessageErrorKind {
        &self.kind
    }

    /// Whether the shard has ended (it yields nothing more).
    pub const fn is_fatal(&self) -> bool {
        matches!(self.kind, ReceiveMessageErrorKind::FatallyClosed { .. })
    }
}

impl Display for ReceiveMessageError {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ReceiveMessageErrorKind::FatallyClosed { close_code } => write!(
                f,
                "the gateway closed the connection with {} ({close_code:?}); the shard cannot reconnect",
                u16::from(*close_code)
            ),
            ReceiveMessageErrorKind::Connecting => f.write_str("connecting to the gateway failed"),
            ReceiveMessageErrorKind::Transport => f.write_str("the gateway connection failed"),
            ReceiveMessageErrorKind::Decompressing => {
                f.write_str("a gateway frame could not be decompressed")
            }
            ReceiveMessageErrorKind::Malformed => {
                f.write_str("a gateway payload was not well-formed JSON")
            }
            ReceiveMessageErrorKind::Deserializing { event } => {
                write!(f, "the data of {event} did not fit its type")
            }
        }?;
        if let Some(source) = &self.source {
            write!(f, ": {source}")?;
        }
        Ok(())
    }
}

impl Error for ReceiveMessageError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn Error + 'static))
    }
}

/// A command could not be queued.
#[derive(Debug)]
pub struct SendError {
    pub(crate) kind: SendErrorKind,
    pub(crate) source: Option<serde_json::Error>,
}

/// The kind of [`SendError`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SendErrorKind {
    /// The shard was dropped.
    ShardGone,
    /// The command could not be serialised.
    Serializing,
    /// The payload is longer than the 4096 bytes Discord accepts (it would
    /// close the connection with 4002).
    TooLarge {
        /// The payload's length.
        len: usize,
    },
}

impl SendError {
    /// The kind of error.
    pub const fn kind(&self) -> &SendErrorKind {
        &self.kind
    }
}

impl Display for SendError {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match &self.kind {
            SendErrorKind::ShardGone => f.write_str("the shard was dropped"),
            SendErrorKind::Serializing => f.write_str("the command could not be serialised"),
            SendErrorKind::TooLarge { len } => write!(
                f,
                "the payload is {len} bytes; Discord accepts at most 4096"
            ),
        }
    }
}

impl Error for SendError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source.as_ref().map(|e| e as &(dyn Error + 'static))
    }
}
