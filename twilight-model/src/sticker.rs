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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::tests::assert_round_trip;

    #[test]
    fn sticker_example() {
        let json = r#"{
          "id": "749054660769218631",
          "name": "Wave",
          "tags": "wumpus, hello, sup, hi, oi, heyo, heya, yo, greetings, greet, welcome, wave, :wave, :hello, :hi, :hey, hey, \ud83d\udc4b, \ud83d\udc4b\ud83c\udffb",
          "type": 1,
          "format_type": 3,
          "description": "Wumpus waves hello",
          "pack_id": "847199849233514549",
          "sort_value": 12
        }"#;
        let sticker: Sticker = assert_round_trip(json);
        assert_eq!(sticker.kind, StickerType::Standard);
        assert_eq!(sticker.format_type, StickerFormatType::Lottie);
        assert_eq!(sticker.pack_id.unwrap(), 847_199_849_233_514_549);
        assert!(sticker.tags.ends_with("👋🏻"));
        assert_eq!(sticker.sort_value, Some(12));
    }

    #[test]
    fn guild_sticker_and_item() {
        let json = r#"{"id": "1", "name": "n", "tags": "t", "type": 2, "format_type": 4,
            "description": null, "available": true, "guild_id": "2", "user": {"id": "3", "username": "c", "discriminator": "0"}}"#;
        let sticker: Sticker = assert_round_trip(json);
        assert_eq!(sticker.kind, StickerType::Guild);
        assert_eq!(sticker.format_type, StickerFormatType::Gif);
        assert_eq!(sticker.description, None);
        let item: StickerItem = assert_round_trip(r#"{"id": "1", "name": "n", "format_type": 9}"#);
        assert_eq!(item.format_type, StickerFormatType::Unknown(9));
        let unknown: Sticker = assert_round_trip(
            r#"{"id": "1", "name": "n", "tags": "t", "type": 3, "format_type": 1}"#,
        );
        assert_eq!(unknown.kind, StickerType::Unknown(3));
    }

    #[test]
    fn sticker_pack_example() {
        let json = r#"{
          "id": "847199849233514549",
          "stickers": [],
          "name": "Wumpus Beyond",
          "sku_id": "847199849233514547",
          "cover_sticker_id": "749053689419006003",
          "description": "Say hello to Wumpus!",
          "banner_asset_id": "761773777976819732"
        }"#;
        let pack: StickerPack = assert_round_trip(json);
        assert_eq!(pack.sku_id, 847_199_849_233_514_547);
        assert_eq!(pack.banner_asset_id.unwrap(), 761_773_777_976_819_732);
        let packs: StickerPacks = assert_round_trip(&format!(r#"{{"sticker_packs": [{json}]}}"#));
        assert_eq!(packs.sticker_packs[0].name, "Wumpus Beyond");
    }

    #[test]
    fn malformed_input_is_an_error() {
        for json in [
            r#"{"id": "1", "name": "n", "tags": "t", "type": 1}"#,
            r#"{"id": "1", "name": "n", "tags": ["t"], "type": 1, "format_type": 1}"#,
            r#"{"id": "0", "name": "n", "tags": "t", "type": 1, "format_type": 1}"#,
        ] {
            assert!(serde_json::from_str::<Sticker>(json).is_err(), "{json}");
        }
    }
}
