//! Polls in messages.

use crate::Timestamp;
use crate::emoji::Emoji;
use crate::user::User;
use serde::{Deserialize, Serialize};

/// A poll in a message.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Poll {
    /// The question of the poll (only `text` is supported).
    pub question: PollMedia,
    /// Each of the answers available in the poll.
    pub answers: Vec<PollAnswer>,
    /// When the poll ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiry: Option<Timestamp>,
    /// Whether a user can select multiple answers.
    pub allow_multiselect: bool,
    /// The layout type of the poll.
    pub layout_type: PollLayoutType,
    /// The results of the poll; `None` means unknown results, not no votes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub results: Option<PollResults>,
}

/// A poll as sent when creating a message.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PollCreateRequest {
    /// The question of the poll (only `text` is supported).
    pub question: PollMedia,
    /// Each of the answers available in the poll, up to 10.
    pub answers: Vec<PollAnswer>,
    /// Number of hours the poll should be open for, up to 32 days (default 24).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<u32>,
    /// Whether a user can select multiple answers (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_multiselect: Option<bool>,
    /// The layout type of the poll (default `Default`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layout_type: Option<PollLayoutType>,
}

crate::int_enum! {
    /// The layout of a poll.
    pub enum PollLayoutType: u8 {
        /// The default layout type.
        Default = 1,
    }
}

/// The content of a poll question or answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PollMedia {
    /// The text (up to 300 characters for the question, 55 for an answer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The emoji of an answer (partial emoji: `id` or `name`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emoji: Option<Emoji>,
}

/// An answer of a poll.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PollAnswer {
    /// The id of the answer (only in responses from Discord).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer_id: Option<u32>,
    /// The data of the answer.
    pub poll_media: PollMedia,
}

/// The vote counts of a poll.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PollResults {
    /// Whether the votes have been precisely counted.
    pub is_finalized: bool,
    /// The counts for each answer; an answer with no entry has no votes.
    pub answer_counts: Vec<PollAnswerCount>,
}

/// The vote count of one answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PollAnswerCount {
    /// The `answer_id`.
    pub id: u32,
    /// The number of votes for this answer.
    pub count: u32,
    /// Whether the current user voted for this answer.
    pub me_voted: bool,
}

/// The users who voted for an answer (Get Answer Voters).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PollAnswerVoters {
    /// Users who voted for this answer.
    pub users: Vec<User>,
}
