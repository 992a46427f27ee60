//! Presences and activities, as sent by the gateway.

use crate::id::Id;
use crate::id::marker::{ApplicationMarker, EmojiMarker, GuildMarker, UserMarker};
use crate::user::{AvatarDecorationData, Collectibles, UserFlags, UserPrimaryGuild};
use crate::util::image_hash::ImageHash;
use serde::de::{Deserializer, Error as DeError, IgnoredAny, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use std::fmt::{self, Formatter};

/// A user's presence in a guild: the `PRESENCE_UPDATE` event payload and the
/// entries of a guild's `presences`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Presence {
    /// The user whose presence this is; only the id is guaranteed.
    pub user: PresenceUser,
    /// Id of the guild (absent in a guild's `presences` list).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
    /// The user's status.
    pub status: Status,
    /// The user's current activities.
    #[serde(default)]
    pub activities: Vec<Activity>,
    /// The user's platform-dependent status.
    pub client_status: ClientStatus,
}

/// The partial user of a [`Presence`]: only the id is always present.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PresenceUser {
    /// The user's id.
    pub id: Id<UserMarker>,
    /// The user's username.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// The user's Discord-tag, as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discriminator: Option<String>,
    /// The user's display name.
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

crate::str_enum! {
    /// A user's status.
    pub enum Status {
        /// Online.
        Online = "online",
        /// Do not disturb.
        DoNotDisturb = "dnd",
        /// Away from keyboard.
        Idle = "idle",
        /// Invisible: shown as offline (only sent by clients).
        Invisible = "invisible",
        /// Offline.
        Offline = "offline",
    }
}

/// A user's status per platform; absent platforms have no active session.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ClientStatus {
    /// Status of an active desktop application session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desktop: Option<Status>,
    /// Status of an active mobile application session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobile: Option<Status>,
    /// Status of an active web (browser, bot user) session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub web: Option<Status>,
    /// Status of an active virtual reality application session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vr: Option<Status>,
}

/// An activity: a game, stream, song or custom status.
///
/// Bots can only set `name`, `state`, `type` and `url`; `created_at` is set
/// by Discord, so it is optional here to allow building activities to send.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Activity {
    /// The activity's name.
    pub name: String,
    /// The activity's type.
    #[serde(rename = "type")]
    pub kind: ActivityType,
    /// Stream URL, validated when the type is streaming.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Unix time in milliseconds when the activity was added to the session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<u64>,
    /// Unix times for start and/or end of the game.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamps: Option<ActivityTimestamps>,
    /// Application id for the game.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_id: Option<Id<ApplicationMarker>>,
    /// Which field is displayed in the user's status text in the member list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_display_type: Option<StatusDisplayType>,
    /// What the player is currently doing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<String>,
    /// URL that is linked when clicking on the details text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details_url: Option<String>,
    /// The user's current party status, or the text of a custom status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// URL that is linked when clicking on the state text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state_url: Option<String>,
    /// Emoji used for a custom status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emoji: Option<ActivityEmoji>,
    /// Information for the current party of the player.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party: Option<ActivityParty>,
    /// Images for the presence and their hover texts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assets: Option<ActivityAssets>,
    /// Secrets for rich presence joining and spectating.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secrets: Option<ActivitySecrets>,
    /// Whether the activity is an instanced game session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<bool>,
    /// What the payload includes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flags: Option<ActivityFlags>,
    /// Custom buttons shown in the rich presence (max 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buttons: Option<Vec<ActivityButton>>,
}

crate::int_enum! {
    /// The type of an [`Activity`].
    pub enum ActivityType: u8 {
        /// Playing `{name}`.
        Playing = 0,
        /// Streaming `{details}`.
        Streaming = 1,
        /// Listening to `{name}`.
        Listening = 2,
        /// Watching `{name}`.
        Watching = 3,
        /// `{emoji}` `{state}`.
        Custom = 4,
        /// Competing in `{name}`.
        Competing = 5,
    }
}

crate::int_enum! {
    /// Which field of an [`Activity`] is shown in the member list.
    pub enum StatusDisplayType: u8 {
        /// The name ("Listening to Spotify").
        Name = 0,
        /// The state ("Listening to Rick Astley").
        State = 1,
        /// The details ("Listening to Never Gonna Give You Up").
        Details = 2,
    }
}

crate::flags! {
    /// What an [`Activity`] payload includes.
    pub struct ActivityFlags: u64 {
        /// Instanced game session.
        const INSTANCE = 1 << 0;
        /// Joinable.
        const JOIN = 1 << 1;
        /// Spectatable.
        const SPECTATE = 1 << 2;
        /// Join requests.
        const JOIN_REQUEST = 1 << 3;
        /// Synchronised (such as Spotify).
        const SYNC = 1 << 4;
        /// Playable.
        const PLAY = 1 << 5;
        /// Party privacy: friends.
        const PARTY_PRIVACY_FRIENDS = 1 << 6;
        /// Party privacy: voice channel.
        const PARTY_PRIVACY_VOICE_CHANNEL = 1 << 7;
        /// Embedded activity.
        const EMBEDDED = 1 << 8;
    }
}

/// Unix times (milliseconds) for the start and/or end of an activity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ActivityTimestamps {
    /// When the activity started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<u64>,
    /// When the activity ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<u64>,
}

/// The emoji of a custom status.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ActivityEmoji {
    /// Name of the emoji.
    pub name: String,
    /// Id of the emoji.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Id<EmojiMarker>>,
    /// Whether the emoji is animated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub animated: Option<bool>,
}

/// The current party of a player.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ActivityParty {
    /// Id of the party.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The party's current and maximum size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<[u64; 2]>,
}

/// Images for a presence and their hover texts.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ActivityAssets {
    /// The large image: an application asset id or `mp:` media proxy image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub large_image: Option<String>,
    /// Text displayed when hovering over the large image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub large_text: Option<String>,
    /// URL opened when clicking on the large image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub large_url: Option<String>,
    /// The small image: an application asset id or `mp:` media proxy image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub small_image: Option<String>,
    /// Text displayed when hovering over the small image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub small_text: Option<String>,
    /// URL opened when clicking on the small image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub small_url: Option<String>,
    /// Banner image shown on a game invite.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invite_cover_image: Option<String>,
}

/// Secrets for rich presence joining and spectating.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ActivitySecrets {
    /// Secret for joining a party.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub join: Option<String>,
    /// Secret for spectating a game.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spectate: Option<String>,
    /// Secret for a specific instanced match.
    #[serde(default, rename = "match", skip_serializing_if = "Option::is_none")]
    pub match_secret: Option<String>,
}

/// A rich presence button.
///
/// Received over the gateway as just its label (a string); sent as an
/// object with a label and a URL.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ActivityButton {
    /// A button as received: only its label.
    Label(String),
    /// A button as sent: its label and the URL it opens.
    Link {
        /// Text shown on the button (1-32 characters).
        label: String,
        /// URL opened when clicking the button (1-512 characters).
        url: String,
    },
}

impl ActivityButton {
    /// The text shown on the button.
    pub fn label(&self) -> &str {
        match self {
            Self::Label(label) | Self::Link { label, .. } => label,
        }
    }

    /// The URL the button opens, if known.
    pub fn url(&self) -> Option<&str> {
        match self {
            Self::Label(_) => None,
            Self::Link { url, .. } => Some(url),
        }
    }
}

impl Serialize for ActivityButton {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Label(label) => serializer.serialize_str(label),
            Self::Link { label, url } => {
                let mut map = serializer.serialize_map(Some(2))?;
                map.serialize_entry("label", label)?;
                map.serialize_entry("url", url)?;
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for ActivityButton {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ButtonVisitor)
    }
}

struct ButtonVisitor;

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "snake_case")]
enum ButtonField {
    Label,
    Url,
    #[serde(other)]
    Other,
}

impl<'de> Visitor<'de> for ButtonVisitor {
    type Value = ActivityButton;

    fn expecting(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str("a button label or an object with a label and a url")
    }

    fn visit_str<E: DeError>(self, v: &str) -> Result<ActivityButton, E> {
        Ok(ActivityButton::Label(v.to_owned()))
    }

    fn visit_string<E: DeError>(self, v: String) -> Result<ActivityButton, E> {
        Ok(ActivityButton::Label(v))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ActivityButton, A::Error> {
        let mut label = None;
        let mut url = None;
        while let Some(key) = map.next_key::<ButtonField>()? {
            match key {
                ButtonField::Label => {
                    if label.is_some() {
                        return Err(DeError::duplicate_field("label"));
                    }
                    label = Some(map.next_value::<String>()?);
                }
                ButtonField::Url => {
                    if url.is_some() {
                        return Err(DeError::duplicate_field("url"));
                    }
                    url = Some(map.next_value::<String>()?);
                }
                ButtonField::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let label = label.ok_or_else(|| DeError::missing_field("label"))?;
        let url = url.ok_or_else(|| DeError::missing_field("url"))?;
        Ok(ActivityButton::Link { label, url })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::test_support::round_trip;

    #[test]
    fn activity_examples() {
        let stream: Activity = round_trip(
            r#"{"details":"24H RL Stream for Charity","state":"Rocket League","name":"Twitch","type":1,"url":"https://www.twitch.tv/discord"}"#,
        );
        assert_eq!(stream.kind, ActivityType::Streaming);

        let rich: Activity = round_trip(
            r#"{
              "name": "Rocket League",
              "type": 0,
              "application_id": "379286085710381999",
              "state": "In a Match",
              "details": "Ranked Duos: 2-1",
              "timestamps": {"start": 15112000660000},
              "party": {"id": "9dd6594e-81b3-49f6-a6b5-a679e6a060d3", "size": [2, 2]},
              "assets": {
                "large_image": "351371005538729000",
                "large_text": "DFH Stadium",
                "small_image": "351371005538729111",
                "small_text": "Silver III"
              },
              "secrets": {
                "join": "025ed05c71f639de8bfaa0d679d7c94b2fdce12f",
                "spectate": "e7eb30d2ee025ed05c71ea495f770b76454ee4e0",
                "match": "4b2fdce12f639de8bfa7e3591b71a0d679d7c93f"
              }
            }"#,
        );
        assert_eq!(rich.party.unwrap().size, Some([2, 2]));
        assert_eq!(rich.timestamps.unwrap().start, Some(15_112_000_660_000));
        assert!(rich.secrets.unwrap().match_secret.is_some());
    }

    #[test]
    fn presence_update() {
        let presence: Presence = round_trip(
            r#"{"user":{"id":"80351110224678912"},"guild_id":"41771983423143937","status":"dnd","activities":[{"name":"Custom Status","type":4,"created_at":1700000000000,"state":"busy","emoji":{"name":"🔥"},"flags":1536,"buttons":["Watch"],"status_display_type":1}],"client_status":{"desktop":"dnd","mobile":"idle"}}"#,
        );
        assert_eq!(presence.status, Status::DoNotDisturb);
        assert_eq!(presence.client_status.mobile, Some(Status::Idle));
        let activity = &presence.activities[0];
        assert_eq!(activity.kind, ActivityType::Custom);
        assert_eq!(activity.status_display_type, Some(StatusDisplayType::State));
        let flags = activity.flags.unwrap();
        assert_eq!(flags.bits(), 1536, "unknown bits kept");
        assert_eq!(activity.buttons.as_ref().unwrap()[0].label(), "Watch");
        assert_eq!(activity.buttons.as_ref().unwrap()[0].url(), None);

        // A guild's `presences` entry: no guild id, no activities key.
        let minimal: Presence =
            serde_json::from_str(r#"{"user":{"id":"1"},"status":"offline","client_status":{}}"#)
                .unwrap();
        assert!(minimal.activities.is_empty());
        assert_eq!(minimal.guild_id, None);
    }

    #[test]
    fn buttons() {
        let buttons: Vec<ActivityButton> =
            round_trip(r#"["A",{"label":"B","url":"https://example.com"}]"#);
        assert_eq!(buttons[1].url(), Some("https://example.com"));
        assert!(serde_json::from_str::<ActivityButton>(r#"{"label":"B"}"#).is_err());
        assert!(serde_json::from_str::<ActivityButton>("3").is_err());
    }

    #[test]
    fn unknowns_and_errors() {
        assert_eq!(
            serde_json::from_str::<Status>(r#""away""#)
                .unwrap()
                .as_str(),
            "away"
        );
        assert_eq!(
            serde_json::from_str::<ActivityType>("9").unwrap(),
            ActivityType::Unknown(9)
        );
        assert!(
            serde_json::from_str::<Presence>(r#"{"user":{},"status":"online","client_status":{}}"#)
                .is_err()
        );
        assert!(serde_json::from_str::<Activity>(r#"{"name":"x","type":"0"}"#).is_err());
    }

    #[cfg(feature = "simd-json")]
    #[test]
    fn simd_json() {
        let mut bytes = br#"{"user":{"id":"1","username":"a","discriminator":"0"},"guild_id":"2","status":"idle","activities":[{"name":"x","type":0,"created_at":1,"buttons":["A",{"label":"B","url":"u"}]}],"client_status":{"web":"idle"}}"#.to_vec();
        let presence: Presence = simd_json::serde::from_slice(&mut bytes).unwrap();
        assert_eq!(presence.status, Status::Idle);
        assert_eq!(presence.activities[0].buttons.as_ref().unwrap().len(), 2);
    }
}
