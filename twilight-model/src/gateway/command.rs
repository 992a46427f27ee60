//! Payloads a client sends to the gateway (events/gateway-events.mdx, "Send
//! Events").
//!
//! Each command knows its opcode; [`CommandPayload`] wraps one in the
//! `{"op": .., "d": ..}` envelope.
//!
//! ```
//! use twilight_model::gateway::command::{CommandPayload, RequestGuildMembers};
//! use twilight_model::id::Id;
//!
//! let request = RequestGuildMembers::query(Id::new(41_771_983_444_115_456), "", 0);
//! let json = serde_json::to_string(&CommandPayload::new(request))?;
//! assert_eq!(json, r#"{"op":8,"d":{"guild_id":"41771983444115456","query":"","limit":0}}"#);
//! # Ok::<(), serde_json::Error>(())
//! ```

use crate::gateway::{Intents, OpCode, ShardId, presence::ActivityType, presence::Status};
use crate::id::{
    Id,
    marker::{ChannelMarker, GuildMarker, UserMarker},
};
use crate::util::secret::Secret;
use serde::de::{Deserializer, Error as DeError, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt::{self, Formatter};

/// A payload a client sends, with its opcode.
pub trait Command: Serialize {
    /// The opcode the payload is sent with.
    const OPCODE: OpCode;
}

/// A command in its envelope: `{"op": OPCODE, "d": command}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommandPayload<T> {
    /// The opcode.
    pub op: OpCode,
    /// The command.
    pub d: T,
}

impl<T: Command> CommandPayload<T> {
    /// Wraps a command with its opcode.
    pub const fn new(d: T) -> Self {
        Self { op: T::OPCODE, d }
    }
}

/// Starts a new session (op 2).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Identify {
    /// The bot token.
    pub token: Secret,
    /// Connection properties.
    pub properties: IdentifyProperties,
    /// Whether the connection supports compression of packets (not transport
    /// compression).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compress: Option<bool>,
    /// Member count (50-250) above which offline members are not sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub large_threshold: Option<u8>,
    /// This session's shard.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<ShardId>,
    /// Initial presence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presence: Option<UpdatePresence>,
    /// The intents to receive.
    pub intents: Intents,
}

impl Command for Identify {
    const OPCODE: OpCode = OpCode::Identify;
}

/// Connection properties of [`Identify`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentifyProperties {
    /// The operating system.
    pub os: String,
    /// The library's name.
    pub browser: String,
    /// The library's name.
    pub device: String,
}

impl IdentifyProperties {
    /// Properties naming this operating system and the given library.
    pub fn new(library: &str) -> Self {
        Self {
            os: std::env::consts::OS.to_owned(),
            browser: library.to_owned(),
            device: library.to_owned(),
        }
    }
}

/// Resumes a dropped session (op 6).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resume {
    /// The bot token.
    pub token: Secret,
    /// The session to resume.
    pub session_id: String,
    /// The last sequence number received.
    pub seq: u64,
}

impl Command for Resume {
    const OPCODE: OpCode = OpCode::Resume;
}

/// Keeps the connection alive (op 1): the last sequence number received, or
/// `null` before the first dispatch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Heartbeat(pub Option<u64>);

impl Command for Heartbeat {
    const OPCODE: OpCode = OpCode::Heartbeat;
}

/// Requests members of a guild (op 8); answered by GUILD_MEMBERS_CHUNK events.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestGuildMembers {
    /// The guild.
    pub guild_id: Id<GuildMarker>,
    /// Members whose username starts with this; empty for all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    /// At most this many members; 0 for no limit (with an empty query).
    #[serde(default)]
    pub limit: u64,
    /// Whether to include presences.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presences: Option<bool>,
    /// Exactly these users.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_ids: Option<UserIds>,
    /// Echoed in the chunks, to match them to this request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nonce: Option<String>,
}

impl RequestGuildMembers {
    /// Members whose username starts with `query` (empty: all), at most
    /// `limit` (0: no limit).
    pub fn query(guild_id: Id<GuildMarker>, query: &str, limit: u64) -> Self {
        Self {
            guild_id,
            query: Some(query.to_owned()),
            limit,
            presences: None,
            user_ids: None,
            nonce: None,
        }
    }

    /// Exactly these members.
    pub fn user_ids(guild_id: Id<GuildMarker>, user_ids: Vec<Id<UserMarker>>) -> Self {
        Self {
            guild_id,
            query: None,
            limit: 0,
            presences: None,
            user_ids: Some(UserIds::Many(user_ids)),
            nonce: None,
        }
    }
}

impl Command for RequestGuildMembers {
    const OPCODE: OpCode = OpCode::RequestGuildMembers;
}

/// `user_ids` of [`RequestGuildMembers`]: one id or an array of them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UserIds {
    /// One user.
    One(Id<UserMarker>),
    /// Several users.
    Many(Vec<Id<UserMarker>>),
}

impl Serialize for UserIds {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::One(id) => id.serialize(serializer),
            Self::Many(ids) => ids.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for UserIds {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = UserIds;
            fn expecting(&self, f: &mut Formatter<'_>) -> fmt::Result {
                f.write_str("a user id or an array of user ids")
            }
            fn visit_str<E: DeError>(self, v: &str) -> Result<UserIds, E> {
                v.parse().map(UserIds::One).map_err(E::custom)
            }
            fn visit_u64<E: DeError>(self, v: u64) -> Result<UserIds, E> {
                Id::try_from(v).map(UserIds::One).map_err(E::custom)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<UserIds, A::Error> {
                let mut ids = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(100));
                while let Some(id) = seq.next_element()? {
                    ids.push(id);
                }
                Ok(UserIds::Many(ids))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// Updates the client's presence (op 3), also the `presence` of [`Identify`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdatePresence {
    /// Unix time in milliseconds since the client went idle, or `null`.
    /// Always sent: Discord requires the field.
    pub since: Option<u64>,
    /// The activities.
    pub activities: Vec<MinimalActivity>,
    /// The new status.
    pub status: Status,
    /// Whether the client is AFK.
    pub afk: bool,
}

impl Command for UpdatePresence {
    const OPCODE: OpCode = OpCode::PresenceUpdate;
}

/// An activity a bot may set: Discord ignores every other field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MinimalActivity {
    /// The activity's name.
    pub name: String,
    /// The kind of activity.
    #[serde(rename = "type")]
    pub kind: ActivityType,
    /// Stream URL, for streaming activities.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Custom status text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
}

/// Joins, moves between or leaves voice channels (op 4).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateVoiceState {
    /// The guild.
    pub guild_id: Id<GuildMarker>,
    /// The voice channel to join, or `null` to disconnect. Always sent.
    pub channel_id: Option<Id<ChannelMarker>>,
    /// Whether the client is muted.
    pub self_mute: bool,
    /// Whether the client is deafened.
    pub self_deaf: bool,
}

impl Command for UpdateVoiceState {
    const OPCODE: OpCode = OpCode::VoiceStateUpdate;
}

/// Requests the soundboard sounds of guilds (op 31); answered by
/// SOUNDBOARD_SOUNDS events.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestSoundboardSounds {
    /// The guilds.
    pub guild_ids: Vec<Id<GuildMarker>>,
}

impl Command for RequestSoundboardSounds {
    const OPCODE: OpCode = OpCode::RequestSoundboardSounds;
}

/// Requests ephemeral data of a guild's channels (op 43); answered by a
/// CHANNEL_INFO event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestChannelInfo {
    /// The guild.
    pub guild_id: Id<GuildMarker>,
    /// The fields wanted.
    pub fields: Vec<ChannelInfoField>,
}

impl Command for RequestChannelInfo {
    const OPCODE: OpCode = OpCode::RequestChannelInfo;
}

crate::str_enum! {
    /// A field [`RequestChannelInfo`] can ask for.
    pub enum ChannelInfoField {
        /// The voice channel status.
        Status = "status",
        /// When the current voice session started.
        VoiceStartTime = "voice_start_time",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_never_in_debug() {
        let identify = Identify {
            token: "Bot secret-token-value".into(),
            properties: IdentifyProperties::new("twilight"),
            compress: None,
            large_threshold: None,
            shard: Some(ShardId::ONE),
            presence: None,
            intents: Intents::GUILDS,
        };
        assert!(!format!("{identify:?}").contains("secret"));
        let resume = Resume {
            token: "secret-token-value".into(),
            session_id: "abc".to_owned(),
            seq: 1,
        };
        assert!(!format!("{resume:?}").contains("secret"));
    }

    #[test]
    fn user_ids_forms() {
        let one: UserIds = serde_json::from_str(r#""80351110224678912""#).unwrap();
        assert_eq!(one, UserIds::One(Id::new(80_351_110_224_678_912)));
        let many: UserIds = serde_json::from_str(r#"["1","2"]"#).unwrap();
        assert_eq!(many, UserIds::Many(vec![Id::new(1), Id::new(2)]));
        assert!(serde_json::from_str::<UserIds>("{}").is_err());
    }

    #[test]
    fn presence_sends_since_null() {
        let presence = UpdatePresence {
            since: None,
            activities: Vec::new(),
            status: Status::new("online"),
            afk: false,
        };
        let json = serde_json::to_string(&CommandPayload::new(presence)).unwrap();
        assert_eq!(
            json,
            r#"{"op":3,"d":{"since":null,"activities":[],"status":"online","afk":false}}"#
        );
    }
}
