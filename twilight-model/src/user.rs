//! Users, their flags, connections and avatar decorations.

use crate::id::Id;
use crate::id::marker::{GuildMarker, SkuMarker, UserMarker};
use crate::permissions::Permissions;
use crate::util::image_hash::ImageHash;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A Discord user.
///
/// Partial users (as in an application's `owner` or a team member) use the
/// same type: everything beyond `id`, `username` and `discriminator` is
/// optional.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct User {
    /// The user's id.
    pub id: Id<UserMarker>,
    /// The user's username, not unique across the platform.
    pub username: String,
    /// The user's Discord-tag: `0` for users on the new username system.
    ///
    /// Sent as a string of digits; kept as an integer and written back as
    /// Discord writes it (`"0"`, or four zero-padded digits).
    #[serde(with = "discriminator")]
    pub discriminator: u16,
    /// The user's display name, if it is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub global_name: Option<String>,
    /// The user's avatar hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar: Option<ImageHash>,
    /// Whether the user belongs to an OAuth2 application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bot: Option<bool>,
    /// Whether the user is an official Discord system user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system: Option<bool>,
    /// Whether the user has two factor enabled on their account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mfa_enabled: Option<bool>,
    /// The user's banner hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub banner: Option<ImageHash>,
    /// The user's banner colour as an integer RGB value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accent_color: Option<u32>,
    /// The user's chosen language option.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// Whether the email on this account has been verified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified: Option<bool>,
    /// The user's email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The flags on the user's account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flags: Option<UserFlags>,
    /// The type of Nitro subscription on the user's account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub premium_type: Option<PremiumType>,
    /// The public flags on the user's account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_flags: Option<UserFlags>,
    /// Data for the user's avatar decoration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar_decoration_data: Option<AvatarDecorationData>,
    /// The user's collectibles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collectibles: Option<Collectibles>,
    /// The user's primary guild.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_guild: Option<UserPrimaryGuild>,
}

/// Serde for discriminators: a string of digits (integers are accepted too).
pub(crate) mod discriminator {
    use serde::de::{Deserializer, Error, Unexpected, Visitor};
    use serde::ser::Serializer;
    use std::fmt::{self, Formatter};

    #[allow(clippy::trivially_copy_pass_by_ref)] // serde passes a reference.
    pub(crate) fn serialize<S: Serializer>(value: &u16, serializer: S) -> Result<S::Ok, S::Error> {
        if *value == 0 {
            serializer.serialize_str("0")
        } else {
            serializer.collect_str(&format_args!("{value:04}"))
        }
    }

    struct V;

    impl Visitor<'_> for V {
        type Value = u16;

        fn expecting(&self, f: &mut Formatter<'_>) -> fmt::Result {
            f.write_str("a discriminator: a string of up to four digits")
        }

        fn visit_str<E: Error>(self, v: &str) -> Result<u16, E> {
            if v.is_empty() || v.len() > 4 || !v.bytes().all(|b| b.is_ascii_digit()) {
                return Err(E::invalid_value(Unexpected::Str(v), &self));
            }
            v.parse()
                .map_err(|_| E::invalid_value(Unexpected::Str(v), &self))
        }

        fn visit_u64<E: Error>(self, v: u64) -> Result<u16, E> {
            u16::try_from(v)
                .ok()
                .filter(|v| *v < 10_000)
                .ok_or_else(|| E::invalid_value(Unexpected::Unsigned(v), &self))
        }

        fn visit_i64<E: Error>(self, v: i64) -> Result<u16, E> {
            u16::try_from(v)
                .ok()
                .filter(|v| *v < 10_000)
                .ok_or_else(|| E::invalid_value(Unexpected::Signed(v), &self))
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u16, D::Error> {
        deserializer.deserialize_any(V)
    }
}

crate::flags! {
    /// Flags on a user's account.
    pub struct UserFlags: u64 {
        /// Discord employee.
        const STAFF = 1 << 0;
        /// Partnered server owner.
        const PARTNER = 1 << 1;
        /// HypeSquad events member.
        const HYPESQUAD = 1 << 2;
        /// Bug hunter level 1.
        const BUG_HUNTER_LEVEL_1 = 1 << 3;
        /// House Bravery member.
        const HYPESQUAD_ONLINE_HOUSE_1 = 1 << 6;
        /// House Brilliance member.
        const HYPESQUAD_ONLINE_HOUSE_2 = 1 << 7;
        /// House Balance member.
        const HYPESQUAD_ONLINE_HOUSE_3 = 1 << 8;
        /// Early Nitro supporter.
        const PREMIUM_EARLY_SUPPORTER = 1 << 9;
        /// The user is a team.
        const TEAM_PSEUDO_USER = 1 << 10;
        /// Bug hunter level 2.
        const BUG_HUNTER_LEVEL_2 = 1 << 14;
        /// Verified bot.
        const VERIFIED_BOT = 1 << 16;
        /// Early verified bot developer.
        const VERIFIED_DEVELOPER = 1 << 17;
        /// Moderator programs alumni.
        const CERTIFIED_MODERATOR = 1 << 18;
        /// Bot uses only HTTP interactions and is shown in the online member list.
        const BOT_HTTP_INTERACTIONS = 1 << 19;
    }
}

crate::int_enum! {
    /// The type of Nitro subscription on a user's account.
    pub enum PremiumType: u8 {
        /// No Nitro.
        None = 0,
        /// Nitro Classic.
        NitroClassic = 1,
        /// Nitro.
        Nitro = 2,
        /// Nitro Basic.
        NitroBasic = 3,
    }
}

/// The user's primary guild, whose server tag they display.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct UserPrimaryGuild {
    /// The id of the user's primary guild.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity_guild_id: Option<Id<GuildMarker>>,
    /// Whether the user is displaying the primary guild's server tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity_enabled: Option<bool>,
    /// The text of the user's server tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// The server tag badge hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub badge: Option<ImageHash>,
}

/// The data for a user's avatar decoration.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AvatarDecorationData {
    /// The avatar decoration hash.
    pub asset: ImageHash,
    /// Id of the avatar decoration's SKU.
    pub sku_id: Id<SkuMarker>,
}

/// The collectibles a user has, excluding avatar decorations and profile effects.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Collectibles {
    /// The user's nameplate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nameplate: Option<Nameplate>,
}

/// The nameplate a user has.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Nameplate {
    /// Id of the nameplate SKU.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sku_id: Option<Id<SkuMarker>>,
    /// Path to the nameplate asset.
    pub asset: String,
    /// The label of this nameplate (currently unused).
    pub label: String,
    /// Background colour of the nameplate.
    pub palette: NameplatePalette,
}

crate::str_enum! {
    /// Background colour of a nameplate.
    pub enum NameplatePalette {
        /// Crimson.
        Crimson = "crimson",
        /// Berry.
        Berry = "berry",
        /// Sky.
        Sky = "sky",
        /// Teal.
        Teal = "teal",
        /// Forest.
        Forest = "forest",
        /// Bubble gum.
        BubbleGum = "bubble_gum",
        /// Violet.
        Violet = "violet",
        /// Cobalt.
        Cobalt = "cobalt",
        /// Clover.
        Clover = "clover",
        /// Lemon.
        Lemon = "lemon",
        /// White.
        White = "white",
        /// Black.
        Black = "black",
    }
}

/// A connection (an account on another service) that a user has attached.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Connection {
    /// Id of the connection account.
    pub id: String,
    /// The username of the connection account.
    pub name: String,
    /// The service of this connection.
    #[serde(rename = "type")]
    pub kind: ConnectionService,
    /// Whether the connection is revoked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked: Option<bool>,
    /// Partial server integrations of this connection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integrations: Option<Vec<ConnectionIntegration>>,
    /// Whether the connection is verified.
    pub verified: bool,
    /// Whether friend sync is enabled for this connection.
    pub friend_sync: bool,
    /// Whether activities related to this connection are shown in presence updates.
    pub show_activity: bool,
    /// Whether this connection has a corresponding third party OAuth2 token.
    pub two_way_link: bool,
    /// Visibility of this connection.
    pub visibility: ConnectionVisibility,
}

/// A partial server integration, as listed in a [`Connection`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectionIntegration {
    /// The integration's id.
    pub id: String,
    /// The integration's type (`twitch`, `youtube`, `discord`, ...).
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// The integration's account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<ConnectionIntegrationAccount>,
    /// The guild of the integration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild: Option<ConnectionIntegrationGuild>,
}

/// The account of a [`ConnectionIntegration`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectionIntegrationAccount {
    /// Id of the account.
    pub id: String,
    /// Name of the account.
    pub name: String,
}

/// The partial guild of a [`ConnectionIntegration`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectionIntegrationGuild {
    /// The guild's id.
    pub id: Id<GuildMarker>,
    /// The guild's name.
    pub name: String,
    /// The guild's icon hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<ImageHash>,
}

crate::str_enum! {
    /// The service of a [`Connection`].
    pub enum ConnectionService {
        /// Amazon Music.
        AmazonMusic = "amazon-music",
        /// Battle.net.
        BattleNet = "battlenet",
        /// Bungie.net.
        Bungie = "bungie",
        /// Bluesky.
        Bluesky = "bluesky",
        /// Crunchyroll.
        Crunchyroll = "crunchyroll",
        /// Domain.
        Domain = "domain",
        /// eBay.
        Ebay = "ebay",
        /// Epic Games.
        EpicGames = "epicgames",
        /// Facebook.
        Facebook = "facebook",
        /// GitHub.
        GitHub = "github",
        /// Instagram (can no longer be added).
        Instagram = "instagram",
        /// Mastodon.
        Mastodon = "mastodon",
        /// PayPal.
        PayPal = "paypal",
        /// PlayStation Network.
        PlayStation = "playstation",
        /// Reddit.
        Reddit = "reddit",
        /// Roblox.
        Roblox = "roblox",
        /// Spotify.
        Spotify = "spotify",
        /// Skype (can no longer be added).
        Skype = "skype",
        /// Steam.
        Steam = "steam",
        /// TikTok.
        TikTok = "tiktok",
        /// Twitch.
        Twitch = "twitch",
        /// X (Twitter).
        Twitter = "twitter",
        /// Xbox.
        Xbox = "xbox",
        /// YouTube.
        YouTube = "youtube",
    }
}

crate::int_enum! {
    /// Who can see a [`Connection`].
    pub enum ConnectionVisibility: u8 {
        /// Invisible to everyone except the user themselves.
        None = 0,
        /// Visible to everyone.
        Everyone = 1,
    }
}

/// The role connection object that an application has attached to a user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationRoleConnection {
    /// The vanity name of the platform a bot has connected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform_name: Option<String>,
    /// The username on the platform a bot has connected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform_username: Option<String>,
    /// Metadata keys mapped to their stringified value for the user.
    #[serde(default)]
    pub metadata: HashMap<String, String>,
}

/// A partial guild the current user is a member of, from
/// `GET /users/@me/guilds`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CurrentUserGuild {
    /// The guild's id.
    pub id: Id<GuildMarker>,
    /// The guild's name.
    pub name: String,
    /// The guild's icon hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<ImageHash>,
    /// The guild's banner hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub banner: Option<ImageHash>,
    /// Whether the current user owns the guild.
    pub owner: bool,
    /// The current user's permissions in the guild.
    pub permissions: Permissions,
    /// The guild's enabled features.
    pub features: Vec<String>,
    /// Approximate number of members (with `with_counts`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approximate_member_count: Option<u64>,
    /// Approximate number of online members (with `with_counts`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approximate_presence_count: Option<u64>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    const USER: &str = r#"{
      "id": "80351110224678912",
      "username": "Nelly",
      "global_name": null,
      "discriminator": "1337",
      "avatar": "8342729096ea3675442027381ff50dfe",
      "verified": true,
      "email": "nelly@discord.com",
      "flags": 64,
      "banner": "06c16474723fe537c283b8efa61a30c8",
      "accent_color": 16711680,
      "premium_type": 0,
      "public_flags": 64,
      "avatar_decoration_data": {
        "sku_id": "1144058844004233369",
        "asset": "a_fed43ab12698df65902ba06727e20c0e"
      },
      "collectibles": {
        "nameplate": {
          "sku_id": "2247558840304243311",
          "asset": "nameplates/nameplates/twilight/",
          "label": "",
          "palette": "cobalt"
        }
      },
      "primary_guild": {
        "identity_guild_id": "1234647491267808778",
        "identity_enabled": true,
        "tag": "DISC",
        "badge": "7d1734ae5a615e82bc7a4033b98fade8"
      }
    }"#;

    use crate::test_support::strip_nulls;

    #[test]
    fn user_example_round_trips() {
        let user: User = serde_json::from_str(USER).unwrap();
        assert_eq!(user.id, Id::new(80_351_110_224_678_912));
        assert_eq!(user.discriminator, 1337);
        assert_eq!(user.global_name, None);
        assert_eq!(user.flags, Some(UserFlags::HYPESQUAD_ONLINE_HOUSE_1));
        assert_eq!(user.premium_type, Some(PremiumType::None));
        assert_eq!(user.accent_color, Some(0xFF_00_00));
        let nameplate = user
            .collectibles
            .as_ref()
            .unwrap()
            .nameplate
            .as_ref()
            .unwrap();
        assert_eq!(nameplate.palette, NameplatePalette::Cobalt);
        assert_eq!(
            user.primary_guild.as_ref().unwrap().tag.as_deref(),
            Some("DISC")
        );
        assert!(
            user.avatar_decoration_data
                .as_ref()
                .unwrap()
                .asset
                .is_animated()
        );

        let mut expected: Value = serde_json::from_str(USER).unwrap();
        strip_nulls(&mut expected);
        assert_eq!(serde_json::to_value(&user).unwrap(), expected);
    }

    #[test]
    fn discriminators() {
        for text in ["\"0\"", "\"0001\"", "\"1337\""] {
            let json = format!(r#"{{"id":"1","username":"a","discriminator":{text}}}"#);
            let user: User = serde_json::from_str(&json).unwrap();
            assert_eq!(serde_json::to_string(&user).unwrap(), json);
        }
        for bad in ["\"abc\"", "\"12345\"", "\"\"", "null", "-1"] {
            let json = format!(r#"{{"id":"1","username":"a","discriminator":{bad}}}"#);
            assert!(serde_json::from_str::<User>(&json).is_err(), "{bad}");
        }
    }

    #[test]
    fn unknown_values() {
        let flags: UserFlags = serde_json::from_str(&((1_u64 << 40) | 1).to_string()).unwrap();
        assert!(flags.contains(UserFlags::STAFF));
        assert_eq!(flags.bits(), (1 << 40) | 1);
        assert_eq!(
            serde_json::from_str::<PremiumType>("9").unwrap(),
            PremiumType::Unknown(9)
        );
        assert_eq!(
            serde_json::from_str::<ConnectionService>("\"myspace\"")
                .unwrap()
                .as_str(),
            "myspace"
        );
    }

    #[test]
    fn current_user_guild() {
        let json = r#"{"id":"80351110224678912","name":"1337 Krew","icon":"8342729096ea3675442027381ff50dfe","banner":"bb42bdc37653b7cf58c4c8cc622e76cb","owner":true,"permissions":"36953089","features":["COMMUNITY","NEWS","ANIMATED_ICON","INVITE_SPLASH","BANNER","ROLE_ICONS"],"approximate_member_count":3268,"approximate_presence_count":784}"#;
        let guild: CurrentUserGuild = serde_json::from_str(json).unwrap();
        assert_eq!(guild.permissions.bits(), 36_953_089);
        assert_eq!(serde_json::to_string(&guild).unwrap(), json);
    }

    #[test]
    fn connection() {
        let json = r#"{"id":"123","name":"nelly","type":"github","verified":true,"friend_sync":false,"show_activity":true,"two_way_link":false,"visibility":1,"integrations":[{"id":"33","type":"twitch","account":{"id":"a","name":"b"},"guild":{"id":"5","name":"g","icon":null}}]}"#;
        let connection: Connection = serde_json::from_str(json).unwrap();
        assert_eq!(connection.kind, ConnectionService::GitHub);
        assert_eq!(connection.visibility, ConnectionVisibility::Everyone);
        let mut expected: Value = serde_json::from_str(json).unwrap();
        strip_nulls(&mut expected);
        assert_eq!(serde_json::to_value(&connection).unwrap(), expected);

        let role: ApplicationRoleConnection =
            serde_json::from_str(r#"{"platform_name":"x","metadata":{"level":"3"}}"#).unwrap();
        assert_eq!(role.metadata.get("level").map(String::as_str), Some("3"));
    }
}
