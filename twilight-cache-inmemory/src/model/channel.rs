//! The cached form of a channel or thread: the fields every channel uses
//! inline, the type-specific rest behind one pointer.

use crate::heap::{HeapSize, slice_bytes};
use twilight_model::Timestamp;
use twilight_model::channel::{
    AutoArchiveDuration, Channel, ChannelFlags, ChannelType, DefaultReaction, ForumLayoutType,
    ForumTag, PermissionOverwrite, SortOrderType, ThreadMember, ThreadMetadata, VideoQualityMode,
};
use twilight_model::id::{
    Id,
    marker::{ApplicationMarker, ChannelMarker, GuildMarker, MessageMarker, TagMarker, UserMarker},
};
use twilight_model::util::image_hash::ImageHash;

/// A channel or thread as the cache stores it.
#[derive(Clone, Debug, PartialEq)]
pub struct CachedChannel {
    /// The channel id.
    pub id: Id<ChannelMarker>,
    /// The channel type.
    pub kind: ChannelType,
    /// The guild, for guild channels.
    pub guild_id: Option<Id<GuildMarker>>,
    /// The category of a channel, or the channel a thread is in.
    pub parent_id: Option<Id<ChannelMarker>>,
    /// The name.
    pub name: Option<Box<str>>,
    /// The topic.
    pub topic: Option<Box<str>>,
    /// The sorting position.
    pub position: Option<i32>,
    /// The permission overwrites (threads use their parent's).
    pub permission_overwrites: Box<[PermissionOverwrite]>,
    /// Whether the channel is age-restricted.
    pub nsfw: bool,
    /// The id of the last message sent.
    pub last_message_id: Option<Id<MessageMarker>>,
    /// When the last message was pinned.
    pub last_pin_timestamp: Option<Timestamp>,
    /// Slowmode seconds.
    pub rate_limit_per_user: Option<u16>,
    /// Channel flags.
    pub flags: ChannelFlags,
    /// The type-specific rest (voice, thread, forum, DM fields).
    pub extras: Option<Box<ChannelExtras>>,
}

/// The fields of a channel that only some channel types use.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChannelExtras {
    /// Voice bitrate.
    pub bitrate: Option<u32>,
    /// Voice user limit.
    pub user_limit: Option<u32>,
    /// DM recipients' user ids.
    pub recipients: Vec<Id<UserMarker>>,
    /// Group DM icon.
    pub icon: Option<ImageHash>,
    /// Creator of a group DM or thread.
    pub owner_id: Option<Id<UserMarker>>,
    /// The application that created a group DM.
    pub application_id: Option<Id<ApplicationMarker>>,
    /// Whether an application manages the group DM.
    pub managed: Option<bool>,
    /// Voice region.
    pub rtc_region: Option<String>,
    /// Camera video quality.
    pub video_quality_mode: Option<VideoQualityMode>,
    /// Messages in a thread.
    pub message_count: Option<u32>,
    /// Members in a thread (stops counting at 50).
    pub member_count: Option<u32>,
    /// Thread state.
    pub thread_metadata: Option<ThreadMetadata>,
    /// The current user's thread member.
    pub member: Option<ThreadMember>,
    /// Default auto-archive duration of new threads.
    pub default_auto_archive_duration: Option<AutoArchiveDuration>,
    /// Messages ever sent in a thread.
    pub total_message_sent: Option<u32>,
    /// Forum tags.
    pub available_tags: Vec<ForumTag>,
    /// Tags applied to a forum thread.
    pub applied_tags: Vec<Id<TagMarker>>,
    /// Default forum reaction.
    pub default_reaction_emoji: Option<DefaultReaction>,
    /// Default thread slowmode.
    pub default_thread_rate_limit_per_user: Option<u16>,
    /// Default forum sort order.
    pub default_sort_order: Option<SortOrderType>,
    /// Default forum layout.
    pub default_forum_layout: Option<ForumLayoutType>,
}

impl ChannelExtras {
    fn of(channel: &Channel) -> Option<Box<Self>> {
        let extras = Self {
            bitrate: channel.bitrate,
            user_limit: channel.user_limit,
            recipients: channel.recipients.iter().flatten().map(|u| u.id).collect(),
            icon: channel.icon.clone(),
            owner_id: channel.owner_id,
            application_id: channel.application_id,
            managed: channel.managed,
            rtc_region: channel.rtc_region.clone(),
            video_quality_mode: channel.video_quality_mode,
            message_count: channel.message_count,
            member_count: channel.member_count,
            thread_metadata: channel.thread_metadata,
            member: channel.member.clone().map(|mut member| {
                // The guild member is cached in the member map.
                member.member = None;
                member
            }),
            default_auto_archive_duration: channel.default_auto_archive_duration,
            total_message_sent: channel.total_message_sent,
            available_tags: channel.available_tags.clone().unwrap_or_default(),
            applied_tags: channel.applied_tags.clone().unwrap_or_default(),
            default_reaction_emoji: channel.default_reaction_emoji.clone(),
            default_thread_rate_limit_per_user: channel.default_thread_rate_limit_per_user,
            default_sort_order: channel.default_sort_order,
            default_forum_layout: channel.default_forum_layout,
        };
        (extras != Self::default()).then(|| Box::new(extras))
    }
}

impl From<&Channel> for CachedChannel {
    fn from(channel: &Channel) -> Self {
        Self {
            id: channel.id,
            kind: channel.kind,
            guild_id: channel.guild_id,
            parent_id: channel.parent_id,
            name: channel.name.as_deref().map(Into::into),
            topic: channel.topic.as_deref().map(Into::into),
            position: channel.position,
            permission_overwrites: channel
                .permission_overwrites
                .as_deref()
                .unwrap_or_default()
                .into(),
            nsfw: channel.nsfw.unwrap_or(false),
            last_message_id: channel.last_message_id,
            last_pin_timestamp: channel.last_pin_timestamp,
            rate_limit_per_user: channel.rate_limit_per_user,
            flags: channel.flags.unwrap_or(ChannelFlags::empty()),
            extras: ChannelExtras::of(channel),
        }
    }
}

impl CachedChannel {
    /// The type-specific fields, created empty if the channel had none.
    pub(crate) fn extras_mut(&mut self) -> &mut ChannelExtras {
        self.extras.get_or_insert_with(Box::default)
    }

    /// Members in a thread.
    pub fn member_count(&self) -> Option<u32> {
        self.extras.as_ref()?.member_count
    }

    /// The current user's thread member.
    pub fn thread_member(&self) -> Option<&ThreadMember> {
        self.extras.as_ref()?.member.as_ref()
    }

    /// Thread state.
    pub fn thread_metadata(&self) -> Option<&ThreadMetadata> {
        self.extras.as_ref()?.thread_metadata.as_ref()
    }
}

impl HeapSize for CachedChannel {
    fn heap_size(&self) -> usize {
        self.name.heap_size()
            + self.topic.heap_size()
            + slice_bytes(&self.permission_overwrites)
            + self
                .extras
                .as_ref()
                .map_or(0, |_| size_of::<ChannelExtras>())
    }
}
