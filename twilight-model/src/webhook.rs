//! Webhooks.

use crate::id::Id;
use crate::id::marker::{ApplicationMarker, ChannelMarker, GuildMarker, WebhookMarker};
use crate::user::User;
use crate::util::image_hash::ImageHash;
use serde::{Deserialize, Serialize};

/// A low-effort way to post messages to channels, without a bot user.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Webhook {
    /// The id of the webhook.
    pub id: Id<WebhookMarker>,
    /// The type of the webhook.
    #[serde(rename = "type")]
    pub kind: WebhookType,
    /// The guild id this webhook is for, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
    /// The channel id this webhook is for, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_id: Option<Id<ChannelMarker>>,
    /// The user this webhook was created by (not returned when getting a
    /// webhook with its token).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<User>,
    /// The default name of the webhook.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The default user avatar hash of the webhook.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar: Option<ImageHash>,
    /// The secure token of the webhook (returned for incoming webhooks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<crate::util::secret::Secret>,
    /// The bot/OAuth2 application that created this webhook.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_id: Option<Id<ApplicationMarker>>,
    /// The guild of the channel that this webhook is following (channel
    /// follower webhooks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_guild: Option<WebhookSourceGuild>,
    /// The channel that this webhook is following (channel follower webhooks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_channel: Option<WebhookSourceChannel>,
    /// The URL used for executing the webhook (returned by the webhooks
    /// OAuth2 flow). It ends with the webhook's token, so it is a secret
    /// too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<crate::util::secret::Secret>,
}

crate::int_enum! {
    /// The type of a [`Webhook`].
    pub enum WebhookType: u8 {
        /// Posts messages to channels with a generated token.
        Incoming = 1,
        /// Internal webhook used with channel following to post new messages into channels.
        ChannelFollower = 2,
        /// Webhook used with interactions.
        Application = 3,
    }
}

/// The partial guild a channel follower [`Webhook`] follows.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct WebhookSourceGuild {
    /// The guild's id.
    pub id: Id<GuildMarker>,
    /// The guild's name.
    pub name: String,
    /// The guild's icon hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<ImageHash>,
}

/// The partial channel a channel follower [`Webhook`] follows.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct WebhookSourceChannel {
    /// The channel's id.
    pub id: Id<ChannelMarker>,
    /// The channel's name.
    pub name: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(json: &str) -> Webhook {
        crate::test_support::round_trip(json)
    }

    #[test]
    fn examples() {
        let incoming = round_trip(
            r#"{
              "name": "test webhook",
              "type": 1,
              "channel_id": "199737254929760256",
              "token": "3d89bb7572e0fb30d8128367b3b1b44fecd1726de135cbe28a41f8b2f777c372ba2939e72279b94526ff5d1bd4358d65cf11",
              "avatar": null,
              "guild_id": "199737254929760256",
              "id": "223704706495545344",
              "application_id": null,
              "user": {
                "username": "test",
                "discriminator": "7479",
                "id": "190320984123768832",
                "avatar": "b004ec1740a63ca06ae2e14c5cee11f3",
                "public_flags": 131328
              }
            }"#,
        );
        assert_eq!(incoming.kind, WebhookType::Incoming);
        assert!(incoming.token.is_some());

        let follower = round_trip(
            r#"{
              "type": 2,
              "id": "752831914402115456",
              "name": "Guildy name",
              "avatar": "bb71f469c158984e265093a81b3397fb",
              "channel_id": "561885260615255432",
              "guild_id": "56188498421443265",
              "application_id": null,
              "source_guild": {
                "id": "56188498421476534",
                "name": "Guildy name",
                "icon": "bb71f469c158984e265093a81b3397fb"
              },
              "source_channel": {
                "id": "5618852344134324",
                "name": "announcements"
              },
              "user": {
                "username": "test",
                "discriminator": "7479",
                "id": "190320984123768832",
                "avatar": "b004ec1740a63ca06ae2e14c5cee11f3",
                "public_flags": 131328
              }
            }"#,
        );
        assert_eq!(follower.source_channel.unwrap().name, "announcements");

        let application = round_trip(
            r#"{
              "type": 3,
              "id": "658822586720976555",
              "name": "Clyde",
              "avatar": "689161dc90ac261d00f1608694ac6bfd",
              "channel_id": null,
              "guild_id": null,
              "application_id": "658822586720976555"
            }"#,
        );
        assert_eq!(application.kind, WebhookType::Application);
    }

    #[test]
    fn unknowns_and_errors() {
        assert_eq!(
            serde_json::from_str::<WebhookType>("4").unwrap(),
            WebhookType::Unknown(4)
        );
        assert!(serde_json::from_str::<Webhook>(r#"{"id":"0","type":1}"#).is_err());
    }
}
