//! Tags, default reactions and layouts of forum and media channels.

use crate::id::Id;
use crate::id::marker::{EmojiMarker, TagMarker};
use serde::{Deserialize, Serialize};

/// A tag that can be applied to a thread in a forum or media channel.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ForumTag {
    /// The id of the tag.
    pub id: Id<TagMarker>,
    /// The name of the tag (0-20 characters).
    pub name: String,
    /// Whether only members with `MANAGE_THREADS` can add or remove this tag.
    pub moderated: bool,
    /// The id of a guild's custom emoji.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emoji_id: Option<Id<EmojiMarker>>,
    /// The unicode character of the emoji.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emoji_name: Option<String>,
}

/// The emoji shown in the add reaction button on a forum or media post.
///
/// Exactly one of the fields is set.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DefaultReaction {
    /// The id of a guild's custom emoji.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emoji_id: Option<Id<EmojiMarker>>,
    /// The unicode character of the emoji.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emoji_name: Option<String>,
}

crate::int_enum! {
    /// How posts in a forum or media channel are sorted.
    pub enum SortOrderType: u8 {
        /// Sort forum posts by activity.
        LatestActivity = 0,
        /// Sort forum posts by creation time (from most recent to oldest).
        CreationDate = 1,
    }
}

crate::int_enum! {
    /// How posts in a forum channel are displayed.
    pub enum ForumLayoutType: u8 {
        /// No default has been set for the forum channel.
        NotSet = 0,
        /// Display posts as a list.
        ListView = 1,
        /// Display posts as a collection of tiles.
        GalleryView = 2,
    }
}
