//! The service's flags and environment variables ([`Config`]).

use clap::Parser;
use service_support::{LogArgs, Secret};
use std::{net::SocketAddr, time::Duration};
use twilight_gateway_queue::scaled_identify_period;

/// One identify schedule for every cluster of a bot: shards ask
/// `GET /enqueue?shard=N&total=M` and are answered when they may identify.
#[derive(Clone, Debug, Parser)]
#[command(name = "gateway-queue-service", version, about, long_about = None)]
pub struct Config {
    /// Where to listen for shards, probes and the admin routes.
    #[arg(long, env = "GATEWAY_QUEUE_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// The shared secret clients send as `Authorization: Bearer <secret>`.
    /// Required unless listening on loopback with
    /// --allow-unauthenticated-loopback.
    #[arg(long, env = "GATEWAY_QUEUE_SECRET", hide_env_values = true)]
    pub secret: Option<Secret>,

    /// Serve without a secret; only allowed when --listen is a loopback
    /// address.
    #[arg(long, env = "GATEWAY_QUEUE_ALLOW_UNAUTHENTICATED_LOOPBACK")]
    pub allow_unauthenticated_loopback: bool,

    /// The bot token of the default bot (served at `/enqueue`): its limits
    /// come from GET /gateway/bot. Without it, the limit flags below apply.
    #[arg(long, env = "DISCORD_TOKEN", hide_env_values = true)]
    pub token: Option<Secret>,

    /// More bots, each served under its own path (`/NAME/enqueue`) with its
    /// own limits and schedule: `NAME=TOKEN`, or `NAME` alone for a bot
    /// whose limits are the flags'. Repeat the flag, or separate with
    /// commas in the environment variable.
    #[arg(
        long = "bot",
        env = "GATEWAY_QUEUE_BOTS",
        value_delimiter = ',',
        hide_env_values = true
    )]
    pub bots: Vec<BotArg>,

    /// Send Discord requests to this host (`host:port`) instead of Discord,
    /// as to an HTTP proxy (twilight-http's proxy mode); a local Discord
    /// for tests.
    #[arg(long, env = "GATEWAY_QUEUE_DISCORD_PROXY")]
    pub discord_proxy: Option<String>,

    /// Speak plain HTTP to --discord-proxy.
    #[arg(long, env = "GATEWAY_QUEUE_DISCORD_PROXY_HTTP")]
    pub discord_proxy_http: bool,

    /// How often limits are fetched again from GET /gateway/bot, in seconds.
    #[arg(long, env = "GATEWAY_QUEUE_REFRESH_SECS", default_value_t = 300)]
    pub refresh_secs: u64,

    /// Without a token: identifies per window (one per bucket).
    #[arg(long, env = "GATEWAY_QUEUE_MAX_CONCURRENCY", default_value_t = 1)]
    pub max_concurrency: u32,

    /// Without a token: sessions per day.
    #[arg(long, env = "GATEWAY_QUEUE_TOTAL", default_value_t = 1000)]
    pub total: u32,

    /// Without a token: sessions left today (default: --total).
    #[arg(long, env = "GATEWAY_QUEUE_REMAINING")]
    pub remaining: Option<u32>,

    /// Without a token: milliseconds until the daily limit resets.
    #[arg(
        long,
        env = "GATEWAY_QUEUE_RESET_AFTER_MS",
        default_value_t = 86_400_000
    )]
    pub reset_after_ms: u64,

    /// Sessions of the day kept back: once the sessions left are down to
    /// it, turns wait for the daily reset.
    #[arg(long, env = "GATEWAY_QUEUE_RESERVE", default_value_t = 0)]
    pub reserve: u32,

    /// Only for a time-scaled local Discord (twilight-mock's time scale):
    /// the window (5 s) and `reset_after` pass this many times faster.
    /// Against Discord, anything but 1 gets identifies refused.
    #[arg(long, env = "GATEWAY_QUEUE_TIME_SCALE", default_value_t = 1.0)]
    pub time_scale: f64,

    /// The time between two turns of a bucket in milliseconds (default:
    /// Discord's 5000 / --time-scale, plus 250 of margin for an IDENTIFY in
    /// transit). Only for tests and benchmarks.
    #[arg(long, env = "GATEWAY_QUEUE_WINDOW_MS")]
    pub window_ms: Option<u64>,

    /// Share the schedule with other instances through this Redis
    /// (`redis://host:port/db`); without it the state is in memory.
    #[arg(long, env = "GATEWAY_QUEUE_REDIS", hide_env_values = true)]
    pub redis: Option<Secret>,

    /// The prefix of every Redis key this service uses.
    #[arg(
        long,
        env = "GATEWAY_QUEUE_REDIS_PREFIX",
        default_value = "gateway-queue:"
    )]
    pub redis_prefix: String,

    /// How long (ms) a waiting shard keeps its place in Redis after its
    /// instance stops renewing it (the instance died).
    #[arg(long, env = "GATEWAY_QUEUE_LEASE_MS", default_value_t = 2000)]
    pub lease_ms: u64,

    /// The most shards waiting at once per bot on this instance; more get
    /// 503.
    #[arg(long, env = "GATEWAY_QUEUE_MAX_WAITING", default_value_t = 100_000)]
    pub max_waiting: usize,

    /// Seconds requests in flight get to finish at shutdown.
    #[arg(long, env = "GATEWAY_QUEUE_GRACE_SECS", default_value_t = 10)]
    pub grace_secs: u64,

    /// Logging.
    #[command(flatten)]
    pub log: LogArgs,
}

impl Config {
    /// The configuration these arguments give (`args[0]` is the program).
    ///
    /// # Errors
    ///
    /// clap's error (with usage) for unknown or malformed flags.
    pub fn try_parse_args<I, T>(args: I) -> Result<Self, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        Self::try_parse_from(args)
    }

    /// The time between two turns of one bucket: Discord's window on the
    /// (scaled) clock, plus the queue crate's margin in wall-clock time.
    #[must_use]
    pub fn window(&self) -> Duration {
        match self.window_ms {
            Some(ms) => Duration::from_millis(ms),
            None => scaled_identify_period(self.scale()),
        }
    }

    /// Scales a Discord duration (`reset_after`) to real time.
    #[must_use]
    pub fn scaled(&self, discord: Duration) -> Duration {
        discord.div_f64(self.scale())
    }

    fn scale(&self) -> f64 {
        if self.time_scale.is_finite() && self.time_scale > 0.0 {
            self.time_scale
        } else {
            1.0
        }
    }
}

/// One `--bot` value: a name, and the bot's token if its limits come from
/// Discord.
#[derive(Clone, Debug)]
pub struct BotArg {
    /// The path segment it is served under.
    pub name: String,
    /// Its token.
    pub token: Option<Secret>,
}

impl BotArg {
    /// Why the name cannot be served, if it cannot. Checked by
    /// [`start`](crate::start), not while parsing: clap would print the
    /// whole value, token included, in its error.
    #[must_use]
    pub fn invalid_name(&self) -> Option<String> {
        let name = &self.name;
        if name.is_empty()
            || name.len() > 64
            || !name
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_')
        {
            return Some(
                "a bot name is 1 to 64 of [A-Za-z0-9_-], given as NAME or NAME=TOKEN".to_owned(),
            );
        }
        if matches!(name.as_str(), "enqueue" | "health" | "metrics" | "admin") {
            return Some(format!("{name:?} is a route; name the bot otherwise"));
        }
        None
    }
}

impl std::str::FromStr for BotArg {
    type Err = std::convert::Infallible;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        let (name, token) = match value.split_once('=') {
            Some((name, token)) => (name, Some(Secret::new(token))),
            None => (value, None),
        };
        Ok(Self {
            name: name.to_owned(),
            token,
        })
    }
}
