//! Discord gateway shards.
//!
//! A [`Shard`] is one gateway connection and its session. It connects with
//! transport compression (zstd-stream or zlib-stream), sends IDENTIFY when
//! the session start [`Queue`](twilight_gateway_queue::Queue) allows it,
//! heartbeats (the first one jittered), detects zombie connections (no
//! acknowledgement) and resumes, follows RECONNECT and INVALID_SESSION, and
//! reconnects after every close code but the fatal ones (4004, 4010-4014),
//! which end the shard with a typed error.
//!
//! # Design: a polled state machine
//!
//! A shard spawns no task: everything happens while it is polled
//! ([`Shard::next_message`], [`Shard::next_event`], its [`Stream`](futures_core::Stream)
//! implementation). Futures in progress (connecting, the backoff, the
//! queue's permission) are stored in the shard, so dropping a
//! `next_event()` future, as `tokio::select!` does, loses nothing. A
//! payload's sequence number is recorded in the same poll that hands the
//! payload out, so [`Shard::session`] never claims an event the user has not
//! received: a resume (by this shard, or by a new one given the stored
//! [`Session`]) replays exactly the rest.
//!
//! The cost of this design: a shard that is not polled does not heartbeat.
//! Poll every shard continuously ([`ShardEventStream`] does that for many).
//!
//! # Receiving
//!
//! [`Shard::next_event`] takes the [`EventTypeFlags`] wanted: the shard
//! reads each payload's envelope once (`op`, `s`, `t`, where `d` is), and an
//! unwanted dispatch is skipped before its data is parsed. Gateway payloads
//! (HELLO, heartbeats, RECONNECT, INVALID_SESSION, READY and RESUMED for the
//! session) are always processed by the shard. [`Shard::next_raw`] hands out
//! a wanted dispatch's JSON unparsed, for services that forward bytes.
//!
//! # Sending
//!
//! Commands go through a ratelimiter that never sends more than 120
//! payloads a minute and always keeps room for heartbeats: from the shard
//! ([`Shard::command`]) or from other tasks through a cloneable
//! [`MessageSender`].
//!
//! # Features
//!
//! - `zstd` (default): zstd-stream transport compression, preferred.
//! - `zlib` (default): zlib-stream through flate2's zlib-rs backend.
//! - `rustls-webpki-roots` (default): `wss://` (Discord) over rustls with
//!   ring and the webpki roots. Not needed against twilight-mock (`ws://`).
//! - `http-recommended`: [`recommended_shards`], GET /gateway/bot through a
//!   minimal hyper client.

mod compression;
mod config;
mod error;
mod event_type_flags;
mod latency;
mod message;
mod ratelimiter;
#[cfg(feature = "http-recommended")]
mod recommended;
mod sender;
mod session;
mod shard;
mod stream;

pub use compression::{Compression, DecompressError};
pub use config::{Config, ConfigBuilder, DISCORD_GATEWAY_URL};
pub use error::{ReceiveMessageError, ReceiveMessageErrorKind, SendError, SendErrorKind};
pub use event_type_flags::EventTypeFlags;
pub use latency::Latency;
pub use message::{CloseFrame, Message, RawDispatch};
pub use ratelimiter::{COMMANDS_PER_PERIOD, CommandRatelimiter, PERIOD};
#[cfg(feature = "http-recommended")]
pub use recommended::{
    DISCORD_API_BASE, RecommendedError, RecommendedErrorKind, create_recommended,
    recommended_shards,
};
pub use sender::{MAX_PAYLOAD, MessageSender};
pub use session::Session;
pub use shard::{Shard, ShardState};
pub use stream::{ShardEventStream, ShardRangeError, create_range};
pub use twilight_gateway_queue::{Enqueued, Queue};

use std::sync::Arc;

/// The queue a configuration starts with: one IDENTIFY per 5 seconds, for
/// a bot with `max_concurrency` 1 in one process.
fn default_queue() -> Arc<dyn Queue> {
    Arc::new(SerialQueue::default())
}

/// One IDENTIFY at a time, 5 seconds apart.
#[derive(Debug, Default)]
struct SerialQueue(Arc<tokio::sync::Mutex<Option<tokio::time::Instant>>>);

impl Queue for SerialQueue {
    fn enqueue(&self, _shard: u32, _total: u32) -> Enqueued {
        let last = Arc::clone(&self.0);
        Box::pin(async move {
            let mut last = last.lock().await;
            if let Some(at) = *last {
                tokio::time::sleep_until(at + std::time::Duration::from_secs(5)).await;
            }
            *last = Some(tokio::time::Instant::now());
        })
    }
}
