//! Channels of every type: guild text, voice, category, announcement, threads,
//! forum and media channels, DMs.
//!
//! Every channel type is one [`Channel`] struct; fields that a type does not
//! use are `None`.

mod forum;
mod permission_overwrite;
mod thread;

pub use self::forum::{DefaultReaction, ForumLayoutType, ForumTag, SortOrderType};
pub use self::permission_overwrite::{PermissionOverwrite, PermissionOverwriteType};
pub use self::thread::{AutoArchiveDuration, ThreadList, ThreadMember, ThreadMetadata};

use crate::Timestamp;
use crate::id::Id;
use crate::id::marker::{
    ApplicationMarker, ChannelMarker, GuildMarker, MessageMarker, TagMarker, UserMarker,
    WebhookMarker,
};
use crate::permissions::Permissions;
use crate::user::User;
use crate::util::image_hash::ImageHash;
use serde::{Deserialize, Serialize};

/// A guild or DM channel, or a thread.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Channel {
    /// The id of this channel.
    pub id: Id<ChannelMarker>,
    /// The type of channel.
    #[serde(rename = "type")]
    pub kind: ChannelType,
    /// The id of the guild (may be missing in gateway guild dispatches).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
    /// Sorting position of the channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<i32>,
    /// Explicit permission overwrites for members and roles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permission_overwrites: Option<Vec<PermissionOverwrite>>,
    /// The name of the channel (1-100 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The channel topic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    /// Whether the channel is age-restricted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nsfw: Option<bool>,
    /// The id of the last message (or thread, for forum and media channels)
    /// sent in this channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_message_id: Option<Id<MessageMarker>>,
    /// The bitrate (in bits per second) of the voice channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bitrate: Option<u32>,
    /// The user limit of the voice channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_limit: Option<u32>,
    /// Seconds a user has to wait before sending another message (0-21600).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_limit_per_user: Option<u16>,
    /// The recipients of the DM.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipients: Option<Vec<User>>,
    /// Icon hash of the group DM.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<ImageHash>,
    /// Id of the creator of the group DM or thread.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_id: Option<Id<UserMarker>>,
    /// Application id associated with the channel (for group DMs, the
    /// application that created it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_id: Option<Id<ApplicationMarker>>,
    /// For group DMs: whether the channel is managed by an application via
    /// the `gdm.join` OAuth2 scope.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed: Option<bool>,
    /// The parent category of a guild channel, or the channel a thread was
    /// created in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<Id<ChannelMarker>>,
    /// When the last pinned message was pinned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_pin_timestamp: Option<Timestamp>,
    /// Voice region id for the voice channel, automatic when `None`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rtc_region: Option<String>,
    /// The camera video quality mode of the voice channel (auto when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub video_quality_mode: Option<VideoQualityMode>,
    /// Number of messages (not including the initial or deleted messages) in
    /// a thread.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_count: Option<u32>,
    /// An approximate count of users in a thread, stops counting at 50.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member_count: Option<u32>,
    /// Thread-specific fields not needed by other channels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread_metadata: Option<ThreadMetadata>,
    /// Thread member object for the current user, if they have joined the
    /// thread.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<ThreadMember>,
    /// Default auto archive duration copied onto newly created threads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_auto_archive_duration: Option<AutoArchiveDuration>,
    /// Computed permissions for the invoking user in the channel (interaction
    /// `resolved` data only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions: Option<Permissions>,
    /// Computed permissions for the bot user in the channel (interaction
    /// `resolved` data only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_permissions: Option<Permissions>,
    /// Channel flags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flags: Option<ChannelFlags>,
    /// Number of messages ever sent in a thread.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_message_sent: Option<u32>,
    /// The tags that can be used in a forum or media channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available_tags: Option<Vec<ForumTag>>,
    /// The ids of the tags applied to a thread in a forum or media channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applied_tags: Option<Vec<Id<TagMarker>>>,
    /// The emoji to show in the add reaction button on a thread in a forum or
    /// media channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_reaction_emoji: Option<DefaultReaction>,
    /// The initial `rate_limit_per_user` set on newly created threads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_thread_rate_limit_per_user: Option<u16>,
    /// The default sort order of posts in forum and media channels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_sort_order: Option<SortOrderType>,
    /// The default layout of posts in forum channels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_forum_layout: Option<ForumLayoutType>,
    /// Whether the thread was just created (only in the gateway's
    /// `THREAD_CREATE` event).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub newly_created: Option<bool>,
}

crate::int_enum! {
    /// The type of a channel.
    pub enum ChannelType: u8 {
        /// A text channel within a server.
        GuildText = 0,
        /// A direct message between users.
        Dm = 1,
        /// A voice channel within a server.
        GuildVoice = 2,
        /// A direct message between multiple users.
        GroupDm = 3,
        /// An organizational category that contains up to 50 channels.
        GuildCategory = 4,
        /// A channel that users can follow and crosspost into their own server.
        GuildAnnouncement = 5,
        /// A temporary sub-channel within a `GUILD_ANNOUNCEMENT` channel.
        AnnouncementThread = 10,
        /// A temporary sub-channel within a `GUILD_TEXT` or `GUILD_FORUM` channel.
        PublicThread = 11,
        /// A temporary sub-channel within a `GUILD_TEXT` channel, only viewable
        /// by those invited and those with `MANAGE_THREADS`.
        PrivateThread = 12,
        /// A voice channel for hosting events with an audience.
        GuildStageVoice = 13,
        /// The channel in a hub containing the listed servers.
        GuildDirectory = 14,
        /// A channel that can only contain threads.
        GuildForum = 15,
        /// A channel that can only contain threads, similar to `GUILD_FORUM`.
        GuildMedia = 16,
    }
}

impl ChannelType {
    /// Whether this is a thread type.
    pub const fn is_thread(self) -> bool {
        matches!(
            self,
            Self::AnnouncementThread | Self::PublicThread | Self::PrivateThread
        )
    }

    /// Whether this is a guild channel type (including threads).
    pub const fn is_guild(self) -> bool {
        !matches!(self, Self::Dm | Self::GroupDm | Self::Unknown(_))
    }
}

crate::int_enum! {
    /// The camera video quality mode of a voice channel.
    pub enum VideoQualityMode: u8 {
        /// Discord chooses the quality for optimal performance.
        Auto = 1,
        /// 720p.
        Full = 2,
    }
}

crate::flags! {
    /// Flags of a channel.
    pub struct ChannelFlags: u64 {
        /// This thread is pinned to the top of its parent forum or media channel.
        const PINNED = 1 << 1;
        /// A tag is required when creating a thread in a forum or media channel.
        const REQUIRE_TAG = 1 << 4;
        /// Hides the embedded media download options (media channels only).
        const HIDE_MEDIA_DOWNLOAD_OPTIONS = 1 << 15;
        /// Users must opt in to view the channel's contents.
        const IS_SPOILER_CHANNEL = 1 << 21;
    }
}

/// An announcement channel followed into another channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FollowedChannel {
    /// Source channel id.
    pub channel_id: Id<ChannelMarker>,
    /// Created target webhook id.
    pub webhook_id: Id<WebhookMarker>,
}
