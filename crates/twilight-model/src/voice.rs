//! Voice states and regions.

// STUB owned by helper M3: replace every stub below with the full types.

use serde::{Deserialize, Serialize};

/// Stub of `VoiceState`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VoiceState {}
