//! The in-memory store: twilight-gateway-queue's [`InMemoryQueue`], the
//! same schedule the library's users get.

use super::{Snapshot, Turn};
use crate::limits::Limits;
use std::time::Duration;
use twilight_gateway_queue::InMemoryQueue;

/// One bot's schedule in this process.
#[derive(Debug)]
pub struct MemoryStore {
    queue: InMemoryQueue,
}

impl MemoryStore {
    /// A schedule with these limits, window and reserve.
    #[must_use]
    pub fn new(limits: Limits, window: Duration, reserve: u32) -> Self {
        let queue = InMemoryQueue::new(
            limits.max_concurrency,
            limits.remaining,
            limits.reset_after(),
            limits.total,
        )
        .with_period(window)
        .with_reserve(reserve);
        Self { queue }
    }

    pub(super) async fn turn(&self, shard: u32) -> Turn {
        let turn = self.queue.wait_turn(shard);
        // The ticket is the queue's order (log lines of simultaneous asks
        // may come out in another).
        tracing::debug!(shard, ticket = turn.ticket(), "turn asked");
        let granted = turn.await;
        Turn {
            bucket: granted.bucket,
            remaining: granted.remaining,
        }
    }

    pub(super) fn set_limits(&self, limits: Limits, force: bool) -> u32 {
        // As the Redis store: unless forced, the count only goes down, so
        // that a stale answer never hands out sessions twice.
        let remaining = if force {
            limits.remaining
        } else {
            limits.remaining.min(self.queue.remaining())
        };
        self.queue.update(
            limits.max_concurrency,
            remaining,
            limits.reset_after(),
            limits.total,
        );
        remaining
    }

    pub(super) fn snapshot(&self) -> Snapshot {
        Snapshot {
            remaining: Some(self.queue.remaining()),
            parked_for: self.queue.parked_for(),
        }
    }

    /// How many shards wait here.
    #[must_use]
    pub fn waiting(&self) -> usize {
        self.queue.waiting()
    }
}
