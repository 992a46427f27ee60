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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::tests::assert_round_trip;

    #[test]
    fn custom_emoji_example() {
        let json = r#"{
          "id": "41771983429993937",
          "name": "LUL",
          "roles": ["41771983429993000", "41771983429993111"],
          "user": {
            "username": "Luigi",
            "discriminator": "0002",
            "id": "96008815106887111",
            "avatar": "5500909a3274e1812beb4e8de6631111",
            "public_flags": 131328
          },
          "require_colons": true,
          "managed": false,
          "animated": false
        }"#;
        let emoji: Emoji = assert_round_trip(json);
        assert_eq!(emoji.id.unwrap(), 41_771_983_429_993_937);
        assert_eq!(emoji.name.as_deref(), Some("LUL"));
        assert_eq!(emoji.roles.unwrap().len(), 2);
        assert!(emoji.user.is_some());
        assert_eq!(emoji.require_colons, Some(true));
        assert_eq!(emoji.available, None);
    }

    #[test]
    fn partial_emojis() {
        let standard: Emoji = assert_round_trip(r#"{"id": null, "name": "🔥"}"#);
        assert_eq!(standard, Emoji::unicode("🔥"));
        let reaction: Emoji =
            assert_round_trip(r#"{"id": "41771983429993937", "name": null, "animated": true}"#);
        assert_eq!(reaction.name, None);
        assert_eq!(reaction.animated, Some(true));
        assert_eq!(
            serde_json::to_string(&Emoji::custom(crate::id::Id::new(5))).unwrap(),
            r#"{"id":"5"}"#
        );
        let list: ApplicationEmojis =
            assert_round_trip(r#"{"items": [{"id": "1", "name": "a", "animated": false}]}"#);
        assert_eq!(list.items.len(), 1);
    }

    #[test]
    fn malformed_input_is_an_error() {
        for json in [
            r#"{"id": "x"}"#,
            r#"{"name": 5}"#,
            r#"{"roles": "1"}"#,
            r#""🔥""#,
        ] {
            assert!(serde_json::from_str::<Emoji>(json).is_err(), "{json}");
        }
    }
}
