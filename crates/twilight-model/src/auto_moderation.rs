//! Auto moderation rules, their triggers and actions.

// STUB owned by helper M4: replace every stub below with the full types.

use serde::{Deserialize, Serialize};

/// Stub of `AutoModerationRule`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AutoModerationRule {}

/// Stub of `AutoModerationActionExecution`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AutoModerationActionExecution {}
