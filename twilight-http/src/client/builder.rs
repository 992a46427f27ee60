//! The client's settings.

use super::{Client, Shared};
use crate::{token::TokenGate, transport};
use http::HeaderValue;
use std::{fmt, sync::Arc, time::Duration};
use twilight_http_ratelimiting::RateLimiter;
use twilight_model::{message::AllowedMentions, util::secret::Secret};

/// Discord's REST API, version 10.
pub const DEFAULT_BASE_URL: &str = "https://discord.com/api/v10";

/// How long a request may take, from sending to the end of the body, by
/// default.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// How many times a request is sent before a 429 is given up on, by default.
pub const DEFAULT_RATELIMIT_ATTEMPTS: u32 = 10;

/// The default of [`ClientBuilder::max_response_size`]: 64 MiB, far above
/// Discord's largest answers (a page of 1,000 members or 100 messages is a
/// few MiB), so that a broken or hostile server cannot make the client
/// buffer gigabytes.
pub const DEFAULT_MAX_RESPONSE_SIZE: usize = 64 * 1024 * 1024;

/// The default of [`ClientBuilder::max_ratelimit_wait`]: 15 minutes, longer
/// than Discord's longest per-route reset (a channel's name and topic: twice
/// per 10 minutes), so that only a broken limiter or peer reaches it.
pub const DEFAULT_MAX_RATELIMIT_WAIT: Duration = Duration::from_secs(15 * 60);

/// Settings of a [`Client`]: token, base URL or proxy, timeout,
/// ratelimiter, default allowed mentions, user agent.
///
/// ```
/// use std::time::Duration;
/// use twilight_http::Client;
///
/// let client = Client::builder()
///     .token("my-token")
///     .timeout(Duration::from_secs(5))
///     .build();
/// assert_eq!(client.base_url(), "https://discord.com/api/v10");
/// ```
#[must_use = "a builder does nothing until built"]
pub struct ClientBuilder {
    token: Option<Secret>,
    base_url: String,
    timeout: Duration,
    max_response_size: usize,
    max_ratelimit_wait: Duration,
    ratelimiter: Option<Option<Arc<dyn RateLimiter>>>,
    proxied: bool,
    default_allowed_mentions: Option<AllowedMentions>,
    ratelimit_attempts: u32,
    user_agent: Option<String>,
}

/// The `User-Agent` sent unless [`ClientBuilder::user_agent`] sets
/// another: `DiscordBot (<repository>, <version>)` of this crate.
const DEFAULT_USER_AGENT: &str = concat!(
    "DiscordBot (",
    env!("CARGO_PKG_REPOSITORY"),
    ", ",
    env!("CARGO_PKG_VERSION"),
    ")"
);

impl ClientBuilder {
    /// A builder with the defaults: no token, Discord's API, a 10 s timeout,
    /// an in-memory ratelimiter.
    pub fn new() -> Self {
        Self {
            token: None,
            base_url: DEFAULT_BASE_URL.to_owned(),
            timeout: DEFAULT_TIMEOUT,
            max_response_size: DEFAULT_MAX_RESPONSE_SIZE,
            max_ratelimit_wait: DEFAULT_MAX_RATELIMIT_WAIT,
            ratelimiter: None,
            proxied: false,
            default_allowed_mentions: None,
            ratelimit_attempts: DEFAULT_RATELIMIT_ATTEMPTS,
            user_agent: None,
        }
    }

    /// The bot token, with or without its `Bot ` prefix: a `&str`, a
    /// `String`, or a [`Secret`] already held (as the gateway's `Config`
    /// takes it), so one token serves both without being exposed.
    ///
    /// ```
    /// use twilight_http::Client;
    /// use twilight_model::util::secret::Secret;
    ///
    /// let token = Secret::from("Bot my-token");
    /// let client = Client::builder().token(token.clone()).build();
    /// assert_eq!(client.token().map(Secret::expose), Some("my-token"));
    /// assert!(!format!("{client:?}").contains("my-token"));
    ///
    /// let client = Client::builder().token("my-token").build();
    /// assert_eq!(client.token().map(Secret::expose), Some("my-token"));
    /// ```
    pub fn token(mut self, token: impl Into<Secret>) -> Self {
        let token = token.into();
        self.token = Some(match token.expose().strip_prefix("Bot ") {
            Some(bare) => Secret::new(bare.to_owned()),
            None => token,
        });
        self
    }

    /// The API's base URL, such as twilight-mock's `rest_url()`
    /// (`http://127.0.0.1:PORT/api/v10`). Request paths are appended to it.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        let mut url: String = url.into();
        while url.ends_with('/') {
            url.pop();
        }
        self.base_url = url;
        self
    }

    /// Sends every request to an HTTP proxy that speaks Discord's API (the
    /// same paths under `/api/v10`) and limits requests itself: `host` is
    /// `host:port` (a scheme in front of it is ignored), reached over plain
    /// HTTP if `use_http`, else HTTPS.
    ///
    /// The client then has no ratelimiter of its own, unless one is set with
    /// [`ratelimiter`](Self::ratelimiter).
    ///
    /// ```
    /// let client = twilight_http::Client::builder()
    ///     .proxy("localhost:3000", true)
    ///     .build();
    /// assert_eq!(client.base_url(), "http://localhost:3000/api/v10");
    /// assert!(client.ratelimiter().is_none());
    ///
    /// let client = twilight_http::Client::builder()
    ///     .proxy("https://proxy.internal/", false)
    ///     .build();
    /// assert_eq!(client.base_url(), "https://proxy.internal/api/v10");
    /// ```
    pub fn proxy(mut self, host: impl AsRef<str>, use_http: bool) -> Self {
        let scheme = if use_http { "http" } else { "https" };
        let host = host.as_ref();
        // A URL given for a host: `use_http` decides the scheme.
        let host = host
            .strip_prefix("http://")
            .or_else(|| host.strip_prefix("https://"))
            .unwrap_or(host)
            .trim_end_matches('/');
        self.base_url = format!("{scheme}://{host}/api/v10");
        self.proxied = true;
        self
    }

    /// How long one attempt of a request may take, from sending it to the
    /// end of the response body (waiting for the ratelimiter is not
    /// counted). Past it the request fails with
    /// [`ErrorKind::Timeout`](crate::ErrorKind::Timeout).
    pub const fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The largest response body the client reads, in bytes (default
    /// [`DEFAULT_MAX_RESPONSE_SIZE`], 64 MiB). A larger one (by its
    /// `Content-Length`, or once that many bytes arrived) fails the request
    /// with [`ErrorKind::ResponseTooLarge`](crate::ErrorKind::ResponseTooLarge)
    /// and what was read is freed.
    pub const fn max_response_size(mut self, bytes: usize) -> Self {
        self.max_response_size = bytes;
        self
    }

    /// The longest a request waits for the ratelimiter, or for a 429's
    /// `retry_after` when the client has no ratelimiter of its own (default
    /// [`DEFAULT_MAX_RATELIMIT_WAIT`], 15 minutes). Past it the request fails
    /// with [`ErrorKind::RateLimited`](crate::ErrorKind::RateLimited) and
    /// gives up its place, instead of waiting as long as a peer says.
    pub const fn max_ratelimit_wait(mut self, wait: Duration) -> Self {
        self.max_ratelimit_wait = wait;
        self
    }

    /// The ratelimiter asked before each request; `None` sends requests
    /// at once (when a proxy or another process does the limiting). By
    /// default an [`InMemoryRateLimiter`] with Discord's limits (none in
    /// [proxy](Self::proxy) mode).
    ///
    /// [`InMemoryRateLimiter`]: twilight_http_ratelimiting::InMemoryRateLimiter
    pub fn ratelimiter(mut self, ratelimiter: Option<Arc<dyn RateLimiter>>) -> Self {
        self.ratelimiter = Some(ratelimiter);
        self
    }

    /// The allowed mentions of messages that set none (see
    /// [`Client::default_allowed_mentions`]).
    pub fn default_allowed_mentions(mut self, allowed_mentions: AllowedMentions) -> Self {
        self.default_allowed_mentions = Some(allowed_mentions);
        self
    }

    /// How many times a request is sent while Discord answers 429 before it
    /// fails with [`ErrorKind::RateLimited`](crate::ErrorKind::RateLimited)
    /// (10 by default, at least 1).
    pub fn ratelimit_attempts(mut self, attempts: u32) -> Self {
        self.ratelimit_attempts = attempts.max(1);
        self
    }

    /// The `User-Agent` header of every request, sent verbatim, instead of
    /// this crate's `DiscordBot (<repository>, <version>)`.
    ///
    /// Discord requires clients of the HTTP API to send a user agent that
    /// names the client library and its version as
    /// `DiscordBot ($url, $versionNumber)`, and allows more information
    /// appended after it; requests without a valid one may be blocked by
    /// Cloudflare (Discord's API reference, HTTP API, [User
    /// Agent](https://discord.com/developers/docs/reference#user-agent)).
    /// A bot built on a fork or a wrapper of this crate names itself here;
    /// the value is not checked against that form.
    ///
    /// A value that cannot be a header value (a control character such as
    /// `'\n'`) is treated like a token that cannot: [`build`](Self::build)
    /// still returns a client, and each of its requests fails with
    /// [`ErrorKind::BuildingRequest`](crate::ErrorKind::BuildingRequest)
    /// without being sent.
    ///
    /// ```
    /// let client = twilight_http::Client::builder()
    ///     .token("my-token")
    ///     .user_agent("DiscordBot (https://example.com/my-library, 1.2.0) my-bot/0.3")
    ///     .build();
    /// ```
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Builds the client.
    pub fn build(self) -> Client {
        let ratelimiter = match self.ratelimiter {
            Some(explicit) => explicit,
            None if self.proxied => None,
            None => super::default_ratelimiter(),
        };
        let authorization = self.token.as_ref().map(|token| {
            let mut value = HeaderValue::try_from(format!("Bot {}", token.expose()))
                .map_err(|_| InvalidToken)?;
            // Keeps it out of hyper's and http's Debug output.
            value.set_sensitive(true);
            Ok(value)
        });
        let user_agent = match self.user_agent {
            Some(agent) => HeaderValue::try_from(agent).map_err(|_| InvalidUserAgent),
            None => Ok(HeaderValue::from_static(DEFAULT_USER_AGENT)),
        };
        Client {
            shared: Arc::new(Shared {
                http: transport::http_client(),
                base_url: self.base_url.into(),
                token: self.token,
                authorization,
                token_gate: TokenGate::default(),
                ratelimiter,
                timeout: self.timeout,
                max_response_size: self.max_response_size,
                max_ratelimit_wait: self.max_ratelimit_wait,
                ratelimit_attempts: self.ratelimit_attempts,
                default_allowed_mentions: self.default_allowed_mentions,
                user_agent,
            }),
        }
    }
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("token", &self.token)
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("max_response_size", &self.max_response_size)
            .field("max_ratelimit_wait", &self.max_ratelimit_wait)
            .field("ratelimiter", &self.ratelimiter)
            .field("proxied", &self.proxied)
            .field("default_allowed_mentions", &self.default_allowed_mentions)
            .field("ratelimit_attempts", &self.ratelimit_attempts)
            .field("user_agent", &self.user_agent)
            .finish()
    }
}

/// The token holds characters that cannot be sent in a header.
#[derive(Clone, Copy, Debug)]
pub(crate) struct InvalidToken;

impl fmt::Display for InvalidToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the token holds characters not allowed in a header")
    }
}

impl std::error::Error for InvalidToken {}

/// The user agent holds characters that cannot be sent in a header.
#[derive(Clone, Copy, Debug)]
pub(crate) struct InvalidUserAgent;

impl fmt::Display for InvalidUserAgent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the user agent holds characters not allowed in a header")
    }
}

impl std::error::Error for InvalidUserAgent {}
