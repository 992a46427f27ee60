//! Entities resolved from the ids in an interaction's options or values.

use super::InteractionMember;
use crate::channel::Channel;
use crate::guild::Role;
use crate::id::{
    Id,
    marker::{AttachmentMarker, ChannelMarker, MessageMarker, RoleMarker, UserMarker},
};
use crate::message::{Attachment, Message};
use crate::user::User;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Users, members, roles, channels, messages and attachments, by id.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResolvedData {
    /// Users.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub users: Option<HashMap<Id<UserMarker>, User>>,
    /// Partial members (without `user`, `deaf` and `mute`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub members: Option<HashMap<Id<UserMarker>, InteractionMember>>,
    /// Roles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roles: Option<HashMap<Id<RoleMarker>, Role>>,
    /// Partial channels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channels: Option<HashMap<Id<ChannelMarker>, Channel>>,
    /// Partial messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub messages: Option<HashMap<Id<MessageMarker>, Message>>,
    /// Attachments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachments: Option<HashMap<Id<AttachmentMarker>, Attachment>>,
}
