//! Custom and Unicode emojis.

// STUB owned by helper M1: replace every stub below with the full types.

use serde::{Deserialize, Serialize};

/// Stub of `Emoji`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Emoji {}
