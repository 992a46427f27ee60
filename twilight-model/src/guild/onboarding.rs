//! Guild onboarding: the prompts shown to new members.

use crate::emoji::Emoji;
use crate::id::{
    Id,
    marker::{
        ChannelMarker, EmojiMarker, GuildMarker, OnboardingPromptMarker,
        OnboardingPromptOptionMarker, RoleMarker,
    },
};
use serde::{Deserialize, Serialize};

/// The onboarding flow of a guild.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GuildOnboarding {
    /// Id of the guild this onboarding is part of.
    pub guild_id: Id<GuildMarker>,
    /// Prompts shown during onboarding and in customise community.
    pub prompts: Vec<OnboardingPrompt>,
    /// Channel ids that members get opted into automatically.
    pub default_channel_ids: Vec<Id<ChannelMarker>>,
    /// Whether onboarding is enabled in the guild.
    pub enabled: bool,
    /// Current mode of onboarding (documented as always present, but absent
    /// from Discord's own example).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<OnboardingMode>,
}

/// A prompt of the onboarding flow.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OnboardingPrompt {
    /// Id of the prompt.
    pub id: Id<OnboardingPromptMarker>,
    /// Type of prompt.
    #[serde(rename = "type")]
    pub kind: PromptType,
    /// Options available within the prompt.
    pub options: Vec<PromptOption>,
    /// Title of the prompt.
    pub title: String,
    /// Whether users are limited to selecting one option for the prompt.
    pub single_select: bool,
    /// Whether the prompt is required before a user completes onboarding.
    pub required: bool,
    /// Whether the prompt is present in the onboarding flow.
    pub in_onboarding: bool,
}

/// An option of an onboarding prompt.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PromptOption {
    /// Id of the prompt option.
    pub id: Id<OnboardingPromptOptionMarker>,
    /// Ids of channels a member is added to when the option is selected.
    pub channel_ids: Vec<Id<ChannelMarker>>,
    /// Ids of roles assigned to a member when the option is selected.
    pub role_ids: Vec<Id<RoleMarker>>,
    /// Emoji of the option.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emoji: Option<Emoji>,
    /// Emoji id of the option (when creating or updating).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emoji_id: Option<Id<EmojiMarker>>,
    /// Emoji name of the option (when creating or updating).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emoji_name: Option<String>,
    /// Whether the emoji is animated (when creating or updating).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emoji_animated: Option<bool>,
    /// Title of the option.
    pub title: String,
    /// Description of the option.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

crate::int_enum! {
    /// What counts towards the constraints required to enable onboarding.
    pub enum OnboardingMode: u8 {
        /// Counts only default channels towards constraints.
        OnboardingDefault = 0,
        /// Counts default channels and questions towards constraints.
        OnboardingAdvanced = 1,
    }
}

crate::int_enum! {
    /// How an onboarding prompt is shown.
    pub enum PromptType: u8 {
        /// Multiple choice.
        MultipleChoice = 0,
        /// A dropdown.
        Dropdown = 1,
    }
}

#[cfg(test)]
mod tests {
    use super::{GuildOnboarding, OnboardingMode, PromptType};

    #[test]
    fn example() {
        let onboarding: GuildOnboarding = serde_json::from_str(
            r#"{
              "guild_id": "960007075288915998",
              "prompts": [
                {
                  "id": "1067461047608422473",
                  "title": "What do you want to do in this community?",
                  "options": [
                    {
                      "id": "1067461047608422476",
                      "title": "Chat with Friends",
                      "description": "",
                      "emoji": {"id": "1070002302032826408", "name": "chat", "animated": false},
                      "role_ids": [],
                      "channel_ids": ["962007075288916001"]
                    },
                    {
                      "id": "1070004843541954678",
                      "title": "Get Gud",
                      "description": "We have excellent teachers!",
                      "emoji": {"id": null, "name": "😀", "animated": false},
                      "role_ids": ["982014491980083211"],
                      "channel_ids": []
                    }
                  ],
                  "single_select": false,
                  "required": false,
                  "in_onboarding": true,
                  "type": 0
                }
              ],
              "default_channel_ids": ["998678771706110023", "998678693058719784"],
              "enabled": true
            }"#,
        )
        .unwrap();
        let prompt = &onboarding.prompts[0];
        assert_eq!(prompt.kind, PromptType::MultipleChoice);
        assert_eq!(prompt.options.len(), 2);
        assert_eq!(prompt.options[1].role_ids[0].get(), 982_014_491_980_083_211);
        assert!(onboarding.enabled);
        assert!(onboarding.mode.is_none());
    }

    #[test]
    fn unknown_values_and_malformed() {
        assert_eq!(
            serde_json::from_str::<OnboardingMode>("5").unwrap(),
            OnboardingMode::Unknown(5)
        );
        assert_eq!(
            serde_json::from_str::<PromptType>("1").unwrap(),
            PromptType::Dropdown
        );
        assert!(
            serde_json::from_str::<GuildOnboarding>(r#"{"guild_id":"1","prompts":{}}"#).is_err()
        );
    }
}
