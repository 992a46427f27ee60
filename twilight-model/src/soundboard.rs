//! Soundboard sounds (resources/soundboard.mdx).

use crate::id::{
    Id,
    marker::{EmojiMarker, GuildMarker, SoundboardSoundMarker},
};
use crate::user::User;
use serde::{Deserialize, Serialize};

/// A sound that users can play in voice channels.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SoundboardSound {
    /// The name of this sound.
    pub name: String,
    /// The id of this sound.
    pub sound_id: Id<SoundboardSoundMarker>,
    /// The volume of this sound, from 0 to 1.
    pub volume: f64,
    /// The id of this sound's custom emoji.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emoji_id: Option<Id<EmojiMarker>>,
    /// The unicode character of this sound's standard emoji.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emoji_name: Option<String>,
    /// The id of the guild this sound is in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
    /// Whether this sound can be used; may be false due to loss of Server Boosts.
    pub available: bool,
    /// The user who created this sound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<User>,
}

/// A guild's soundboard sounds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GuildSoundboardSounds {
    /// The sounds.
    pub items: Vec<SoundboardSound>,
}

#[cfg(test)]
mod tests {
    use super::SoundboardSound;
    use crate::guild::test_support::round_trip;

    #[test]
    fn default_sound() {
        let sound: SoundboardSound = round_trip(
            r#"{
              "name": "quack",
              "sound_id": "1",
              "volume": 1.0,
              "emoji_id": null,
              "emoji_name": "🦆",
              "available": true
            }"#,
        );
        assert_eq!(sound.sound_id.get(), 1);
        assert_eq!(sound.emoji_name.as_deref(), Some("🦆"));
        assert!(sound.guild_id.is_none());
    }

    #[test]
    fn guild_sound() {
        let sound: SoundboardSound = serde_json::from_str(
            r#"{
              "name": "Yay",
              "sound_id": "1106714396018884649",
              "volume": 1,
              "emoji_id": "989193655938064464",
              "emoji_name": null,
              "guild_id": "613425648685547541",
              "available": true
            }"#,
        )
        .unwrap();
        assert!((sound.volume - 1.0).abs() < f64::EPSILON);
        assert_eq!(sound.emoji_id.unwrap().get(), 989_193_655_938_064_464);
        assert_eq!(sound.guild_id.unwrap().get(), 613_425_648_685_547_541);
    }

    #[test]
    fn malformed() {
        assert!(
            serde_json::from_str::<SoundboardSound>(
                r#"{"name":"x","sound_id":"1","volume":"loud","available":true}"#
            )
            .is_err()
        );
    }
}
