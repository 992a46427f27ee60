//! How much a broker keeps: the same bounds for every adapter.

use std::time::Duration;

/// How much a broker keeps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Retention {
    /// The most messages kept; the oldest go first, acknowledged or not.
    /// Per family (events, dead letters, commands) for the in-memory broker
    /// and JetStream (one stream each), per stream key (event type and
    /// shard) for Redis. The in-memory broker also remembers at most this
    /// many stable ids for de-duplication.
    pub max_messages: usize,
    /// The longest a message is kept, acknowledged or not (Redis trims a
    /// stream by age when it is written to).
    pub max_age: Duration,
    /// How long a stable id is remembered for de-duplication.
    pub duplicate_window: Duration,
}

impl Default for Retention {
    /// A million messages, a day, a two-minute de-duplication window.
    fn default() -> Self {
        Self {
            max_messages: 1_000_000,
            max_age: Duration::from_secs(24 * 60 * 60),
            duplicate_window: Duration::from_secs(120),
        }
    }
}
