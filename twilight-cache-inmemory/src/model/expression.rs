//! The cached forms of emojis and stickers (the creator's id, not the user),
//! and the traits that let a user store emojis, stickers and soundboard
//! sounds in forms of their own.

use twilight_model::emoji::Emoji;
use twilight_model::id::{
    Id,
    marker::{EmojiMarker, RoleMarker, StickerMarker, StickerPackMarker, UserMarker},
};
use twilight_model::soundboard::SoundboardSound;
use twilight_model::sticker::{Sticker, StickerFormatType, StickerType};

/// A cached guild emoji.
///
/// The cache keys emojis by the model's id, so it asks for no accessor.
pub trait CacheableEmoji: Send + Sync + 'static {
    /// The cached form of a guild emoji whose id is `id`. Emojis without an
    /// id (Unicode emojis, never guild emojis) are not cached.
    fn from_emoji(id: Id<EmojiMarker>, emoji: &Emoji) -> Self;
    /// Heap bytes owned, for [`Stats`](crate::Stats). The default says 0.
    fn heap_size(&self) -> usize {
        0
    }
}

/// A cached guild sticker.
pub trait CacheableSticker: Send + Sync + 'static {
    /// The cached form of a guild sticker.
    fn from_sticker(sticker: &Sticker) -> Self;
    /// Heap bytes owned, for [`Stats`](crate::Stats). The default says 0.
    fn heap_size(&self) -> usize {
        0
    }
}

/// A cached guild soundboard sound.
pub trait CacheableSoundboardSound: Send + Sync + 'static {
    /// The cached form of a guild's soundboard sound.
    fn from_soundboard_sound(sound: &SoundboardSound) -> Self;
    /// Heap bytes owned, for [`Stats`](crate::Stats). The default says 0.
    fn heap_size(&self) -> usize {
        0
    }
}

/// A guild emoji as the cache stores it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CachedEmoji {
    /// The emoji id.
    pub id: Id<EmojiMarker>,
    /// The name.
    pub name: Box<str>,
    /// The roles allowed to use it (empty: everyone).
    pub roles: Box<[Id<RoleMarker>]>,
    /// Who created it.
    pub user_id: Option<Id<UserMarker>>,
    /// Whether it must be wrapped in colons.
    pub require_colons: bool,
    /// Whether an integration manages it.
    pub managed: bool,
    /// Whether it is animated.
    pub animated: bool,
    /// Whether it can be used (lost boosts can disable it).
    pub available: bool,
}

impl CacheableEmoji for CachedEmoji {
    fn from_emoji(id: Id<EmojiMarker>, emoji: &Emoji) -> Self {
        Self {
            id,
            name: emoji.name.as_deref().unwrap_or_default().into(),
            roles: emoji.roles.as_deref().unwrap_or_default().into(),
            user_id: emoji.user.as_ref().map(|u| u.id),
            require_colons: emoji.require_colons.unwrap_or(true),
            managed: emoji.managed.unwrap_or(false),
            animated: emoji.animated.unwrap_or(false),
            available: emoji.available.unwrap_or(true),
        }
    }

    fn heap_size(&self) -> usize {
        self.name.len() + size_of_val(&*self.roles)
    }
}

/// A guild sticker as the cache stores it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CachedSticker {
    /// The sticker id.
    pub id: Id<StickerMarker>,
    /// The pack of a standard sticker.
    pub pack_id: Option<Id<StickerPackMarker>>,
    /// The name.
    pub name: Box<str>,
    /// The description.
    pub description: Option<Box<str>>,
    /// Autocomplete tags.
    pub tags: Box<str>,
    /// The sticker type.
    pub kind: StickerType,
    /// The file format.
    pub format_type: StickerFormatType,
    /// Whether it can be used.
    pub available: bool,
    /// Who uploaded it.
    pub user_id: Option<Id<UserMarker>>,
    /// Sort order in its pack.
    pub sort_value: Option<u32>,
}

impl CacheableSticker for CachedSticker {
    fn from_sticker(sticker: &Sticker) -> Self {
        Self::from(sticker)
    }

    fn heap_size(&self) -> usize {
        self.name.len() + self.description.as_deref().map_or(0, str::len) + self.tags.len()
    }
}

impl CacheableSoundboardSound for SoundboardSound {
    fn from_soundboard_sound(sound: &SoundboardSound) -> Self {
        sound.clone()
    }

    fn heap_size(&self) -> usize {
        self.name.capacity() + self.emoji_name.as_ref().map_or(0, String::capacity)
    }
}

impl From<&Sticker> for CachedSticker {
    fn from(sticker: &Sticker) -> Self {
        Self {
            id: sticker.id,
            pack_id: sticker.pack_id,
            name: sticker.name.as_str().into(),
            description: sticker.description.as_deref().map(Into::into),
            tags: sticker.tags.as_str().into(),
            kind: sticker.kind,
            format_type: sticker.format_type,
            available: sticker.available.unwrap_or(true),
            user_id: sticker.user.as_ref().map(|u| u.id),
            sort_value: sticker.sort_value,
        }
    }
}
