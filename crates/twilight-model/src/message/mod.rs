//! Messages and everything they carry.

// STUB owned by helper M1: replace every stub below with the full types.

pub mod component;
pub mod embed;

use serde::{Deserialize, Serialize};

/// Stub of `Message`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Message {}

/// Stub of `AllowedMentions`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AllowedMentions {}

/// Stub of `Attachment`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Attachment {}
crate::flags! {
    /// Stub of `MessageFlags`.
    pub struct MessageFlags: u64 {
    }
}
