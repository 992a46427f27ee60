//! `twilight-mock`: a local Discord for bots written with any library.
//!
//! Serves the gateway and REST API on loopback until killed and prints their
//! URLs on stdout (`gateway: ws://...`, `rest: http://...`, and `control:
//! http://...` when the control API is on). Every setting of `MockConfig` is
//! a flag and an environment variable (`--help` lists them).

use clap::Parser;
use std::{net::IpAddr, net::SocketAddr, process::ExitCode, time::Duration};
use twilight_mock::config::SessionStartLimit;
use twilight_mock::rest::ratelimit::RouteLimit;
use twilight_mock::{Mock, MockConfig, fixtures::Fixtures};

/// A local Discord (gateway + REST) for testing bots offline.
///
/// Durations are Discord time: `--time-scale` runs them faster. The URLs are
/// printed on stdout as `gateway: ws://...`, `rest: http://...` and, with
/// `--control-port`, `control: http://...`.
#[derive(Debug, Parser)]
#[command(name = "twilight-mock", version, about, long_about)]
struct Args {
    /// Address to listen on.
    #[arg(long, env = "TWILIGHT_MOCK_ADDRESS", default_value = "127.0.0.1")]
    address: IpAddr,
    /// Gateway port (0: any free port).
    #[arg(long, env = "TWILIGHT_MOCK_GATEWAY_PORT", default_value_t = 0)]
    gateway_port: u16,
    /// REST port (0: any free port).
    #[arg(long, env = "TWILIGHT_MOCK_REST_PORT", default_value_t = 0)]
    rest_port: u16,
    /// Serve the control API (HTTP, JSON; see the README) on this port (0:
    /// any free port). Off when not given.
    #[arg(long, env = "TWILIGHT_MOCK_CONTROL_PORT")]
    control_port: Option<u16>,
    /// The bot token clients must send (a `Bot ` prefix is ignored).
    #[arg(
        long,
        env = "TWILIGHT_MOCK_TOKEN",
        hide_env_values = true,
        default_value = "mock-token"
    )]
    token: String,
    /// JSON file with the application, bot, users, guilds, channels, roles
    /// and members (default: a generated world).
    #[arg(long, env = "TWILIGHT_MOCK_FIXTURES", value_name = "FILE")]
    fixtures: Option<String>,
    /// Run Discord's clocks FACTOR times faster (positive).
    #[arg(
        long,
        env = "TWILIGHT_MOCK_TIME_SCALE",
        default_value_t = 1.0,
        value_name = "FACTOR"
    )]
    time_scale: f64,
    /// The heartbeat interval, in Discord milliseconds (HELLO carries it
    /// divided by the time scale).
    #[arg(
        long,
        env = "TWILIGHT_MOCK_HEARTBEAT_INTERVAL",
        default_value_t = 41_250,
        value_name = "MS"
    )]
    heartbeat_interval: u64,
    /// How long past the heartbeat interval a silent connection is closed
    /// with 4009, in Discord milliseconds.
    #[arg(
        long,
        env = "TWILIGHT_MOCK_HEARTBEAT_GRACE",
        default_value_t = 5_000,
        value_name = "MS"
    )]
    heartbeat_grace: u64,
    /// How long a dropped session stays resumable, in Discord seconds.
    #[arg(
        long,
        env = "TWILIGHT_MOCK_RESUME_TIMEOUT",
        default_value_t = 180,
        value_name = "SECS"
    )]
    resume_timeout: u64,
    /// Dispatches a session keeps for replay on RESUME.
    #[arg(
        long,
        env = "TWILIGHT_MOCK_RESUME_BUFFER",
        default_value_t = 1000,
        value_name = "N"
    )]
    resume_buffer: usize,
    /// Identifies per 5 s window: one per bucket `shard_id % N`.
    #[arg(
        long,
        env = "TWILIGHT_MOCK_MAX_CONCURRENCY",
        default_value_t = 1,
        value_name = "N"
    )]
    max_concurrency: u32,
    /// The daily session start limit (`total` of GET /gateway/bot); beyond
    /// it every session is closed with 4004 and the token is reset.
    #[arg(
        long,
        env = "TWILIGHT_MOCK_SESSION_LIMIT",
        default_value_t = 1000,
        value_name = "N"
    )]
    session_limit: u32,
    /// Session starts left today (default: the whole daily limit).
    #[arg(long, env = "TWILIGHT_MOCK_SESSIONS_REMAINING", value_name = "N")]
    sessions_remaining: Option<u32>,
    /// When the daily session start limit refills, in Discord seconds.
    #[arg(
        long,
        env = "TWILIGHT_MOCK_SESSION_RESET_AFTER",
        default_value_t = 86_400,
        value_name = "SECS"
    )]
    session_reset_after: u64,
    /// Shards GET /gateway/bot recommends.
    #[arg(
        long,
        env = "TWILIGHT_MOCK_SHARDS",
        default_value_t = 1,
        value_name = "N"
    )]
    shards: u32,
    /// The shard count must be a multiple of N (large bot sharding), else
    /// 4010.
    #[arg(
        long,
        env = "TWILIGHT_MOCK_SHARD_MULTIPLE",
        default_value_t = 1,
        value_name = "N"
    )]
    shard_multiple: u32,
    /// Guilds a shard may hold before IDENTIFY is closed with 4011.
    #[arg(
        long,
        env = "TWILIGHT_MOCK_MAX_GUILDS_PER_SHARD",
        default_value_t = 2500,
        value_name = "N"
    )]
    max_guilds_per_shard: usize,
    /// Intents bits of the privileged intents the application may use
    /// (GUILD_MEMBERS 2, GUILD_PRESENCES 256, MESSAGE_CONTENT 32768); others
    /// get 4014.
    #[arg(
        long,
        env = "TWILIGHT_MOCK_PRIVILEGED_INTENTS",
        default_value_t = 33_026,
        value_name = "BITS"
    )]
    privileged_intents: u64,
    /// The global REST limit: requests per second per token.
    #[arg(
        long,
        env = "TWILIGHT_MOCK_GLOBAL_LIMIT",
        default_value_t = 50,
        value_name = "N"
    )]
    global_limit: u32,
    /// A route group's bucket size, as GROUP=LIMIT/WINDOW_MS (e.g.
    /// messages.create=5/5000); repeatable, or comma-separated in the
    /// variable. The groups are listed in the README.
    #[arg(
        long = "bucket",
        env = "TWILIGHT_MOCK_BUCKETS",
        value_delimiter = ',',
        value_name = "GROUP=LIMIT/WINDOW_MS",
        value_parser = parse_bucket
    )]
    buckets: Vec<(String, RouteLimit)>,
    /// How often a guild's whole member list may be requested over the
    /// gateway, in Discord seconds (RATE_LIMITED within it).
    #[arg(
        long,
        env = "TWILIGHT_MOCK_ALL_MEMBERS_WINDOW",
        default_value_t = 30,
        value_name = "SECS"
    )]
    all_members_window: u64,
    /// Send X-RateLimit-Scope on successful responses too (Discord
    /// documents it on 429s only).
    #[arg(long, env = "TWILIGHT_MOCK_SCOPE_ON_SUCCESS")]
    scope_on_success: bool,
    /// Commands a gateway connection's outgoing queue holds; a client that
    /// does not read what it is sent is dropped once it is full.
    #[arg(
        long,
        env = "TWILIGHT_MOCK_OUTGOING_QUEUE",
        default_value_t = 4096,
        value_name = "N"
    )]
    outgoing_queue: usize,
    /// Entries each list of the gateway log keeps (the oldest are dropped
    /// and counted).
    #[arg(
        long,
        env = "TWILIGHT_MOCK_LOG_CAPACITY",
        default_value_t = 10_000,
        value_name = "N"
    )]
    log_capacity: usize,
    /// Real milliseconds a TCP connection to the gateway gets to complete
    /// its WebSocket upgrade.
    #[arg(
        long,
        env = "TWILIGHT_MOCK_HANDSHAKE_TIMEOUT",
        default_value_t = 10_000,
        value_name = "MS"
    )]
    handshake_timeout: u64,
    /// Real seconds a gateway connection gets to IDENTIFY or RESUME before
    /// it is closed with 4009.
    #[arg(
        long,
        env = "TWILIGHT_MOCK_IDENTIFY_TIMEOUT",
        default_value_t = 600,
        value_name = "SECS"
    )]
    identify_timeout: u64,
    /// Real milliseconds an HTTP connection gets to send a request's
    /// headers, from when it opened or its previous answer left (idle
    /// keep-alive connections are closed past it).
    #[arg(
        long,
        env = "TWILIGHT_MOCK_HTTP_HEADER_TIMEOUT",
        default_value_t = 60_000,
        value_name = "MS"
    )]
    http_header_timeout: u64,
}

/// `GROUP=LIMIT/WINDOW_MS`.
fn parse_bucket(text: &str) -> Result<(String, RouteLimit), String> {
    let (group, size) = text
        .split_once('=')
        .ok_or_else(|| format!("{text:?}: expected GROUP=LIMIT/WINDOW_MS"))?;
    let (limit, window) = size
        .split_once('/')
        .ok_or_else(|| format!("{text:?}: expected GROUP=LIMIT/WINDOW_MS"))?;
    let limit: u32 = limit.parse().map_err(|_| format!("{text:?}: bad LIMIT"))?;
    let window: u64 = window
        .parse()
        .map_err(|_| format!("{text:?}: bad WINDOW_MS"))?;
    if group.is_empty() || limit == 0 || window == 0 {
        return Err(format!("{text:?}: GROUP, LIMIT and WINDOW_MS must be set"));
    }
    Ok((group.to_owned(), RouteLimit::new(limit, window)))
}

impl Args {
    /// The configuration the flags describe.
    fn config(self) -> Result<MockConfig, String> {
        if !(self.time_scale.is_finite() && self.time_scale > 0.0) {
            return Err("--time-scale must be a positive number".to_owned());
        }
        if self.heartbeat_interval == 0 {
            return Err("--heartbeat-interval must be positive".to_owned());
        }
        let fixtures = match &self.fixtures {
            Some(path) => Fixtures::from_file(path).map_err(|e| format!("{path}: {e}"))?,
            None => Fixtures::default(),
        };
        let token = self.token.strip_prefix("Bot ").unwrap_or(&self.token);
        Ok(MockConfig {
            token: token.to_owned(),
            heartbeat_interval: Duration::from_millis(self.heartbeat_interval),
            time_scale: self.time_scale,
            session_start_limit: SessionStartLimit {
                total: self.session_limit,
                remaining: self
                    .sessions_remaining
                    .unwrap_or(self.session_limit)
                    .min(self.session_limit),
                reset_after: Duration::from_secs(self.session_reset_after),
                max_concurrency: self.max_concurrency.max(1),
            },
            recommended_shards: self.shards.max(1),
            privileged_intents: self.privileged_intents,
            global_rate_limit: self.global_limit,
            fixtures,
            heartbeat_grace: Duration::from_millis(self.heartbeat_grace),
            resume_timeout: Duration::from_secs(self.resume_timeout),
            resume_buffer: self.resume_buffer,
            max_guilds_per_shard: self.max_guilds_per_shard,
            shard_multiple: self.shard_multiple.max(1),
            route_limits: self.buckets,
            control_port: self.control_port,
            all_members_window: Duration::from_secs(self.all_members_window),
            scope_on_success: self.scope_on_success,
            outgoing_queue: self.outgoing_queue.max(1),
            log_capacity: self.log_capacity.max(1),
            handshake_timeout: Duration::from_millis(self.handshake_timeout),
            identify_timeout: Duration::from_secs(self.identify_timeout),
            http_header_timeout: Duration::from_millis(self.http_header_timeout),
        })
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let address = args.address;
    let (gateway_port, rest_port) = (args.gateway_port, args.rest_port);
    let config = match args.config() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("twilight-mock: {error}");
            return ExitCode::from(2);
        }
    };
    let mock = match Mock::start_on(
        config,
        SocketAddr::new(address, gateway_port),
        SocketAddr::new(address, rest_port),
    )
    .await
    {
        Ok(mock) => mock,
        Err(error) => {
            eprintln!("twilight-mock: cannot listen: {error}");
            return ExitCode::FAILURE;
        }
    };
    println!("gateway: {}", mock.gateway_url());
    println!("rest: {}", mock.rest_url());
    if let Some(control) = mock.control_url() {
        println!("control: {control}");
    }
    // Serve until killed.
    std::future::pending::<()>().await;
    ExitCode::SUCCESS
}
