//! [`Config`] and its [`ConfigBuilder`]: what every shard of a bot shares,
//! and the per-shard session to resume.

use crate::compression::{Compression, Limits};
use crate::event_type_flags::EventTypeFlags;
use crate::ratelimiter::PERIOD;
use crate::session::Session;
use std::fmt::{self, Debug, Formatter};
use std::sync::Arc;
use std::time::Duration;
use twilight_gateway_queue::Queue;
use twilight_model::gateway::Intents;
use twilight_model::gateway::command::{IdentifyProperties, UpdatePresence};
use twilight_model::util::secret::Secret;

/// Discord's gateway.
pub const DISCORD_GATEWAY_URL: &str = "wss://gateway.discord.gg";

/// The longest wait between reconnection attempts.
const MAX_BACKOFF: Duration = Duration::from_secs(60);

/// The heartbeat intervals a shard accepts from HELLO: Discord's is about
/// 41 s; one of 0 or 1 ms would make a shard heartbeat hundreds of times a
/// second, one of years would turn zombie detection off.
const HEARTBEAT_BOUNDS: (Duration, Duration) =
    (Duration::from_millis(100), Duration::from_secs(5 * 60));

/// How a shard connects and identifies. Cheap to clone (shards of one bot
/// share the queue).
#[derive(Clone)]
pub struct Config {
    pub(crate) token: Secret,
    pub(crate) intents: Intents,
    pub(crate) queue: Arc<dyn Queue>,
    pub(crate) presence: Option<UpdatePresence>,
    pub(crate) large_threshold: Option<u8>,
    pub(crate) properties: IdentifyProperties,
    pub(crate) gateway_url: String,
    pub(crate) compression: Compression,
    pub(crate) ratelimit: Option<Duration>,
    pub(crate) event_types: EventTypeFlags,
    pub(crate) session: Option<Session>,
    pub(crate) max_backoff: Duration,
    pub(crate) heartbeat_bounds: (Duration, Duration),
    pub(crate) limits: Limits,
}

impl Config {
    /// A configuration with defaults for everything but the token and the
    /// intents.
    pub fn new(token: impl Into<Secret>, intents: Intents) -> Self {
        Self::builder(token, intents).build()
    }

    /// Starts a builder.
    ///
    /// ```
    /// use twilight_gateway::{Config, EventTypeFlags};
    /// use twilight_model::gateway::Intents;
    ///
    /// let config = Config::builder("my-bot-token", Intents::GUILDS | Intents::GUILD_MESSAGES)
    ///     .gateway_url("ws://127.0.0.1:9000")
    ///     .event_types(EventTypeFlags::MESSAGE_CREATE)
    ///     .build();
    /// assert!(!format!("{config:?}").contains("my-bot-token"));
    /// ```
    pub fn builder(token: impl Into<Secret>, intents: Intents) -> ConfigBuilder {
        ConfigBuilder(Self {
            token: bare_token(token.into()),
            intents,
            queue: crate::default_queue(),
            presence: None,
            large_threshold: None,
            properties: IdentifyProperties::new("twilight.rs"),
            gateway_url: DISCORD_GATEWAY_URL.to_owned(),
            compression: Compression::default(),
            ratelimit: Some(PERIOD),
            event_types: EventTypeFlags::all(),
            session: None,
            max_backoff: MAX_BACKOFF,
            heartbeat_bounds: HEARTBEAT_BOUNDS,
            limits: Limits::default(),
        })
    }

    /// Turns this configuration back into a builder.
    pub fn into_builder(self) -> ConfigBuilder {
        ConfigBuilder(self)
    }

    /// The intents.
    pub const fn intents(&self) -> Intents {
        self.intents
    }

    /// The gateway URL (without query).
    pub fn gateway_url(&self) -> &str {
        &self.gateway_url
    }

    /// The transport compression.
    pub const fn compression(&self) -> Compression {
        self.compression
    }

    /// The events the [`Stream`](futures_core::Stream) of a shard yields.
    pub const fn event_types(&self) -> EventTypeFlags {
        self.event_types
    }

    /// The session a shard resumes on its first connection.
    pub const fn session(&self) -> Option<&Session> {
        self.session.as_ref()
    }

    /// The token, to send it (never log it).
    pub const fn token(&self) -> &Secret {
        &self.token
    }

    /// The session start queue.
    pub fn queue(&self) -> &Arc<dyn Queue> {
        &self.queue
    }

    /// The largest decompressed payload a shard accepts.
    pub const fn max_payload_size(&self) -> usize {
        self.limits.max_payload
    }

    /// The largest zstd window a shard accepts, as a power of two.
    pub const fn zstd_window_log_max(&self) -> u32 {
        self.limits.zstd_window_log_max
    }
}

impl Debug for Config {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("token", &self.token)
            .field("intents", &self.intents)
            .field("presence", &self.presence)
            .field("large_threshold", &self.large_threshold)
            .field("properties", &self.properties)
            .field("gateway_url", &self.gateway_url)
            .field("compression", &self.compression)
            .field("ratelimit", &self.ratelimit)
            .field("event_types", &self.event_types)
            .field("session", &self.session)
            .field("max_payload_size", &self.limits.max_payload)
            .field("zstd_window_log_max", &self.limits.zstd_window_log_max)
            .finish_non_exhaustive()
    }
}

/// IDENTIFY takes the bare token; the REST form (`Bot ...`) is accepted too.
fn bare_token(token: Secret) -> Secret {
    match token.expose().strip_prefix("Bot ") {
        Some(bare) => Secret::from(bare),
        None => token,
    }
}

/// Builds a [`Config`].
#[derive(Debug)]
#[must_use = "a builder does nothing until built"]
pub struct ConfigBuilder(Config);

impl ConfigBuilder {
    /// The configuration.
    pub fn build(self) -> Config {
        self.0
    }

    /// The token (with or without `Bot `).
    pub fn token(mut self, token: impl Into<Secret>) -> Self {
        self.0.token = bare_token(token.into());
        self
    }

    /// The intents.
    pub const fn intents(mut self, intents: Intents) -> Self {
        self.0.intents = intents;
        self
    }

    /// The session start queue every IDENTIFY waits for (default: an
    /// [`InMemoryQueue`](crate::InMemoryQueue) with `max_concurrency` 1,
    /// made per configuration). Shards of one bot must share it: build it
    /// from GET /gateway/bot's `session_start_limit`.
    pub fn queue(mut self, queue: Arc<dyn Queue>) -> Self {
        self.0.queue = queue;
        self
    }

    /// The presence sent in IDENTIFY.
    pub fn presence(mut self, presence: UpdatePresence) -> Self {
        self.0.presence = Some(presence);
        self
    }

    /// Member count (50-250) above which a guild's offline members are not
    /// sent; clamped into that range.
    pub fn large_threshold(mut self, threshold: u8) -> Self {
        self.0.large_threshold = Some(threshold.clamp(50, 250));
        self
    }

    /// The connection properties sent in IDENTIFY.
    pub fn identify_properties(mut self, properties: IdentifyProperties) -> Self {
        self.0.properties = properties;
        self
    }

    /// Where to connect (default Discord's; point tests at twilight-mock).
    /// The query (`v`, `encoding`, `compress`) is added by the shard.
    pub fn gateway_url(mut self, url: impl Into<String>) -> Self {
        self.0.gateway_url = url.into();
        self
    }

    /// The transport compression.
    pub const fn compression(mut self, compression: Compression) -> Self {
        self.0.compression = compression;
        self
    }

    /// Whether commands go through the ratelimiter (default on). Turn it
    /// off only when something else limits what the shard sends: Discord
    /// closes a connection that sends more than 120 payloads a minute.
    pub const fn ratelimit(mut self, enabled: bool) -> Self {
        self.0.ratelimit = if enabled { Some(PERIOD) } else { None };
        self
    }

    /// The ratelimiter's period (default Discord's 60 s). Only for a
    /// time-scaled twilight-mock: with Discord, a shorter period gets the
    /// connection closed.
    pub const fn ratelimit_period(mut self, period: Duration) -> Self {
        self.0.ratelimit = Some(period);
        self
    }

    /// The longest wait between reconnection attempts (default 60 s).
    pub const fn max_backoff(mut self, max: Duration) -> Self {
        self.0.max_backoff = max;
        self
    }

    /// The range HELLO's heartbeat interval is clamped into (default 100 ms
    /// to 5 minutes; Discord sends about 41 s). An interval outside it is
    /// logged as a warning and replaced by the nearer bound. Lower the
    /// minimum only for a time-scaled twilight-mock.
    pub const fn heartbeat_interval_bounds(mut self, min: Duration, max: Duration) -> Self {
        self.0.heartbeat_bounds = if min.as_nanos() <= max.as_nanos() {
            (min, max)
        } else {
            (max, min)
        };
        self
    }

    /// The events a shard's [`Stream`](futures_core::Stream) yields
    /// (default: all). Others are skipped before their data is parsed.
    pub const fn event_types(mut self, event_types: EventTypeFlags) -> Self {
        self.0.event_types = event_types;
        self
    }

    /// The largest payload a shard accepts once decompressed, in bytes
    /// (default [`DEFAULT_MAX_PAYLOAD_SIZE`](crate::DEFAULT_MAX_PAYLOAD_SIZE),
    /// 256 MiB). It also bounds a WebSocket message before decompression,
    /// and the zlib input a shard keeps while waiting for the end of a
    /// payload that spans frames.
    ///
    /// Past it the shard reports [`DecompressErrorKind::TooLarge`](crate::DecompressErrorKind::TooLarge),
    /// frees what it held and reconnects (resuming): what a decompression
    /// bomb can make it allocate is this limit plus a small constant.
    pub const fn max_payload_size(mut self, bytes: usize) -> Self {
        self.0.limits.max_payload = bytes;
        self
    }

    /// The largest window a zstd-stream may ask the decoder for, as a power
    /// of two (default [`DEFAULT_ZSTD_WINDOW_LOG_MAX`](crate::DEFAULT_ZSTD_WINDOW_LOG_MAX),
    /// 128 MiB); clamped to zstd's range, 10 to 31. A stream that asks for
    /// more is refused before the window is allocated.
    pub const fn zstd_window_log_max(mut self, log: u32) -> Self {
        self.0.limits.zstd_window_log_max = if log < 10 {
            10
        } else if log > 31 {
            31
        } else {
            log
        };
        self
    }

    /// A session to resume on the first connection, instead of identifying.
    pub fn session(mut self, session: Session) -> Self {
        self.0.session = Some(session);
        self
    }
}
