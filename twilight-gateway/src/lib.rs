//! Discord gateway shards.
//!
//! A [`Shard`] is one gateway connection and its session. It connects with
//! transport compression (zstd-stream or zlib-stream), sends IDENTIFY when
//! the session start [`Queue`] allows it,
//! heartbeats (the first one jittered), detects zombie connections (no
//! acknowledgement) and resumes, follows RECONNECT and INVALID_SESSION, and
//! reconnects after every close code but the fatal ones (4004, 4010-4014),
//! which end the shard with a typed error.
//!
//! # Map of the crate
//!
//! The modules are private; everything they define is re-exported here.
//!
//! - `shard`: [`Shard`], the connection and its session as a state machine,
//!   and [`ShardState`].
//! - `config`: [`Config`] and [`ConfigBuilder`], what every shard of a bot
//!   shares (token, intents, queue, presence, gateway URL, compression,
//!   ratelimiting, backoff, wanted event types) and the session to resume.
//! - `session`: [`Session`], what a resume needs, serialisable so it
//!   survives a restart.
//! - `compression`: [`Compression`] and the decompression context of one
//!   connection (zstd-stream or zlib-stream); [`DecompressError`].
//! - `event_type_flags`: [`EventTypeFlags`], one bit per dispatch event
//!   type of the model, the filter applied before parsing.
//! - `message`: what a shard hands out: [`Message`] (a payload's JSON text
//!   or a close), [`CloseFrame`] and [`RawDispatch`].
//! - `ratelimiter`: [`CommandRatelimiter`], at most [`COMMANDS_PER_PERIOD`]
//!   payloads per [`PERIOD`] with room kept for heartbeats.
//! - `sender`: [`MessageSender`], commands and closes from other tasks.
//! - `latency`: [`Latency`], the heartbeat round trips.
//! - `stream`: [`create_range`] and [`ShardEventStream`], a bot's shards (or
//!   one process's range) polled as one stream of `(shard id, event)`.
//! - `recommended` (feature `http-recommended`): `recommended_shards` and
//!   `create_recommended`, the shard count from `GET /gateway/bot`.
//! - `error`: [`ReceiveMessageError`] (with
//!   [`is_fatal`](ReceiveMessageError::is_fatal)) and [`SendError`].
//! - Re-exported from twilight-gateway-queue: [`Queue`], [`InMemoryQueue`]
//!   and [`Enqueued`].
//!
//! # Data flow
//!
//! In: a WebSocket frame is decompressed into a payload's JSON text; the
//! model's [`Envelope::peek`](twilight_model::gateway::Envelope::peek) reads
//! its `op`, `s` and `t`; the shard itself acts on HELLO, heartbeats,
//! RECONNECT and INVALID_SESSION, and reads READY and RESUMED for its
//! session (READY is parsed once, and that parse is what
//! [`Shard::next_event`] returns). Then
//! [`Shard::next_message`] hands out every payload as a [`Message`],
//! [`Shard::next_raw`] only wanted dispatches, unparsed, as [`RawDispatch`],
//! and [`Shard::next_event`] parses wanted dispatches with
//! [`Event::from_dispatch`](twilight_model::gateway::Event::from_dispatch)
//! into typed [`Event`](twilight_model::gateway::Event)s.
//!
//! Out: [`Shard::command`] or a [`MessageSender`] serialises a command of
//! the model's `gateway::command`; the shard sends it when the
//! [`CommandRatelimiter`] allows it, and once the session is up (commands
//! sent before wait for it).
//!
//! # What you can swap
//!
//! - The session start queue: [`ConfigBuilder::queue`] takes any
//!   `Arc<dyn` [`Queue`]`>`; the default [`InMemoryQueue`] serves the
//!   shards of one process, and a queue shared between processes (the queue
//!   crate's service client, or your own implementation) serves a bot
//!   spread over several.
//! - The gateway: [`ConfigBuilder::gateway_url`] points shards at another
//!   server (twilight-mock's, a proxy); [`ConfigBuilder::compression`]
//!   picks the transport compression.
//! - Where sessions live: [`Shard::session`] and [`ConfigBuilder::session`]
//!   let a resume happen in another process, later.
//! - Parsing: [`Shard::next_raw`] and [`Shard::next_message`] hand out
//!   JSON for a parser or a broker of your own.
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
//! # Examples
//!
//! One process's range of a cluster, polled as one stream, with a sender
//! used from another task:
//!
//! ```no_run
//! use futures_util::StreamExt;
//! use std::sync::Arc;
//! use twilight_gateway::{Config, EventTypeFlags, InMemoryQueue, ShardEventStream, create_range};
//! use twilight_model::gateway::command::RequestGuildMembers;
//! use twilight_model::gateway::{Event, Intents};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! // From GET /gateway/bot's session_start_limit.
//! let queue = InMemoryQueue::new(16, 1000, std::time::Duration::from_secs(86_400), 1000);
//! let config = Config::builder("token", Intents::GUILDS | Intents::GUILD_MEMBERS)
//!     .queue(Arc::new(queue))
//!     .build();
//! let shards = create_range(0..16, 64, config, |_, config| config)?;
//! let sender = shards[0].sender();
//! tokio::spawn(async move {
//!     let request = RequestGuildMembers::query(twilight_model::id::Id::new(1), "", 0);
//!     sender.command(&request).unwrap();
//! });
//! let wanted = EventTypeFlags::GUILD_CREATE | EventTypeFlags::GUILD_MEMBERS_CHUNK;
//! let mut stream = ShardEventStream::new(shards, wanted);
//! while let Some((shard_id, event)) = stream.next().await {
//!     match event {
//!         Ok(Event::GuildCreate(_)) => println!("shard {}: a guild", shard_id.display_fraction()),
//!         Ok(_) => {}
//!         Err(error) => eprintln!("shard {}: {error}", shard_id.display_fraction()),
//!     }
//! }
//! # Ok(()) }
//! ```
//!
//! A session that survives a restart: store it on shutdown, resume with it
//! after.
//!
//! ```no_run
//! use twilight_gateway::{CloseFrame, Config, Message, Session, Shard};
//! use twilight_model::gateway::{Intents, ShardId};
//!
//! # async fn run(mut shard: Shard) -> Result<(), Box<dyn std::error::Error>> {
//! // Shutting down: keep the session resumable, wait for the close to be
//! // answered (the shard ends then: `None`). Many shards at once:
//! // `ShardEventStream::close`.
//! shard.close(&CloseFrame::RESUME);
//! while let Some(message) = shard.next_message().await {
//!     if let Ok(Message::Close(frame)) = message {
//!         tracing::info!(?frame, "closed");
//!     }
//! }
//! // Read once the shard has ended: it counts what the drain handed out.
//! if let Some(session) = shard.session() {
//!     std::fs::write("session.json", serde_json::to_vec(session)?)?;
//! }
//!
//! // Starting again: resume instead of identifying; missed events replay.
//! let session: Session = serde_json::from_slice(&std::fs::read("session.json")?)?;
//! let config = Config::builder("token", Intents::GUILDS).session(session).build();
//! let shard = Shard::new(ShardId::ONE, config);
//! # Ok(()) }
//! ```
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

/// The decompressor of one connection, for the fuzz targets in `fuzz/`
/// (built with `--cfg fuzzing`); not part of the API.
#[cfg(fuzzing)]
#[doc(hidden)]
pub mod fuzzing {
    use crate::compression::{self, Compression, DecompressError, Limits};

    /// A connection's decompression context with a payload limit.
    pub struct Decompressor(compression::Decompressor);

    impl Decompressor {
        /// A fresh context.
        ///
        /// # Errors
        ///
        /// If zstd cannot make a context.
        pub fn new(compression: Compression, max_payload: usize) -> Result<Self, DecompressError> {
            let limits = Limits {
                max_payload,
                ..Limits::default()
            };
            compression::Decompressor::new(compression, limits).map(Self)
        }

        /// Feeds one frame; `true` when a payload is complete in `out`.
        ///
        /// # Errors
        ///
        /// As the shard's.
        pub fn push(&mut self, frame: &[u8], out: &mut Vec<u8>) -> Result<bool, DecompressError> {
            self.0.push(frame, out)
        }

        /// Input kept for a payload that has not ended.
        pub fn held(&self) -> usize {
            self.0.held()
        }
    }
}

pub use compression::{
    Compression, DEFAULT_MAX_PAYLOAD_SIZE, DEFAULT_ZSTD_WINDOW_LOG_MAX, DecompressError,
    DecompressErrorKind,
};
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
pub use twilight_gateway_queue::{
    Enqueued, IDENTIFY_MARGIN, IDENTIFY_PERIOD, IDENTIFY_WINDOW, InMemoryQueue, Queue,
    scaled_identify_period,
};

use std::sync::Arc;

/// The queue a configuration starts with: Discord's limits for a bot in
/// fewer than 2,500 guilds (`max_concurrency` 1), for shards of one process.
fn default_queue() -> Arc<dyn Queue> {
    Arc::new(InMemoryQueue::default())
}

#[cfg(test)]
mod tests {
    use super::{Config, MessageSender, Shard, ShardEventStream};

    const fn assert_send<T: Send>() {}
    const fn assert_sync<T: Sync>() {}

    /// Shards move into spawned tasks; senders and configurations are
    /// shared between them.
    #[test]
    fn thread_safety() {
        assert_send::<Shard>();
        assert_send::<ShardEventStream>();
        assert_send::<MessageSender>();
        assert_sync::<MessageSender>();
        assert_send::<Config>();
        assert_sync::<Config>();
    }
}
