//! Stage instances (resources/stage-instance.mdx).

use crate::id::{
    Id,
    marker::{ChannelMarker, GuildMarker, ScheduledEventMarker, StageMarker},
};
use serde::{Deserialize, Serialize};

/// A live stage: a stage channel with a topic.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct StageInstance {
    /// The id of this stage instance.
    pub id: Id<StageMarker>,
    /// The guild id of the associated stage channel.
    pub guild_id: Id<GuildMarker>,
    /// The id of the associated stage channel.
    pub channel_id: Id<ChannelMarker>,
    /// The topic of the stage instance (1-120 characters).
    pub topic: String,
    /// The privacy level of the stage instance.
    pub privacy_level: PrivacyLevel,
    /// Whether or not stage discovery is disabled (deprecated).
    #[serde(default)]
    pub discoverable_disabled: bool,
    /// The id of the scheduled event for this stage instance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_scheduled_event_id: Option<Id<ScheduledEventMarker>>,
}

crate::int_enum! {
    /// Who can see a stage instance.
    pub enum PrivacyLevel: u8 {
        /// Visible publicly (deprecated).
        Public = 1,
        /// Visible to only guild members.
        GuildOnly = 2,
    }
}

#[cfg(test)]
mod tests {
    use super::{PrivacyLevel, StageInstance};
    use crate::guild::test_support::round_trip;

    #[test]
    fn example() {
        let stage: StageInstance = round_trip(
            r#"{
              "id": "840647391636226060",
              "guild_id": "197038439483310086",
              "channel_id": "733488538393510049",
              "topic": "Testing Testing, 123",
              "privacy_level": 1,
              "discoverable_disabled": false,
              "guild_scheduled_event_id": "947656305244532806"
            }"#,
        );
        assert_eq!(stage.privacy_level, PrivacyLevel::Public);
        assert_eq!(stage.topic, "Testing Testing, 123");
    }

    #[test]
    fn unknown_privacy_level_and_malformed() {
        assert_eq!(
            serde_json::from_str::<PrivacyLevel>("9").unwrap(),
            PrivacyLevel::Unknown(9)
        );
        assert!(serde_json::from_str::<StageInstance>(r#"{"id":"1"}"#).is_err());
    }
}
