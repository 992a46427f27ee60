//! OAuth2 scopes and authorization information.

use crate::Timestamp;
use crate::application::Application;
use crate::guild::Guild;
use crate::user::User;
use crate::util::secret::Secret;
use crate::webhook::Webhook;
use serde::{Deserialize, Serialize};

crate::str_enum! {
    /// An OAuth2 scope: what an application may do on a user's behalf.
    pub enum Scope {
        /// Fetch data from a user's "Now Playing/Recently Played" list.
        ActivitiesRead = "activities.read",
        /// Update a user's activity.
        ActivitiesWrite = "activities.write",
        /// Send activity invites.
        ActivitiesInvitesWrite = "activities.invites.write",
        /// Read build data for a user's applications.
        ApplicationsBuildsRead = "applications.builds.read",
        /// Upload/update builds for a user's applications.
        ApplicationsBuildsUpload = "applications.builds.upload",
        /// Add commands to a guild.
        ApplicationsCommands = "applications.commands",
        /// Update the application's commands using a bearer token.
        ApplicationsCommandsUpdate = "applications.commands.update",
        /// Update permissions for the application's commands.
        ApplicationsCommandsPermissionsUpdate = "applications.commands.permissions.update",
        /// Read entitlements for a user's applications.
        ApplicationsEntitlements = "applications.entitlements",
        /// Read and update store data for a user's applications.
        ApplicationsStoreUpdate = "applications.store.update",
        /// Put the bot in the user's selected guild.
        Bot = "bot",
        /// Return linked third-party accounts.
        Connections = "connections",
        /// See the user's DMs and group DMs.
        DmChannelsRead = "dm_channels.read",
        /// Return the user's email from `/users/@me`.
        Email = "email",
        /// Join users to a group DM.
        GdmJoin = "gdm.join",
        /// Return basic information about the user's guilds.
        Guilds = "guilds",
        /// Join users to a guild.
        GuildsJoin = "guilds.join",
        /// Read the user's member object in a guild.
        GuildsMembersRead = "guilds.members.read",
        /// Read the user without email.
        Identify = "identify",
        /// Read the user's Nitro subscription type.
        IdentifyPremium = "identify.premium",
        /// Read messages from all client channels over local RPC.
        MessagesRead = "messages.read",
        /// OpenID Connect.
        OpenId = "openid",
        /// Access the user's friends list, requests and blocked users.
        RelationshipsRead = "relationships.read",
        /// Update the user's connection and metadata for the application.
        RoleConnectionsWrite = "role_connections.write",
        /// Control the user's local Discord client over RPC.
        Rpc = "rpc",
        /// Update the user's activity over RPC.
        RpcActivitiesWrite = "rpc.activities.write",
        /// Receive notifications pushed to the user over RPC.
        RpcNotificationsRead = "rpc.notifications.read",
        /// Read screenshare state over RPC.
        RpcScreenshareRead = "rpc.screenshare.read",
        /// Update screenshare state over RPC.
        RpcScreenshareWrite = "rpc.screenshare.write",
        /// Read video state over RPC.
        RpcVideoRead = "rpc.video.read",
        /// Update video state over RPC.
        RpcVideoWrite = "rpc.video.write",
        /// Read the user's voice settings and listen for voice events over RPC.
        RpcVoiceRead = "rpc.voice.read",
        /// Update the user's voice settings over RPC.
        RpcVoiceWrite = "rpc.voice.write",
        /// Connect to voice on the user's behalf.
        Voice = "voice",
        /// Create a webhook returned in the token response.
        WebhookIncoming = "webhook.incoming",
    }
}

/// The response of "Get Current Authorization Information".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CurrentAuthorizationInformation {
    /// The current application.
    pub application: Application,
    /// The scopes the user has authorized the application for.
    pub scopes: Vec<Scope>,
    /// When the access token expires.
    pub expires: Timestamp,
    /// The user who has authorized, if authorized with the `identify` scope.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<User>,
}

/// An OAuth2 access token response.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccessTokenResponse {
    /// The access token.
    pub access_token: Secret,
    /// The type of the token, `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: u64,
    /// The refresh token (absent for client credentials grants).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<Secret>,
    /// Space-separated scopes that were granted.
    pub scope: String,
    /// The guild the bot was added to (extended bot authorization).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild: Option<Box<Guild>>,
    /// The webhook created with the `webhook.incoming` scope.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webhook: Option<Webhook>,
}

/// The public keys that sign Discord's OpenID Connect ID tokens (a JSON
/// Web Key Set).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicKeys {
    /// The keys.
    pub keys: Vec<PublicKey>,
}

/// A JSON Web Key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicKey {
    /// The key type (`RSA`).
    pub kty: String,
    /// What the key is for (`sig`).
    #[serde(rename = "use")]
    pub key_use: String,
    /// The key's id.
    pub kid: String,
    /// The RSA modulus (base64url).
    pub n: String,
    /// The RSA exponent (base64url).
    pub e: String,
    /// The signing algorithm (`RS256`).
    pub alg: String,
}

/// The OpenID Connect claims of the authorized user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenIdUserInfo {
    /// The user's id.
    pub sub: String,
    /// The email (with the `email` scope).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Whether the email is verified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_verified: Option<bool>,
    /// The username.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred_username: Option<String>,
    /// The display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nickname: Option<String>,
    /// The avatar's URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub picture: Option<String>,
    /// The locale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
}

crate::str_enum! {
    /// The kind of external token a provisional account is authenticated
    /// with (the partner SDK's identity providers).
    pub enum ExternalAuthType {
        /// An OpenID Connect ID token.
        Oidc = "OIDC",
        /// An Epic Online Services access token.
        EpicOnlineServicesAccessToken = "EPIC_ONLINE_SERVICES_ACCESS_TOKEN",
        /// An Epic Online Services ID token.
        EpicOnlineServicesIdToken = "EPIC_ONLINE_SERVICES_ID_TOKEN",
        /// A Steam session ticket.
        SteamSessionTicket = "STEAM_SESSION_TICKET",
        /// A Unity Services ID token.
        UnityServicesIdToken = "UNITY_SERVICES_ID_TOKEN",
        /// An access token issued by a Discord bot.
        DiscordBotIssuedAccessToken = "DISCORD_BOT_ISSUED_ACCESS_TOKEN",
        /// An Apple ID token.
        AppleIdToken = "APPLE_ID_TOKEN",
        /// A PlayStation Network ID token.
        PlaystationNetworkIdToken = "PLAYSTATION_NETWORK_ID_TOKEN",
    }
}

/// A token of a provisional account (the partner SDK).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProvisionalToken {
    /// The type of the token, `Bearer`.
    pub token_type: String,
    /// The access token.
    pub access_token: Secret,
    /// Seconds until it expires.
    pub expires_in: u64,
    /// Space-separated scopes granted.
    pub scope: String,
    /// The OpenID Connect ID token.
    pub id_token: Secret,
    /// The refresh token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<Secret>,
    /// The scopes granted, as a list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<String>>,
    /// When it expires, in Unix seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at_s: Option<u64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes() {
        let scopes: Vec<Scope> =
            serde_json::from_str(r#"["guilds.join","identify","new.scope"]"#).unwrap();
        assert_eq!(scopes[0], Scope::GuildsJoin);
        assert_eq!(scopes[1], Scope::Identify);
        assert_eq!(scopes[2].as_str(), "new.scope");
        assert_eq!(
            serde_json::to_string(&scopes).unwrap(),
            r#"["guilds.join","identify","new.scope"]"#
        );
        assert!(serde_json::from_str::<Scope>("3").is_err());
    }

    #[test]
    fn access_token() {
        let json = r#"{"access_token":"6qrZcUqja7812RVdnEKjpzOL4CvHBFG","token_type":"Bearer","expires_in":604800,"refresh_token":"D43f5y0ahjqew82jZ4NViEr2YafMKhue","scope":"identify"}"#;
        let token: AccessTokenResponse = serde_json::from_str(json).unwrap();
        assert_eq!(token.expires_in, 604_800);
        assert_eq!(serde_json::to_string(&token).unwrap(), json);
    }
}
