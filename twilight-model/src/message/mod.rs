//! Messages and everything they carry.

pub mod component;
pub mod embed;

mod attachment;
mod interaction;
mod mention;
mod reaction;
mod reference;
mod search;

pub use self::attachment::{Attachment, AttachmentFlags};
pub use self::interaction::{MessageInteraction, MessageInteractionMetadata};
pub use self::mention::{AllowedMentionType, AllowedMentions, ChannelMention};
pub use self::reaction::{Reaction, ReactionCountDetails, ReactionType};
pub use self::reference::{
    MessageReference, MessageReferenceType, MessageSnapshot, MessageSnapshotMessage,
};
pub use self::search::{
    SearchAuthorType, SearchEmbedType, SearchHasType, SearchSortMode, SearchSortOrder,
};

use self::component::Component;
use self::embed::Embed;
use crate::Timestamp;
use crate::application::Application;
use crate::channel::{Channel, ChannelType, ThreadMember};
use crate::guild::{PartialMember, Role};
use crate::id::Id;
use crate::id::marker::{
    ApplicationMarker, ChannelMarker, GuildMarker, MessageMarker, RoleMarker, SkuMarker,
    UserMarker, WebhookMarker,
};
use crate::poll::Poll;
use crate::sticker::{Sticker, StickerItem};
use crate::user::User;
use serde::de::{Deserializer, Error as DeError, Unexpected, Visitor};
use serde::ser::Serializer;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt::{self, Formatter};

/// A message sent in a channel.
///
/// Also carries the extra fields of the gateway's `MESSAGE_CREATE` and
/// `MESSAGE_UPDATE` events (`guild_id`, `member`, `channel_type`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Message {
    /// Id of the message.
    pub id: Id<MessageMarker>,
    /// Id of the channel the message was sent in.
    pub channel_id: Id<ChannelMarker>,
    /// The author (for webhook messages: the webhook's id, name and avatar).
    pub author: User,
    /// Contents of the message (empty without the message content intent).
    pub content: String,
    /// When the message was sent.
    pub timestamp: Timestamp,
    /// When the message was edited (`None` if never).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edited_timestamp: Option<Timestamp>,
    /// Whether this was a TTS message.
    pub tts: bool,
    /// Whether this message mentions everyone.
    pub mention_everyone: bool,
    /// Users specifically mentioned in the message.
    pub mentions: Vec<User>,
    /// Roles specifically mentioned in the message.
    pub mention_roles: Vec<Id<RoleMarker>>,
    /// Channels specifically mentioned in the message (crossposts only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mention_channels: Option<Vec<ChannelMention>>,
    /// Attached files that are not referenced in embeds or components.
    pub attachments: Vec<Attachment>,
    /// Embedded content.
    pub embeds: Vec<Embed>,
    /// Reactions to the message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reactions: Option<Vec<Reaction>>,
    /// Used for validating a message was sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nonce: Option<Nonce>,
    /// Whether this message is pinned.
    pub pinned: bool,
    /// The webhook that generated the message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webhook_id: Option<Id<WebhookMarker>>,
    /// Type of message.
    #[serde(rename = "type")]
    pub kind: MessageType,
    /// Sent with Rich Presence-related chat embeds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity: Option<MessageActivity>,
    /// Sent with Rich Presence-related chat embeds (partial application).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application: Option<Box<Application>>,
    /// The application of an interaction response or application-owned
    /// webhook message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_id: Option<Id<ApplicationMarker>>,
    /// Message flags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flags: Option<MessageFlags>,
    /// The source of a crosspost, channel follow add, pin, reply or forward.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_reference: Option<MessageReference>,
    /// The forwarded message of a forward.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_snapshots: Option<Vec<MessageSnapshot>>,
    /// The message a reply, thread starter or context menu command message
    /// refers to (`None` if absent, deleted or not fetched).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referenced_message: Option<Box<Message>>,
    /// Sent if the message is the result of an interaction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interaction_metadata: Option<Box<MessageInteractionMetadata>>,
    /// Deprecated in favour of `interaction_metadata`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interaction: Option<MessageInteraction>,
    /// The thread that was started from this message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread: Option<Box<Channel>>,
    /// Components like buttons, action rows and layout components.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub components: Option<Vec<Component>>,
    /// The stickers sent with the message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sticker_items: Option<Vec<StickerItem>>,
    /// The stickers sent with the message (deprecated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stickers: Option<Vec<Sticker>>,
    /// Approximate position of the message in a thread.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<u64>,
    /// The role subscription purchase or renewal of a
    /// `ROLE_SUBSCRIPTION_PURCHASE` message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_subscription_data: Option<RoleSubscriptionData>,
    /// Users, members, channels and roles referenced in this message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved: Option<Box<MessageResolved>>,
    /// A poll.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub poll: Option<Box<Poll>>,
    /// The call associated with the message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call: Option<MessageCall>,
    /// The custom client-side theme shared via the message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shared_client_theme: Option<SharedClientTheme>,
    /// The purchase of a `PURCHASE_NOTIFICATION` message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purchase_notification: Option<PurchaseNotification>,
    /// Id of the guild the message was sent in (gateway events).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
    /// Member properties of the author (gateway events in guilds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<PartialMember>,
    /// The type of the channel the message was sent in (gateway events).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_type: Option<ChannelType>,
}

crate::int_enum! {
    /// The type of a message.
    pub enum MessageType: u8 {
        /// A normal message (deletable).
        Default = 0,
        /// A recipient was added to a group DM.
        RecipientAdd = 1,
        /// A recipient was removed from a group DM.
        RecipientRemove = 2,
        /// A call.
        Call = 3,
        /// The channel name changed.
        ChannelNameChange = 4,
        /// The channel icon changed.
        ChannelIconChange = 5,
        /// A message was pinned (deletable).
        ChannelPinnedMessage = 6,
        /// A user joined the guild (deletable).
        UserJoin = 7,
        /// A user boosted the guild (deletable).
        GuildBoost = 8,
        /// The guild reached boost tier 1 (deletable).
        GuildBoostTier1 = 9,
        /// The guild reached boost tier 2 (deletable).
        GuildBoostTier2 = 10,
        /// The guild reached boost tier 3 (deletable).
        GuildBoostTier3 = 11,
        /// An announcement channel was followed into this channel (deletable).
        ChannelFollowAdd = 12,
        /// The guild was disqualified from discovery (deletable).
        GuildDiscoveryDisqualified = 14,
        /// The guild was requalified for discovery (deletable).
        GuildDiscoveryRequalified = 15,
        /// Initial warning of the discovery grace period (deletable).
        GuildDiscoveryGracePeriodInitialWarning = 16,
        /// Final warning of the discovery grace period (deletable).
        GuildDiscoveryGracePeriodFinalWarning = 17,
        /// A thread was created (deletable).
        ThreadCreated = 18,
        /// A reply (deletable).
        Reply = 19,
        /// A slash command response (deletable).
        ChatInputCommand = 20,
        /// The first message of a thread started from a message.
        ThreadStarterMessage = 21,
        /// A guild invite reminder (deletable).
        GuildInviteReminder = 22,
        /// A context menu command response (deletable).
        ContextMenuCommand = 23,
        /// An auto moderation action (deletable with `MANAGE_MESSAGES`).
        AutoModerationAction = 24,
        /// A role subscription purchase (deletable).
        RoleSubscriptionPurchase = 25,
        /// An interaction premium upsell (deletable).
        InteractionPremiumUpsell = 26,
        /// A stage started (deletable).
        StageStart = 27,
        /// A stage ended (deletable).
        StageEnd = 28,
        /// A stage speaker (deletable).
        StageSpeaker = 29,
        /// A stage topic (deletable).
        StageTopic = 31,
        /// A guild application premium subscription (deletable).
        GuildApplicationPremiumSubscription = 32,
        /// Incident alert mode was enabled (deletable).
        GuildIncidentAlertModeEnabled = 36,
        /// Incident alert mode was disabled (deletable).
        GuildIncidentAlertModeDisabled = 37,
        /// A raid was reported (deletable).
        GuildIncidentReportRaid = 38,
        /// A false alarm was reported (deletable).
        GuildIncidentReportFalseAlarm = 39,
        /// A purchase notification (deletable).
        PurchaseNotification = 44,
        /// The results of a poll (deletable).
        PollResult = 46,
    }
}

crate::flags! {
    /// Flags of a message.
    pub struct MessageFlags: u64 {
        /// This message has been published to subscribed channels.
        const CROSSPOSTED = 1 << 0;
        /// This message originated from a message in another channel.
        const IS_CROSSPOST = 1 << 1;
        /// Do not include any embeds when serializing this message.
        const SUPPRESS_EMBEDS = 1 << 2;
        /// The source message of this crosspost has been deleted.
        const SOURCE_MESSAGE_DELETED = 1 << 3;
        /// This message came from the urgent message system.
        const URGENT = 1 << 4;
        /// This message has an associated thread, with the same id.
        const HAS_THREAD = 1 << 5;
        /// This message is only visible to the user who invoked the interaction.
        const EPHEMERAL = 1 << 6;
        /// This message is an interaction response and the bot is "thinking".
        const LOADING = 1 << 7;
        /// This message failed to mention some roles in the thread.
        const FAILED_TO_MENTION_SOME_ROLES_IN_THREAD = 1 << 8;
        /// This message will not trigger push and desktop notifications.
        const SUPPRESS_NOTIFICATIONS = 1 << 12;
        /// This message is a voice message.
        const IS_VOICE_MESSAGE = 1 << 13;
        /// This message has a snapshot (via message forwarding).
        const HAS_SNAPSHOT = 1 << 14;
        /// This message is fully component-driven (cannot be removed once set).
        const IS_COMPONENTS_V2 = 1 << 15;
    }
}

/// A message nonce: an integer or a string.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Nonce {
    /// An integer nonce.
    Integer(i64),
    /// A string nonce.
    String(String),
}

impl Serialize for Nonce {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Integer(n) => serializer.serialize_i64(*n),
            Self::String(s) => serializer.serialize_str(s),
        }
    }
}

struct NonceVisitor;

impl Visitor<'_> for NonceVisitor {
    type Value = Nonce;

    fn expecting(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str("an integer or a string nonce")
    }

    fn visit_i64<E: DeError>(self, v: i64) -> Result<Nonce, E> {
        Ok(Nonce::Integer(v))
    }

    fn visit_u64<E: DeError>(self, v: u64) -> Result<Nonce, E> {
        i64::try_from(v)
            .map(Nonce::Integer)
            .map_err(|_| E::invalid_value(Unexpected::Unsigned(v), &self))
    }

    fn visit_str<E: DeError>(self, v: &str) -> Result<Nonce, E> {
        Ok(Nonce::String(v.to_owned()))
    }

    fn visit_string<E: DeError>(self, v: String) -> Result<Nonce, E> {
        Ok(Nonce::String(v))
    }
}

impl<'de> Deserialize<'de> for Nonce {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NonceVisitor)
    }
}

/// The Rich Presence activity of a message.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MessageActivity {
    /// Type of message activity.
    #[serde(rename = "type")]
    pub kind: MessageActivityType,
    /// `party_id` from a Rich Presence event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party_id: Option<String>,
}

crate::int_enum! {
    /// The type of a message activity.
    pub enum MessageActivityType: u8 {
        /// Join.
        Join = 1,
        /// Spectate.
        Spectate = 2,
        /// Listen.
        Listen = 3,
        /// Join request.
        JoinRequest = 5,
        /// Stream request.
        StreamRequest = 6,
    }
}

/// The call in a private channel that a message is about.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MessageCall {
    /// Ids of the users that participated in the call.
    pub participants: Vec<Id<UserMarker>>,
    /// When the call ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended_timestamp: Option<Timestamp>,
}

/// The role subscription purchase or renewal of a message.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RoleSubscriptionData {
    /// The id of the SKU and listing that the user is subscribed to.
    pub role_subscription_listing_id: Id<SkuMarker>,
    /// The name of the tier that the user is subscribed to.
    pub tier_name: String,
    /// The cumulative number of months that the user has been subscribed for.
    pub total_months_subscribed: u32,
    /// Whether this notification is for a renewal rather than a new purchase.
    pub is_renewal: bool,
}

/// A custom client-side theme shared via a message.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SharedClientTheme {
    /// The hexadecimal-encoded colors of the theme (max of 5).
    pub colors: Vec<String>,
    /// The direction of the theme's colors (max of 360).
    pub gradient_angle: u16,
    /// The intensity of the theme's colors (max of 100).
    pub base_mix: u8,
    /// The mode of the theme.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_theme: Option<BaseThemeType>,
}

crate::int_enum! {
    /// The mode of a shared client theme.
    pub enum BaseThemeType: u8 {
        /// Unset (equivalent to `Dark`).
        Unset = 0,
        /// Dark.
        Dark = 1,
        /// Light.
        Light = 2,
        /// Darker.
        Darker = 3,
        /// Midnight.
        Midnight = 4,
    }
}

/// The purchase a `PURCHASE_NOTIFICATION` message is about.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PurchaseNotification {
    /// The type of purchase.
    #[serde(rename = "type")]
    pub kind: PurchaseType,
    /// The guild product purchased.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_product_purchase: Option<GuildProductPurchase>,
}

crate::int_enum! {
    /// The type of a purchase notification.
    pub enum PurchaseType: u8 {
        /// A guild product purchase.
        GuildProduct = 0,
    }
}

/// A purchased guild product.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct GuildProductPurchase {
    /// The id of the product listing.
    pub listing_id: Id<SkuMarker>,
    /// The name of the product.
    pub product_name: String,
}

/// Users, members, channels and roles referenced in a message.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MessageResolved {
    /// Users by id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub users: Option<HashMap<Id<UserMarker>, User>>,
    /// Partial members by user id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub members: Option<HashMap<Id<UserMarker>, PartialMember>>,
    /// Partial channels by id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channels: Option<HashMap<Id<ChannelMarker>, Channel>>,
    /// Roles by id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roles: Option<HashMap<Id<RoleMarker>, Role>>,
}

/// A pinned message and when it was pinned.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MessagePin {
    /// The time the message was pinned.
    pub pinned_at: Timestamp,
    /// The pinned message.
    pub message: Message,
}

/// A page of a channel's pins (Get Channel Pins).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MessagePins {
    /// The pins.
    pub items: Vec<MessagePin>,
    /// Whether there are more pins.
    pub has_more: bool,
}

/// The results of a guild message search (Search Guild Messages).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MessageSearchResults {
    /// Whether the guild is undergoing a deep historical indexing operation.
    pub doing_deep_historical_index: bool,
    /// The number of documents indexed during the current index operation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub documents_indexed: Option<u64>,
    /// The total number of results that match the query.
    pub total_results: u64,
    /// The matching messages, each in an array of one.
    pub messages: Vec<Vec<Message>>,
    /// The threads that contain the returned messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threads: Option<Vec<Channel>>,
    /// A thread member object for each returned thread the current user has
    /// joined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub members: Option<Vec<ThreadMember>>,
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::application::ApplicationIntegrationType;
    use crate::emoji::Emoji;
    use crate::interaction::InteractionType;

    pub(crate) use crate::test_support::round_trip as assert_round_trip;

    const MESSAGE: &str = r#"{
      "reactions": [
        {
          "count": 1,
          "count_details": {
             "burst": 0,
             "normal": 1
          },
          "me": false,
          "me_burst": false,
          "emoji": {
             "id": null,
             "name": "🔥"
          },
          "burst_colors": []
        }
      ],
      "attachments": [],
      "tts": false,
      "embeds": [],
      "timestamp": "2017-07-11T17:27:07.299000+00:00",
      "mention_everyone": false,
      "id": "334385199974967042",
      "pinned": false,
      "edited_timestamp": null,
      "author": {
        "username": "Mason",
        "discriminator": "9999",
        "id": "53908099506183680",
        "avatar": "a_bab14f271d565501444b2ca3be944b25"
      },
      "mention_roles": [],
      "content": "Supa Hot",
      "channel_id": "290926798999357250",
      "mentions": [],
      "type": 0
    }"#;

    #[test]
    fn message_example() {
        let message: Message = assert_round_trip(MESSAGE);
        assert_eq!(message.id, 334_385_199_974_967_042);
        assert_eq!(message.content, "Supa Hot");
        assert_eq!(message.kind, MessageType::Default);
        assert_eq!(message.edited_timestamp, None);
        assert!(!message.tts && !message.pinned && !message.mention_everyone);
        let reactions = message.reactions.unwrap();
        assert_eq!(reactions[0].count, 1);
        assert_eq!(
            reactions[0].count_details,
            ReactionCountDetails {
                burst: 0,
                normal: 1
            }
        );
        assert_eq!(reactions[0].emoji, Emoji::unicode("🔥"));
        assert!(reactions[0].burst_colors.is_empty());
    }

    #[test]
    fn crossposted_message_example() {
        let json = r#"{
          "reactions": [],
          "attachments": [],
          "tts": false,
          "embeds": [],
          "timestamp": "2017-07-11T17:27:07.299000+00:00",
          "mention_everyone": false,
          "id": "334385199974967042",
          "pinned": false,
          "edited_timestamp": null,
          "author": {"username": "Mason", "discriminator": "9999", "id": "53908099506183680"},
          "mention_roles": [],
          "mention_channels": [
            {"id": "278325129692446722", "guild_id": "278325129692446720", "name": "big-news", "type": 5}
          ],
          "content": "Big news! In this <#278325129692446722> channel!",
          "channel_id": "290926798999357250",
          "mentions": [],
          "type": 0,
          "flags": 2,
          "message_reference": {
            "type": 0,
            "channel_id": "278325129692446722",
            "guild_id": "278325129692446720",
            "message_id": "306588351130107906"
          }
        }"#;
        let message: Message = assert_round_trip(json);
        assert_eq!(message.flags, Some(MessageFlags::IS_CROSSPOST));
        let mention = &message.mention_channels.unwrap()[0];
        assert_eq!(mention.kind, ChannelType::GuildAnnouncement);
        assert_eq!(mention.name, "big-news");
        let reference = message.message_reference.unwrap();
        assert_eq!(reference.kind, Some(MessageReferenceType::Default));
        assert_eq!(reference.message_id.unwrap(), 306_588_351_130_107_906);
    }

    #[test]
    fn message_with_everything() {
        let json = r#"{
          "id": "1000000000000000001", "channel_id": "1000000000000000002",
          "author": {"id": "1000000000000000003", "username": "a", "discriminator": "0"},
          "content": "", "timestamp": "2024-05-06T07:08:09.123456+00:00",
          "edited_timestamp": "2024-05-06T07:09:09.000000+00:00",
          "tts": false, "mention_everyone": true, "mentions": [],
          "mention_roles": ["1000000000000000004"],
          "attachments": [{
            "id": "1000000000000000005", "filename": "voice-message.ogg", "size": 12345,
            "url": "https://cdn.discordapp.com/a.ogg", "proxy_url": "https://media.discordapp.net/a.ogg",
            "content_type": "audio/ogg", "duration_secs": 3.5, "waveform": "AAAAAA==",
            "flags": 40, "height": null, "width": null, "ephemeral": false, "title": "t",
            "description": "d", "placeholder": "abc", "placeholder_version": 1,
            "clip_created_at": "2024-05-06T07:08:09.000000+00:00"
          }],
          "embeds": [{"type": "rich", "title": "Hello, Embed!", "color": 16711680}],
          "nonce": 1234567890123,
          "pinned": true, "webhook_id": "1000000000000000006", "type": 19,
          "activity": {"type": 1, "party_id": "spotify:1"},
          "application_id": "1000000000000000007",
          "flags": 61440,
          "message_snapshots": [{"message": {
            "type": 0, "content": "forwarded", "embeds": [], "attachments": [],
            "timestamp": "2024-05-06T07:00:00.000000+00:00", "edited_timestamp": null,
            "flags": 0, "mentions": [], "mention_roles": [], "components": [],
            "sticker_items": [{"id": "1000000000000000008", "name": "Wave", "format_type": 3}]
          }}],
          "message_reference": {"type": 1, "message_id": "1000000000000000009",
            "channel_id": "1000000000000000002", "guild_id": "1000000000000000010"},
          "referenced_message": null,
          "interaction_metadata": {
            "id": "1000000000000000011", "type": 5, "user": {"id": "1000000000000000003", "username": "a", "discriminator": "0"},
            "authorizing_integration_owners": {"0": "1000000000000000010", "1": "1000000000000000003"},
            "original_response_message_id": "1000000000000000012",
            "triggering_interaction_metadata": {
              "id": "1000000000000000013", "type": 3, "user": {"id": "1000000000000000003", "username": "a", "discriminator": "0"},
              "authorizing_integration_owners": {"1": "1000000000000000003"},
              "interacted_message_id": "1000000000000000014"
            }
          },
          "interaction": {"id": "1000000000000000011", "type": 2, "name": "ping",
            "user": {"id": "1000000000000000003", "username": "a", "discriminator": "0"}},
          "components": [],
          "position": 7,
          "role_subscription_data": {"role_subscription_listing_id": "1000000000000000015",
            "tier_name": "Gold", "total_months_subscribed": 3, "is_renewal": true},
          "call": {"participants": ["1000000000000000003"], "ended_timestamp": null},
          "shared_client_theme": {"colors": ["5865F2", "7258F2"], "gradient_angle": 0,
            "base_mix": 58, "base_theme": 1},
          "purchase_notification": {"type": 0, "guild_product_purchase": {
            "listing_id": "1000000000000000016", "product_name": "Thing"}},
          "resolved": {"users": {}, "roles": {}},
          "poll": {
            "question": {"text": "Best?"},
            "answers": [{"answer_id": 1, "poll_media": {"text": "A", "emoji": {"id": null, "name": "🅰"}}}],
            "expiry": "2024-05-07T07:08:09.000000+00:00",
            "allow_multiselect": false, "layout_type": 1,
            "results": {"is_finalized": false, "answer_counts": [{"id": 1, "count": 2, "me_voted": true}]}
          },
          "guild_id": "1000000000000000010",
          "channel_type": 0
        }"#;
        let message: Message = assert_round_trip(json);
        assert_eq!(message.kind, MessageType::Reply);
        assert_eq!(message.nonce, Some(Nonce::Integer(1_234_567_890_123)));
        let flags = message.flags.unwrap();
        assert!(flags.contains(MessageFlags::HAS_SNAPSHOT | MessageFlags::IS_COMPONENTS_V2));
        assert!(flags.contains(MessageFlags::SUPPRESS_NOTIFICATIONS));
        let attachment = &message.attachments[0];
        assert_eq!(attachment.duration_secs, Some(3.5));
        assert_eq!(attachment.waveform.as_deref(), Some("AAAAAA=="));
        assert_eq!(
            attachment.flags,
            Some(AttachmentFlags::IS_SPOILER | AttachmentFlags::IS_ANIMATED)
        );
        assert_eq!(attachment.height, None);
        let snapshot = &message.message_snapshots.as_ref().unwrap()[0].message;
        assert_eq!(snapshot.content, "forwarded");
        assert_eq!(snapshot.sticker_items.as_ref().unwrap()[0].name, "Wave");
        assert_eq!(
            message.message_reference.unwrap().kind,
            Some(MessageReferenceType::Forward)
        );
        let metadata = message.interaction_metadata.unwrap();
        assert_eq!(
            metadata.authorizing_integration_owners[&ApplicationIntegrationType::new(0)],
            1_000_000_000_000_000_010
        );
        let triggering = metadata.triggering_interaction_metadata.unwrap();
        assert_eq!(triggering.kind, InteractionType::new(3));
        assert_eq!(
            triggering.interacted_message_id.unwrap(),
            1_000_000_000_000_000_014
        );
        assert_eq!(message.interaction.unwrap().name, "ping");
        assert_eq!(message.activity.unwrap().kind, MessageActivityType::Join);
        assert_eq!(message.call.unwrap().participants.len(), 1);
        assert_eq!(
            message.shared_client_theme.unwrap().base_theme,
            Some(BaseThemeType::Dark)
        );
        assert_eq!(
            message.purchase_notification.unwrap().kind,
            PurchaseType::GuildProduct
        );
        let poll = message.poll.unwrap();
        assert_eq!(poll.results.unwrap().answer_counts[0].count, 2);
        assert_eq!(message.channel_type, Some(ChannelType::GuildText));
        assert_eq!(message.position, Some(7));
        assert!(message.role_subscription_data.unwrap().is_renewal);
    }

    #[test]
    fn referenced_message_nests() {
        let inner = MESSAGE.replace("\"type\": 0\n", "\"type\": 0, \"nonce\": \"abc\"\n");
        let json = MESSAGE.replace(
            "\"type\": 0\n",
            &format!("\"type\": 19, \"referenced_message\": {inner}\n"),
        );
        let message: Message = assert_round_trip(&json);
        let referenced = message.referenced_message.unwrap();
        assert_eq!(referenced.nonce, Some(Nonce::String("abc".to_owned())));
        assert_eq!(referenced.kind, MessageType::Default);
    }

    #[test]
    fn nonce_forms() {
        assert_eq!(
            serde_json::from_str::<Nonce>("-5").unwrap(),
            Nonce::Integer(-5)
        );
        assert_eq!(
            serde_json::from_str::<Nonce>(r#""123""#).unwrap(),
            Nonce::String("123".to_owned())
        );
        assert_eq!(serde_json::to_string(&Nonce::Integer(7)).unwrap(), "7");
        assert_eq!(
            serde_json::to_string(&Nonce::String("7".into())).unwrap(),
            r#""7""#
        );
        for bad in ["1.5", "true", "[]", "{}", "18446744073709551615"] {
            assert!(serde_json::from_str::<Nonce>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn unknown_values_are_kept() {
        let json = MESSAGE.replace("\"type\": 0\n", "\"type\": 250, \"flags\": 4294967296\n");
        let message: Message = assert_round_trip(&json);
        assert_eq!(message.kind, MessageType::Unknown(250));
        assert_eq!(message.flags.unwrap().bits(), 1 << 32);
        let flags: AttachmentFlags = serde_json::from_str("65").unwrap();
        assert!(flags.contains(AttachmentFlags::IS_CLIP));
        assert_eq!(flags.bits(), 65);
        assert_eq!(
            serde_json::from_str::<MessageReferenceType>("3").unwrap(),
            MessageReferenceType::Unknown(3)
        );
        assert_eq!(
            serde_json::from_str::<MessageActivityType>("9").unwrap(),
            MessageActivityType::Unknown(9)
        );
        let parse: AllowedMentionType = serde_json::from_str(r#""channels""#).unwrap();
        assert_eq!(parse.as_str(), "channels");
    }

    #[test]
    fn allowed_mentions() {
        let none: AllowedMentions = assert_round_trip(r#"{"parse": []}"#);
        assert_eq!(none.parse, Some(Vec::new()));
        assert_eq!(serde_json::to_string(&none).unwrap(), r#"{"parse":[]}"#);
        let some: AllowedMentions =
            assert_round_trip(r#"{"parse": ["users", "roles", "everyone"], "replied_user": true}"#);
        assert_eq!(
            some.parse.unwrap(),
            [
                AllowedMentionType::Users,
                AllowedMentionType::Roles,
                AllowedMentionType::Everyone
            ]
        );
        let users: AllowedMentions =
            assert_round_trip(r#"{"parse": ["everyone"], "users": ["1234", "5678"]}"#);
        assert_eq!(users.users.unwrap()[1], 5678);
        assert_eq!(
            serde_json::to_string(&AllowedMentions::default()).unwrap(),
            "{}"
        );
    }

    #[test]
    fn pins() {
        let json = format!(
            r#"{{"items": [{{"pinned_at": "2024-01-01T00:00:00.000000+00:00", "message": {MESSAGE}}}], "has_more": false}}"#
        );
        let pins: MessagePins = assert_round_trip(&json);
        assert_eq!(pins.items[0].message.content, "Supa Hot");
    }

    #[test]
    fn malformed_input_is_an_error() {
        let cases = [
            MESSAGE.replace("\"id\": \"334385199974967042\",", ""),
            MESSAGE.replace("\"2017-07-11T17:27:07.299000+00:00\"", "\"garbage\""),
            MESSAGE.replace("\"type\": 0\n", "\"type\": -1\n"),
            MESSAGE.replace("\"mention_roles\": []", "\"mention_roles\": [\"x\"]"),
            MESSAGE.replace("\"burst_colors\": []", "\"burst_colors\": 5"),
            MESSAGE.replace("\"type\": 0\n", "\"type\": 0, \"nonce\": 1.5\n"),
            "null".to_owned(),
        ];
        for json in &cases {
            assert!(serde_json::from_str::<Message>(json).is_err(), "{json}");
        }
    }
}
