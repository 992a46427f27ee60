//! The cached form of a voice state: the member lives in the member map.

use twilight_model::Timestamp;
use twilight_model::id::{Id, marker::ChannelMarker};
use twilight_model::voice::VoiceState;

/// A voice state as the cache stores it; guild and user ids are the keys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CachedVoiceState {
    /// The voice channel.
    pub channel_id: Id<ChannelMarker>,
    /// The voice session id.
    pub session_id: Box<str>,
    /// Deafened by the guild.
    pub deaf: bool,
    /// Muted by the guild.
    pub mute: bool,
    /// Deafened by themselves.
    pub self_deaf: bool,
    /// Muted by themselves.
    pub self_mute: bool,
    /// Streaming.
    pub self_stream: bool,
    /// Camera on.
    pub self_video: bool,
    /// Muted by the current user (stage).
    pub suppress: bool,
    /// When they asked to speak (stage).
    pub request_to_speak_timestamp: Option<Timestamp>,
}

impl CachedVoiceState {
    /// The cached form, or `None` when the user left voice (no channel).
    pub(crate) fn from_state(state: &VoiceState) -> Option<Self> {
        Some(Self {
            channel_id: state.channel_id?,
            session_id: state.session_id.as_str().into(),
            deaf: state.deaf,
            mute: state.mute,
            self_deaf: state.self_deaf,
            self_mute: state.self_mute,
            self_stream: state.self_stream.unwrap_or(false),
            self_video: state.self_video.unwrap_or(false),
            suppress: state.suppress,
            request_to_speak_timestamp: state.request_to_speak_timestamp,
        })
    }
}
