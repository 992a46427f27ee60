//! Configuration of a mock: token, application, session start limits,
//! heartbeat interval, time scale and fixtures.

use crate::fixtures::Fixtures;
use crate::rest::ratelimit::RouteLimit;
use std::time::Duration;
use twilight_model::gateway::Intents;

/// Session start limits, as GET /gateway/bot reports them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionStartLimit {
    /// Identifies allowed per day.
    pub total: u32,
    /// Identifies left today.
    pub remaining: u32,
    /// Until the daily limit resets (Discord time).
    pub reset_after: Duration,
    /// Identifies allowed per 5 s, one per bucket `shard_id % max_concurrency`.
    pub max_concurrency: u32,
}

impl Default for SessionStartLimit {
    fn default() -> Self {
        Self {
            total: 1000,
            remaining: 1000,
            reset_after: Duration::from_secs(24 * 60 * 60),
            max_concurrency: 1,
        }
    }
}

/// How a [`Mock`](crate::Mock) behaves. Durations are Discord time; the
/// clock's `time_scale` shortens them in real time.
#[derive(Clone)]
pub struct MockConfig {
    /// The bot token clients must send (without the `Bot ` prefix).
    pub token: String,
    /// The heartbeat interval sent in HELLO.
    pub heartbeat_interval: Duration,
    /// How many times faster than Discord the mock's clock runs.
    pub time_scale: f64,
    /// Session start limits.
    pub session_start_limit: SessionStartLimit,
    /// Shards recommended by GET /gateway/bot.
    pub recommended_shards: u32,
    /// Intents bits of privileged intents the application may use
    /// (GUILD_PRESENCES, GUILD_MEMBERS, MESSAGE_CONTENT); others get 4014.
    pub privileged_intents: u64,
    /// Requests per second allowed per token before the global limit.
    pub global_rate_limit: u32,
    /// The world the mock starts with.
    pub fixtures: Fixtures,
    /// How long past its heartbeat interval the gateway waits for a
    /// heartbeat before it closes a silent (zombie) connection with 4009.
    pub heartbeat_grace: Duration,
    /// How long a session stays resumable after its connection dropped or
    /// closed with a code other than 1000/1001.
    pub resume_timeout: Duration,
    /// How many dispatches a session keeps for replay on RESUME; a resume
    /// from an older `seq` gets INVALID_SESSION `d: false`.
    pub resume_buffer: usize,
    /// A shard may hold at most this many guilds; an IDENTIFY whose shard
    /// would hold more is closed with 4011 (Discord: 2500).
    pub max_guilds_per_shard: usize,
    /// Large bot sharding: the shard count must be a multiple of this
    /// (else 4010). 1 for ordinary bots.
    pub shard_multiple: u32,
    /// Route groups whose bucket size differs from
    /// [`DEFAULT_LIMITS`](crate::rest::ratelimit::DEFAULT_LIMITS): `(group,
    /// limit)`, applied in order.
    pub route_limits: Vec<(String, RouteLimit)>,
    /// Serve the control API (see [`control`](crate::control)) on this
    /// loopback port of [`Mock::start`](crate::Mock::start) (0: any free
    /// port); `None`, the default: no control API.
    pub control_port: Option<u16>,
    /// How often (Discord time) a guild's whole member list may be
    /// requested (REQUEST_GUILD_MEMBERS with `query: ""`, `limit: 0`); a
    /// request within it gets a RATE_LIMITED event instead of chunks. The
    /// vendored docs give the event but not the window (they point to a
    /// changelog entry): 30 s is this mock's assumption.
    pub all_members_window: Duration,
    /// Send `X-RateLimit-Scope` on successful responses too. Discord
    /// documents it on 429s only (the default), but some clients read it on
    /// every response.
    pub scope_on_success: bool,
    /// How many commands (payloads to send, closes) a gateway connection's
    /// outgoing queue holds. Senders never wait on it: a connection whose
    /// queue is full (its client does not read) is dropped, and its log
    /// record says why. A RESUME's replay takes one place, however many
    /// dispatches it holds (`resume_buffer` bounds those).
    pub outgoing_queue: usize,
    /// How many entries each list of the gateway log keeps (the oldest are
    /// dropped and counted in [`GatewayLog::dropped`](crate::GatewayLog::dropped)).
    pub log_capacity: usize,
    /// Real time (not scaled by `time_scale`) a TCP connection to the
    /// gateway gets to complete its WebSocket upgrade; then it is closed.
    pub handshake_timeout: Duration,
    /// Real time a gateway connection gets to start or resume a session
    /// (IDENTIFY or RESUME); then it is closed with 4009. A connection that
    /// sends nothing at all is closed sooner, by the heartbeat deadline
    /// (`heartbeat_interval` plus `heartbeat_grace`).
    pub identify_timeout: Duration,
    /// Real time an HTTP connection (REST and control API) gets to send a
    /// request's headers, counted from when it opened or its previous
    /// response was sent: a slow request head and an idle keep-alive
    /// connection are both closed past it.
    pub http_header_timeout: Duration,
}

impl Default for MockConfig {
    fn default() -> Self {
        Self {
            token: "mock-token".to_owned(),
            heartbeat_interval: Duration::from_millis(41_250),
            time_scale: 1.0,
            session_start_limit: SessionStartLimit::default(),
            recommended_shards: 1,
            privileged_intents: Intents::PRIVILEGED.bits(),
            global_rate_limit: 50,
            fixtures: Fixtures::default(),
            heartbeat_grace: Duration::from_secs(5),
            resume_timeout: Duration::from_secs(180),
            resume_buffer: 1000,
            max_guilds_per_shard: 2500,
            shard_multiple: 1,
            route_limits: Vec::new(),
            control_port: None,
            all_members_window: Duration::from_secs(30),
            scope_on_success: false,
            outgoing_queue: 4096,
            log_capacity: crate::gateway::DEFAULT_LOG_CAPACITY,
            handshake_timeout: Duration::from_secs(10),
            identify_timeout: Duration::from_secs(600),
            http_header_timeout: Duration::from_secs(60),
        }
    }
}

impl std::fmt::Debug for MockConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the token.
        f.debug_struct("MockConfig")
            .field("token", &"<redacted>")
            .field("heartbeat_interval", &self.heartbeat_interval)
            .field("time_scale", &self.time_scale)
            .field("session_start_limit", &self.session_start_limit)
            .field("recommended_shards", &self.recommended_shards)
            .field("privileged_intents", &self.privileged_intents)
            .field("global_rate_limit", &self.global_rate_limit)
            .field("fixtures", &self.fixtures)
            .field("heartbeat_grace", &self.heartbeat_grace)
            .field("resume_timeout", &self.resume_timeout)
            .field("resume_buffer", &self.resume_buffer)
            .field("max_guilds_per_shard", &self.max_guilds_per_shard)
            .field("shard_multiple", &self.shard_multiple)
            .field("route_limits", &self.route_limits)
            .field("control_port", &self.control_port)
            .field("all_members_window", &self.all_members_window)
            .field("scope_on_success", &self.scope_on_success)
            .field("outgoing_queue", &self.outgoing_queue)
            .field("log_capacity", &self.log_capacity)
            .field("handshake_timeout", &self.handshake_timeout)
            .field("identify_timeout", &self.identify_timeout)
            .field("http_header_timeout", &self.http_header_timeout)
            .finish()
    }
}
