//! Dispatch events: [`EventType`] names them, [`Event`] holds one.
//!
//! One table below lists every dispatch event of events/gateway-events.mdx
//! with the type of its data; the enums, their names and the parser are all
//! generated from it, so an event cannot be half added.

use super::payload::*;
use crate::application::command::GuildCommandPermissions;
use crate::audit_log::AuditLogEntry;
use crate::auto_moderation::{AutoModerationActionExecution, AutoModerationRule};
use crate::channel::{Channel, ThreadMember};
use crate::entitlement::Entitlement;
use crate::gateway::presence::Presence;
use crate::guild::{Guild, Integration, Member, UnavailableGuild};
use crate::id::{Id, marker::GuildMarker};
use crate::interaction::Interaction;
use crate::invite::{InviteCreate, InviteDelete};
use crate::message::Message;
use crate::scheduled_event::GuildScheduledEvent;
use crate::soundboard::SoundboardSound;
use crate::stage_instance::StageInstance;
use crate::subscription::Subscription;
use crate::user::User;
use crate::voice::VoiceState;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::value::RawValue;
use std::fmt::{self, Display, Formatter};

/// The data of an event, parsed from its JSON text.
///
/// Implemented by every payload type of [`Event`]; the default method
/// deserialises straight from the text.
pub trait EventPayload: DeserializeOwned {
    /// Parses the event's data (`d`).
    ///
    /// # Errors
    ///
    /// Returns an error if the text is not valid JSON of this type.
    fn from_json(d: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(d)
    }

    /// Parses the event's data (`d`) with simd-json, which reuses the buffer.
    ///
    /// # Errors
    ///
    /// Returns an error if the bytes are not valid JSON of this type.
    #[cfg(feature = "simd-json")]
    fn from_simd(d: &mut [u8]) -> Result<Self, simd_json::Error> {
        simd_json::serde::from_slice(d)
    }
}

macro_rules! newtype_events {
    ($( $(#[$doc:meta])* $name:ident($inner:ty); )*) => {
        $(
            $(#[$doc])*
            #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
            #[serde(transparent)]
            pub struct $name(pub $inner);

            impl std::ops::Deref for $name {
                type Target = $inner;

                fn deref(&self) -> &$inner {
                    &self.0
                }
            }

            impl std::ops::DerefMut for $name {
                fn deref_mut(&mut self) -> &mut $inner {
                    &mut self.0
                }
            }
        )*
    };
}

newtype_events! {
    /// APPLICATION_COMMAND_PERMISSIONS_UPDATE.
    CommandPermissionsUpdate(GuildCommandPermissions);
    /// AUTO_MODERATION_RULE_CREATE.
    AutoModerationRuleCreate(AutoModerationRule);
    /// AUTO_MODERATION_RULE_UPDATE.
    AutoModerationRuleUpdate(AutoModerationRule);
    /// AUTO_MODERATION_RULE_DELETE.
    AutoModerationRuleDelete(AutoModerationRule);
    /// CHANNEL_CREATE.
    ChannelCreate(Channel);
    /// CHANNEL_UPDATE.
    ChannelUpdate(Channel);
    /// CHANNEL_DELETE.
    ChannelDelete(Channel);
    /// THREAD_CREATE (also sent when the bot is added to a private thread).
    ThreadCreate(Channel);
    /// THREAD_UPDATE.
    ThreadUpdate(Channel);
    /// THREAD_MEMBER_UPDATE: the bot's thread member changed.
    ThreadMemberUpdate(ThreadMember);
    /// ENTITLEMENT_CREATE.
    EntitlementCreate(Entitlement);
    /// ENTITLEMENT_UPDATE.
    EntitlementUpdate(Entitlement);
    /// ENTITLEMENT_DELETE.
    EntitlementDelete(Entitlement);
    /// GUILD_UPDATE.
    GuildUpdate(Guild);
    /// GUILD_AUDIT_LOG_ENTRY_CREATE.
    GuildAuditLogEntryCreate(AuditLogEntry);
    /// GUILD_MEMBER_ADD (the member has `guild_id`).
    GuildMemberAdd(Member);
    /// GUILD_SCHEDULED_EVENT_CREATE.
    GuildScheduledEventCreate(GuildScheduledEvent);
    /// GUILD_SCHEDULED_EVENT_UPDATE.
    GuildScheduledEventUpdate(GuildScheduledEvent);
    /// GUILD_SCHEDULED_EVENT_DELETE.
    GuildScheduledEventDelete(GuildScheduledEvent);
    /// GUILD_SOUNDBOARD_SOUND_CREATE.
    GuildSoundboardSoundCreate(SoundboardSound);
    /// GUILD_SOUNDBOARD_SOUND_UPDATE.
    GuildSoundboardSoundUpdate(SoundboardSound);
    /// INTEGRATION_CREATE (the integration has `guild_id`).
    IntegrationCreate(Integration);
    /// INTEGRATION_UPDATE (the integration has `guild_id`).
    IntegrationUpdate(Integration);
    /// INTERACTION_CREATE.
    InteractionCreate(Interaction);
    /// MESSAGE_CREATE.
    MessageCreate(Message);
    /// MESSAGE_UPDATE.
    MessageUpdate(Message);
    /// PRESENCE_UPDATE.
    PresenceUpdate(Presence);
    /// STAGE_INSTANCE_CREATE.
    StageInstanceCreate(StageInstance);
    /// STAGE_INSTANCE_UPDATE.
    StageInstanceUpdate(StageInstance);
    /// STAGE_INSTANCE_DELETE.
    StageInstanceDelete(StageInstance);
    /// SUBSCRIPTION_CREATE.
    SubscriptionCreate(Subscription);
    /// SUBSCRIPTION_UPDATE.
    SubscriptionUpdate(Subscription);
    /// SUBSCRIPTION_DELETE.
    SubscriptionDelete(Subscription);
    /// USER_UPDATE.
    UserUpdate(User);
    /// VOICE_STATE_UPDATE.
    VoiceStateUpdate(VoiceState);
}

/// GUILD_CREATE: a guild became available, or the bot joined one, or (with
/// `unavailable: true`) a guild is still unavailable after READY.
// `Event` boxes its payloads, so the small variant costs no memory there.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum GuildCreate {
    /// The full guild, with members, channels, presences and the rest.
    Available(Guild),
    /// The guild is in an outage.
    Unavailable(UnavailableGuild),
}

impl GuildCreate {
    /// The guild's id, available or not.
    ///
    /// ```
    /// use twilight_model::gateway::event::{Event, EventType};
    ///
    /// let event = Event::from_json(EventType::GuildCreate, r#"{"id":"7","unavailable":true}"#)?;
    /// let Event::GuildCreate(guild) = event else { unreachable!() };
    /// assert_eq!(guild.id().get(), 7);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[must_use]
    pub const fn id(&self) -> Id<GuildMarker> {
        match self {
            Self::Available(guild) => guild.id,
            Self::Unavailable(guild) => guild.id,
        }
    }

    // An unavailable guild is `{"id":"..","unavailable":true}`; a real guild
    // is never this small. Parsing the small form first keeps the big one on
    // the straight path: no buffering, no second parse.
    const SMALL: usize = 128;
}

impl EventPayload for GuildCreate {
    fn from_json(d: &str) -> Result<Self, serde_json::Error> {
        if d.len() <= Self::SMALL
            && let Ok(guild) = serde_json::from_str::<UnavailableGuild>(d)
            && guild.unavailable
        {
            return Ok(Self::Unavailable(guild));
        }
        serde_json::from_str(d).map(Self::Available)
    }

    #[cfg(feature = "simd-json")]
    fn from_simd(d: &mut [u8]) -> Result<Self, simd_json::Error> {
        if d.len() <= Self::SMALL {
            // simd-json rewrites its input; parse a copy of the small form.
            let mut copy = d.to_vec();
            if let Ok(guild) = simd_json::serde::from_slice::<UnavailableGuild>(&mut copy)
                && guild.unavailable
            {
                return Ok(Self::Unavailable(guild));
            }
        }
        simd_json::serde::from_slice(d).map(Self::Available)
    }
}

impl Serialize for GuildCreate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Available(guild) => guild.serialize(serializer),
            Self::Unavailable(guild) => guild.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for GuildCreate {
    /// Generic deserialisation buffers the value once to tell the two forms
    /// apart; the gateway parser ([`EventPayload::from_json`]) does not.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Box::<RawValue>::deserialize(deserializer)?;
        Self::from_json(raw.get()).map_err(serde::de::Error::custom)
    }
}

/// An event whose name this crate does not know, kept with its raw data.
#[derive(Clone, Debug)]
pub struct UnknownEvent {
    /// The event's name (`t`).
    pub name: String,
    /// The event's data (`d`) as JSON text.
    pub data: Box<RawValue>,
}

impl PartialEq for UnknownEvent {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name && self.data.get() == other.data.get()
    }
}

macro_rules! events {
    ($( $(#[$doc:meta])* $variant:ident($payload:ty) = $name:literal, )*) => {
        /// The name of a dispatch event.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum EventType {
            $( $(#[$doc])* $variant, )*
        }

        impl EventType {
            /// Every event type, in the order of the table.
            pub const ALL: &'static [EventType] = &[$(EventType::$variant,)*];

            /// The event's name as Discord sends it in `t`.
            pub const fn name(self) -> &'static str {
                match self {
                    $( Self::$variant => $name, )*
                }
            }

            /// The event type named `name`, if this crate knows it.
            pub fn from_name(name: &str) -> Option<Self> {
                match name {
                    $( $name => Some(Self::$variant), )*
                    _ => None,
                }
            }
        }

        /// A dispatch event with its data.
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum Event {
            $( $(#[$doc])* $variant(Box<$payload>), )*
            /// An event this crate does not know.
            Unknown(Box<UnknownEvent>),
        }

        impl Event {
            /// The event's type, or `None` for an unknown event.
            pub const fn kind(&self) -> Option<EventType> {
                match self {
                    $( Self::$variant(_) => Some(EventType::$variant), )*
                    Self::Unknown(_) => None,
                }
            }

            /// The event's name as Discord sends it in `t`.
            pub fn name(&self) -> &str {
                match self {
                    $( Self::$variant(_) => $name, )*
                    Self::Unknown(unknown) => &unknown.name,
                }
            }

            /// Parses the data of a known event type.
            ///
            /// # Errors
            ///
            /// Returns an error if `d` is not valid data for `kind`.
            pub fn from_json(kind: EventType, d: &str) -> Result<Self, serde_json::Error> {
                Ok(match kind {
                    $( EventType::$variant => Self::$variant(Box::new(<$payload as EventPayload>::from_json(d)?)), )*
                })
            }

            /// Parses a dispatch's data: into its type when `kind` is known,
            /// kept raw as [`Event::Unknown`] (under `name`) when it is not.
            ///
            /// ```
            /// use twilight_model::gateway::event::{Event, EventType};
            ///
            /// let event = Event::from_dispatch(None, "NEW_THING", r#"{"a":1}"#)?;
            /// assert_eq!(event.name(), "NEW_THING");
            /// assert_eq!(event.kind(), None);
            /// # Ok::<(), serde_json::Error>(())
            /// ```
            ///
            /// # Errors
            ///
            /// Returns an error if `d` is not valid data for `kind`, or (for
            /// an unknown kind) not JSON.
            pub fn from_dispatch(
                kind: Option<EventType>,
                name: &str,
                d: &str,
            ) -> Result<Self, serde_json::Error> {
                match kind {
                    Some(kind) => Self::from_json(kind, d),
                    None => Ok(Self::Unknown(Box::new(UnknownEvent {
                        name: name.to_owned(),
                        data: serde_json::value::RawValue::from_string(d.to_owned())?,
                    }))),
                }
            }

            /// Parses the data of a known event type with simd-json.
            ///
            /// # Errors
            ///
            /// Returns an error if `d` is not valid data for `kind`.
            #[cfg(feature = "simd-json")]
            pub fn from_simd(kind: EventType, d: &mut [u8]) -> Result<Self, simd_json::Error> {
                Ok(match kind {
                    $( EventType::$variant => Self::$variant(Box::new(<$payload as EventPayload>::from_simd(d)?)), )*
                })
            }
        }

        impl Serialize for Event {
            /// Serialises the event's data (`d`).
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    $( Self::$variant(payload) => payload.serialize(serializer), )*
                    Self::Unknown(unknown) => unknown.data.serialize(serializer),
                }
            }
        }

    };
}

macro_rules! plain_payloads {
    ($($ty:ty),* $(,)?) => {
        $( impl EventPayload for $ty {} )*
    };
}

plain_payloads!(
    Ready,
    Resumed,
    RateLimited,
    CommandPermissionsUpdate,
    AutoModerationRuleCreate,
    AutoModerationRuleUpdate,
    AutoModerationRuleDelete,
    AutoModerationActionExecution,
    ChannelCreate,
    ChannelUpdate,
    ChannelDelete,
    ChannelInfo,
    ChannelPinsUpdate,
    ThreadCreate,
    ThreadUpdate,
    ThreadDelete,
    ThreadListSync,
    ThreadMemberUpdate,
    ThreadMembersUpdate,
    EntitlementCreate,
    EntitlementUpdate,
    EntitlementDelete,
    GuildUpdate,
    GuildDelete,
    GuildAuditLogEntryCreate,
    GuildBan,
    GuildEmojisUpdate,
    GuildStickersUpdate,
    GuildIntegrationsUpdate,
    GuildMemberAdd,
    GuildMemberRemove,
    GuildMemberUpdate,
    GuildMembersChunk,
    GuildRole,
    GuildRoleDelete,
    GuildScheduledEventCreate,
    GuildScheduledEventUpdate,
    GuildScheduledEventDelete,
    GuildScheduledEventUser,
    GuildSoundboardSoundCreate,
    GuildSoundboardSoundUpdate,
    GuildSoundboardSoundDelete,
    SoundboardSounds,
    IntegrationCreate,
    IntegrationUpdate,
    IntegrationDelete,
    InteractionCreate,
    InviteCreate,
    InviteDelete,
    MessageCreate,
    MessageUpdate,
    MessageDelete,
    MessageDeleteBulk,
    MessageReactionAdd,
    MessageReactionRemove,
    MessageReactionRemoveAll,
    MessageReactionRemoveEmoji,
    PresenceUpdate,
    StageInstanceCreate,
    StageInstanceUpdate,
    StageInstanceDelete,
    SubscriptionCreate,
    SubscriptionUpdate,
    SubscriptionDelete,
    TypingStart,
    UserUpdate,
    VoiceChannelEffectSend,
    VoiceChannelStartTimeUpdate,
    VoiceChannelStatusUpdate,
    VoiceStateUpdate,
    VoiceServerUpdate,
    WebhooksUpdate,
    MessagePollVote,
);

events! {
    /// The session is established.
    Ready(Ready) = "READY",
    /// A resume succeeded.
    Resumed(Resumed) = "RESUMED",
    /// A gateway command was ratelimited.
    RateLimited(RateLimited) = "RATE_LIMITED",
    /// An application command's permissions were updated.
    CommandPermissionsUpdate(CommandPermissionsUpdate) = "APPLICATION_COMMAND_PERMISSIONS_UPDATE",
    /// An auto moderation rule was created.
    AutoModerationRuleCreate(AutoModerationRuleCreate) = "AUTO_MODERATION_RULE_CREATE",
    /// An auto moderation rule was updated.
    AutoModerationRuleUpdate(AutoModerationRuleUpdate) = "AUTO_MODERATION_RULE_UPDATE",
    /// An auto moderation rule was deleted.
    AutoModerationRuleDelete(AutoModerationRuleDelete) = "AUTO_MODERATION_RULE_DELETE",
    /// An auto moderation rule triggered and an action was executed.
    AutoModerationActionExecution(AutoModerationActionExecution) = "AUTO_MODERATION_ACTION_EXECUTION",
    /// A guild channel was created.
    ChannelCreate(ChannelCreate) = "CHANNEL_CREATE",
    /// A channel was updated.
    ChannelUpdate(ChannelUpdate) = "CHANNEL_UPDATE",
    /// A channel was deleted.
    ChannelDelete(ChannelDelete) = "CHANNEL_DELETE",
    /// Answer to request channel info.
    ChannelInfo(ChannelInfo) = "CHANNEL_INFO",
    /// A message was pinned or unpinned.
    ChannelPinsUpdate(ChannelPinsUpdate) = "CHANNEL_PINS_UPDATE",
    /// A thread was created, or the bot was added to a private thread.
    ThreadCreate(ThreadCreate) = "THREAD_CREATE",
    /// A thread was updated.
    ThreadUpdate(ThreadUpdate) = "THREAD_UPDATE",
    /// A thread was deleted.
    ThreadDelete(ThreadDelete) = "THREAD_DELETE",
    /// The active threads of channels the bot gained access to.
    ThreadListSync(ThreadListSync) = "THREAD_LIST_SYNC",
    /// The bot's thread member was updated.
    ThreadMemberUpdate(ThreadMemberUpdate) = "THREAD_MEMBER_UPDATE",
    /// Users were added to or removed from a thread.
    ThreadMembersUpdate(ThreadMembersUpdate) = "THREAD_MEMBERS_UPDATE",
    /// An entitlement was created.
    EntitlementCreate(EntitlementCreate) = "ENTITLEMENT_CREATE",
    /// An entitlement was updated or renewed.
    EntitlementUpdate(EntitlementUpdate) = "ENTITLEMENT_UPDATE",
    /// An entitlement was deleted.
    EntitlementDelete(EntitlementDelete) = "ENTITLEMENT_DELETE",
    /// A guild became available, or the bot joined one.
    GuildCreate(GuildCreate) = "GUILD_CREATE",
    /// A guild was updated.
    GuildUpdate(GuildUpdate) = "GUILD_UPDATE",
    /// A guild became unavailable, or the bot left it.
    GuildDelete(GuildDelete) = "GUILD_DELETE",
    /// An audit log entry was created.
    GuildAuditLogEntryCreate(GuildAuditLogEntryCreate) = "GUILD_AUDIT_LOG_ENTRY_CREATE",
    /// A user was banned.
    GuildBanAdd(GuildBan) = "GUILD_BAN_ADD",
    /// A user was unbanned.
    GuildBanRemove(GuildBan) = "GUILD_BAN_REMOVE",
    /// A guild's emojis were updated.
    GuildEmojisUpdate(GuildEmojisUpdate) = "GUILD_EMOJIS_UPDATE",
    /// A guild's stickers were updated.
    GuildStickersUpdate(GuildStickersUpdate) = "GUILD_STICKERS_UPDATE",
    /// A guild's integrations were updated.
    GuildIntegrationsUpdate(GuildIntegrationsUpdate) = "GUILD_INTEGRATIONS_UPDATE",
    /// A user joined a guild.
    GuildMemberAdd(GuildMemberAdd) = "GUILD_MEMBER_ADD",
    /// A user left or was removed from a guild.
    GuildMemberRemove(GuildMemberRemove) = "GUILD_MEMBER_REMOVE",
    /// A guild member was updated.
    GuildMemberUpdate(GuildMemberUpdate) = "GUILD_MEMBER_UPDATE",
    /// Answer to request guild members.
    GuildMembersChunk(GuildMembersChunk) = "GUILD_MEMBERS_CHUNK",
    /// A role was created.
    GuildRoleCreate(GuildRole) = "GUILD_ROLE_CREATE",
    /// A role was updated.
    GuildRoleUpdate(GuildRole) = "GUILD_ROLE_UPDATE",
    /// A role was deleted.
    GuildRoleDelete(GuildRoleDelete) = "GUILD_ROLE_DELETE",
    /// A scheduled event was created.
    GuildScheduledEventCreate(GuildScheduledEventCreate) = "GUILD_SCHEDULED_EVENT_CREATE",
    /// A scheduled event was updated.
    GuildScheduledEventUpdate(GuildScheduledEventUpdate) = "GUILD_SCHEDULED_EVENT_UPDATE",
    /// A scheduled event was deleted.
    GuildScheduledEventDelete(GuildScheduledEventDelete) = "GUILD_SCHEDULED_EVENT_DELETE",
    /// A user subscribed to a scheduled event.
    GuildScheduledEventUserAdd(GuildScheduledEventUser) = "GUILD_SCHEDULED_EVENT_USER_ADD",
    /// A user unsubscribed from a scheduled event.
    GuildScheduledEventUserRemove(GuildScheduledEventUser) = "GUILD_SCHEDULED_EVENT_USER_REMOVE",
    /// A soundboard sound was created.
    GuildSoundboardSoundCreate(GuildSoundboardSoundCreate) = "GUILD_SOUNDBOARD_SOUND_CREATE",
    /// A soundboard sound was updated.
    GuildSoundboardSoundUpdate(GuildSoundboardSoundUpdate) = "GUILD_SOUNDBOARD_SOUND_UPDATE",
    /// A soundboard sound was deleted.
    GuildSoundboardSoundDelete(GuildSoundboardSoundDelete) = "GUILD_SOUNDBOARD_SOUND_DELETE",
    /// A guild's soundboard sounds were updated.
    GuildSoundboardSoundsUpdate(SoundboardSounds) = "GUILD_SOUNDBOARD_SOUNDS_UPDATE",
    /// Answer to request soundboard sounds.
    SoundboardSounds(SoundboardSounds) = "SOUNDBOARD_SOUNDS",
    /// An integration was created.
    IntegrationCreate(IntegrationCreate) = "INTEGRATION_CREATE",
    /// An integration was updated.
    IntegrationUpdate(IntegrationUpdate) = "INTEGRATION_UPDATE",
    /// An integration was deleted.
    IntegrationDelete(IntegrationDelete) = "INTEGRATION_DELETE",
    /// A user used an interaction.
    InteractionCreate(InteractionCreate) = "INTERACTION_CREATE",
    /// An invite was created.
    InviteCreate(InviteCreate) = "INVITE_CREATE",
    /// An invite was deleted.
    InviteDelete(InviteDelete) = "INVITE_DELETE",
    /// A message was created.
    MessageCreate(MessageCreate) = "MESSAGE_CREATE",
    /// A message was edited.
    MessageUpdate(MessageUpdate) = "MESSAGE_UPDATE",
    /// A message was deleted.
    MessageDelete(MessageDelete) = "MESSAGE_DELETE",
    /// Several messages were deleted at once.
    MessageDeleteBulk(MessageDeleteBulk) = "MESSAGE_DELETE_BULK",
    /// A user reacted to a message.
    MessageReactionAdd(MessageReactionAdd) = "MESSAGE_REACTION_ADD",
    /// A user removed a reaction.
    MessageReactionRemove(MessageReactionRemove) = "MESSAGE_REACTION_REMOVE",
    /// Every reaction of a message was removed.
    MessageReactionRemoveAll(MessageReactionRemoveAll) = "MESSAGE_REACTION_REMOVE_ALL",
    /// Every reaction with one emoji was removed.
    MessageReactionRemoveEmoji(MessageReactionRemoveEmoji) = "MESSAGE_REACTION_REMOVE_EMOJI",
    /// A user's presence was updated.
    PresenceUpdate(PresenceUpdate) = "PRESENCE_UPDATE",
    /// A stage instance was created.
    StageInstanceCreate(StageInstanceCreate) = "STAGE_INSTANCE_CREATE",
    /// A stage instance was updated.
    StageInstanceUpdate(StageInstanceUpdate) = "STAGE_INSTANCE_UPDATE",
    /// A stage instance was deleted or closed.
    StageInstanceDelete(StageInstanceDelete) = "STAGE_INSTANCE_DELETE",
    /// A premium subscription was created.
    SubscriptionCreate(SubscriptionCreate) = "SUBSCRIPTION_CREATE",
    /// A premium subscription was updated.
    SubscriptionUpdate(SubscriptionUpdate) = "SUBSCRIPTION_UPDATE",
    /// A premium subscription was deleted.
    SubscriptionDelete(SubscriptionDelete) = "SUBSCRIPTION_DELETE",
    /// A user started typing.
    TypingStart(TypingStart) = "TYPING_START",
    /// The bot user was updated.
    UserUpdate(UserUpdate) = "USER_UPDATE",
    /// An effect was sent in a voice channel the bot is in.
    VoiceChannelEffectSend(VoiceChannelEffectSend) = "VOICE_CHANNEL_EFFECT_SEND",
    /// A voice channel's start time was updated.
    VoiceChannelStartTimeUpdate(VoiceChannelStartTimeUpdate) = "VOICE_CHANNEL_START_TIME_UPDATE",
    /// A voice channel's status was updated.
    VoiceChannelStatusUpdate(VoiceChannelStatusUpdate) = "VOICE_CHANNEL_STATUS_UPDATE",
    /// Someone joined, left or moved between voice channels.
    VoiceStateUpdate(VoiceStateUpdate) = "VOICE_STATE_UPDATE",
    /// A guild's voice server was updated.
    VoiceServerUpdate(VoiceServerUpdate) = "VOICE_SERVER_UPDATE",
    /// A guild channel's webhooks changed.
    WebhooksUpdate(WebhooksUpdate) = "WEBHOOKS_UPDATE",
    /// A user voted on a poll.
    MessagePollVoteAdd(MessagePollVote) = "MESSAGE_POLL_VOTE_ADD",
    /// A user removed a poll vote.
    MessagePollVoteRemove(MessagePollVote) = "MESSAGE_POLL_VOTE_REMOVE",
}

impl Display for EventType {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Reads a guild id field whether it is optional or not.
trait GuildIdField {
    fn guild(self) -> Option<Id<GuildMarker>>;
}

impl GuildIdField for Id<GuildMarker> {
    fn guild(self) -> Option<Id<GuildMarker>> {
        Some(self)
    }
}

impl GuildIdField for Option<Id<GuildMarker>> {
    fn guild(self) -> Option<Id<GuildMarker>> {
        self
    }
}

impl Event {
    /// The guild the event happened in, if any.
    ///
    /// Used to route events (a cache, a broker subject per guild).
    pub fn guild_id(&self) -> Option<Id<GuildMarker>> {
        match self {
            Self::Ready(_)
            | Self::Resumed(_)
            | Self::SubscriptionCreate(_)
            | Self::SubscriptionUpdate(_)
            | Self::SubscriptionDelete(_)
            | Self::UserUpdate(_)
            | Self::Unknown(_) => None,
            Self::RateLimited(e) => e.meta.guild_id.guild(),
            Self::CommandPermissionsUpdate(e) => e.guild_id.guild(),
            Self::AutoModerationRuleCreate(e) => e.guild_id.guild(),
            Self::AutoModerationRuleUpdate(e) => e.guild_id.guild(),
            Self::AutoModerationRuleDelete(e) => e.guild_id.guild(),
            Self::AutoModerationActionExecution(e) => e.guild_id.guild(),
            Self::ChannelCreate(e) => e.guild_id.guild(),
            Self::ChannelUpdate(e) => e.guild_id.guild(),
            Self::ChannelDelete(e) => e.guild_id.guild(),
            Self::ChannelInfo(e) => e.guild_id.guild(),
            Self::ChannelPinsUpdate(e) => e.guild_id.guild(),
            Self::ThreadCreate(e) => e.guild_id.guild(),
            Self::ThreadUpdate(e) => e.guild_id.guild(),
            Self::ThreadDelete(e) => e.guild_id.guild(),
            Self::ThreadListSync(e) => e.guild_id.guild(),
            Self::ThreadMemberUpdate(e) => e.guild_id.guild(),
            Self::ThreadMembersUpdate(e) => e.guild_id.guild(),
            Self::EntitlementCreate(e) => e.guild_id.guild(),
            Self::EntitlementUpdate(e) => e.guild_id.guild(),
            Self::EntitlementDelete(e) => e.guild_id.guild(),
            Self::GuildCreate(e) => Some(match &**e {
                GuildCreate::Available(guild) => guild.id,
                GuildCreate::Unavailable(guild) => guild.id,
            }),
            Self::GuildUpdate(e) => Some(e.id),
            Self::GuildDelete(e) => Some(e.id),
            Self::GuildAuditLogEntryCreate(e) => e.guild_id.guild(),
            Self::GuildBanAdd(e) | Self::GuildBanRemove(e) => e.guild_id.guild(),
            Self::GuildEmojisUpdate(e) => e.guild_id.guild(),
            Self::GuildStickersUpdate(e) => e.guild_id.guild(),
            Self::GuildIntegrationsUpdate(e) => e.guild_id.guild(),
            Self::GuildMemberAdd(e) => e.guild_id.guild(),
            Self::GuildMemberRemove(e) => e.guild_id.guild(),
            Self::GuildMemberUpdate(e) => e.guild_id.guild(),
            Self::GuildMembersChunk(e) => e.guild_id.guild(),
            Self::GuildRoleCreate(e) | Self::GuildRoleUpdate(e) => e.guild_id.guild(),
            Self::GuildRoleDelete(e) => e.guild_id.guild(),
            Self::GuildScheduledEventCreate(e) => e.guild_id.guild(),
            Self::GuildScheduledEventUpdate(e) => e.guild_id.guild(),
            Self::GuildScheduledEventDelete(e) => e.guild_id.guild(),
            Self::GuildScheduledEventUserAdd(e) | Self::GuildScheduledEventUserRemove(e) => {
                e.guild_id.guild()
            }
            Self::GuildSoundboardSoundCreate(e) => e.guild_id.guild(),
            Self::GuildSoundboardSoundUpdate(e) => e.guild_id.guild(),
            Self::GuildSoundboardSoundDelete(e) => e.guild_id.guild(),
            Self::GuildSoundboardSoundsUpdate(e) | Self::SoundboardSounds(e) => e.guild_id.guild(),
            Self::IntegrationCreate(e) => e.guild_id.guild(),
            Self::IntegrationUpdate(e) => e.guild_id.guild(),
            Self::IntegrationDelete(e) => e.guild_id.guild(),
            Self::InteractionCreate(e) => e.guild_id.guild(),
            Self::InviteCreate(e) => e.guild_id.guild(),
            Self::InviteDelete(e) => e.guild_id.guild(),
            Self::MessageCreate(e) => e.guild_id.guild(),
            Self::MessageUpdate(e) => e.guild_id.guild(),
            Self::MessageDelete(e) => e.guild_id.guild(),
            Self::MessageDeleteBulk(e) => e.guild_id.guild(),
            Self::MessageReactionAdd(e) => e.guild_id.guild(),
            Self::MessageReactionRemove(e) => e.guild_id.guild(),
            Self::MessageReactionRemoveAll(e) => e.guild_id.guild(),
            Self::MessageReactionRemoveEmoji(e) => e.guild_id.guild(),
            Self::PresenceUpdate(e) => e.guild_id.guild(),
            Self::StageInstanceCreate(e) => e.guild_id.guild(),
            Self::StageInstanceUpdate(e) => e.guild_id.guild(),
            Self::StageInstanceDelete(e) => e.guild_id.guild(),
            Self::TypingStart(e) => e.guild_id.guild(),
            Self::VoiceChannelEffectSend(e) => e.guild_id.guild(),
            Self::VoiceChannelStartTimeUpdate(e) => e.guild_id.guild(),
            Self::VoiceChannelStatusUpdate(e) => e.guild_id.guild(),
            Self::VoiceStateUpdate(e) => e.guild_id.guild(),
            Self::VoiceServerUpdate(e) => e.guild_id.guild(),
            Self::WebhooksUpdate(e) => e.guild_id.guild(),
            Self::MessagePollVoteAdd(e) | Self::MessagePollVoteRemove(e) => e.guild_id.guild(),
        }
    }
}
