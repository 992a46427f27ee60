//! Voice states and regions (resources/voice.mdx).

use crate::Timestamp;
use crate::guild::Member;
use crate::id::{
    Id,
    marker::{ChannelMarker, GuildMarker, UserMarker},
};
use serde::{Deserialize, Serialize};

/// A user's voice connection status.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VoiceState {
    /// The guild id this voice state is for (absent inside `GUILD_CREATE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
    /// The channel id this user is connected to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_id: Option<Id<ChannelMarker>>,
    /// The user id this voice state is for.
    pub user_id: Id<UserMarker>,
    /// The guild member this voice state is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<Member>,
    /// The session id for this voice state.
    pub session_id: String,
    /// Whether this user is deafened by the server.
    pub deaf: bool,
    /// Whether this user is muted by the server.
    pub mute: bool,
    /// Whether this user is locally deafened.
    pub self_deaf: bool,
    /// Whether this user is locally muted.
    pub self_mute: bool,
    /// Whether this user is streaming using "Go Live".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_stream: Option<bool>,
    /// Whether this user's camera is enabled.
    ///
    /// Documented as always present, but an `Option` because some payloads
    /// (such as Discord's own example) leave it out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_video: Option<bool>,
    /// Whether this user's permission to speak is denied.
    pub suppress: bool,
    /// The time at which the user requested to speak.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_to_speak_timestamp: Option<Timestamp>,
}

/// A voice region that voice and stage channels can use.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct VoiceRegion {
    /// Unique id for the region.
    pub id: String,
    /// Name of the region.
    pub name: String,
    /// True for a single server that is closest to the current user's client.
    pub optimal: bool,
    /// Whether this is a deprecated voice region.
    pub deprecated: bool,
    /// Whether this is a custom voice region (used for events).
    pub custom: bool,
}

#[cfg(test)]
mod tests {
    use super::{VoiceRegion, VoiceState};
    use crate::guild::test_support::{fill, round_trip};

    const EXAMPLE: &str = r#"{
      "channel_id": "157733188964188161",
      "user_id": "80351110224678912",
      "session_id": "90326bd25d71d39b9ef95b299e3872ff",
      "deaf": false,
      "mute": false,
      "self_deaf": false,
      "self_mute": true,
      "suppress": false,
      "request_to_speak_timestamp": "2021-03-31T18:45:31.297561+00:00"
    }"#;

    #[test]
    fn example_round_trip() {
        let state: VoiceState = round_trip(EXAMPLE);
        assert_eq!(state.user_id.get(), 80_351_110_224_678_912);
        assert!(state.self_mute);
        assert!(state.guild_id.is_none());
        assert_eq!(state.self_video, None);
        assert_eq!(
            state.request_to_speak_timestamp.unwrap().to_string(),
            "2021-03-31T18:45:31.297561+00:00"
        );
    }

    #[test]
    fn with_member_and_nulls() {
        let json = r#"{"guild_id":"1","channel_id":null,"user_id":"2","session_id":"s","deaf":true,
            "mute":false,"self_deaf":false,"self_mute":false,"self_video":false,"suppress":true,
            "request_to_speak_timestamp":null,
            "member":{"user":@USER@,"roles":["3"],"joined_at":"2015-04-26T06:26:56.936000+00:00","deaf":true,"mute":false,"flags":0}}"#;
        let state: VoiceState = serde_json::from_str(&fill(json)).unwrap();
        assert!(state.channel_id.is_none());
        assert_eq!(state.self_video, Some(false));
        assert_eq!(state.member.unwrap().roles[0].get(), 3);
    }

    #[test]
    fn malformed() {
        assert!(serde_json::from_str::<VoiceState>(r#"{"user_id":"0"}"#).is_err());
        assert!(serde_json::from_str::<VoiceState>("[]").is_err());
    }

    #[test]
    fn region() {
        let json =
            r#"{"id":"us-west","name":"US West","optimal":true,"deprecated":false,"custom":false}"#;
        let region: VoiceRegion = serde_json::from_str(json).unwrap();
        assert!(region.optimal);
        assert_eq!(serde_json::to_string(&region).unwrap(), json);
    }
}
