//! [`MemoryStore`]: the store contract kept in this process, the reference
//! a shared store (the proxy's Redis scripts) follows step by step.

use super::{Decision, Limits, Store, StoreError, StoreFuture, StoreGrant, StoreKey, WaitReason};
use crate::rules::{Effects, Hold, INVALID_REQUEST_WINDOW};
use std::{
    collections::{HashMap, VecDeque},
    sync::{Arc, Mutex, PoisonError},
    time::Duration,
};
use tokio::time::Instant;

/// Buckets unused this long (and whose limits no longer hold) are dropped.
const IDLE: Duration = Duration::from_secs(5 * 60);

/// A [`Store`] in this process.
///
/// One store per bot token: each has its buckets and global limit. What
/// Discord counts per IP address (invalid requests, a Cloudflare ban) is
/// shared by the stores made with
/// [`sharing_ip_limits`](Self::sharing_ip_limits).
#[derive(Debug, Default)]
pub struct MemoryStore {
    bot: Mutex<Bot>,
    ip: Arc<Mutex<Ip>>,
}

#[derive(Debug, Default)]
struct Bot {
    hashes: HashMap<Box<str>, Box<str>>,
    buckets: HashMap<(Box<str>, Option<u64>), Bucket>,
    /// Grant id → end of its lease.
    in_flight: HashMap<u64, Instant>,
    completed: VecDeque<Instant>,
    paused_until: Option<Instant>,
    /// A request with the bot's token was answered 401.
    unauthorized: bool,
    next_id: u64,
    last_sweep: Option<Instant>,
}

#[derive(Debug, Default)]
struct Ip {
    invalid: VecDeque<Instant>,
    halted_until: Option<Instant>,
}

#[derive(Debug)]
struct Bucket {
    /// `None` while the window is unknown.
    remaining: Option<u32>,
    reset_at: Instant,
    blocked_until: Option<Instant>,
    learner_until: Option<Instant>,
    generation: u64,
    unlimited: bool,
    last_used: Instant,
}

impl Bucket {
    fn new(now: Instant) -> Self {
        Self {
            remaining: None,
            reset_at: now,
            blocked_until: None,
            learner_until: None,
            generation: 0,
            unlimited: false,
            last_used: now,
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl MemoryStore {
    /// A store with its own per-IP limits.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// A store for another bot whose requests leave from the same IP
    /// address: invalid requests and a ban are counted with `self`'s.
    #[must_use]
    pub fn sharing_ip_limits(&self) -> Self {
        Self {
            bot: Mutex::default(),
            ip: Arc::clone(&self.ip),
        }
    }

    /// Invalid requests counted in the last ten minutes (for every store
    /// sharing the IP limits).
    #[must_use]
    pub fn invalid_requests(&self) -> usize {
        let mut ip = lock(&self.ip);
        prune(&mut ip.invalid, Instant::now(), INVALID_REQUEST_WINDOW);
        ip.invalid.len()
    }

    fn decide(&self, key: &StoreKey, limits: &Limits, now: Instant) -> Decision {
        let mut ip = lock(&self.ip);
        if let Some(until) = ip.halted_until.filter(|&until| until > now) {
            return Decision::wait(until - now, WaitReason::Halted);
        }
        prune(&mut ip.invalid, now, INVALID_REQUEST_WINDOW);
        let limit = limits.invalid_limit as usize;
        if limit > 0 && ip.invalid.len() >= limit {
            let leaving = ip.invalid[ip.invalid.len() - limit];
            return Decision::wait(
                (leaving + INVALID_REQUEST_WINDOW).saturating_duration_since(now),
                WaitReason::InvalidRequests,
            );
        }
        drop(ip);

        let bot = &mut *lock(&self.bot);
        if bot.unauthorized && key.global {
            return Decision::wait(INVALID_REQUEST_WINDOW, WaitReason::Unauthorized);
        }
        bot.sweep(now);
        let name = bot.hashes.get(&key.route).unwrap_or(&key.route).clone();
        let bucket = bot
            .buckets
            .entry((name, key.major))
            .or_insert_with(|| Bucket::new(now));
        bucket.last_used = now;
        if let Some(until) = bucket.blocked_until.filter(|&until| until > now) {
            return Decision::wait(until - now, WaitReason::Bucket);
        }
        let learner = match bucket.remaining {
            _ if bucket.unlimited => false,
            Some(0) if bucket.reset_at > now => {
                return Decision::wait(bucket.reset_at - now, WaitReason::Bucket);
            }
            Some(_) if bucket.reset_at > now => false,
            _ if bucket.learner_until.is_some_and(|until| until > now) => {
                return Decision::wait(limits.poll, WaitReason::Learning);
            }
            _ => true,
        };
        if key.global && limits.global_limit > 0 {
            if let Some(until) = bot.paused_until.filter(|&until| until > now) {
                return Decision::wait(until - now, WaitReason::Global);
            }
            bot.in_flight.retain(|_, lease| *lease > now);
            prune(&mut bot.completed, now, limits.global_window);
            let limit = limits.global_limit as usize;
            let occupied = bot.in_flight.len() + bot.completed.len();
            if occupied >= limit {
                let leaving = occupied - limit;
                let wait = match bot.completed.get(leaving) {
                    Some(&at) if bot.in_flight.len() < limit => {
                        (at + limits.global_window).saturating_duration_since(now)
                    }
                    _ => limits.poll,
                };
                return Decision::wait(wait.max(Duration::from_millis(1)), WaitReason::Global);
            }
        }
        // Every check passed: take the places.
        let name = bot.hashes.get(&key.route).unwrap_or(&key.route).clone();
        let bucket = bot
            .buckets
            .entry((name, key.major))
            .or_insert_with(|| Bucket::new(now));
        if learner {
            bucket.generation += 1;
            bucket.remaining = None;
            bucket.learner_until = Some(now + limits.lease);
        } else if let Some(remaining) = &mut bucket.remaining {
            *remaining -= 1;
        }
        let generation = bucket.generation;
        let id = bot.next_id;
        bot.next_id += 1;
        if key.global && limits.global_limit > 0 {
            bot.in_flight.insert(id, now + limits.lease);
        }
        Decision::Granted(StoreGrant {
            key: key.clone(),
            id,
            generation,
            learner,
        })
    }

    fn record(&self, grant: &StoreGrant, effects: Option<&Effects>, limits: &Limits, now: Instant) {
        let bot = &mut *lock(&self.bot);
        if bot.in_flight.remove(&grant.id).is_some() {
            bot.completed.push_back(now);
        }
        let key = &grant.key;
        let granted_in = bot.hashes.get(&key.route).unwrap_or(&key.route).clone();
        if grant.learner
            && let Some(bucket) = bot.buckets.get_mut(&(granted_in.clone(), key.major))
            && bucket.generation == grant.generation
        {
            bucket.learner_until = None;
        }
        let Some(effects) = effects else {
            return;
        };
        let mut merged = false;
        if let Some(hash) = &effects.hash
            && !bot.hashes.contains_key(&key.route)
        {
            // The route's requests are keyed by the hash from now on. Its
            // bucket moves there; a bucket the hash already has (other
            // routes) keeps its window, which this response may only
            // narrow.
            bot.hashes.insert(key.route.clone(), hash.clone());
            let target = (hash.clone(), key.major);
            let source = bot.buckets.remove(&(key.route.clone(), key.major));
            match bot.buckets.entry(target) {
                std::collections::hash_map::Entry::Occupied(_) => merged = true,
                std::collections::hash_map::Entry::Vacant(entry) => {
                    if let Some(source) = source {
                        entry.insert(source);
                    }
                }
            }
        }
        let name = bot.hashes.get(&key.route).unwrap_or(&key.route).clone();
        let bucket = bot
            .buckets
            .entry((name, key.major))
            .or_insert_with(|| Bucket::new(now));
        let current = merged || bucket.generation == grant.generation;
        if let Some(window) = effects.window.filter(|_| current) {
            let reset = now + window.reset_after + limits.margin;
            match bucket.remaining {
                Some(remaining) if bucket.reset_at > now => {
                    bucket.remaining = Some(remaining.min(window.remaining));
                    bucket.reset_at = bucket.reset_at.max(reset);
                }
                _ => {
                    bucket.remaining = Some(window.remaining);
                    bucket.reset_at = reset;
                }
            }
        } else if effects.unlimited && bucket.remaining.is_none() {
            bucket.unlimited = true;
        }
        match effects.hold {
            Some(Hold::Bucket { wait, exhaust }) => {
                bucket.blocked_until = max(bucket.blocked_until, now + wait);
                if exhaust {
                    bucket.remaining = Some(0);
                    bucket.reset_at = bucket.reset_at.max(now + wait);
                }
            }
            Some(Hold::Global(wait)) => bot.paused_until = max(bot.paused_until, now + wait),
            Some(Hold::Everything(wait)) => {
                let mut ip = lock(&self.ip);
                ip.halted_until = max(ip.halted_until, now + wait);
            }
            None => {}
        }
        if effects.invalid {
            lock(&self.ip).invalid.push_back(now);
        }
        bot.unauthorized |= effects.unauthorized;
    }
}

impl Bot {
    /// Drops idle buckets at most once per idle time: bounded memory.
    fn sweep(&mut self, now: Instant) {
        if self
            .last_sweep
            .is_some_and(|at| now.saturating_duration_since(at) < IDLE)
        {
            return;
        }
        self.last_sweep = Some(now);
        self.buckets.retain(|_, bucket| {
            now.saturating_duration_since(bucket.last_used) < IDLE
                || bucket.reset_at > now
                || bucket.blocked_until.is_some_and(|until| until > now)
                || bucket.learner_until.is_some_and(|until| until > now)
        });
    }
}

fn max(at: Option<Instant>, other: Instant) -> Option<Instant> {
    Some(at.map_or(other, |at| at.max(other)))
}

fn prune(times: &mut VecDeque<Instant>, now: Instant, window: Duration) {
    while times
        .front()
        .is_some_and(|&at| now.saturating_duration_since(at) >= window)
    {
        times.pop_front();
    }
}

impl Store for MemoryStore {
    fn acquire<'a>(&'a self, key: &'a StoreKey, limits: &'a Limits) -> StoreFuture<'a, Decision> {
        let decision = self.decide(key, limits, Instant::now());
        Box::pin(async move { Ok::<_, StoreError>(decision) })
    }

    fn complete<'a>(
        &'a self,
        grant: &'a StoreGrant,
        effects: Option<&'a Effects>,
        limits: &'a Limits,
    ) -> StoreFuture<'a, ()> {
        self.record(grant, effects, limits, Instant::now());
        Box::pin(async { Ok(()) })
    }
}
