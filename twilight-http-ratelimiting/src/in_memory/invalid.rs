//! The guard against Discord's invalid request limit: 10,000 responses with
//! status 401, 403 or 429 (but not a 429 of scope `shared`) in 10 minutes
//! get the IP address banned for an hour.

use std::{collections::VecDeque, time::Duration};
use tokio::time::Instant;

/// The window Discord counts invalid requests in.
pub(super) const WINDOW: Duration = crate::rules::INVALID_REQUEST_WINDOW;

/// Invalid requests seen, and the threshold at which sending stops.
#[derive(Debug)]
pub(super) struct InvalidRequests {
    limit: u32,
    /// When each invalid request of the last ten minutes was answered.
    times: VecDeque<Instant>,
    total: u64,
}

impl InvalidRequests {
    /// `limit` 0: no guard (the requests are still counted).
    pub(super) fn new(limit: u32) -> Self {
        Self {
            limit,
            times: VecDeque::new(),
            total: 0,
        }
    }

    /// Whether a response with `status` (and, for a 429, whether its scope
    /// was `shared`) counts.
    #[cfg(test)]
    pub(super) fn counts(status: u16, shared: bool) -> bool {
        crate::rules::counts_as_invalid(status, shared)
    }

    pub(super) fn record(&mut self, now: Instant) {
        self.prune(now);
        self.times.push_back(now);
        self.total += 1;
    }

    fn prune(&mut self, now: Instant) {
        while self
            .times
            .front()
            .is_some_and(|&at| now.saturating_duration_since(at) >= WINDOW)
        {
            self.times.pop_front();
        }
    }

    /// Until when sending must stop, if the threshold is reached: until
    /// enough of the counted requests have left the window.
    pub(super) fn blocked_until(&mut self, now: Instant) -> Option<Instant> {
        if self.limit == 0 {
            return None;
        }
        self.prune(now);
        let limit = self.limit as usize;
        let over = self.times.len().checked_sub(limit)?;
        self.times.get(over).map(|&at| at + WINDOW)
    }

    /// Invalid requests in the last ten minutes.
    pub(super) fn in_window(&mut self, now: Instant) -> usize {
        self.prune(now);
        self.times.len()
    }

    pub(super) fn total(&self) -> u64 {
        self.total
    }

    pub(super) fn limit(&self) -> u32 {
        self.limit
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_counts_as_invalid() {
        assert!(InvalidRequests::counts(401, false));
        assert!(InvalidRequests::counts(403, false));
        assert!(InvalidRequests::counts(429, false));
        assert!(!InvalidRequests::counts(429, true));
        assert!(!InvalidRequests::counts(404, false));
        assert!(!InvalidRequests::counts(200, false));
    }

    #[test]
    fn the_guard_lifts_when_enough_requests_leave_the_window() {
        let mut invalid = InvalidRequests::new(2);
        let start = Instant::now();
        invalid.record(start);
        assert_eq!(invalid.blocked_until(start), None);
        invalid.record(start + Duration::from_secs(1));
        invalid.record(start + Duration::from_secs(2));
        // Three counted, two allowed: two must leave, the second at 1 s.
        assert_eq!(
            invalid.blocked_until(start + Duration::from_secs(2)),
            Some(start + Duration::from_secs(1) + WINDOW)
        );
        assert_eq!(
            invalid.in_window(start + WINDOW + Duration::from_secs(1)),
            1
        );
        assert_eq!(invalid.total(), 3);
        assert_eq!(InvalidRequests::new(0).blocked_until(start), None);
    }
}
