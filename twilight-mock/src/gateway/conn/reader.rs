//! The reader half of a connection: reads the client's payloads, enforces
//! the send ratelimit, the payload size and the heartbeat deadline, and
//! hands each opcode to its handler.

use super::requests::{request_channel_info, request_guild_members, request_soundboard_sounds};
use super::session::{identify, resume};
use super::voice::voice_state_update;
use super::{
    Close, DECODE_ERROR, INVALID_PAYLOAD, NOT_AUTHENTICATED, RATE_LIMITED, SESSION_TIMED_OUT,
    UNKNOWN_OPCODE, WsStream,
};
use crate::gateway::outbox::Outbox;
use crate::gateway::{Command, MAX_LOGGED_RAW, ReceivedPayload, Shared, etf, op_payload};
use futures_util::StreamExt;
use serde_json::Value;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::time::Instant;
use twilight_model::gateway::OpCode;

/// Discord's limit on a payload a client sends.
const MAX_PAYLOAD: usize = 4096;
/// What a connection that does not IDENTIFY or RESUME in time is closed
/// with.
const NOT_IDENTIFIED: Close = (SESSION_TIMED_OUT.0, "Not identified in time.");
/// Payloads per send window.
const SEND_LIMIT: u32 = 120;
/// The send window.
const SEND_WINDOW: Duration = Duration::from_secs(60);

/// What the reader knows about its connection.
pub(super) struct ReaderState {
    pub(super) id: u64,
    pub(super) session: Option<String>,
    pub(super) shard: Option<[u32; 2]>,
    pub(super) intents: u64,
    pub(super) window_start: Option<Instant>,
    pub(super) sent: u32,
    pub(super) last_heartbeat: Instant,
    /// Whether the connection speaks ETF rather than JSON.
    pub(super) etf: bool,
}

impl ReaderState {
    /// A new connection's: no session yet, its heartbeat clock from now.
    pub(super) fn new(id: u64, etf: bool) -> Self {
        Self {
            id,
            session: None,
            shard: None,
            intents: 0,
            window_start: None,
            sent: 0,
            last_heartbeat: Instant::now(),
            etf,
        }
    }
}

/// Reads the client's payloads; returns the client's close code, if it sent
/// a close frame.
pub(super) async fn read_loop(
    shared: Arc<Shared>,
    id: u64,
    mut stream: WsStream,
    tx: Outbox,
    closing: Arc<AtomicBool>,
    etf: bool,
) -> Option<u16> {
    let timeout = shared
        .clock
        .real(shared.config.heartbeat_interval + shared.config.heartbeat_grace);
    // Heartbeats alone do not keep a connection that never starts a session.
    let identify_deadline = Instant::now() + shared.config.identify_timeout;
    let mut state = ReaderState::new(id, etf);
    loop {
        let deadline = state.last_heartbeat + timeout;
        let message = tokio::select! {
            message = stream.next() => message,
            () = tokio::time::sleep_until(deadline), if !closing.load(Ordering::Acquire) => {
                // A zombie: no heartbeat in its interval (plus grace).
                closing.store(true, Ordering::Release);
                tx.send(Command::Close(SESSION_TIMED_OUT.0, SESSION_TIMED_OUT.1.to_owned()));
                continue;
            }
            () = tokio::time::sleep_until(identify_deadline),
                if state.session.is_none() && !closing.load(Ordering::Acquire) =>
            {
                closing.store(true, Ordering::Release);
                tx.send(Command::Close(NOT_IDENTIFIED.0, NOT_IDENTIFIED.1.to_owned()));
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
                    tx.send(Command::Close(DECODE_ERROR.0, DECODE_ERROR.1.to_owned()));
                }
                // Wait for the writer to close; the stream is unusable.
                std::future::pending::<()>().await;
                return None;
            }
            None => return None,
        };
        if let Some((code, _)) = message.as_close() {
            // RFC 6455 §5.5.1: answer the client's close. The WebSocket layer
            // queued the echo; polling once more flushes it.
            let _ = tokio::time::timeout(Duration::from_secs(2), stream.next()).await;
            return Some(code.into());
        }
        if message.is_ping() || message.is_pong() || closing.load(Ordering::Acquire) {
            continue;
        }
        if let Err((code, reason)) = handle(&shared, &mut state, &tx, message.as_payload())
            && !closing.swap(true, Ordering::AcqRel)
        {
            tx.send(Command::Close(code, reason.to_owned()));
        }
    }
}

/// Handles one payload from the client.
pub(super) fn handle(
    shared: &Shared,
    state: &mut ReaderState,
    tx: &Outbox,
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
    // Checked first: an oversized payload is neither parsed nor copied
    // into the log.
    if bytes.len() > MAX_PAYLOAD {
        return Err(DECODE_ERROR);
    }
    let parsed = if state.etf {
        etf::decode(bytes)
    } else {
        serde_json::from_slice::<Value>(bytes).ok()
    };
    let op = parsed
        .as_ref()
        .and_then(|v| v.get("op"))
        .and_then(Value::as_u64);
    log_payload(shared, state.id, op, parsed.as_ref(), bytes, state.etf);

    if state.sent > SEND_LIMIT {
        return Err(RATE_LIMITED);
    }
    let Some(Value::Object(mut payload)) = parsed else {
        return Err(DECODE_ERROR);
    };
    let Some(op) = op else {
        return Err(DECODE_ERROR);
    };
    let d = payload.remove("d").unwrap_or(Value::Null);
    match u8::try_from(op).map_or(OpCode::Unknown(u8::MAX), OpCode::new) {
        OpCode::Heartbeat => heartbeat(shared, state, tx, &d),
        OpCode::Identify => identify(shared, state, tx, &d),
        OpCode::Resume => resume(shared, state, tx, &d),
        OpCode::PresenceUpdate
        | OpCode::VoiceStateUpdate
        | OpCode::RequestGuildMembers
        | OpCode::RequestSoundboardSounds
        | OpCode::RequestChannelInfo
            if state.session.is_none() =>
        {
            Err(NOT_AUTHENTICATED)
        }
        OpCode::PresenceUpdate => d.as_object().map(|_| ()).ok_or(INVALID_PAYLOAD),
        OpCode::VoiceStateUpdate => voice_state_update(shared, state, &d),
        OpCode::RequestGuildMembers => request_guild_members(shared, state, &d),
        OpCode::RequestSoundboardSounds => request_soundboard_sounds(shared, state, &d),
        OpCode::RequestChannelInfo => request_channel_info(shared, state, &d),
        _ => Err(UNKNOWN_OPCODE),
    }
}

/// Logs a payload the client sent, with any token redacted.
fn log_payload(
    shared: &Shared,
    connection: u64,
    op: Option<u64>,
    parsed: Option<&Value>,
    bytes: &[u8],
    etf: bool,
) {
    // Never log a token.
    let carries_token = op
        .and_then(|op| u8::try_from(op).ok())
        .is_some_and(|op| matches!(OpCode::new(op), OpCode::Identify | OpCode::Resume));
    let raw = match parsed {
        Some(value) if carries_token => {
            let mut value = value.clone();
            if let Some(token) = value.get_mut("d").and_then(|d| d.get_mut("token")) {
                *token = Value::String("<redacted>".to_owned());
            }
            value.to_string()
        }
        // ETF is logged as the JSON it reads as.
        Some(value) if etf => value.to_string(),
        _ => String::from_utf8_lossy(bytes).into_owned(),
    };
    let raw = truncate(raw, MAX_LOGGED_RAW);
    shared.lock().log.payloads.push(ReceivedPayload {
        connection,
        op,
        raw,
        at: shared.now(),
    });
    shared.notify();
}

/// `text` cut to at most `max` bytes, on a character boundary.
fn truncate(mut text: String, max: usize) -> String {
    if text.len() > max {
        let mut end = max;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
    text
}

/// Queues a payload for the writer.
pub(super) fn send(tx: &Outbox, payload: String) {
    tx.send(Command::Payload(payload.into()));
}

/// HEARTBEAT: resets the zombie deadline and acknowledges (unless ACKs are
/// stopped).
fn heartbeat(
    shared: &Shared,
    state: &mut ReaderState,
    tx: &Outbox,
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
        send(tx, op_payload(OpCode::HeartbeatAck, &Value::Null));
    }
    Ok(())
}
