//! Stickers and sticker packs.

use crate::id::Id;
use crate::id::marker::{
    GuildMarker, SkuMarker, StickerBannerAssetMarker, StickerMarker, StickerPackMarker,
};
use crate::user::User;
use serde::{Deserialize, Serialize};

/// A sticker that can be sent in messages.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sticker {
    /// Id of the sticker.
    pub id: Id<StickerMarker>,
    /// For standard stickers, id of the pack the sticker is from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pack_id: Option<Id<StickerPackMarker>>,
    /// Name of the sticker.
    pub name: String,
    /// Description of the sticker.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Autocomplete/suggestion tags for the sticker (max 200 characters).
    pub tags: String,
    /// Type of sticker.
    #[serde(rename = "type")]
    pub kind: StickerType,
    /// Type of sticker format.
    pub format_type: StickerFormatType,
    /// Whether this guild sticker can be used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available: Option<bool>,
    /// Id of the guild that owns this sticker.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
    /// The user that uploaded the guild sticker.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<User>,
    /// The standard sticker's sort order within its pack.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort_value: Option<u32>,
}

crate::int_enum! {
    /// The type of a sticker.
    pub enum StickerType: u8 {
        /// An official sticker in a pack.
        Standard = 1,
        /// A sticker uploaded to a guild for the guild's members.
        Guild = 2,
    }
}

crate::int_enum! {
    /// The file format of a sticker.
    pub enum StickerFormatType: u8 {
        /// PNG.
        Png = 1,
        /// Animated PNG.
        Apng = 2,
        /// Lottie animation.
        Lottie = 3,
        /// GIF.
        Gif = 4,
    }
}

/// The smallest amount of data required to render a sticker.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct StickerItem {
    /// Id of the sticker.
    pub id: Id<StickerMarker>,
    /// Name of the sticker.
    pub name: String,
    /// Type of sticker format.
    pub format_type: StickerFormatType,
}

/// A pack of standard stickers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StickerPack {
    /// Id of the sticker pack.
    pub id: Id<StickerPackMarker>,
    /// The stickers in the pack.
    pub stickers: Vec<Sticker>,
    /// Name of the sticker pack.
    pub name: String,
    /// Id of the pack's SKU.
    pub sku_id: Id<SkuMarker>,
    /// Id of a sticker in the pack which is shown as the pack's icon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cover_sticker_id: Option<Id<StickerMarker>>,
    /// Description of the sticker pack.
    pub description: String,
    /// Id of the sticker pack's banner image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub banner_asset_id: Option<Id<StickerBannerAssetMarker>>,
}

/// The available sticker packs (List Sticker Packs).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StickerPacks {
    /// The sticker packs.
    pub sticker_packs: Vec<StickerPack>,
}
