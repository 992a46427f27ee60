//! What the gateway saw and did, for tests to read.
//!
//! Each list keeps the newest [`MockConfig::log_capacity`] entries and
//! counts the ones it let go, so that a peer that connects or sends without
//! end cannot grow the mock's memory with it.
//!
//! [`MockConfig::log_capacity`]: crate::MockConfig::log_capacity

use std::ops::{Deref, DerefMut};
use std::time::Duration;

/// How many entries each list of a [`GatewayLog`] keeps by default.
pub const DEFAULT_LOG_CAPACITY: usize = 10_000;

/// The most bytes of a payload kept in [`ReceivedPayload::raw`] (a payload
/// above Discord's 4096 bytes is never logged; an ETF one, logged as the
/// JSON it reads as, may read longer and is cut here).
pub const MAX_LOGGED_RAW: usize = 16 * 1024;

/// A capped list: the newest `capacity` entries, oldest first, and how many
/// older ones were dropped. Reads as a slice.
#[derive(Clone, Debug)]
pub struct LogList<T> {
    items: Vec<T>,
    /// Entries before this index were dropped but not yet freed: freeing
    /// them in batches keeps a push O(1) amortised.
    start: usize,
    capacity: usize,
    dropped: u64,
}

impl<T> LogList<T> {
    /// An empty list keeping at most `capacity` entries (at least one).
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            items: Vec::new(),
            start: 0,
            capacity: capacity.max(1),
            dropped: 0,
        }
    }

    /// Appends `item`, dropping the oldest entry if the list is full.
    pub fn push(&mut self, item: T) {
        if self.items.len() - self.start == self.capacity {
            self.start += 1;
            self.dropped += 1;
            if self.start > self.capacity / 4 {
                self.items.drain(..self.start);
                self.start = 0;
            }
        }
        self.items.push(item);
    }

    /// How many entries were dropped to stay within the capacity.
    pub fn dropped(&self) -> u64 {
        self.dropped
    }

    /// The most entries the list keeps.
    pub fn capacity(&self) -> usize {
        self.capacity
    }
}

impl<T> Default for LogList<T> {
    fn default() -> Self {
        Self::with_capacity(DEFAULT_LOG_CAPACITY)
    }
}

impl<T> Deref for LogList<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        &self.items[self.start..]
    }
}

impl<T> DerefMut for LogList<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        &mut self.items[self.start..]
    }
}

impl<'a, T> IntoIterator for &'a LogList<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// One IDENTIFY that started a session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdentifyRecord {
    /// `[shard_id, num_shards]` (`[0, 1]` when the client sent none).
    pub shard: [u32; 2],
    /// When it arrived, in Discord time since the mock started.
    pub at: Duration,
    /// The intents the client asked for.
    pub intents: u64,
    /// The session it started.
    pub session_id: String,
    /// The connection it came on.
    pub connection: u64,
}

/// One RESUME.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResumeRecord {
    /// The session the client named.
    pub session_id: String,
    /// The `seq` it sent.
    pub seq: u64,
    /// When, in Discord time since the mock started.
    pub at: Duration,
    /// Whether the session was resumed (else INVALID_SESSION or a close).
    pub resumed: bool,
    /// How many dispatches were replayed.
    pub replayed: usize,
    /// The connection it came on.
    pub connection: u64,
}

/// One payload a client sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceivedPayload {
    /// The connection it came on.
    pub connection: u64,
    /// Its `op`, if it had an integer one.
    pub op: Option<u64>,
    /// The raw text (lossy UTF-8 for binary frames), tokens redacted.
    pub raw: String,
    /// When, in Discord time since the mock started.
    pub at: Duration,
}

/// One WebSocket connection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConnectionRecord {
    /// Its id (the numbers in the other records).
    pub id: u64,
    /// The request path and query (`/?v=10&encoding=json`).
    pub path: String,
    /// Whether it came on the READY `resume_gateway_url`.
    pub resume_url: bool,
    /// The close code the mock sent it, if it closed it with one.
    pub closed_with: Option<u16>,
    /// Why the mock dropped it without a close frame, if it did.
    pub dropped_because: Option<DropReason>,
    /// The most commands its outgoing queue held at once (never above
    /// [`MockConfig::outgoing_queue`](crate::MockConfig::outgoing_queue));
    /// updated when the connection ends or its queue overflows.
    pub max_queued: usize,
    /// When, in Discord time since the mock started.
    pub at: Duration,
}

/// Why the mock dropped a connection without a close frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DropReason {
    /// Its outgoing queue was full: the client did not read what it was
    /// sent (as Discord drops a client that does not keep up).
    QueueFull,
}

impl DropReason {
    /// The name the control API reports (`"queue_full"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::QueueFull => "queue_full",
        }
    }
}

/// Everything the gateway logged; see [`Gateway::log`](super::Gateway::log).
///
/// The lists keep the newest entries only (see [`LogList`]);
/// [`dropped`](Self::dropped) counts the others.
#[derive(Clone, Debug, Default)]
pub struct GatewayLog {
    /// IDENTIFYs that started a session, in order.
    pub identifies: LogList<IdentifyRecord>,
    /// RESUMEs, in order.
    pub resumes: LogList<ResumeRecord>,
    /// The payloads clients sent, in order.
    pub payloads: LogList<ReceivedPayload>,
    /// The connections, in order.
    pub connections: LogList<ConnectionRecord>,
    /// Sessions started (successful IDENTIFYs).
    pub sessions_started: u64,
    /// IDENTIFYs refused by the `max_concurrency` window (INVALID_SESSION).
    pub sessions_refused: u64,
    /// IDENTIFYs over the daily session start limit.
    pub daily_limit_exceeded: u64,
    /// TCP connections closed because their WebSocket upgrade did not
    /// arrive within [`MockConfig::handshake_timeout`](crate::MockConfig::handshake_timeout).
    pub handshakes_timed_out: u64,
}

impl GatewayLog {
    /// An empty log whose lists keep at most `capacity` entries each.
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            identifies: LogList::with_capacity(capacity),
            resumes: LogList::with_capacity(capacity),
            payloads: LogList::with_capacity(capacity),
            connections: LogList::with_capacity(capacity),
            ..Self::default()
        }
    }

    /// Entries dropped from all lists to stay within their capacity.
    pub fn dropped(&self) -> u64 {
        self.identifies.dropped()
            + self.resumes.dropped()
            + self.payloads.dropped()
            + self.connections.dropped()
    }
}
