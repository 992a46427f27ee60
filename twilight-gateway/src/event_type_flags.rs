//! [`EventTypeFlags`]: which dispatch events a caller wants parsed.
//!
//! One table below names every dispatch event of the model's [`EventType`];
//! the bit of each flag is its position in the table, so two flags can never
//! share a bit, and a test checks that every event type has its flag.

use std::fmt::{self, Debug, Formatter};
use std::ops::{BitAnd, BitAndAssign, BitOr, BitOrAssign, Not, Sub};
use twilight_model::gateway::EventType;

/// A set of dispatch event types, one bit each.
///
/// ```
/// use twilight_gateway::EventTypeFlags;
/// use twilight_model::gateway::EventType;
///
/// let wanted = EventTypeFlags::MESSAGE_CREATE | EventTypeFlags::GUILD_CREATE;
/// assert!(wanted.contains(EventType::MessageCreate.into()));
/// assert!(!wanted.contains(EventTypeFlags::TYPING_START));
/// assert!(EventTypeFlags::all().contains(wanted));
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct EventTypeFlags(u128);

macro_rules! event_type_flags {
    ($( $flag:ident = $variant:ident, )*) => {
        /// A flag's bit position: its place in the table.
        #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
        #[repr(u8)]
        enum Bit {
            $( $flag, )*
        }

        impl EventTypeFlags {
            $(
                #[doc = concat!("`", stringify!($flag), "` (", stringify!($variant), ").")]
                pub const $flag: Self = Self(1 << Bit::$flag as u8);
            )*

            /// Every flag with the name Discord sends in `t`.
            pub const NAMED: &'static [(&'static str, EventTypeFlags)] = &[
                $( (stringify!($flag), Self::$flag), )*
            ];

            /// The flag of an event type.
            pub const fn from_type(kind: EventType) -> Self {
                match kind {
                    $( EventType::$variant => Self::$flag, )*
                    // The model may know an event this table does not yet;
                    // the table test fails then.
                    #[allow(unreachable_patterns)]
                    _ => Self(0),
                }
            }
        }
    };
}

event_type_flags! {
    READY = Ready,
    RESUMED = Resumed,
    RATE_LIMITED = RateLimited,
    APPLICATION_COMMAND_PERMISSIONS_UPDATE = CommandPermissionsUpdate,
    AUTO_MODERATION_RULE_CREATE = AutoModerationRuleCreate,
    AUTO_MODERATION_RULE_UPDATE = AutoModerationRuleUpdate,
    AUTO_MODERATION_RULE_DELETE = AutoModerationRuleDelete,
    AUTO_MODERATION_ACTION_EXECUTION = AutoModerationActionExecution,
    CHANNEL_CREATE = ChannelCreate,
    CHANNEL_UPDATE = ChannelUpdate,
    CHANNEL_DELETE = ChannelDelete,
    CHANNEL_INFO = ChannelInfo,
    CHANNEL_PINS_UPDATE = ChannelPinsUpdate,
    THREAD_CREATE = ThreadCreate,
    THREAD_UPDATE = ThreadUpdate,
    THREAD_DELETE = ThreadDelete,
    THREAD_LIST_SYNC = ThreadListSync,
    THREAD_MEMBER_UPDATE = ThreadMemberUpdate,
    THREAD_MEMBERS_UPDATE = ThreadMembersUpdate,
    ENTITLEMENT_CREATE = EntitlementCreate,
    ENTITLEMENT_UPDATE = EntitlementUpdate,
    ENTITLEMENT_DELETE = EntitlementDelete,
    GUILD_CREATE = GuildCreate,
    GUILD_UPDATE = GuildUpdate,
    GUILD_DELETE = GuildDelete,
    GUILD_AUDIT_LOG_ENTRY_CREATE = GuildAuditLogEntryCreate,
    GUILD_BAN_ADD = GuildBanAdd,
    GUILD_BAN_REMOVE = GuildBanRemove,
    GUILD_EMOJIS_UPDATE = GuildEmojisUpdate,
    GUILD_STICKERS_UPDATE = GuildStickersUpdate,
    GUILD_INTEGRATIONS_UPDATE = GuildIntegrationsUpdate,
    GUILD_MEMBER_ADD = GuildMemberAdd,
    GUILD_MEMBER_REMOVE = GuildMemberRemove,
    GUILD_MEMBER_UPDATE = GuildMemberUpdate,
    GUILD_MEMBERS_CHUNK = GuildMembersChunk,
    GUILD_ROLE_CREATE = GuildRoleCreate,
    GUILD_ROLE_UPDATE = GuildRoleUpdate,
    GUILD_ROLE_DELETE = GuildRoleDelete,
    GUILD_SCHEDULED_EVENT_CREATE = GuildScheduledEventCreate,
    GUILD_SCHEDULED_EVENT_UPDATE = GuildScheduledEventUpdate,
    GUILD_SCHEDULED_EVENT_DELETE = GuildScheduledEventDelete,
    GUILD_SCHEDULED_EVENT_USER_ADD = GuildScheduledEventUserAdd,
    GUILD_SCHEDULED_EVENT_USER_REMOVE = GuildScheduledEventUserRemove,
    GUILD_SOUNDBOARD_SOUND_CREATE = GuildSoundboardSoundCreate,
    GUILD_SOUNDBOARD_SOUND_UPDATE = GuildSoundboardSoundUpdate,
    GUILD_SOUNDBOARD_SOUND_DELETE = GuildSoundboardSoundDelete,
    GUILD_SOUNDBOARD_SOUNDS_UPDATE = GuildSoundboardSoundsUpdate,
    SOUNDBOARD_SOUNDS = SoundboardSounds,
    INTEGRATION_CREATE = IntegrationCreate,
    INTEGRATION_UPDATE = IntegrationUpdate,
    INTEGRATION_DELETE = IntegrationDelete,
    INTERACTION_CREATE = InteractionCreate,
    INVITE_CREATE = InviteCreate,
    INVITE_DELETE = InviteDelete,
    MESSAGE_CREATE = MessageCreate,
    MESSAGE_UPDATE = MessageUpdate,
    MESSAGE_DELETE = MessageDelete,
    MESSAGE_DELETE_BULK = MessageDeleteBulk,
    MESSAGE_REACTION_ADD = MessageReactionAdd,
    MESSAGE_REACTION_REMOVE = MessageReactionRemove,
    MESSAGE_REACTION_REMOVE_ALL = MessageReactionRemoveAll,
    MESSAGE_REACTION_REMOVE_EMOJI = MessageReactionRemoveEmoji,
    PRESENCE_UPDATE = PresenceUpdate,
    STAGE_INSTANCE_CREATE = StageInstanceCreate,
    STAGE_INSTANCE_UPDATE = StageInstanceUpdate,
    STAGE_INSTANCE_DELETE = StageInstanceDelete,
    SUBSCRIPTION_CREATE = SubscriptionCreate,
    SUBSCRIPTION_UPDATE = SubscriptionUpdate,
    SUBSCRIPTION_DELETE = SubscriptionDelete,
    TYPING_START = TypingStart,
    USER_UPDATE = UserUpdate,
    VOICE_CHANNEL_EFFECT_SEND = VoiceChannelEffectSend,
    VOICE_CHANNEL_START_TIME_UPDATE = VoiceChannelStartTimeUpdate,
    VOICE_CHANNEL_STATUS_UPDATE = VoiceChannelStatusUpdate,
    VOICE_STATE_UPDATE = VoiceStateUpdate,
    VOICE_SERVER_UPDATE = VoiceServerUpdate,
    WEBHOOKS_UPDATE = WebhooksUpdate,
    MESSAGE_POLL_VOTE_ADD = MessagePollVoteAdd,
    MESSAGE_POLL_VOTE_REMOVE = MessagePollVoteRemove,
}

impl EventTypeFlags {
    /// No event type.
    pub const fn empty() -> Self {
        Self(0)
    }

    /// Events this crate does not know
    /// ([`Event::Unknown`](twilight_model::gateway::Event::Unknown)): the
    /// highest bit, never a known event's.
    pub const UNKNOWN: Self = Self(1 << 127);

    /// Every event type, including [`UNKNOWN`](Self::UNKNOWN).
    pub const fn all() -> Self {
        Self(u128::MAX)
    }

    /// The raw bits.
    pub const fn bits(self) -> u128 {
        self.0
    }

    /// Whether every flag of `other` is set.
    pub const fn contains(self, other: Self) -> bool {
        self.0 & other.0 == other.0
    }

    /// Whether the event type is wanted.
    pub const fn wants(self, kind: EventType) -> bool {
        let flag = Self::from_type(kind).0;
        flag != 0 && self.0 & flag == flag
    }

    /// Whether no flag is set.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Whether events of unknown types are wanted.
    pub const fn wants_unknown(self) -> bool {
        self.contains(Self::UNKNOWN)
    }
}

impl From<EventType> for EventTypeFlags {
    fn from(kind: EventType) -> Self {
        Self::from_type(kind)
    }
}

impl FromIterator<EventType> for EventTypeFlags {
    fn from_iter<I: IntoIterator<Item = EventType>>(iter: I) -> Self {
        iter.into_iter()
            .fold(Self::empty(), |flags, kind| flags | kind.into())
    }
}

impl Debug for EventTypeFlags {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if *self == Self::all() {
            return f.write_str("EventTypeFlags(ALL)");
        }
        let mut set = f.debug_set();
        for (name, flag) in Self::NAMED {
            if self.contains(*flag) {
                set.entry(&format_args!("{name}"));
            }
        }
        set.finish()
    }
}

macro_rules! bit_ops {
    ($($trait:ident $method:ident $assign_trait:ident $assign:ident $op:tt;)*) => {$(
        impl $trait for EventTypeFlags {
            type Output = Self;

            fn $method(self, rhs: Self) -> Self {
                Self(self.0 $op rhs.0)
            }
        }

        impl $assign_trait for EventTypeFlags {
            fn $assign(&mut self, rhs: Self) {
                self.0 = self.0 $op rhs.0;
            }
        }
    )*};
}

bit_ops! {
    BitOr bitor BitOrAssign bitor_assign |;
    BitAnd bitand BitAndAssign bitand_assign &;
}

impl Sub for EventTypeFlags {
    type Output = Self;

    fn sub(self, rhs: Self) -> Self {
        Self(self.0 & !rhs.0)
    }
}

impl Not for EventTypeFlags {
    type Output = Self;

    fn not(self) -> Self {
        Self(!self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_event_type_has_its_own_bit() {
        let mut bits = HashSet::new();
        for &kind in EventType::ALL {
            let flag = EventTypeFlags::from(kind);
            assert_eq!(flag.bits().count_ones(), 1, "{kind:?} has no flag");
            assert!(bits.insert(flag.bits()), "{kind:?} shares a bit");
        }
        assert_eq!(bits.len(), EventType::ALL.len());
        assert_eq!(EventTypeFlags::NAMED.len(), EventType::ALL.len());
    }

    #[test]
    fn flag_names_are_event_names() {
        for (name, flag) in EventTypeFlags::NAMED {
            let kind = EventType::from_name(name).expect("a known event name");
            assert_eq!(EventTypeFlags::from(kind), *flag, "{name}");
            assert_eq!(kind.name(), *name);
        }
    }

    #[test]
    fn set_operations() {
        let both = EventTypeFlags::READY | EventTypeFlags::MESSAGE_POLL_VOTE_ADD;
        assert_ne!(EventTypeFlags::READY, EventTypeFlags::MESSAGE_POLL_VOTE_ADD);
        assert_eq!(
            both - EventTypeFlags::READY,
            EventTypeFlags::MESSAGE_POLL_VOTE_ADD
        );
        assert!(both.wants(EventType::Ready));
        assert!(!both.wants(EventType::Resumed));
        assert!(!both.wants_unknown());
        assert!((EventTypeFlags::all() - EventTypeFlags::READY).wants_unknown());
        for (_, flag) in EventTypeFlags::NAMED {
            assert!(!flag.contains(EventTypeFlags::UNKNOWN));
        }
        assert!(EventTypeFlags::all().wants_unknown());
        assert!(EventTypeFlags::empty().is_empty());
        let collected: EventTypeFlags = [EventType::Ready, EventType::MessagePollVoteAdd]
            .into_iter()
            .collect();
        assert_eq!(collected, both);
        assert_eq!(format!("{both:?}"), r#"{READY, MESSAGE_POLL_VOTE_ADD}"#);
    }
}
