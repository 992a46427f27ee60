//! Gateway commands back from workers to the shard that sends them.
//!
//! A worker publishes a [`ShardCommand`] with a [`CommandPublisher`] to
//! `discord.<app>.commands.<shard>`; the cluster running that shard reads
//! it with a [`CommandSubscriber`] for its shards, sends it through the
//! shard (under the gateway's send limit), and acknowledges it. Commands
//! are kept durably until acknowledged (bounded like events), so a
//! command sent while the cluster restarts is sent after it.

use crate::{BoxFuture, Error};
use bytes::Bytes;
use serde::Serialize;
use twilight_model::gateway::command::{Command, CommandPayload};
use twilight_model::gateway::{Envelope, OpCode};

/// Discord's limit on a payload a client sends (events/gateway.mdx).
pub const MAX_COMMAND_LEN: usize = 4096;

/// A command for one shard: the whole `{"op":..,"d":..}` JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShardCommand {
    shard: u32,
    payload: Bytes,
}

impl ShardCommand {
    /// A command from one of twilight-model's command types
    /// ([`RequestGuildMembers`](twilight_model::gateway::command::RequestGuildMembers),
    /// [`UpdatePresence`](twilight_model::gateway::command::UpdatePresence),
    /// [`UpdateVoiceState`](twilight_model::gateway::command::UpdateVoiceState), ...).
    ///
    /// # Errors
    ///
    /// As [`ShardCommand::raw`]: identify, resume and heartbeat belong to
    /// the shard itself and are refused.
    pub fn new<T: Command + Serialize>(shard: u32, command: T) -> Result<Self, Error> {
        let json = serde_json::to_vec(&CommandPayload::new(command))
            .map_err(|why| Error::invalid_payload(why.to_string()))?;
        Self::raw(shard, Bytes::from(json))
    }

    /// A command from raw JSON.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidPayload`](crate::ErrorKind::InvalidPayload) if
    /// it is longer than [`MAX_COMMAND_LEN`], not a JSON object with `op`
    /// and `d`, or its opcode is not one a worker may send (presence
    /// update, voice state update, request guild members, request
    /// soundboard sounds, request channel info).
    pub fn raw(shard: u32, payload: Bytes) -> Result<Self, Error> {
        check_command(&payload)?;
        Ok(Self { shard, payload })
    }

    /// The shard number it is for.
    #[must_use]
    pub const fn shard(&self) -> u32 {
        self.shard
    }

    /// The JSON to send.
    #[must_use]
    pub const fn payload(&self) -> &Bytes {
        &self.payload
    }
}

/// The one rule of what a command may be, applied on both sides (a
/// cluster re-checks what it reads, since anyone may write the subject).
pub(crate) fn check_command(payload: &[u8]) -> Result<(), Error> {
    if payload.len() > MAX_COMMAND_LEN {
        return Err(Error::invalid_payload(format!(
            "a command is {} bytes, Discord accepts at most {MAX_COMMAND_LEN}",
            payload.len()
        )));
    }
    let text = std::str::from_utf8(payload)
        .map_err(|_| Error::invalid_payload("the command is not UTF-8"))?;
    let envelope = Envelope::peek(text).map_err(|why| Error::invalid_payload(why.to_string()))?;
    if envelope.data().is_none() {
        return Err(Error::invalid_payload("the command has no `d`"));
    }
    let op = envelope.op();
    let allowed = [
        OpCode::PresenceUpdate,
        OpCode::VoiceStateUpdate,
        OpCode::RequestGuildMembers,
        OpCode::RequestSoundboardSounds,
        OpCode::RequestChannelInfo,
    ];
    if !allowed.iter().any(|allowed| u8::from(*allowed) == op) {
        return Err(Error::invalid_payload(format!(
            "opcode {op} is not a command a worker may send"
        )));
    }
    Ok(())
}

/// Sends commands to shards. Object safe.
pub trait CommandPublisher: Send + Sync {
    /// Stores the command for its shard; resolves when the broker
    /// acknowledged it.
    ///
    /// # Errors
    ///
    /// A broken connection or a broker that refused it.
    fn send(&self, command: ShardCommand) -> BoxFuture<'_, Result<(), Error>>;
}

/// Reads the commands of a set of shards. Object safe.
pub trait CommandSubscriber: Send {
    /// The next command for one of the subscribed shards.
    ///
    /// # Errors
    ///
    /// A broken connection or a closed broker; may be asked again.
    fn next(&mut self) -> BoxFuture<'_, Result<CommandDelivery, Error>>;
}

/// A command read by a [`CommandSubscriber`]; acknowledge it once sent to
/// the shard, or drop it to have it delivered again after the ack wait.
pub struct CommandDelivery {
    command: ShardCommand,
    acker: Box<dyn crate::Acker>,
}

impl CommandDelivery {
    /// A delivery of an adapter.
    pub fn new(command: ShardCommand, acker: Box<dyn crate::Acker>) -> Self {
        Self { command, acker }
    }

    /// The command.
    #[must_use]
    pub const fn command(&self) -> &ShardCommand {
        &self.command
    }

    /// Acknowledges: the command was sent.
    ///
    /// # Errors
    ///
    /// If the broker did not take the acknowledgement.
    pub async fn ack(self) -> Result<(), Error> {
        self.acker.ack().await
    }
}

impl std::fmt::Debug for CommandDelivery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CommandDelivery")
            .field("command", &self.command)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::ShardCommand;
    use crate::ErrorKind;
    use bytes::Bytes;
    use twilight_model::gateway::command::{Heartbeat, RequestGuildMembers};
    use twilight_model::id::Id;

    #[test]
    fn model_commands_serialise_with_their_opcode() {
        let command = ShardCommand::new(3, RequestGuildMembers::query(Id::new(5), "", 0)).unwrap();
        assert_eq!(command.shard(), 3);
        assert_eq!(
            &command.payload()[..],
            br#"{"op":8,"d":{"guild_id":"5","query":"","limit":0}}"#
        );
    }

    #[test]
    fn commands_owned_by_the_shard_or_malformed_are_refused() {
        assert!(ShardCommand::new(0, Heartbeat(Some(1))).is_err());
        for raw in [
            &br#"{"op":2,"d":{}}"#[..],
            br#"{"op":6,"d":{}}"#,
            br#"{"op":8}"#,
            br"[]",
            &[b' '; 5000],
        ] {
            let error = ShardCommand::raw(0, Bytes::copy_from_slice(raw)).unwrap_err();
            assert!(
                matches!(error.kind(), ErrorKind::InvalidPayload { .. }),
                "{error}"
            );
        }
        assert!(ShardCommand::raw(0, Bytes::from_static(br#"{"op":3,"d":{}}"#)).is_ok());
    }
}
