//! Snowflake ids, typed by the resource they name.
//!
//! Discord sends ids as strings (JavaScript numbers cannot hold 64 bits); some
//! payloads and older clients send integers. [`Id`] accepts both and always
//! serialises a string. The marker type parameter keeps a channel id from being
//! passed where a guild id is expected, at no cost at run time.
//!
//! ```
//! use twilight_model::id::{Id, marker::ChannelMarker};
//!
//! let id: Id<ChannelMarker> = serde_json::from_str(r#""41771983423143937""#)?;
//! assert_eq!(id.get(), 41_771_983_423_143_937);
//! assert_eq!(serde_json::to_string(&id)?, r#""41771983423143937""#);
//! // Snowflakes carry their creation time.
//! assert_eq!(id.timestamp().to_string(), "2015-04-26T06:26:56.934000+00:00");
//! # Ok::<(), serde_json::Error>(())
//! ```

use crate::Timestamp;
use serde::de::{Deserialize, Deserializer, Error as DeError, Unexpected, Visitor};
use serde::ser::{Serialize, Serializer};
use std::cmp::Ordering;
use std::fmt::{self, Debug, Display, Formatter};
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::num::NonZeroU64;
use std::str::FromStr;

/// Milliseconds from the Unix epoch to the Discord epoch (2015-01-01T00:00:00Z).
pub const DISCORD_EPOCH_MS: u64 = 1_420_070_400_000;

/// A non-zero snowflake id naming a resource of the kind `T` marks.
///
/// The marker is a zero-sized type from [`marker`]; it only exists at compile
/// time.
pub struct Id<T> {
    value: NonZeroU64,
    phantom: PhantomData<fn(T) -> T>,
}

impl<T> Id<T> {
    /// Creates an id from a non-zero integer.
    ///
    /// Meant for constants and tests, where a zero is a programming error.
    ///
    /// # Panics
    ///
    /// Panics if `n` is zero; use [`Id::new_checked`] for input from outside.
    #[track_caller]
    pub const fn new(n: u64) -> Self {
        match Self::new_checked(n) {
            Some(id) => id,
            None => panic!("a snowflake id is never zero"),
        }
    }

    /// Creates an id, or `None` if `n` is zero.
    pub const fn new_checked(n: u64) -> Option<Self> {
        match NonZeroU64::new(n) {
            Some(value) => Some(Self::from_nonzero(value)),
            None => None,
        }
    }

    /// Creates an id from a non-zero integer.
    pub const fn from_nonzero(value: NonZeroU64) -> Self {
        Self {
            value,
            phantom: PhantomData,
        }
    }

    /// The id as an integer.
    pub const fn get(self) -> u64 {
        self.value.get()
    }

    /// The id as a non-zero integer.
    pub const fn into_nonzero(self) -> NonZeroU64 {
        self.value
    }

    /// The same number as an id of another kind, such as a guild id as the id
    /// of its `@everyone` role.
    pub const fn cast<New>(self) -> Id<New> {
        Id::from_nonzero(self.value)
    }

    /// When the resource was created, read from the snowflake.
    pub const fn timestamp(self) -> Timestamp {
        let ms = (self.get() >> 22) + DISCORD_EPOCH_MS;
        #[allow(clippy::cast_possible_wrap)] // 42 bits of milliseconds always fit.
        Timestamp::from_micros(ms as i64 * 1_000)
    }

    /// The internal worker id of the snowflake.
    pub const fn worker_id(self) -> u8 {
        ((self.get() & 0x3E_0000) >> 17) as u8
    }

    /// The internal process id of the snowflake.
    pub const fn process_id(self) -> u8 {
        ((self.get() & 0x1_F000) >> 12) as u8
    }

    /// The increment of the snowflake within its millisecond.
    pub const fn increment(self) -> u16 {
        (self.get() & 0xFFF) as u16
    }
}

impl<T> Clone for Id<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Id<T> {}

impl<T> PartialEq for Id<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<T> Eq for Id<T> {}

impl<T> PartialEq<u64> for Id<T> {
    fn eq(&self, other: &u64) -> bool {
        self.get() == *other
    }
}

impl<T> PartialOrd for Id<T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<T> Ord for Id<T> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.value.cmp(&other.value)
    }
}

impl<T> Hash for Id<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.get());
    }
}

impl<T> Debug for Id<T> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let name = std::any::type_name::<T>();
        let name = name.rsplit("::").next().unwrap_or(name);
        write!(f, "Id<{name}>({})", self.value)
    }
}

impl<T> Display for Id<T> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        Display::fmt(&self.value, f)
    }
}

impl<T> From<Id<T>> for u64 {
    fn from(id: Id<T>) -> Self {
        id.get()
    }
}

impl<T> From<NonZeroU64> for Id<T> {
    fn from(value: NonZeroU64) -> Self {
        Self::from_nonzero(value)
    }
}

impl<T> TryFrom<u64> for Id<T> {
    type Error = IdParseError;

    fn try_from(value: u64) -> Result<Self, Self::Error> {
        Self::new_checked(value).ok_or(IdParseError {
            kind: IdParseErrorKind::Zero,
        })
    }
}

/// Why a string is not an id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdParseError {
    kind: IdParseErrorKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum IdParseErrorKind {
    NotANumber,
    Zero,
}

impl Display for IdParseError {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(match self.kind {
            IdParseErrorKind::NotANumber => "an id must be an unsigned 64-bit integer",
            IdParseErrorKind::Zero => "an id is never zero",
        })
    }
}

impl std::error::Error for IdParseError {}

impl<T> FromStr for Id<T> {
    type Err = IdParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let n: u64 = s.parse().map_err(|_| IdParseError {
            kind: IdParseErrorKind::NotANumber,
        })?;
        Self::try_from(n)
    }
}

impl<T> Serialize for Id<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut buffer = itoa::Buffer::new();
        serializer.serialize_str(buffer.format(self.get()))
    }
}

struct IdVisitor<T>(PhantomData<fn(T) -> T>);

impl<T> Visitor<'_> for IdVisitor<T> {
    type Value = Id<T>;

    fn expecting(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str("a non-zero snowflake id as a string or an integer")
    }

    fn visit_u64<E: DeError>(self, v: u64) -> Result<Self::Value, E> {
        Id::new_checked(v).ok_or_else(|| E::invalid_value(Unexpected::Unsigned(v), &self))
    }

    fn visit_i64<E: DeError>(self, v: i64) -> Result<Self::Value, E> {
        u64::try_from(v)
            .ok()
            .and_then(Id::new_checked)
            .ok_or_else(|| E::invalid_value(Unexpected::Signed(v), &self))
    }

    fn visit_str<E: DeError>(self, v: &str) -> Result<Self::Value, E> {
        v.parse::<u64>()
            .ok()
            .and_then(Id::new_checked)
            .ok_or_else(|| E::invalid_value(Unexpected::Str(v), &self))
    }
}

impl<'de, T> Deserialize<'de> for Id<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(IdVisitor(PhantomData))
    }
}

/// Zero-sized types that say what an [`Id`] names.
pub mod marker {
    macro_rules! markers {
        ($($(#[$doc:meta])* $name:ident;)*) => {
            $(
                $(#[$doc])*
                #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
                #[non_exhaustive]
                pub struct $name;
            )*
        };
    }

    markers! {
        /// An application.
        ApplicationMarker;
        /// A message attachment.
        AttachmentMarker;
        /// An audit log entry.
        AuditLogEntryMarker;
        /// An auto moderation rule.
        AutoModerationRuleMarker;
        /// A channel, thread or DM.
        ChannelMarker;
        /// An application command.
        CommandMarker;
        /// A version of an application command.
        CommandVersionMarker;
        /// A custom emoji.
        EmojiMarker;
        /// An entitlement.
        EntitlementMarker;
        /// An id whose kind Discord does not fix (for example an audit log target).
        GenericMarker;
        /// A guild.
        GuildMarker;
        /// An integration.
        IntegrationMarker;
        /// An interaction.
        InteractionMarker;
        /// A lobby.
        LobbyMarker;
        /// A message.
        MessageMarker;
        /// An onboarding prompt.
        OnboardingPromptMarker;
        /// An option of an onboarding prompt.
        OnboardingPromptOptionMarker;
        /// A role.
        RoleMarker;
        /// A guild scheduled event.
        ScheduledEventMarker;
        /// A SKU.
        SkuMarker;
        /// A soundboard sound.
        SoundboardSoundMarker;
        /// A stage instance.
        StageMarker;
        /// A sticker.
        StickerMarker;
        /// A sticker pack.
        StickerPackMarker;
        /// A sticker pack's banner asset.
        StickerBannerAssetMarker;
        /// A subscription.
        SubscriptionMarker;
        /// A tag of a forum or media channel.
        TagMarker;
        /// A team.
        TeamMarker;
        /// A user.
        UserMarker;
        /// A webhook.
        WebhookMarker;
    }
}

#[cfg(test)]
mod tests {
    use super::{Id, marker::*};

    #[test]
    fn string_and_integer_forms() {
        let a: Id<UserMarker> = serde_json::from_str(r#""80351110224678912""#).unwrap();
        let b: Id<UserMarker> = serde_json::from_str("80351110224678912").unwrap();
        assert_eq!(a, b);
        assert_eq!(serde_json::to_string(&b).unwrap(), r#""80351110224678912""#);
    }

    #[test]
    fn zero_negative_and_garbage_are_errors() {
        for input in [
            r#""0""#,
            "0",
            "-5",
            r#""12a""#,
            r#""""#,
            "1.5",
            "null",
            "18446744073709551616",
        ] {
            assert!(
                serde_json::from_str::<Id<GuildMarker>>(input).is_err(),
                "{input}"
            );
        }
    }

    #[test]
    fn snowflake_parts() {
        // Example from the reference: 175928847299117063.
        let id = Id::<GenericMarker>::new(175_928_847_299_117_063);
        assert_eq!(id.timestamp().as_micros() / 1_000, 1_462_015_105_796);
        assert_eq!(id.worker_id(), 1);
        assert_eq!(id.process_id(), 0);
        assert_eq!(id.increment(), 7);
        assert_eq!(format!("{id:?}"), "Id<GenericMarker>(175928847299117063)");
        assert_eq!(id.to_string(), "175928847299117063");
        assert_eq!("175928847299117063".parse::<Id<GenericMarker>>(), Ok(id));
        assert!("0".parse::<Id<GenericMarker>>().is_err());
    }
}
