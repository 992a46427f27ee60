//! The interaction a message responds to.

use crate::application::ApplicationIntegrationType;
use crate::guild::PartialMember;
use crate::id::Id;
use crate::id::marker::{GenericMarker, InteractionMarker, MessageMarker};
use crate::interaction::InteractionType;
use crate::user::User;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Metadata about the interaction a message was sent for.
///
/// One struct for the application command, message component and modal
/// submit forms: the fields of the other forms are `None`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MessageInteractionMetadata {
    /// Id of the interaction.
    pub id: Id<InteractionMarker>,
    /// Type of interaction.
    #[serde(rename = "type")]
    pub kind: InteractionType,
    /// User who triggered the interaction.
    pub user: User,
    /// Ids for the installation contexts related to the interaction.
    #[serde(default)]
    pub authorizing_integration_owners: HashMap<ApplicationIntegrationType, Id<GenericMarker>>,
    /// Id of the original response message (follow-up messages only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_response_message_id: Option<Id<MessageMarker>>,
    /// The user the command was run on (user commands only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_user: Option<User>,
    /// The message the command was run on (message commands only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_message_id: Option<Id<MessageMarker>>,
    /// The message that contained the interactive component (message
    /// component interactions only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interacted_message_id: Option<Id<MessageMarker>>,
    /// Metadata of the interaction that opened the modal (modal submits only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub triggering_interaction_metadata: Option<Box<MessageInteractionMetadata>>,
}

/// The interaction a message responds to (deprecated in favour of
/// [`MessageInteractionMetadata`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MessageInteraction {
    /// Id of the interaction.
    pub id: Id<InteractionMarker>,
    /// Type of interaction.
    #[serde(rename = "type")]
    pub kind: InteractionType,
    /// Name of the application command, including subcommands.
    pub name: String,
    /// User who invoked the interaction.
    pub user: User,
    /// Member who invoked the interaction in the guild.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<PartialMember>,
}
