//! Requests to join a guild with member verification, and the home
//! settings new members see (the guild's new member welcome).

use crate::Timestamp;
use crate::id::{
    Id,
    marker::{ChannelMarker, EmojiMarker, GenericMarker, GuildMarker, UserMarker},
};
use crate::user::User;
use serde::{Deserialize, Serialize};

/// A page of a guild's join requests.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GuildJoinRequests {
    /// How many requests there are in total.
    #[serde(default)]
    pub total: u64,
    /// The requests of this page.
    #[serde(default)]
    pub guild_join_requests: Vec<GuildJoinRequest>,
}

/// A user's request to join a guild.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GuildJoinRequest {
    /// The id of the request.
    pub id: Id<GenericMarker>,
    /// When it was created.
    pub created_at: Timestamp,
    /// When it was reviewed.
    pub reviewed_at: Option<Timestamp>,
    /// Where the request stands.
    pub application_status: Option<JoinRequestStatus>,
    /// Why it was rejected.
    pub rejection_reason: Option<String>,
    /// The guild.
    pub guild_id: Id<GuildMarker>,
    /// The applicant.
    pub user_id: Id<UserMarker>,
    /// The applicant's user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<User>,
    /// The applicant's answers to the verification form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form_responses: Option<Vec<JoinFormResponse>>,
    /// The moderator who approved or rejected it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actioned_by_user: Option<User>,
}

crate::str_enum! {
    /// Where a join request stands.
    pub enum JoinRequestStatus {
        /// Started, not yet submitted.
        Started = "STARTED",
        /// Submitted and awaiting review.
        Submitted = "SUBMITTED",
        /// Rejected.
        Rejected = "REJECTED",
        /// Approved.
        Approved = "APPROVED",
    }
}

/// An answer to one field of a guild's verification form; which of the
/// optional fields are set depends on `field_type`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JoinFormResponse {
    /// The field's type (`TERMS`, `TEXT_INPUT`, `PARAGRAPH`,
    /// `MULTIPLE_CHOICE`).
    pub field_type: String,
    /// The field's label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The field's description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Whether the field had to be answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    /// The choices of a multiple choice field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choices: Option<Vec<String>>,
    /// The rules of a terms field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<String>>,
    /// The answer: text, a choice's index or whether the terms were
    /// accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<JoinFormAnswer>,
}

/// The answer to a verification form field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum JoinFormAnswer {
    /// Whether the terms were accepted.
    Accepted(bool),
    /// The index of the chosen choice.
    Choice(u64),
    /// A written answer.
    Text(String),
}

/// What new members of a guild see first (its new member welcome).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GuildHomeSettings {
    /// The guild.
    pub guild_id: Id<GuildMarker>,
    /// Whether the welcome is shown.
    pub enabled: bool,
    /// The welcome message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub welcome_message: Option<WelcomeMessage>,
    /// The actions new members are asked to take.
    pub new_member_actions: Vec<NewMemberAction>,
    /// The channels shown as resources.
    pub resource_channels: Vec<ResourceChannel>,
}

/// The message of a guild's new member welcome.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WelcomeMessage {
    /// The members shown as its authors.
    pub author_ids: Vec<Id<UserMarker>>,
    /// The text.
    pub message: String,
}

/// An action a new member is asked to take in a channel.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewMemberAction {
    /// The channel.
    pub channel_id: Id<ChannelMarker>,
    /// What to do there.
    pub action_type: NewMemberActionType,
    /// The title.
    pub title: String,
    /// The description.
    pub description: String,
    /// An emoji shown beside it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emoji: Option<SettingsEmoji>,
    /// An icon's hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<String>,
}

crate::int_enum! {
    /// What a new member is asked to do in a channel.
    pub enum NewMemberActionType: u8 {
        /// Read the channel.
        View = 0,
        /// Send a message there.
        Talk = 1,
    }
}

/// A channel shown as a resource to new members.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResourceChannel {
    /// The channel.
    pub channel_id: Id<ChannelMarker>,
    /// The title.
    pub title: String,
    /// The description.
    pub description: String,
    /// An emoji shown beside it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emoji: Option<SettingsEmoji>,
    /// An icon's hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<String>,
}

/// An emoji of a guild's settings: custom (`id`) or Unicode (`name`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingsEmoji {
    /// A custom emoji's id.
    pub id: Option<Id<EmojiMarker>>,
    /// The name (the character of a Unicode emoji).
    pub name: Option<String>,
    /// Whether it is animated.
    #[serde(default)]
    pub animated: bool,
}

#[cfg(test)]
mod tests {
    use super::{GuildJoinRequests, JoinFormAnswer, JoinRequestStatus};

    #[test]
    fn join_requests_with_answers() {
        let json = r#"{"total": 1, "guild_join_requests": [{
            "id": "1", "created_at": "2024-01-01T00:00:00+00:00", "reviewed_at": null,
            "application_status": "SUBMITTED", "rejection_reason": null,
            "guild_id": "2", "user_id": "3",
            "form_responses": [
                {"field_type": "TERMS", "label": "Rules", "values": ["be nice"], "response": true},
                {"field_type": "MULTIPLE_CHOICE", "label": "Pick", "choices": ["a", "b"], "response": 1},
                {"field_type": "TEXT_INPUT", "label": "Why?", "response": "fun"}
            ]
        }]}"#;
        let page: GuildJoinRequests = serde_json::from_str(json).unwrap();
        let request = &page.guild_join_requests[0];
        assert_eq!(
            request.application_status,
            Some(JoinRequestStatus::Submitted)
        );
        let answers: Vec<_> = request
            .form_responses
            .iter()
            .flatten()
            .map(|field| field.response.clone())
            .collect();
        assert_eq!(
            answers,
            [
                Some(JoinFormAnswer::Accepted(true)),
                Some(JoinFormAnswer::Choice(1)),
                Some(JoinFormAnswer::Text("fun".to_owned()))
            ]
        );
    }
}
