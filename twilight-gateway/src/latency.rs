//! [`Latency`]: heartbeat round trips of a shard.

use std::collections::VecDeque;
use std::time::Duration;
use tokio::time::Instant;

/// How many recent round trips are kept.
const RECENT: usize = 5;

/// Heartbeat round trips of the current connection.
#[derive(Clone, Debug, Default)]
pub struct Latency {
    recent: VecDeque<Duration>,
    heartbeats: u32,
    total: Duration,
    sent: Option<Instant>,
    received: Option<Instant>,
}

impl Latency {
    /// Mean round trip of this connection's acknowledged heartbeats.
    pub fn average(&self) -> Option<Duration> {
        self.total.checked_div(self.heartbeats)
    }

    /// How many heartbeats were acknowledged on this connection.
    pub const fn heartbeats(&self) -> u32 {
        self.heartbeats
    }

    /// The most recent round trips, newest last (at most five).
    pub fn recent(&self) -> impl ExactSizeIterator<Item = Duration> + '_ {
        self.recent.iter().copied()
    }

    /// When the last heartbeat was sent.
    pub const fn sent(&self) -> Option<Instant> {
        self.sent
    }

    /// When the last acknowledgement arrived.
    pub const fn received(&self) -> Option<Instant> {
        self.received
    }

    pub(crate) fn record_sent(&mut self) {
        self.sent = Some(Instant::now());
    }

    pub(crate) fn record_received(&mut self) {
        let now = Instant::now();
        self.received = Some(now);
        if let Some(sent) = self.sent {
            let round_trip = now.saturating_duration_since(sent);
            if self.recent.len() == RECENT {
                self.recent.pop_front();
            }
            self.recent.push_back(round_trip);
            self.heartbeats = self.heartbeats.saturating_add(1);
            self.total = self.total.saturating_add(round_trip);
        }
    }
}
