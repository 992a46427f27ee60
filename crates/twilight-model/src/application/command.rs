//! Application commands, their options and permissions.

// STUB owned by helper M2: replace every stub below with the full types.

use serde::{Deserialize, Serialize};

/// Stub of `Command`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Command {}

/// Stub of `GuildCommandPermissions`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GuildCommandPermissions {}
