//! The global limit, held ahead of time: at most `per_second` grants in any
//! window of one second (plus the margin), in the order requests became
//! ready; and the pause after a global 429.

use super::waiter::Waiter;
use std::{collections::VecDeque, time::Duration};
use tokio::time::Instant;

/// The global limiter's state.
#[derive(Debug)]
pub(super) struct GlobalLimit {
    per_second: u32,
    window: Duration,
    /// The times of the last `per_second` grants: a sliding log, so no
    /// window of that length ever holds more (a token bucket would let a
    /// burst and its refill through in one second).
    grants: VecDeque<Instant>,
    /// Requests ready in their bucket, waiting for a global slot, first
    /// come first served.
    pub(super) queue: VecDeque<Waiter>,
    paused_until: Option<Instant>,
}

impl GlobalLimit {
    /// `per_second` 0: no ahead-of-time limit.
    pub(super) fn new(per_second: u32, margin: Duration) -> Self {
        Self {
            per_second,
            window: Duration::from_secs(1) + margin,
            grants: VecDeque::new(),
            queue: VecDeque::new(),
            paused_until: None,
        }
    }

    /// When a grant is possible: `None` now.
    pub(super) fn next_slot(&mut self, now: Instant) -> Option<Instant> {
        if let Some(until) = self.paused_until {
            if now < until {
                return Some(until);
            }
            self.paused_until = None;
        }
        if self.per_second == 0 {
            return None;
        }
        while self
            .grants
            .front()
            .is_some_and(|&at| now.saturating_duration_since(at) >= self.window)
        {
            self.grants.pop_front();
        }
        if self.grants.len() < self.per_second as usize {
            None
        } else {
            self.grants.front().map(|&at| at + self.window)
        }
    }

    /// Records a grant made now.
    pub(super) fn grant(&mut self, now: Instant) {
        if self.per_second == 0 {
            return;
        }
        self.grants.push_back(now);
        if self.grants.len() > self.per_second as usize {
            self.grants.pop_front();
        }
    }

    /// Pauses every non-exempt request until `until` (a global 429).
    pub(super) fn pause(&mut self, until: Instant) {
        self.paused_until = Some(self.paused_until.map_or(until, |at| at.max(until)));
    }

    /// Until when a global 429 holds requests back, if it still does.
    pub(super) fn paused_until(&self, now: Instant) -> Option<Instant> {
        self.paused_until.filter(|&until| until > now)
    }

    pub(super) fn per_second(&self) -> u32 {
        self.per_second
    }

    /// Takes `id` out of the queue; if it was first, wakes the next.
    pub(super) fn leave(&mut self, id: u64) {
        if let Some(position) = self.queue.iter().position(|w| w.id == id) {
            self.queue.remove(position);
            if position == 0
                && let Some(next) = self.queue.front()
            {
                next.wake();
            }
        }
    }
}
