//! Stickers and sticker packs.

// STUB owned by helper M1: replace every stub below with the full types.

use serde::{Deserialize, Serialize};

/// Stub of `Sticker`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sticker {}

/// Stub of `StickerItem`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StickerItem {}
