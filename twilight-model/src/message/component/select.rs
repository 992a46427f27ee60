//! Select menus: of developer-defined text options, and of users, roles,
//! mentionables or channels that Discord fills in.

use crate::channel::ChannelType;
use crate::emoji::Emoji;
use crate::id::{Id, marker::GenericMarker};
use serde::{Deserialize, Serialize};

crate::str_enum! {
    /// What the id of a [`SelectDefaultValue`] names.
    pub enum SelectDefaultValueType {
        /// A user.
        User = "user",
        /// A role.
        Role = "role",
        /// A channel.
        Channel = "channel",
    }
}

/// Select menu of developer-defined text options.
#[derive(Clone, Debug, PartialEq)]
pub struct StringSelect {
    /// Optional identifier for the component.
    pub id: Option<i32>,
    /// Developer-defined identifier; 1-100 characters.
    pub custom_id: String,
    /// Choices; max 25.
    pub options: Vec<SelectMenuOption>,
    /// Placeholder text if nothing is selected; max 150 characters.
    pub placeholder: Option<String>,
    /// Minimum number of items to choose (defaults to 1).
    pub min_values: Option<u8>,
    /// Maximum number of items to choose (defaults to 1).
    pub max_values: Option<u8>,
    /// Whether an answer is required in a modal (defaults to `true`).
    pub required: Option<bool>,
    /// Whether the select is disabled in a message (defaults to `false`).
    pub disabled: Option<bool>,
}

/// Option of a [`StringSelect`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SelectMenuOption {
    /// User-facing name; max 100 characters.
    pub label: String,
    /// Developer-defined value; max 100 characters.
    pub value: String,
    /// Additional description; max 100 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Partial emoji: `id`, `name` and `animated`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emoji: Option<Emoji>,
    /// Whether the option is selected by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<bool>,
}

/// Default value of an auto-populated select menu.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SelectDefaultValue {
    /// Id of a user, role or channel.
    pub id: Id<GenericMarker>,
    /// What the id names.
    #[serde(rename = "type")]
    pub kind: SelectDefaultValueType,
}

/// A select menu whose options Discord fills in: users, roles, users and
/// roles (mentionables) or channels. The [`Component`](super::Component)
/// variant says which.
#[derive(Clone, Debug, PartialEq)]
pub struct EntitySelect {
    /// Optional identifier for the component.
    pub id: Option<i32>,
    /// Developer-defined identifier; 1-100 characters.
    pub custom_id: String,
    /// Channel types to include (channel selects only).
    pub channel_types: Option<Vec<ChannelType>>,
    /// Placeholder text if nothing is selected; max 150 characters.
    pub placeholder: Option<String>,
    /// Values selected by default.
    pub default_values: Option<Vec<SelectDefaultValue>>,
    /// Minimum number of items to choose (defaults to 1).
    pub min_values: Option<u8>,
    /// Maximum number of items to choose (defaults to 1).
    pub max_values: Option<u8>,
    /// Whether an answer is required in a modal (defaults to `true`).
    pub required: Option<bool>,
    /// Whether the select is disabled in a message (defaults to `false`).
    pub disabled: Option<bool>,
}
