//! Thread metadata, thread members and thread lists.

use super::Channel;
use crate::Timestamp;
use crate::guild::Member;
use crate::id::Id;
use crate::id::marker::{ChannelMarker, GuildMarker, UserMarker};
use serde::{Deserialize, Serialize};

/// Thread-specific fields of a channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ThreadMetadata {
    /// Whether the thread is archived.
    pub archived: bool,
    /// Minutes of inactivity after which the thread stops showing in the
    /// channel list.
    pub auto_archive_duration: AutoArchiveDuration,
    /// When the thread's archive status was last changed.
    pub archive_timestamp: Timestamp,
    /// Whether the thread is locked: only users with `MANAGE_THREADS` can
    /// unarchive it.
    pub locked: bool,
    /// Whether non-moderators can add other non-moderators (private threads
    /// only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invitable: Option<bool>,
    /// When the thread was created (threads created after 2022-01-09).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_timestamp: Option<Timestamp>,
}

crate::int_enum! {
    /// Minutes of inactivity after which a thread is archived.
    pub enum AutoArchiveDuration: u16 {
        /// One hour.
        Hour = 60,
        /// One day.
        Day = 1440,
        /// Three days.
        ThreeDays = 4320,
        /// One week.
        Week = 10080,
    }
}

impl AutoArchiveDuration {
    /// The duration in minutes.
    pub const fn minutes(self) -> u16 {
        self.value()
    }
}

/// A user that has joined a thread.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ThreadMember {
    /// Id of the thread (absent in `GUILD_CREATE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Id<ChannelMarker>>,
    /// Id of the user (absent in `GUILD_CREATE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<Id<UserMarker>>,
    /// When the user last joined the thread.
    pub join_timestamp: Timestamp,
    /// User-thread settings, currently only used for notifications.
    pub flags: u64,
    /// The guild member, when requested with `with_member`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<Member>,
    /// The guild id (only in the gateway's `THREAD_MEMBER_UPDATE` event).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
}

/// A list of threads with the current user's thread members, as returned by
/// the active and archived thread list endpoints.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ThreadList {
    /// The threads.
    pub threads: Vec<Channel>,
    /// A thread member object for each returned thread the current user has
    /// joined.
    pub members: Vec<ThreadMember>,
    /// Whether there are potentially more threads (archived thread lists
    /// only; absent for active threads).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub has_more: Option<bool>,
}
