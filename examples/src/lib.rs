//! What every example shares: where Discord is.
//!
//! Without `DISCORD_TOKEN`, an example starts a local Discord (twilight-mock)
//! in its own process, with a few guilds and users, and points the clients
//! at it. With `DISCORD_TOKEN`, the same example talks to Discord itself.
//!
//! `EXAMPLE_RUN_FOR` (seconds) makes an example stop on its own after that
//! long; the test that runs every example in CI sets it.

use std::{env, io, time::Duration};
use twilight_mock::{Mock, MockConfig, fixtures::Fixtures};
use twilight_model::util::secret::Secret;

/// Where the examples' clients connect.
#[derive(Debug)]
pub struct Setup {
    /// The bot token.
    pub token: Secret,
    /// The REST base URL (`None`: Discord's).
    pub rest_url: Option<String>,
    /// The gateway URL (`None`: ask GET /gateway/bot).
    pub gateway_url: Option<String>,
    /// The local Discord, when not talking to the real one.
    pub mock: Option<Mock>,
}

impl Setup {
    /// Reads `DISCORD_TOKEN`, or starts a local Discord with `guilds`
    /// guilds of `members` members each. The mock's clock runs `time_scale`
    /// times faster than Discord's (1.0 for real time).
    ///
    /// # Errors
    ///
    /// The mock's listeners could not be bound.
    pub async fn from_env(guilds: usize, members: usize, time_scale: f64) -> io::Result<Self> {
        if let Ok(token) = env::var("DISCORD_TOKEN") {
            return Ok(Self {
                token: Secret::from(token),
                rest_url: None,
                gateway_url: None,
                mock: None,
            });
        }
        let config = MockConfig {
            fixtures: Fixtures::generate(guilds, members, 4),
            time_scale,
            ..MockConfig::default()
        };
        let token = Secret::from(config.token.clone());
        let mock = Mock::start(config).await?;
        Ok(Self {
            token,
            rest_url: Some(mock.rest_url()),
            gateway_url: Some(mock.gateway_url()),
            mock: Some(mock),
        })
    }

    /// Reads `DISCORD_TOKEN`, or starts a local Discord configured by
    /// `config` (its token, fixtures, recommended shards, time scale...).
    ///
    /// # Errors
    ///
    /// The mock's listeners could not be bound.
    pub async fn from_env_or(config: MockConfig) -> io::Result<Self> {
        if env::var_os("DISCORD_TOKEN").is_some() {
            return Self::from_env(0, 0, 1.0).await;
        }
        let token = Secret::from(config.token.clone());
        let mock = Mock::start(config).await?;
        Ok(Self {
            token,
            rest_url: Some(mock.rest_url()),
            gateway_url: Some(mock.gateway_url()),
            mock: Some(mock),
        })
    }

    /// Whether the examples talk to the local Discord.
    #[must_use]
    pub const fn is_local(&self) -> bool {
        self.mock.is_some()
    }
}

/// How long an example runs before it stops on its own (`EXAMPLE_RUN_FOR`
/// seconds), if set.
#[must_use]
pub fn run_for() -> Option<Duration> {
    env::var("EXAMPLE_RUN_FOR")
        .ok()?
        .parse::<f64>()
        .ok()
        .filter(|seconds| seconds.is_finite() && *seconds >= 0.0)
        .map(Duration::from_secs_f64)
}

/// Resolves on Ctrl-C or after [`run_for`], whichever comes first.
pub async fn shutdown_signal() {
    let limit = async {
        match run_for() {
            Some(after) => tokio::time::sleep(after).await,
            None => std::future::pending().await,
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        () = limit => {}
    }
}
