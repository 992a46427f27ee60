//! Guild templates (resources/guild-template.mdx).

use super::{
    DefaultMessageNotificationLevel, ExplicitContentFilter, RoleColors, SystemChannelFlags,
    VerificationLevel,
};
use crate::Timestamp;
use crate::channel::ChannelType;
use crate::id::{
    Id,
    marker::{EmojiMarker, GuildMarker, UserMarker},
};
use crate::permissions::Permissions;
use crate::user::User;
use crate::util::image_hash::ImageHash;
use serde::de::{Deserializer, Error as DeError, Unexpected, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt::{self, Formatter};

/// A code that, when used, creates a guild from a snapshot of an existing one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GuildTemplate {
    /// The template code (unique id).
    pub code: String,
    /// Template name.
    pub name: String,
    /// The description for the template.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Number of times this template has been used.
    pub usage_count: u64,
    /// The id of the user who created the template.
    pub creator_id: Id<UserMarker>,
    /// The user who created the template (`None` if Discord sends `null`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creator: Option<User>,
    /// When this template was created.
    pub created_at: Timestamp,
    /// When this template was last synced to the source guild.
    pub updated_at: Timestamp,
    /// The id of the guild this template is based on.
    pub source_guild_id: Id<GuildMarker>,
    /// The guild snapshot this template contains.
    pub serialized_source_guild: TemplateGuild,
    /// Whether the template has unsynced changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_dirty: Option<bool>,
}

/// A placeholder id inside a template snapshot: a small integer such as `0`
/// for the `@everyone` role. Deserialises from an integer or a string and
/// serialises as an integer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TemplateId(pub u64);

impl Serialize for TemplateId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u64(self.0)
    }
}

impl<'de> Deserialize<'de> for TemplateId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = TemplateId;
            fn expecting(&self, f: &mut Formatter<'_>) -> fmt::Result {
                f.write_str("a placeholder id as an integer or a string")
            }
            fn visit_u64<E: DeError>(self, v: u64) -> Result<TemplateId, E> {
                Ok(TemplateId(v))
            }
            fn visit_i64<E: DeError>(self, v: i64) -> Result<TemplateId, E> {
                u64::try_from(v)
                    .map(TemplateId)
                    .map_err(|_| E::invalid_value(Unexpected::Signed(v), &self))
            }
            fn visit_str<E: DeError>(self, v: &str) -> Result<TemplateId, E> {
                v.parse()
                    .map(TemplateId)
                    .map_err(|_| E::invalid_value(Unexpected::Str(v), &self))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// The guild snapshot of a template; ids are placeholders.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TemplateGuild {
    /// Guild name.
    pub name: String,
    /// Guild description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Voice region id (deprecated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Verification level required for the guild.
    pub verification_level: VerificationLevel,
    /// Default message notifications level.
    pub default_message_notifications: DefaultMessageNotificationLevel,
    /// Explicit content filter level.
    pub explicit_content_filter: ExplicitContentFilter,
    /// The preferred locale.
    pub preferred_locale: String,
    /// Placeholder id of the AFK channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub afk_channel_id: Option<TemplateId>,
    /// AFK timeout in seconds.
    pub afk_timeout: u32,
    /// Placeholder id of the system channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system_channel_id: Option<TemplateId>,
    /// System channel flags.
    pub system_channel_flags: SystemChannelFlags,
    /// Roles of the guild.
    pub roles: Vec<TemplateRole>,
    /// Channels of the guild.
    pub channels: Vec<TemplateChannel>,
    /// Icon hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon_hash: Option<ImageHash>,
}

/// A role of a template snapshot.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TemplateRole {
    /// Placeholder id of the role (`0` is `@everyone`).
    pub id: TemplateId,
    /// Role name.
    pub name: String,
    /// Permission bit set.
    pub permissions: Permissions,
    /// Integer representation of the colour.
    pub color: u32,
    /// The role's colours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub colors: Option<RoleColors>,
    /// Whether the role is pinned in the user listing.
    pub hoist: bool,
    /// Whether the role is mentionable.
    pub mentionable: bool,
    /// Role icon hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<ImageHash>,
    /// Role unicode emoji.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unicode_emoji: Option<String>,
}

/// A channel of a template snapshot.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TemplateChannel {
    /// Placeholder id of the channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<TemplateId>,
    /// Channel type.
    #[serde(rename = "type")]
    pub kind: ChannelType,
    /// Channel name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Sorting position.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<i32>,
    /// Channel topic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    /// Bitrate (in bits) of a voice channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bitrate: Option<u32>,
    /// User limit of a voice channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_limit: Option<u32>,
    /// Whether the channel is age-restricted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nsfw: Option<bool>,
    /// Slowmode, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_limit_per_user: Option<u32>,
    /// Placeholder id of the parent category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<TemplateId>,
    /// Default auto archive duration of new threads, in minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_auto_archive_duration: Option<u16>,
    /// Permission overwrites of the channel.
    #[serde(default)]
    pub permission_overwrites: Vec<TemplatePermissionOverwrite>,
    /// Tags of a forum or media channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available_tags: Option<Vec<TemplateTag>>,
    /// Post template of a forum channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    /// Default reaction emoji of a forum or media channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_reaction_emoji: Option<TemplateReactionEmoji>,
    /// Default slowmode of new threads, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_thread_rate_limit_per_user: Option<u32>,
    /// Default sort order of a forum or media channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_sort_order: Option<u8>,
    /// Default layout of a forum channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_forum_layout: Option<u8>,
    /// Default tag search setting of a forum or media channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_tag_setting: Option<String>,
    /// Theme colour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme_color: Option<u32>,
}

/// A permission overwrite of a template channel.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TemplatePermissionOverwrite {
    /// Placeholder id of the role or member.
    pub id: TemplateId,
    /// 0 for a role, 1 for a member.
    #[serde(rename = "type")]
    pub kind: u8,
    /// Permissions allowed.
    pub allow: Permissions,
    /// Permissions denied.
    pub deny: Permissions,
}

/// A forum tag of a template channel.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TemplateTag {
    /// Placeholder id of the tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<TemplateId>,
    /// Tag name.
    pub name: String,
    /// Id of the tag's custom emoji.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emoji_id: Option<Id<EmojiMarker>>,
    /// The tag's Unicode emoji.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emoji_name: Option<String>,
    /// Whether only moderators can apply the tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moderated: Option<bool>,
}

/// The default reaction emoji of a template channel.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TemplateReactionEmoji {
    /// Id of a custom emoji.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emoji_id: Option<Id<EmojiMarker>>,
    /// A Unicode emoji.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emoji_name: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::{GuildTemplate, TemplateId};
    use crate::guild::VerificationLevel;

    const EXAMPLE: &str = r#"{
      "code": "hgM48av5Q69A",
      "name": "Friends & Family",
      "description": "",
      "usage_count": 49605,
      "creator_id": "132837293881950208",
      "creator": {
        "id": "132837293881950208",
        "username": "hoges",
        "avatar": "79b0d9f8c340f2d43e1f78b09f175b62",
        "discriminator": "0001",
        "public_flags": 129
      },
      "created_at": "2020-04-02T21:10:38+00:00",
      "updated_at": "2020-05-01T17:57:38+00:00",
      "source_guild_id": "678070694164299796",
      "serialized_source_guild": {
        "name": "Friends & Family",
        "description": null,
        "region": "us-west",
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "preferred_locale": "en-US",
        "afk_timeout": 300,
        "roles": [
          {"id": 0, "name": "@everyone", "permissions": 104324689, "color": 0, "hoist": false, "mentionable": false}
        ],
        "channels": [
          {"name": "Text Channels", "position": 1, "topic": null, "bitrate": 64000, "user_limit": 0,
           "nsfw": false, "rate_limit_per_user": 0, "parent_id": null, "permission_overwrites": [],
           "id": 1, "type": 4},
          {"name": "general", "position": 1, "topic": null, "bitrate": 64000, "user_limit": 0,
           "nsfw": false, "rate_limit_per_user": 0, "parent_id": 1, "permission_overwrites": [],
           "id": 2, "type": 0}
        ],
        "afk_channel_id": null,
        "system_channel_id": 2,
        "system_channel_flags": 0,
        "icon_hash": null
      },
      "is_dirty": null
    }"#;

    #[test]
    fn example() {
        let template: GuildTemplate = serde_json::from_str(EXAMPLE).unwrap();
        let guild = &template.serialized_source_guild;
        assert_eq!(guild.verification_level, VerificationLevel::None);
        assert_eq!(guild.roles[0].id, TemplateId(0));
        assert_eq!(guild.roles[0].permissions.bits(), 104_324_689);
        assert_eq!(guild.channels[1].parent_id, Some(TemplateId(1)));
        assert_eq!(guild.system_channel_id, Some(TemplateId(2)));
        assert_eq!(template.usage_count, 49_605);
        let value = serde_json::to_value(&template).unwrap();
        assert_eq!(
            value["serialized_source_guild"]["channels"][1]["parent_id"],
            1
        );
        assert_eq!(value["created_at"], "2020-04-02T21:10:38.000000+00:00");
    }

    #[test]
    fn placeholder_ids() {
        assert_eq!(
            serde_json::from_str::<TemplateId>(r#""7""#).unwrap(),
            TemplateId(7)
        );
        assert!(serde_json::from_str::<TemplateId>("-1").is_err());
        assert!(serde_json::from_str::<TemplateId>(r#""x""#).is_err());
    }
}
