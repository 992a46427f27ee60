//! The global limit, held ahead of time by a log of completions (why no
//! second at Discord then holds more than the limit: see the parent
//! module's docs), and the pause after a global 429.

use super::waiter::Waiter;
use std::{collections::VecDeque, time::Duration};
use tokio::time::Instant;

/// When the next global grant is possible.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Slot {
    Free,
    At(Instant),
    /// Every slot is held by a request in flight: after a completion.
    AfterCompletion,
}

/// The global limiter's state.
#[derive(Debug)]
pub(super) struct GlobalLimit {
    per_second: u32,
    window: Duration,
    /// Non-exempt requests granted and not yet completed.
    in_flight: u32,
    /// Completion times, oldest first, of requests completed less than a
    /// window ago: a sliding log (a token bucket would let a burst and its
    /// refill through in one second).
    completed: VecDeque<Instant>,
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
            in_flight: 0,
            completed: VecDeque::new(),
            queue: VecDeque::new(),
            paused_until: None,
        }
    }

    /// When a grant is possible.
    pub(super) fn next_slot(&mut self, now: Instant) -> Slot {
        if let Some(until) = self.paused_until {
            if now < until {
                return Slot::At(until);
            }
            self.paused_until = None;
        }
        if self.per_second == 0 {
            return Slot::Free;
        }
        self.forget(now);
        let limit = self.per_second as usize;
        let in_flight = self.in_flight as usize;
        let occupied = in_flight + self.completed.len();
        if occupied < limit {
            Slot::Free
        } else if in_flight >= limit {
            Slot::AfterCompletion
        } else {
            // The grant may go once enough completions leave the window to
            // bring the count under the limit.
            let leaving = occupied - limit;
            self.completed
                .get(leaving)
                .map_or(Slot::AfterCompletion, |&at| Slot::At(at + self.window))
        }
    }

    /// Records a grant made now.
    pub(super) fn grant(&mut self) {
        self.in_flight += 1;
    }

    /// A granted request completed (answered, or its permit dropped); wakes
    /// the first waiter, whose slot may now be known.
    pub(super) fn complete(&mut self, now: Instant) {
        self.in_flight = self.in_flight.saturating_sub(1);
        if self.per_second > 0 {
            // Kept in order even if a caller's clock reading were late: a
            // later time only holds the slot longer.
            let at = self.completed.back().map_or(now, |&last| last.max(now));
            self.completed.push_back(at);
            self.forget(now);
        }
        if let Some(head) = self.queue.front() {
            head.wake();
        }
    }

    /// Drops completions a window old.
    fn forget(&mut self, now: Instant) {
        while self
            .completed
            .front()
            .is_some_and(|&at| now.saturating_duration_since(at) >= self.window)
        {
            self.completed.pop_front();
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

    const MS: fn(u64) -> Duration = Duration::from_millis;

    #[test]
    fn a_slot_is_reused_a_second_after_its_completion() {
        let mut global = GlobalLimit::new(2, Duration::ZERO);
        let start = Instant::now();
        global.grant();
        global.grant();
        assert_eq!(global.next_slot(start), Slot::AfterCompletion);
        global.complete(start + MS(400));
        global.complete(start + MS(100));
        // Completions are kept in the order they were reported.
        assert_eq!(
            global.next_slot(start + MS(400)),
            Slot::At(start + MS(1400))
        );
        assert_eq!(global.next_slot(start + MS(1400)), Slot::Free);
        global.grant();
        global.complete(start + MS(1500));
        global.grant();
        // One in flight, one completed at 1.5 s: that one's slot is next.
        assert_eq!(
            global.next_slot(start + MS(1500)),
            Slot::At(start + MS(2500))
        );
    }

    #[test]
    fn the_margin_lengthens_the_window() {
        let mut global = GlobalLimit::new(1, MS(50));
        let start = Instant::now();
        global.grant();
        global.complete(start);
        assert_eq!(global.next_slot(start), Slot::At(start + MS(1050)));
    }

    #[test]
    fn a_pause_holds_even_with_slots_free() {
        let mut global = GlobalLimit::new(50, Duration::ZERO);
        let start = Instant::now();
        global.pause(start + Duration::from_secs(3));
        global.pause(start + Duration::from_secs(1));
        assert_eq!(
            global.next_slot(start),
            Slot::At(start + Duration::from_secs(3))
        );
        assert_eq!(global.next_slot(start + Duration::from_secs(3)), Slot::Free);
    }

    #[test]
    fn zero_turns_the_limit_off() {
        let mut global = GlobalLimit::new(0, Duration::ZERO);
        let start = Instant::now();
        for _ in 0..1000 {
            global.grant();
        }
        for _ in 0..1000 {
            global.complete(start);
        }
        assert_eq!(global.next_slot(start), Slot::Free);
        assert!(global.completed.is_empty());
    }
}
