//! [`InMemoryRateLimiter`]: Discord's ratelimits kept in this process.
//!
//! # How it decides
//!
//! - **Buckets.** A request is first keyed by its method, route template and
//!   major parameter. Once a response names the route's
//!   `X-RateLimit-Bucket` hash, every request of that route is keyed by
//!   (hash, major parameter): routes sharing a hash share a bucket, the same
//!   route with another channel, guild or webhook never does.
//! - **Learning.** While a bucket's window is unknown (a new bucket, or its
//!   window has reset), one request is in flight, and the others wait for
//!   its headers. A request whose permit is dropped without a response lets
//!   the next one learn.
//! - **Windows.** With `Remaining` and `Reset-After` known, up to
//!   `remaining` requests go at once; then the bucket waits for the reset.
//!   Requests of a bucket are granted in the order they asked.
//! - **The global limit** is held ahead of time, first come first served,
//!   for every endpoint not [exempt](crate::Endpoint::global_exempt): a
//!   request holds a global slot from its grant until a second after its
//!   response (or its dropped permit), and a grant needs a free slot. As a
//!   request reaches Discord between those two moments, no second at
//!   Discord holds more than `global_limit` requests, however long the
//!   network takes ([why](#why-the-global-limit-holds)). The cost
//!   is a round trip per slot: sustained, about `global_limit` requests per
//!   (1 s + margin + round trip). A permit never completed nor dropped
//!   holds its slot for good.
//! - **429s.** Scope `user`: the bucket waits `Retry-After`. Scope `shared`:
//!   the bucket waits `Retry-After`, not counted as invalid. Scope `global`
//!   (or `X-RateLimit-Global`): every non-exempt request waits. A 429 with
//!   neither scope nor ratelimit headers (Cloudflare's ban page): every
//!   request waits.
//! - **Invalid requests.** 401, 403 and 429 (but not `shared`) are counted
//!   over ten minutes; at the threshold (9,500 by default, under Discord's
//!   10,000) every request waits until old ones leave the window.
//! - **Margin.** Resets, 429 waits and the global second are lengthened by a
//!   margin (50 ms by default), as Discord's clock is not ours, and the
//!   bytes of a request abandoned on a timeout may still be on their way.
//!   The global limit does not depend on it to absorb network delays.
//! - **Memory.** Buckets unused for the idle timeout (5 minutes by default)
//!   whose window has reset are dropped; a dropped bucket is learned again.
//!
//! # Why the global limit holds
//!
//! Take any second `[t, t + 1 s)` of Discord's clock and the non-exempt
//! requests that arrived in it; let `k` be the one of them granted last.
//! Every other one, `j`, was granted before `k`, and completed no earlier
//! than it arrived: at `t` or later. `k` was granted no later than it
//! arrived: before `t + 1 s`. So when `k` was granted, `j` was in flight or
//! had completed less than a second before: it held a slot. `k` was granted
//! with fewer than `global_limit` slots held, so the second holds at most
//! `global_limit` requests. Nothing here depends on when a request left or
//! how long it travelled. Per-bucket windows need no such care: Discord
//! counts them and says when they reset, the limiter spends no more than
//! `Remaining` and waits for `Reset-After` measured from the response
//! (after Discord's own reset), and a window is learned anew only once the
//! old window's requests are back.

mod bucket;
mod global;
mod invalid;
mod state;
mod waiter;

use crate::{Acquire, Endpoint, Permit, RateLimiter};
use state::{State, Step};
use std::{
    fmt,
    sync::{Arc, Mutex, MutexGuard, PoisonError},
    time::Duration,
};
use tokio::{sync::Notify, time::Instant};
use waiter::Waiter;

/// Discord's global limit for most bots, requests per second.
pub const DEFAULT_GLOBAL_LIMIT: u32 = 50;

/// Invalid requests in ten minutes at which the limiter stops sending
/// (Discord bans at 10,000).
pub const DEFAULT_INVALID_REQUEST_LIMIT: u32 = 9_500;

/// How long an unused bucket is kept.
pub const DEFAULT_BUCKET_IDLE_TIMEOUT: Duration = Duration::from_secs(5 * 60);

/// The default safety margin added to resets, 429 waits and the global
/// second, for clock skew between this process and Discord.
pub const DEFAULT_MARGIN: Duration = Duration::from_millis(50);

#[derive(Clone, Debug)]
struct Config {
    global_limit: u32,
    invalid_request_limit: u32,
    bucket_idle_timeout: Duration,
    margin: Duration,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            global_limit: DEFAULT_GLOBAL_LIMIT,
            invalid_request_limit: DEFAULT_INVALID_REQUEST_LIMIT,
            bucket_idle_timeout: DEFAULT_BUCKET_IDLE_TIMEOUT,
            margin: DEFAULT_MARGIN,
        }
    }
}

/// A [`RateLimiter`] keeping Discord's ratelimits in this process.
///
/// Cheap to clone: clones share their state. It needs no runtime to be
/// built; waiting uses tokio's timer.
///
/// ```
/// use twilight_http_ratelimiting::{
///     Endpoint, InMemoryRateLimiter, Method, Outcome, RateLimitHeaders, RateLimiter,
/// };
///
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// let limiter = InMemoryRateLimiter::builder()
///     .global_limit(500) // a large bot's raised global limit
///     .build();
///
/// let endpoint = Endpoint::new(Method::Post, "/channels/{channel_id}/messages").major(1);
/// let permit = limiter.acquire(endpoint.clone()).await;
/// // ... send the request, then report its response:
/// let headers = RateLimitHeaders::from_pairs([
///     ("x-ratelimit-bucket", b"abcd1234".as_slice()),
///     ("x-ratelimit-limit", b"5"),
///     ("x-ratelimit-remaining", b"4"),
///     ("x-ratelimit-reset-after", b"5"),
/// ])?;
/// permit.complete(Outcome { status: 200, headers });
///
/// let bucket = limiter.bucket(&endpoint).expect("learned from the response");
/// assert_eq!(bucket.remaining, Some(4));
/// assert_eq!(bucket.hash.as_deref(), Some("abcd1234"));
/// # Ok::<_, twilight_http_ratelimiting::HeaderParsingError>(())
/// # }).unwrap();
/// ```
#[derive(Clone)]
pub struct InMemoryRateLimiter {
    state: Arc<Mutex<State>>,
}

/// What the limiter knows of one bucket, from
/// [`InMemoryRateLimiter::bucket`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct BucketInfo {
    /// The `X-RateLimit-Bucket` hash, once a response named it.
    pub hash: Option<Box<str>>,
    /// `X-RateLimit-Limit` of the current window, if known.
    pub limit: Option<u32>,
    /// Requests the limiter will still grant in the current window; `None`
    /// while the window is unknown.
    pub remaining: Option<u32>,
    /// Time until the current window resets (margin included), if known.
    pub reset_after: Option<Duration>,
    /// The route answered without ratelimit headers: no per-route limit.
    pub unlimited: bool,
    /// Requests waiting in the bucket's queue.
    pub queued: usize,
    /// Requests granted and not yet answered.
    pub in_flight: u32,
    /// Time a 429 still holds the bucket for.
    pub blocked_for: Option<Duration>,
}

/// Builds an [`InMemoryRateLimiter`] with settings other than Discord's
/// defaults.
#[derive(Clone, Debug, Default)]
#[must_use = "a builder does nothing until built"]
pub struct InMemoryRateLimiterBuilder {
    config: Config,
}

impl InMemoryRateLimiterBuilder {
    /// Requests per second under the global limit (50 by default; Discord
    /// raises it for some large bots). 0 turns the ahead-of-time global
    /// limit off, for a client behind a proxy that holds it; global 429s are
    /// still waited out.
    pub const fn global_limit(mut self, per_second: u32) -> Self {
        self.config.global_limit = per_second;
        self
    }

    /// Invalid requests (401, 403, 429 other than `shared`) in ten minutes
    /// at which every request waits until older ones leave the window
    /// (9,500 by default; Discord bans at 10,000). 0 turns the guard off.
    pub const fn invalid_request_limit(mut self, limit: u32) -> Self {
        self.config.invalid_request_limit = limit;
        self
    }

    /// How long a bucket is kept unused before it is dropped (5 minutes by
    /// default). A bucket is never dropped while requests wait in it, are in
    /// flight, or its window or a 429 still holds.
    pub const fn bucket_idle_timeout(mut self, idle: Duration) -> Self {
        self.config.bucket_idle_timeout = idle;
        self
    }

    /// Time added to every reset, 429 wait and to the global limit's
    /// second (50 ms by default), for clocks that do not tick alike and
    /// abandoned requests still in transit. Network delays need none: the
    /// global limit counts a request until a second after its response.
    pub const fn margin(mut self, margin: Duration) -> Self {
        self.config.margin = margin;
        self
    }

    /// The limiter.
    pub fn build(self) -> InMemoryRateLimiter {
        InMemoryRateLimiter {
            state: Arc::new(Mutex::new(State::new(self.config))),
        }
    }
}

impl InMemoryRateLimiter {
    /// A limiter with Discord's defaults: 50 requests per second globally,
    /// stopping at 9,500 invalid requests in ten minutes.
    #[must_use]
    pub fn new() -> Self {
        Self::builder().build()
    }

    /// A builder to change the defaults.
    pub fn builder() -> InMemoryRateLimiterBuilder {
        InMemoryRateLimiterBuilder::default()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }

    /// What is known of the bucket `endpoint` is limited by, or `None` if
    /// there is no such bucket (never used, or dropped when idle).
    #[must_use]
    pub fn bucket(&self, endpoint: &Endpoint) -> Option<BucketInfo> {
        self.lock().bucket_info(endpoint, Instant::now())
    }

    /// Whether a global 429 currently holds every non-exempt request.
    #[must_use]
    pub fn global_locked(&self) -> bool {
        self.global_locked_for().is_some()
    }

    /// How long a global 429 still holds every non-exempt request.
    #[must_use]
    pub fn global_locked_for(&self) -> Option<Duration> {
        self.lock().global_paused_for(Instant::now())
    }

    /// How long a 429 without ratelimit headers (Cloudflare's ban page)
    /// still holds every request.
    #[must_use]
    pub fn halted_for(&self) -> Option<Duration> {
        self.lock().halted_for(Instant::now())
    }

    /// Invalid requests (401, 403, 429 other than `shared`) answered in the
    /// last ten minutes.
    #[must_use]
    pub fn invalid_requests(&self) -> usize {
        self.lock().invalid_in_window(Instant::now())
    }

    /// Invalid requests answered since the limiter was built.
    #[must_use]
    pub fn invalid_requests_total(&self) -> u64 {
        self.lock().invalid_total()
    }

    /// How long the invalid request guard still holds every request, if it
    /// does.
    #[must_use]
    pub fn invalid_guard_for(&self) -> Option<Duration> {
        self.lock().invalid_guard_for(Instant::now())
    }

    /// Whether a bot-token route was answered 401: the token is invalid and
    /// further requests only add to the invalid request count.
    #[must_use]
    pub fn unauthorized(&self) -> bool {
        self.lock().unauthorized()
    }

    /// Buckets held in memory.
    #[must_use]
    pub fn bucket_count(&self) -> usize {
        self.lock().bucket_count()
    }

    /// The configured global limit per second (0: off).
    #[must_use]
    pub fn global_limit(&self) -> u32 {
        self.lock().global_limit()
    }

    /// The configured invalid request threshold (0: off).
    #[must_use]
    pub fn invalid_request_limit(&self) -> u32 {
        self.lock().invalid_request_limit()
    }
}

impl Default for InMemoryRateLimiter {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for InMemoryRateLimiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut state = self.lock();
        let now = Instant::now();
        f.debug_struct("InMemoryRateLimiter")
            .field("config", state.config())
            .field("buckets", &state.bucket_count())
            .field("global_locked_for", &state.global_paused_for(now))
            .field("invalid_requests", &state.invalid_in_window(now))
            .finish()
    }
}

/// A request takes its place in its bucket's queue when `acquire` is
/// called, not when the future is first polled: await the future to the end
/// or drop it, as a request first in line holds its bucket (and, once ready
/// there, the global queue) until it is polled again.
impl RateLimiter for InMemoryRateLimiter {
    fn unauthorized(&self) -> bool {
        Self::unauthorized(self)
    }

    fn acquire(&self, endpoint: Endpoint) -> Acquire {
        let notify = Arc::new(Notify::new());
        // Queued now, not on the first poll, so requests are served in the
        // order they were asked for.
        let id = self.lock().register(
            &endpoint,
            Waiter {
                id: 0,
                notify: Arc::clone(&notify),
            },
            Instant::now(),
        );
        let ticket = Ticket {
            state: Arc::clone(&self.state),
            waiter: Waiter { id, notify },
            endpoint,
            granted: false,
        };
        Box::pin(ticket.wait())
    }
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    // The state is consistent between statements; a panic elsewhere while
    // the lock was held leaves nothing half-done worth refusing.
    state.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A place in a bucket's queue; dropped before its grant, it gives the place
/// back.
struct Ticket {
    state: Arc<Mutex<State>>,
    waiter: Waiter,
    endpoint: Endpoint,
    granted: bool,
}

impl Ticket {
    async fn wait(mut self) -> Permit {
        loop {
            let step = lock(&self.state).poll(&self.waiter, &self.endpoint, Instant::now());
            match step {
                Step::Granted(grant) => {
                    self.granted = true;
                    let state = Arc::clone(&self.state);
                    return Permit::new(move |outcome| {
                        lock(&state).complete(&grant, outcome.as_ref(), Instant::now());
                    });
                }
                Step::Wait(until) => {
                    let woken = self.waiter.notify.notified();
                    match until {
                        Some(until) => {
                            tokio::select! {
                                () = woken => {}
                                () = tokio::time::sleep_until(until) => {}
                            }
                        }
                        None => woken.await,
                    }
                }
            }
        }
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        if !self.granted {
            lock(&self.state).cancel(self.waiter.id, &self.endpoint);
        }
    }
}
