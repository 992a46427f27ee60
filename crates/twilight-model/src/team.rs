//! Teams that own applications.

// STUB owned by helper M4: replace every stub below with the full types.

use serde::{Deserialize, Serialize};

/// Stub of `Team`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Team {}
