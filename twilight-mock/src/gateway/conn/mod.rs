//! One gateway connection: the handshake and HELLO, then a writer
//! (`writer`: compression, delays, corruption, closes) and a reader
//! (`reader`: heartbeats, the send ratelimit, opcodes), which hands
//! IDENTIFY and RESUME to `session`, the member, soundboard and channel
//! info requests to `requests` and voice state updates to `voice`; when it
//! ends, the connection is detached from its session. The close codes the mock sends are defined here.

#[cfg(feature = "fuzzing")]
pub(super) mod fuzz;
mod reader;
mod requests;
mod session;
mod voice;
mod writer;

use super::outbox::{Outbox, outbox};
use super::quick_ack::QuickAck;
use super::{
    Command, Conn, ConnectionRecord, RESUME_PATH, Shared, TransportCompression, op_payload,
};
use futures_util::StreamExt;
use reader::read_loop;
use serde_json::{Value, json};
use std::sync::{Arc, atomic::AtomicBool};
use tokio::{net::TcpStream, time::Instant};
use tokio_websockets::{CloseCode as WsCloseCode, Limits, Message, ServerBuilder};
use twilight_model::gateway::{CloseCode, OpCode};
use twilight_model::id::Id;
use writer::write_loop;

/// Messages above this are refused by the WebSocket layer from their frame
/// header, before their payload is read (it closes with 1009, Message Too
/// Big): a 10 MB frame is never buffered. Up to it (a connection holds one
/// such message at most, while it is read), the reader refuses what is above
/// Discord's 4096 bytes with 4002 before it parses or logs it.
const MAX_FRAME: usize = 1024 * 1024;

/// A close the mock decides on: code and reason.
type Close = (u16, &'static str);

const DECODE_ERROR: Close = (
    CloseCode::DecodeError.value(),
    "Error while decoding payload.",
);
const UNKNOWN_OPCODE: Close = (CloseCode::UnknownOpcode.value(), "Unknown opcode.");
const INVALID_PAYLOAD: Close = (
    CloseCode::UnknownOpcode.value(),
    "Invalid payload for this opcode.",
);
const NOT_AUTHENTICATED: Close = (CloseCode::NotAuthenticated.value(), "Not authenticated.");
const AUTHENTICATION_FAILED: Close = (
    CloseCode::AuthenticationFailed.value(),
    "Authentication failed.",
);
const ALREADY_AUTHENTICATED: Close = (
    CloseCode::AlreadyAuthenticated.value(),
    "Already authenticated.",
);
const INVALID_SEQ: Close = (CloseCode::InvalidSequence.value(), "Invalid seq.");
const RATE_LIMITED: Close = (CloseCode::RateLimited.value(), "Rate limited.");
const SESSION_TIMED_OUT: Close = (CloseCode::SessionTimedOut.value(), "Session timed out.");
const INVALID_SHARD: Close = (CloseCode::InvalidShard.value(), "Invalid shard.");
const SHARDING_REQUIRED: Close = (CloseCode::ShardingRequired.value(), "Sharding required.");
const INVALID_VERSION: Close = (CloseCode::InvalidApiVersion.value(), "Invalid API version.");
const INVALID_INTENTS: Close = (CloseCode::InvalidIntents.value(), "Invalid intent(s).");
const DISALLOWED_INTENTS: Close = (
    CloseCode::DisallowedIntents.value(),
    "Disallowed intent(s).",
);

/// Whether a close with this code (by the mock) ends the session, rather
/// than leaving it resumable.
fn ends_session(code: u16) -> bool {
    matches!(
        CloseCode::new(code),
        CloseCode::AuthenticationFailed
            | CloseCode::InvalidSequence
            | CloseCode::SessionTimedOut
            | CloseCode::InvalidShard
            | CloseCode::ShardingRequired
            | CloseCode::InvalidApiVersion
            | CloseCode::InvalidIntents
            | CloseCode::DisallowedIntents
    )
}

/// Serves one TCP connection.
pub(crate) async fn run(shared: Arc<Shared>, stream: TcpStream) {
    let builder = ServerBuilder::new().limits(Limits::default().max_payload_len(Some(MAX_FRAME)));
    // A socket that never completes its upgrade would hold a descriptor
    // for good.
    let accepted = {
        let accept = builder.accept(QuickAck::new(stream));
        let mut timeout = std::pin::pin!(tokio::time::timeout(
            shared.config.handshake_timeout,
            accept
        ));
        match timeout.as_mut().await {
            Ok(Ok(accepted)) => Some(accepted),
            Ok(Err(error)) => {
                tracing::debug!(%error, "gateway handshake failed");
                None
            }
            Err(_) => {
                // Counted before the socket closes (with `timeout`, at the
                // end of this block), so that a client seeing the close
                // also sees the count.
                shared.lock().log.handshakes_timed_out += 1;
                shared.notify();
                tracing::debug!("gateway handshake timed out");
                None
            }
        }
    };
    let Some((request, ws)) = accepted else {
        return;
    };
    let path = request
        .uri()
        .path_and_query()
        .map_or_else(|| "/".to_owned(), |p| p.as_str().to_owned());
    // `/resume/` is the same URL to clients that join paths with a slash.
    let resume_url = request.uri().path().trim_end_matches('/') == RESUME_PATH;
    let query = check_query(request.uri().query().unwrap_or(""));

    let (tx, rx) = outbox(shared.config.outgoing_queue);
    let overflow = rx.overflow();
    let id = register(&shared, tx.clone(), path, resume_url);
    shared.notify();
    tracing::debug!(connection = id, "gateway connection opened");

    let closing = Arc::new(AtomicBool::new(false));
    let etf = query.as_ref().is_ok_and(|(_, etf)| *etf);
    let compression = match query {
        Ok((compression, _)) => {
            let interval = shared.clock.real(shared.config.heartbeat_interval);
            let millis = u64::try_from(interval.as_millis())
                .unwrap_or(u64::MAX)
                .max(1);
            let hello = op_payload(OpCode::Hello, &json!({ "heartbeat_interval": millis }));
            tx.send(Command::Payload(hello.into()));
            compression
        }
        Err((code, reason)) => {
            tx.send(Command::Close(code, reason.to_owned()));
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
        etf,
    ));
    drop(tx);
    let (server_code, client_code) =
        write_loop(&shared, id, sink, rx, (compression, etf), &closing, reader).await;

    // Detach from the session.
    let invalidate = match server_code {
        Some(code) => ends_session(code),
        None => client_code.is_some_and(|code| {
            code == u16::from(WsCloseCode::NORMAL_CLOSURE)
                || code == u16::from(WsCloseCode::GOING_AWAY)
        }),
    };
    detach(&shared, id, invalidate, overflow.high_water());
    shared.notify();
    tracing::debug!(
        connection = id,
        ?server_code,
        ?client_code,
        "gateway connection ended"
    );
}

/// Adds a connection to the gateway and its log; its id.
fn register(shared: &Shared, tx: Outbox, path: String, resume_url: bool) -> u64 {
    let mut inner = shared.lock();
    let id = inner.next_conn;
    inner.next_conn += 1;
    inner.conns.insert(
        id,
        Conn {
            tx,
            session: None,
            shard: None,
        },
    );
    inner.log.connections.push(ConnectionRecord {
        id,
        path,
        resume_url,
        closed_with: None,
        dropped_because: None,
        max_queued: 0,
        at: shared.now(),
    });
    id
}

/// Removes a connection that ended and detaches it from its session, which
/// ends with it (`invalidate`) or waits for a resume.
fn detach(shared: &Shared, id: u64, invalidate: bool, max_queued: usize) {
    let mut inner = shared.lock();
    if let Some(record) = inner.log.connections.iter_mut().find(|c| c.id == id) {
        record.max_queued = max_queued;
    }
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

/// Reads `v`, `encoding` (whether ETF) and `compress`; missing `v` and
/// `encoding` are tolerated (v10, JSON), as clients connect without them.
fn check_query(query: &str) -> Result<(TransportCompression, bool), Close> {
    let mut compression = TransportCompression::None;
    let mut etf = false;
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match key {
            "v" if value != "10" => return Err(INVALID_VERSION),
            "encoding" if value == "etf" => etf = true,
            "encoding" if value != "json" => {
                return Err((CloseCode::DecodeError.value(), "Unsupported encoding."));
            }
            "compress" => {
                compression = match value {
                    "zlib-stream" => TransportCompression::ZlibStream,
                    "zstd-stream" => TransportCompression::ZstdStream,
                    _ => {
                        return Err((
                            CloseCode::DecodeError.value(),
                            "Unsupported transport compression.",
                        ));
                    }
                };
            }
            _ => {}
        }
    }
    Ok((compression, etf))
}

type WsSink = futures_util::stream::SplitSink<tokio_websockets::WebSocketStream<QuickAck>, Message>;
type WsStream = futures_util::stream::SplitStream<tokio_websockets::WebSocketStream<QuickAck>>;

/// Reads a snowflake sent as a string or an integer.
fn snowflake<T>(value: &Value) -> Option<Id<T>> {
    let raw = match value {
        Value::String(s) => s.parse::<u64>().ok()?,
        Value::Number(n) => n.as_u64()?,
        _ => return None,
    };
    Id::new_checked(raw)
}
