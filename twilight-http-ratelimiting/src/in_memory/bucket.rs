//! One bucket: its FIFO queue, the requests in flight, and what the latest
//! responses said about its window.

use super::waiter::Waiter;
use crate::RateLimitHeaders;
use std::{collections::VecDeque, sync::Arc, time::Duration};
use tokio::time::Instant;

/// What is known of a bucket's current window.
#[derive(Clone, Copy, Debug)]
pub(super) enum Window {
    /// Nothing valid is known: the next request learns the window, and it is
    /// the only request in flight until its response comes back.
    Learning,
    /// The route answered without ratelimit headers: it has no per-route
    /// limit.
    Unlimited,
    /// The window the responses of this generation described.
    Known {
        limit: Option<u32>,
        remaining: u32,
        reset_at: Instant,
    },
}

/// Whether the head of a bucket's queue may go now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Readiness {
    Ready,
    /// Until a response (or a dropped permit) of this bucket.
    WaitForResponse,
    WaitUntil(Instant),
}

/// A bucket: requests sharing one Discord ratelimit.
#[derive(Debug)]
pub(super) struct Bucket {
    pub(super) queue: VecDeque<Waiter>,
    pub(super) in_flight: u32,
    /// Names the current window, unique among all buckets: a response only
    /// teaches the window it was sent in, so a late answer from an old
    /// window (or from a bucket merged into this one) cannot refill it.
    pub(super) generation: u64,
    pub(super) hash: Option<Arc<str>>,
    window: Window,
    blocked_until: Option<Instant>,
    last_used: Instant,
}

impl Bucket {
    pub(super) fn new(now: Instant, hash: Option<Arc<str>>, generation: u64) -> Self {
        Self {
            queue: VecDeque::new(),
            in_flight: 0,
            generation,
            hash,
            window: Window::Learning,
            blocked_until: None,
            last_used: now,
        }
    }

    /// Whether the head of the queue may be granted now. `generations`
    /// names a new window when the current one has reset.
    pub(super) fn readiness(&mut self, now: Instant, generations: &mut u64) -> Readiness {
        if let Some(until) = self.blocked_until {
            if now < until {
                return Readiness::WaitUntil(until);
            }
            self.blocked_until = None;
        }
        if let Window::Known { reset_at, .. } = self.window
            && now >= reset_at
        {
            self.window = Window::Learning;
            *generations += 1;
            self.generation = *generations;
        }
        match self.window {
            // In-flight requests of the old window may still land in the
            // new one, so the new window is learned only once they are back.
            Window::Learning if self.in_flight == 0 => Readiness::Ready,
            Window::Learning => Readiness::WaitForResponse,
            Window::Unlimited => Readiness::Ready,
            Window::Known {
                remaining: 0,
                reset_at,
                ..
            } => Readiness::WaitUntil(reset_at),
            Window::Known { .. } => Readiness::Ready,
        }
    }

    /// Takes a place in the window for a request about to be sent.
    pub(super) fn grant(&mut self, now: Instant) {
        self.in_flight += 1;
        self.last_used = now;
        if let Window::Known { remaining, .. } = &mut self.window {
            *remaining = remaining.saturating_sub(1);
        }
    }

    /// A request of this bucket got its answer or was given up.
    pub(super) fn finish(&mut self, now: Instant) {
        self.in_flight = self.in_flight.saturating_sub(1);
        self.last_used = now;
    }

    /// Learns the window from a response sent in the current generation.
    ///
    /// Responses may come back out of order: within a window the lowest
    /// `remaining` and the latest reset win, so a stale answer never
    /// refills the bucket.
    pub(super) fn learn(
        &mut self,
        now: Instant,
        status: u16,
        headers: &RateLimitHeaders,
        margin: Duration,
    ) {
        let (Some(reported), Some(reset_after)) = (headers.remaining, headers.reset_after) else {
            let none =
                headers.bucket.is_none() && headers.limit.is_none() && headers.remaining.is_none();
            if none && matches!(self.window, Window::Learning) && (200..400).contains(&status) {
                self.window = Window::Unlimited;
            }
            return;
        };
        let reset = now + reset_after + margin;
        match &mut self.window {
            Window::Known {
                limit,
                remaining,
                reset_at,
            } => {
                *remaining = (*remaining).min(reported);
                *reset_at = (*reset_at).max(reset);
                if headers.limit.is_some() {
                    *limit = headers.limit;
                }
            }
            window => {
                // Requests still in flight may be counted in the window
                // after this one was.
                *window = Window::Known {
                    limit: headers.limit,
                    remaining: reported.saturating_sub(self.in_flight),
                    reset_at: reset,
                };
            }
        }
    }

    /// No request leaves before `until` (after a 429).
    pub(super) fn block(&mut self, until: Instant) {
        self.blocked_until = Some(self.blocked_until.map_or(until, |at| at.max(until)));
    }

    /// The window is used up (a 429 of the per-user limit).
    pub(super) fn exhaust(&mut self) {
        if let Window::Known { remaining, .. } = &mut self.window {
            *remaining = 0;
        }
    }

    /// Whether the bucket holds nothing worth keeping: no one waits, nothing
    /// is in flight, no limit is in force, and it has not been used for
    /// `idle`.
    pub(super) fn evictable(&self, now: Instant, idle: Duration) -> bool {
        self.queue.is_empty()
            && self.in_flight == 0
            && self.blocked_until.is_none_or(|until| until <= now)
            && match self.window {
                Window::Known { reset_at, .. } => reset_at <= now,
                Window::Learning | Window::Unlimited => true,
            }
            && now.saturating_duration_since(self.last_used) >= idle
    }

    /// Takes in the waiters and requests in flight of `other`, a bucket
    /// found to share this one's limit. This bucket's window is kept.
    pub(super) fn absorb(&mut self, other: Self) {
        self.queue.extend(other.queue);
        self.in_flight += other.in_flight;
        if let Some(until) = other.blocked_until {
            self.block(until);
        }
        self.last_used = self.last_used.max(other.last_used);
        if matches!(self.window, Window::Learning) && self.in_flight == other.in_flight {
            // Nothing of this bucket was known or in flight: the other's
            // knowledge is the best there is, and its permits in flight
            // belong to that window's generation.
            self.window = other.window;
            self.generation = other.generation;
        }
    }

    pub(super) fn window(&self) -> Window {
        self.window
    }

    pub(super) fn blocked_until(&self) -> Option<Instant> {
        self.blocked_until
    }
}
