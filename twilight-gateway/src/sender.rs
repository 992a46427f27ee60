//! [`MessageSender`]: send commands to a shard from other tasks.

use crate::error::{SendError, SendErrorKind};
use crate::message::CloseFrame;
use tokio::sync::mpsc;
use twilight_model::gateway::command::{Command, CommandPayload};

/// Discord closes a connection (4002) on a payload longer than this.
pub const MAX_PAYLOAD: usize = 4096;

/// A cloneable handle that queues commands for a shard.
///
/// The shard sends them, through its ratelimiter, while it is polled and
/// once its session is active: commands queued while it reconnects wait,
/// they are not lost.
#[derive(Clone, Debug)]
pub struct MessageSender {
    /// Serialised commands, in order, through the ratelimiter.
    pub(crate) tx: mpsc::UnboundedSender<String>,
    /// Closes, on their own channel: a close must not wait behind a command
    /// that waits for a session.
    pub(crate) close_tx: mpsc::UnboundedSender<CloseFrame>,
}

impl MessageSender {
    /// Queues a command (request guild members, update presence, update
    /// voice state, request soundboard sounds, ...).
    ///
    /// # Errors
    ///
    /// Returns an error if the command does not serialise, is longer than
    /// 4096 bytes, or the shard was dropped.
    pub fn command<C: Command>(&self, command: &C) -> Result<(), SendError> {
        let json = serde_json::to_string(&CommandPayload {
            op: C::OPCODE,
            d: command,
        })
        .map_err(|source| SendError {
            kind: SendErrorKind::Serializing,
            source: Some(source),
        })?;
        self.send(json)
    }

    /// Queues a raw JSON payload.
    ///
    /// # Errors
    ///
    /// Returns an error if the payload is longer than 4096 bytes or the
    /// shard was dropped.
    pub fn send(&self, json: String) -> Result<(), SendError> {
        if json.len() > MAX_PAYLOAD {
            return Err(SendError {
                kind: SendErrorKind::TooLarge { len: json.len() },
                source: None,
            });
        }
        self.tx.send(json).map_err(|_| shard_gone())
    }

    /// Asks the shard to close its connection with this frame and end, as
    /// [`Shard::close`](crate::Shard::close) does: a loop polling the shard
    /// in another task sees the close and then `None` (a shard without a
    /// connection ends without connecting first). The close is taken ahead
    /// of commands still waiting to be sent, which are dropped, so it never
    /// waits for a session or the ratelimiter.
    ///
    /// # Errors
    ///
    /// Returns an error if the shard was dropped.
    pub fn close(&self, frame: CloseFrame) -> Result<(), SendError> {
        self.close_tx.send(frame).map_err(|_| shard_gone())
    }

    /// Whether the shard was dropped.
    pub fn is_closed(&self) -> bool {
        self.tx.is_closed()
    }
}

const fn shard_gone() -> SendError {
    SendError {
        kind: SendErrorKind::ShardGone,
        source: None,
    }
}
