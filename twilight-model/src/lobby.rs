//! Lobbies of the social SDK and their members (resources/lobby.mdx).

use crate::channel::Channel;
use crate::id::{
    Id,
    marker::{ApplicationMarker, ChannelMarker, LobbyMarker, MessageMarker, UserMarker},
};
use crate::message::{MessageFlags, MessageType};
use crate::user::User;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A lobby: a group of users of an application, optionally linked to a
/// guild channel.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Lobby {
    /// The id of the lobby.
    pub id: Id<LobbyMarker>,
    /// The application that created the lobby.
    pub application_id: Id<ApplicationMarker>,
    /// String key/value pairs (at most 1000 characters in total).
    #[serde(default)]
    pub metadata: Option<HashMap<String, String>>,
    /// The members of the lobby.
    pub members: Vec<LobbyMember>,
    /// The guild channel linked to the lobby.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub linked_channel: Option<Channel>,
    /// The lobby's flags (empty when absent).
    #[serde(default = "LobbyFlags::empty")]
    pub flags: LobbyFlags,
}

crate::flags! {
    /// Flags of a lobby, set when creating or editing one.
    ///
    /// The lobby resource's docs name no lobby flag, so this set names
    /// none; Discord's OpenAPI spec accepts only the value 1 (`1 << 0`)
    /// when creating or editing a lobby. Build it with
    /// `LobbyFlags::from_bits_retain(1)`; bits Discord sends are kept.
    pub struct LobbyFlags: u32 {}
}

/// A member of a lobby.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LobbyMember {
    /// The id of the user.
    pub id: Id<UserMarker>,
    /// String key/value pairs (at most 1000 characters in total).
    #[serde(default)]
    pub metadata: Option<HashMap<String, String>>,
    /// The member's flags (empty when absent).
    #[serde(default = "LobbyMemberFlags::empty")]
    pub flags: LobbyMemberFlags,
    /// A display name of 1 to 80 characters, such as an in-game name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_name: Option<String>,
}

crate::flags! {
    /// Flags of a lobby member.
    pub struct LobbyMemberFlags: u32 {
        /// The user can link a text channel to the lobby.
        const CAN_LINK_LOBBY = 1 << 0;
    }
}

/// An invite to the guild of a lobby's linked channel.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LobbyGuildInvite {
    /// The invite's code.
    pub code: String,
}

/// A message sent in a lobby.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LobbyMessage {
    /// The message's id.
    pub id: Id<MessageMarker>,
    /// Its type.
    #[serde(rename = "type")]
    pub kind: MessageType,
    /// Its content.
    pub content: String,
    /// The lobby.
    pub lobby_id: Id<LobbyMarker>,
    /// The lobby's channel.
    pub channel_id: Id<ChannelMarker>,
    /// Who sent it.
    pub author: User,
    /// The sender's lobby membership.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lobby_member: Option<LobbyMessageMember>,
    /// String key/value pairs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<HashMap<String, String>>,
    /// Its flags.
    pub flags: MessageFlags,
    /// The application that sent it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_id: Option<Id<ApplicationMarker>>,
}

/// The lobby membership of a lobby message's author.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LobbyMessageMember {
    /// The author's additional display name in the lobby.
    pub additional_name: String,
}

#[cfg(test)]
mod tests {
    use super::{Lobby, LobbyFlags, LobbyMemberFlags};

    #[test]
    fn the_docs_example_lobby() {
        let json = r#"{
            "id": "96008815106887111",
            "application_id": "41771983429993937",
            "metadata": { "topic": "we need more redstone" },
            "members": [
                { "id": "41771983429993000", "metadata": null, "flags": 1, "additional_name": "Twindly Shimmerleaf" }
            ]
        }"#;
        let lobby: Lobby = serde_json::from_str(json).unwrap();
        assert_eq!(lobby.id.get(), 96_008_815_106_887_111);
        assert_eq!(lobby.flags, LobbyFlags::empty());
        assert_eq!(lobby.metadata.unwrap()["topic"], "we need more redstone");
        let member = &lobby.members[0];
        assert_eq!(member.flags, LobbyMemberFlags::CAN_LINK_LOBBY);
        assert_eq!(member.metadata, None);
        assert_eq!(
            member.additional_name.as_deref(),
            Some("Twindly Shimmerleaf")
        );
    }

    #[test]
    fn lobby_flags_keep_their_bits() {
        let json =
            r#"{"id": "1", "application_id": "2", "metadata": null, "members": [], "flags": 1}"#;
        let lobby: Lobby = serde_json::from_str(json).unwrap();
        assert_eq!(lobby.flags, LobbyFlags::from_bits_retain(1));
        assert_eq!(serde_json::to_value(lobby.flags).unwrap(), 1);
    }
}
