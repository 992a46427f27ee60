//! Responses to interactions, and what the callback endpoint returns.

use super::InteractionType;
use crate::application::command::CommandOptionChoice;
use crate::id::{
    Id,
    marker::{InteractionMarker, MessageMarker},
};
use crate::message::component::Component;
use crate::message::embed::Embed;
use crate::message::{AllowedMentions, Attachment, Message, MessageFlags};
use crate::poll::Poll;
use serde::{Deserialize, Serialize};

crate::int_enum! {
    /// Type of an interaction response (interaction callback type).
    pub enum InteractionResponseType: u8 {
        /// Acknowledge a ping.
        Pong = 1,
        /// Respond with a message.
        ChannelMessageWithSource = 4,
        /// Acknowledge and edit a response later; the user sees a loading state.
        DeferredChannelMessageWithSource = 5,
        /// For components: acknowledge and edit the message later, without a loading state.
        DeferredUpdateMessage = 6,
        /// For components: edit the message the component is attached to.
        UpdateMessage = 7,
        /// Suggest autocomplete choices.
        ApplicationCommandAutocompleteResult = 8,
        /// Respond with a popup modal.
        Modal = 9,
        /// Deprecated: respond with an upgrade button.
        PremiumRequired = 10,
        /// Launch the app's Activity.
        LaunchActivity = 12,
    }
}

/// Response to an interaction.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InteractionResponse {
    /// Type of response.
    #[serde(rename = "type")]
    pub kind: InteractionResponseType,
    /// Message, autocomplete choices or modal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<InteractionResponseData>,
}

/// Data of an interaction response: a message, autocomplete choices or a modal.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct InteractionResponseData {
    /// Whether the message is text-to-speech.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tts: Option<bool>,
    /// Message content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// Up to 10 embeds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub embeds: Option<Vec<Embed>>,
    /// Which mentions in the content ping.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_mentions: Option<AllowedMentions>,
    /// Message flags (only `SUPPRESS_EMBEDS`, `EPHEMERAL`, `IS_COMPONENTS_V2`,
    /// `IS_VOICE_MESSAGE` and `SUPPRESS_NOTIFICATIONS` can be set).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flags: Option<MessageFlags>,
    /// Message components, or the components of a modal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub components: Option<Vec<Component>>,
    /// Partial attachments with filename and description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachments: Option<Vec<Attachment>>,
    /// Poll to create.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub poll: Option<Poll>,
    /// Autocomplete choices; max 25.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choices: Option<Vec<CommandOptionChoice>>,
    /// Developer-defined identifier of a modal; 1-100 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_id: Option<String>,
    /// Title of a modal; max 45 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

/// What the callback endpoint returns when `with_response` is set.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InteractionCallbackResponse {
    /// The interaction the response is for.
    pub interaction: InteractionCallback,
    /// Resource created by the response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<InteractionCallbackResource>,
}

/// Interaction associated with an interaction response.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct InteractionCallback {
    /// Id of the interaction.
    pub id: Id<InteractionMarker>,
    /// Type of the interaction.
    #[serde(rename = "type")]
    pub kind: InteractionType,
    /// Instance id of the Activity launched or joined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity_instance_id: Option<String>,
    /// Id of the message created by the interaction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_message_id: Option<Id<MessageMarker>>,
    /// Whether the message is in a loading state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_message_loading: Option<bool>,
    /// Whether the response message is ephemeral.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_message_ephemeral: Option<bool>,
}

/// Resource created by an interaction response.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InteractionCallbackResource {
    /// Type of the interaction response.
    #[serde(rename = "type")]
    pub kind: InteractionResponseType,
    /// Activity launched by the response (`LAUNCH_ACTIVITY` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity_instance: Option<InteractionCallbackActivityInstance>,
    /// Message created by the response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<Box<Message>>,
}

/// Activity instance launched by an interaction response.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct InteractionCallbackActivityInstance {
    /// Instance id of the Activity.
    pub id: String,
}
