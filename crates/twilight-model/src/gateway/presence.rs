//! Presences and activities, as sent by the gateway.

// STUB owned by helper M4: replace every stub below with the full types.

use serde::{Deserialize, Serialize};

/// Stub of `Presence`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Presence {}

/// Stub of `Activity`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Activity {}

// Temporary stubs for the lead's gateway commands (M4's versions replace them).
crate::str_enum! {
    /// Stub of `Status`.
    pub enum Status {
    }
}

crate::int_enum! {
    /// Stub of `ActivityType`.
    pub enum ActivityType: u8 {
    }
}
