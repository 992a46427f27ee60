//! Presences and activities, as sent by the gateway.

// STUB owned by helper M4: replace every stub below with the full types.

use serde::{Deserialize, Serialize};

/// Stub of `Presence`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Presence {}

/// Stub of `Activity`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Activity {}
