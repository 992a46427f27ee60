//! Message embeds.

use crate::Timestamp;
use serde::{Deserialize, Serialize};

/// Rich content embedded in a message.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Embed {
    /// Title of the embed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Type of the embed (always `rich` for webhook embeds).
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<EmbedType>,
    /// Description of the embed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Url of the embed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Timestamp of the embed content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<Timestamp>,
    /// Color code of the embed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<u32>,
    /// Footer information.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub footer: Option<EmbedFooter>,
    /// Image information.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<EmbedImage>,
    /// Thumbnail information.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thumbnail: Option<EmbedImage>,
    /// Video information.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub video: Option<EmbedVideo>,
    /// Provider information.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<EmbedProvider>,
    /// Author information.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<EmbedAuthor>,
    /// Fields information, max of 25.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<EmbedField>>,
    /// Embed flags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flags: Option<EmbedFlags>,
}

crate::str_enum! {
    /// The type of an embed.
    pub enum EmbedType {
        /// Generic embed rendered from embed attributes.
        Rich = "rich",
        /// Image embed.
        Image = "image",
        /// Video embed.
        Video = "video",
        /// Animated gif image embed rendered as a video embed.
        Gifv = "gifv",
        /// Article embed.
        Article = "article",
        /// Link embed.
        Link = "link",
        /// Poll result embed.
        PollResult = "poll_result",
    }
}

crate::flags! {
    /// Flags of an embed.
    pub struct EmbedFlags: u64 {
        /// This embed is a fallback for a reply to an activity card.
        const IS_CONTENT_INVENTORY_ENTRY = 1 << 5;
    }
}

crate::flags! {
    /// Flags of an embed's image, thumbnail or video.
    pub struct EmbedMediaFlags: u64 {
        /// This image is animated.
        const IS_ANIMATED = 1 << 5;
    }
}

/// The image or thumbnail of an embed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct EmbedImage {
    /// Source url of the image (only http(s) and attachments).
    pub url: String,
    /// A proxied url of the image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proxy_url: Option<String>,
    /// Height of the image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    /// Width of the image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    /// The image's media type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// Thumbhash placeholder of the image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<String>,
    /// Version of the placeholder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder_version: Option<u32>,
    /// Description (alt text) of the image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Embed media flags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flags: Option<EmbedMediaFlags>,
}

/// The video of an embed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct EmbedVideo {
    /// Source url of the video.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// A proxied url of the video.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proxy_url: Option<String>,
    /// Height of the video.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    /// Width of the video.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    /// The video's media type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// Thumbhash placeholder of the video.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<String>,
    /// Version of the placeholder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder_version: Option<u32>,
    /// Description (alt text) of the video.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Embed media flags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flags: Option<EmbedMediaFlags>,
}

/// The provider of an embed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct EmbedProvider {
    /// Name of the provider.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Url of the provider.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// The author of an embed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct EmbedAuthor {
    /// Name of the author.
    pub name: String,
    /// Url of the author (only http(s)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Url of the author icon (only http(s) and attachments).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon_url: Option<String>,
    /// A proxied url of the author icon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proxy_icon_url: Option<String>,
}

/// The footer of an embed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct EmbedFooter {
    /// Footer text.
    pub text: String,
    /// Url of the footer icon (only http(s) and attachments).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon_url: Option<String>,
    /// A proxied url of the footer icon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proxy_icon_url: Option<String>,
}

/// A field of an embed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct EmbedField {
    /// Name of the field.
    pub name: String,
    /// Value of the field.
    pub value: String,
    /// Whether the field should display inline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inline: Option<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::tests::assert_round_trip;

    #[test]
    fn full_embed() {
        let json = r#"{
          "title": "Hello, Embed!", "type": "rich", "description": "This is an embedded message.",
          "url": "https://example.com", "timestamp": "2024-01-02T03:04:05.000000+00:00",
          "color": 5814783,
          "footer": {"text": "foot", "icon_url": "https://example.com/f.png", "proxy_icon_url": "https://media/f.png"},
          "image": {"url": "https://example.com/i.png", "proxy_url": "https://media/i.png", "height": 10, "width": 20,
            "content_type": "image/png", "placeholder": "abc", "placeholder_version": 1, "description": "alt", "flags": 32},
          "thumbnail": {"url": "attachment://t.png"},
          "video": {"url": "https://example.com/v.mp4", "height": 720, "width": 1280, "flags": 0},
          "provider": {"name": "YouTube", "url": "https://youtube.com"},
          "author": {"name": "me", "url": "https://example.com/me", "icon_url": "https://example.com/me.png"},
          "fields": [{"name": "a", "value": "b", "inline": true}, {"name": "c", "value": "d"}],
          "flags": 32
        }"#;
        let embed: Embed = assert_round_trip(json);
        assert_eq!(embed.kind, Some(EmbedType::Rich));
        assert_eq!(embed.color, Some(0x58_B9_FF));
        assert_eq!(
            embed.image.unwrap().flags,
            Some(EmbedMediaFlags::IS_ANIMATED)
        );
        assert_eq!(embed.thumbnail.unwrap().url, "attachment://t.png");
        assert_eq!(embed.fields.as_ref().unwrap()[0].inline, Some(true));
        assert_eq!(embed.fields.unwrap()[1].inline, None);
        assert_eq!(embed.flags, Some(EmbedFlags::IS_CONTENT_INVENTORY_ENTRY));
        assert_eq!(embed.footer.unwrap().text, "foot");
        assert_eq!(embed.author.unwrap().name, "me");
    }

    #[test]
    fn poll_result_and_unknown_values() {
        let embed: Embed = assert_round_trip(
            r#"{"type": "poll_result", "fields": [{"name": "total_votes", "value": "3", "inline": false}]}"#,
        );
        assert_eq!(embed.kind, Some(EmbedType::PollResult));
        let embed: Embed = assert_round_trip(r#"{"type": "auto_moderation_message", "flags": 3}"#);
        assert_eq!(embed.kind.unwrap().as_str(), "auto_moderation_message");
        assert_eq!(embed.flags.unwrap().bits(), 3);
        assert_eq!(serde_json::to_string(&Embed::default()).unwrap(), "{}");
    }

    #[test]
    fn malformed_input_is_an_error() {
        for json in [
            r#"{"type": 1}"#,
            r#"{"color": "red"}"#,
            r#"{"image": {}}"#,
            r#"{"footer": {"icon_url": "x"}}"#,
            r#"{"fields": [{"name": "a"}]}"#,
            r#"{"timestamp": "soon"}"#,
        ] {
            assert!(serde_json::from_str::<Embed>(json).is_err(), "{json}");
        }
    }
}
