//! The data (`d`) of dispatch events whose shape is their own rather than a
//! resource's (events/gateway-events.mdx, "Receive Events").
//!
//! Events that carry a resource as it is (CHANNEL_CREATE carries a channel)
//! have a newtype in [`event`](super::event) instead.

use crate::application::PartialApplication;
use crate::channel::{Channel, ChannelType, ThreadMember};
use crate::emoji::Emoji;
use crate::gateway::presence::Presence;
use crate::gateway::{OpCode, ShardId};
use crate::guild::{Member, Role, UnavailableGuild};
use crate::id::{
    Id,
    marker::{
        ApplicationMarker, ChannelMarker, GuildMarker, IntegrationMarker, MessageMarker,
        RoleMarker, ScheduledEventMarker, SoundboardSoundMarker, UserMarker,
    },
};
use crate::soundboard::SoundboardSound;
use crate::sticker::Sticker;
use crate::user::{AvatarDecorationData, User};
use crate::util::image_hash::ImageHash;
use crate::util::secret::Secret;
use crate::{Timestamp, user::Collectibles};
use serde::{Deserialize, Serialize};

/// READY: the session is established.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Ready {
    /// API version.
    pub v: u8,
    /// The bot user.
    pub user: User,
    /// The guilds of this shard, all unavailable until their GUILD_CREATE.
    pub guilds: Vec<UnavailableGuild>,
    /// The session, for resuming.
    pub session_id: String,
    /// Where to resume this session.
    pub resume_gateway_url: String,
    /// This session's shard.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<ShardId>,
    /// The application's id and flags.
    pub application: PartialApplication,
}

/// RESUMED: a resume succeeded and every missed event was replayed. Its data
/// is ignored.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Resumed;

impl Serialize for Resumed {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_none()
    }
}

impl<'de> Deserialize<'de> for Resumed {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde::de::IgnoredAny::deserialize(deserializer).map(|_| Self)
    }
}

/// RATE_LIMITED: a gateway command was ratelimited.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RateLimited {
    /// The opcode that was ratelimited.
    pub opcode: OpCode,
    /// Seconds to wait before sending it again.
    pub retry_after: f64,
    /// What was ratelimited; for opcode 8, the guild and nonce.
    pub meta: RateLimitMetadata,
}

/// Metadata of [`RateLimited`]. Only request guild members (opcode 8) is
/// documented; its fields are optional here so that other opcodes' metadata
/// does not fail the event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateLimitMetadata {
    /// The guild whose members were requested.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
    /// The request's nonce.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nonce: Option<String>,
}

/// CHANNEL_INFO: answer to a request channel info command.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelInfo {
    /// The guild.
    pub guild_id: Id<GuildMarker>,
    /// The channels with the requested fields.
    pub channels: Vec<ChannelInfoChannel>,
}

/// One channel of [`ChannelInfo`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelInfoChannel {
    /// The channel.
    pub id: Id<ChannelMarker>,
    /// The voice channel status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Unix time in seconds when the voice session started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voice_start_time: Option<u64>,
}

/// VOICE_CHANNEL_STATUS_UPDATE.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoiceChannelStatusUpdate {
    /// The channel.
    pub id: Id<ChannelMarker>,
    /// The guild.
    pub guild_id: Id<GuildMarker>,
    /// The new status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

/// VOICE_CHANNEL_START_TIME_UPDATE.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoiceChannelStartTimeUpdate {
    /// The channel.
    pub id: Id<ChannelMarker>,
    /// The guild.
    pub guild_id: Id<GuildMarker>,
    /// Unix time in seconds when the voice session started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voice_start_time: Option<u64>,
}

/// CHANNEL_PINS_UPDATE.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelPinsUpdate {
    /// The guild.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
    /// The channel.
    pub channel_id: Id<ChannelMarker>,
    /// When the most recent pinned message was pinned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_pin_timestamp: Option<Timestamp>,
}

/// THREAD_DELETE: the subset of the channel that was deleted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadDelete {
    /// The thread.
    pub id: Id<ChannelMarker>,
    /// The guild.
    pub guild_id: Id<GuildMarker>,
    /// The thread's parent channel.
    pub parent_id: Id<ChannelMarker>,
    /// The thread's type.
    #[serde(rename = "type")]
    pub kind: ChannelType,
}

/// THREAD_LIST_SYNC: every active thread of some channels.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ThreadListSync {
    /// The guild.
    pub guild_id: Id<GuildMarker>,
    /// The parent channels synced; absent when the whole guild is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_ids: Option<Vec<Id<ChannelMarker>>>,
    /// Every active thread of those channels the bot can access.
    pub threads: Vec<Channel>,
    /// The bot's thread members of those threads.
    pub members: Vec<ThreadMember>,
}

/// THREAD_MEMBERS_UPDATE: members were added to or removed from a thread.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ThreadMembersUpdate {
    /// The thread.
    pub id: Id<ChannelMarker>,
    /// The guild.
    pub guild_id: Id<GuildMarker>,
    /// Approximate number of members, stopping at 50.
    pub member_count: u32,
    /// Members added.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub added_members: Option<Vec<ThreadMember>>,
    /// Users removed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub removed_member_ids: Option<Vec<Id<UserMarker>>>,
}

/// GUILD_DELETE: the guild became unavailable (`unavailable: true`, an
/// outage) or the bot left it (`unavailable` absent).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuildDelete {
    /// The guild.
    pub id: Id<GuildMarker>,
    /// `true` for an outage; absent when the bot was removed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unavailable: Option<bool>,
}

impl GuildDelete {
    /// Whether the bot left or was removed from the guild, as opposed to an
    /// outage.
    pub fn is_removal(&self) -> bool {
        self.unavailable != Some(true)
    }
}

/// GUILD_BAN_ADD and GUILD_BAN_REMOVE.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GuildBan {
    /// The guild.
    pub guild_id: Id<GuildMarker>,
    /// The user banned or unbanned.
    pub user: User,
}

/// GUILD_EMOJIS_UPDATE: the guild's full list of emojis.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GuildEmojisUpdate {
    /// The guild.
    pub guild_id: Id<GuildMarker>,
    /// Every emoji of the guild.
    pub emojis: Vec<Emoji>,
}

/// GUILD_STICKERS_UPDATE: the guild's full list of stickers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GuildStickersUpdate {
    /// The guild.
    pub guild_id: Id<GuildMarker>,
    /// Every sticker of the guild.
    pub stickers: Vec<Sticker>,
}

/// GUILD_INTEGRATIONS_UPDATE.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuildIntegrationsUpdate {
    /// The guild.
    pub guild_id: Id<GuildMarker>,
}

/// GUILD_MEMBER_REMOVE.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GuildMemberRemove {
    /// The guild.
    pub guild_id: Id<GuildMarker>,
    /// The user who left or was removed.
    pub user: User,
}

/// GUILD_MEMBER_UPDATE: the member's new state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GuildMemberUpdate {
    /// The guild.
    pub guild_id: Id<GuildMarker>,
    /// The member's roles.
    pub roles: Vec<Id<RoleMarker>>,
    /// The user.
    pub user: User,
    /// Nickname.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nick: Option<String>,
    /// Guild avatar hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar: Option<ImageHash>,
    /// Guild banner hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub banner: Option<ImageHash>,
    /// When the user joined; `None` for guest members of voice channels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub joined_at: Option<Timestamp>,
    /// Since when the member boosts the guild.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub premium_since: Option<Timestamp>,
    /// Whether deafened in voice channels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deaf: Option<bool>,
    /// Whether muted in voice channels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mute: Option<bool>,
    /// Whether the member has not passed membership screening yet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending: Option<bool>,
    /// Until when the member is timed out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub communication_disabled_until: Option<Timestamp>,
    /// Guild avatar decoration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar_decoration_data: Option<AvatarDecorationData>,
    /// Guild collectibles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collectibles: Option<Collectibles>,
    /// Member flags (not in the event's table, but sent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flags: Option<crate::guild::MemberFlags>,
}

/// GUILD_MEMBERS_CHUNK: answer to request guild members.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GuildMembersChunk {
    /// The guild.
    pub guild_id: Id<GuildMarker>,
    /// The members of this chunk.
    pub members: Vec<Member>,
    /// This chunk's index, from 0.
    pub chunk_index: u32,
    /// How many chunks answer the request.
    pub chunk_count: u32,
    /// Requested user ids that were not found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_found: Option<Vec<Id<UserMarker>>>,
    /// Presences of the members, when requested.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presences: Option<Vec<Presence>>,
    /// The request's nonce.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nonce: Option<String>,
}

/// GUILD_ROLE_CREATE and GUILD_ROLE_UPDATE.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GuildRole {
    /// The guild.
    pub guild_id: Id<GuildMarker>,
    /// The role.
    pub role: Role,
}

/// GUILD_ROLE_DELETE.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuildRoleDelete {
    /// The guild.
    pub guild_id: Id<GuildMarker>,
    /// The deleted role.
    pub role_id: Id<RoleMarker>,
}

/// GUILD_SCHEDULED_EVENT_USER_ADD and GUILD_SCHEDULED_EVENT_USER_REMOVE.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuildScheduledEventUser {
    /// The scheduled event.
    pub guild_scheduled_event_id: Id<ScheduledEventMarker>,
    /// The user who subscribed or unsubscribed.
    pub user_id: Id<UserMarker>,
    /// The guild.
    pub guild_id: Id<GuildMarker>,
}

/// GUILD_SOUNDBOARD_SOUND_DELETE.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuildSoundboardSoundDelete {
    /// The deleted sound.
    pub sound_id: Id<SoundboardSoundMarker>,
    /// The guild.
    pub guild_id: Id<GuildMarker>,
}

/// GUILD_SOUNDBOARD_SOUNDS_UPDATE and SOUNDBOARD_SOUNDS: a guild's sounds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SoundboardSounds {
    /// The sounds.
    pub soundboard_sounds: Vec<SoundboardSound>,
    /// The guild.
    pub guild_id: Id<GuildMarker>,
}

/// INTEGRATION_DELETE.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntegrationDelete {
    /// The integration.
    pub id: Id<IntegrationMarker>,
    /// The guild.
    pub guild_id: Id<GuildMarker>,
    /// The bot or OAuth2 application of the integration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_id: Option<Id<ApplicationMarker>>,
}

/// MESSAGE_DELETE.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageDelete {
    /// The message.
    pub id: Id<MessageMarker>,
    /// Its channel.
    pub channel_id: Id<ChannelMarker>,
    /// Its guild.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
}

/// MESSAGE_DELETE_BULK.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageDeleteBulk {
    /// The messages.
    pub ids: Vec<Id<MessageMarker>>,
    /// Their channel.
    pub channel_id: Id<ChannelMarker>,
    /// Their guild.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
}

crate::int_enum! {
    /// Normal reaction or super-reaction.
    pub enum ReactionType: u8 {
        /// A normal reaction.
        Normal = 0,
        /// A super-reaction ("burst").
        Burst = 1,
    }
}

/// MESSAGE_REACTION_ADD.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MessageReactionAdd {
    /// Who reacted.
    pub user_id: Id<UserMarker>,
    /// The channel.
    pub channel_id: Id<ChannelMarker>,
    /// The message.
    pub message_id: Id<MessageMarker>,
    /// The guild.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
    /// Who reacted, as a member, in guilds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<Member>,
    /// The emoji (partial).
    pub emoji: Emoji,
    /// The author of the message reacted to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_author_id: Option<Id<UserMarker>>,
    /// Whether this is a super-reaction.
    pub burst: bool,
    /// Colours of the super-reaction animation, as `#rrggbb`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub burst_colors: Option<Vec<String>>,
    /// The reaction's type.
    #[serde(rename = "type")]
    pub kind: ReactionType,
}

/// MESSAGE_REACTION_REMOVE.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MessageReactionRemove {
    /// Whose reaction was removed.
    pub user_id: Id<UserMarker>,
    /// The channel.
    pub channel_id: Id<ChannelMarker>,
    /// The message.
    pub message_id: Id<MessageMarker>,
    /// The guild.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
    /// The emoji (partial).
    pub emoji: Emoji,
    /// Whether it was a super-reaction.
    pub burst: bool,
    /// The reaction's type.
    #[serde(rename = "type")]
    pub kind: ReactionType,
}

/// MESSAGE_REACTION_REMOVE_ALL.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageReactionRemoveAll {
    /// The channel.
    pub channel_id: Id<ChannelMarker>,
    /// The message.
    pub message_id: Id<MessageMarker>,
    /// The guild.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
}

/// MESSAGE_REACTION_REMOVE_EMOJI.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MessageReactionRemoveEmoji {
    /// The channel.
    pub channel_id: Id<ChannelMarker>,
    /// The guild.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
    /// The message.
    pub message_id: Id<MessageMarker>,
    /// The emoji removed.
    pub emoji: Emoji,
}

/// TYPING_START.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TypingStart {
    /// The channel.
    pub channel_id: Id<ChannelMarker>,
    /// The guild.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
    /// Who started typing.
    pub user_id: Id<UserMarker>,
    /// Unix time in seconds.
    pub timestamp: u64,
    /// Who started typing, as a member, in guilds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<Member>,
}

crate::int_enum! {
    /// The animation of a voice channel effect.
    pub enum AnimationType: u8 {
        /// A fun animation, sent by a Nitro subscriber.
        Premium = 0,
        /// The standard animation.
        Basic = 1,
    }
}

/// VOICE_CHANNEL_EFFECT_SEND.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VoiceChannelEffectSend {
    /// The channel.
    pub channel_id: Id<ChannelMarker>,
    /// The guild.
    pub guild_id: Id<GuildMarker>,
    /// Who sent the effect.
    pub user_id: Id<UserMarker>,
    /// The emoji, for emoji reactions and soundboard effects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emoji: Option<Emoji>,
    /// The animation's type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub animation_type: Option<AnimationType>,
    /// The animation's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub animation_id: Option<u64>,
    /// The soundboard sound (a snowflake, or an integer for default sounds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sound_id: Option<Id<SoundboardSoundMarker>>,
    /// The sound's volume, from 0 to 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sound_volume: Option<f64>,
}

/// VOICE_SERVER_UPDATE.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoiceServerUpdate {
    /// Voice connection token.
    pub token: Secret,
    /// The guild.
    pub guild_id: Id<GuildMarker>,
    /// The voice server's host; `None` while it is being reallocated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
}

/// WEBHOOKS_UPDATE.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhooksUpdate {
    /// The guild.
    pub guild_id: Id<GuildMarker>,
    /// The channel whose webhooks changed.
    pub channel_id: Id<ChannelMarker>,
}

/// MESSAGE_POLL_VOTE_ADD and MESSAGE_POLL_VOTE_REMOVE.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessagePollVote {
    /// The voter.
    pub user_id: Id<UserMarker>,
    /// The channel.
    pub channel_id: Id<ChannelMarker>,
    /// The message with the poll.
    pub message_id: Id<MessageMarker>,
    /// The guild.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
    /// The answer.
    pub answer_id: u32,
}

/// HELLO (op 10): the first payload of a connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hello {
    /// Milliseconds between heartbeats.
    pub heartbeat_interval: u64,
}

/// GET /gateway/bot: where to connect and how many sessions may start.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BotConnectionInfo {
    /// The gateway URL.
    pub url: String,
    /// The recommended number of shards.
    pub shards: u32,
    /// Session start limits.
    pub session_start_limit: SessionStartLimit,
}

/// Session start limits of [`BotConnectionInfo`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionStartLimit {
    /// Sessions allowed per day.
    pub total: u32,
    /// Sessions left today.
    pub remaining: u32,
    /// Milliseconds until `remaining` resets.
    pub reset_after: u64,
    /// Sessions that may start per 5 seconds.
    pub max_concurrency: u32,
}

/// GET /gateway: where to connect.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectionInfo {
    /// The gateway URL.
    pub url: String,
}
