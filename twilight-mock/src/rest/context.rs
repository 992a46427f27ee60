//! [`RestContext`]: what the REST server shares between requests (the state,
//! the configuration, the ratelimiter, the request log) and the controls
//! tests drive it with.

use super::commands::Commands;
use super::connect_delay::ConnectDelay;
use super::faults::InjectedErrors;
use super::ratelimit::{Limiter, RouteLimit, Scope};
use crate::clock::Clock;
use crate::config::{MockConfig, SessionStartLimit};
use crate::hub::EventSink;
use crate::state::{ApiError, Author, Events, State};
use serde_json::Value;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

/// Where GET /gateway/bot reads the session start limit from (the
/// gateway's identify counter); without one, the configured limit is
/// reported.
pub type SessionStartSource = Arc<dyn Fn() -> SessionStartLimit + Send + Sync>;

/// Whether the bot token was reset (by the gateway, when the daily identify
/// limit is exceeded): every request with it then gets 401.
pub type TokenResetSource = Arc<dyn Fn() -> bool + Send + Sync>;

/// One request as the mock saw it.
#[derive(Clone, Debug, PartialEq)]
pub struct RequestRecord {
    /// The method.
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The query string exactly as sent (still percent-encoded), without
    /// the `?`; empty when there was none.
    pub query: String,
    /// The route group (also the bucket's name), if the route is known.
    pub route: Option<&'static str>,
    /// The `X-RateLimit-Bucket` hash sent, if any.
    pub bucket: Option<String>,
    /// The status answered.
    pub status: u16,
    /// When the request arrived.
    pub at: SystemTime,
    /// The scope of the 429, if it was one.
    pub ratelimited: Option<Scope>,
}

/// Counters of the REST server.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RestStats {
    /// Requests served.
    pub total: u64,
    /// 429s with scope `user`.
    pub user_429: u64,
    /// 429s with scope `shared`.
    pub shared_429: u64,
    /// 429s with scope `global`.
    pub global_429: u64,
    /// Invalid requests in the current 10-minute window.
    pub invalid_in_window: usize,
    /// Invalid requests since start.
    pub invalid_total: u64,
    /// Whether requests are being refused as by a Cloudflare ban.
    pub banned: bool,
}

#[derive(Default)]
struct Log {
    records: Vec<RequestRecord>,
    stats: RestStats,
}

/// Everything the REST server needs, and the control surface for tests.
/// Cheap to clone.
#[derive(Clone)]
pub struct RestContext {
    pub(super) state: Arc<State>,
    pub(super) config: Arc<MockConfig>,
    pub(super) gateway_url: Arc<str>,
    sink: Arc<dyn EventSink>,
    pub(super) limiter: Arc<Limiter>,
    log: Arc<Mutex<Log>>,
    pub(super) session_start: Option<SessionStartSource>,
    pub(super) token_reset: Option<TokenResetSource>,
    /// The initial response deadline of interactions (Discord time).
    pub(super) interaction_deadline: Arc<Mutex<Option<Duration>>>,
    /// A simulated handshake delay before a connection's first request.
    pub(super) connect_delay: Arc<ConnectDelay>,
    pub(super) clock: Clock,
    /// Held from a state change until its events are dispatched, so that
    /// events leave in the order the changes were made.
    order: Arc<Mutex<()>>,
    /// The application's commands.
    pub(super) commands: Arc<Commands>,
    /// Injected 5xx answers.
    pub(super) errors: Arc<InjectedErrors>,
}

impl std::fmt::Debug for RestContext {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RestContext")
            .field("gateway_url", &self.gateway_url)
            .finish_non_exhaustive()
    }
}

/// Discord's deadline for an interaction's initial response.
pub const INTERACTION_DEADLINE: Duration = Duration::from_secs(3);

/// The largest number of request records kept.
const LOG_CAPACITY: usize = 100_000;

/// Locks a mutex, recovering it if a panic poisoned it.
pub(super) fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl RestContext {
    /// A context over `state`, answering GET /gateway with `gateway_url` and
    /// dispatching the events of changes to `sink`.
    pub fn new(
        state: Arc<State>,
        config: MockConfig,
        gateway_url: impl Into<String>,
        sink: Arc<dyn EventSink>,
    ) -> Self {
        let clock = Clock::new(config.time_scale);
        let limiter = Arc::new(Limiter::new(clock, config.global_rate_limit));
        for (group, limit) in &config.route_limits {
            limiter.set_limit(group, *limit);
        }
        let gateway_url: String = gateway_url.into();
        Self {
            state,
            config: Arc::new(config),
            gateway_url: gateway_url.into(),
            sink,
            limiter,
            log: Arc::new(Mutex::new(Log::default())),
            session_start: None,
            token_reset: None,
            interaction_deadline: Arc::new(Mutex::new(Some(INTERACTION_DEADLINE))),
            connect_delay: Arc::default(),
            clock,
            order: Arc::new(Mutex::new(())),
            commands: Arc::default(),
            errors: Arc::default(),
        }
    }

    /// How long an HTTP connection gets to send a request head (the
    /// control API's connections get the same).
    pub(crate) fn http_header_timeout(&self) -> Duration {
        self.config.http_header_timeout
    }

    /// Reports `source`'s session start limit in GET /gateway/bot.
    #[must_use]
    pub fn with_session_start(mut self, source: SessionStartSource) -> Self {
        self.session_start = Some(source);
        self
    }

    /// Answers 401 to the bot token while `source` says it was reset.
    #[must_use]
    pub fn with_token_reset(mut self, source: TokenResetSource) -> Self {
        self.token_reset = Some(source);
        self
    }

    /// Sets how long (Discord time) an interaction may wait for its initial
    /// response before its token is invalidated (10062 Unknown interaction):
    /// 3 s by default, as Discord documents; `None` lifts the deadline (for
    /// slow test machines at high time scales).
    pub fn set_interaction_deadline(&self, deadline: Option<Duration>) {
        *lock(&self.interaction_deadline) = deadline;
    }

    /// Delays each new connection by a pseudo-random time (real time) in
    /// `range` before its first request is read, as a slow handshake
    /// would: requests sent together arrive spread out, those on new
    /// connections after those on reused ones. The delay comes before a
    /// request is logged, counted against any limit or handled. `None`, the
    /// default: no delay.
    pub fn set_connect_delay(&self, range: Option<std::ops::Range<Duration>>) {
        self.connect_delay.set(range);
    }

    /// The state served.
    pub fn state(&self) -> &Arc<State> {
        &self.state
    }

    /// The ratelimiter (limits per route group, injections, invalid count).
    pub fn limiter(&self) -> &Arc<Limiter> {
        &self.limiter
    }

    /// Sets the limit of a route group.
    pub fn set_route_limit(&self, group: &str, limit: u32, window: Duration) {
        self.limiter.set_limit(group, RouteLimit { limit, window });
    }

    /// Makes the next `count` ratelimited requests (of route `group`, or of
    /// any route) answer 429 with `X-RateLimit-Scope: shared`.
    pub fn inject_shared_ratelimit(&self, group: Option<&str>, count: u32, retry_after: Duration) {
        self.limiter.inject_shared(group, count, retry_after);
    }

    /// Makes the next `count` requests (of route `group`, or of any route)
    /// answer `status` (a 5xx) with Discord's error body, before ratelimits
    /// count them.
    pub fn inject_server_error(&self, group: Option<&str>, count: u32, status: u16) {
        self.errors.add(group, count, status);
    }

    /// Every request seen, oldest first.
    pub fn requests(&self) -> Vec<RequestRecord> {
        lock(&self.log).records.clone()
    }

    /// The counters.
    pub fn stats(&self) -> RestStats {
        let mut stats = lock(&self.log).stats.clone();
        let (window, total) = self.limiter.invalid_counts();
        stats.invalid_in_window = window;
        stats.invalid_total = total;
        stats.banned = self.limiter.banned().is_some();
        stats
    }

    /// Creates an interaction by `user_id` in `channel_id` (type `kind`, 2
    /// for a slash command, 3 for a component; `data` its data), dispatches
    /// INTERACTION_CREATE and returns its payload (with `id` and `token`).
    ///
    /// # Errors
    ///
    /// Unknown channel, user or member.
    pub fn create_interaction(
        &self,
        channel_id: u64,
        user_id: u64,
        kind: u64,
        data: &Value,
    ) -> Result<Value, ApiError> {
        self.change(|state, events| {
            state.create_interaction(channel_id, user_id, kind, data, events)
        })
    }

    /// A user posts a message (`body` as for Create Message: `content`,
    /// `embeds`...): stores it and dispatches MESSAGE_CREATE, as when a user
    /// writes to the bot.
    ///
    /// # Errors
    ///
    /// Unknown channel or user, or an invalid message.
    pub fn user_message(
        &self,
        channel_id: u64,
        user_id: u64,
        body: &Value,
    ) -> Result<Value, ApiError> {
        self.change(|state, events| {
            state.create_message(
                channel_id,
                body,
                &[],
                &Author::User(user_id),
                "http://127.0.0.1",
                events,
            )
        })
    }

    /// A user edits their message: dispatches MESSAGE_UPDATE.
    ///
    /// # Errors
    ///
    /// Unknown channel or message, or not the user's message.
    pub fn user_edit(
        &self,
        channel_id: u64,
        message_id: u64,
        user_id: u64,
        body: &Value,
    ) -> Result<Value, ApiError> {
        self.change(|state, events| {
            state.edit_message(
                channel_id,
                message_id,
                body,
                &[],
                &Author::User(user_id),
                "http://127.0.0.1",
                events,
            )
        })
    }

    /// A user reacts to a message: dispatches MESSAGE_REACTION_ADD.
    ///
    /// # Errors
    ///
    /// Unknown channel, message, user or emoji.
    pub fn user_reaction(
        &self,
        channel_id: u64,
        message_id: u64,
        emoji: &str,
        user_id: u64,
    ) -> Result<(), ApiError> {
        self.change(|state, events| {
            state.add_reaction(channel_id, message_id, emoji, Some(user_id), events)
        })
    }

    /// Runs a change of the state and dispatches the events it caused, in
    /// the order changes are made (the lock is held until they are sent).
    pub(super) fn change<T>(&self, change: impl FnOnce(&State, &mut Events) -> T) -> T {
        let _order = lock(&self.order);
        let mut events = Events::new();
        let result = change(&self.state, &mut events);
        for (guild, name, data) in events {
            self.sink.dispatch(guild, name, data);
        }
        result
    }

    /// Logs a request and counts it.
    pub(super) fn record(&self, record: RequestRecord) {
        let mut log = lock(&self.log);
        log.stats.total += 1;
        match record.ratelimited {
            Some(Scope::User) => log.stats.user_429 += 1,
            Some(Scope::Shared) => log.stats.shared_429 += 1,
            Some(Scope::Global) => log.stats.global_429 += 1,
            None => {}
        }
        if log.records.len() >= LOG_CAPACITY {
            log.records.drain(..LOG_CAPACITY / 10);
        }
        log.records.push(record);
    }
}
