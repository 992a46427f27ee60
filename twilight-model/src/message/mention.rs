//! Mentions: channel mentions and allowed mentions.

use crate::channel::ChannelType;
use crate::id::Id;
use crate::id::marker::{ChannelMarker, GuildMarker, RoleMarker, UserMarker};
use serde::{Deserialize, Serialize};

/// A channel mentioned in a crossposted message.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ChannelMention {
    /// Id of the channel.
    pub id: Id<ChannelMarker>,
    /// Id of the guild containing the channel.
    pub guild_id: Id<GuildMarker>,
    /// The type of channel.
    #[serde(rename = "type")]
    pub kind: ChannelType,
    /// The name of the channel.
    pub name: String,
}

/// Which mentions of a message notify their targets.
///
/// `parse: Some(vec![])` suppresses every mention; `parse: None` leaves the
/// default for the context.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AllowedMentions {
    /// Mention types to parse from the content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parse: Option<Vec<AllowedMentionType>>,
    /// Role ids to mention, max 100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<Id<RoleMarker>>>,
    /// User ids to mention, max 100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub users: Option<Vec<Id<UserMarker>>>,
    /// For replies, whether to mention the author of the replied message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replied_user: Option<bool>,
}

crate::str_enum! {
    /// A kind of mention to parse from message content.
    pub enum AllowedMentionType {
        /// Role mentions.
        Roles = "roles",
        /// User mentions.
        Users = "users",
        /// `@everyone` and `@here` mentions.
        Everyone = "everyone",
    }
}
