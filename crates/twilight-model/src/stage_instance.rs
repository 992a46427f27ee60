//! Stage instances.

// STUB owned by helper M3: replace every stub below with the full types.

use serde::{Deserialize, Serialize};

/// Stub of `StageInstance`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StageInstance {}
