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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::tests::assert_round_trip;

    #[test]
    fn poll() {
        let json = r#"{
          "question": {"text": "Which?"},
          "answers": [
            {"answer_id": 1, "poll_media": {"text": "Cats", "emoji": {"id": null, "name": "🐱"}}},
            {"answer_id": 2, "poll_media": {"text": "Dogs", "emoji": {"id": "1000000000000000001", "name": "doge", "animated": false}}}
          ],
          "expiry": "2024-05-07T07:08:09.000000+00:00",
          "allow_multiselect": true,
          "layout_type": 1,
          "results": {"is_finalized": true, "answer_counts": [{"id": 2, "count": 10, "me_voted": false}]}
        }"#;
        let poll: Poll = assert_round_trip(json);
        assert_eq!(poll.question.text.as_deref(), Some("Which?"));
        assert_eq!(poll.answers[1].answer_id, Some(2));
        assert_eq!(
            poll.answers[1]
                .poll_media
                .emoji
                .as_ref()
                .unwrap()
                .name
                .as_deref(),
            Some("doge")
        );
        assert_eq!(poll.layout_type, PollLayoutType::Default);
        let results = poll.results.unwrap();
        assert!(results.is_finalized);
        assert_eq!(
            results.answer_counts[0],
            PollAnswerCount {
                id: 2,
                count: 10,
                me_voted: false
            }
        );
    }

    #[test]
    fn create_request() {
        let request = PollCreateRequest {
            question: PollMedia {
                text: Some("Q".into()),
                emoji: None,
            },
            answers: vec![PollAnswer {
                answer_id: None,
                poll_media: PollMedia {
                    text: Some("A".into()),
                    emoji: Some(crate::emoji::Emoji::unicode("🅰")),
                },
            }],
            duration: Some(24),
            allow_multiselect: None,
            layout_type: Some(PollLayoutType::Default),
        };
        assert_eq!(
            serde_json::to_string(&request).unwrap(),
            r#"{"question":{"text":"Q"},"answers":[{"poll_media":{"text":"A","emoji":{"name":"🅰"}}}],"duration":24,"layout_type":1}"#
        );
        let _: PollCreateRequest = assert_round_trip(&serde_json::to_string(&request).unwrap());
        let voters: PollAnswerVoters =
            assert_round_trip(r#"{"users": [{"id": "1", "username": "a", "discriminator": "0"}]}"#);
        assert_eq!(voters.users.len(), 1);
    }

    #[test]
    fn unknown_layout_and_malformed_input() {
        assert_eq!(
            serde_json::from_str::<PollLayoutType>("2").unwrap(),
            PollLayoutType::Unknown(2)
        );
        for json in [
            r#"{"question": {}, "answers": [], "allow_multiselect": false}"#,
            r#"{"question": {}, "answers": {}, "allow_multiselect": false, "layout_type": 1}"#,
            r#"{"question": {}, "answers": [], "expiry": 5, "allow_multiselect": false, "layout_type": 1}"#,
        ] {
            assert!(serde_json::from_str::<Poll>(json).is_err(), "{json}");
        }
    }
}
