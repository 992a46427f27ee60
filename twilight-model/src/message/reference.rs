//! Message references (replies, crossposts, forwards) and snapshots.

use super::component::Component;
use super::embed::Embed;
use super::{Attachment, MessageFlags, MessageType};
use crate::Timestamp;
use crate::id::Id;
use crate::id::marker::{ChannelMarker, GuildMarker, MessageMarker, RoleMarker};
use crate::sticker::{Sticker, StickerItem};
use crate::user::User;
use serde::{Deserialize, Serialize};

/// The source of a crosspost, channel follow add, pin, reply or forward.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MessageReference {
    /// Type of reference (`Default` when absent).
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<MessageReferenceType>,
    /// Id of the originating message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<Id<MessageMarker>>,
    /// Id of the originating message's channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_id: Option<Id<ChannelMarker>>,
    /// Id of the originating message's guild.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
    /// When sending, whether to error if the referenced message does not
    /// exist instead of sending a normal message (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fail_if_not_exists: Option<bool>,
}

crate::int_enum! {
    /// How a message reference's data is populated.
    pub enum MessageReferenceType: u8 {
        /// A standard reference used by replies (`referenced_message`).
        Default = 0,
        /// A reference to a message at a point in time (`message_snapshots`).
        Forward = 1,
    }
}

/// A copy of a forwarded message.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MessageSnapshot {
    /// The minimal subset of fields of the forwarded message.
    pub message: MessageSnapshotMessage,
}

/// The fields of a forwarded message that a snapshot keeps.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MessageSnapshotMessage {
    /// Type of message.
    #[serde(rename = "type")]
    pub kind: MessageType,
    /// Contents of the message.
    #[serde(default)]
    pub content: String,
    /// Embedded content.
    #[serde(default)]
    pub embeds: Vec<Embed>,
    /// Attached files.
    #[serde(default)]
    pub attachments: Vec<Attachment>,
    /// When the message was sent.
    pub timestamp: Timestamp,
    /// When the message was edited (`None` if never).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edited_timestamp: Option<Timestamp>,
    /// Message flags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flags: Option<MessageFlags>,
    /// Users specifically mentioned in the message.
    #[serde(default)]
    pub mentions: Vec<User>,
    /// Roles specifically mentioned in the message.
    #[serde(default)]
    pub mention_roles: Vec<Id<RoleMarker>>,
    /// The stickers sent with the message (deprecated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stickers: Option<Vec<Sticker>>,
    /// The stickers sent with the message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sticker_items: Option<Vec<StickerItem>>,
    /// Components of the message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub components: Option<Vec<Component>>,
}
