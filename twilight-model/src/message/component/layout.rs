//! Layout and content components of components v2: sections, text, media,
//! files, separators and containers.

use super::Component;
use crate::id::{Id, marker::AttachmentMarker};
use serde::{Deserialize, Serialize};

crate::int_enum! {
    /// Size of a [`Separator`]'s padding.
    pub enum SeparatorSpacing: u8 {
        /// Small padding.
        Small = 1,
        /// Large padding.
        Large = 2,
    }
}

crate::flags! {
    /// Flags of an [`UnfurledMediaItem`].
    pub struct UnfurledMediaItemFlags: u64 {
        /// The image is animated.
        const IS_ANIMATED = 1 << 0;
    }
}

/// Text contextually associated with an accessory.
#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    /// Optional identifier for the component.
    pub id: Option<i32>,
    /// One to three child components (text displays).
    pub components: Vec<Component>,
    /// Component associated with the content (button or thumbnail).
    pub accessory: Box<Component>,
}

/// Markdown text.
#[derive(Clone, Debug, PartialEq)]
pub struct TextDisplay {
    /// Optional identifier for the component.
    pub id: Option<i32>,
    /// Text displayed like a message's content.
    pub content: String,
}

/// Small image, used as an accessory of a [`Section`].
#[derive(Clone, Debug, PartialEq)]
pub struct Thumbnail {
    /// Optional identifier for the component.
    pub id: Option<i32>,
    /// URL or attachment of the image.
    pub media: UnfurledMediaItem,
    /// Alt text; max 1024 characters.
    pub description: Option<String>,
    /// Whether the thumbnail is blurred out (defaults to `false`).
    pub spoiler: Option<bool>,
}

/// Gallery of 1 to 10 media items.
#[derive(Clone, Debug, PartialEq)]
pub struct MediaGallery {
    /// Optional identifier for the component.
    pub id: Option<i32>,
    /// Media items.
    pub items: Vec<MediaGalleryItem>,
}

/// Item of a [`MediaGallery`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MediaGalleryItem {
    /// URL or attachment of the media.
    pub media: UnfurledMediaItem,
    /// Alt text; max 1024 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Whether the media is blurred out (defaults to `false`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spoiler: Option<bool>,
}

/// Attached file (the File component, type 13).
#[derive(Clone, Debug, PartialEq)]
pub struct FileDisplay {
    /// Optional identifier for the component.
    pub id: Option<i32>,
    /// The file, as an `attachment://<filename>` reference.
    pub file: UnfurledMediaItem,
    /// Whether the file is blurred out (defaults to `false`).
    pub spoiler: Option<bool>,
    /// Name of the file, provided by the API.
    pub name: Option<String>,
    /// Size of the file in bytes, provided by the API.
    pub size: Option<u64>,
}

/// Vertical padding and an optional divider between components.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Separator {
    /// Optional identifier for the component.
    pub id: Option<i32>,
    /// Whether a visual divider is displayed (defaults to `true`).
    pub divider: Option<bool>,
    /// Size of the padding (defaults to small).
    pub spacing: Option<SeparatorSpacing>,
}

/// Visual group of components.
#[derive(Clone, Debug, PartialEq)]
pub struct Container {
    /// Optional identifier for the component.
    pub id: Option<i32>,
    /// Child components.
    pub components: Vec<Component>,
    /// Accent colour as RGB from `0x000000` to `0xFFFFFF`.
    pub accent_color: Option<u32>,
    /// Whether the container is blurred out (defaults to `false`).
    pub spoiler: Option<bool>,
}

/// Piece of media given by a URL, used within a component.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct UnfurledMediaItem {
    /// Arbitrary URL or `attachment://<filename>` reference.
    pub url: String,
    /// Proxied URL, provided by the API.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proxy_url: Option<String>,
    /// Height, if an image or video.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    /// Width, if an image or video.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    /// Thumbhash placeholder, if an image or video.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<String>,
    /// Version of the placeholder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder_version: Option<u32>,
    /// Media type of the content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// Flags of the media item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flags: Option<UnfurledMediaItemFlags>,
    /// Id of the uploaded attachment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachment_id: Option<Id<AttachmentMarker>>,
}
