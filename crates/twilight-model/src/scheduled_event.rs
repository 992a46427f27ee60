//! Guild scheduled events.

// STUB owned by helper M3: replace every stub below with the full types.

use serde::{Deserialize, Serialize};

/// Stub of `GuildScheduledEvent`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GuildScheduledEvent {}
