//! Guild integrations.

use crate::Timestamp;
use crate::id::{
    Id,
    marker::{ApplicationMarker, GuildMarker, IntegrationMarker, RoleMarker},
};
use crate::user::User;
use crate::util::image_hash::ImageHash;
use serde::{Deserialize, Serialize};

/// An integration of a guild: a bot, or a Twitch, YouTube or role
/// subscription connection.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Integration {
    /// Integration id.
    pub id: Id<IntegrationMarker>,
    /// Integration name.
    pub name: String,
    /// Integration type.
    #[serde(rename = "type")]
    pub kind: IntegrationType,
    /// Whether this integration is enabled.
    pub enabled: bool,
    /// Whether this integration is syncing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub syncing: Option<bool>,
    /// Id that this integration uses for "subscribers".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_id: Option<Id<RoleMarker>>,
    /// Whether emoticons should be synced for this integration (Twitch only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_emoticons: Option<bool>,
    /// The behaviour of expiring subscribers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expire_behavior: Option<IntegrationExpireBehavior>,
    /// The grace period (in days) before expiring subscribers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expire_grace_period: Option<u32>,
    /// User for this integration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<User>,
    /// Integration account information.
    pub account: IntegrationAccount,
    /// When this integration was last synced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub synced_at: Option<Timestamp>,
    /// How many subscribers this integration has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subscriber_count: Option<u64>,
    /// Whether this integration has been revoked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked: Option<bool>,
    /// The bot/OAuth2 application for Discord integrations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application: Option<IntegrationApplication>,
    /// The OAuth2 scopes the application has been authorised for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<String>>,
    /// The guild's id, sent only in `INTEGRATION_CREATE` and `INTEGRATION_UPDATE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
}

crate::str_enum! {
    /// The type of an integration.
    pub enum IntegrationType {
        /// A Twitch integration.
        Twitch = "twitch",
        /// A YouTube integration.
        Youtube = "youtube",
        /// A Discord bot or application.
        Discord = "discord",
        /// A role subscription.
        GuildSubscription = "guild_subscription",
    }
}

crate::int_enum! {
    /// What happens to a subscriber whose subscription expires.
    pub enum IntegrationExpireBehavior: u8 {
        /// Remove the role.
        RemoveRole = 0,
        /// Kick the member.
        Kick = 1,
    }
}

/// The account of an integration.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct IntegrationAccount {
    /// Id of the account.
    pub id: String,
    /// Name of the account.
    pub name: String,
}

/// The application of a Discord integration.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IntegrationApplication {
    /// The id of the app.
    pub id: Id<ApplicationMarker>,
    /// The name of the app.
    pub name: String,
    /// The icon hash of the app.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<ImageHash>,
    /// The description of the app.
    pub description: String,
    /// The bot associated with this application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bot: Option<User>,
}

#[cfg(test)]
mod tests {
    use super::{Integration, IntegrationExpireBehavior, IntegrationType};
    use crate::guild::test_support::round_trip;

    #[test]
    fn twitch_and_bot() {
        let twitch: Integration = round_trip(
            r#"{"id":"33590653072239123","name":"A Name","type":"twitch","enabled":true,
                "syncing":false,"role_id":"33590653072239124","enable_emoticons":true,
                "expire_behavior":1,"expire_grace_period":3,"user":@USER@,
                "account":{"id":"1234567","name":"Name"},
                "synced_at":"2021-03-31T18:45:31.297561+00:00","subscriber_count":0,"revoked":false}"#,
        );
        assert_eq!(twitch.kind, IntegrationType::Twitch);
        assert_eq!(
            twitch.expire_behavior,
            Some(IntegrationExpireBehavior::Kick)
        );
        let bot: Integration = round_trip(
            r#"{"id":"1","name":"Bot","type":"discord","enabled":true,
                "account":{"id":"2","name":"Bot"},
                "application":{"id":"2","name":"Bot","icon":null,"description":"","bot":@USER@},
                "scopes":["bot","applications.commands"],"guild_id":"3"}"#,
        );
        assert_eq!(bot.application.unwrap().id.get(), 2);
        assert_eq!(bot.scopes.unwrap().len(), 2);
    }

    #[test]
    fn unknown_type_and_malformed() {
        let kind: IntegrationType = serde_json::from_str(r#""kick""#).unwrap();
        assert_eq!(kind.as_str(), "kick");
        assert!(
            serde_json::from_str::<Integration>(r#"{"id":"1","name":"x","type":"discord"}"#)
                .is_err()
        );
    }
}
