//! Applications, their flags, install parameters and role connection metadata.

pub mod command;
mod role_connection;

pub use role_connection::{
    ApplicationRoleConnectionMetadata, ApplicationRoleConnectionMetadataType,
};

use crate::id::Id;
use crate::id::marker::{ApplicationMarker, ChannelMarker, GuildMarker, SkuMarker, UserMarker};
use crate::oauth2::Scope;
use crate::permissions::Permissions;
use crate::team::Team;
use crate::user::User;
use crate::util::image_hash::ImageHash;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A Discord application (app).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Application {
    /// Id of the app.
    pub id: Id<ApplicationMarker>,
    /// Name of the app.
    pub name: String,
    /// Icon hash of the app.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<ImageHash>,
    /// Description of the app.
    pub description: String,
    /// RPC origin URLs, if RPC is enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rpc_origins: Option<Vec<String>>,
    /// When `false`, only the app owner can add the app to guilds.
    pub bot_public: bool,
    /// When `true`, the bot only joins upon completion of the full OAuth2 code grant flow.
    pub bot_require_code_grant: bool,
    /// Partial user object for the bot user associated with the app.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bot: Option<User>,
    /// URL of the app's Terms of Service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terms_of_service_url: Option<String>,
    /// URL of the app's Privacy Policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub privacy_policy_url: Option<String>,
    /// Partial user object for the owner of the app.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<User>,
    /// Hex encoded key for verification in interactions and the GameSDK.
    pub verify_key: String,
    /// The team owning the app, if it belongs to one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<Team>,
    /// Guild associated with the app, such as its support server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
    /// Partial object of the associated guild.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild: Option<ApplicationGuild>,
    /// The id of the "Game SKU" if this app is a game sold on Discord.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_sku_id: Option<Id<SkuMarker>>,
    /// URL slug that links to the store page, if this app is a game sold on Discord.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    /// The app's default rich presence invite cover image hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cover_image: Option<ImageHash>,
    /// The app's legacy public flags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flags: Option<ApplicationFlags>,
    /// The app's public flags, sent as a string.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "flags_as_string"
    )]
    pub flags_new: Option<ApplicationFlags>,
    /// Approximate count of guilds the app has been added to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approximate_guild_count: Option<u64>,
    /// Approximate count of users that have installed the app.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approximate_user_install_count: Option<u64>,
    /// Approximate count of users that have OAuth2 authorizations for the app.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approximate_user_authorization_count: Option<u64>,
    /// Redirect URIs for the app.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect_uris: Option<Vec<String>>,
    /// Interactions endpoint URL for the app.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interactions_endpoint_url: Option<String>,
    /// Role connection verification URL for the app.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_connections_verification_url: Option<String>,
    /// Event webhooks URL for the app to receive webhook events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_webhooks_url: Option<String>,
    /// Whether webhook events are enabled for the app.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_webhooks_status: Option<ApplicationEventWebhookStatus>,
    /// Webhook event types the app subscribes to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_webhooks_types: Option<Vec<WebhookEventType>>,
    /// Tags describing the content and functionality of the app.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    /// Settings for the app's default in-app authorization link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub install_params: Option<InstallParams>,
    /// Default scopes and permissions for each supported installation context.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integration_types_config:
        Option<HashMap<ApplicationIntegrationType, ApplicationIntegrationTypeConfiguration>>,
    /// Default custom authorization URL for the app.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_install_url: Option<String>,
    /// Whether the app has an incoming webhook (undocumented; sent in
    /// authorization information).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hook: Option<bool>,
}

/// An application as sent in the gateway's `READY` event: its id and flags.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PartialApplication {
    /// Id of the app.
    pub id: Id<ApplicationMarker>,
    /// The app's public flags.
    pub flags: ApplicationFlags,
}

/// The partial guild associated with an [`Application`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ApplicationGuild {
    /// The guild's id.
    pub id: Id<GuildMarker>,
    /// The guild's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The guild's icon hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<ImageHash>,
    /// The guild's description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The guild's enabled features.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub features: Option<Vec<String>>,
}

/// Serde for [`ApplicationFlags`] sent as a string (`flags_new`).
mod flags_as_string {
    use super::ApplicationFlags;
    use serde::de::{Deserializer, Error, Unexpected, Visitor};
    use serde::ser::Serializer;
    use std::fmt::{self, Formatter};

    #[allow(clippy::ref_option)] // serde passes a reference.
    pub(super) fn serialize<S: Serializer>(
        value: &Option<ApplicationFlags>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(flags) => serializer.collect_str(&flags.bits()),
            None => serializer.serialize_none(),
        }
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<ApplicationFlags>, D::Error> {
        deserializer.deserialize_option(OptionVisitor)
    }

    struct OptionVisitor;

    impl<'de> Visitor<'de> for OptionVisitor {
        type Value = Option<ApplicationFlags>;

        fn expecting(&self, f: &mut Formatter<'_>) -> fmt::Result {
            f.write_str("application flags as a string or an integer")
        }

        fn visit_none<E: Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_unit<E: Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(
            self,
            deserializer: D,
        ) -> Result<Self::Value, D::Error> {
            deserializer.deserialize_any(self)
        }

        fn visit_u64<E: Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Some(ApplicationFlags::from_bits_retain(v)))
        }

        fn visit_i64<E: Error>(self, v: i64) -> Result<Self::Value, E> {
            u64::try_from(v)
                .map(|v| Some(ApplicationFlags::from_bits_retain(v)))
                .map_err(|_| E::invalid_value(Unexpected::Signed(v), &self))
        }

        fn visit_str<E: Error>(self, v: &str) -> Result<Self::Value, E> {
            v.parse()
                .map(|v| Some(ApplicationFlags::from_bits_retain(v)))
                .map_err(|_| E::invalid_value(Unexpected::Str(v), &self))
        }
    }
}

crate::int_enum! {
    /// Where an app can be installed, also called its supported installation contexts.
    pub enum ApplicationIntegrationType: u8 {
        /// App is installable to servers.
        GuildInstall = 0,
        /// App is installable to users.
        UserInstall = 1,
    }
}

/// Default scopes and permissions for one installation context.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ApplicationIntegrationTypeConfiguration {
    /// Install params for the context's default in-app authorization link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oauth2_install_params: Option<InstallParams>,
}

crate::int_enum! {
    /// The type of an application (settable on an application).
    pub enum ApplicationType: u8 {
        /// An application for guild role subscriptions.
        GuildRoleSubscriptions = 4,
    }
}

crate::int_enum! {
    /// Whether an application's interactions are scanned by the explicit
    /// content filter.
    pub enum ApplicationExplicitContentFilter: u8 {
        /// As the guild's content filter says.
        Inherit = 0,
        /// Always scanned.
        Always = 1,
    }
}

crate::int_enum! {
    /// Whether webhook events are enabled for an app.
    pub enum ApplicationEventWebhookStatus: u8 {
        /// Webhook events are disabled by the developer.
        Disabled = 1,
        /// Webhook events are enabled by the developer.
        Enabled = 2,
        /// Webhook events are disabled by Discord, usually due to inactivity.
        DisabledByDiscord = 3,
    }
}

crate::str_enum! {
    /// A webhook event type an app can subscribe to
    /// (events/webhook-events.mdx, "Event Types").
    pub enum WebhookEventType {
        /// An app was authorized by a user to a server or their account.
        ApplicationAuthorized = "APPLICATION_AUTHORIZED",
        /// An app was deauthorized by a user.
        ApplicationDeauthorized = "APPLICATION_DEAUTHORIZED",
        /// An entitlement was created.
        EntitlementCreate = "ENTITLEMENT_CREATE",
        /// An entitlement was updated.
        EntitlementUpdate = "ENTITLEMENT_UPDATE",
        /// An entitlement was deleted.
        EntitlementDelete = "ENTITLEMENT_DELETE",
        /// A user was added to a Quest.
        QuestUserEnrollment = "QUEST_USER_ENROLLMENT",
        /// A message was created in a lobby.
        LobbyMessageCreate = "LOBBY_MESSAGE_CREATE",
        /// A message was updated in a lobby.
        LobbyMessageUpdate = "LOBBY_MESSAGE_UPDATE",
        /// A message was deleted from a lobby.
        LobbyMessageDelete = "LOBBY_MESSAGE_DELETE",
        /// A direct message was created during a Social SDK session.
        GameDirectMessageCreate = "GAME_DIRECT_MESSAGE_CREATE",
        /// A direct message was updated during a Social SDK session.
        GameDirectMessageUpdate = "GAME_DIRECT_MESSAGE_UPDATE",
        /// A direct message was deleted during a Social SDK session.
        GameDirectMessageDelete = "GAME_DIRECT_MESSAGE_DELETE",
    }
}

crate::flags! {
    /// Public flags of an application.
    pub struct ApplicationFlags: u64 {
        /// The app uses the auto moderation API.
        const APPLICATION_AUTO_MODERATION_RULE_CREATE_BADGE = 1 << 6;
        /// Presence intent for bots in 100 or more servers.
        const GATEWAY_PRESENCE = 1 << 12;
        /// Presence intent for bots in under 100 servers.
        const GATEWAY_PRESENCE_LIMITED = 1 << 13;
        /// Guild members intent for bots in 100 or more servers.
        const GATEWAY_GUILD_MEMBERS = 1 << 14;
        /// Guild members intent for bots in under 100 servers.
        const GATEWAY_GUILD_MEMBERS_LIMITED = 1 << 15;
        /// Unusual growth of the app prevents verification.
        const VERIFICATION_PENDING_GUILD_LIMIT = 1 << 16;
        /// The app is embedded within the Discord client.
        const EMBEDDED = 1 << 17;
        /// Message content intent for bots in 100 or more servers.
        const GATEWAY_MESSAGE_CONTENT = 1 << 18;
        /// Message content intent for bots in under 100 servers.
        const GATEWAY_MESSAGE_CONTENT_LIMITED = 1 << 19;
        /// The app has registered global application commands.
        const APPLICATION_COMMAND_BADGE = 1 << 23;
    }
}

/// Settings for an app's default in-app authorization link.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct InstallParams {
    /// Scopes to add the application to the server with.
    pub scopes: Vec<Scope>,
    /// Permissions to request for the bot role.
    pub permissions: Permissions,
}

/// A running instance of an activity (an embedded app).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ActivityInstance {
    /// Application id.
    pub application_id: Id<ApplicationMarker>,
    /// Activity instance id.
    pub instance_id: String,
    /// Unique identifier for the launch.
    pub launch_id: String,
    /// Location the instance is running in.
    pub location: ActivityLocation,
    /// Ids of the users currently connected to the instance.
    pub users: Vec<Id<UserMarker>>,
}

/// Where an [`ActivityInstance`] is running.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ActivityLocation {
    /// Unique identifier for the location.
    pub id: String,
    /// Kind of location.
    pub kind: ActivityLocationKind,
    /// Id of the channel.
    pub channel_id: Id<ChannelMarker>,
    /// Id of the guild.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
}

crate::str_enum! {
    /// The kind of an [`ActivityLocation`].
    pub enum ActivityLocationKind {
        /// A guild channel.
        GuildChannel = "gc",
        /// A private channel, such as a DM or group DM.
        PrivateChannel = "pc",
    }
}

/// An attachment uploaded for an activity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActivityAttachment {
    /// The uploaded attachment.
    pub attachment: crate::message::Attachment,
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::test_support::round_trip;

    const APPLICATION: &str = r#"{
      "bot_public": true,
      "bot_require_code_grant": false,
      "cover_image": "31deabb7e45b6c8ecfef77d2f99c81a5",
      "description": "Test",
      "flags": 8192,
      "flags_new": "8192",
      "guild_id": "290926798626357260",
      "icon": null,
      "id": "172150183260323840",
      "integration_types_config": {
        "0": {
          "oauth2_install_params": {
            "scopes": ["applications.commands", "bot"],
            "permissions": "2048"
          }
        },
        "1": {
          "oauth2_install_params": {
            "scopes": ["applications.commands"],
            "permissions": "0"
          }
        }
      },
      "name": "Baba O-Riley",
      "interactions_endpoint_url": null,
      "role_connections_verification_url": null,
      "event_webhooks_url": null,
      "event_webhooks_status": 1,
      "event_webhooks_types": ["ENTITLEMENT_CREATE", "A_FUTURE_EVENT"],
      "owner": {
        "avatar": null,
        "discriminator": "1738",
        "flags": 1024,
        "id": "172150183260323840",
        "username": "i own a bot"
      },
      "primary_sku_id": "172150183260323840",
      "slug": "test",
      "team": {
        "name": "A team",
        "icon": "dd9b7dcfdf5351b9c3de0fe167bacbe1",
        "id": "531992624043786253",
        "owner_user_id": "511972282709709995",
        "members": [
          {
            "membership_state": 2,
            "permissions": ["*"],
            "team_id": "531992624043786253",
            "user": {
              "avatar": "d9e261cd35999608eb7e3de1fae3688b",
              "discriminator": "0001",
              "id": "511972282709709995",
              "username": "Mr Owner"
            }
          }
        ]
      },
      "verify_key": "1e0a356058d627ca38a5c8c9648818061d49e49bd9da9e3ab17d98ad4d6bg2u8"
    }"#;

    #[test]
    fn application_example() {
        let app: Application = round_trip(APPLICATION);
        assert_eq!(app.flags, Some(ApplicationFlags::GATEWAY_PRESENCE_LIMITED));
        assert_eq!(app.flags_new, app.flags);
        assert_eq!(
            app.event_webhooks_status,
            Some(ApplicationEventWebhookStatus::Disabled)
        );
        assert_eq!(
            app.event_webhooks_types.as_deref(),
            Some(
                &[
                    WebhookEventType::EntitlementCreate,
                    WebhookEventType::Unknown("A_FUTURE_EVENT".into())
                ][..]
            )
        );
        let config = app.integration_types_config.as_ref().unwrap();
        let guild = config[&ApplicationIntegrationType::GuildInstall]
            .oauth2_install_params
            .as_ref()
            .unwrap();
        assert_eq!(guild.scopes, [Scope::ApplicationsCommands, Scope::Bot]);
        assert_eq!(guild.permissions.bits(), 2048);
        assert!(config.contains_key(&ApplicationIntegrationType::UserInstall));
        assert_eq!(app.team.as_ref().unwrap().members[0].user.discriminator, 1);
    }

    #[test]
    fn authorization_information() {
        let json = r#"{
            "application": {
                "id": "159799960412356608",
                "name": "AIRHORN SOLUTIONS",
                "icon": "f03590d3eb764081d154a66340ea7d6d",
                "description": "",
                "hook": true,
                "bot_public": true,
                "bot_require_code_grant": false,
                "verify_key": "c8cde6a3c8c6e49d86af3191287b3ce255872be1fff6dc285bdb420c06a2c3c8"
            },
            "scopes": ["guilds.join", "identify"],
            "expires": "2021-01-23T02:33:17.017000+00:00",
            "user": {
                "id": "268473310986240001",
                "username": "discord",
                "avatar": "f749bb0cbeeb26ef21eca719337d20f1",
                "discriminator": "0",
                "global_name": "Discord",
                "public_flags": 131072
            }
        }"#;
        let info: crate::oauth2::CurrentAuthorizationInformation = round_trip(json);
        assert_eq!(info.scopes, [Scope::GuildsJoin, Scope::Identify]);
        assert_eq!(info.user.unwrap().discriminator, 0);
    }

    #[test]
    fn unknowns_and_errors() {
        let flags: ApplicationFlags =
            serde_json::from_str(&((1_u64 << 50) | (1 << 6)).to_string()).unwrap();
        assert!(flags.contains(ApplicationFlags::APPLICATION_AUTO_MODERATION_RULE_CREATE_BADGE));
        assert_eq!(flags.bits(), (1 << 50) | (1 << 6));
        assert_eq!(
            serde_json::from_str::<ApplicationIntegrationType>("5").unwrap(),
            ApplicationIntegrationType::Unknown(5)
        );
        let bad = APPLICATION.replace(r#""flags_new": "8192""#, r#""flags_new": "x""#);
        assert!(serde_json::from_str::<Application>(&bad).is_err());
        let partial: PartialApplication =
            serde_json::from_str(r#"{"id":"1","flags":8192}"#).unwrap();
        assert_eq!(partial.flags, ApplicationFlags::GATEWAY_PRESENCE_LIMITED);
    }

    #[test]
    fn activity_instance() {
        let json = r#"{"application_id":"1215413995645968394","instance_id":"i-1276580072400224306-gc-912952092627435520-912954213460484116","launch_id":"1276580072400224306","location":{"id":"gc-912952092627435520-912954213460484116","kind":"gc","channel_id":"912954213460484116","guild_id":"912952092627435520"},"users":["205519959982473217"]}"#;
        let instance: ActivityInstance = round_trip(json);
        assert_eq!(instance.location.kind, ActivityLocationKind::GuildChannel);
    }
}
