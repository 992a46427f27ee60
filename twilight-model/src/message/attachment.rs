//! Files attached to messages.

use crate::Timestamp;
use crate::application::Application;
use crate::id::Id;
use crate::id::marker::AttachmentMarker;
use crate::user::User;
use serde::{Deserialize, Serialize};

/// A file attached to a message.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Attachment {
    /// Attachment id.
    pub id: Id<AttachmentMarker>,
    /// Name of the file.
    pub filename: String,
    /// The title of the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Description (alt text) of the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The attachment's media type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// Size of the file in bytes.
    pub size: u64,
    /// Source url of the file.
    pub url: String,
    /// A proxied url of the file.
    pub proxy_url: String,
    /// Height of the file (images and videos).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    /// Width of the file (images and videos).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    /// Thumbhash placeholder (images and videos).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<String>,
    /// Version of the placeholder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder_version: Option<u32>,
    /// Whether this attachment is ephemeral.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ephemeral: Option<bool>,
    /// The duration of the audio or video file in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_secs: Option<f64>,
    /// Base64 encoded sampled waveform (voice messages).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waveform: Option<String>,
    /// Attachment flags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flags: Option<AttachmentFlags>,
    /// For clips, the users who were in the stream.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clip_participants: Option<Vec<User>>,
    /// For clips, when the clip was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clip_created_at: Option<Timestamp>,
    /// For clips, the application in the stream, if recognized.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application: Option<Box<Application>>,
}

crate::flags! {
    /// Flags of an attachment.
    pub struct AttachmentFlags: u64 {
        /// This attachment is a clip from a stream.
        const IS_CLIP = 1 << 0;
        /// This attachment is the thumbnail of a thread in a media channel.
        const IS_THUMBNAIL = 1 << 1;
        /// This attachment has been edited using the remix feature (deprecated).
        const IS_REMIX = 1 << 2;
        /// This attachment was marked as a spoiler.
        const IS_SPOILER = 1 << 3;
        /// This attachment is an animated image.
        const IS_ANIMATED = 1 << 5;
    }
}
