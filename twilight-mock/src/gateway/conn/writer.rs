//! The writer half of a connection: sends what it is told to (payloads,
//! compressed per the connection's transport compression, after the
//! injected delay, optionally corrupted), and closes.

use super::WsSink;
use crate::gateway::compress::Compressor;
use crate::gateway::outbox::{Inbox, Overflow};
use crate::gateway::{Command, Corruption, DropReason, Shared, TransportCompression};
use futures_util::SinkExt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio_websockets::{CloseCode, Message};

/// How long a close frame may take to leave (a client that does not read
/// would hold the writer otherwise).
const CLOSE_SEND_TIMEOUT: Duration = Duration::from_secs(2);

/// Sends what the connection is told to; returns the close code the mock
/// sent (if any) and the one the client sent (if any).
pub(super) async fn write_loop(
    shared: &Shared,
    id: u64,
    mut sink: WsSink,
    mut rx: Inbox,
    (compression, etf): (TransportCompression, bool),
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
    // Payload compression; events/gateway.mdx: off under transport
    // compression.
    let mut compress_payloads = false;
    let overflow = rx.overflow();
    // What is left of a RESUME's replay: written before the next command.
    let mut replay = std::collections::VecDeque::new();
    loop {
        let command = if let Some(payload) = replay.pop_front() {
            Some(Command::Payload(payload))
        } else {
            tokio::select! {
                command = rx.recv() => command,
                result = &mut reader => {
                    // The client went away (or closed).
                    return (None, result.ok().flatten());
                }
                () = overflow.wait() => {
                    dropped_for_overflow(shared, id, &overflow);
                    break;
                }
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
                    tokio::select! {
                        () = shared.clock.sleep(delay) => {}
                        () = overflow.wait() => {
                            dropped_for_overflow(shared, id, &overflow);
                            break;
                        }
                    }
                }
                let bytes = if etf {
                    etf_payload(&payload)
                } else {
                    payload.as_bytes().to_vec()
                };
                let message = if compress_payloads
                    && corrupt.is_none()
                    && !compressor.is_compressed()
                    && !payload.starts_with(r#"{"t":null"#)
                {
                    compress_payload(&bytes)
                } else {
                    frame(&mut compressor, &bytes, corrupt.take(), etf)
                };
                let message = match message {
                    Ok(message) => message,
                    Err(error) => {
                        tracing::warn!(%error, "gateway compression failed");
                        break;
                    }
                };
                // A client that does not read blocks this send; its queue
                // then fills and the overflow ends the connection.
                tokio::select! {
                    sent = sink.send(message) => if sent.is_err() {
                        break;
                    },
                    () = overflow.wait() => {
                        dropped_for_overflow(shared, id, &overflow);
                        break;
                    }
                }
            }
            Command::Replay(payloads) => replay = payloads,
            Command::Corrupt(kind) => corrupt = Some(kind),
            Command::CompressPayloads => compress_payloads = true,
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
                let _ = tokio::time::timeout(CLOSE_SEND_TIMEOUT, async {
                    let _ = sink.send(Message::close(Some(close_code), &reason)).await;
                    let _ = sink.flush().await;
                })
                .await;
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

/// Records why the connection is dropped: its client did not keep up.
fn dropped_for_overflow(shared: &Shared, id: u64, overflow: &Overflow) {
    let capacity = shared.config.outgoing_queue;
    {
        let mut inner = shared.lock();
        if let Some(record) = inner.log.connections.iter_mut().find(|c| c.id == id) {
            record.dropped_because = Some(DropReason::QueueFull);
            record.max_queued = overflow.high_water();
        }
    }
    shared.notify();
    tracing::warn!(
        connection = id,
        capacity,
        "gateway connection dropped: its outgoing queue is full (the client does not read)"
    );
}

/// Encodes one payload as the connection's frames look.
fn frame(
    compressor: &mut Compressor,
    payload: &[u8],
    corrupt: Option<Corruption>,
    etf: bool,
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
            encode(compressor, broken, etf)
        }
        None => encode(compressor, payload, etf),
    }
}

/// A payload as a frame: binary when compressed or ETF, text otherwise.
fn encode(compressor: &mut Compressor, payload: &[u8], etf: bool) -> std::io::Result<Message> {
    if compressor.is_compressed() {
        Ok(Message::binary(compressor.compress(payload)?))
    } else if etf {
        Ok(Message::binary(payload.to_vec()))
    } else {
        Ok(Message::text(String::from_utf8_lossy(payload).into_owned()))
    }
}

/// One dispatch as its own zlib stream (RFC 1950) in a binary frame: payload
/// compression shares no context between payloads.
fn compress_payload(payload: &[u8]) -> std::io::Result<Message> {
    use std::io::Write;
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(payload)?;
    Ok(Message::binary(encoder.finish()?))
}

/// A payload (JSON, as the mock builds them) as an ETF term.
fn etf_payload(payload: &str) -> Vec<u8> {
    let value: serde_json::Value = serde_json::from_str(payload).unwrap_or_default();
    crate::gateway::etf::encode(&value)
}
