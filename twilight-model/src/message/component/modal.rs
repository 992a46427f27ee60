//! Components that only appear in modals: labels, file uploads, radio
//! groups, checkbox groups and checkboxes.

use super::{Component, SelectMenuOption};
use serde::{Deserialize, Serialize};

/// Label and description around a modal component.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    /// Optional identifier for the component.
    pub id: Option<i32>,
    /// Label text; max 45 characters.
    pub label: String,
    /// Description text; max 100 characters.
    pub description: Option<String>,
    /// The labelled component.
    pub component: Box<Component>,
}

/// File upload in a modal.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FileUpload {
    /// Optional identifier for the component.
    pub id: Option<i32>,
    /// Developer-defined identifier; 1-100 characters.
    pub custom_id: String,
    /// Minimum number of files (defaults to 1).
    pub min_values: Option<u8>,
    /// Maximum number of files (defaults to 1).
    pub max_values: Option<u8>,
    /// Whether files must be uploaded (defaults to `true`).
    pub required: Option<bool>,
    /// File types to accept: `image`, `video`, `audio` or a dot-prefixed extension.
    pub file_types: Option<Vec<String>>,
}

/// Option of a [`RadioGroup`] or [`CheckboxGroup`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct GroupOption {
    /// Developer-defined value; max 100 characters.
    pub value: String,
    /// User-facing label; max 100 characters.
    pub label: String,
    /// Description; max 100 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Whether the option is selected by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<bool>,
}

impl From<SelectMenuOption> for GroupOption {
    fn from(option: SelectMenuOption) -> Self {
        Self {
            value: option.value,
            label: option.label,
            description: option.description,
            default: option.default,
        }
    }
}

/// Single-choice set of options in a modal.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RadioGroup {
    /// Optional identifier for the component.
    pub id: Option<i32>,
    /// Developer-defined identifier; 1-100 characters.
    pub custom_id: String,
    /// Options; 2 to 10.
    pub options: Vec<GroupOption>,
    /// Whether a selection is required (defaults to `true`).
    pub required: Option<bool>,
}

/// Multi-choice group of checkboxes in a modal.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CheckboxGroup {
    /// Optional identifier for the component.
    pub id: Option<i32>,
    /// Developer-defined identifier; 1-100 characters.
    pub custom_id: String,
    /// Options; 1 to 10.
    pub options: Vec<GroupOption>,
    /// Minimum number of items to choose (defaults to 1).
    pub min_values: Option<u8>,
    /// Maximum number of items to choose (defaults to the number of options).
    pub max_values: Option<u8>,
    /// Whether a selection is required (defaults to `true`).
    pub required: Option<bool>,
}

/// Single yes/no checkbox in a modal.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Checkbox {
    /// Optional identifier for the component.
    pub id: Option<i32>,
    /// Developer-defined identifier; 1-100 characters.
    pub custom_id: String,
    /// Whether the checkbox is selected by default.
    pub default: Option<bool>,
}
