//! The demo bot: a small bot run end to end.
//!
//! ```sh
//! cargo run --release -p examples --bin demo
//! ```
//!
//! Without `DISCORD_TOKEN` it needs no token and no network: it starts a
//! local Discord (twilight-mock) in this process with 4 guilds of 50
//! members, whose clock runs 25 times faster (so identify windows and
//! heartbeats come quickly), and simulated users who post chatter, `!ping`
//! and `!stats` every 300 ms. The bot
//!
//! - asks `GET /gateway/bot` how many shards to run (2 here) and connects
//!   them, identifying through a session start queue;
//! - polls every shard as one `ShardEventStream`, parsing only the event
//!   types it wants;
//! - feeds every event to an `InMemoryCache`, and asks for each guild's
//!   members when the guild arrives (`REQUEST_GUILD_MEMBERS`);
//! - replies over HTTP (a reply to the command's message): `!ping` with
//!   the shard's average heartbeat round trip, `!stats` with the cache's
//!   counts and the bot's permissions in that channel;
//! - prints a short live log, and a summary on Ctrl-C or after
//!   `DEMO_SECONDS` (default 15 against the local Discord; 0 for no
//!   limit) or `EXAMPLE_RUN_FOR`, after closing its shards.
//!
//! With `DISCORD_TOKEN` set the same bot runs against Discord, until
//! Ctrl-C, and answers real users. Its application needs two privileged
//! intents, enabled under Bot → Privileged Gateway Intents in the developer
//! portal: MESSAGE CONTENT (to read the commands) and SERVER MEMBERS (to
//! request the member lists). Without them Discord closes the connection
//! with 4014 and the demo says so. Requesting every member of every guild
//! at start is fine for a demo, not for a bot in thousands of guilds.
//!
//! Exit status: 0 after the summary; 1 with a message if the bot could not
//! start or a shard was closed fatally (bad token, intents not allowed).

#[path = "../demo/mod.rs"]
mod demo;

use demo::{
    commands::{self, Command},
    log::{Log, millis, shorten, wrap},
    shutdown,
    tally::{ShardSummary, Tally},
    users,
};
use examples::Setup;
use futures_util::StreamExt;
use std::{
    collections::HashSet, error::Error, pin::pin, process::ExitCode, sync::Arc, time::Duration,
};
use tokio::task::JoinSet;
use twilight_cache_inmemory::InMemoryCache;
use twilight_gateway::{
    CloseFrame, Config, DISCORD_API_BASE, EventTypeFlags, InMemoryQueue, ReceiveMessageError,
    ReceiveMessageErrorKind, ShardEventStream, create_range, recommended_shards,
    scaled_identify_period,
};
use twilight_http::Client;
use twilight_mock::{MockConfig, fixtures::Fixtures};
use twilight_model::{
    gateway::{Event, Intents, ShardId, command::RequestGuildMembers, event::GuildCreate},
    id::{
        Id,
        marker::{GuildMarker, UserMarker},
    },
    message::Message,
};

type BoxError = Box<dyn Error + Send + Sync>;

/// The local Discord: guilds, members per guild, channels per guild (a
/// category, text and voice channels).
const GUILDS: usize = 4;
const MEMBERS: usize = 50;
const CHANNELS: usize = 6;
/// Shards the local Discord recommends.
const SHARDS: u32 = 2;
/// How much faster the local Discord's clock runs: the 5 s identify window
/// takes 200 ms, the 41 s heartbeat interval 1.65 s.
const TIME_SCALE: f64 = 25.0;
/// How often a simulated user posts.
const POST_EVERY: Duration = Duration::from_millis(300);
/// How long the demo runs against the local Discord unless told.
const LOCAL_SECONDS: Duration = Duration::from_secs(15);
/// How often the log sums up the chatter.
const TICK: Duration = Duration::from_secs(3);

/// What the bot needs: guilds and their channels and roles, messages and
/// their content, and member lists.
const INTENTS: Intents = Intents::GUILDS
    .union(Intents::GUILD_MESSAGES)
    .union(Intents::MESSAGE_CONTENT)
    .union(Intents::GUILD_MEMBERS);

/// The events the bot parses; the shards skip the others unparsed.
fn wanted() -> EventTypeFlags {
    EventTypeFlags::READY
        | EventTypeFlags::RESUMED
        | EventTypeFlags::GUILD_CREATE
        | EventTypeFlags::GUILD_UPDATE
        | EventTypeFlags::GUILD_DELETE
        | EventTypeFlags::GUILD_MEMBERS_CHUNK
        | EventTypeFlags::GUILD_MEMBER_ADD
        | EventTypeFlags::GUILD_MEMBER_UPDATE
        | EventTypeFlags::GUILD_MEMBER_REMOVE
        | EventTypeFlags::GUILD_ROLE_CREATE
        | EventTypeFlags::GUILD_ROLE_UPDATE
        | EventTypeFlags::GUILD_ROLE_DELETE
        | EventTypeFlags::CHANNEL_CREATE
        | EventTypeFlags::CHANNEL_UPDATE
        | EventTypeFlags::CHANNEL_DELETE
        | EventTypeFlags::THREAD_CREATE
        | EventTypeFlags::THREAD_UPDATE
        | EventTypeFlags::THREAD_DELETE
        | EventTypeFlags::MESSAGE_CREATE
        | EventTypeFlags::MESSAGE_UPDATE
        | EventTypeFlags::MESSAGE_DELETE
}

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("demo: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), BoxError> {
    let log = Log::start();
    let mut fixtures = Fixtures::generate(GUILDS, MEMBERS, CHANNELS);
    // A user owns each guild and the bot is a moderator, so `!stats` shows
    // permissions computed from roles, not an owner's "everything".
    for guild in &mut fixtures.guilds {
        guild.owner_id = fixtures.users.first().map(|user| user.id);
    }
    let setup = Setup::from_env_or(MockConfig {
        fixtures: fixtures.clone(),
        time_scale: TIME_SCALE,
        recommended_shards: SHARDS,
        // Heartbeats may come late on a loaded machine; a generous grace
        // keeps the connections up (the default 5 s is 200 ms here).
        heartbeat_grace: Duration::from_secs(60),
        ..MockConfig::default()
    })
    .await?;
    let limit = shutdown::time_limit(setup.is_local(), LOCAL_SECONDS)?;
    let api_base = setup
        .rest_url
        .clone()
        .unwrap_or_else(|| DISCORD_API_BASE.to_owned());
    match &setup.mock {
        Some(_) => log.line(format_args!(
            "local Discord (twilight-mock) at {api_base}: {GUILDS} guilds of {MEMBERS} \
             members, clock {TIME_SCALE}x"
        )),
        None => log.line(format_args!(
            "Discord ({api_base}), token from DISCORD_TOKEN"
        )),
    }
    match limit {
        Some(limit) => log.line(format_args!(
            "running for {} s (Ctrl-C stops sooner)",
            limit.as_secs_f64()
        )),
        None => log.line(format_args!("running until Ctrl-C")),
    }

    let http = Client::builder()
        .token(setup.token.clone())
        .base_url(api_base.as_str())
        .build();

    // GET /gateway/bot: how many shards, where to connect, and how many
    // may identify at once.
    let config = Config::builder(setup.token.clone(), INTENTS)
        .event_types(wanted())
        .build();
    let info = recommended_shards(&api_base, &config).await?;
    let limits = &info.session_start_limit;
    log.line(format_args!(
        "GET /gateway/bot: {} shards, max_concurrency {}, {} of {} sessions left today",
        info.shards, limits.max_concurrency, limits.remaining, limits.total
    ));
    let queue = InMemoryQueue::new(
        limits.max_concurrency,
        limits.remaining,
        Duration::from_millis(limits.reset_after),
        limits.total,
    );
    // The local Discord's 5 s identify window passes TIME_SCALE times
    // faster; the margin for transit is wall-clock time and stays.
    let queue = if setup.is_local() {
        queue.with_period(scaled_identify_period(TIME_SCALE))
    } else {
        queue
    };
    let config = config
        .into_builder()
        .gateway_url(info.url.as_str())
        .queue(Arc::new(queue))
        .build();
    let shards = create_range(0..info.shards, info.shards, config, |_, config| config)?;
    let mut stream = ShardEventStream::new(shards, wanted());

    let mut bot = Bot {
        log,
        http,
        cache: InMemoryCache::new(),
        tally: Tally::default(),
        replies: JoinSet::new(),
        me: None,
        shards_ready: HashSet::new(),
        total_shards: info.shards,
        loading: HashSet::new(),
        loaded: false,
    };
    let mut users = None;

    let mut ctrl_c = pin!(tokio::signal::ctrl_c());
    let mut time_up = pin!(async {
        match limit {
            Some(limit) => tokio::time::sleep(limit).await,
            None => std::future::pending().await,
        }
    });
    let mut ticks = tokio::time::interval_at(tokio::time::Instant::now() + TICK, TICK);
    let stopped_by = loop {
        tokio::select! {
            _ = &mut ctrl_c => break "Ctrl-C",
            () = &mut time_up => break "the time limit",
            Some(joined) = bot.replies.join_next() => {
                if let Ok(answer) = joined {
                    bot.answered(answer);
                }
            }
            _ = ticks.tick() => bot.tick(),
            item = stream.next() => match item {
                Some((shard, Ok(event))) => {
                    bot.on_event(shard, &event, &stream);
                    if bot.loaded
                        && users.is_none()
                        && let Some(mock) = &setup.mock
                    {
                        users = Some(users::spawn(mock, &fixtures, POST_EVERY));
                    }
                }
                Some((shard, Err(error))) if error.is_fatal() => {
                    return Err(fatal(shard, &error).into());
                }
                Some((shard, Err(error))) => bot.log.line(format_args!(
                    "shard {}: {error}; it reconnects",
                    shard.display_fraction()
                )),
                None => return Err("every shard has ended".into()),
            },
        }
    };

    if let Some(users) = users {
        users.abort();
    }
    bot.log.line(format_args!(
        "stopping ({stopped_by}); {} replies in flight",
        bot.replies.len()
    ));
    // Replies already sent are waited for, so they count.
    let _ = tokio::time::timeout(Duration::from_secs(5), async {
        while let Some(joined) = bot.replies.join_next().await {
            if let Ok(answer) = joined {
                bot.answered(answer);
            }
        }
    })
    .await;
    let mut shard_summaries: Vec<ShardSummary> = stream
        .shards()
        .map(|shard| ShardSummary {
            id: shard.id(),
            state: shard.state(),
            average: shard.latency().average(),
            heartbeats: shard.latency().heartbeats(),
        })
        .collect();
    shard_summaries.sort_by_key(|shard| shard.id.number());
    // A normal close ends the sessions at once instead of letting Discord
    // wait for them to time out; the stream waits (bounded) for the answers.
    let closed = stream.close(CloseFrame::NORMAL).await;
    bot.log.line(format_args!("closed {} shards", closed.len()));
    bot.tally.print_summary(
        bot.log.elapsed(),
        stopped_by,
        &bot.cache.stats(),
        &shard_summaries,
    );
    Ok(())
}

/// A shard's fatal error, with what to do about it.
fn fatal(shard: ShardId, error: &ReceiveMessageError) -> String {
    let hint = match error.kind() {
        ReceiveMessageErrorKind::FatallyClosed { close_code } => match u16::from(*close_code) {
            4004 => " (the token was rejected: check DISCORD_TOKEN)",
            4014 => {
                " (enable the MESSAGE CONTENT and SERVER MEMBERS intents for the bot in the \
                 developer portal)"
            }
            _ => "",
        },
        _ => "",
    };
    format!("shard {}: {error}{hint}", shard.display_fraction())
}

/// A command's reply, once its request finished.
struct Answer {
    /// Where the command came from, for the log.
    origin: String,
    command: Command,
    text: String,
    latency: Duration,
    result: Result<(), String>,
}

/// The bot: its cache, HTTP client and counts.
struct Bot {
    log: Log,
    http: Client,
    cache: InMemoryCache,
    tally: Tally,
    /// Replies being sent.
    replies: JoinSet<Answer>,
    /// The bot user, from READY.
    me: Option<Id<UserMarker>>,
    shards_ready: HashSet<u32>,
    total_shards: u32,
    /// Guilds whose members have not all arrived yet.
    loading: HashSet<Id<GuildMarker>>,
    /// Whether every shard is ready and every guild's members are cached.
    loaded: bool,
}

impl Bot {
    fn on_event(&mut self, shard: ShardId, event: &Event, stream: &ShardEventStream) {
        self.tally.event(event.name());
        self.cache.update(event);
        let (number, fraction) = (shard.number(), shard.display_fraction());
        match event {
            Event::Ready(ready) => {
                self.me = Some(ready.user.id);
                self.shards_ready.insert(number);
                self.loading
                    .extend(ready.guilds.iter().map(|guild| guild.id));
                self.log.line(format_args!(
                    "shard {fraction} READY as {} ({} guilds)",
                    ready.user.username,
                    ready.guilds.len()
                ));
            }
            Event::Resumed(_) => self.log.line(format_args!("shard {fraction} RESUMED")),
            Event::GuildCreate(guild) => match &**guild {
                GuildCreate::Available(guild) => {
                    // GUILD_CREATE carries only some members (without the
                    // presences intent, the bot and those in voice): ask
                    // for the rest, answered by GUILD_MEMBERS_CHUNKs.
                    let request = RequestGuildMembers::query(guild.id, "", 0);
                    let asked = stream
                        .shards()
                        .find(|candidate| candidate.id() == shard)
                        .is_some_and(|shard| shard.command(&request).is_ok());
                    if !asked {
                        self.loading.remove(&guild.id);
                    }
                    self.log.line(format_args!(
                        "shard {fraction} GUILD_CREATE {}: {} channels, {} members{}",
                        guild.name,
                        guild.channels.as_ref().map_or(0, Vec::len),
                        guild.member_count.unwrap_or_default(),
                        if asked { ", asking for them" } else { "" }
                    ));
                }
                GuildCreate::Unavailable(guild) => {
                    self.loading.remove(&guild.id);
                }
            },
            Event::GuildDelete(guild) => {
                self.loading.remove(&guild.id);
            }
            Event::GuildMembersChunk(chunk) if chunk.chunk_index + 1 >= chunk.chunk_count => {
                self.loading.remove(&chunk.guild_id);
            }
            Event::MessageCreate(message) => self.on_message(shard, message, stream),
            _ => {}
        }
        if !self.loaded
            && self.loading.is_empty()
            && self.shards_ready.len() == self.total_shards as usize
        {
            self.loaded = true;
            let stats = self.cache.stats();
            self.log.line(format_args!(
                "cache loaded: {} guilds, {} members, {} channels, {} roles",
                stats.guilds, stats.members, stats.channels, stats.roles
            ));
        }
    }

    fn on_message(&mut self, shard: ShardId, message: &Message, stream: &ShardEventStream) {
        self.tally.messages += 1;
        if message.author.bot == Some(true) {
            self.tally.bot_messages += 1;
            return;
        }
        let Some(command) = commands::Command::parse(&message.content) else {
            self.tally.chatter += 1;
            self.tally.chatter_since_tick += 1;
            return;
        };
        self.tally.commands += 1;
        let text = match command {
            Command::Ping => {
                let latency = stream
                    .shards()
                    .find(|candidate| candidate.id() == shard)
                    .map(twilight_gateway::Shard::latency);
                commands::ping(shard, latency)
            }
            Command::Stats => commands::stats(&self.cache, self.me, message.channel_id),
        };
        let channel = self
            .cache
            .channel(message.channel_id)
            .and_then(|channel| channel.name.as_deref().map(str::to_owned))
            .unwrap_or_else(|| message.channel_id.to_string());
        let guild = message
            .guild_id
            .and_then(|id| self.cache.guild(id).map(|guild| guild.name.to_string()))
            .unwrap_or_default();
        let origin = format!(
            "shard {}: {guild} #{channel} {}: {}",
            shard.number(),
            message.author.username,
            command.name()
        );
        let http = self.http.clone();
        let (channel_id, message_id) = (message.channel_id, message.id);
        self.replies.spawn(async move {
            let sent = tokio::time::Instant::now();
            let result = http
                .create_message(channel_id)
                .content(text.as_str())
                .reply(message_id)
                .await;
            Answer {
                origin,
                command,
                text,
                latency: sent.elapsed(),
                result: result.map(drop).map_err(|error| error.to_string()),
            }
        });
    }

    fn answered(&mut self, answer: Answer) {
        match answer.result {
            Ok(()) => {
                // Each command's first reply in full, the others cut short.
                let first = self.tally.answered(answer.command, answer.latency) == 1;
                let text = if first {
                    wrap(&answer.text, 90, "\n          ")
                } else {
                    shorten(&answer.text, 60)
                };
                self.log.line(format_args!(
                    "{} → replied \"{text}\" ({})",
                    answer.origin,
                    millis(answer.latency)
                ));
            }
            Err(error) => {
                self.tally.failed += 1;
                self.log
                    .line(format_args!("{} → reply failed: {error}", answer.origin));
            }
        }
    }

    /// Sums up the chatter since the last tick.
    fn tick(&mut self) {
        if self.tally.chatter_since_tick == 0 {
            return;
        }
        let stats = self.cache.stats();
        self.log.line(format_args!(
            "{} messages of chatter in the last {} s; {} messages cached",
            self.tally.chatter_since_tick,
            TICK.as_secs(),
            stats.messages
        ));
        self.tally.chatter_since_tick = 0;
    }
}
