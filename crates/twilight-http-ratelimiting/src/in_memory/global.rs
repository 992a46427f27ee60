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
    /// Requests ready in their bucket, waiting for a global slot, in the
    /// order they were asked for (ids grow with each request).
    queue: VecDeque<Waiter>,
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

    /// Queues `waiter` (if not queued yet) and says whether it is first.
    pub(super) fn join(&mut self, waiter: &Waiter) -> bool {
        if let Err(position) = self.queue.binary_search_by_key(&waiter.id, |w| w.id) {
            self.queue.insert(position, waiter.clone());
        }
        self.queue.front().is_some_and(|head| head.id == waiter.id)
    }

    /// Takes `id` out of the queue; if it was first, wakes the next.
    pub(super) fn leave(&mut self, id: u64) {
        if let Ok(position) = self.queue.binary_search_by_key(&id, |w| w.id) {
            self.queue.remove(position);
            if position == 0
                && let Some(next) = self.queue.front()
            {
                next.wake();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_window_of_a_second_holds_more_than_the_limit() {
        let mut global = GlobalLimit::new(2, Duration::ZERO);
        let start = Instant::now();
        global.grant(start);
        global.grant(start + Duration::from_millis(600));
        // A token bucket would refill one at 0.5 s; the log waits for the
        // first grant to leave the window.
        let at = start + Duration::from_millis(700);
        assert_eq!(global.next_slot(at), Some(start + Duration::from_secs(1)));
        let at = start + Duration::from_secs(1);
        assert_eq!(global.next_slot(at), None);
        global.grant(at);
        assert_eq!(
            global.next_slot(at),
            Some(start + Duration::from_millis(1600))
        );
    }

    #[test]
    fn a_pause_holds_even_with_slots_free() {
        let mut global = GlobalLimit::new(50, Duration::ZERO);
        let start = Instant::now();
        global.pause(start + Duration::from_secs(3));
        global.pause(start + Duration::from_secs(1));
        assert_eq!(
            global.next_slot(start),
            Some(start + Duration::from_secs(3))
        );
        assert_eq!(global.next_slot(start + Duration::from_secs(3)), None);
    }

    #[test]
    fn zero_turns_the_limit_off() {
        let mut global = GlobalLimit::new(0, Duration::ZERO);
        let start = Instant::now();
        for _ in 0..1000 {
            global.grant(start);
        }
        assert_eq!(global.next_slot(start), None);
    }
}
