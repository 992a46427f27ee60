//! Channels of every type: guild text, voice, category, announcement, threads, forum and media channels, DMs.

// STUB owned by helper M1: replace every stub below with the full types.

use serde::{Deserialize, Serialize};

/// Stub of `Channel`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Channel {}

/// Stub of `ThreadMember`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ThreadMember {}

crate::int_enum! {
    /// Stub of `ChannelType`.
    pub enum ChannelType: u8 {
    }
}
