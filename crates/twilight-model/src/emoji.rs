//! Custom and Unicode emojis.

use crate::id::Id;
use crate::id::marker::{EmojiMarker, RoleMarker};
use crate::user::User;
use serde::{Deserialize, Serialize};

/// An emoji: a guild's or application's custom emoji, or a Unicode emoji
/// (`id` is `None`, `name` is the character).
///
/// Also serves as the partial emoji of reactions, polls and components, where
/// only `id`, `name` and `animated` are sent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Emoji {
    /// Emoji id, `None` for Unicode emojis.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Id<EmojiMarker>>,
    /// Emoji name (`None` only in reaction emojis whose data is unavailable).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Roles allowed to use this emoji.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<Id<RoleMarker>>>,
    /// User that created this emoji.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<User>,
    /// Whether this emoji must be wrapped in colons.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require_colons: Option<bool>,
    /// Whether this emoji is managed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed: Option<bool>,
    /// Whether this emoji is animated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub animated: Option<bool>,
    /// Whether this emoji can be used (may be false due to loss of Server
    /// Boosts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available: Option<bool>,
}

impl Emoji {
    /// A Unicode emoji, such as the partial emoji sent for a reaction or a
    /// poll answer.
    pub fn unicode(name: impl Into<String>) -> Self {
        Self {
            id: None,
            name: Some(name.into()),
            roles: None,
            user: None,
            require_colons: None,
            managed: None,
            animated: None,
            available: None,
        }
    }

    /// A custom emoji named only by its id.
    pub const fn custom(id: Id<EmojiMarker>) -> Self {
        Self {
            id: Some(id),
            name: None,
            roles: None,
            user: None,
            require_colons: None,
            managed: None,
            animated: None,
            available: None,
        }
    }
}

/// The emojis of an application (List Application Emojis).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApplicationEmojis {
    /// The emojis.
    pub items: Vec<Emoji>,
}
