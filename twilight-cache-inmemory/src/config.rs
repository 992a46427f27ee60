//! What the cache stores: resource types and the message limit.

use std::fmt::{self, Debug, Formatter};
use std::ops::{BitAnd, BitOr, BitOrAssign, Not};

/// A set of resource types to cache.
///
/// ```
/// use twilight_cache_inmemory::ResourceType;
///
/// let types = ResourceType::GUILD | ResourceType::MEMBER | ResourceType::USER;
/// assert!(types.contains(ResourceType::MEMBER));
/// assert!(!types.contains(ResourceType::MESSAGE));
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ResourceType(u32);

macro_rules! resource_types {
    ($( $(#[$doc:meta])* $name:ident = $bit:literal, )*) => {
        impl ResourceType {
            $( $(#[$doc])* pub const $name: Self = Self(1 << $bit); )*

            /// Every resource type.
            pub const ALL: Self = Self(0 $( | 1 << $bit )*);

            const NAMES: &'static [(&'static str, Self)] = &[$( (stringify!($name), Self::$name), )*];
        }
    };
}

resource_types! {
    /// Guilds (their own fields).
    GUILD = 0,
    /// Channels, including threads.
    CHANNEL = 1,
    /// Roles.
    ROLE = 2,
    /// Guild members.
    MEMBER = 3,
    /// Users (referenced by members and messages).
    USER = 4,
    /// Presences.
    PRESENCE = 5,
    /// Voice states.
    VOICE_STATE = 6,
    /// Messages (up to the configured number per channel).
    MESSAGE = 7,
    /// Reactions on cached messages.
    REACTION = 8,
    /// Guild emojis.
    EMOJI = 9,
    /// Guild stickers.
    STICKER = 10,
    /// Stage instances.
    STAGE_INSTANCE = 11,
    /// Integrations.
    INTEGRATION = 12,
    /// Scheduled events.
    SCHEDULED_EVENT = 13,
    /// Soundboard sounds.
    SOUNDBOARD_SOUND = 14,
    /// The current user.
    USER_CURRENT = 15,
}

impl ResourceType {
    /// No resource type.
    pub const fn empty() -> Self {
        Self(0)
    }

    /// Whether every type of `other` is in `self`.
    pub const fn contains(self, other: Self) -> bool {
        self.0 & other.0 == other.0
    }

    /// Whether `self` has no type.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }
}

impl BitOr for ResourceType {
    type Output = Self;

    fn bitor(self, rhs: Self) -> Self {
        Self(self.0 | rhs.0)
    }
}

impl BitOrAssign for ResourceType {
    fn bitor_assign(&mut self, rhs: Self) {
        self.0 |= rhs.0;
    }
}

impl BitAnd for ResourceType {
    type Output = Self;

    fn bitand(self, rhs: Self) -> Self {
        Self(self.0 & rhs.0)
    }
}

impl Not for ResourceType {
    type Output = Self;

    fn not(self) -> Self {
        Self(!self.0 & Self::ALL.0)
    }
}

impl Debug for ResourceType {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let mut set = f.debug_set();
        for (name, flag) in Self::NAMES {
            if self.contains(*flag) {
                set.entry(&format_args!("{name}"));
            }
        }
        set.finish()
    }
}

/// The cache's configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub(crate) resource_types: ResourceType,
    pub(crate) message_cache_size: usize,
}

impl Config {
    /// The resource types cached.
    pub const fn resource_types(&self) -> ResourceType {
        self.resource_types
    }

    /// The most messages kept per channel.
    pub const fn message_cache_size(&self) -> usize {
        self.message_cache_size
    }

    pub(crate) const fn wants(&self, types: ResourceType) -> bool {
        self.resource_types.contains(types)
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            resource_types: ResourceType::ALL,
            message_cache_size: 100,
        }
    }
}
