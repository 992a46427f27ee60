//! What every example shares: where Discord is.
//!
//! Without `DISCORD_TOKEN`, an example starts a local Discord (twilight-mock)
//! in its own process, with a few guilds and users, and points the clients
//! at it. With `DISCORD_TOKEN`, the same example talks to Discord itself.
//!
//! `EXAMPLE_RUN_FOR` (seconds) makes an example stop on its own after that
//! long; the test that runs every example in CI sets it.

use std::{env, error::Error, io, time::Duration};
use twilight_gateway::{
    CloseFrame, Config, ConfigBuilder, EventTypeFlags, Message, Session, Shard,
};
use twilight_http::{Client, ClientBuilder};
use twilight_mock::{Mock, MockConfig, fixtures::Fixtures};
use twilight_model::{
    gateway::{Intents, event::Event},
    id::{
        Id,
        marker::{ChannelMarker, GuildMarker, UserMarker},
    },
    util::secret::Secret,
};

/// What an example's `main` returns: any error, printed by the runtime.
pub type BoxError = Box<dyn Error + Send + Sync>;

/// Where the examples' clients connect.
#[derive(Debug)]
pub struct Setup {
    /// The bot token.
    pub token: Secret,
    /// The REST base URL (`None`: Discord's).
    pub rest_url: Option<String>,
    /// The gateway URL (`None`: Discord's).
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
        Self::from_env_with(guilds, members, time_scale, |_| {}).await
    }

    /// [`from_env`](Self::from_env), with the local Discord's configuration
    /// changed by `configure` (session start limits, shard counts, ...).
    ///
    /// # Errors
    ///
    /// The mock's listeners could not be bound.
    pub async fn from_env_with(
        guilds: usize,
        members: usize,
        time_scale: f64,
        configure: impl FnOnce(&mut MockConfig),
    ) -> io::Result<Self> {
        if let Some(discord) = Self::discord() {
            return Ok(discord);
        }
        let mut config = MockConfig {
            fixtures: Fixtures::generate(guilds, members, 4),
            time_scale,
            ..MockConfig::default()
        };
        configure(&mut config);
        Self::from_env_or(config).await
    }

    /// Reads `DISCORD_TOKEN`, or starts a local Discord configured by
    /// `config` (its token, fixtures, recommended shards, time scale...).
    ///
    /// # Errors
    ///
    /// The mock's listeners could not be bound.
    pub async fn from_env_or(config: MockConfig) -> io::Result<Self> {
        if let Some(discord) = Self::discord() {
            return Ok(discord);
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

    /// Discord itself, if `DISCORD_TOKEN` is set.
    fn discord() -> Option<Self> {
        let token = env::var("DISCORD_TOKEN").ok()?;
        Some(Self {
            token: Secret::from(token),
            rest_url: None,
            gateway_url: None,
            mock: None,
        })
    }

    /// Whether the examples talk to the local Discord.
    #[must_use]
    pub const fn is_local(&self) -> bool {
        self.mock.is_some()
    }

    /// An HTTP client builder with the token and, against the local
    /// Discord, its REST URL; set more before `build()`.
    pub fn http_builder(&self) -> ClientBuilder {
        let builder = Client::builder().token(self.token.expose());
        match &self.rest_url {
            Some(url) => builder.base_url(url),
            None => builder,
        }
    }

    /// A shard configuration with the token, `intents` and, against the
    /// local Discord, its gateway URL; set more before `build()`.
    pub fn gateway_config(&self, intents: Intents) -> ConfigBuilder {
        let builder = Config::builder(self.token.clone(), intents);
        match &self.gateway_url {
            Some(url) => builder.gateway_url(url),
            None => builder,
        }
    }

    /// An HTTP client with the defaults (the in-memory ratelimiter).
    #[must_use]
    pub fn http(&self) -> Client {
        self.http_builder().build()
    }

    /// The guild an example works in: `GUILD_ID` with Discord, the local
    /// Discord's first guild otherwise.
    ///
    /// # Errors
    ///
    /// `GUILD_ID` is not set to an id, or the local Discord has no guild.
    pub fn guild(&self) -> Result<Id<GuildMarker>, BoxError> {
        match &self.mock {
            Some(mock) => Ok(*mock.state().guild_ids().first().ok_or("no guild")?),
            None => id_from_env("GUILD_ID"),
        }
    }

    /// A text channel an example may write to: `CHANNEL_ID` with Discord,
    /// the first text channel of the local Discord's first guild otherwise.
    ///
    /// # Errors
    ///
    /// `CHANNEL_ID` is not set to an id, or the local guild has no text
    /// channel.
    pub fn text_channel(&self) -> Result<Id<ChannelMarker>, BoxError> {
        let Some(mock) = &self.mock else {
            return id_from_env("CHANNEL_ID");
        };
        let channels = mock.state().list_guild_channels(self.guild()?.get())?;
        channels
            .as_array()
            .into_iter()
            .flatten()
            .find(|channel| channel["type"] == 0)
            .and_then(|channel| channel["id"].as_str()?.parse().ok())
            .ok_or_else(|| "the local guild has no text channel".into())
    }

    /// A member of the local Discord's first guild other than the bot, for
    /// the mock to play (`None` with Discord: real users act there).
    #[must_use]
    pub fn local_user(&self) -> Option<Id<UserMarker>> {
        let mock = self.mock.as_ref()?;
        let guild = *mock.state().guild_ids().first()?;
        let bot = mock.state().bot_id();
        mock.state()
            .members(guild, None, 0, None)
            .iter()
            .filter_map(|member| member["user"]["id"].as_str()?.parse().ok())
            .find(|user| *user != bot)
    }
}

/// The next wanted event of `shard`, as most examples' loops want it:
/// errors the shard recovers from by itself (it reconnects or resumes) are
/// printed and skipped. `gateway-events` shows this loop written out.
///
/// # Errors
///
/// A fatal close (a rejected token, intents or shard count), or the shard
/// ended.
pub async fn next_event(shard: &mut Shard, wanted: EventTypeFlags) -> Result<Event, BoxError> {
    loop {
        match shard.next_event(wanted).await {
            Some(Ok(event)) => return Ok(event),
            Some(Err(error)) if error.is_fatal() => return Err(error.into()),
            Some(Err(error)) => eprintln!("shard {}: {error}", shard.id().number()),
            None => return Err("the shard ended".into()),
        }
    }
}

/// Closes `shard` with `frame` and polls it until the close has gone out;
/// returns the session (resumable after [`CloseFrame::RESUME`]).
pub async fn close(shard: &mut Shard, frame: &CloseFrame) -> Option<Session> {
    shard.close(frame);
    // Taken before the drain, whose messages this helper drops: a resume
    // replays them, so none is lost.
    let session = shard.session().cloned();
    while let Some(Ok(message)) = shard.next_message().await {
        if matches!(message, Message::Close(_)) {
            break;
        }
    }
    session
}

/// Reads an id from the environment variable `name`.
fn id_from_env<M>(name: &str) -> Result<Id<M>, BoxError> {
    let value =
        env::var(name).map_err(|_| format!("set {name} to run this example against Discord"))?;
    value
        .parse()
        .map_err(|_| format!("{name} is not an id: {value:?}").into())
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

#[cfg(doctest)]
mod book;
