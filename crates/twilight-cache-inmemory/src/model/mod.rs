//! The forms the cache stores resources in, and the traits that let a user
//! store members and messages in forms of their own.

mod channel;
mod expression;
mod guild;
mod member;
mod message;
mod presence;
mod reaction;
mod timestamp;
mod user;
mod voice_state;

pub use self::channel::{CachedChannel, ChannelExtras};
pub use self::expression::{CachedEmoji, CachedSticker};
pub use self::guild::CachedGuild;
pub use self::member::{CacheableMember, CachedMember, MemberExtras};
pub use self::message::{CacheableMessage, CachedMessage, MessageExtras};
pub use self::presence::{ActivityField, CachedActivity, CachedPresence};
pub use self::reaction::{CachedReaction, ReactionEmoji};
pub use self::user::{CachedUser, UserExtras};
pub use self::voice_state::CachedVoiceState;

/// The set of cached types a cache uses: the cache is generic over it, so
/// replacing one costs nothing to those who keep the defaults.
///
/// ```
/// use twilight_cache_inmemory::{CacheableModels, InMemoryCache};
/// use twilight_cache_inmemory::model::{CachedMember, CacheableMessage};
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
///     type Member = CachedMember;
///     type Message = SlimMessage;
/// }
///
/// let cache: InMemoryCache<MyModels> = InMemoryCache::with_models();
/// # let _ = cache;
/// ```
pub trait CacheableModels: Send + Sync + 'static {
    /// The cached member.
    type Member: CacheableMember;
    /// The cached message.
    type Message: CacheableMessage;
}

/// The default cached types: [`CachedMember`] and [`CachedMessage`].
#[derive(Clone, Copy, Debug, Default)]
pub struct DefaultCacheModels;

impl CacheableModels for DefaultCacheModels {
    type Member = CachedMember;
    type Message = CachedMessage;
}
