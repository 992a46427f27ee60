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
pub use self::thread::{
    AutoArchiveDuration, SearchIndexNotReady, ThreadList, ThreadMember, ThreadMetadata,
    ThreadSearch, ThreadSearchResults, ThreadSearchSortMode, ThreadSearchTagSetting,
    TypingIndicator,
};

use crate::Timestamp;
use crate::id::Id;
use crate::id::marker::{
    ApplicationMarker, ChannelMarker, GuildMarker, MessageMarker, TagMarker, UserMarker,
    WebhookMarker,
};
use crate::message::Message;
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
    /// The first message of a thread just created in a forum or media channel
    /// (only in the Start Thread in Forum or Media Channel response).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<Box<Message>>,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::tests::assert_round_trip;

    const GUILD_TEXT: &str = r#"{
      "id": "41771983423143937",
      "guild_id": "41771983423143937",
      "name": "general",
      "type": 0,
      "position": 6,
      "permission_overwrites": [],
      "rate_limit_per_user": 2,
      "nsfw": true,
      "topic": "24/7 chat about how to gank Mike #2",
      "last_message_id": "155117677105512449",
      "parent_id": "399942396007890945",
      "default_auto_archive_duration": 60
    }"#;

    const THREAD: &str = r#"{
      "id": "41771983423143937",
      "guild_id": "41771983423143937",
      "parent_id": "41771983423143937",
      "owner_id": "41771983423143937",
      "name": "don't buy dota-2",
      "type": 11,
      "last_message_id": "155117677105512449",
      "message_count": 1,
      "member_count": 5,
      "rate_limit_per_user": 2,
      "thread_metadata": {
        "archived": false,
        "auto_archive_duration": 1440,
        "archive_timestamp": "2021-04-12T23:40:39.855793+00:00",
        "locked": false
      },
      "total_message_sent": 1
    }"#;

    const DM: &str = r#"{
      "last_message_id": "3343820033257021450",
      "type": 1,
      "id": "319674150115610528",
      "recipients": [
        {
          "username": "test",
          "discriminator": "9999",
          "id": "82198898841029460",
          "avatar": "33ecab261d4681afa4d85a04691c4a01"
        }
      ]
    }"#;

    #[test]
    fn guild_text_example() {
        let channel: Channel = assert_round_trip(GUILD_TEXT);
        assert_eq!(channel.kind, ChannelType::GuildText);
        assert_eq!(channel.id, 41_771_983_423_143_937);
        assert_eq!(channel.name.as_deref(), Some("general"));
        assert_eq!(channel.position, Some(6));
        assert_eq!(channel.permission_overwrites, Some(Vec::new()));
        assert_eq!(channel.rate_limit_per_user, Some(2));
        assert_eq!(channel.nsfw, Some(true));
        assert_eq!(
            channel.default_auto_archive_duration,
            Some(AutoArchiveDuration::Hour)
        );
        assert!(channel.kind.is_guild() && !channel.kind.is_thread());
    }

    #[test]
    fn thread_example() {
        let channel: Channel = assert_round_trip(THREAD);
        assert_eq!(channel.kind, ChannelType::PublicThread);
        assert!(channel.kind.is_thread());
        let meta = channel.thread_metadata.unwrap();
        assert!(!meta.archived && !meta.locked);
        assert_eq!(meta.auto_archive_duration, AutoArchiveDuration::Day);
        assert_eq!(meta.auto_archive_duration.minutes(), 1440);
        assert_eq!(
            meta.archive_timestamp.to_string(),
            "2021-04-12T23:40:39.855793+00:00"
        );
        assert_eq!(channel.message_count, Some(1));
        assert_eq!(channel.member_count, Some(5));
        assert_eq!(channel.total_message_sent, Some(1));
    }

    #[test]
    fn dm_example() {
        let channel: Channel = assert_round_trip(DM);
        assert_eq!(channel.kind, ChannelType::Dm);
        assert!(!channel.kind.is_guild());
        assert_eq!(channel.recipients.map(|r| r.len()), Some(1));
        assert_eq!(channel.last_message_id.unwrap(), 3_343_820_033_257_021_450);
    }

    #[test]
    fn forum_channel() {
        let json = r#"{
          "id": "1000000000000000001",
          "type": 15,
          "guild_id": "1000000000000000002",
          "name": "ideas",
          "flags": 2097168,
          "topic": null,
          "available_tags": [
            {"id": "1000000000000000003", "name": "bug", "moderated": true, "emoji_id": null, "emoji_name": "🐛"},
            {"id": "1000000000000000004", "name": "feature", "moderated": false, "emoji_id": "1000000000000000005", "emoji_name": null}
          ],
          "default_reaction_emoji": {"emoji_id": null, "emoji_name": "👍"},
          "default_thread_rate_limit_per_user": 0,
          "default_sort_order": null,
          "default_forum_layout": 2,
          "permission_overwrites": [
            {"id": "1000000000000000002", "type": 0, "allow": "1024", "deny": "2048"},
            {"id": "1000000000000000006", "type": 1, "allow": "0", "deny": "8"}
          ],
          "video_quality_mode": 2,
          "rtc_region": "us-east",
          "last_pin_timestamp": "2024-01-01T00:00:00.000000+00:00",
          "app_permissions": "1024",
          "newly_created": true
        }"#;
        let channel: Channel = assert_round_trip(json);
        assert_eq!(channel.kind, ChannelType::GuildForum);
        let flags = channel.flags.unwrap();
        assert!(flags.contains(ChannelFlags::REQUIRE_TAG | ChannelFlags::IS_SPOILER_CHANNEL));
        let tags = channel.available_tags.unwrap();
        assert_eq!(tags[0].emoji_name.as_deref(), Some("🐛"));
        assert_eq!(tags[1].emoji_id.unwrap(), 1_000_000_000_000_000_005);
        assert_eq!(
            channel
                .default_reaction_emoji
                .unwrap()
                .emoji_name
                .as_deref(),
            Some("👍")
        );
        assert_eq!(
            channel.default_forum_layout,
            Some(ForumLayoutType::GalleryView)
        );
        assert_eq!(channel.default_sort_order, None);
        assert_eq!(channel.video_quality_mode, Some(VideoQualityMode::Full));
        let overwrites = channel.permission_overwrites.unwrap();
        assert_eq!(overwrites[0].kind, PermissionOverwriteType::Role);
        assert_eq!(overwrites[1].kind, PermissionOverwriteType::Member);
        assert_eq!(overwrites[0].allow.bits(), 1024);
        assert_eq!(overwrites[1].deny.bits(), 8);
        assert_eq!(channel.newly_created, Some(true));
    }

    #[test]
    fn thread_member_and_list() {
        let json = r#"{
          "threads": [{"id": "1000000000000000001", "type": 12, "parent_id": "1000000000000000002",
            "thread_metadata": {"archived": true, "auto_archive_duration": 10080,
              "archive_timestamp": "2022-02-02T02:02:02.000000+00:00", "locked": true,
              "invitable": false, "create_timestamp": "2022-02-01T02:02:02.000000+00:00"}}],
          "members": [{"id": "1000000000000000001", "user_id": "1000000000000000003",
            "join_timestamp": "2022-02-01T03:00:00.000000+00:00", "flags": 1}],
          "has_more": false
        }"#;
        let list: ThreadList = assert_round_trip(json);
        assert_eq!(list.has_more, Some(false));
        assert_eq!(list.threads[0].kind, ChannelType::PrivateThread);
        let meta = list.threads[0].thread_metadata.unwrap();
        assert_eq!(meta.auto_archive_duration, AutoArchiveDuration::Week);
        assert_eq!(meta.invitable, Some(false));
        assert!(meta.create_timestamp.is_some());
        assert_eq!(list.members[0].flags, 1);

        // Thread members inside GUILD_CREATE have neither id nor user_id.
        let member: ThreadMember = serde_json::from_str(
            r#"{"join_timestamp": "2022-02-01T03:00:00.000000+00:00", "flags": 0}"#,
        )
        .unwrap();
        assert_eq!(member.id, None);
        assert_eq!(member.user_id, None);
    }

    #[test]
    fn forum_thread_with_first_message() {
        let json = r#"{"id": "1000000000000000001", "type": 11, "applied_tags": ["1000000000000000003"],
          "message": {"id": "1000000000000000001", "channel_id": "1000000000000000001",
            "author": {"id": "1000000000000000004", "username": "b", "discriminator": "0"}, "content": "first",
            "timestamp": "2024-01-01T00:00:00.000000+00:00", "edited_timestamp": null,
            "tts": false, "mention_everyone": false, "mentions": [], "mention_roles": [],
            "attachments": [], "embeds": [], "pinned": false, "type": 0}}"#;
        let channel: Channel = assert_round_trip(json);
        assert_eq!(channel.applied_tags.unwrap()[0], 1_000_000_000_000_000_003);
        assert_eq!(channel.message.unwrap().content, "first");
    }

    #[test]
    fn overwrite_without_allow_and_deny() {
        let overwrite: PermissionOverwrite =
            serde_json::from_str(r#"{"id": "1000000000000000001", "type": 1}"#).unwrap();
        assert!(overwrite.allow.is_empty() && overwrite.deny.is_empty());
    }

    #[test]
    fn followed_channel() {
        let followed: FollowedChannel = assert_round_trip(
            r#"{"channel_id": "1000000000000000001", "webhook_id": "1000000000000000002"}"#,
        );
        assert_eq!(followed.webhook_id, 1_000_000_000_000_000_002);
    }

    #[test]
    fn unknown_values_are_kept() {
        let channel: Channel = assert_round_trip(
            r#"{"id": "1", "type": 99, "flags": 1099511627776, "default_auto_archive_duration": 30,
                "video_quality_mode": 7, "default_sort_order": 5, "default_forum_layout": 9}"#,
        );
        assert_eq!(channel.kind, ChannelType::Unknown(99));
        assert_eq!(channel.flags.unwrap().bits(), 1 << 40);
        assert_eq!(
            channel.default_auto_archive_duration,
            Some(AutoArchiveDuration::Unknown(30))
        );
        assert_eq!(
            channel.video_quality_mode,
            Some(VideoQualityMode::Unknown(7))
        );
        assert_eq!(channel.default_sort_order, Some(SortOrderType::Unknown(5)));
        assert_eq!(
            channel.default_forum_layout,
            Some(ForumLayoutType::Unknown(9))
        );
        assert_eq!(
            serde_json::from_str::<PermissionOverwriteType>("4").unwrap(),
            PermissionOverwriteType::Unknown(4)
        );
    }

    #[test]
    fn malformed_input_is_an_error() {
        for json in [
            r#"{"type": 0}"#,
            r#"{"id": "abc", "type": 0}"#,
            r#"{"id": "1", "type": "text"}"#,
            r#"{"id": "1", "type": 0, "position": "six"}"#,
            r#"{"id": "1", "type": 300}"#,
            r#"{"id": "1", "type": 11, "thread_metadata": {"archived": false}}"#,
            r#"{"id": "1", "type": 0, "last_pin_timestamp": "yesterday"}"#,
            "[]",
        ] {
            assert!(serde_json::from_str::<Channel>(json).is_err(), "{json}");
        }
    }
}
