//! Reactions to messages.

use crate::emoji::Emoji;
use serde::{Deserialize, Serialize};

/// A reaction to a message: one emoji and how often it was used.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reaction {
    /// Total number of times this emoji has been used to react (including
    /// super reacts).
    pub count: u32,
    /// Breakdown of normal and super reactions.
    pub count_details: ReactionCountDetails,
    /// Whether the current user reacted using this emoji.
    pub me: bool,
    /// Whether the current user super-reacted using this emoji.
    pub me_burst: bool,
    /// The emoji (partial).
    pub emoji: Emoji,
    /// Hex colors used for the super reaction.
    pub burst_colors: Vec<String>,
}

/// Normal and super reaction counts of a reaction.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ReactionCountDetails {
    /// Count of super reactions.
    pub burst: u32,
    /// Count of normal reactions.
    pub normal: u32,
}

crate::int_enum! {
    /// Kind of reaction, as used by the Get Reactions endpoint.
    pub enum ReactionType: u8 {
        /// A normal reaction.
        Normal = 0,
        /// A super reaction.
        Burst = 1,
    }
}
