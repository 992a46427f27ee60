//! Guild widgets and their settings.

use crate::id::{
    Id,
    marker::{ChannelMarker, GuildMarker},
};
use serde::{Deserialize, Serialize};

/// The public widget of a guild.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct GuildWidget {
    /// Guild id.
    pub id: Id<GuildMarker>,
    /// Guild name (2-100 characters).
    pub name: String,
    /// Instant invite for the guild's widget invite channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instant_invite: Option<String>,
    /// Voice and stage channels which are accessible by `@everyone`.
    pub channels: Vec<GuildWidgetChannel>,
    /// Online members, with anonymised ids (at most 100).
    pub members: Vec<GuildWidgetMember>,
    /// Number of online members in this guild.
    pub presence_count: u64,
}

/// A channel listed in a guild widget.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct GuildWidgetChannel {
    /// Channel id.
    pub id: Id<ChannelMarker>,
    /// Channel name.
    pub name: String,
    /// Sorting position.
    pub position: i32,
}

/// A member listed in a guild widget; `id`, `discriminator` and `avatar` are
/// anonymised.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct GuildWidgetMember {
    /// Anonymised id (an index such as `"0"`, not a snowflake).
    pub id: String,
    /// Username.
    pub username: String,
    /// Anonymised discriminator.
    pub discriminator: String,
    /// Always `None`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar: Option<String>,
    /// Online status.
    pub status: String,
    /// URL of the avatar.
    pub avatar_url: String,
    /// What the member is playing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity: Option<GuildWidgetActivity>,
    /// Whether the member is deafened by the server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deaf: Option<bool>,
    /// Whether the member is muted by the server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mute: Option<bool>,
    /// Whether the member is locally deafened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_deaf: Option<bool>,
    /// Whether the member is locally muted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_mute: Option<bool>,
    /// Whether the member's permission to speak is denied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suppress: Option<bool>,
    /// The voice channel the member is in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_id: Option<Id<ChannelMarker>>,
}

/// The activity of a member listed in a guild widget.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct GuildWidgetActivity {
    /// Name of the activity.
    pub name: String,
}

/// The settings of a guild's widget.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct GuildWidgetSettings {
    /// Whether the widget is enabled.
    pub enabled: bool,
    /// The widget channel id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_id: Option<Id<ChannelMarker>>,
}

crate::str_enum! {
    /// The style of a guild widget's PNG image.
    pub enum GuildWidgetStyle {
        /// A shield with the Discord icon and the online count.
        Shield = "shield",
        /// A large image with the guild's icon, name and online count,
        /// "POWERED BY DISCORD" below.
        Banner1 = "banner1",
        /// A smaller image with the guild's icon, name and online count,
        /// the Discord logo on the right.
        Banner2 = "banner2",
        /// A large image with the Discord logo and "Chat Now" below.
        Banner3 = "banner3",
        /// A large Discord logo above, a "JOIN MY SERVER" button below.
        Banner4 = "banner4",
    }
}

#[cfg(test)]
mod tests {
    use super::{GuildWidget, GuildWidgetSettings};
    use crate::guild::test_support::round_trip;

    #[test]
    fn widget_example() {
        let widget: GuildWidget = round_trip(
            r#"{
              "id": "290926798626999250",
              "name": "Test Server",
              "instant_invite": "https://discord.com/invite/abcdefg",
              "channels": [
                {"id": "705216630279993882", "name": "elephant", "position": 2},
                {"id": "669583461748992190", "name": "groovy-music", "position": 1}
              ],
              "members": [
                {
                  "id": "0",
                  "username": "1234",
                  "discriminator": "0000",
                  "avatar": null,
                  "status": "online",
                  "avatar_url": "https://cdn.discordapp.com/widget-avatars/FfvURgcr3Za92K3JtoCppqnYMppMDc5B-Rll74YrGCU/C-1DyBZPQ6t5q2RuATFuMFgq0_uEMZVzd_6LbGN_uJKvZflobA9diAlTjhf6CAESLLeTuu4dLuHFWOb_PNLteooNfhC4C6k5QgAGuxEOP12tVVVCvX6t64k14PMXZrGTDq8pWZhukP40Wg"
                }
              ],
              "presence_count": 1
            }"#,
        );
        assert_eq!(widget.channels[0].position, 2);
        assert_eq!(widget.members[0].id, "0");
    }

    #[test]
    fn settings() {
        let settings: GuildWidgetSettings =
            round_trip(r#"{"enabled": true, "channel_id": "41771983444115456"}"#);
        assert!(settings.enabled);
        assert!(serde_json::from_str::<GuildWidgetSettings>(r#"{"enabled":"yes"}"#).is_err());
    }
}
