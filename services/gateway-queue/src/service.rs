//! The running service: its bots, the HTTP routes, the limit refreshes.

use crate::{
    config::Config,
    limits::{LimitSource, Limits},
    metrics::{BotLabel, BucketLabel, Metrics, RefusalLabel},
    store::{Store, StoreError, memory::MemoryStore, redis::RedisStore},
};
use hyper::{Method, Request, Response, StatusCode, body::Incoming};
use serde::Serialize;
use service_support::{
    Health, Shutdown,
    auth::{self, AuthMode},
    server::{self, Body},
};
use std::{
    collections::HashMap,
    fmt,
    net::SocketAddr,
    sync::{
        Arc, Mutex, PoisonError,
        atomic::{AtomicBool, AtomicU32, AtomicUsize, Ordering},
    },
    time::{Duration, Instant},
};
use tokio::{net::TcpListener, task::JoinHandle};

/// The name of the bot served at `/enqueue`.
pub const DEFAULT_BOT: &str = "default";

/// The largest admin request body.
const MAX_ADMIN_BODY: usize = 4096;

/// One bot: its schedule and where its limits come from.
struct Bot {
    name: String,
    store: Store,
    source: Option<LimitSource>,
    limits: Mutex<Limits>,
    /// For the bucket label of the waiting gauge.
    max_concurrency: AtomicU32,
    waiting: AtomicUsize,
    /// So that reaching the reserve is warned about once, not per shard.
    warned_parked: AtomicBool,
    label: BotLabel,
}

impl Bot {
    fn limits(&self) -> Limits {
        *self.limits.lock().unwrap_or_else(PoisonError::into_inner)
    }

    async fn apply(&self, mut limits: Limits, force: bool) -> Result<Limits, StoreError> {
        let remaining = self.store.set_limits(limits, force).await?;
        limits.remaining = remaining;
        let previous = std::mem::replace(
            &mut *self.limits.lock().unwrap_or_else(PoisonError::into_inner),
            limits,
        );
        self.max_concurrency
            .store(limits.max_concurrency.max(1), Ordering::Relaxed);
        if previous.max_concurrency != limits.max_concurrency || previous.total != limits.total {
            tracing::info!(
                bot = %self.name,
                max_concurrency = limits.max_concurrency,
                total = limits.total,
                remaining,
                "limits changed; waiting shards keep their places"
            );
        }
        Ok(limits)
    }
}

/// What every request handler shares.
struct App {
    bots: HashMap<String, Arc<Bot>>,
    auth: AuthMode,
    metrics: Metrics,
    shutdown: Shutdown,
    max_waiting: usize,
    reserve: u32,
    redis: Option<RedisProbe>,
}

struct RedisProbe(redis::aio::ConnectionManager);

/// The service could not start.
#[derive(Debug)]
pub enum StartError {
    /// No secret, and serving without one is not allowed.
    Auth(auth::AuthConfigError),
    /// Two bots with one name.
    DuplicateBot(String),
    /// A `--bot` name that cannot be served (the reason; never the token).
    InvalidBot(String),
    /// Redis unreachable at start.
    Redis(String),
    /// GET /gateway/bot failed at start.
    Limits {
        /// The bot.
        bot: String,
        /// Why.
        error: String,
    },
    /// The listener could not be bound.
    Bind(std::io::Error),
}

impl fmt::Display for StartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Auth(error) => error.fmt(f),
            Self::DuplicateBot(name) => write!(f, "bot {name:?} is configured twice"),
            Self::InvalidBot(reason) => write!(f, "invalid --bot: {reason}"),
            Self::Redis(error) => write!(f, "cannot reach Redis: {error}"),
            Self::Limits { bot, error } => {
                write!(f, "cannot load the limits of bot {bot:?}: {error}")
            }
            Self::Bind(error) => write!(f, "cannot listen: {error}"),
        }
    }
}

impl std::error::Error for StartError {}

/// A started service.
#[derive(Debug)]
pub struct Running {
    addr: SocketAddr,
    shutdown: Shutdown,
    task: JoinHandle<std::io::Result<()>>,
}

impl Running {
    /// Where it listens.
    #[must_use]
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://{addr}`.
    #[must_use]
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The handle that stops it.
    #[must_use]
    pub fn shutdown_handle(&self) -> Shutdown {
        self.shutdown.clone()
    }

    /// Stops it gracefully (waiting shards are answered `503` and ask
    /// again) and waits until it has stopped.
    ///
    /// # Errors
    ///
    /// The server's I/O error, if it failed.
    pub async fn stop(self) -> std::io::Result<()> {
        self.shutdown.trigger();
        self.wait().await
    }

    /// Waits until it has stopped (after its shutdown was triggered).
    ///
    /// # Errors
    ///
    /// The server's I/O error, if it failed.
    pub async fn wait(self) -> std::io::Result<()> {
        match self.task.await {
            Ok(result) => result,
            Err(error) => Err(std::io::Error::other(error)),
        }
    }
}

/// Starts the service as `config` says: checks the auth rule, connects to
/// Redis, loads every bot's limits, binds and serves until the returned
/// handle's shutdown is triggered.
///
/// # Errors
///
/// [`StartError`] when one of those steps fails.
pub async fn start(config: Config) -> Result<Running, StartError> {
    let auth = auth::check_startup(
        config.listen,
        config.secret.as_ref(),
        config.allow_unauthenticated_loopback,
    )
    .map_err(StartError::Auth)?;
    let window = config.window();
    if let Some(reason) = config
        .bots
        .iter()
        .find_map(crate::config::BotArg::invalid_name)
    {
        return Err(StartError::InvalidBot(reason));
    }

    let redis = match &config.redis {
        Some(url) => {
            let client = redis::Client::open(url.expose())
                .map_err(|error| StartError::Redis(error.to_string()))?;
            let manager = redis::aio::ConnectionManager::new(client)
                .await
                .map_err(|error| StartError::Redis(error.to_string()))?;
            Some(manager)
        }
        None => None,
    };

    let mut wanted = vec![(DEFAULT_BOT.to_owned(), config.token.clone())];
    wanted.extend(
        config
            .bots
            .iter()
            .map(|bot| (bot.name.clone(), bot.token.clone())),
    );
    let flag_limits = Limits {
        max_concurrency: config.max_concurrency,
        remaining: config.remaining.unwrap_or(config.total),
        reset_after_ms: config.reset_after_ms,
        total: config.total,
    };
    let proxy = config
        .discord_proxy
        .as_deref()
        .map(|host| (host, config.discord_proxy_http));

    let mut bots = HashMap::new();
    for (name, token) in wanted {
        if bots.contains_key(&name) {
            return Err(StartError::DuplicateBot(name));
        }
        let source = token
            .as_ref()
            .filter(|token| !token.is_empty())
            .map(|token| LimitSource::new(token, proxy, config.time_scale));
        let limits = match &source {
            Some(source) => {
                fetch_with_retries(source)
                    .await
                    .map_err(|error| StartError::Limits {
                        bot: name.clone(),
                        error,
                    })?
            }
            None => flag_limits,
        };
        let store = match &redis {
            Some(manager) => Store::Redis(Box::new(RedisStore::new(
                manager.clone(),
                format!("{}{name}:", config.redis_prefix),
                Duration::from_millis(config.lease_ms),
                window,
                config.reserve,
            ))),
            None => Store::Memory(MemoryStore::new(limits, window, config.reserve)),
        };
        let bot = Bot {
            label: BotLabel { bot: name.clone() },
            name: name.clone(),
            store,
            source,
            limits: Mutex::new(limits),
            max_concurrency: AtomicU32::new(limits.max_concurrency.max(1)),
            waiting: AtomicUsize::new(0),
            warned_parked: AtomicBool::new(false),
        };
        if redis.is_some() {
            // Shared state: lower the count at most (another instance may
            // have granted turns already today).
            bot.apply(limits, false)
                .await
                .map_err(|error| StartError::Redis(error.to_string()))?;
        }
        tracing::info!(
            bot = %name,
            max_concurrency = limits.max_concurrency,
            remaining = limits.remaining,
            total = limits.total,
            from = if bot.source.is_some() { "GET /gateway/bot" } else { "flags" },
            "limits loaded"
        );
        bots.insert(name, Arc::new(bot));
    }

    let listener = TcpListener::bind(config.listen)
        .await
        .map_err(StartError::Bind)?;
    let addr = listener.local_addr().map_err(StartError::Bind)?;
    let shutdown = Shutdown::new();
    let app = Arc::new(App {
        bots,
        auth,
        metrics: Metrics::default(),
        shutdown: shutdown.clone(),
        max_waiting: config.max_waiting,
        reserve: config.reserve,
        redis: redis.map(RedisProbe),
    });

    let every = Duration::from_secs(config.refresh_secs.max(1));
    for bot in app.bots.values().filter(|bot| bot.source.is_some()) {
        tokio::spawn(refresh_every(Arc::clone(bot), Arc::clone(&app), every));
    }

    let handler = {
        let app = Arc::clone(&app);
        move |request| {
            let app = Arc::clone(&app);
            async move { route(&app, request).await }
        }
    };
    tracing::info!(%addr, redis = app.redis.is_some(), ?window, "gateway queue service listening");
    let grace = Duration::from_secs(config.grace_secs);
    let task = tokio::spawn(server::serve(listener, handler, shutdown.clone(), grace));
    Ok(Running {
        addr,
        shutdown,
        task,
    })
}

async fn fetch_with_retries(source: &LimitSource) -> Result<Limits, String> {
    let mut last = String::new();
    for attempt in 0..3u32 {
        match source.fetch().await {
            Ok(limits) => return Ok(limits),
            Err(error) => {
                tracing::warn!(attempt, %error, "GET /gateway/bot failed");
                last = error.to_string();
            }
        }
        tokio::time::sleep(Duration::from_millis(500 << attempt)).await;
    }
    Err(last)
}

async fn refresh_every(bot: Arc<Bot>, app: Arc<App>, every: Duration) {
    let mut interval = tokio::time::interval(every);
    interval.tick().await;
    loop {
        tokio::select! {
            () = app.shutdown.wait() => return,
            _ = interval.tick() => {}
        }
        if let Err(error) = refresh(&bot, &app).await {
            tracing::warn!(bot = %bot.name, %error, "limits not refreshed; keeping the last ones");
        }
    }
}

async fn refresh(bot: &Bot, app: &App) -> Result<Limits, String> {
    let Some(source) = &bot.source else {
        return Err("no token for this bot: its limits are set by flags".to_owned());
    };
    let limits = source.fetch().await.map_err(|error| {
        app.metrics
            .limit_fetch_failures
            .get_or_create(&bot.label)
            .inc();
        error.to_string()
    })?;
    bot.apply(limits, false)
        .await
        .map_err(|error| error.to_string())
}

fn refuse(app: &App, status: StatusCode, reason: &'static str, message: &str) -> Response<Body> {
    app.metrics
        .refusals
        .get_or_create(&RefusalLabel { reason })
        .inc();
    server::error(status, message)
}

async fn route(app: &App, request: Request<Incoming>) -> Response<Body> {
    let path = request.uri().path().to_owned();
    match path.as_str() {
        "/health" => return health(app).await,
        "/health/live" => return Health::live(),
        "/metrics" => return metrics(app).await,
        _ => {}
    }
    // `/enqueue`, `/admin/...` for the default bot; `/{bot}/...` for others.
    let (bot_name, rest) = match path.trim_start_matches('/').split_once('/') {
        Some((first, rest)) if first != "admin" => (first, rest),
        _ => (DEFAULT_BOT, path.trim_start_matches('/')),
    };
    let Some(bot) = app.bots.get(bot_name) else {
        return refuse(
            app,
            StatusCode::NOT_FOUND,
            "not_found",
            "no such bot or route",
        );
    };
    if !matches!(rest, "enqueue" | "admin/limits" | "admin/refresh") {
        return refuse(app, StatusCode::NOT_FOUND, "not_found", "no such route");
    }
    if !app.auth.allows(request.headers()) {
        return refuse(
            app,
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "missing or wrong Authorization: Bearer secret",
        );
    }
    match (rest, request.method()) {
        ("enqueue", &Method::GET) => enqueue(app, bot, request.uri().query()).await,
        ("admin/limits", &Method::GET) => server::json(StatusCode::OK, &bot.limits()),
        ("admin/limits", &Method::PUT) => set_limits(app, bot, request).await,
        ("admin/refresh", &Method::POST) => match refresh(bot, app).await {
            Ok(limits) => server::json(StatusCode::OK, &limits),
            Err(error) => server::error(StatusCode::BAD_GATEWAY, &error),
        },
        _ => refuse(
            app,
            StatusCode::METHOD_NOT_ALLOWED,
            "bad_request",
            "method not allowed",
        ),
    }
}

/// Parses `shard=N&total=M`.
fn parse_query(query: Option<&str>) -> Result<(u32, u32), String> {
    let (mut shard, mut total) = (None, None);
    for pair in query
        .unwrap_or("")
        .split('&')
        .filter(|pair| !pair.is_empty())
    {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let slot = match key {
            "shard" => &mut shard,
            "total" => &mut total,
            _ => continue,
        };
        *slot = Some(
            value
                .parse::<u32>()
                .map_err(|_| format!("{key} must be a number from 0 to {}", u32::MAX))?,
        );
    }
    let shard = shard.ok_or("missing shard")?;
    let total = total.ok_or("missing total")?;
    if shard >= total {
        return Err(format!("shard {shard} is not below total {total}"));
    }
    Ok((shard, total))
}

/// The answer to a granted turn.
#[derive(Serialize)]
struct Answer {
    shard: u32,
    bucket: u32,
    waited_ms: u64,
    remaining: u32,
}

/// Counts a waiting request, in the bot and in the gauge, until dropped.
struct Waiting<'a> {
    bot: &'a Bot,
    app: &'a App,
    label: BucketLabel,
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.bot.waiting.fetch_sub(1, Ordering::Relaxed);
        self.app.metrics.waiting.get_or_create(&self.label).dec();
    }
}

async fn enqueue(app: &App, bot: &Bot, query: Option<&str>) -> Response<Body> {
    let (shard, _total) = match parse_query(query) {
        Ok(parsed) => parsed,
        Err(error) => return refuse(app, StatusCode::BAD_REQUEST, "bad_request", &error),
    };
    if app.shutdown.is_triggered() {
        return refuse(
            app,
            StatusCode::SERVICE_UNAVAILABLE,
            "shutting_down",
            "shutting down; ask another instance",
        );
    }
    if bot.waiting.fetch_add(1, Ordering::Relaxed) >= app.max_waiting {
        bot.waiting.fetch_sub(1, Ordering::Relaxed);
        return refuse(
            app,
            StatusCode::SERVICE_UNAVAILABLE,
            "overloaded",
            "too many shards waiting on this instance",
        );
    }
    let label = BucketLabel {
        bot: bot.name.clone(),
        bucket: shard % bot.max_concurrency.load(Ordering::Relaxed),
    };
    app.metrics.waiting.get_or_create(&label).inc();
    let waiting = Waiting { bot, app, label };
    let started = Instant::now();
    // Outside the select, so that it is dropped after keep_places (select
    // drops the losing branch's future before running the winner's code).
    let asking = bot.store.turn(shard);
    tokio::pin!(asking);
    let turn = tokio::select! {
        turn = &mut asking => turn,
        () = app.shutdown.wait() => {
            bot.store.keep_places();
            drop(waiting);
            return refuse(
                app,
                StatusCode::SERVICE_UNAVAILABLE,
                "shutting_down",
                "shutting down; ask another instance",
            );
        }
    };
    drop(waiting);
    let turn = match turn {
        Ok(turn) => turn,
        Err(error) => {
            tracing::warn!(bot = %bot.name, shard, %error, "no turn");
            return refuse(
                app,
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                &error.to_string(),
            );
        }
    };
    let waited = started.elapsed();
    app.metrics.granted.get_or_create(&bot.label).inc();
    app.metrics
        .wait_seconds
        .get_or_create(&bot.label)
        .observe(waited.as_secs_f64());
    app.metrics
        .sessions_remaining
        .get_or_create(&bot.label)
        .set(i64::from(turn.remaining));
    if turn.remaining <= app.reserve {
        if !bot.warned_parked.swap(true, Ordering::Relaxed) {
            tracing::warn!(
                bot = %bot.name,
                remaining = turn.remaining,
                reserve = app.reserve,
                "the daily sessions are down to the reserve: further turns wait for the reset"
            );
        }
    } else {
        bot.warned_parked.store(false, Ordering::Relaxed);
    }
    tracing::debug!(bot = %bot.name, shard, bucket = turn.bucket, ?waited, "turn granted");
    server::json(
        StatusCode::OK,
        &Answer {
            shard,
            bucket: turn.bucket,
            waited_ms: u64::try_from(waited.as_millis()).unwrap_or(u64::MAX),
            remaining: turn.remaining,
        },
    )
}

async fn set_limits(app: &App, bot: &Bot, request: Request<Incoming>) -> Response<Body> {
    let body = match server::read_body(request.into_body(), MAX_ADMIN_BODY).await {
        Ok(body) => body,
        Err(error) => {
            return refuse(
                app,
                StatusCode::BAD_REQUEST,
                "bad_request",
                &error.to_string(),
            );
        }
    };
    let limits: Limits = match serde_json::from_slice(&body) {
        Ok(limits) => limits,
        Err(error) => {
            return refuse(
                app,
                StatusCode::BAD_REQUEST,
                "bad_request",
                &format!("expected {{max_concurrency, remaining, reset_after_ms, total}}: {error}"),
            );
        }
    };
    match bot.apply(limits, true).await {
        Ok(limits) => server::json(StatusCode::OK, &limits),
        Err(error) => server::error(StatusCode::SERVICE_UNAVAILABLE, &error.to_string()),
    }
}

async fn health(app: &App) -> Response<Body> {
    let mut health = Health::new().check("limits", true, format!("{} bot(s)", app.bots.len()));
    if let Some(RedisProbe(manager)) = &app.redis {
        let mut connection = manager.clone();
        let ping: Result<String, _> = redis::cmd("PING").query_async(&mut connection).await;
        health = match ping {
            Ok(_) => health.check("redis", true, "reachable"),
            Err(error) => health.check("redis", false, error.to_string()),
        };
    }
    health.response()
}

async fn metrics(app: &App) -> Response<Body> {
    for bot in app.bots.values() {
        let snapshot = bot.store.snapshot().await;
        if let Some(remaining) = snapshot.remaining {
            app.metrics
                .sessions_remaining
                .get_or_create(&bot.label)
                .set(i64::from(remaining));
        }
        app.metrics
            .parked
            .get_or_create(&bot.label)
            .set(i64::from(snapshot.parked_for.is_some()));
    }
    service_support::metrics::response(&app.metrics.registry)
}

#[cfg(test)]
mod tests {
    use super::parse_query;

    #[test]
    fn queries() {
        assert_eq!(parse_query(Some("shard=3&total=16")), Ok((3, 16)));
        assert_eq!(parse_query(Some("total=16&x=1&shard=0")), Ok((0, 16)));
        for bad in [
            None,
            Some(""),
            Some("shard=1"),
            Some("shard=a&total=2"),
            Some("shard=2&total=2"),
            Some("shard=-1&total=2"),
            Some("shard=99999999999&total=2"),
        ] {
            assert!(parse_query(bad).is_err(), "{bad:?}");
        }
    }
}
