//! The limiter's decisions over a storage trait, for limits shared by
//! several processes.
//!
//! [`StoreRateLimiter`] is a [`RateLimiter`] whose state lives in a
//! [`Store`]: in this process ([`MemoryStore`]), or in Redis so that every
//! proxy instance of a bot holds one limit (`services/http-proxy`). What a
//! response means is decided once, by [`Effects::of`]; the store only
//! records it and answers, atomically, whether a request may go now.
//!
//! # The store's contract
//!
//! [`Store::acquire`] grants a request when, all at once:
//!
//! - nothing holds every request (a 429 without headers, the invalid
//!   request guard at [`Limits::invalid_limit`] answers in
//!   [`INVALID_REQUEST_WINDOW`](crate::rules::INVALID_REQUEST_WINDOW));
//! - for a non-exempt request (one sent with the bot's token), the token
//!   was not refused: after a 401 to any process sharing the store, it
//!   answers [`WaitReason::Unauthorized`], so no process sends the refused
//!   token again (each 401 counts toward the invalid request limit);
//! - its bucket (keyed by the route's learned hash, or the route until
//!   then, and the major parameter) is not held by a 429, and has
//!   `remaining` left in a known window, or has no request learning its
//!   window (then this one learns it, for at most [`Limits::lease`]);
//! - for a non-exempt request, fewer than [`Limits::global_limit`] requests
//!   are in flight or completed less than [`Limits::global_window`] ago, and
//!   no global 429 holds (the global limit held ahead of time, as the
//!   in-memory limiter's module docs prove).
//!
//! Otherwise it says how long to wait before asking again.
//! [`Store::complete`] applies a response's [`Effects`] (or frees the
//! grant's place when no response came). A grant never completed (its
//! process died) frees its places once its lease ends.
//!
//! # Order and failures
//!
//! Within one process, requests of a bucket ask the store in the order
//! they were made (a fair lock per bucket, held only until the grant), so
//! several are in flight at once when `remaining` allows. A request told
//! to wait asks again when its wait ends, or as soon as a request of this
//! process completes that may have freed it (one of its bucket, or any
//! for the global limit), so waits of unknown length (another request
//! learning the window, every global slot in flight) end with the response
//! that ends them, not at the next poll. Completions in other processes
//! are seen at the next poll. A store that
//! fails (Redis down) fails closed: the request waits and asks again,
//! never sent without a decision; a caller bounds that wait with its own
//! timeout.

mod memory;
mod turns;

pub use memory::MemoryStore;

use crate::{Acquire, Endpoint, Outcome, Permit, RateLimiter, rules::Effects};
use std::{
    error::Error,
    fmt,
    future::Future,
    pin::Pin,
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    time::Duration,
};
use tokio::{sync::Notify, time::Instant};

/// The future a [`Store`] returns.
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, StoreError>> + Send + 'a>>;

/// A store could not be read or written.
#[derive(Debug)]
pub struct StoreError {
    source: Box<dyn Error + Send + Sync>,
}

impl StoreError {
    /// Wraps the store's own error. It must not hold a token.
    pub fn new(source: impl Into<Box<dyn Error + Send + Sync>>) -> Self {
        Self {
            source: source.into(),
        }
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ratelimit store failed: {}", self.source)
    }
}

impl Error for StoreError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        Some(&*self.source)
    }
}

/// What a store keys a request by: no token, no filled-in path.
#[derive(Clone, Debug, Eq, Hash, PartialEq)]
pub struct StoreKey {
    /// `METHOD /route/{template}`: what Discord maps to a bucket hash.
    pub route: Box<str>,
    /// The major parameter.
    pub major: Option<u64>,
    /// Whether the request counts toward the global limit.
    pub global: bool,
}

impl StoreKey {
    /// The key of `endpoint`.
    #[must_use]
    pub fn of(endpoint: &Endpoint) -> Self {
        Self {
            route: format!("{} {}", endpoint.method(), endpoint.route()).into(),
            major: endpoint.major_param(),
            global: !endpoint.is_global_exempt(),
        }
    }
}

/// The limits a store applies, the same for every process of a bot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Requests per global window (0: no ahead-of-time global limit).
    pub global_limit: u32,
    /// The global second, margin included.
    pub global_window: Duration,
    /// Invalid requests in ten minutes at which every request waits (0:
    /// off).
    pub invalid_limit: u32,
    /// Added to every reset.
    pub margin: Duration,
    /// How long a grant holds its places if never completed.
    pub lease: Duration,
    /// How long to wait before asking again while another request learns a
    /// bucket's window or every global slot is in flight.
    pub poll: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        let margin = crate::in_memory::DEFAULT_MARGIN;
        Self {
            global_limit: crate::in_memory::DEFAULT_GLOBAL_LIMIT,
            global_window: Duration::from_secs(1) + margin,
            invalid_limit: crate::in_memory::DEFAULT_INVALID_REQUEST_LIMIT,
            margin,
            lease: Duration::from_secs(60),
            poll: Duration::from_millis(5),
        }
    }
}

/// A store's answer to [`Store::acquire`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    /// The request may go.
    Granted(StoreGrant),
    /// Ask again after `wait`.
    Wait {
        /// How long to wait before asking again.
        wait: Duration,
        /// What holds the request.
        reason: WaitReason,
    },
}

impl Decision {
    /// A wait of `wait` for `reason`.
    #[must_use]
    pub const fn wait(wait: Duration, reason: WaitReason) -> Self {
        Self::Wait { wait, reason }
    }
}

/// What holds a request back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WaitReason {
    /// Its bucket's window is spent, or a 429 holds the bucket.
    Bucket,
    /// Another request is learning the bucket's window (a short wait of
    /// unknown length).
    Learning,
    /// The global limit, or a global 429.
    Global,
    /// The invalid request guard holds every request (the threshold is
    /// reached).
    InvalidRequests,
    /// A 429 without headers (a ban) holds every request.
    Halted,
    /// A request with the bot's token was answered 401: the token is
    /// refused, and sending it again only adds invalid requests.
    Unauthorized,
    /// The store could not be reached.
    StoreUnavailable,
}

impl WaitReason {
    /// Whether the wait is known to end only after the invalid request
    /// window or a ban: a caller should be answered at once, not held.
    #[must_use]
    pub const fn is_long(self) -> bool {
        matches!(
            self,
            Self::InvalidRequests | Self::Halted | Self::Unauthorized
        )
    }

    /// The `X-RateLimit-Scope` a proxy answering in Discord's place gives.
    #[must_use]
    pub const fn scope(self) -> crate::Scope {
        match self {
            Self::Bucket | Self::Learning => crate::Scope::User,
            Self::Global
            | Self::InvalidRequests
            | Self::Halted
            | Self::Unauthorized
            | Self::StoreUnavailable => crate::Scope::Global,
        }
    }

    /// A stable name, for logs, metrics and a proxy's answer.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Bucket => "bucket",
            Self::Learning => "learning",
            Self::Global => "global",
            Self::InvalidRequests => "invalid-requests",
            Self::Halted => "halted",
            Self::Unauthorized => "unauthorized",
            Self::StoreUnavailable => "store-unavailable",
        }
    }
}

/// [`StoreRateLimiter::acquire_within`] gave up: the request would have
/// waited past its deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// What held the request.
    pub reason: WaitReason,
    /// When to try again, as far as the store knew.
    pub retry_after: Duration,
}

/// A granted request, as the store needs it back on completion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreGrant {
    /// The request's key.
    pub key: StoreKey,
    /// The store's id for the grant (its place in the global limit).
    pub id: u64,
    /// The bucket window the request was granted in.
    pub generation: u64,
    /// Whether this request learns its bucket's window.
    pub learner: bool,
}

/// Shared state for [`StoreRateLimiter`]; see the [module docs](self) for
/// what each method must do atomically.
pub trait Store: fmt::Debug + Send + Sync + 'static {
    /// Grants the request keyed by `key`, or says how long to wait.
    fn acquire<'a>(&'a self, key: &'a StoreKey, limits: &'a Limits) -> StoreFuture<'a, Decision>;

    /// Records the response to `grant` (`None`: no response came).
    fn complete<'a>(
        &'a self,
        grant: &'a StoreGrant,
        effects: Option<&'a Effects>,
        limits: &'a Limits,
    ) -> StoreFuture<'a, ()>;
}

/// How long a request waits after a store error before asking again.
const RETRY_AFTER_ERROR: Duration = Duration::from_millis(250);

/// A [`RateLimiter`] over a [`Store`].
///
/// Cheap to clone: clones share the store.
#[derive(Clone)]
pub struct StoreRateLimiter {
    inner: Arc<Inner>,
}

struct Inner {
    store: Arc<dyn Store>,
    limits: Limits,
    /// Requests of a bucket take turns: a process asks the store in order.
    turns: Arc<turns::Turns>,
    /// Woken when a grant counted by the global limit completes.
    global_completed: Notify,
    unauthorized: AtomicBool,
}

impl fmt::Debug for StoreRateLimiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StoreRateLimiter")
            .field("store", &self.inner.store)
            .field("limits", &self.inner.limits)
            .finish_non_exhaustive()
    }
}

impl StoreRateLimiter {
    /// A limiter over `store` with `limits`.
    pub fn new(store: Arc<dyn Store>, limits: Limits) -> Self {
        Self {
            inner: Arc::new(Inner {
                store,
                limits,
                turns: Arc::default(),
                global_completed: Notify::new(),
                unauthorized: AtomicBool::new(false),
            }),
        }
    }

    /// The limits applied.
    #[must_use]
    pub fn limits(&self) -> Limits {
        self.inner.limits
    }

    /// Whether a bot-token route was answered 401.
    #[must_use]
    pub fn unauthorized(&self) -> bool {
        self.inner.unauthorized.load(Ordering::Relaxed)
    }
}

impl StoreRateLimiter {
    /// Waits for a permit, but no later than `deadline`: a request whose
    /// known wait ends after it, or that the invalid request guard or a ban
    /// holds, is refused at once with what held it; one held by waits of
    /// unknown length (another request learning its bucket, a store
    /// outage) is refused at the deadline.
    ///
    /// # Errors
    ///
    /// [`Refusal`] as above.
    pub async fn acquire_within(
        &self,
        endpoint: Endpoint,
        deadline: Instant,
    ) -> Result<Permit, Refusal> {
        acquire(Arc::clone(&self.inner), endpoint, Some(deadline)).await
    }
}

async fn acquire(
    inner: Arc<Inner>,
    endpoint: Endpoint,
    deadline: Option<Instant>,
) -> Result<Permit, Refusal> {
    let key = StoreKey::of(&endpoint);
    // Held until the grant completes, so its completion wakes the next.
    let held = inner.turns.hold(&key);
    // What held the request last, for a refusal at the deadline.
    let mut last = Refusal {
        reason: WaitReason::Bucket,
        retry_after: Duration::ZERO,
    };
    let grant = {
        let lock = held.turn().lock.lock();
        let _turn = match deadline {
            Some(deadline) => tokio::time::timeout_at(deadline, lock)
                .await
                .map_err(|_| last)?,
            None => lock.await,
        };
        loop {
            // Listening before asking: a completion between the answer and
            // the wait still wakes this request.
            let bucket_done = held.turn().completed.notified();
            let global_done = inner.global_completed.notified();
            tokio::pin!(bucket_done, global_done);
            bucket_done.as_mut().enable();
            global_done.as_mut().enable();
            let (wait, reason) = match inner.store.acquire(&key, &inner.limits).await {
                Ok(Decision::Granted(grant)) => break grant,
                Ok(Decision::Wait { wait, reason }) => (wait, reason),
                Err(error) => {
                    tracing::warn!(%error, "ratelimit store unavailable: request waits");
                    (RETRY_AFTER_ERROR, WaitReason::StoreUnavailable)
                }
            };
            last = Refusal {
                reason,
                retry_after: wait,
            };
            if reason == WaitReason::Unauthorized {
                // Another process sharing the store saw the 401.
                inner.unauthorized.store(true, Ordering::Relaxed);
                return Err(last);
            }
            let now = Instant::now();
            match deadline {
                Some(deadline) if reason.is_long() || now + wait > deadline => {
                    let known =
                        !matches!(reason, WaitReason::Learning | WaitReason::StoreUnavailable);
                    if known || now >= deadline {
                        return Err(last);
                    }
                    wait_for(deadline.min(now + wait), bucket_done, global_done, reason).await;
                }
                _ => wait_for(now + wait, bucket_done, global_done, reason).await,
            }
        }
    };
    Ok(Permit::new_async(move |outcome: Option<Outcome>| {
        let counted = grant.key.global;
        Box::pin(async move {
            let effects =
                outcome.map(|outcome| Effects::of(&endpoint, &outcome, inner.limits.margin));
            if effects.as_ref().is_some_and(|effects| effects.unauthorized) {
                inner.unauthorized.store(true, Ordering::Relaxed);
            }
            if let Err(error) = inner
                .store
                .complete(&grant, effects.as_ref(), &inner.limits)
                .await
            {
                // The grant's lease frees its places in the end.
                tracing::warn!(%error, "ratelimit store unavailable: response not recorded");
            }
            held.turn().completed.notify_waiters();
            drop(held);
            if counted {
                inner.global_completed.notify_waiters();
            }
        })
    }))
}

/// Sleeps until `until`, or until a completion in this process that may end
/// a wait for `reason`.
async fn wait_for(
    until: Instant,
    bucket_done: std::pin::Pin<&mut tokio::sync::futures::Notified<'_>>,
    global_done: std::pin::Pin<&mut tokio::sync::futures::Notified<'_>>,
    reason: WaitReason,
) {
    let sleep = tokio::time::sleep_until(until);
    match reason {
        WaitReason::Learning | WaitReason::Bucket => tokio::select! {
            () = sleep => {}
            () = bucket_done => {}
        },
        WaitReason::Global => tokio::select! {
            () = sleep => {}
            () = global_done => {}
        },
        // Nothing a completion here ends early.
        _ => sleep.await,
    }
}

impl RateLimiter for StoreRateLimiter {
    fn acquire(&self, endpoint: Endpoint) -> Acquire {
        let inner = Arc::clone(&self.inner);
        Box::pin(async move {
            match acquire(inner, endpoint, None).await {
                Ok(permit) => permit,
                // Without a deadline the loop ends without a grant only
                // when the token was refused: `unauthorized()` now says so,
                // and a client checks it before sending (see the trait).
                Err(_) => Permit::unlimited(),
            }
        })
    }

    fn unauthorized(&self) -> bool {
        Self::unauthorized(self)
    }
}
