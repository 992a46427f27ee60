//! Configuration of a mock: token, application, session start limits,
//! heartbeat interval, time scale and fixtures.

use crate::fixtures::Fixtures;
use std::time::Duration;

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
#[derive(Clone, Debug)]
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
}

impl Default for MockConfig {
    fn default() -> Self {
        Self {
            token: "mock-token".to_owned(),
            heartbeat_interval: Duration::from_millis(41_250),
            time_scale: 1.0,
            session_start_limit: SessionStartLimit::default(),
            recommended_shards: 1,
            privileged_intents: (1 << 1) | (1 << 8) | (1 << 15),
            global_rate_limit: 50,
            fixtures: Fixtures::default(),
        }
    }
}
