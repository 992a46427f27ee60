//! Users, their flags, connections and avatar decorations.

// STUB owned by helper M4: replace every stub below with the full types.

use serde::{Deserialize, Serialize};

/// Stub of `User`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct User {}

/// Stub of `AvatarDecorationData`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AvatarDecorationData {}

/// Stub of `Collectibles`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Collectibles {}
