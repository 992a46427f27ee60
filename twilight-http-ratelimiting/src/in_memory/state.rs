//! The limiter's state behind one lock: route hashes, buckets, the global
//! limit, the invalid request guard, and the decisions made over them.

use super::{
    BucketInfo, Config,
    bucket::{Bucket, Readiness, Window},
    global::{GlobalLimit, Slot},
    invalid::InvalidRequests,
    waiter::Waiter,
};
use crate::{
    Endpoint, Method, Outcome,
    rules::{Effects, Hold},
};
use std::{collections::HashMap, sync::Arc, time::Duration};
use tokio::time::Instant;

/// A route without its major parameter: what Discord maps to a bucket hash.
type RouteId = (Method, &'static str);

/// Which bucket a request is limited by.
#[derive(Clone, Debug, Eq, Hash, PartialEq)]
pub(super) enum BucketKey {
    /// The route's hash is not known yet.
    Route(Method, &'static str, Option<u64>),
    /// The bucket's hash and the major parameter.
    Hash(Arc<str>, Option<u64>),
}

/// What a granted request carries to its response.
#[derive(Clone, Debug)]
pub(super) struct Grant {
    endpoint: Endpoint,
    generation: u64,
    /// Whether the request holds a global slot until its completion.
    global: bool,
}

/// What a waiting request does next.
pub(super) enum Step {
    Granted(Grant),
    /// Sleep until woken, or until the instant if there is one.
    Wait(Option<Instant>),
}

#[derive(Debug)]
pub(super) struct State {
    config: Config,
    hashes: HashMap<RouteId, Arc<str>>,
    buckets: HashMap<BucketKey, Bucket>,
    global: GlobalLimit,
    invalid: InvalidRequests,
    /// A 429 without scope or ratelimit headers (a Cloudflare ban) holds
    /// every request, exempt or not.
    halted_until: Option<Instant>,
    unauthorized: bool,
    next_id: u64,
    /// The last window name handed out (see `Bucket::generation`).
    generations: u64,
    last_sweep: Option<Instant>,
}

impl State {
    pub(super) fn new(config: Config) -> Self {
        Self {
            global: GlobalLimit::new(config.global_limit, config.margin),
            invalid: InvalidRequests::new(config.invalid_request_limit),
            config,
            hashes: HashMap::new(),
            buckets: HashMap::new(),
            halted_until: None,
            unauthorized: false,
            next_id: 0,
            generations: 0,
            last_sweep: None,
        }
    }

    pub(super) fn config(&self) -> &Config {
        &self.config
    }

    fn key(&self, endpoint: &Endpoint) -> BucketKey {
        let major = endpoint.major_param();
        match self.hashes.get(&(endpoint.method(), endpoint.route())) {
            Some(hash) => BucketKey::Hash(Arc::clone(hash), major),
            None => BucketKey::Route(endpoint.method(), endpoint.route(), major),
        }
    }

    fn bucket_mut(&mut self, endpoint: &Endpoint, now: Instant) -> &mut Bucket {
        let key = self.key(endpoint);
        bucket_entry(&mut self.buckets, &mut self.generations, key, now)
    }

    /// Queues a request at the back of its bucket.
    pub(super) fn register(&mut self, endpoint: &Endpoint, waiter: Waiter, now: Instant) -> u64 {
        self.sweep(now);
        let id = self.next_id;
        self.next_id += 1;
        let waiter = Waiter { id, ..waiter };
        self.bucket_mut(endpoint, now).queue.push_back(waiter);
        id
    }

    /// Grants `waiter`'s request if it may go now, or says how to wait.
    pub(super) fn poll(&mut self, waiter: &Waiter, endpoint: &Endpoint, now: Instant) -> Step {
        let id = waiter.id;
        let key = self.key(endpoint);
        let bucket = bucket_entry(&mut self.buckets, &mut self.generations, key, now);
        if bucket.queue.is_empty() {
            // Unreachable while buckets with waiters are never evicted and
            // move with their waiters; should it happen, the request queues
            // again rather than wait forever.
            bucket.queue.push_back(waiter.clone());
        }
        if bucket.queue.front().is_none_or(|head| head.id != id) {
            self.global.leave(id);
            return Step::Wait(None);
        }
        let held = [
            self.invalid.blocked_until(now),
            self.halted_until.filter(|&until| until > now),
        ];
        if let Some(until) = held.into_iter().flatten().max() {
            self.global.leave(id);
            return Step::Wait(Some(until));
        }
        match bucket.readiness(now, &mut self.generations) {
            Readiness::Ready => {}
            Readiness::WaitForResponse => {
                self.global.leave(id);
                return Step::Wait(None);
            }
            Readiness::WaitUntil(until) => {
                self.global.leave(id);
                return Step::Wait(Some(until));
            }
        }
        if !endpoint.is_global_exempt() {
            if !self.global.join(waiter) {
                return Step::Wait(None);
            }
            match self.global.next_slot(now) {
                Slot::Free => {}
                Slot::At(at) => return Step::Wait(Some(at)),
                Slot::AfterCompletion => return Step::Wait(None),
            }
            self.global.grant();
            self.global.leave(id);
        }
        bucket.queue.pop_front();
        bucket.grant(now);
        let generation = bucket.generation;
        if let Some(next) = bucket.queue.front() {
            next.wake();
        }
        tracing::trace!(method = %endpoint.method(), route = endpoint.route(), "request granted");
        Step::Granted(Grant {
            endpoint: endpoint.clone(),
            generation,
            global: !endpoint.is_global_exempt(),
        })
    }

    /// A waiting request was dropped: it gives its place back.
    pub(super) fn cancel(&mut self, id: u64, endpoint: &Endpoint) {
        self.global.leave(id);
        let key = self.key(endpoint);
        if let Some(bucket) = self.buckets.get_mut(&key)
            && let Some(position) = bucket.queue.iter().position(|w| w.id == id)
        {
            bucket.queue.remove(position);
            if position == 0
                && let Some(next) = bucket.queue.front()
            {
                next.wake();
            }
        }
    }

    /// A granted request's response, or `None` if it got none.
    pub(super) fn complete(&mut self, grant: &Grant, outcome: Option<&Outcome>, now: Instant) {
        if grant.global {
            self.global.complete(now);
        }
        let endpoint = &grant.endpoint;
        let bucket = self.bucket_mut(endpoint, now);
        bucket.finish(now);
        let mut fresh = bucket.generation == grant.generation;
        let Some(outcome) = outcome else {
            wake_head(bucket);
            return;
        };
        let Outcome { status, headers } = outcome;
        let status = *status;
        let effects = Effects::of(endpoint, outcome, self.config.margin);
        if let Some(hash) = &effects.hash {
            fresh = self.learn_hash(endpoint, hash, fresh);
        }
        let margin = self.config.margin;
        let key = self.key(endpoint);
        let bucket = bucket_entry(&mut self.buckets, &mut self.generations, key, now);
        if fresh {
            bucket.learn(now, status, headers, margin);
        }

        match effects.hold {
            Some(Hold::Global(wait)) => {
                tracing::warn!(?wait, "global ratelimit hit: pausing non-exempt requests");
                self.global.pause(now + wait);
            }
            Some(Hold::Bucket { wait, exhaust }) => {
                tracing::debug!(?wait, exhaust, route = endpoint.route(), "ratelimit hit");
                if exhaust {
                    bucket.exhaust();
                }
                bucket.block(now + wait);
            }
            Some(Hold::Everything(wait)) => {
                tracing::warn!(
                    ?wait,
                    "429 without ratelimit headers: pausing every request"
                );
                let until = now + wait;
                self.halted_until = Some(self.halted_until.map_or(until, |at| at.max(until)));
            }
            None => {}
        }
        if effects.invalid {
            self.invalid.record(now);
            if let Some(until) = self.invalid.blocked_until(now) {
                tracing::warn!(
                    in_window = self.invalid.in_window(now),
                    resume_in = ?until.saturating_duration_since(now),
                    "invalid request threshold reached: holding every request"
                );
            }
        }
        if effects.unauthorized {
            self.unauthorized = true;
        }
        wake_head(self.bucket_mut(endpoint, now));
    }

    /// Maps the endpoint's route to `hash`, moving the buckets keyed by the
    /// route into the hash's buckets. Returns whether the response still
    /// belongs to its bucket's current generation.
    fn learn_hash(&mut self, endpoint: &Endpoint, hash: &str, fresh: bool) -> bool {
        let route = (endpoint.method(), endpoint.route());
        if let Some(known) = self.hashes.get(&route) {
            if **known != *hash {
                // Kept: moving waiters of a shared bucket between hashes
                // would split one limit in two.
                tracing::debug!(
                    route = endpoint.route(),
                    "route reported a new bucket hash; keeping the first"
                );
            }
            return fresh;
        }
        let hash: Arc<str> = hash.into();
        self.hashes.insert(route, Arc::clone(&hash));
        let moved: Vec<BucketKey> = self
            .buckets
            .keys()
            .filter(|key| matches!(key, BucketKey::Route(m, r, _) if (*m, *r) == route))
            .cloned()
            .collect();
        let mut fresh_after = fresh;
        for old in moved {
            let Some(mut source) = self.buckets.remove(&old) else {
                continue;
            };
            let BucketKey::Route(_, _, major) = old else {
                continue;
            };
            source.hash = Some(Arc::clone(&hash));
            let key = BucketKey::Hash(Arc::clone(&hash), major);
            let own = major == endpoint.major_param();
            match self.buckets.get_mut(&key) {
                Some(target) => {
                    let generation = source.generation;
                    target.absorb(source);
                    if own && target.generation != generation {
                        // The target's window was learned by other routes;
                        // this response still narrows it.
                        fresh_after = fresh && matches!(target.window(), Window::Known { .. });
                    }
                    for waiter in &target.queue {
                        waiter.wake();
                    }
                }
                None => {
                    self.buckets.insert(key, source);
                }
            }
        }
        fresh_after
    }

    /// Drops buckets unused for the configured idle time, at most once per
    /// that time, so that many channels do not grow memory without bound.
    fn sweep(&mut self, now: Instant) {
        let idle = self.config.bucket_idle_timeout;
        match self.last_sweep {
            Some(at) if now.saturating_duration_since(at) < idle => return,
            None => {
                self.last_sweep = Some(now);
                return;
            }
            Some(_) => {}
        }
        self.last_sweep = Some(now);
        let before = self.buckets.len();
        self.buckets
            .retain(|_, bucket| !bucket.evictable(now, idle));
        tracing::trace!(evicted = before - self.buckets.len(), "idle buckets swept");
    }

    pub(super) fn bucket_info(&mut self, endpoint: &Endpoint, now: Instant) -> Option<BucketInfo> {
        let key = self.key(endpoint);
        let bucket = self.buckets.get(&key)?;
        let (limit, remaining, reset_after) = match bucket.window() {
            Window::Known {
                limit,
                remaining,
                reset_at,
            } if reset_at > now => (
                limit,
                Some(remaining),
                Some(reset_at.saturating_duration_since(now)),
            ),
            _ => (None, None, None),
        };
        Some(BucketInfo {
            hash: bucket.hash.as_deref().map(Into::into),
            limit,
            remaining,
            reset_after,
            unlimited: matches!(bucket.window(), Window::Unlimited),
            queued: bucket.queue.len(),
            in_flight: bucket.in_flight,
            blocked_for: bucket
                .blocked_until()
                .filter(|&until| until > now)
                .map(|until| until.saturating_duration_since(now)),
        })
    }

    pub(super) fn global_paused_for(&self, now: Instant) -> Option<Duration> {
        self.global
            .paused_until(now)
            .map(|until| until.saturating_duration_since(now))
    }

    pub(super) fn halted_for(&self, now: Instant) -> Option<Duration> {
        self.halted_until
            .filter(|&until| until > now)
            .map(|until| until.saturating_duration_since(now))
    }

    pub(super) fn invalid_guard_for(&mut self, now: Instant) -> Option<Duration> {
        self.invalid
            .blocked_until(now)
            .map(|until| until.saturating_duration_since(now))
    }

    pub(super) fn invalid_in_window(&mut self, now: Instant) -> usize {
        self.invalid.in_window(now)
    }

    pub(super) fn invalid_total(&self) -> u64 {
        self.invalid.total()
    }

    pub(super) fn unauthorized(&self) -> bool {
        self.unauthorized
    }

    pub(super) fn bucket_count(&self) -> usize {
        self.buckets.len()
    }

    pub(super) fn global_limit(&self) -> u32 {
        self.global.per_second()
    }

    pub(super) fn invalid_request_limit(&self) -> u32 {
        self.invalid.limit()
    }
}

fn wake_head(bucket: &Bucket) {
    if let Some(head) = bucket.queue.front() {
        head.wake();
    }
}

/// The bucket under `key`, created (with a new window name) if missing.
fn bucket_entry<'a>(
    buckets: &'a mut HashMap<BucketKey, Bucket>,
    generations: &mut u64,
    key: BucketKey,
    now: Instant,
) -> &'a mut Bucket {
    buckets.entry(key).or_insert_with_key(|key| {
        let hash = match key {
            BucketKey::Hash(hash, _) => Some(Arc::clone(hash)),
            BucketKey::Route(..) => None,
        };
        *generations += 1;
        Bucket::new(now, hash, *generations)
    })
}
