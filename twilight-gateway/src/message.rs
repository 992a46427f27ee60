//! What a shard hands out: raw messages and close frames.

use std::borrow::Cow;
use std::ops::Range;
use twilight_model::gateway::EventType;

/// A WebSocket close frame: a code and a reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CloseFrame {
    /// The close code.
    pub code: u16,
    /// The reason.
    pub reason: Cow<'static, str>,
}

impl CloseFrame {
    /// Ends the session: Discord will not let it be resumed (code 1000).
    pub const NORMAL: Self = Self::new(1000, "closing connection");

    /// Closes the connection but keeps the session resumable (code 4000,
    /// any code but 1000 and 1001 does).
    pub const RESUME: Self = Self::new(4000, "resuming connection");

    /// A close frame with a code and a reason.
    pub const fn new(code: u16, reason: &'static str) -> Self {
        Self {
            code,
            reason: Cow::Borrowed(reason),
        }
    }
}

/// A message received by a shard, after the shard processed it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Message {
    /// A gateway payload, decompressed: JSON text.
    Text(String),
    /// The connection closed (`None`: without a close frame); the shard
    /// reconnects on the next poll unless the close was fatal or the user
    /// closed it ([`Shard::close`](crate::Shard::close)).
    Close(Option<CloseFrame>),
}

/// A dispatch's raw JSON with what the shard already read of its envelope,
/// for services that forward bytes without parsing them
/// ([`Shard::next_raw`](crate::Shard::next_raw)).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawDispatch {
    pub(crate) json: String,
    pub(crate) kind: Option<EventType>,
    pub(crate) name: Cow<'static, str>,
    pub(crate) sequence: u64,
    pub(crate) data: Range<usize>,
}

impl RawDispatch {
    /// The whole payload as received (`{"op":0,"t":..,"s":..,"d":..}`).
    pub fn json(&self) -> &str {
        &self.json
    }

    /// The payload, owned.
    pub fn into_json(self) -> String {
        self.json
    }

    /// The event type, or `None` if this crate does not know it.
    pub const fn kind(&self) -> Option<EventType> {
        self.kind
    }

    /// The event's name (`t`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The sequence number.
    pub const fn sequence(&self) -> u64 {
        self.sequence
    }

    /// The event's data (`d`) as JSON text.
    pub fn data(&self) -> &str {
        self.json.get(self.data.clone()).unwrap_or_default()
    }
}
