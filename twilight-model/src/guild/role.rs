//! Roles (topics/permissions.mdx, "Role Object").

use crate::id::{
    Id,
    marker::{IntegrationMarker, RoleMarker, SkuMarker, UserMarker},
};
use crate::permissions::Permissions;
use crate::util::{image_hash::ImageHash, is_false};
use serde::{Deserialize, Serialize};

/// A set of permissions attached to a group of users.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Role {
    /// Role id.
    pub id: Id<RoleMarker>,
    /// Role name.
    pub name: String,
    /// Integer representation of the colour (deprecated in favour of `colors`).
    pub color: u32,
    /// The role's colours.
    #[serde(default)]
    pub colors: RoleColors,
    /// Whether this role is pinned in the user listing.
    pub hoist: bool,
    /// Role icon hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<ImageHash>,
    /// Role unicode emoji.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unicode_emoji: Option<String>,
    /// Position of this role (roles with the same position are sorted by id).
    pub position: i32,
    /// Permission bit set.
    pub permissions: Permissions,
    /// Whether this role is managed by an integration.
    pub managed: bool,
    /// Whether this role is mentionable.
    pub mentionable: bool,
    /// The tags this role has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<RoleTags>,
    /// Role flags.
    #[serde(default)]
    pub flags: RoleFlags,
}

/// The colours of a role.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RoleColors {
    /// The primary colour of the role.
    pub primary_color: u32,
    /// The secondary colour; makes the role a gradient.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secondary_color: Option<u32>,
    /// The tertiary colour; makes the gradient holographic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tertiary_color: Option<u32>,
}

/// The tags of a role.
///
/// Discord sends the boolean tags as a key with a `null` value when true and
/// leaves the key out when false; they are `bool`s here and serialise back
/// the same way.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RoleTags {
    /// The id of the bot this role belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bot_id: Option<Id<UserMarker>>,
    /// The id of the integration this role belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integration_id: Option<Id<IntegrationMarker>>,
    /// Whether this is the guild's Booster role.
    #[serde(default, with = "null_flag", skip_serializing_if = "is_false")]
    pub premium_subscriber: bool,
    /// The id of this role's subscription SKU and listing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subscription_listing_id: Option<Id<SkuMarker>>,
    /// Whether this role is available for purchase.
    #[serde(default, with = "null_flag", skip_serializing_if = "is_false")]
    pub available_for_purchase: bool,
    /// Whether this role is a guild's linked role.
    #[serde(default, with = "null_flag", skip_serializing_if = "is_false")]
    pub guild_connections: bool,
}

/// (De)serialises a tag whose presence means true: a present key (normally
/// `null`, or `true`) is `true`, `false` is `false`; `true` serialises as
/// `null`.
mod null_flag {
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<bool, D::Error> {
        Option::<bool>::deserialize(deserializer).map(|value| value.unwrap_or(true))
    }

    #[allow(clippy::trivially_copy_pass_by_ref)] // serde passes a reference.
    pub(super) fn serialize<S: Serializer>(_: &bool, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_none()
    }
}

crate::flags! {
    /// Flags of a role.
    pub struct RoleFlags: u64 {
        /// Role can be selected by members in an onboarding prompt.
        const IN_PROMPT = 1 << 0;
    }
}

impl Default for RoleFlags {
    fn default() -> Self {
        Self::empty()
    }
}

#[cfg(test)]
mod tests {
    use super::{Role, RoleFlags, RoleTags};
    use crate::guild::test_support::round_trip;
    use crate::permissions::Permissions;

    const EXAMPLE: &str = r#"{
      "id": "41771983423143936",
      "name": "WE DEM BOYZZ!!!!!!",
      "color": 3447003,
      "colors": {
        "primary_color": 3447003,
        "secondary_color": null,
        "tertiary_color": null
      },
      "hoist": true,
      "icon": "cf3ced8600b777c9486c6d8d84fb4327",
      "unicode_emoji": null,
      "position": 1,
      "permissions": "66321471",
      "managed": false,
      "mentionable": false,
      "flags": 0
    }"#;

    #[test]
    fn example_round_trip() {
        let role: Role = round_trip(EXAMPLE);
        assert_eq!(role.colors.primary_color, 3_447_003);
        assert_eq!(role.permissions.bits(), 66_321_471);
        assert!(role.permissions.contains(Permissions::ADMINISTRATOR));
        assert_eq!(role.flags, RoleFlags::empty());
        assert!(role.tags.is_none());
    }

    #[test]
    fn null_tags() {
        let json = r#"{"premium_subscriber":null,"integration_id":"5","guild_connections":null}"#;
        let tags: RoleTags = serde_json::from_str(json).unwrap();
        assert!(tags.premium_subscriber && tags.guild_connections);
        assert!(!tags.available_for_purchase);
        assert_eq!(tags.integration_id.unwrap().get(), 5);
        let value = serde_json::to_value(&tags).unwrap();
        assert_eq!(
            value,
            serde_json::json!({"premium_subscriber": null, "integration_id": "5", "guild_connections": null})
        );
        let empty: RoleTags = serde_json::from_str("{}").unwrap();
        assert_eq!(serde_json::to_string(&empty).unwrap(), "{}");
        let explicit: RoleTags =
            serde_json::from_str(r#"{"premium_subscriber":false,"available_for_purchase":true}"#)
                .unwrap();
        assert!(!explicit.premium_subscriber && explicit.available_for_purchase);
    }

    #[test]
    fn role_with_tags_and_unknown_flags() {
        let role: Role = serde_json::from_str(
            r#"{"id":"1","name":"Booster","color":0,"colors":{"primary_color":0},"hoist":false,
                "position":3,"permissions":"0","managed":true,"mentionable":false,
                "tags":{"premium_subscriber":null},"flags":3}"#,
        )
        .unwrap();
        assert!(role.tags.as_ref().unwrap().premium_subscriber);
        assert!(role.flags.contains(RoleFlags::IN_PROMPT));
        assert_eq!(role.flags.bits(), 3);
        let value = serde_json::to_value(&role).unwrap();
        assert_eq!(
            value["tags"],
            serde_json::json!({"premium_subscriber": null})
        );
        assert_eq!(value["flags"], 3);
    }

    #[test]
    fn malformed() {
        assert!(
            serde_json::from_str::<Role>(
                r#"{"id":"1","name":"x","color":-1,"hoist":false,"position":0,"permissions":"0","managed":false,"mentionable":false}"#
            )
            .is_err()
        );
    }
}
