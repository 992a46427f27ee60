//! Data of message component interactions.

use super::ResolvedData;
use crate::message::component::ComponentType;
use serde::{Deserialize, Serialize};

/// Data of a message component interaction.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MessageComponentData {
    /// Identifier of the component.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i32>,
    /// Developer-defined identifier of the component.
    pub custom_id: String,
    /// Type of the component.
    pub component_type: ComponentType,
    /// Values the user selected in a select menu.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<String>>,
    /// Entities resolved from the selected values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved: Option<ResolvedData>,
}
