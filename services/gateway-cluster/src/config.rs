//! The service's flags and environment variables ([`Config`]).

use clap::{Parser, ValueEnum};
use service_support::{LogArgs, Secret};
use std::{net::SocketAddr, time::Duration};

/// Runs shards `[start, end)` of `total` and forwards every dispatch, as
/// received, to a broker, at least once.
#[derive(Clone, Debug, Parser)]
#[command(name = "gateway-cluster-service", version)]
pub struct Config {
    /// The bot token.
    #[arg(long, env = "DISCORD_TOKEN", hide_env_values = true)]
    pub token: Secret,

    /// The first shard this cluster runs.
    #[arg(long, env = "CLUSTER_SHARD_START")]
    pub shard_start: u32,

    /// One past the last shard this cluster runs.
    #[arg(long, env = "CLUSTER_SHARD_END")]
    pub shard_end: u32,

    /// The bot's shard count (every cluster of the bot uses the same).
    #[arg(long, env = "CLUSTER_SHARD_TOTAL")]
    pub shard_total: u32,

    /// Gateway intents, as their integer bit set.
    #[arg(long, env = "CLUSTER_INTENTS", default_value_t = 1 | (1 << 9) | (1 << 15))]
    pub intents: u64,

    /// The gateway to connect to (Discord's, or a twilight-mock).
    #[arg(long, env = "CLUSTER_GATEWAY_URL", default_value = twilight_gateway::DISCORD_GATEWAY_URL)]
    pub gateway_url: String,

    /// Ask this gateway-queue service before each IDENTIFY
    /// (`http://host:port`); without it, an in-memory queue for this
    /// process alone (max_concurrency 1).
    #[arg(long, env = "CLUSTER_QUEUE_URL")]
    pub queue_url: Option<String>,

    /// The in-memory queue's `max_concurrency` (without --queue-url): how
    /// many shards may identify per 5 seconds, Discord's value for the bot.
    #[arg(long, env = "CLUSTER_MAX_CONCURRENCY", default_value_t = 1)]
    pub max_concurrency: u32,

    /// The gateway-queue service's shared secret.
    #[arg(long, env = "CLUSTER_QUEUE_SECRET", hide_env_values = true)]
    pub queue_secret: Option<Secret>,

    /// Where events go.
    #[arg(long, env = "CLUSTER_BROKER", value_enum, default_value_t = BrokerKind::Nats)]
    pub broker: BrokerKind,

    /// The broker's URL (`nats://host:4222`, `redis://host:6379/0`).
    #[arg(long, env = "CLUSTER_BROKER_URL", hide_env_values = true)]
    pub broker_url: Secret,

    /// The application name in the broker's subjects
    /// (`discord.<app>.events.<EVENT_TYPE>.<shard>`).
    #[arg(long, env = "CLUSTER_APP", default_value = "bot")]
    pub app: String,

    /// Forward only these event types (comma-separated names, such as
    /// `MESSAGE_CREATE,GUILD_CREATE`); the type is read from the
    /// envelope, the event is never parsed. Default: every dispatch.
    #[arg(long, env = "CLUSTER_EVENT_TYPES", value_delimiter = ',')]
    pub event_types: Vec<String>,

    /// Store sessions in this Redis (`redis://host:port/db`), so that a
    /// restarted cluster resumes its shards. Without it a restart
    /// identifies again and events not yet acknowledged are lost.
    #[arg(long, env = "CLUSTER_SESSION_REDIS", hide_env_values = true)]
    pub session_redis: Option<Secret>,

    /// The prefix of the session keys (`<prefix><app>:<total>:<shard>`).
    #[arg(
        long,
        env = "CLUSTER_SESSION_PREFIX",
        default_value = "gateway-cluster:session:"
    )]
    pub session_prefix: String,

    /// How often changed sessions are written to Redis, in milliseconds.
    #[arg(long, env = "CLUSTER_SESSION_INTERVAL_MS", default_value_t = 100)]
    pub session_interval_ms: u64,

    /// The most events of one shard handed to the broker and not yet
    /// acknowledged; at the bound the shard is not read (backpressure).
    #[arg(long, env = "CLUSTER_MAX_IN_FLIGHT", default_value_t = 1024)]
    pub max_in_flight: usize,

    /// Where `/health`, `/metrics` and `/shards` are served.
    #[arg(long, env = "CLUSTER_LISTEN", default_value = "127.0.0.1:8090")]
    pub listen: SocketAddr,

    /// How long a publish waits for the broker's acknowledgement, in
    /// milliseconds; then it is published again (the broker drops the
    /// duplicate if the first one was stored after all).
    #[arg(long, env = "CLUSTER_ACK_TIMEOUT_MS", default_value_t = 5_000)]
    pub ack_timeout_ms: u64,

    /// How long a planned shutdown waits for the broker to acknowledge
    /// what is in flight, in milliseconds.
    #[arg(long, env = "CLUSTER_DRAIN_MS", default_value_t = 10_000)]
    pub drain_ms: u64,

    /// Logging.
    #[command(flatten)]
    pub log: LogArgs,
}

/// The broker adapters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum BrokerKind {
    /// NATS JetStream.
    Nats,
    /// Redis Streams.
    Redis,
}

impl Config {
    /// How long a publish waits for its acknowledgement.
    #[must_use]
    pub const fn ack_timeout(&self) -> Duration {
        Duration::from_millis(self.ack_timeout_ms)
    }

    /// How long a planned shutdown waits for acknowledgements.
    #[must_use]
    pub const fn drain(&self) -> Duration {
        Duration::from_millis(self.drain_ms)
    }

    /// The session write interval.
    #[must_use]
    pub const fn session_interval(&self) -> Duration {
        Duration::from_millis(self.session_interval_ms)
    }
}
