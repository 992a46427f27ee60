//! A Discord-compatible REST proxy: every process of a bot sends its
//! requests here, and the proxy applies twilight-http-ratelimiting's rules
//! over a shared store (memory, or Redis so that all instances hold one
//! limit).
//!
//! # Map of the crate
//!
//! - [`Config`], [`ClientAuth`]: what `main.rs` builds from flags and
//!   environment variables (and tests build directly).
//! - [`Proxy`]: the running proxy; [`Proxy::serve`] answers on a listener
//!   until shut down, finishing requests in flight.
//! - `forward`: one request: client auth, the limiter (with the caller's
//!   wait bound), the upstream call streamed both ways, the report of the
//!   response, the proxy's own answers.
//! - [`route`]: a path to the limiter's key (template, major parameter,
//!   exemption), for routes known or not.
//! - [`bots`]: one limiter per bot token, limits per IP address shared.
//! - [`redis_store`]: the store contract as atomic Redis scripts.
//! - [`metrics`]: the Prometheus metrics.
//!
//! # The proxy's protocol
//!
//! Everything under `/api/` (`/api/v10/...`, any `/api/vN/...`, and
//! unversioned) is forwarded to the upstream with its method, path, query,
//! headers and body, and Discord's answer comes back unchanged. Besides:
//!
//! - `X-Proxy-Authorization: Bearer <secret>` authenticates a client when a
//!   secret is configured (stripped before forwarding). A client may
//!   instead be let in by its bot token, when the proxy is given the list
//!   of tokens it serves.
//! - [`MAX_WAIT_HEADER`] (`X-Proxy-Max-Wait`, milliseconds) bounds how long
//!   the request may wait for the limiter; without it the configured
//!   default applies. Past it, or at once when the known wait is longer,
//!   the proxy answers 429 itself.
//! - Every answer the proxy makes itself carries [`PROXY_HEADER`]
//!   (`X-Proxy-Response`) naming why: `wait-bound`, `invalid-requests`,
//!   `halted`, `store-unavailable`, `unauthorized-token`, `too-many-bots`,
//!   `client-auth`, `body-too-large`, `upstream-timeout`,
//!   `upstream-error`, `bad-request`, `not-found`. Its 429s also carry
//!   `Retry-After`, `X-RateLimit-Global` and `X-RateLimit-Scope`, and a
//!   JSON body like Discord's.
//! - `GET /health` and `GET /metrics` are answered without
//!   authentication; they hold no secret.
//!
//! # When Redis fails
//!
//! The proxy fails closed: a request is never sent without a decision.
//! While Redis is unreachable, requests wait (the connection reconnects by
//! itself) and are answered 429 with `X-Proxy-Response:
//! store-unavailable` at their wait bound; `/health` reports Redis down.

#![warn(missing_docs)]

pub mod bots;
mod forward;
pub mod metrics;
pub mod redis_store;
pub mod route;

use bots::{Backend, Bots};
use hyper_util::{
    client::legacy::{Client, connect::HttpConnector},
    rt::TokioExecutor,
};
use service_support::{Secret, Shutdown};
use std::{sync::Arc, time::Duration};
use tokio::net::TcpListener;
use twilight_http_ratelimiting::store::Limits;

/// The request header bounding a request's wait, in milliseconds.
pub const MAX_WAIT_HEADER: &str = "x-proxy-max-wait";

/// The header on every answer the proxy makes itself, naming why.
pub const PROXY_HEADER: &str = "x-proxy-response";

/// The request header carrying the proxy's shared secret.
pub const AUTH_HEADER: &str = "x-proxy-authorization";

/// How clients are let in.
#[derive(Clone, Debug, Default)]
pub struct ClientAuth {
    /// `X-Proxy-Authorization: Bearer <secret>` lets a client in.
    pub secret: Option<Secret>,
    /// A request authenticated by one of these bot tokens (the whole
    /// `Authorization` value, `Bot ...`) is let in.
    pub tokens: Vec<Secret>,
    /// No check (loopback only, allowed explicitly; see `main.rs`).
    pub open: bool,
}

/// The proxy's settings.
#[derive(Clone, Debug)]
pub struct Config {
    /// Scheme and authority of the upstream (`https://discord.com`).
    pub upstream: String,
    /// How clients are let in.
    pub auth: ClientAuth,
    /// The `Authorization` sent when a request has none.
    pub default_token: Option<Secret>,
    /// Largest request body, in bytes.
    pub max_body: u64,
    /// How long upstream may take to send a response's head (then 504).
    pub upstream_timeout: Duration,
    /// A request's wait bound without [`MAX_WAIT_HEADER`].
    pub default_max_wait: Duration,
    /// The limits applied to each bot.
    pub limits: Limits,
    /// Bots whose global limit Discord raised: the `Authorization` value
    /// (`Bot ...`) and its requests per second, instead of
    /// `limits.global_limit`.
    pub global_limits: Vec<(Secret, u32)>,
    /// Redis URL; `None`: limits in memory.
    pub redis: Option<String>,
    /// The prefix of every Redis key.
    pub redis_prefix: String,
    /// Distinct bot tokens served at most.
    pub max_bots: usize,
    /// How long shutdown waits for requests in flight.
    pub grace: Duration,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            upstream: "https://discord.com".to_owned(),
            auth: ClientAuth::default(),
            default_token: None,
            max_body: 100 * 1024 * 1024,
            upstream_timeout: Duration::from_secs(15),
            default_max_wait: Duration::from_secs(10),
            limits: Limits::default(),
            global_limits: Vec::new(),
            redis: None,
            redis_prefix: "twilight-http-proxy:".to_owned(),
            max_bots: 1024,
            grace: Duration::from_secs(30),
        }
    }
}

/// A proxy start-up failure.
#[derive(Debug)]
pub struct StartError(String);

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StartError {}

type Https = hyper_rustls::HttpsConnector<HttpConnector>;

/// The running proxy. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Proxy {
    shared: Arc<forward::Shared>,
}

impl Proxy {
    /// Connects to Redis (if configured) and builds the upstream client.
    ///
    /// # Errors
    ///
    /// When the upstream URL is invalid, the system's root certificates
    /// cannot be loaded, or Redis does not answer.
    pub async fn new(config: Config) -> Result<Self, StartError> {
        let upstream: hyper::Uri = config
            .upstream
            .parse()
            .map_err(|error| StartError(format!("invalid upstream URL: {error}")))?;
        if upstream.scheme().is_none() || upstream.authority().is_none() {
            return Err(StartError(
                "the upstream URL needs a scheme and a host".to_owned(),
            ));
        }
        let backend = match &config.redis {
            Some(url) => Backend::Redis(
                redis_store::RedisPool::connect(url, &config.redis_prefix)
                    .await
                    .map_err(|error| StartError(format!("Redis: {error}")))?,
            ),
            None => Backend::Memory(Box::default()),
        };
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_nodelay(true);
        let connector: Https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_native_roots()
            .map_err(|error| StartError(format!("root certificates: {error}")))?
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        let client = Client::builder(TokioExecutor::new())
            .pool_idle_timeout(Duration::from_secs(60))
            .build(connector);
        let upstream = config.upstream.trim_end_matches('/').to_owned();
        Ok(Self {
            shared: Arc::new(forward::Shared {
                bots: Bots::new(backend, config.limits, config.max_bots).with_global_limits(
                    config.global_limits.iter().map(|(token, limit)| {
                        (bots::namespace(Some(token.expose().as_bytes())), *limit)
                    }),
                ),
                client,
                upstream,
                templates: route::Templates::new(),
                metrics: metrics::Metrics::new(),
                config,
            }),
        })
    }

    /// Answers on `listener` until `shutdown`, then waits for requests in
    /// flight (up to the configured grace).
    ///
    /// # Errors
    ///
    /// An I/O error of the listener.
    pub async fn serve(self, listener: TcpListener, shutdown: Shutdown) -> std::io::Result<()> {
        let grace = self.shared.config.grace;
        let shared = self.shared;
        service_support::server::serve(
            listener,
            move |request| forward::handle(Arc::clone(&shared), request),
            shutdown,
            grace,
        )
        .await
    }

    /// The metrics, as `/metrics` encodes them.
    #[must_use]
    pub fn metrics(&self) -> &metrics::Metrics {
        &self.shared.metrics
    }
}
