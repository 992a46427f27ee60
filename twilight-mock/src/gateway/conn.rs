//! One gateway connection: the handshake, a writer (compression, delays,
//! corruption, closes) and a reader (heartbeats, identify, resume, requests,
//! ratelimit).

use super::{
    Command, Conn, ConnectionRecord, Corruption, IdentifyRecord, RESUME_PATH, ReceivedPayload,
    ResumeRecord, Session, Shared, TransportCompression, compress::Compressor, op_payload,
    quick_ack::QuickAck, shard_of,
};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Map, Value, json};
use std::{
    collections::{HashSet, VecDeque},
    hash::{BuildHasher, Hasher},
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    time::Duration,
};
use tokio::{net::TcpStream, sync::mpsc, time::Instant};
use tokio_websockets::{CloseCode, Limits, Message, ServerBuilder};
use twilight_model::id::{
    Id,
    marker::{GuildMarker, UserMarker},
};

/// Discord's limit on a payload a client sends.
const MAX_PAYLOAD: usize = 4096;
/// Frames above this are refused by the WebSocket layer itself (memory guard).
const MAX_FRAME: usize = 16 * 1024 * 1024;
/// Payloads per send window.
const SEND_LIMIT: u32 = 120;
/// The send window.
const SEND_WINDOW: Duration = Duration::from_secs(60);
/// Every intent bit Discord documents.
const VALID_INTENTS: u64 = 0x1_FFFF | (1 << 20) | (1 << 21) | (1 << 24) | (1 << 25);
/// GUILD_MEMBERS, GUILD_PRESENCES, MESSAGE_CONTENT.
const PRIVILEGED_INTENTS: u64 = (1 << 1) | (1 << 8) | (1 << 15);
const GUILD_MEMBERS: u64 = 1 << 1;
const GUILD_PRESENCES: u64 = 1 << 8;
/// Members per GUILD_MEMBERS_CHUNK.
const CHUNK_SIZE: usize = 1000;

/// A close the mock decides on: code and reason.
type Close = (u16, &'static str);

const DECODE_ERROR: Close = (4002, "Error while decoding payload.");
const UNKNOWN_OPCODE: Close = (4001, "Unknown opcode.");
const INVALID_PAYLOAD: Close = (4001, "Invalid payload for this opcode.");
const NOT_AUTHENTICATED: Close = (4003, "Not authenticated.");
const AUTHENTICATION_FAILED: Close = (4004, "Authentication failed.");
const ALREADY_AUTHENTICATED: Close = (4005, "Already authenticated.");
const INVALID_SEQ: Close = (4007, "Invalid seq.");
const RATE_LIMITED: Close = (4008, "Rate limited.");
const SESSION_TIMED_OUT: Close = (4009, "Session timed out.");
const INVALID_SHARD: Close = (4010, "Invalid shard.");
const SHARDING_REQUIRED: Close = (4011, "Sharding required.");
const INVALID_VERSION: Close = (4012, "Invalid API version.");
const INVALID_INTENTS: Close = (4013, "Invalid intent(s).");
const DISALLOWED_INTENTS: Close = (4014, "Disallowed intent(s).");

/// Whether a close with this code (by the mock) ends the session, rather
/// than leaving it resumable.
fn ends_session(code: u16) -> bool {
    matches!(code, 4004 | 4007 | 4010..=4014)
}

/// Serves one TCP connection.
pub(crate) async fn run(shared: Arc<Shared>, stream: TcpStream) {
    let builder = ServerBuilder::new().limits(Limits::default().max_payload_len(Some(MAX_FRAME)));
    let (request, ws) = match builder.accept(QuickAck::new(stream)).await {
        Ok(accepted) => accepted,
        Err(error) => {
            tracing::debug!(%error, "gateway handshake failed");
            return;
        }
    };
    let path = request
        .uri()
        .path_and_query()
        .map_or_else(|| "/".to_owned(), |p| p.as_str().to_owned());
    let resume_url = request.uri().path() == RESUME_PATH;
    let query = check_query(request.uri().query().unwrap_or(""));

    let (tx, rx) = mpsc::unbounded_channel();
    let id = {
        let mut inner = shared.lock();
        let id = inner.next_conn;
        inner.next_conn += 1;
        inner.conns.insert(
            id,
            Conn {
                tx: tx.clone(),
                session: None,
                shard: None,
            },
        );
        inner.log.connections.push(ConnectionRecord {
            id,
            path,
            resume_url,
            closed_with: None,
            at: shared.now(),
        });
        id
    };
    shared.notify();
    tracing::debug!(connection = id, "gateway connection opened");

    let closing = Arc::new(AtomicBool::new(false));
    let compression = match query {
        Ok(compression) => {
            let interval = shared.clock.real(shared.config.heartbeat_interval);
            let millis = u64::try_from(interval.as_millis())
                .unwrap_or(u64::MAX)
                .max(1);
            let hello = op_payload(10, &json!({ "heartbeat_interval": millis }));
            let _ = tx.send(Command::Payload(hello.into()));
            compression
        }
        Err((code, reason)) => {
            let _ = tx.send(Command::Close(code, reason.to_owned()));
            TransportCompression::None
        }
    };

    let (sink, stream) = ws.split();
    let reader = tokio::spawn(read_loop(
        Arc::clone(&shared),
        id,
        stream,
        tx.clone(),
        Arc::clone(&closing),
    ));
    drop(tx);
    let (server_code, client_code) =
        write_loop(&shared, id, sink, rx, compression, &closing, reader).await;

    // Detach from the session.
    let invalidate = match server_code {
        Some(code) => ends_session(code),
        None => matches!(client_code, Some(1000 | 1001)),
    };
    {
        let mut inner = shared.lock();
        if let Some(conn) = inner.conns.remove(&id)
            && let Some(session_id) = conn.session
        {
            let attached = inner
                .sessions
                .get(&session_id)
                .is_some_and(|s| s.conn == Some(id));
            if attached {
                if invalidate {
                    inner.sessions.remove(&session_id);
                } else if let Some(session) = inner.sessions.get_mut(&session_id) {
                    session.conn = None;
                    session.disconnected_at = Some(Instant::now());
                }
            }
        }
    }
    shared.notify();
    tracing::debug!(
        connection = id,
        ?server_code,
        ?client_code,
        "gateway connection ended"
    );
}

/// Reads `v`, `encoding` and `compress`; missing `v` and `encoding` are
/// tolerated (v10, JSON), as clients connect without them.
fn check_query(query: &str) -> Result<TransportCompression, Close> {
    let mut compression = TransportCompression::None;
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match key {
            "v" if value != "10" => return Err(INVALID_VERSION),
            // ETF is Discord's other encoding; the mock speaks JSON only and
            // answers it as undecodable.
            "encoding" if value != "json" => {
                return Err((4002, "Unsupported encoding (the mock speaks json only)."));
            }
            "compress" => {
                compression = match value {
                    "zlib-stream" => TransportCompression::ZlibStream,
                    "zstd-stream" => TransportCompression::ZstdStream,
                    _ => return Err((4002, "Unsupported transport compression.")),
                };
            }
            _ => {}
        }
    }
    Ok(compression)
}

type WsSink = futures_util::stream::SplitSink<tokio_websockets::WebSocketStream<QuickAck>, Message>;
type WsStream = futures_util::stream::SplitStream<tokio_websockets::WebSocketStream<QuickAck>>;

/// Sends what the connection is told to; returns the close code the mock
/// sent (if any) and the one the client sent (if any).
async fn write_loop(
    shared: &Shared,
    id: u64,
    mut sink: WsSink,
    mut rx: mpsc::UnboundedReceiver<Command>,
    compression: TransportCompression,
    closing: &AtomicBool,
    mut reader: tokio::task::JoinHandle<Option<u16>>,
) -> (Option<u16>, Option<u16>) {
    let mut compressor = match Compressor::new(compression) {
        Ok(compressor) => compressor,
        Err(error) => {
            tracing::warn!(%error, "gateway compressor failed");
            reader.abort();
            return (None, None);
        }
    };
    let mut corrupt: Option<Corruption> = None;
    loop {
        let command = tokio::select! {
            command = rx.recv() => command,
            result = &mut reader => {
                // The client went away (or closed).
                return (None, result.ok().flatten());
            }
        };
        let Some(command) = command else {
            break;
        };
        match command {
            Command::Payload(payload) => {
                if closing.load(Ordering::Acquire) {
                    continue;
                }
                let delay = shared.lock().faults.delay;
                if !delay.is_zero() {
                    shared.clock.sleep(delay).await;
                }
                let message = match frame(&mut compressor, payload.as_bytes(), corrupt.take()) {
                    Ok(message) => message,
                    Err(error) => {
                        tracing::warn!(%error, "gateway compression failed");
                        break;
                    }
                };
                if sink.send(message).await.is_err() {
                    break;
                }
            }
            Command::Corrupt(kind) => corrupt = Some(kind),
            Command::Close(code, reason) => {
                // The first close wins: the writer returns below.
                closing.store(true, Ordering::Release);
                let Some(close_code) = CloseCode::try_from(code).ok().filter(|c| !c.is_reserved())
                else {
                    // Not a code that can be sent: drop instead.
                    break;
                };
                {
                    let mut inner = shared.lock();
                    if let Some(record) = inner.log.connections.iter_mut().find(|c| c.id == id) {
                        record.closed_with = Some(code);
                    }
                }
                let mut reason = reason;
                while reason.len() > 123 {
                    reason.pop();
                }
                let _ = sink.send(Message::close(Some(close_code), &reason)).await;
                let _ = sink.flush().await;
                // Let the client read the close frame and answer it, so that
                // closing the socket does not reset it first.
                let client = tokio::time::timeout(Duration::from_secs(2), &mut reader).await;
                reader.abort();
                return (Some(code), client.ok().and_then(Result::ok).flatten());
            }
            Command::Drop => break,
        }
    }
    reader.abort();
    (None, None)
}

/// Encodes one payload as the connection's frames look.
fn frame(
    compressor: &mut Compressor,
    payload: &[u8],
    corrupt: Option<Corruption>,
) -> std::io::Result<Message> {
    match corrupt {
        Some(Corruption::Compression) => {
            // Not a valid zlib or zstd continuation (a reserved block type /
            // a bad block header), with the zlib flush suffix so that a
            // zlib-stream client tries to inflate it.
            let junk: &'static [u8] = &[0xff, 0xfe, 0xfd, 0xfc, 0x13, 0x37, 0x00, 0x00, 0xff, 0xff];
            Ok(Message::binary(junk))
        }
        Some(Corruption::Json) => {
            let broken = &payload[..payload.len() / 2];
            encode(compressor, broken)
        }
        None => encode(compressor, payload),
    }
}

fn encode(compressor: &mut Compressor, payload: &[u8]) -> std::io::Result<Message> {
    if compressor.is_compressed() {
        Ok(Message::binary(compressor.compress(payload)?))
    } else {
        Ok(Message::text(String::from_utf8_lossy(payload).into_owned()))
    }
}

/// What the reader knows about its connection.
struct ReaderState {
    id: u64,
    session: Option<String>,
    shard: Option<[u32; 2]>,
    intents: u64,
    window_start: Option<Instant>,
    sent: u32,
    last_heartbeat: Instant,
}

/// Reads the client's payloads; returns the client's close code, if it sent
/// a close frame.
async fn read_loop(
    shared: Arc<Shared>,
    id: u64,
    mut stream: WsStream,
    tx: mpsc::UnboundedSender<Command>,
    closing: Arc<AtomicBool>,
) -> Option<u16> {
    let timeout = shared
        .clock
        .real(shared.config.heartbeat_interval + shared.config.heartbeat_grace);
    let mut state = ReaderState {
        id,
        session: None,
        shard: None,
        intents: 0,
        window_start: None,
        sent: 0,
        last_heartbeat: Instant::now(),
    };
    loop {
        let deadline = state.last_heartbeat + timeout;
        let message = tokio::select! {
            message = stream.next() => message,
            () = tokio::time::sleep_until(deadline), if !closing.load(Ordering::Acquire) => {
                // A zombie: no heartbeat in its interval (plus grace).
                closing.store(true, Ordering::Release);
                let _ = tx.send(Command::Close(SESSION_TIMED_OUT.0, SESSION_TIMED_OUT.1.to_owned()));
                continue;
            }
        };
        let message = match message {
            Some(Ok(message)) => message,
            Some(Err(error)) => {
                tracing::debug!(connection = id, %error, "gateway read failed");
                if !closing.swap(true, Ordering::AcqRel) {
                    // Frames the WebSocket layer refuses (too big, invalid
                    // UTF-8 text, protocol errors) are undecodable payloads.
                    let _ = tx.send(Command::Close(DECODE_ERROR.0, DECODE_ERROR.1.to_owned()));
                }
                // Wait for the writer to close; the stream is unusable.
                std::future::pending::<()>().await;
                return None;
            }
            None => return None,
        };
        if let Some((code, _)) = message.as_close() {
            return Some(code.into());
        }
        if message.is_ping() || message.is_pong() || closing.load(Ordering::Acquire) {
            continue;
        }
        if let Err((code, reason)) = handle(&shared, &mut state, &tx, message.as_payload())
            && !closing.swap(true, Ordering::AcqRel)
        {
            let _ = tx.send(Command::Close(code, reason.to_owned()));
        }
    }
}

/// Handles one payload from the client.
fn handle(
    shared: &Shared,
    state: &mut ReaderState,
    tx: &mpsc::UnboundedSender<Command>,
    bytes: &[u8],
) -> Result<(), Close> {
    // The send ratelimit counts every payload.
    let now = Instant::now();
    match state.window_start {
        Some(start) if now.duration_since(start) < shared.clock.real(SEND_WINDOW) => {
            state.sent += 1;
        }
        _ => {
            state.window_start = Some(now);
            state.sent = 1;
        }
    }
    let parsed = serde_json::from_slice::<Value>(bytes).ok();
    let op = parsed
        .as_ref()
        .and_then(|v| v.get("op"))
        .and_then(Value::as_u64);
    log_payload(shared, state.id, op, parsed.as_ref(), bytes);

    if state.sent > SEND_LIMIT {
        return Err(RATE_LIMITED);
    }
    if bytes.len() > MAX_PAYLOAD {
        return Err(DECODE_ERROR);
    }
    let Some(Value::Object(mut payload)) = parsed else {
        return Err(DECODE_ERROR);
    };
    let Some(op) = op else {
        return Err(DECODE_ERROR);
    };
    let d = payload.remove("d").unwrap_or(Value::Null);
    match op {
        1 => heartbeat(shared, state, tx, &d),
        2 => identify(shared, state, tx, &d),
        6 => resume(shared, state, tx, &d),
        3 | 4 | 8 | 31 | 43 if state.session.is_none() => Err(NOT_AUTHENTICATED),
        3 => d.as_object().map(|_| ()).ok_or(INVALID_PAYLOAD),
        4 => d
            .as_object()
            .and_then(|d| d.get("guild_id"))
            .and_then(snowflake::<GuildMarker>)
            .map(|_| ())
            .ok_or(INVALID_PAYLOAD),
        8 => request_guild_members(shared, state, &d),
        31 => request_soundboard_sounds(shared, state, &d),
        43 => request_channel_info(shared, state, &d),
        _ => Err(UNKNOWN_OPCODE),
    }
}

fn log_payload(
    shared: &Shared,
    connection: u64,
    op: Option<u64>,
    parsed: Option<&Value>,
    bytes: &[u8],
) {
    // Never log a token.
    let raw = match (op, parsed) {
        (Some(2 | 6), Some(value)) => {
            let mut value = value.clone();
            if let Some(token) = value.get_mut("d").and_then(|d| d.get_mut("token")) {
                *token = Value::String("<redacted>".to_owned());
            }
            value.to_string()
        }
        _ => String::from_utf8_lossy(bytes).into_owned(),
    };
    shared.lock().log.payloads.push(ReceivedPayload {
        connection,
        op,
        raw,
        at: shared.now(),
    });
    shared.notify();
}

fn send(tx: &mpsc::UnboundedSender<Command>, payload: String) {
    let _ = tx.send(Command::Payload(payload.into()));
}

fn heartbeat(
    shared: &Shared,
    state: &mut ReaderState,
    tx: &mpsc::UnboundedSender<Command>,
    d: &Value,
) -> Result<(), Close> {
    if !(d.is_null() || d.is_u64()) {
        return Err(INVALID_PAYLOAD);
    }
    state.last_heartbeat = Instant::now();
    let acks = {
        let inner = shared.lock();
        !(inner.faults.no_ack_all
            || state
                .shard
                .is_some_and(|s| inner.faults.no_ack_shards.contains(&s[0])))
    };
    if acks {
        send(tx, op_payload(11, &Value::Null));
    }
    Ok(())
}

/// Reads a snowflake sent as a string or an integer.
fn snowflake<T>(value: &Value) -> Option<Id<T>> {
    let raw = match value {
        Value::String(s) => s.parse::<u64>().ok()?,
        Value::Number(n) => n.as_u64()?,
        _ => return None,
    };
    Id::new_checked(raw)
}

fn token_ok(shared: &Shared, token: &str) -> bool {
    let token = token.strip_prefix("Bot ").unwrap_or(token);
    token == shared.config.token
}

fn new_session_id(n: u64) -> String {
    let mut hasher = std::hash::RandomState::new().build_hasher();
    hasher.write_u64(n);
    let a = hasher.finish();
    hasher.write_u64(a);
    format!("{a:016x}{:016x}", hasher.finish())
}

fn identify(
    shared: &Shared,
    state: &mut ReaderState,
    tx: &mpsc::UnboundedSender<Command>,
    d: &Value,
) -> Result<(), Close> {
    if state.session.is_some() {
        return Err(ALREADY_AUTHENTICATED);
    }
    let d = d.as_object().ok_or(INVALID_PAYLOAD)?;
    let token = d
        .get("token")
        .and_then(Value::as_str)
        .ok_or(AUTHENTICATION_FAILED)?;
    if !token_ok(shared, token) || shared.lock().token_reset {
        return Err(AUTHENTICATION_FAILED);
    }
    let intents = d
        .get("intents")
        .and_then(Value::as_u64)
        .ok_or(INVALID_INTENTS)?;
    if intents & !VALID_INTENTS != 0 {
        return Err(INVALID_INTENTS);
    }
    if intents & PRIVILEGED_INTENTS & !shared.config.privileged_intents != 0 {
        return Err(DISALLOWED_INTENTS);
    }
    let (shard, sent_shard) = match d.get("shard") {
        None | Some(Value::Null) => ([0, 1], false),
        Some(value) => (parse_shard(shared, value).ok_or(INVALID_SHARD)?, true),
    };

    // Read the world before taking the gateway's lock (the state may call
    // into the gateway while holding its own).
    let guilds: Vec<Id<GuildMarker>> = shared
        .data
        .guild_ids()
        .into_iter()
        .filter(|g| shard_of(*g, shard[1]) == shard[0])
        .collect();
    if guilds.len() > shared.config.max_guilds_per_shard {
        return Err(SHARDING_REQUIRED);
    }
    let user = shared.data.bot_user();
    let application = shared.data.application();
    let bot_id = user.get("id").cloned();
    let creates: Vec<Value> = guilds
        .iter()
        .filter_map(|g| shared.data.guild_create(*g))
        .map(|g| filter_guild_create(g, intents, bot_id.as_ref()))
        .collect();

    let mut inner = shared.lock();
    shared.roll_daily(&mut inner);
    if inner.token_reset {
        return Err(AUTHENTICATION_FAILED);
    }
    let limit = &shared.config.session_start_limit;
    if inner.daily_used >= limit.total {
        // Discord: every session is terminated and the token is reset.
        inner.log.daily_limit_exceeded += 1;
        inner.token_reset = true;
        for (other, conn) in &inner.conns {
            if *other != state.id {
                let _ = conn.tx.send(Command::Close(
                    AUTHENTICATION_FAILED.0,
                    AUTHENTICATION_FAILED.1.to_owned(),
                ));
            }
        }
        drop(inner);
        shared.notify();
        tracing::warn!("daily session start limit exceeded: token reset");
        return Err(AUTHENTICATION_FAILED);
    }
    let bucket = shard[0] % limit.max_concurrency.max(1);
    let window = shared.clock.real(super::IDENTIFY_WINDOW);
    if inner
        .buckets
        .get(&bucket)
        .is_some_and(|last| last.elapsed() < window)
    {
        inner.log.sessions_refused += 1;
        drop(inner);
        shared.notify();
        send(tx, op_payload(9, &Value::Bool(false)));
        return Ok(());
    }
    inner.buckets.insert(bucket, Instant::now());
    inner.daily_used += 1;
    inner.log.sessions_started += 1;
    let n = inner.next_session;
    inner.next_session += 1;
    let session_id = new_session_id(n);
    inner.sessions.insert(
        session_id.clone(),
        Session {
            shard,
            intents,
            seq: 0,
            buffer: VecDeque::new(),
            conn: Some(state.id),
            disconnected_at: None,
        },
    );
    if let Some(conn) = inner.conns.get_mut(&state.id) {
        conn.session = Some(session_id.clone());
        conn.shard = Some(shard);
    }
    let at = shared.now();
    inner.log.identifies.push(IdentifyRecord {
        shard,
        at,
        intents,
        session_id: session_id.clone(),
        connection: state.id,
    });

    let mut ready = json!({
        "v": 10,
        "user": user,
        "guilds": guilds.iter().map(|g| json!({ "id": g.to_string(), "unavailable": true })).collect::<Vec<_>>(),
        "session_id": session_id,
        "resume_gateway_url": shared.resume_url(),
        "application": application,
        // Not documented, but Discord sends them and some clients read them.
        "private_channels": [],
        "relationships": [],
        "presences": [],
        "guild_join_requests": [],
        "user_settings": {},
        "_trace": ["twilight-mock"],
    });
    if sent_shard {
        ready["shard"] = json!(shard);
    }
    shared.push_dispatch(&mut inner, &session_id, "READY", &ready);
    for create in &creates {
        shared.push_dispatch(&mut inner, &session_id, "GUILD_CREATE", create);
    }
    drop(inner);
    shared.notify();
    state.session = Some(session_id);
    state.shard = Some(shard);
    state.intents = intents;
    Ok(())
}

fn parse_shard(shared: &Shared, value: &Value) -> Option<[u32; 2]> {
    let array = value.as_array()?;
    let [id, num] = array.as_slice() else {
        return None;
    };
    let id = u32::try_from(id.as_u64()?).ok()?;
    let num = u32::try_from(num.as_u64()?).ok()?;
    (num > 0 && id < num && num % shared.config.shard_multiple.max(1) == 0).then_some([id, num])
}

/// Without GUILD_PRESENCES, GUILD_CREATE's members and presences hold only
/// the bot and the members in voice channels.
fn filter_guild_create(mut guild: Value, intents: u64, bot_id: Option<&Value>) -> Value {
    if intents & GUILD_PRESENCES != 0 {
        return guild;
    }
    let mut keep: HashSet<String> = HashSet::new();
    if let Some(id) = bot_id.and_then(Value::as_str) {
        keep.insert(id.to_owned());
    }
    if let Some(states) = guild.get("voice_states").and_then(Value::as_array) {
        keep.extend(
            states
                .iter()
                .filter_map(|s| s.get("user_id").and_then(Value::as_str).map(str::to_owned)),
        );
    }
    let user_id = |v: &Value| -> Option<String> {
        v.get("user")
            .and_then(|u| u.get("id"))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    if let Some(members) = guild.get_mut("members").and_then(Value::as_array_mut) {
        members.retain(|m| user_id(m).is_some_and(|id| keep.contains(&id)));
    }
    if let Some(presences) = guild.get_mut("presences").and_then(Value::as_array_mut) {
        presences.retain(|p| user_id(p).is_some_and(|id| keep.contains(&id)));
    }
    guild
}

fn resume(
    shared: &Shared,
    state: &mut ReaderState,
    tx: &mpsc::UnboundedSender<Command>,
    d: &Value,
) -> Result<(), Close> {
    if state.session.is_some() {
        return Err(ALREADY_AUTHENTICATED);
    }
    let d = d.as_object().ok_or(INVALID_PAYLOAD)?;
    let token = d
        .get("token")
        .and_then(Value::as_str)
        .ok_or(AUTHENTICATION_FAILED)?;
    if !token_ok(shared, token) {
        return Err(AUTHENTICATION_FAILED);
    }
    let session_id = d
        .get("session_id")
        .and_then(Value::as_str)
        .ok_or(INVALID_PAYLOAD)?;
    let seq = match d.get("seq") {
        None | Some(Value::Null) => 0,
        Some(seq) => seq.as_u64().ok_or(INVALID_PAYLOAD)?,
    };
    let mut inner = shared.lock();
    shared.prune(&mut inner);
    let at = shared.now();
    let mut record = ResumeRecord {
        session_id: session_id.to_owned(),
        seq,
        at,
        resumed: false,
        replayed: 0,
        connection: state.id,
    };
    let outcome = match inner.sessions.get(session_id) {
        None => Err(None),
        Some(session) if seq > session.seq => Err(Some(INVALID_SEQ)),
        Some(session) => {
            let oldest = session.buffer.front().map(|(s, _)| *s);
            let missed_lost = seq < session.seq && oldest.is_none_or(|oldest| oldest > seq + 1);
            if inner.token_reset || missed_lost {
                Err(None)
            } else {
                Ok(session.conn)
            }
        }
    };
    match outcome {
        Err(close) => {
            if close.is_some() {
                inner.sessions.remove(session_id);
            }
            inner.log.resumes.push(record);
            drop(inner);
            shared.notify();
            match close {
                Some(close) => Err(close),
                None => {
                    send(tx, op_payload(9, &Value::Bool(false)));
                    Ok(())
                }
            }
        }
        Ok(old_conn) => {
            // A connection still attached to the session is replaced.
            if let Some(old) = old_conn.filter(|old| *old != state.id)
                && let Some(conn) = inner.conns.get_mut(&old)
            {
                conn.session = None;
                let _ = conn.tx.send(Command::Drop);
            }
            let Some(session) = inner.sessions.get_mut(session_id) else {
                return Ok(());
            };
            session.conn = Some(state.id);
            session.disconnected_at = None;
            let shard = session.shard;
            let intents = session.intents;
            let mut replayed = 0;
            for (s, payload) in &session.buffer {
                if *s > seq {
                    let _ = tx.send(Command::Payload(Arc::clone(payload)));
                    replayed += 1;
                }
            }
            if let Some(conn) = inner.conns.get_mut(&state.id) {
                conn.session = Some(session_id.to_owned());
                conn.shard = Some(shard);
            }
            shared.push_dispatch(
                &mut inner,
                session_id,
                "RESUMED",
                &json!({ "_trace": ["twilight-mock"] }),
            );
            record.resumed = true;
            record.replayed = replayed;
            inner.log.resumes.push(record);
            drop(inner);
            shared.notify();
            state.session = Some(session_id.to_owned());
            state.shard = Some(shard);
            state.intents = intents;
            Ok(())
        }
    }
}

fn request_guild_members(shared: &Shared, state: &ReaderState, d: &Value) -> Result<(), Close> {
    let d = d.as_object().ok_or(INVALID_PAYLOAD)?;
    let guild_id: Id<GuildMarker> = d
        .get("guild_id")
        .and_then(snowflake)
        .ok_or(INVALID_PAYLOAD)?;
    let query = match d.get("query") {
        None | Some(Value::Null) => None,
        Some(Value::String(q)) => Some(q.as_str()),
        Some(_) => return Err(INVALID_PAYLOAD),
    };
    let user_ids: Option<Vec<Id<UserMarker>>> = match d.get("user_ids") {
        None | Some(Value::Null) => None,
        Some(Value::Array(ids)) => Some(
            ids.iter()
                .map(snowflake)
                .collect::<Option<Vec<_>>>()
                .ok_or(INVALID_PAYLOAD)?,
        ),
        Some(one) => Some(vec![snowflake(one).ok_or(INVALID_PAYLOAD)?]),
    };
    let limit = match d.get("limit") {
        None | Some(Value::Null) => None,
        Some(limit) => {
            Some(usize::try_from(limit.as_u64().ok_or(INVALID_PAYLOAD)?).unwrap_or(usize::MAX))
        }
    };
    let presences = match d.get("presences") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => return Err(INVALID_PAYLOAD),
    };
    // Presences only with GUILD_PRESENCES.
    let presences = presences && state.intents & GUILD_PRESENCES != 0;
    let nonce = match d.get("nonce") {
        // An invalid nonce is ignored, as Discord documents.
        Some(Value::String(n)) if n.len() <= 32 => Some(n.clone()),
        _ => None,
    };

    let members = match (&user_ids, query) {
        (Some(ids), _) => {
            let ids = &ids[..ids.len().min(100)];
            shared.data.members(guild_id, None, 0, Some(ids))
        }
        (None, Some(query)) => {
            let limit = limit.ok_or(INVALID_PAYLOAD)?;
            if query.is_empty() && limit == 0 {
                // The whole member list needs GUILD_MEMBERS.
                if state.intents & GUILD_MEMBERS == 0 {
                    return Err(INVALID_PAYLOAD);
                }
                shared.data.members(guild_id, Some(""), 0, None)
            } else {
                let limit = if query.is_empty() {
                    limit
                } else {
                    limit.clamp(1, 100)
                };
                let limit = if limit == 0 { 100 } else { limit };
                shared.data.members(guild_id, Some(query), limit, None)
            }
        }
        (None, None) => return Err(INVALID_PAYLOAD),
    };
    let member_id = |m: &Value| -> Option<String> {
        m.get("user")
            .and_then(|u| u.get("id"))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let not_found: Vec<String> = user_ids
        .iter()
        .flatten()
        .take(100)
        .map(ToString::to_string)
        .filter(|id| !members.iter().any(|m| member_id(m).as_deref() == Some(id)))
        .collect();
    let presence_list = if presences {
        let ids: Vec<Id<UserMarker>> = members
            .iter()
            .filter_map(|m| {
                member_id(m)
                    .and_then(|id| id.parse().ok())
                    .and_then(Id::new_checked)
            })
            .collect();
        shared.data.presences(guild_id, &ids)
    } else {
        Vec::new()
    };

    let chunks: Vec<&[Value]> = if members.is_empty() {
        vec![&[]]
    } else {
        members.chunks(CHUNK_SIZE).collect()
    };
    let chunk_count = chunks.len();
    let mut payloads = Vec::with_capacity(chunk_count);
    for (index, chunk) in chunks.into_iter().enumerate() {
        let mut data = Map::new();
        data.insert("guild_id".to_owned(), json!(guild_id.to_string()));
        data.insert("members".to_owned(), json!(chunk));
        data.insert("chunk_index".to_owned(), json!(index));
        data.insert("chunk_count".to_owned(), json!(chunk_count));
        data.insert(
            "not_found".to_owned(),
            if index == 0 {
                json!(not_found)
            } else {
                json!([])
            },
        );
        if presences {
            let ids: HashSet<String> = chunk.iter().filter_map(member_id).collect();
            let mine: Vec<&Value> = presence_list
                .iter()
                .filter(|p| member_id(p).is_some_and(|id| ids.contains(&id)))
                .collect();
            data.insert("presences".to_owned(), json!(mine));
        }
        if let Some(nonce) = &nonce {
            data.insert("nonce".to_owned(), json!(nonce));
        }
        payloads.push(Value::Object(data));
    }
    dispatch_own(shared, state, "GUILD_MEMBERS_CHUNK", &payloads);
    Ok(())
}

/// Dispatches events to the reader's own session.
fn dispatch_own(shared: &Shared, state: &ReaderState, event: &str, payloads: &[Value]) {
    let Some(session) = &state.session else {
        return;
    };
    let mut inner = shared.lock();
    for payload in payloads {
        shared.push_dispatch(&mut inner, session, event, payload);
    }
}

fn request_soundboard_sounds(shared: &Shared, state: &ReaderState, d: &Value) -> Result<(), Close> {
    let ids = d
        .get("guild_ids")
        .and_then(Value::as_array)
        .ok_or(INVALID_PAYLOAD)?
        .iter()
        .map(snowflake::<GuildMarker>)
        .collect::<Option<Vec<_>>>()
        .ok_or(INVALID_PAYLOAD)?;
    let payloads: Vec<Value> = ids
        .into_iter()
        .filter_map(|id| {
            let guild = shared.data.guild_create(id)?;
            let sounds = guild
                .get("soundboard_sounds")
                .cloned()
                .unwrap_or_else(|| json!([]));
            Some(json!({ "soundboard_sounds": sounds, "guild_id": id.to_string() }))
        })
        .collect();
    dispatch_own(shared, state, "SOUNDBOARD_SOUNDS", &payloads);
    Ok(())
}

fn request_channel_info(shared: &Shared, state: &ReaderState, d: &Value) -> Result<(), Close> {
    let guild_id: Id<GuildMarker> = d
        .get("guild_id")
        .and_then(snowflake)
        .ok_or(INVALID_PAYLOAD)?;
    let fields: Vec<&str> = match d.get("fields") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(fields)) => fields
            .iter()
            .map(Value::as_str)
            .collect::<Option<Vec<_>>>()
            .ok_or(INVALID_PAYLOAD)?,
        Some(_) => return Err(INVALID_PAYLOAD),
    };
    let channels: Vec<Value> = shared
        .data
        .guild_create(guild_id)
        .and_then(|g| g.get("channels").and_then(Value::as_array).cloned())
        .unwrap_or_default()
        .into_iter()
        .filter(|c| matches!(c.get("type").and_then(Value::as_u64), Some(2 | 13)))
        .map(|c| {
            let mut info = json!({ "id": c.get("id").cloned().unwrap_or(Value::Null) });
            for field in &fields {
                if matches!(*field, "status" | "voice_start_time") {
                    info[*field] = c.get(*field).cloned().unwrap_or(Value::Null);
                }
            }
            info
        })
        .collect();
    dispatch_own(
        shared,
        state,
        "CHANNEL_INFO",
        &[json!({ "guild_id": guild_id.to_string(), "channels": channels })],
    );
    Ok(())
}
