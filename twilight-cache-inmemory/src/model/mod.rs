//! The forms the cache stores resources in, and the traits that let a user
//! store each kind of resource in a form of their own.

mod cacheable;
mod channel;
mod expression;
mod guild;
mod member;
mod message;
mod presence;
mod reaction;
mod scheduling;
mod timestamp;
mod user;
mod voice_state;

pub use self::cacheable::{
    CacheableChannel, CacheableGuild, CacheablePresence, CacheableRole, CacheableUser,
    CacheableVoiceState,
};
pub use self::channel::{CachedChannel, ChannelExtras};
pub use self::expression::{
    CacheableEmoji, CacheableSoundboardSound, CacheableSticker, CachedEmoji, CachedSticker,
};
pub use self::guild::CachedGuild;
pub use self::member::{CacheableMember, CachedMember, MemberExtras};
pub use self::message::{CacheableMessage, CachedMessage, MessageExtras};
pub use self::presence::{ActivityField, CachedActivity, CachedPresence};
pub use self::reaction::{CachedReaction, ReactionEmoji};
pub use self::scheduling::{CacheableIntegration, CacheableScheduledEvent, CacheableStageInstance};
pub use self::user::{CachedUser, UserExtras};
pub use self::voice_state::CachedVoiceState;

/// The set of cached types a cache uses: the cache is generic over it, so
/// replacing one costs nothing to those who keep the defaults.
///
/// Every cached resource has its own trait; name the defaults (see
/// [`DefaultCacheModels`]) for those you keep.
///
/// ```
/// use twilight_cache_inmemory::{CacheableModels, InMemoryCache};
/// use twilight_cache_inmemory::model::{
///     CacheableMessage, CachedChannel, CachedEmoji, CachedGuild, CachedMember, CachedPresence,
///     CachedSticker, CachedUser, CachedVoiceState,
/// };
/// use twilight_model::guild::{Integration, Role};
/// use twilight_model::scheduled_event::GuildScheduledEvent;
/// use twilight_model::soundboard::SoundboardSound;
/// use twilight_model::stage_instance::StageInstance;
/// use twilight_model::id::{Id, marker::UserMarker};
/// use twilight_model::message::Message;
///
/// /// Only the author and the text of each message.
/// struct SlimMessage {
///     author: Id<UserMarker>,
///     content: Box<str>,
/// }
///
/// impl CacheableMessage for SlimMessage {
///     fn from_message(message: &Message) -> Self {
///         Self { author: message.author.id, content: message.content.as_str().into() }
///     }
///     fn update(&mut self, message: &Message) {
///         self.content = message.content.as_str().into();
///     }
///     fn author_id(&self) -> Id<UserMarker> {
///         self.author
///     }
/// }
///
/// struct MyModels;
///
/// impl CacheableModels for MyModels {
///     type Channel = CachedChannel;
///     type Emoji = CachedEmoji;
///     type Guild = CachedGuild;
///     type Integration = Integration;
///     type Member = CachedMember;
///     type Message = SlimMessage;
///     type Presence = CachedPresence;
///     type Role = Role;
///     type ScheduledEvent = GuildScheduledEvent;
///     type SoundboardSound = SoundboardSound;
///     type StageInstance = StageInstance;
///     type Sticker = CachedSticker;
///     type User = CachedUser;
///     type VoiceState = CachedVoiceState;
/// }
///
/// let cache: InMemoryCache<MyModels> = InMemoryCache::with_models();
/// # let _ = cache;
/// ```
pub trait CacheableModels: Send + Sync + 'static {
    /// The cached channel or thread.
    type Channel: CacheableChannel;
    /// The cached guild emoji.
    type Emoji: CacheableEmoji;
    /// The cached guild.
    type Guild: CacheableGuild;
    /// The cached guild integration.
    type Integration: CacheableIntegration;
    /// The cached member.
    type Member: CacheableMember;
    /// The cached message.
    type Message: CacheableMessage;
    /// The cached presence.
    type Presence: CacheablePresence;
    /// The cached role.
    type Role: CacheableRole;
    /// The cached scheduled event.
    type ScheduledEvent: CacheableScheduledEvent;
    /// The cached soundboard sound.
    type SoundboardSound: CacheableSoundboardSound;
    /// The cached stage instance.
    type StageInstance: CacheableStageInstance;
    /// The cached guild sticker.
    type Sticker: CacheableSticker;
    /// The cached user.
    type User: CacheableUser;
    /// The cached voice state.
    type VoiceState: CacheableVoiceState;
}

/// The default cached types: the `Cached*` forms of this module, and the
/// model's own types for roles, integrations, scheduled events, soundboard
/// sounds and stage instances.
#[derive(Clone, Copy, Debug, Default)]
pub struct DefaultCacheModels;

impl CacheableModels for DefaultCacheModels {
    type Channel = CachedChannel;
    type Emoji = CachedEmoji;
    type Guild = CachedGuild;
    type Integration = twilight_model::guild::Integration;
    type Member = CachedMember;
    type Message = CachedMessage;
    type Presence = CachedPresence;
    type Role = twilight_model::guild::Role;
    type ScheduledEvent = twilight_model::scheduled_event::GuildScheduledEvent;
    type SoundboardSound = twilight_model::soundboard::SoundboardSound;
    type StageInstance = twilight_model::stage_instance::StageInstance;
    type Sticker = CachedSticker;
    type User = CachedUser;
    type VoiceState = CachedVoiceState;
}
