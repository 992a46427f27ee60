//! Discord's REST ratelimits: per-route buckets keyed by major parameters,
//! the global limit per token, injected `shared` limits and the invalid
//! request limit ("Cloudflare ban").
//!
//! Durations are Discord time; the [`Clock`] shortens them in real time.
//! Headers report Discord time (`X-RateLimit-Reset-After` in Discord seconds,
//! `X-RateLimit-Reset` as wall-clock epoch seconds plus that).

use crate::clock::Clock;
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::time::Instant;

/// A per-route limit: `limit` requests per `window` (Discord time).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RouteLimit {
    /// Requests allowed per window.
    pub limit: u32,
    /// The window, from the first request of a bucket.
    pub window: Duration,
}

impl RouteLimit {
    /// `limit` requests per `window_ms` milliseconds.
    pub const fn new(limit: u32, window_ms: u64) -> Self {
        Self {
            limit,
            window: Duration::from_millis(window_ms),
        }
    }
}

/// The default limit of each route group (see [`crate::rest`] for the
/// groups). Groups not listed get 5 per 5 s.
pub const DEFAULT_LIMITS: &[(&str, RouteLimit)] = &[
    ("messages.create", RouteLimit::new(5, 5_000)),
    ("messages.read", RouteLimit::new(50, 1_000)),
    ("messages.edit", RouteLimit::new(5, 5_000)),
    ("messages.delete", RouteLimit::new(5, 1_000)),
    ("messages.bulk_delete", RouteLimit::new(1, 1_000)),
    ("reactions", RouteLimit::new(1, 250)),
    ("reactions.read", RouteLimit::new(5, 1_000)),
    ("channel.get", RouteLimit::new(5, 1_000)),
    ("channel.modify", RouteLimit::new(5, 5_000)),
    ("guild.members.list", RouteLimit::new(10, 10_000)),
    ("webhooks.execute", RouteLimit::new(5, 2_000)),
    ("interactions.callback", RouteLimit::new(5, 5_000)),
    ("gateway", RouteLimit::new(5, 5_000)),
    ("applications.commands", RouteLimit::new(25, 1_000)),
    ("applications.guild_commands", RouteLimit::new(25, 1_000)),
];

/// The fallback limit of a group not in the table.
pub const FALLBACK_LIMIT: RouteLimit = RouteLimit::new(5, 5_000);

/// Which limit a 429 is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scope {
    /// A per-route limit of this bot.
    User,
    /// The bot's global limit.
    Global,
    /// A limit of the resource, shared by everyone (not counted as invalid).
    Shared,
}

impl Scope {
    /// The `X-RateLimit-Scope` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::User => "user",
            Self::Global => "global",
            Self::Shared => "shared",
        }
    }
}

/// The state of a bucket after a request, for the headers.
#[derive(Clone, Debug, PartialEq)]
pub struct BucketInfo {
    /// The bucket hash (`X-RateLimit-Bucket`).
    pub hash: String,
    /// `X-RateLimit-Limit`.
    pub limit: u32,
    /// `X-RateLimit-Remaining`.
    pub remaining: u32,
    /// `X-RateLimit-Reset-After` (Discord time).
    pub reset_after: Duration,
}

impl BucketInfo {
    /// `X-RateLimit-Reset`: epoch seconds (wall clock) when the bucket resets.
    pub fn reset_epoch(&self) -> f64 {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        (now + self.reset_after).as_secs_f64()
    }
}

/// What the limiter decided.
#[derive(Clone, Debug, PartialEq)]
pub enum Decision {
    /// Go ahead; the bucket's headers.
    Allow(BucketInfo),
    /// 429.
    Limited {
        /// Which limit.
        scope: Scope,
        /// The bucket's headers (none for the global limit).
        bucket: Option<BucketInfo>,
        /// How long to wait (Discord time).
        retry_after: Duration,
    },
}

#[derive(Debug)]
struct Bucket {
    limit: RouteLimit,
    remaining: u32,
    reset_at: Instant,
}

#[derive(Debug)]
struct GlobalWindow {
    start: Instant,
    count: u32,
}

#[derive(Debug)]
struct SharedInjection {
    group: Option<String>,
    remaining: u32,
    retry_after: Duration,
}

#[derive(Debug, Default)]
struct Invalid {
    times: VecDeque<Instant>,
    banned_until: Option<Instant>,
    total: u64,
}

/// Requests that count as invalid before a ban, per 10 minutes.
pub const INVALID_LIMIT: usize = 10_000;
/// The invalid request window (Discord time).
pub const INVALID_WINDOW: Duration = Duration::from_secs(600);
/// How long a ban lasts (Discord time).
pub const BAN_DURATION: Duration = Duration::from_secs(3600);

/// The ratelimiter of a mock's REST server.
#[derive(Debug)]
pub struct Limiter {
    clock: Clock,
    global_limit: u32,
    limits: Mutex<HashMap<String, RouteLimit>>,
    buckets: Mutex<HashMap<(String, String, String), Bucket>>,
    global: Mutex<HashMap<String, GlobalWindow>>,
    shared: Mutex<VecDeque<SharedInjection>>,
    invalid: Mutex<Invalid>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The stable `X-RateLimit-Bucket` hash of a route group: 32 hex digits.
pub fn bucket_hash(group: &str) -> String {
    // FNV-1a, twice with different offsets, for a Discord-like length.
    let mut a: u64 = 0xcbf2_9ce4_8422_2325;
    let mut b: u64 = 0x8422_2325_cbf2_9ce4;
    for byte in group.bytes() {
        a = (a ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        b = (b ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    format!("{a:016x}{b:016x}")
}

impl Limiter {
    /// A limiter with the default table and `global_limit` requests per
    /// (Discord) second per token.
    pub fn new(clock: Clock, global_limit: u32) -> Self {
        Self {
            clock,
            global_limit,
            limits: Mutex::new(
                DEFAULT_LIMITS
                    .iter()
                    .map(|(g, l)| ((*g).to_owned(), *l))
                    .collect(),
            ),
            buckets: Mutex::new(HashMap::new()),
            global: Mutex::new(HashMap::new()),
            shared: Mutex::new(VecDeque::new()),
            invalid: Mutex::new(Invalid::default()),
        }
    }

    /// Sets the limit of a route group (existing buckets keep theirs until
    /// they reset).
    pub fn set_limit(&self, group: &str, limit: RouteLimit) {
        lock(&self.limits).insert(group.to_owned(), limit);
    }

    /// The limit of a route group.
    pub fn limit_of(&self, group: &str) -> RouteLimit {
        lock(&self.limits)
            .get(group)
            .copied()
            .unwrap_or(FALLBACK_LIMIT)
    }

    /// Makes the next `count` requests (of `group`, or of any ratelimited
    /// route) answer 429 with scope `shared`.
    pub fn inject_shared(&self, group: Option<&str>, count: u32, retry_after: Duration) {
        lock(&self.shared).push_back(SharedInjection {
            group: group.map(str::to_owned),
            remaining: count,
            retry_after,
        });
    }

    /// Checks the global limit of `identity` (a token, or an IP address for
    /// requests without one).
    pub fn check_global(&self, identity: &str) -> Option<Duration> {
        let now = Instant::now();
        let window = self.clock.real(Duration::from_secs(1));
        let mut global = lock(&self.global);
        let w = global.entry(identity.to_owned()).or_insert(GlobalWindow {
            start: now,
            count: 0,
        });
        if now.duration_since(w.start) >= window {
            w.start = now;
            w.count = 0;
        }
        if w.count >= self.global_limit {
            let left = window.saturating_sub(now.duration_since(w.start));
            return Some(self.clock.discord(left));
        }
        w.count += 1;
        None
    }

    /// Takes a request from the bucket of `group` and `major` for
    /// `identity`, unless a shared limit is injected.
    pub fn check_bucket(&self, identity: &str, group: &str, major: &str) -> Decision {
        let now = Instant::now();
        let hash = bucket_hash(group);
        let limit = self.limit_of(group);
        let mut buckets = lock(&self.buckets);
        let key = (identity.to_owned(), group.to_owned(), major.to_owned());
        let bucket = buckets.entry(key).or_insert(Bucket {
            limit,
            remaining: limit.limit,
            reset_at: now,
        });
        if now >= bucket.reset_at {
            bucket.limit = limit;
            bucket.remaining = limit.limit;
            bucket.reset_at = now + self.clock.real(limit.window);
        }
        let info = |b: &Bucket| BucketInfo {
            hash: hash.clone(),
            limit: b.limit.limit,
            remaining: b.remaining,
            reset_after: self
                .clock
                .discord(b.reset_at.saturating_duration_since(now)),
        };
        {
            let mut shared = lock(&self.shared);
            if let Some(pos) = shared
                .iter()
                .position(|s| s.group.as_deref().is_none_or(|g| g == group))
            {
                let retry_after = shared[pos].retry_after;
                shared[pos].remaining = shared[pos].remaining.saturating_sub(1);
                if shared[pos].remaining == 0 {
                    shared.remove(pos);
                }
                return Decision::Limited {
                    scope: Scope::Shared,
                    bucket: Some(info(bucket)),
                    retry_after,
                };
            }
        }
        if bucket.remaining == 0 {
            let b = info(bucket);
            return Decision::Limited {
                scope: Scope::User,
                retry_after: b.reset_after,
                bucket: Some(b),
            };
        }
        bucket.remaining -= 1;
        Decision::Allow(info(bucket))
    }

    /// Counts an invalid request (401, 403, or 429 not `shared`); at
    /// [`INVALID_LIMIT`] within [`INVALID_WINDOW`], bans for
    /// [`BAN_DURATION`].
    pub fn count_invalid(&self) {
        let now = Instant::now();
        let window = self.clock.real(INVALID_WINDOW);
        let mut invalid = lock(&self.invalid);
        invalid.total += 1;
        invalid.times.push_back(now);
        while invalid
            .times
            .front()
            .is_some_and(|t| now.duration_since(*t) >= window)
        {
            invalid.times.pop_front();
        }
        if invalid.times.len() > INVALID_LIMIT && invalid.banned_until.is_none() {
            tracing::warn!("invalid request limit exceeded: banning for an hour");
            invalid.banned_until = Some(now + self.clock.real(BAN_DURATION));
        }
    }

    /// If banned, how long the ban still lasts (Discord time).
    pub fn banned(&self) -> Option<Duration> {
        let now = Instant::now();
        let mut invalid = lock(&self.invalid);
        match invalid.banned_until {
            Some(until) if until > now => Some(self.clock.discord(until - now)),
            Some(_) => {
                invalid.banned_until = None;
                invalid.times.clear();
                None
            }
            None => None,
        }
    }

    /// Invalid requests in the current 10-minute window, and since start.
    pub fn invalid_counts(&self) -> (usize, u64) {
        let now = Instant::now();
        let window = self.clock.real(INVALID_WINDOW);
        let invalid = lock(&self.invalid);
        let current = invalid
            .times
            .iter()
            .filter(|t| now.duration_since(**t) < window)
            .count();
        (current, invalid.total)
    }

    /// Lifts a ban and forgets invalid requests (control).
    pub fn reset_invalid(&self) {
        let mut invalid = lock(&self.invalid);
        invalid.times.clear();
        invalid.banned_until = None;
    }
}
