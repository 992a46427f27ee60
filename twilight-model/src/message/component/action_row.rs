//! Action rows and the buttons they hold.

use super::Component;
use crate::emoji::Emoji;
use crate::id::{Id, marker::SkuMarker};

crate::int_enum! {
    /// Style of a [`Button`].
    pub enum ButtonStyle: u8 {
        /// The most important or recommended action.
        Primary = 1,
        /// Alternative or supporting action.
        Secondary = 2,
        /// Positive confirmation or completion.
        Success = 3,
        /// Action with irreversible consequences.
        Danger = 4,
        /// Navigates to a URL.
        Link = 5,
        /// Purchase of a SKU.
        Premium = 6,
    }
}

/// Container for a row of buttons or a single select menu.
#[derive(Clone, Debug, PartialEq)]
pub struct ActionRow {
    /// Optional identifier for the component.
    pub id: Option<i32>,
    /// Up to 5 buttons or a single select menu.
    pub components: Vec<Component>,
}

/// Clickable button.
#[derive(Clone, Debug, PartialEq)]
pub struct Button {
    /// Optional identifier for the component.
    pub id: Option<i32>,
    /// Style of the button.
    pub style: ButtonStyle,
    /// Text on the button; max 80 characters.
    pub label: Option<String>,
    /// Partial emoji: `name`, `id` and `animated`.
    pub emoji: Option<Emoji>,
    /// Developer-defined identifier; 1-100 characters.
    pub custom_id: Option<String>,
    /// SKU of a premium button.
    pub sku_id: Option<Id<SkuMarker>>,
    /// URL of a link button.
    pub url: Option<String>,
    /// Whether the button is disabled (defaults to `false`).
    pub disabled: Option<bool>,
}
