//! Interactions: every interaction type, its data, responses and modals.

// STUB owned by helper M2: replace every stub below with the full types.

use serde::{Deserialize, Serialize};

/// Stub of `Interaction`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Interaction {}
crate::int_enum! {
    /// Stub of `InteractionType`.
    pub enum InteractionType: u8 {
    }
}

crate::int_enum! {
    /// Stub of `InteractionContextType`.
    pub enum InteractionContextType: u8 {
    }
}
