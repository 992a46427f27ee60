//! Text inputs of modals.

crate::int_enum! {
    /// Style of a [`TextInput`].
    pub enum TextInputStyle: u8 {
        /// Single-line input.
        Short = 1,
        /// Multi-line input.
        Paragraph = 2,
    }
}

/// Text input in a modal.
#[derive(Clone, Debug, PartialEq)]
pub struct TextInput {
    /// Optional identifier for the component.
    pub id: Option<i32>,
    /// Developer-defined identifier; 1-100 characters.
    pub custom_id: String,
    /// Style of the input.
    pub style: TextInputStyle,
    /// Deprecated label (use a [`Label`](super::Label) instead).
    pub label: Option<String>,
    /// Minimum input length; 0-4000.
    pub min_length: Option<u16>,
    /// Maximum input length; 1-4000.
    pub max_length: Option<u16>,
    /// Whether the input must be filled (defaults to `true`).
    pub required: Option<bool>,
    /// Pre-filled value; max 4000 characters.
    pub value: Option<String>,
    /// Placeholder text if the input is empty; max 100 characters.
    pub placeholder: Option<String>,
}
