//! The gateway server: Discord's WebSocket protocol on loopback, with its
//! session start limits, send ratelimit, close codes and resume buffer, and a
//! control surface for tests.
//!
//! Time: every duration the gateway enforces (heartbeat interval, identify
//! window, send ratelimit window, resume timeout) is Discord time, run
//! `time_scale` times faster. HELLO's `heartbeat_interval` is the *real*
//! interval in milliseconds, so a client heartbeats at the pace the mock
//! expects without knowing about the scale.

mod compress;
mod conn;
mod data;
mod etf;
mod log;
mod outbox;
mod quick_ack;
mod stream;

pub use compress::TransportCompression;
pub use data::GatewayData;
pub use log::{
    ConnectionRecord, DEFAULT_LOG_CAPACITY, DropReason, GatewayLog, IdentifyRecord, LogList,
    MAX_LOGGED_RAW, ReceivedPayload, ResumeRecord,
};
pub use stream::{Driver, NumberedStream, numbered_message};

use crate::{
    clock::Clock,
    config::{MockConfig, SessionStartLimit},
    hub::EventSink,
    message_content,
};
use outbox::Outbox;
use serde_json::Value;
use std::{
    collections::{HashMap, HashSet, VecDeque},
    sync::{Arc, Mutex, MutexGuard, OnceLock},
    time::Duration,
};
use tokio::{net::TcpListener, sync::watch, time::Instant};
use twilight_model::gateway::{Intents, OpCode};
use twilight_model::id::{Id, marker::GuildMarker};

/// The path of READY's `resume_gateway_url`, so tests can tell it was used.
pub const RESUME_PATH: &str = "/resume";

/// Discord's identify window per `max_concurrency` bucket.
const IDENTIFY_WINDOW: Duration = Duration::from_secs(5);

/// Which connections a control action applies to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// Every connection (identified or not).
    All,
    /// The identified connections of this shard id (any shard count).
    Shard(u32),
    /// One connection, by its id in the log.
    Connection(u64),
}

impl From<u32> for Target {
    fn from(shard: u32) -> Self {
        Self::Shard(shard)
    }
}

/// How to corrupt the next frame to a connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Corruption {
    /// Bytes that are not valid compressed data (on an uncompressed
    /// connection: a binary frame of junk).
    Compression,
    /// A payload that is not valid JSON (compressed as usual).
    Json,
}

/// What a connection's writer is told to do.
#[derive(Debug)]
pub(crate) enum Command {
    /// Send this JSON payload.
    Payload(Arc<str>),
    /// Send these payloads, in order: a RESUME's replay. One command, so
    /// that a replay longer than the outgoing queue (bounded by the
    /// session's resume buffer instead) is written as the client reads it,
    /// not taken for a client that does not read.
    Replay(std::collections::VecDeque<Arc<str>>),
    /// Corrupt the next payload.
    Corrupt(Corruption),
    /// Compress dispatches one by one from now on (IDENTIFY's `compress`).
    CompressPayloads,
    /// Close with a code and a reason.
    Close(u16, String),
    /// Drop the TCP connection without a close frame.
    Drop,
}

struct Conn {
    tx: Outbox,
    session: Option<String>,
    shard: Option<[u32; 2]>,
}

struct Session {
    shard: [u32; 2],
    intents: u64,
    seq: u64,
    buffer: VecDeque<(u64, Arc<str>)>,
    conn: Option<u64>,
    disconnected_at: Option<Instant>,
}

#[derive(Default)]
struct Faults {
    no_ack_all: bool,
    no_ack_shards: HashSet<u32>,
    delay: Duration,
}

struct Inner {
    next_conn: u64,
    next_session: u64,
    conns: HashMap<u64, Conn>,
    sessions: HashMap<String, Session>,
    buckets: HashMap<u32, Instant>,
    daily_used: u32,
    daily_reset_at: Instant,
    token_reset: bool,
    /// When each guild's whole member list was last requested.
    all_members: HashMap<u64, Instant>,
    faults: Faults,
    log: GatewayLog,
}

pub(crate) struct Shared {
    pub(crate) config: MockConfig,
    pub(crate) clock: Clock,
    pub(crate) data: Arc<dyn GatewayData>,
    started: Instant,
    url: OnceLock<String>,
    bot_id: OnceLock<String>,
    inner: Mutex<Inner>,
    changed: watch::Sender<u64>,
}

/// The gateway server and its control surface. Cheap to clone.
#[derive(Clone)]
pub struct Gateway {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for Gateway {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gateway")
            .field("url", &self.shared.url.get())
            .finish_non_exhaustive()
    }
}

impl Gateway {
    /// A gateway serving `data` as `config` says. Serve it with
    /// [`serve`](Self::serve).
    pub fn new(config: MockConfig, data: Arc<dyn GatewayData>) -> Self {
        let clock = Clock::new(config.time_scale);
        let now = Instant::now();
        let daily_reset_at = now + clock.real(config.session_start_limit.reset_after);
        let daily_used = config
            .session_start_limit
            .total
            .saturating_sub(config.session_start_limit.remaining);
        Self {
            shared: Arc::new(Shared {
                clock,
                data,
                started: now,
                url: OnceLock::new(),
                bot_id: OnceLock::new(),
                inner: Mutex::new(Inner {
                    next_conn: 0,
                    next_session: 0,
                    conns: HashMap::new(),
                    sessions: HashMap::new(),
                    buckets: HashMap::new(),
                    daily_used,
                    daily_reset_at,
                    token_reset: false,
                    all_members: HashMap::new(),
                    faults: Faults::default(),
                    log: GatewayLog::with_capacity(config.log_capacity),
                }),
                changed: watch::channel(0).0,
                config,
            }),
        }
    }

    /// Serves WebSocket connections from `listener` until the task is
    /// dropped. Sets [`url`](Self::url) from the listener's address.
    ///
    /// # Errors
    ///
    /// Returns an error if the listener's address cannot be read.
    pub fn serve(
        &self,
        listener: TcpListener,
    ) -> std::io::Result<impl Future<Output = ()> + Send + 'static> {
        let addr = listener.local_addr()?;
        let _ = self.shared.url.set(format!("ws://{addr}"));
        let shared = Arc::clone(&self.shared);
        Ok(async move {
            loop {
                let (stream, _) = match listener.accept().await {
                    Ok(accepted) => accepted,
                    Err(error) => {
                        tracing::warn!(%error, "gateway accept failed");
                        tokio::time::sleep(Duration::from_millis(10)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                tokio::spawn(conn::run(Arc::clone(&shared), stream));
            }
        })
    }

    /// The gateway URL (`ws://127.0.0.1:PORT`), once serving.
    pub fn url(&self) -> String {
        self.shared.url.get().cloned().unwrap_or_default()
    }

    /// READY's `resume_gateway_url`: the same server, on [`RESUME_PATH`].
    pub fn resume_url(&self) -> String {
        self.shared.resume_url()
    }

    /// The session start limit as GET /gateway/bot reports it now.
    pub fn session_start_limit(&self) -> SessionStartLimit {
        self.shared.session_start_limit()
    }

    /// Whether the daily identify limit was exceeded, which (as on Discord)
    /// reset the token: every identify and REST request with it now fails.
    pub fn token_reset(&self) -> bool {
        self.shared.lock().token_reset
    }

    /// Lifts a token reset and refills the daily session start limit.
    pub fn restore_token(&self) {
        let mut inner = self.shared.lock();
        inner.token_reset = false;
        inner.daily_used = 0;
        inner.daily_reset_at = Instant::now()
            + self
                .shared
                .clock
                .real(self.shared.config.session_start_limit.reset_after);
    }

    // ---- control: events ----

    /// Dispatches event `event` with `data` to the sessions of `target`
    /// (live or waiting for a resume: buffered with its seq either way).
    /// No intent filtering: tests choose what to send.
    #[allow(clippy::needless_pass_by_value)] // as `EventSink::dispatch`: call with `json!`
    pub fn dispatch_to(&self, target: impl Into<Target>, event: &str, data: Value) {
        let target = target.into();
        self.shared
            .dispatch_where(event, &data, |session, conn| match target {
                Target::All => true,
                Target::Shard(id) => session.shard[0] == id,
                Target::Connection(c) => conn == Some(c),
            });
    }

    /// Dispatches `event` to the sessions of the shard that owns `guild_id`
    /// (`(guild_id >> 22) % num_shards`), without intent filtering.
    #[allow(clippy::needless_pass_by_value)] // as `EventSink::dispatch`: call with `json!`
    pub fn dispatch_to_guild(&self, guild_id: Id<GuildMarker>, event: &str, data: Value) {
        self.shared
            .dispatch_routed(Some(guild_id), event, &data, false);
    }

    // ---- control: faults ----

    /// Drops the connections of `target` without a close frame (the session
    /// stays resumable).
    pub fn drop_connection(&self, target: impl Into<Target>) {
        self.shared.command(target.into(), || Command::Drop);
    }

    /// Closes the connections of `target` with `code` (sessions stay
    /// resumable unless the code says otherwise: 4004, 4007, 4010-4014).
    pub fn close_connection(&self, target: impl Into<Target>, code: u16, reason: &str) {
        self.shared
            .command(target.into(), || Command::Close(code, reason.to_owned()));
    }

    /// Sends RECONNECT (op 7) to `target`.
    pub fn send_reconnect(&self, target: impl Into<Target>) {
        let payload: Arc<str> = op_payload(OpCode::Reconnect, &Value::Null).into();
        self.shared
            .command(target.into(), || Command::Payload(Arc::clone(&payload)));
    }

    /// Sends INVALID_SESSION (op 9) with `d: resumable` to `target`; with
    /// `false` the sessions are invalidated (a resume gets op 9 again).
    pub fn send_invalid_session(&self, target: impl Into<Target>, resumable: bool) {
        let target = target.into();
        let payload: Arc<str> = op_payload(OpCode::InvalidSession, &Value::Bool(resumable)).into();
        self.shared
            .command(target, || Command::Payload(Arc::clone(&payload)));
        if !resumable {
            let mut inner = self.shared.lock();
            let ids: Vec<u64> = inner
                .conns
                .iter()
                .filter(|(id, c)| target_matches(target, **id, c))
                .map(|(id, _)| *id)
                .collect();
            for id in ids {
                if let Some(session) = inner.conns.get_mut(&id).and_then(|c| c.session.take()) {
                    inner.sessions.remove(&session);
                }
                if let Some(conn) = inner.conns.get_mut(&id) {
                    conn.shard = None;
                }
            }
        }
    }

    /// Asks `target` for an immediate heartbeat (op 1 from the server).
    pub fn request_heartbeat(&self, target: impl Into<Target>) {
        let payload: Arc<str> = op_payload(OpCode::Heartbeat, &Value::Null).into();
        self.shared
            .command(target.into(), || Command::Payload(Arc::clone(&payload)));
    }

    /// Stops answering heartbeats of shard `shard` (`None`: every connection).
    pub fn stop_heartbeat_acks(&self, shard: Option<u32>) {
        let mut inner = self.shared.lock();
        match shard {
            Some(shard) => {
                inner.faults.no_ack_shards.insert(shard);
            }
            None => inner.faults.no_ack_all = true,
        }
    }

    /// Answers every heartbeat again.
    pub fn resume_heartbeat_acks(&self) {
        let mut inner = self.shared.lock();
        inner.faults.no_ack_all = false;
        inner.faults.no_ack_shards.clear();
    }

    /// Delays every outgoing payload by `delay` (Discord time; zero: none).
    pub fn set_delay(&self, delay: Duration) {
        self.shared.lock().faults.delay = delay;
    }

    /// Corrupts the next frame sent to `target`.
    pub fn corrupt_next_frame(&self, target: impl Into<Target>, corruption: Corruption) {
        self.shared
            .command(target.into(), || Command::Corrupt(corruption));
    }

    /// Feeds `frames` to a connection without a socket (see
    /// [`fuzzing`](crate::fuzzing)); the connections and sessions left
    /// afterwards.
    #[cfg(feature = "fuzzing")]
    pub(crate) fn feed_frames(&self, frames: &[&[u8]], etf: bool) -> (usize, usize) {
        conn::fuzz::feed(&self.shared, frames, etf);
        let inner = self.shared.lock();
        (inner.conns.len(), inner.sessions.len())
    }

    // ---- logs ----

    /// A snapshot of everything logged so far.
    pub fn log(&self) -> GatewayLog {
        self.shared.lock().log.clone()
    }

    /// IDENTIFYs that started sessions, in order.
    pub fn identifies(&self) -> Vec<IdentifyRecord> {
        self.shared.lock().log.identifies.to_vec()
    }

    /// RESUMEs, in order.
    pub fn resumes(&self) -> Vec<ResumeRecord> {
        self.shared.lock().log.resumes.to_vec()
    }

    /// The payloads received, in order (the newest `log_capacity`).
    pub fn payloads(&self) -> Vec<ReceivedPayload> {
        self.shared.lock().log.payloads.to_vec()
    }

    /// Sessions started.
    pub fn sessions_started(&self) -> u64 {
        self.shared.lock().log.sessions_started
    }

    /// IDENTIFYs refused by the `max_concurrency` window.
    pub fn sessions_refused(&self) -> u64 {
        self.shared.lock().log.sessions_refused
    }

    /// Waits until `done` holds for the log (checked on every change).
    pub async fn wait_for(&self, mut done: impl FnMut(&GatewayLog) -> bool) {
        let mut rx = self.shared.changed.subscribe();
        loop {
            if done(&self.shared.lock().log) {
                return;
            }
            if rx.changed().await.is_err() {
                return;
            }
        }
    }

    /// Waits until `n` sessions were started by IDENTIFY.
    pub async fn wait_for_identifies(&self, n: usize) {
        self.wait_for(|log| log.identifies.len() >= n).await;
    }

    /// Waits until `n` RESUMEs arrived (successful or not).
    pub async fn wait_for_resumes(&self, n: usize) {
        self.wait_for(|log| log.resumes.len() >= n).await;
    }

    /// Waits until `n` connections were opened.
    pub async fn wait_for_connections(&self, n: usize) {
        self.wait_for(|log| log.connections.len() >= n).await;
    }

    /// Waits until `n` payloads were received.
    pub async fn wait_for_payloads(&self, n: usize) {
        self.wait_for(|log| log.payloads.len() >= n).await;
    }
}

impl EventSink for Gateway {
    fn dispatch(&self, guild_id: Option<Id<GuildMarker>>, event: &str, data: Value) {
        self.shared.dispatch_routed(guild_id, event, &data, true);
    }

    fn session_start_limit(&self) -> Option<SessionStartLimit> {
        Some(self.shared.session_start_limit())
    }

    fn token_reset(&self) -> bool {
        Gateway::token_reset(self)
    }
}

fn target_matches(target: Target, id: u64, conn: &Conn) -> bool {
    match target {
        Target::All => true,
        Target::Shard(shard) => conn.shard.is_some_and(|s| s[0] == shard),
        Target::Connection(c) => c == id,
    }
}

/// A non-dispatch payload: `s` and `t` null, as Discord sends them.
pub(crate) fn op_payload(op: OpCode, d: &Value) -> String {
    envelope(None, None, op, d)
}

/// A payload with its keys in Discord's order, `t`, `s`, `op`, then `d`
/// (a JSON object would sort them), so that a client reading the envelope
/// first need not skip `d`.
pub(crate) fn envelope(t: Option<&str>, s: Option<u64>, op: OpCode, d: &Value) -> String {
    let t = t.map_or_else(|| "null".to_owned(), |t| Value::from(t).to_string());
    let s = s.map_or_else(|| "null".to_owned(), |s| s.to_string());
    format!(r#"{{"t":{t},"s":{s},"op":{},"d":{d}}}"#, u8::from(op))
}

/// The shard owning a guild.
pub(crate) fn shard_of(guild_id: Id<GuildMarker>, num_shards: u32) -> u32 {
    u32::try_from((guild_id.get() >> 22) % u64::from(num_shards.max(1))).unwrap_or(0)
}

/// The intents an event needs (`None`: sent regardless of intents).
fn event_intents(event: &str, in_guild: bool) -> Option<u64> {
    let intents = match event {
        "GUILD_CREATE"
        | "GUILD_UPDATE"
        | "GUILD_DELETE"
        | "GUILD_ROLE_CREATE"
        | "GUILD_ROLE_UPDATE"
        | "GUILD_ROLE_DELETE"
        | "CHANNEL_CREATE"
        | "CHANNEL_UPDATE"
        | "CHANNEL_DELETE"
        | "THREAD_CREATE"
        | "THREAD_UPDATE"
        | "THREAD_DELETE"
        | "THREAD_LIST_SYNC"
        | "THREAD_MEMBER_UPDATE"
        | "STAGE_INSTANCE_CREATE"
        | "STAGE_INSTANCE_UPDATE"
        | "STAGE_INSTANCE_DELETE"
        | "VOICE_CHANNEL_STATUS_UPDATE"
        | "VOICE_CHANNEL_START_TIME_UPDATE" => Intents::GUILDS,
        "CHANNEL_PINS_UPDATE" => {
            if in_guild {
                Intents::GUILDS
            } else {
                Intents::DIRECT_MESSAGES
            }
        }
        "GUILD_MEMBER_ADD" | "GUILD_MEMBER_REMOVE" => Intents::GUILD_MEMBERS,
        "GUILD_AUDIT_LOG_ENTRY_CREATE" | "GUILD_BAN_ADD" | "GUILD_BAN_REMOVE" => {
            Intents::GUILD_MODERATION
        }
        "GUILD_EMOJIS_UPDATE"
        | "GUILD_STICKERS_UPDATE"
        | "GUILD_SOUNDBOARD_SOUND_CREATE"
        | "GUILD_SOUNDBOARD_SOUND_UPDATE"
        | "GUILD_SOUNDBOARD_SOUND_DELETE"
        | "GUILD_SOUNDBOARD_SOUNDS_UPDATE" => Intents::GUILD_EXPRESSIONS,
        "GUILD_INTEGRATIONS_UPDATE"
        | "INTEGRATION_CREATE"
        | "INTEGRATION_UPDATE"
        | "INTEGRATION_DELETE" => Intents::GUILD_INTEGRATIONS,
        "WEBHOOKS_UPDATE" => Intents::GUILD_WEBHOOKS,
        "INVITE_CREATE" | "INVITE_DELETE" => Intents::GUILD_INVITES,
        "VOICE_CHANNEL_EFFECT_SEND" | "VOICE_STATE_UPDATE" => Intents::GUILD_VOICE_STATES,
        "PRESENCE_UPDATE" => Intents::GUILD_PRESENCES,
        "MESSAGE_CREATE" | "MESSAGE_UPDATE" | "MESSAGE_DELETE" | "MESSAGE_DELETE_BULK" => {
            if in_guild {
                Intents::GUILD_MESSAGES
            } else {
                Intents::DIRECT_MESSAGES
            }
        }
        "MESSAGE_REACTION_ADD"
        | "MESSAGE_REACTION_REMOVE"
        | "MESSAGE_REACTION_REMOVE_ALL"
        | "MESSAGE_REACTION_REMOVE_EMOJI" => {
            if in_guild {
                Intents::GUILD_MESSAGE_REACTIONS
            } else {
                Intents::DIRECT_MESSAGE_REACTIONS
            }
        }
        "TYPING_START" => {
            if in_guild {
                Intents::GUILD_MESSAGE_TYPING
            } else {
                Intents::DIRECT_MESSAGE_TYPING
            }
        }
        "GUILD_SCHEDULED_EVENT_CREATE"
        | "GUILD_SCHEDULED_EVENT_UPDATE"
        | "GUILD_SCHEDULED_EVENT_DELETE"
        | "GUILD_SCHEDULED_EVENT_USER_ADD"
        | "GUILD_SCHEDULED_EVENT_USER_REMOVE" => Intents::GUILD_SCHEDULED_EVENTS,
        "AUTO_MODERATION_RULE_CREATE"
        | "AUTO_MODERATION_RULE_UPDATE"
        | "AUTO_MODERATION_RULE_DELETE" => Intents::AUTO_MODERATION_CONFIGURATION,
        "AUTO_MODERATION_ACTION_EXECUTION" => Intents::AUTO_MODERATION_EXECUTION,
        "MESSAGE_POLL_VOTE_ADD" | "MESSAGE_POLL_VOTE_REMOVE" => {
            if in_guild {
                Intents::GUILD_MESSAGE_POLLS
            } else {
                Intents::DIRECT_MESSAGE_POLLS
            }
        }
        _ => return None,
    };
    Some(intents.bits())
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic while holding the lock cannot leave the data half-written
        // in a way that matters to a test double; keep serving.
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn notify(&self) {
        self.changed.send_modify(|n| *n = n.wrapping_add(1));
    }

    pub(crate) fn now(&self) -> Duration {
        self.clock.elapsed(self.started)
    }

    pub(crate) fn resume_url(&self) -> String {
        format!("{}{RESUME_PATH}", self.url.get().map_or("", String::as_str))
    }

    fn session_start_limit(&self) -> SessionStartLimit {
        let mut inner = self.lock();
        self.roll_daily(&mut inner);
        let config = &self.config.session_start_limit;
        SessionStartLimit {
            total: config.total,
            remaining: config.total.saturating_sub(inner.daily_used),
            reset_after: self.clock.discord(
                inner
                    .daily_reset_at
                    .saturating_duration_since(Instant::now()),
            ),
            max_concurrency: config.max_concurrency,
        }
    }

    fn roll_daily(&self, inner: &mut Inner) {
        let now = Instant::now();
        if now >= inner.daily_reset_at {
            inner.daily_used = 0;
            inner.daily_reset_at =
                now + self.clock.real(self.config.session_start_limit.reset_after);
        }
    }

    /// Forgets sessions whose resume timeout passed.
    fn prune(&self, inner: &mut Inner) {
        let timeout = self.clock.real(self.config.resume_timeout);
        inner
            .sessions
            .retain(|_, s| s.disconnected_at.is_none_or(|at| at.elapsed() < timeout));
    }

    fn command(&self, target: Target, mut make: impl FnMut() -> Command) {
        let inner = self.lock();
        for (id, conn) in &inner.conns {
            if target_matches(target, *id, conn) {
                conn.tx.send(make());
            }
        }
    }

    fn dispatch_routed(
        &self,
        guild_id: Option<Id<GuildMarker>>,
        event: &str,
        data: &Value,
        filter_intents: bool,
    ) {
        let needed = if filter_intents {
            event_intents(event, guild_id.is_some())
        } else {
            None
        };
        let wanted = |session: &Session, _: Option<u64>| {
            let shard_ok = match guild_id {
                Some(guild_id) => shard_of(guild_id, session.shard[1]) == session.shard[0],
                // Events without a guild go to shard 0 only.
                None => session.shard[0] == 0,
            };
            shard_ok && needed.is_none_or(|bits| session.intents & bits != 0)
        };
        if !(filter_intents && matches!(event, "MESSAGE_CREATE" | "MESSAGE_UPDATE")) {
            self.dispatch_where(event, data, wanted);
            return;
        }
        // Sessions without MESSAGE_CONTENT get the message emptied. The
        // bot's id is read before the gateway's lock is taken.
        let bot_id = self.bot_id();
        let mut blanked = data.clone();
        message_content::blank(&mut blanked, &bot_id, guild_id.is_none());
        self.dispatch_where(event, data, |s, c| {
            wanted(s, c) && s.intents & message_content::MESSAGE_CONTENT != 0
        });
        self.dispatch_where(event, &blanked, |s, c| {
            wanted(s, c) && s.intents & message_content::MESSAGE_CONTENT == 0
        });
    }

    /// The bot's user id, as the world reports it.
    fn bot_id(&self) -> String {
        self.bot_id
            .get_or_init(|| {
                self.data.bot_user()["id"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned()
            })
            .clone()
    }

    fn dispatch_where(
        &self,
        event: &str,
        data: &Value,
        mut wanted: impl FnMut(&Session, Option<u64>) -> bool,
    ) {
        let mut inner = self.lock();
        self.prune(&mut inner);
        let ids: Vec<String> = inner
            .sessions
            .iter()
            .filter(|(_, s)| wanted(s, s.conn))
            .map(|(id, _)| id.clone())
            .collect();
        for id in ids {
            self.push_dispatch(&mut inner, &id, event, data);
        }
    }

    /// Gives a dispatch the session's next seq, buffers it for resumes and
    /// sends it to the attached connection, if any.
    fn push_dispatch(&self, inner: &mut Inner, session_id: &str, event: &str, data: &Value) {
        let Some(session) = inner.sessions.get_mut(session_id) else {
            return;
        };
        session.seq += 1;
        let seq = session.seq;
        let payload: Arc<str> = envelope(Some(event), Some(seq), OpCode::Dispatch, data).into();
        session.buffer.push_back((seq, Arc::clone(&payload)));
        while session.buffer.len() > self.config.resume_buffer.max(1) {
            session.buffer.pop_front();
        }
        if let Some(conn) = session.conn.and_then(|c| inner.conns.get(&c)) {
            conn.tx.send(Command::Payload(payload));
        }
    }
}
