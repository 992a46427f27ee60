//! Auto moderation rules, their triggers and actions.

use crate::id::Id;
use crate::id::marker::{
    AutoModerationRuleMarker, ChannelMarker, GuildMarker, MessageMarker, RoleMarker, UserMarker,
};
use serde::{Deserialize, Serialize};

/// A rule that triggers actions on content in a guild.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AutoModerationRule {
    /// The id of this rule.
    pub id: Id<AutoModerationRuleMarker>,
    /// The id of the guild which this rule belongs to.
    pub guild_id: Id<GuildMarker>,
    /// The rule name.
    pub name: String,
    /// The user which first created this rule.
    pub creator_id: Id<UserMarker>,
    /// The rule event type.
    pub event_type: EventType,
    /// The rule trigger type.
    pub trigger_type: TriggerType,
    /// The rule trigger metadata.
    pub trigger_metadata: TriggerMetadata,
    /// The actions which will execute when the rule is triggered.
    pub actions: Vec<Action>,
    /// Whether the rule is enabled.
    pub enabled: bool,
    /// The role ids that are not affected by the rule.
    pub exempt_roles: Vec<Id<RoleMarker>>,
    /// The channel ids that are not affected by the rule.
    pub exempt_channels: Vec<Id<ChannelMarker>>,
}

crate::int_enum! {
    /// What content a rule checks.
    pub enum TriggerType: u8 {
        /// Content contains words from a user defined list of keywords.
        Keyword = 1,
        /// Content represents generic spam.
        Spam = 3,
        /// Content contains words from internal pre-defined wordsets.
        KeywordPreset = 4,
        /// Content contains more unique mentions than allowed.
        MentionSpam = 5,
        /// Member profile contains words from a user defined list of keywords.
        MemberProfile = 6,
    }
}

/// Additional data used to determine whether a rule is triggered; which
/// fields apply depends on the [`TriggerType`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TriggerMetadata {
    /// Substrings which will be searched for in content (keyword, member profile).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keyword_filter: Option<Vec<String>>,
    /// Regular expression patterns which will be matched against content
    /// (keyword, member profile).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regex_patterns: Option<Vec<String>>,
    /// The internally pre-defined wordsets which will be searched for (keyword preset).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presets: Option<Vec<KeywordPresetType>>,
    /// Substrings which should not trigger the rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_list: Option<Vec<String>>,
    /// Total number of unique role and user mentions allowed per message (mention spam).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mention_total_limit: Option<u8>,
    /// Whether to automatically detect mention raids (mention spam).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mention_raid_protection_enabled: Option<bool>,
}

crate::int_enum! {
    /// An internally pre-defined wordset.
    pub enum KeywordPresetType: u8 {
        /// Words that may be considered forms of swearing or cursing.
        Profanity = 1,
        /// Words that refer to sexually explicit behaviour or activity.
        SexualContent = 2,
        /// Personal insults or words that may be considered hate speech.
        Slurs = 3,
    }
}

crate::int_enum! {
    /// When a rule is checked.
    pub enum EventType: u8 {
        /// When a member sends or edits a message in the guild.
        MessageSend = 1,
        /// When a member edits their profile.
        MemberUpdate = 2,
    }
}

/// An action which executes whenever a rule is triggered.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Action {
    /// The type of action.
    #[serde(rename = "type")]
    pub kind: ActionType,
    /// Additional metadata needed during execution for this action type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<ActionMetadata>,
}

crate::int_enum! {
    /// The type of an [`Action`].
    pub enum ActionType: u8 {
        /// Blocks a member's message and prevents it from being posted.
        BlockMessage = 1,
        /// Logs user content to a specified channel.
        SendAlertMessage = 2,
        /// Times the user out for a specified duration.
        Timeout = 3,
        /// Prevents a member from using text, voice, or other interactions.
        BlockMemberInteraction = 4,
    }
}

/// Additional data of an [`Action`]; which fields apply depends on the
/// [`ActionType`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ActionMetadata {
    /// Channel to which user content should be logged (send alert message).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_id: Option<Id<ChannelMarker>>,
    /// Timeout duration in seconds, at most four weeks (timeout).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_seconds: Option<u32>,
    /// Explanation shown to members whenever their message is blocked (block message).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_message: Option<String>,
}

/// The `AUTO_MODERATION_ACTION_EXECUTION` event: a rule was triggered and an
/// action executed.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AutoModerationActionExecution {
    /// Id of the guild in which the action was executed.
    pub guild_id: Id<GuildMarker>,
    /// The action which was executed.
    pub action: Action,
    /// Id of the rule which the action belongs to.
    pub rule_id: Id<AutoModerationRuleMarker>,
    /// Trigger type of the rule which was triggered.
    pub rule_trigger_type: TriggerType,
    /// Id of the user which generated the content which triggered the rule.
    pub user_id: Id<UserMarker>,
    /// Id of the channel in which the user content was posted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_id: Option<Id<ChannelMarker>>,
    /// Id of the user message the content belongs to, if any and not blocked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<Id<MessageMarker>>,
    /// Id of the system auto moderation message posted as a result of this action.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alert_system_message_id: Option<Id<MessageMarker>>,
    /// User-generated text content (needs the message content intent).
    pub content: String,
    /// Word or phrase configured in the rule that triggered the rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matched_keyword: Option<String>,
    /// Substring in the content that triggered the rule (needs the message content intent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matched_content: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::test_support::round_trip;

    #[test]
    fn rule_example() {
        let rule: AutoModerationRule = round_trip(
            r#"{
              "id": "969707018069872670",
              "guild_id": "613425648685547541",
              "name": "Keyword Filter 1",
              "creator_id": "423457898095789043",
              "trigger_type": 1,
              "event_type": 1,
              "actions": [
                {
                  "type": 1,
                  "metadata": { "custom_message": "Please keep financial discussions limited to the #finance channel" }
                },
                {
                  "type": 2,
                  "metadata": { "channel_id": "123456789123456789" }
                },
                {
                  "type": 3,
                  "metadata": { "duration_seconds": 60 }
                }
              ],
              "trigger_metadata": {
                "keyword_filter": ["cat*", "*dog", "*ana*", "i like c++"],
                "regex_patterns": ["(b|c)at", "^(?:[0-9]{1,3}\\.){3}[0-9]{1,3}$"]
              },
              "enabled": true,
              "exempt_roles": ["323456789123456789", "423456789123456789"],
              "exempt_channels": ["523456789123456789"]
            }"#,
        );
        assert_eq!(rule.trigger_type, TriggerType::Keyword);
        assert_eq!(rule.event_type, EventType::MessageSend);
        assert_eq!(rule.actions[2].kind, ActionType::Timeout);
        assert_eq!(
            rule.actions[2].metadata.as_ref().unwrap().duration_seconds,
            Some(60)
        );
        assert_eq!(
            rule.trigger_metadata.keyword_filter.as_ref().unwrap().len(),
            4
        );
    }

    #[test]
    fn action_execution() {
        let event: AutoModerationActionExecution = round_trip(
            r#"{"guild_id":"1","action":{"type":4},"rule_id":"2","rule_trigger_type":6,"user_id":"3","channel_id":"4","content":"","matched_keyword":null,"matched_content":null}"#,
        );
        assert_eq!(event.action.kind, ActionType::BlockMemberInteraction);
        assert_eq!(event.rule_trigger_type, TriggerType::MemberProfile);
        assert!(event.message_id.is_none());
    }

    #[test]
    fn unknowns_and_errors() {
        let metadata: TriggerMetadata = round_trip(r#"{"presets":[1,3,9]}"#);
        assert_eq!(
            metadata.presets.unwrap(),
            [
                KeywordPresetType::Profanity,
                KeywordPresetType::Slurs,
                KeywordPresetType::Unknown(9)
            ]
        );
        assert_eq!(
            serde_json::from_str::<TriggerType>("2").unwrap(),
            TriggerType::Unknown(2)
        );
        assert_eq!(
            serde_json::from_str::<ActionType>("7").unwrap(),
            ActionType::Unknown(7)
        );
        assert!(serde_json::from_str::<Action>(r#"{"type":-1}"#).is_err());
    }
}
