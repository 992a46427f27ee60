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

/// The answer to a thread search: results, or that the search index is
/// still being built.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ThreadSearch {
    /// The matching threads.
    Results(ThreadSearchResults),
    /// The index is not ready (`202 Accepted`): retry later.
    NotReady(SearchIndexNotReady),
}

/// Threads matching a search.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ThreadSearchResults {
    /// The threads.
    pub threads: Vec<Channel>,
    /// The current user's memberships of them.
    pub members: Vec<ThreadMember>,
    /// Whether more threads match.
    pub has_more: bool,
    /// How many threads match in total.
    pub total_results: u64,
    /// The first message of each thread, when asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_messages: Option<Vec<crate::message::Message>>,
}

crate::str_enum! {
    /// How thread search results are sorted.
    pub enum ThreadSearchSortMode {
        /// By relevance to the query.
        Relevance = "relevance",
        /// By the thread's creation time.
        CreationTime = "creation_time",
        /// By the time of the thread's last message.
        LastMessageTime = "last_message_time",
        /// By the time the thread was archived.
        ArchiveTime = "archive_time",
    }
}

crate::str_enum! {
    /// How a thread search's tags must match a thread's.
    pub enum ThreadSearchTagSetting {
        /// The thread has every tag searched for.
        MatchAll = "match_all",
        /// The thread has at least one of the tags searched for.
        MatchSome = "match_some",
    }
}

/// A search index still being built.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchIndexNotReady {
    /// Discord's message.
    pub message: String,
    /// Discord's code.
    pub code: u64,
    /// How many documents are indexed so far.
    pub documents_indexed: u64,
    /// Seconds to wait before retrying.
    pub retry_after: u64,
}

/// The answer to a typing indicator in a channel with slowmode: how long
/// the user must wait.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TypingIndicator {
    /// Milliseconds until a message may be sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_send_cooldown_ms: Option<u64>,
    /// Milliseconds until a thread may be created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread_create_cooldown_ms: Option<u64>,
}
