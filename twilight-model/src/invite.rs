//! Invites.

use crate::Timestamp;
use crate::application::ApplicationFlags;
use crate::channel::ChannelType;
use crate::id::Id;
use crate::id::marker::{
    ApplicationMarker, ChannelMarker, GuildMarker, RoleMarker, SkuMarker, UserMarker,
};
use crate::scheduled_event::GuildScheduledEvent;
use crate::user::User;
use crate::util::image_hash::ImageHash;
use serde::{Deserialize, Serialize};

/// A code that adds a user to a guild, group DM or friends list, with the
/// invite metadata fields (returned when listing invites) folded in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Invite {
    /// The type of invite.
    #[serde(rename = "type")]
    pub kind: InviteType,
    /// The invite code (unique id).
    pub code: String,
    /// The guild this invite is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild: Option<InviteGuild>,
    /// The id of the guild this invite is for (sent alongside `guild`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
    /// The channel this invite is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<InviteChannel>,
    /// The user who created the invite.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inviter: Option<User>,
    /// The type of target for this voice channel invite.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_type: Option<InviteTargetType>,
    /// The user whose stream to display for this voice channel stream invite.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_user: Option<User>,
    /// The embedded application to open for this voice channel embedded
    /// application invite.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_application: Option<InviteApplication>,
    /// Approximate count of online members (with `with_counts`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approximate_presence_count: Option<u64>,
    /// Approximate count of total members (with `with_counts`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approximate_member_count: Option<u64>,
    /// The expiration date of this invite.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<Timestamp>,
    /// Guild scheduled event data, when a valid event id was requested.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_scheduled_event: Option<GuildScheduledEvent>,
    /// Guild invite flags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flags: Option<InviteFlags>,
    /// The roles assigned to the user upon accepting the invite.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<InviteRole>>,
    /// Number of times this invite has been used (invite metadata).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uses: Option<u64>,
    /// Max number of times this invite can be used (invite metadata).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_uses: Option<u64>,
    /// Duration in seconds after which the invite expires (invite metadata).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_age: Option<u64>,
    /// Whether this invite only grants temporary membership (invite metadata).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temporary: Option<bool>,
    /// When this invite was created (invite metadata).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Timestamp>,
}

crate::int_enum! {
    /// The type of an [`Invite`].
    pub enum InviteType: u8 {
        /// A guild invite.
        Guild = 0,
        /// A group DM invite.
        GroupDm = 1,
        /// A friend invite.
        Friend = 2,
    }
}

crate::int_enum! {
    /// The type of target of a voice channel invite.
    pub enum InviteTargetType: u8 {
        /// A user's stream.
        Stream = 1,
        /// An embedded application.
        EmbeddedApplication = 2,
    }
}

crate::flags! {
    /// Flags of a guild invite.
    pub struct InviteFlags: u64 {
        /// The invite is a guest invite for a voice channel.
        const IS_GUEST_INVITE = 1 << 0;
    }
}

/// The partial guild of an [`Invite`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct InviteGuild {
    /// The guild's id.
    pub id: Id<GuildMarker>,
    /// The guild's name.
    pub name: String,
    /// The guild's splash hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub splash: Option<ImageHash>,
    /// The guild's banner hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub banner: Option<ImageHash>,
    /// The guild's description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The guild's icon hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<ImageHash>,
    /// The guild's enabled features.
    #[serde(default)]
    pub features: Vec<String>,
    /// The guild's verification level (raw value).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification_level: Option<u8>,
    /// The guild's vanity invite code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vanity_url_code: Option<String>,
    /// The guild's NSFW level (raw value).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nsfw_level: Option<u8>,
    /// Whether the guild is NSFW.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nsfw: Option<bool>,
    /// The number of boosts the guild has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub premium_subscription_count: Option<u64>,
}

/// The partial channel of an [`Invite`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct InviteChannel {
    /// The channel's id.
    pub id: Id<ChannelMarker>,
    /// The channel's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The channel's type.
    #[serde(rename = "type")]
    pub kind: ChannelType,
    /// The group DM's icon hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<ImageHash>,
    /// The group DM's recipients.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipients: Option<Vec<InviteChannelRecipient>>,
}

/// A recipient of a group DM [`InviteChannel`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct InviteChannelRecipient {
    /// The user's id.
    pub id: Id<UserMarker>,
    /// The user's username.
    pub username: String,
    /// The user's avatar hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar: Option<ImageHash>,
}

/// The partial application of an embedded application [`Invite`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct InviteApplication {
    /// Id of the app.
    pub id: Id<ApplicationMarker>,
    /// Name of the app.
    pub name: String,
    /// Icon hash of the app.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<ImageHash>,
    /// Description of the app.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The app's default rich presence invite cover image hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cover_image: Option<ImageHash>,
    /// The id of the "Game SKU" if this app is a game sold on Discord.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_sku_id: Option<Id<SkuMarker>>,
    /// Partial user object for the bot user associated with the app.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bot: Option<User>,
    /// URL slug that links to the store page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    /// Guild associated with the app.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
    /// RPC origin URLs, if RPC is enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rpc_origins: Option<Vec<String>>,
    /// When `false`, only the app owner can add the app to guilds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bot_public: Option<bool>,
    /// Whether the bot only joins upon completion of the full OAuth2 code grant flow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bot_require_code_grant: Option<bool>,
    /// URL of the app's Terms of Service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terms_of_service_url: Option<String>,
    /// URL of the app's Privacy Policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub privacy_policy_url: Option<String>,
    /// Default custom authorization URL for the app.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_install_url: Option<String>,
    /// Hex encoded key for verification in interactions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verify_key: Option<String>,
    /// The app's public flags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flags: Option<ApplicationFlags>,
    /// Maximum participants of the embedded activity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_participants: Option<i64>,
    /// Tags describing the content and functionality of the app.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
}

/// A partial role assigned upon accepting an [`Invite`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct InviteRole {
    /// The role's id.
    pub id: Id<RoleMarker>,
    /// The role's name.
    pub name: String,
    /// The role's position.
    pub position: i64,
    /// The role's colour (deprecated in favour of `colors`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<u32>,
    /// The role's colours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub colors: Option<InviteRoleColors>,
    /// The role's icon hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<ImageHash>,
    /// The role's unicode emoji.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unicode_emoji: Option<String>,
}

/// The colours of an [`InviteRole`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct InviteRoleColors {
    /// The primary colour.
    pub primary_color: u32,
    /// The secondary colour (gradient).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secondary_color: Option<u32>,
    /// The tertiary colour (holographic).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tertiary_color: Option<u32>,
}

/// The `INVITE_CREATE` gateway event.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct InviteCreate {
    /// Channel the invite is for.
    pub channel_id: Id<ChannelMarker>,
    /// Unique invite code.
    pub code: String,
    /// Time at which the invite was created.
    pub created_at: Timestamp,
    /// Guild of the invite.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
    /// User that created the invite.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inviter: Option<User>,
    /// How long the invite is valid for, in seconds.
    pub max_age: u64,
    /// Maximum number of times the invite can be used.
    pub max_uses: u64,
    /// Type of target for this voice channel invite.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_type: Option<InviteTargetType>,
    /// User whose stream to display for this voice channel stream invite.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_user: Option<User>,
    /// Embedded application to open for this voice channel embedded application invite.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_application: Option<InviteApplication>,
    /// Whether the invite is temporary.
    pub temporary: bool,
    /// How many times the invite has been used (always 0).
    pub uses: u64,
    /// The expiration date of this invite.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<Timestamp>,
    /// The roles given to users that accept this invite.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_ids: Option<Vec<Id<RoleMarker>>>,
}

/// The `INVITE_DELETE` gateway event.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct InviteDelete {
    /// Channel of the invite.
    pub channel_id: Id<ChannelMarker>,
    /// Guild of the invite.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
    /// Unique invite code.
    pub code: String,
}

/// Progress of the job that stores an invite's target users.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetUsersJobStatus {
    /// Where the job stands.
    pub status: TargetUsersJobState,
    /// Users in the uploaded file.
    pub total_users: u64,
    /// Users processed so far.
    pub processed_users: u64,
    /// When the job started.
    pub created_at: Option<Timestamp>,
    /// When it completed.
    pub completed_at: Option<Timestamp>,
    /// Why it failed.
    pub error_message: Option<String>,
}

crate::int_enum! {
    /// Where a target users job stands.
    pub enum TargetUsersJobState: u8 {
        /// Not stated.
        Unspecified = 0,
        /// Still being processed.
        Processing = 1,
        /// Completed.
        Completed = 2,
        /// Failed (see `error_message`).
        Failed = 3,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::test_support::round_trip;

    #[test]
    fn invite_example() {
        let invite: Invite = round_trip(
            r#"{
              "type": 0,
              "code": "0vCdhLbwjZZTWZLD",
              "guild": {
                "id": "165176875973476352",
                "name": "CS:GO Fraggers Only",
                "splash": null,
                "banner": null,
                "description": "Very good description",
                "icon": null,
                "features": ["NEWS", "DISCOVERABLE"],
                "verification_level": 2,
                "vanity_url_code": null,
                "nsfw_level": 0,
                "premium_subscription_count": 5
              },
              "channel": {
                "id": "165176875973476352",
                "name": "illuminati",
                "type": 0
              },
              "inviter": {
                "id": "115590097100865541",
                "username": "speed",
                "avatar": "deadbeef",
                "discriminator": "7653",
                "public_flags": 131328
              },
              "target_type": 1,
              "target_user": {
                "id": "165176875973476352",
                "username": "bob",
                "avatar": "deadbeef",
                "discriminator": "1234",
                "public_flags": 64
              }
            }"#,
        );
        assert_eq!(invite.kind, InviteType::Guild);
        assert_eq!(invite.target_type, Some(InviteTargetType::Stream));
        assert_eq!(invite.guild.unwrap().features, ["NEWS", "DISCOVERABLE"]);
    }

    #[test]
    fn metadata_and_roles() {
        let invite: Invite = round_trip(
            r#"{"type":0,"code":"abc","expires_at":null,"uses":0,"max_uses":0,"max_age":0,"temporary":false,"created_at":"2016-03-31T19:15:39.954000+00:00","flags":3,"roles":[{"id":"1","name":"r","position":2,"color":0,"colors":{"primary_color":255,"secondary_color":null,"tertiary_color":null},"icon":null,"unicode_emoji":null}]}"#,
        );
        assert_eq!(invite.max_age, Some(0));
        let flags = invite.flags.unwrap();
        assert!(flags.contains(InviteFlags::IS_GUEST_INVITE));
        assert_eq!(flags.bits(), 3);
        assert_eq!(invite.roles.unwrap()[0].colors.unwrap().primary_color, 255);
    }

    #[test]
    fn events() {
        let create: InviteCreate = round_trip(
            r#"{"channel_id":"1","code":"abc","created_at":"2016-03-31T19:15:39.954000+00:00","guild_id":"2","max_age":3600,"max_uses":0,"temporary":false,"uses":0,"expires_at":"2016-03-31T20:15:39.954000+00:00","role_ids":["3"],"target_type":2,"target_application":{"id":"4","name":"Watch Together","icon":null,"description":"","flags":0}}"#,
        );
        assert_eq!(
            create.target_type,
            Some(InviteTargetType::EmbeddedApplication)
        );
        let delete: InviteDelete = round_trip(r#"{"channel_id":"1","code":"abc"}"#);
        assert_eq!(delete.code, "abc");
    }

    #[test]
    fn unknowns_and_errors() {
        assert_eq!(
            serde_json::from_str::<InviteType>("3").unwrap(),
            InviteType::Unknown(3)
        );
        assert_eq!(
            serde_json::from_str::<InviteTargetType>("3").unwrap(),
            InviteTargetType::Unknown(3)
        );
        assert!(serde_json::from_str::<Invite>(r#"{"type":0}"#).is_err());
    }
}
