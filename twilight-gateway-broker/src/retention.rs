//! How much a broker keeps: the same bounds for every adapter.

use std::time::Duration;

/// How much a broker keeps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Retention {
    /// The most messages per family (events, dead letters, commands); the
    /// oldest go first, acknowledged or not.
    pub max_messages: usize,
    /// The longest a message is kept, acknowledged or not.
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
