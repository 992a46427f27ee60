//! Redis Streams (the redis crate; Redis 6.2 or later).
//!
//! # Keys
//!
//! Every subject of the [layout](crate::layout) is a stream key:
//! `discord.<app>.events.<EVENT_TYPE>.<shard>` holds that type's events of
//! that shard, `discord.<app>.dead.<EVENT_TYPE>.<shard>` its dead letters,
//! `discord.<app>.commands.<shard>` the shard's commands. The sets
//! `discord.<app>.events` and `discord.<app>.dead` list the stream keys
//! written so far, so consumers find the streams of new event types and
//! shards (they look again every few seconds).
//!
//! An entry has the fields `id` (the stable id), `shard`
//! (`<number>/<total>`), `guild` (the id, or empty) and `payload` (the raw
//! dispatch); a command entry only `payload`.
//!
//! # Publishing and de-duplication
//!
//! One Lua script per event, so the check and the write are atomic: `SET
//! discord.<app>.seen.<stable id> NX PX <duplicate window>`; if the key
//! already existed the event is a duplicate and nothing is written;
//! otherwise `XADD … MAXLEN ~ <max_messages> *`, `XTRIM … MINID ~ <now −
//! max_age>` and `SADD` of the key to its family's set. Stream ids are
//! Redis's own (`*`), not derived from sequences, because one stream
//! gathers many sessions' events. Retention applies per stream key (per
//! event type and shard), and `~` trims whole macro nodes, so a stream may
//! hold up to one node (`stream-node-max-entries`, 100 by default) beyond
//! `max_messages`.
//!
//! A publisher has one writer task: publishes queue on a bounded channel
//! and the task sends what has queued as one pipeline, waits for the
//! replies and resolves each [`PendingAck`]; one task and one connection
//! keep the publish order. A reply means Redis applied the write; how
//! durable that is depends on the server: only with AOF and `appendfsync
//! always` does an acknowledged event survive a Redis crash or restart
//! (with `everysec`, the default, up to a second of acknowledged writes
//! can be lost; without persistence, everything).
//!
//! # Connections and timeouts
//!
//! Every command waits for its reply at most
//! [`ConnectionConfig::response_timeout`] (a blocking read: that beyond
//! its block time); a pipeline of publishes at most
//! [`PublishConfig::ack_timeout`], which also bounds each [`PendingAck`]
//! from the moment it was handed over. A command that fails on the socket
//! or gets no reply in time drops its connection, and the next command
//! connects again (pausing between failed attempts, up to
//! [`ConnectionConfig::max_reconnect_delay`]), so the adapter recovers by
//! itself when Redis comes back; the failed publishes resolve with
//! [`ErrorKind::Timeout`] or [`ErrorKind::Connection`] and the caller
//! publishes them again (de-duplication drops those Redis had stored).
//!
//! # Consuming
//!
//! A group is a consumer group of that name on every stream it wants
//! (created from the stream's start, `0`, when missing). A consumer reads
//! new entries with `XREADGROUP … >` on its own connection (blocking reads
//! would hold up other commands on a shared one), and, a few times per
//! ack wait, takes over entries other consumers (or itself) left pending
//! longer than the ack wait with `XAUTOCLAIM`; `XPENDING` gives their
//! delivery count. A nack sets the entry's idle time with `XCLAIM … IDLE`
//! so it is claimed again after the delay. An entry about to be delivered
//! for the `max_deliver + 1`-th time is moved by a script that, atomically,
//! `XADD`s it to the dead-letter stream and `XACK`s the original.

use crate::layout::{Family, Layout};
use crate::publish::InFlight;
use crate::{
    Acked, Acker, BoxFuture, CommandDelivery, CommandPublisher, CommandSubscriber, Consumer,
    ConsumerConfig, Delivery, Error, ErrorKind, EventMeta, OutgoingEvent, PendingAck,
    PublishConfig, Publisher, Retention, ShardCommand, StableId,
};
use bytes::Bytes;
use redis::streams::{StreamAutoClaimReply, StreamId, StreamPendingCountReply, StreamReadReply};
use redis::{Client, Value};
use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};
use tokio::time::Instant;
use twilight_model::gateway::ShardId;
use twilight_model::id::Id;

mod connection;

pub use connection::{ConnectionConfig, RedisConnection};

/// Publishes one event unless its stable id was seen (returns 1 or 0).
/// KEYS: stream, seen key, family set. ARGV: maxlen, max age ms, window
/// ms, id, shard, guild, payload.
const PUBLISH: &str = r"
if not redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[3]) then return 0 end
redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'id', ARGV[4], 'shard', ARGV[5], 'guild', ARGV[6], 'payload', ARGV[7])
local now = redis.call('TIME')
local min = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) - tonumber(ARGV[2])
if min > 0 then redis.call('XTRIM', KEYS[1], 'MINID', '~', min) end
redis.call('SADD', KEYS[3], KEYS[1])
return 1
";

/// Moves an entry to the dead letters. KEYS: dead stream, dead set,
/// source stream. ARGV: group, entry id, maxlen, id, shard, guild, payload.
const DEAD_LETTER: &str = r"
redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[3], '*', 'id', ARGV[4], 'shard', ARGV[5], 'guild', ARGV[6], 'payload', ARGV[7])
redis.call('SADD', KEYS[2], KEYS[1])
return redis.call('XACK', KEYS[3], ARGV[1], ARGV[2])
";

/// How often a consumer looks for new streams.
const REFRESH: Duration = Duration::from_secs(2);
/// The longest a blocking read waits before the consumer looks again.
const BLOCK: Duration = Duration::from_millis(500);
/// The most publishes sent in one pipeline.
const MAX_PIPELINE: usize = 512;

fn redis_error(why: redis::RedisError) -> Error {
    Error::with_source(redis_error_kind(&why), why)
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

/// A Redis Streams broker of one application.
#[derive(Clone)]
pub struct RedisBroker {
    connection: RedisConnection,
    layout: Layout,
    retention: Retention,
}

impl std::fmt::Debug for RedisBroker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisBroker")
            .field("layout", &self.layout)
            .field("retention", &self.retention)
            .finish_non_exhaustive()
    }
}

impl RedisBroker {
    /// Connects to `url` (`redis://host:port/db`) with the default
    /// [`ConnectionConfig`].
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Connection`] if Redis cannot be reached or the URL is
    /// invalid.
    pub async fn connect(url: &str, layout: Layout, retention: Retention) -> Result<Self, Error> {
        Self::connect_with(url, layout, retention, ConnectionConfig::default()).await
    }

    /// Connects to `url` with `config`'s timeouts and reconnect pauses.
    ///
    /// # Errors
    ///
    /// As [`RedisBroker::connect`].
    pub async fn connect_with(
        url: &str,
        layout: Layout,
        retention: Retention,
        config: ConnectionConfig,
    ) -> Result<Self, Error> {
        let client =
            Client::open(url).map_err(|why| Error::with_source(ErrorKind::Connection, why))?;
        let connection = RedisConnection::connect(client, config)
            .await
            .map_err(|why| Error::with_source(ErrorKind::Connection, why))?;
        Ok(Self {
            connection,
            layout,
            retention,
        })
    }

    /// The layout.
    #[must_use]
    pub const fn layout(&self) -> &Layout {
        &self.layout
    }

    /// A connection for inspection (stream lengths, pending entries).
    #[must_use]
    pub fn connection(&self) -> RedisConnection {
        self.connection.clone()
    }

    /// A publisher: its own writer task over the broker's connection,
    /// waiting up to the config's `ack_timeout` for each pipeline's
    /// replies. Call from within a tokio runtime.
    #[must_use]
    pub fn publisher(&self, config: &PublishConfig) -> RedisPublisher {
        let (sender, receiver) = mpsc::channel(config.max_in_flight.max(1));
        tokio::spawn(write(
            self.connection.with_timeout(config.ack_timeout),
            self.retention.clone(),
            receiver,
        ));
        RedisPublisher {
            layout: self.layout.clone(),
            in_flight: InFlight::new(config),
            ack_timeout: config.ack_timeout,
            sender,
        }
    }

    /// A consumer of a group, on a connection of its own for blocking
    /// reads.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidName`] for bad names; [`ErrorKind::Connection`]
    /// if the connection fails.
    pub async fn consumer(&self, config: ConsumerConfig) -> Result<RedisConsumer, Error> {
        config.check()?;
        Ok(RedisConsumer {
            reader: self.reader(Arc::new(config), None).await?,
        })
    }

    async fn reader(
        &self,
        config: Arc<ConsumerConfig>,
        fixed: Option<Vec<String>>,
    ) -> Result<Reader, Error> {
        let reads = self
            .connection
            .separate()
            .await
            .map_err(|why| Error::with_source(ErrorKind::Connection, why))?;
        let reads = reads.with_timeout(reads.config().response_timeout + BLOCK);
        Ok(Reader {
            reads,
            connection: self.connection.clone(),
            layout: self.layout.clone(),
            max_messages: self.retention.max_messages,
            reclaim_every: (config.ack_wait / 4)
                .clamp(Duration::from_millis(100), Duration::from_secs(5)),
            config,
            refresh: fixed.is_none(),
            streams: fixed.unwrap_or_default(),
            refreshed: None,
            reclaimed: None,
            ready: VecDeque::new(),
        })
    }

    /// A sender of commands.
    #[must_use]
    pub fn command_publisher(&self) -> RedisCommandPublisher {
        RedisCommandPublisher {
            connection: self.connection.clone(),
            layout: self.layout.clone(),
            max_messages: self.retention.max_messages,
        }
    }

    /// A reader of the commands of `shards` (group `cluster` on each
    /// shard's command stream).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Connection`] if the connection fails.
    pub async fn command_subscriber(
        &self,
        shards: impl IntoIterator<Item = u32>,
        ack_wait: Duration,
    ) -> Result<RedisCommandSubscriber, Error> {
        let shards: Vec<u32> = shards.into_iter().collect();
        let mut config = ConsumerConfig::new("cluster", "cluster")
            .shards(shards.iter().copied())
            .ack_wait(ack_wait);
        config.family = Family::Commands;
        let streams = shards
            .iter()
            .map(|&shard| self.layout.commands(shard))
            .collect();
        Ok(RedisCommandSubscriber {
            reader: self.reader(Arc::new(config), Some(streams)).await?,
        })
    }
}

struct Request {
    keys: [String; 3],
    args: [Vec<u8>; 4],
    answer: oneshot::Sender<Result<Acked, Error>>,
}

/// The writer task of a publisher: pipelines whatever has queued.
async fn write(
    mut connection: RedisConnection,
    retention: Retention,
    mut requests: mpsc::Receiver<Request>,
) {
    let script = redis::Script::new(PUBLISH);
    let max_age = millis(retention.max_age);
    let window = millis(retention.duplicate_window);
    let mut batch = Vec::with_capacity(MAX_PIPELINE);
    while requests.recv_many(&mut batch, MAX_PIPELINE).await > 0 {
        let mut pipe = redis::pipe();
        for request in &batch {
            pipe.cmd("EVALSHA")
                .arg(script.get_hash())
                .arg(3)
                .arg(&request.keys[..])
                .arg(retention.max_messages)
                .arg(max_age)
                .arg(window)
                .arg(&request.args[..]);
        }
        let mut answer = pipe.query_async::<Vec<i64>>(&mut connection).await;
        if answer
            .as_ref()
            .is_err_and(|why| why.kind() == redis::ErrorKind::NoScriptError)
        {
            // A restarted or flushed Redis forgot the script. Sending the
            // batch again is safe: the script drops what it already wrote.
            let loaded = redis::cmd("SCRIPT")
                .arg("LOAD")
                .arg(PUBLISH)
                .query_async::<String>(&mut connection)
                .await;
            answer = match loaded {
                Ok(_) => pipe.query_async::<Vec<i64>>(&mut connection).await,
                Err(why) => Err(why),
            };
        }
        match answer {
            Ok(written) => {
                for (request, written) in batch.drain(..).zip(written) {
                    let _ = request.answer.send(Ok(Acked {
                        duplicate: written == 0,
                    }));
                }
            }
            Err(why) => {
                let why = Arc::new(why);
                for request in batch.drain(..) {
                    let _ = request.answer.send(Err(Error::with_source(
                        redis_error_kind(&why),
                        SharedError(Arc::clone(&why)),
                    )));
                }
            }
        }
    }
}

fn redis_error_kind(why: &redis::RedisError) -> ErrorKind {
    if why.is_timeout() {
        ErrorKind::Timeout
    } else if why.is_io_error() || why.is_connection_dropped() || why.is_connection_refusal() {
        ErrorKind::Connection
    } else {
        ErrorKind::Broker
    }
}

/// One Redis error reported to every publish of a failed pipeline.
#[derive(Debug)]
struct SharedError(Arc<redis::RedisError>);

impl std::fmt::Display for SharedError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for SharedError {}

/// [`Publisher`] over Redis Streams.
#[derive(Clone, Debug)]
pub struct RedisPublisher {
    layout: Layout,
    in_flight: InFlight,
    ack_timeout: Duration,
    sender: mpsc::Sender<Request>,
}

fn entry_args(meta: &EventMeta, payload: &Bytes) -> [Vec<u8>; 4] {
    [
        meta.stable_id.to_string().into_bytes(),
        format!("{}/{}", meta.shard.number(), meta.shard.total()).into_bytes(),
        meta.guild_id
            .map(|id| id.to_string())
            .unwrap_or_default()
            .into_bytes(),
        payload.to_vec(),
    ]
}

impl Publisher for RedisPublisher {
    fn publish(&self, event: OutgoingEvent) -> BoxFuture<'_, Result<PendingAck, Error>> {
        Box::pin(async move {
            let stream = self
                .layout
                .event(&event.meta.event_type, event.meta.shard.number())?;
            let permit = self.in_flight.acquire().await?;
            let (answer, answered) = oneshot::channel();
            let request = Request {
                keys: [
                    stream,
                    self.layout.seen(&event.meta.stable_id.to_string()),
                    self.layout.family(Family::Events),
                ],
                args: entry_args(&event.meta, &event.payload),
                answer,
            };
            self.sender
                .send(request)
                .await
                .map_err(|_| Error::new(ErrorKind::Closed))?;
            let ack_timeout = self.ack_timeout;
            Ok(PendingAck::new(
                async move {
                    // The writer answers within its own deadline; this one
                    // also covers the wait behind earlier pipelines.
                    match tokio::time::timeout(ack_timeout, answered).await {
                        Ok(answer) => answer.map_err(|_| Error::new(ErrorKind::Closed))?,
                        Err(_) => Err(Error::new(ErrorKind::Timeout)),
                    }
                },
                Some(permit),
            ))
        })
    }
}

/// Reads entries of one group from a set of streams.
struct Reader {
    reads: RedisConnection,
    connection: RedisConnection,
    layout: Layout,
    max_messages: usize,
    config: Arc<ConsumerConfig>,
    /// Whether `streams` comes from the family's set (else fixed).
    refresh: bool,
    streams: Vec<String>,
    refreshed: Option<Instant>,
    reclaim_every: Duration,
    reclaimed: Option<Instant>,
    ready: VecDeque<(String, StreamId, u64)>,
}

/// A field of an entry as bytes.
fn field<'a>(entry: &'a StreamId, name: &str) -> Option<&'a [u8]> {
    match entry.map.get(name)? {
        Value::BulkString(bytes) => Some(bytes),
        Value::SimpleString(text) => Some(text.as_bytes()),
        _ => None,
    }
}

fn text_field<'a>(entry: &'a StreamId, name: &str) -> Result<&'a str, Error> {
    field(entry, name)
        .and_then(|bytes| std::str::from_utf8(bytes).ok())
        .ok_or_else(|| Error::malformed(format!("entry {} has no field {name}", entry.id)))
}

impl Reader {
    async fn ensure_group(&mut self, stream: &str) -> Result<(), Error> {
        let created = redis::cmd("XGROUP")
            .arg("CREATE")
            .arg(stream)
            .arg(&self.config.group)
            .arg("0")
            .arg("MKSTREAM")
            .query_async::<()>(&mut self.connection)
            .await;
        match created {
            Err(why) if why.code() != Some("BUSYGROUP") => Err(redis_error(why)),
            _ => Ok(()),
        }
    }

    async fn refresh_streams(&mut self, now: Instant) -> Result<(), Error> {
        if self
            .refreshed
            .is_some_and(|at| now.duration_since(at) < REFRESH)
        {
            return Ok(());
        }
        self.refreshed = Some(now);
        if self.refresh {
            let all: Vec<String> = redis::cmd("SMEMBERS")
                .arg(self.layout.family(self.config.family))
                .query_async(&mut self.connection)
                .await
                .map_err(redis_error)?;
            let mut wanted: Vec<String> = all
                .into_iter()
                .filter(|key| {
                    self.layout
                        .parse(self.config.family, key)
                        .is_ok_and(|(event_type, shard)| self.config.wants(event_type, shard))
                })
                .collect();
            wanted.sort();
            for stream in &wanted {
                if !self.streams.contains(stream) {
                    self.ensure_group(stream).await?;
                }
            }
            self.streams = wanted;
        } else {
            for stream in self.streams.clone() {
                self.ensure_group(&stream).await?;
            }
        }
        Ok(())
    }

    /// Claims entries pending longer than the ack wait, with their counts.
    async fn reclaim(&mut self, now: Instant) -> Result<(), Error> {
        if self
            .reclaimed
            .is_some_and(|at| now.duration_since(at) < self.reclaim_every)
        {
            return Ok(());
        }
        self.reclaimed = Some(now);
        let min_idle = millis(self.config.ack_wait);
        for stream in self.streams.clone() {
            let claimed: StreamAutoClaimReply = redis::cmd("XAUTOCLAIM")
                .arg(&stream)
                .arg(&self.config.group)
                .arg(&self.config.name)
                .arg(min_idle)
                .arg("0-0")
                .arg("COUNT")
                .arg(self.config.batch.max(1))
                .query_async(&mut self.connection)
                .await
                .map_err(redis_error)?;
            let (Some(first), Some(last)) = (claimed.claimed.first(), claimed.claimed.last())
            else {
                continue;
            };
            let pending: StreamPendingCountReply = redis::cmd("XPENDING")
                .arg(&stream)
                .arg(&self.config.group)
                .arg(&first.id)
                .arg(&last.id)
                .arg(claimed.claimed.len())
                .arg(&self.config.name)
                .query_async(&mut self.connection)
                .await
                .map_err(redis_error)?;
            for entry in claimed.claimed {
                let count = pending
                    .ids
                    .iter()
                    .find(|pending| pending.id == entry.id)
                    .map_or(2, |pending| pending.times_delivered);
                self.ready.push_back((
                    stream.clone(),
                    entry,
                    u64::try_from(count).unwrap_or(u64::MAX),
                ));
            }
        }
        Ok(())
    }

    async fn read_new(&mut self) -> Result<(), Error> {
        if self.streams.is_empty() {
            tokio::time::sleep(BLOCK).await;
            return Ok(());
        }
        let mut read = redis::cmd("XREADGROUP");
        read.arg("GROUP")
            .arg(&self.config.group)
            .arg(&self.config.name)
            .arg("COUNT")
            .arg(self.config.batch.max(1))
            .arg("BLOCK")
            .arg(millis(BLOCK))
            .arg("STREAMS")
            .arg(&self.streams);
        for _ in &self.streams {
            read.arg(">");
        }
        let reply: Option<StreamReadReply> = match read.query_async(&mut self.reads).await {
            Ok(reply) => reply,
            // A stream or group deleted under us: look again.
            Err(why) if why.code() == Some("NOGROUP") => {
                self.refreshed = None;
                self.streams.clear();
                return Ok(());
            }
            Err(why) => return Err(redis_error(why)),
        };
        for key in reply.map(|reply| reply.keys).unwrap_or_default() {
            for entry in key.ids {
                self.ready.push_back((key.key.clone(), entry, 1));
            }
        }
        Ok(())
    }

    /// The next entry: reclaimed ones first, then new ones.
    async fn next(&mut self) -> Result<(String, StreamId, u64), Error> {
        loop {
            if let Some(entry) = self.ready.pop_front() {
                return Ok(entry);
            }
            let now = Instant::now();
            self.refresh_streams(now).await?;
            self.reclaim(now).await?;
            if self.ready.is_empty() {
                self.read_new().await?;
            }
        }
    }

    fn acker(&self, stream: String, id: String) -> RedisAcker {
        RedisAcker {
            connection: self.connection.clone(),
            config: Arc::clone(&self.config),
            stream,
            id,
        }
    }

    async fn dead_letter(
        &mut self,
        stream: &str,
        entry: &StreamId,
        meta: &EventMeta,
    ) -> Result<(), Error> {
        let dead = self.layout.dead(&meta.event_type, meta.shard.number())?;
        let payload = Bytes::copy_from_slice(field(entry, "payload").unwrap_or_default());
        redis::Script::new(DEAD_LETTER)
            .key(dead)
            .key(self.layout.family(Family::Dead))
            .key(stream)
            .arg(&self.config.group)
            .arg(&entry.id)
            .arg(self.max_messages)
            .arg(&entry_args(meta, &payload)[..])
            .invoke_async::<i64>(&mut self.connection)
            .await
            .map_err(redis_error)?;
        tracing::warn!(
            stable_id = %meta.stable_id,
            event_type = &*meta.event_type,
            group = self.config.group,
            "event moved to the dead letters after {} deliveries",
            self.config.max_deliver
        );
        Ok(())
    }
}

fn meta_of(
    layout: &Layout,
    family: Family,
    stream: &str,
    entry: &StreamId,
) -> Result<EventMeta, Error> {
    let (event_type, number) = layout.parse(family, stream)?;
    let stable_id = StableId::parse(text_field(entry, "id")?)?;
    let total = text_field(entry, "shard")?
        .split_once('/')
        .and_then(|(_, total)| total.parse().ok())
        .ok_or_else(|| Error::malformed(format!("entry {}: bad shard", entry.id)))?;
    let shard = ShardId::new(number, total)
        .ok_or_else(|| Error::malformed(format!("shard {number} of {total}")))?;
    let guild = text_field(entry, "guild")?;
    let guild_id = if guild.is_empty() {
        None
    } else {
        Some(
            guild
                .parse::<u64>()
                .ok()
                .and_then(Id::new_checked)
                .ok_or_else(|| Error::malformed(format!("guild {guild:?}")))?,
        )
    };
    Ok(EventMeta {
        event_type: event_type.into(),
        shard,
        guild_id,
        stable_id,
    })
}

struct RedisAcker {
    connection: RedisConnection,
    config: Arc<ConsumerConfig>,
    stream: String,
    id: String,
}

impl RedisAcker {
    async fn xack(mut self) -> Result<(), Error> {
        redis::cmd("XACK")
            .arg(&self.stream)
            .arg(&self.config.group)
            .arg(&self.id)
            .query_async::<i64>(&mut self.connection)
            .await
            .map(drop)
            .map_err(redis_error)
    }
}

impl Acker for RedisAcker {
    fn ack(self: Box<Self>) -> BoxFuture<'static, Result<(), Error>> {
        Box::pin(self.xack())
    }

    fn nack(self: Box<Self>, delay: Duration) -> BoxFuture<'static, Result<(), Error>> {
        let mut this = *self;
        Box::pin(async move {
            // Idle as if delivered `ack_wait - delay` ago: claimable after
            // `delay`. JUSTID leaves the delivery count to the next claim.
            let idle = millis(this.config.ack_wait.saturating_sub(delay));
            redis::cmd("XCLAIM")
                .arg(&this.stream)
                .arg(&this.config.group)
                .arg(&this.config.name)
                .arg(0)
                .arg(&this.id)
                .arg("IDLE")
                .arg(idle)
                .arg("JUSTID")
                .query_async::<Value>(&mut this.connection)
                .await
                .map(drop)
                .map_err(redis_error)
        })
    }
}

/// [`Consumer`] of a Redis consumer group.
pub struct RedisConsumer {
    reader: Reader,
}

impl std::fmt::Debug for RedisConsumer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisConsumer")
            .field("config", &self.reader.config)
            .finish_non_exhaustive()
    }
}

impl Consumer for RedisConsumer {
    fn next(&mut self) -> BoxFuture<'_, Result<Delivery, Error>> {
        Box::pin(async move {
            loop {
                let (stream, entry, delivery) = self.reader.next().await?;
                let reader = &mut self.reader;
                let meta = match meta_of(&reader.layout, reader.config.family, &stream, &entry) {
                    Ok(meta) => meta,
                    Err(why) => {
                        tracing::warn!(stream, id = entry.id, "{why}; acknowledging it unread");
                        reader.acker(stream, entry.id).xack().await?;
                        continue;
                    }
                };
                if reader.config.is_exhausted(delivery) {
                    reader.dead_letter(&stream, &entry, &meta).await?;
                    continue;
                }
                let payload = Bytes::copy_from_slice(field(&entry, "payload").unwrap_or_default());
                let acker = reader.acker(stream, entry.id);
                return Ok(Delivery::new(meta, payload, delivery, Box::new(acker)));
            }
        })
    }
}

/// [`CommandPublisher`] over Redis Streams.
#[derive(Clone)]
pub struct RedisCommandPublisher {
    connection: RedisConnection,
    layout: Layout,
    max_messages: usize,
}

impl std::fmt::Debug for RedisCommandPublisher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisCommandPublisher")
            .field("layout", &self.layout)
            .finish_non_exhaustive()
    }
}

impl CommandPublisher for RedisCommandPublisher {
    fn send(&self, command: ShardCommand) -> BoxFuture<'_, Result<(), Error>> {
        let mut connection = self.connection.clone();
        Box::pin(async move {
            redis::cmd("XADD")
                .arg(self.layout.commands(command.shard()))
                .arg("MAXLEN")
                .arg("~")
                .arg(self.max_messages)
                .arg("*")
                .arg("payload")
                .arg(&command.payload()[..])
                .query_async::<String>(&mut connection)
                .await
                .map(drop)
                .map_err(redis_error)
        })
    }
}

/// [`CommandSubscriber`] over the shards' command streams.
pub struct RedisCommandSubscriber {
    reader: Reader,
}

impl std::fmt::Debug for RedisCommandSubscriber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisCommandSubscriber")
            .field("streams", &self.reader.streams)
            .finish_non_exhaustive()
    }
}

impl CommandSubscriber for RedisCommandSubscriber {
    fn next(&mut self) -> BoxFuture<'_, Result<CommandDelivery, Error>> {
        Box::pin(async move {
            loop {
                let (stream, entry, _) = self.reader.next().await?;
                let payload = Bytes::copy_from_slice(field(&entry, "payload").unwrap_or_default());
                let command = self
                    .reader
                    .layout
                    .parse(Family::Commands, &stream)
                    .and_then(|(_, shard)| ShardCommand::raw(shard, payload));
                let acker = self.reader.acker(stream, entry.id);
                match command {
                    Ok(command) => return Ok(CommandDelivery::new(command, Box::new(acker))),
                    Err(why) => {
                        tracing::warn!(stream = acker.stream, "refused command: {why}");
                        acker.xack().await?;
                    }
                }
            }
        })
    }
}
