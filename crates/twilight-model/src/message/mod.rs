//! Messages and everything they carry.

pub mod component;
pub mod embed;

mod attachment;
mod interaction;
mod mention;
mod reaction;
mod reference;

pub use self::attachment::{Attachment, AttachmentFlags};
pub use self::interaction::{MessageInteraction, MessageInteractionMetadata};
pub use self::mention::{AllowedMentionType, AllowedMentions, ChannelMention};
pub use self::reaction::{Reaction, ReactionCountDetails, ReactionType};
pub use self::reference::{
    MessageReference, MessageReferenceType, MessageSnapshot, MessageSnapshotMessage,
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
