//! [`Shard`]: one gateway connection and its session, as a state machine
//! driven by polling.
//!
//! Everything happens inside `poll_next_message`: connecting, HELLO,
//! heartbeats, IDENTIFY after the queue allows it, RESUME, reconnecting,
//! sending commands. In-progress futures (the connection attempt, the
//! backoff, the queue's permission) live in the shard, so dropping a
//! `next_message()` future loses nothing, and a message is handed out in
//! the same poll that records its sequence number: the session's sequence
//! never runs ahead of what the user has received.

use crate::compression::Decompressor;
use crate::config::Config;
use crate::error::{ReceiveMessageError, ReceiveMessageErrorKind};
use crate::event_type_flags::EventTypeFlags;
use crate::latency::Latency;
use crate::message::{CloseFrame, Message, RawDispatch};
use crate::ratelimiter::CommandRatelimiter;
use crate::sender::MessageSender;
use crate::session::Session;
use futures_core::Stream;
use futures_util::{Sink, StreamExt};
use serde::Deserialize;
use std::borrow::Cow;
use std::collections::VecDeque;
use std::fmt::{self, Debug, Formatter};
use std::future::{Future, poll_fn};
use std::ops::Range;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};
use std::time::Duration;
use tokio::net::TcpStream;
use tokio::sync::mpsc;
use tokio::time::{Instant, Sleep};
use tokio_websockets::{MaybeTlsStream, WebSocketStream};
use twilight_gateway_queue::Enqueued;
use twilight_model::gateway::command::{CommandPayload, Heartbeat, Identify, Resume};
use twilight_model::gateway::{
    CloseCode, Envelope, Event, EventType, GatewayEvent, OpCode, ShardId,
};

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;
type Connecting = Pin<Box<dyn Future<Output = Result<Socket, tokio_websockets::Error>> + Send>>;

/// Gateway API version.
const API_VERSION: &str = "10";

/// The smallest buffer a payload is decompressed into.
const MIN_BUFFER: usize = 1024;

/// Larger payloads grow their buffer rather than make every later one big.
const MAX_BUFFER_HINT: usize = 256 * 1024;

/// How long a connection attempt (TCP, TLS, upgrade) may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(30);

/// How long the gateway has to send HELLO after the upgrade.
const HELLO_TIMEOUT: Duration = Duration::from_secs(30);

/// How long the gateway has to answer a close before the connection is
/// dropped anyway.
const CLOSE_TIMEOUT: Duration = Duration::from_secs(5);

/// Where a shard is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ShardState {
    /// The session is established; events flow.
    Active,
    /// Not connected; `attempts` reconnection attempts failed in a row.
    Disconnected {
        /// Failed attempts in a row.
        attempts: u32,
    },
    /// Connected, identifying (waiting for HELLO, the queue or READY).
    Identifying,
    /// Connected, resuming (waiting for HELLO or RESUMED).
    Resuming,
    /// Discord closed with a fatal code; the shard has ended.
    FatallyClosed,
    /// Closed by the user ([`Shard::close`], [`MessageSender::close`]);
    /// the shard has ended and does not connect again.
    Closed,
}

impl ShardState {
    /// Whether events flow.
    pub const fn is_active(self) -> bool {
        matches!(self, Self::Active)
    }
}

/// What the shard does between connections.
enum Pending {
    /// Connect on the next poll.
    Nothing,
    /// Wait, then connect.
    Backoff(Pin<Box<Sleep>>),
    /// A connection attempt.
    Connecting(Connecting),
}

/// The heartbeat of a connection.
struct Heartbeater {
    interval: Duration,
    timer: Pin<Box<Sleep>>,
    /// Whether the last heartbeat is still unacknowledged.
    awaiting_ack: bool,
}

/// What the shard read of a dispatch's envelope, so `next_event` parses
/// `d` without scanning the payload again.
struct Dispatch {
    kind: Option<EventType>,
    name: Cow<'static, str>,
    sequence: u64,
    /// `d` as the envelope's quick scan found it, and whether that range is
    /// exact or only assumed to run to the closing brace (see
    /// [`Envelope::data_range_unchecked`]).
    data: Range<usize>,
    data_exact: bool,
    /// READY, parsed once by the shard for its session and kept for
    /// `next_event`.
    parsed: Option<Event>,
}

impl Dispatch {
    fn into_raw(self, json: String) -> RawDispatch {
        let data = if self.data_exact {
            self.data
        } else {
            // The walk of `d`, which only forwarding needs: a parse proves
            // the assumed range instead.
            Envelope::peek(&json)
                .ok()
                .and_then(|envelope| envelope.data_range())
                .unwrap_or(self.data)
        };
        RawDispatch {
            json,
            kind: self.kind,
            name: self.name,
            sequence: self.sequence,
            data,
        }
    }
}

/// READY's fields the shard needs (the rest is skipped, not stored).
#[derive(Deserialize)]
struct ReadyMinimal {
    session_id: String,
    resume_gateway_url: String,
}

/// One gateway connection and its session.
///
/// ```no_run
/// use twilight_gateway::{Config, EventTypeFlags, Shard};
/// use twilight_model::gateway::{Event, Intents, ShardId};
///
/// # async fn run() {
/// let config = Config::new("token", Intents::GUILD_MESSAGES);
/// let mut shard = Shard::new(ShardId::ONE, config);
/// while let Some(item) = shard.next_event(EventTypeFlags::MESSAGE_CREATE).await {
///     match item {
///         Ok(Event::MessageCreate(message)) => println!("{}", message.content),
///         Ok(_) => {}
///         Err(error) if error.is_fatal() => break,
///         Err(error) => tracing::warn!(%error, "receiving"),
///     }
/// }
/// # }
/// ```
pub struct Shard {
    id: ShardId,
    config: Arc<Config>,
    span: tracing::Span,
    socket: Option<Socket>,
    pending: Pending,
    state: ShardState,
    session: Option<Session>,
    identify: Option<Enqueued>,
    heartbeater: Option<Heartbeater>,
    latency: Latency,
    ratelimiter: Option<CommandRatelimiter>,
    decompressor: Option<Decompressor>,
    /// Control payloads (heartbeats, IDENTIFY, RESUME, close), sent before
    /// any command.
    outbox: VecDeque<tokio_websockets::Message>,
    /// A command taken from the channel that the ratelimiter holds back.
    held: Option<String>,
    /// Whether a close was sent and the shard waits for the server's.
    closing: bool,
    /// The close sent, and how long the gateway has to answer it.
    close_sent: Option<(CloseFrame, Pin<Box<Sleep>>)>,
    /// Failed connections since the last READY or RESUMED.
    attempts: u32,
    sender: MessageSender,
    commands: mpsc::UnboundedReceiver<String>,
    closes: mpsc::UnboundedReceiver<CloseFrame>,
    /// The size of the last decompressed payload, to size the next one.
    buffer_hint: usize,
    /// Filled by `poll_next_message` for the dispatch just handed out.
    last_dispatch: Option<Dispatch>,
}

impl Debug for Shard {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.debug_struct("Shard")
            .field("id", &self.id)
            .field("state", &self.state)
            .field("session", &self.session)
            .field("latency", &self.latency)
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl Shard {
    /// A shard; it connects when first polled.
    pub fn new(id: ShardId, config: Config) -> Self {
        Self::with_config(id, Arc::new(config))
    }

    /// A shard sharing its configuration with others.
    pub fn with_config(id: ShardId, config: Arc<Config>) -> Self {
        let (tx, commands) = mpsc::unbounded_channel();
        let (close_tx, closes) = mpsc::unbounded_channel();
        let session = config.session.clone();
        let ratelimiter = config.ratelimit.map(CommandRatelimiter::new);
        Self {
            id,
            span: tracing::info_span!("shard", id = id.number(), total = id.total()),
            config,
            socket: None,
            pending: Pending::Nothing,
            state: ShardState::Disconnected { attempts: 0 },
            session,
            identify: None,
            heartbeater: None,
            latency: Latency::default(),
            ratelimiter,
            decompressor: None,
            outbox: VecDeque::new(),
            held: None,
            closing: false,
            close_sent: None,
            attempts: 0,
            sender: MessageSender { tx, close_tx },
            commands,
            closes,
            buffer_hint: MIN_BUFFER,
            last_dispatch: None,
        }
    }

    /// This shard's id.
    pub const fn id(&self) -> ShardId {
        self.id
    }

    /// Where the shard is.
    pub const fn state(&self) -> ShardState {
        self.state
    }

    /// Heartbeat round trips of the current connection.
    pub const fn latency(&self) -> &Latency {
        &self.latency
    }

    /// The session, to resume it later (also in another process): the
    /// sequence is that of the last message handed out.
    pub const fn session(&self) -> Option<&Session> {
        self.session.as_ref()
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The command ratelimiter, unless disabled.
    pub const fn ratelimiter(&mut self) -> Option<&mut CommandRatelimiter> {
        self.ratelimiter.as_mut()
    }

    /// A cloneable handle for sending commands from other tasks.
    pub fn sender(&self) -> MessageSender {
        self.sender.clone()
    }

    /// Queues a command (sent through the ratelimiter once the session is
    /// active, while the shard is polled).
    ///
    /// # Errors
    ///
    /// Returns an error if the command does not serialise or is longer than
    /// 4096 bytes.
    pub fn command<C: twilight_model::gateway::command::Command>(
        &self,
        command: &C,
    ) -> Result<(), crate::SendError> {
        self.sender.command(command)
    }

    /// Closes the connection with `frame` and ends the shard. With
    /// [`CloseFrame::RESUME`] (any code but 1000 and 1001) the session stays
    /// resumable by a new shard given it through
    /// [`ConfigBuilder::session`](crate::ConfigBuilder::session);
    /// [`CloseFrame::NORMAL`] ends it. A code WebSocket forbids on the wire
    /// (1005, 1006, 1015, ...) is sent as 4000, which keeps the session as
    /// the caller's code would have, never as 1000, which would end it.
    ///
    /// Read the session to store with [`session`](Self::session) once the
    /// shard has ended (`next_message` gave `None`): it then counts every
    /// message handed out during the close too, so a resume replays exactly
    /// what was not handed out.
    ///
    /// The close goes out, and the gateway's answer comes back, only while
    /// the shard is polled: a connected shard then yields the answer as
    /// [`Message::Close`] (or the frame sent, if the gateway did not answer
    /// within 5 seconds) and `None` after it; a shard without a connection
    /// (connecting, waiting to reconnect) yields `None` at once. It never
    /// connects again: its state is [`ShardState::Closed`]. Messages
    /// received before the answer are still handed out (and recorded in
    /// [`session`](Self::session)). To close many shards at once, see
    /// [`ShardEventStream::close`](crate::ShardEventStream::close).
    ///
    /// ```
    /// use twilight_gateway::{CloseFrame, Config, Shard, ShardState};
    /// use twilight_model::gateway::{Intents, ShardId};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let mut shard = Shard::new(ShardId::ONE, Config::new("token", Intents::GUILDS));
    /// // Never connected: nothing to resume, nothing to wait for.
    /// shard.close(&CloseFrame::RESUME);
    /// assert!(shard.next_message().await.is_none());
    /// assert!(shard.session().is_none());
    /// assert_eq!(shard.state(), ShardState::Closed);
    /// # }
    /// ```
    pub fn close(&mut self, frame: &CloseFrame) {
        self.start_close(frame);
    }

    /// The next message, after the shard processed it; `None` once the
    /// shard has ended (after a fatal close, reported as an error first, or
    /// after [`close`](Self::close)).
    pub async fn next_message(&mut self) -> Option<Result<Message, ReceiveMessageError>> {
        poll_fn(|cx| self.poll_next_message(cx)).await
    }

    /// The next dispatch event of a wanted type. Unwanted events are
    /// skipped before their data is parsed; gateway payloads (HELLO,
    /// heartbeats, RECONNECT, INVALID_SESSION) are always processed by the
    /// shard and never returned. Events this crate does not know come as
    /// [`Event::Unknown`] when [`EventTypeFlags::UNKNOWN`] is wanted.
    pub async fn next_event(
        &mut self,
        wanted: EventTypeFlags,
    ) -> Option<Result<Event, ReceiveMessageError>> {
        poll_fn(|cx| self.poll_next_event(cx, wanted)).await
    }

    /// The next dispatch of a wanted type as raw JSON, unparsed, for
    /// services that forward bytes (to a broker).
    pub async fn next_raw(
        &mut self,
        wanted: EventTypeFlags,
    ) -> Option<Result<RawDispatch, ReceiveMessageError>> {
        poll_fn(|cx| self.poll_next_raw(cx, wanted)).await
    }

    /// Polls for the next wanted event.
    pub fn poll_next_event(
        &mut self,
        cx: &mut Context<'_>,
        wanted: EventTypeFlags,
    ) -> Poll<Option<Result<Event, ReceiveMessageError>>> {
        let Some((json, mut dispatch)) = ready!(self.poll_next_dispatch(cx, wanted)?) else {
            return Poll::Ready(None);
        };
        if let Some(event) = dispatch.parsed.take() {
            return Poll::Ready(Some(Ok(event)));
        }
        // The envelope again (a constant cost) for the model's parse, which
        // walks `d` only if the assumed range does not parse.
        let parsed = match Envelope::peek(&json).and_then(|envelope| envelope.parse()) {
            Ok(GatewayEvent::Dispatch { event, .. }) => Ok(event),
            Ok(_) => Err("a dispatch became another payload".into()),
            Err(error) => Err(Box::new(error).into()),
        };
        Poll::Ready(Some(parsed.map_err(|source| {
            ReceiveMessageError::deserializing(dispatch.into_raw(json), source)
        })))
    }

    /// Polls for the next wanted dispatch, unparsed. Gateway payloads and
    /// closes were processed by `poll_next_message` and are skipped here.
    pub fn poll_next_raw(
        &mut self,
        cx: &mut Context<'_>,
        wanted: EventTypeFlags,
    ) -> Poll<Option<Result<RawDispatch, ReceiveMessageError>>> {
        let Some((json, dispatch)) = ready!(self.poll_next_dispatch(cx, wanted)?) else {
            return Poll::Ready(None);
        };
        Poll::Ready(Some(Ok(dispatch.into_raw(json))))
    }

    /// Polls for the next wanted dispatch with what `process` read of it.
    fn poll_next_dispatch(
        &mut self,
        cx: &mut Context<'_>,
        wanted: EventTypeFlags,
    ) -> Poll<Option<Result<(String, Dispatch), ReceiveMessageError>>> {
        loop {
            let Some(message) = ready!(self.poll_next_message(cx)?) else {
                return Poll::Ready(None);
            };
            let (Message::Text(json), Some(dispatch)) = (message, self.last_dispatch.take()) else {
                continue;
            };
            let is_wanted = match dispatch.kind {
                Some(kind) => wanted.wants(kind),
                None => wanted.wants_unknown(),
            };
            if is_wanted {
                return Poll::Ready(Some(Ok((json, dispatch))));
            }
        }
    }

    /// Polls for the next message. See [`next_message`](Self::next_message).
    pub fn poll_next_message(
        &mut self,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Message, ReceiveMessageError>>> {
        let span = self.span.clone();
        let _entered = span.enter();
        self.last_dispatch = None;
        loop {
            if matches!(self.state, ShardState::FatallyClosed | ShardState::Closed) {
                return Poll::Ready(None);
            }
            // A sender's close is taken first, whatever waits: it ends a
            // shard without a connection at once rather than after
            // connecting.
            if !self.closing
                && let Poll::Ready(Some(frame)) = self.closes.poll_recv(cx)
            {
                self.start_close(&frame);
                continue;
            }
            if self.socket.is_none() {
                if let Err(error) = ready!(self.poll_connect(cx)) {
                    return Poll::Ready(Some(Err(error)));
                }
                continue;
            }
            if let Some((_, deadline)) = &mut self.close_sent
                && deadline.as_mut().poll(cx).is_ready()
            {
                tracing::debug!("the gateway did not answer the close in time");
                let frame = self.close_sent.take().map(|(frame, _)| frame);
                self.disconnect(false);
                return Poll::Ready(Some(Ok(Message::Close(frame))));
            }
            if let Some(result) = self.poll_send(cx) {
                if let Err(error) = result {
                    self.disconnect(true);
                    return Poll::Ready(Some(Err(error)));
                }
                // A zombie connection was dropped.
                continue;
            }
            return self.poll_receive(cx);
        }
    }

    /// Connects (after any backoff). Ready(Ok) once connected.
    fn poll_connect(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), ReceiveMessageError>> {
        loop {
            match &mut self.pending {
                Pending::Nothing => {
                    let url = self.url();
                    tracing::debug!(%url, "connecting");
                    let max_message = self.config.limits.max_payload;
                    self.pending = Pending::Connecting(Box::pin(connect(url, max_message)));
                }
                Pending::Backoff(sleep) => {
                    ready!(sleep.as_mut().poll(cx));
                    self.pending = Pending::Nothing;
                }
                Pending::Connecting(connecting) => {
                    let result = ready!(connecting.as_mut().poll(cx));
                    match result.and_then(|socket| {
                        Decompressor::new(self.config.compression, self.config.limits)
                            .map(|decompressor| (socket, decompressor))
                            .map_err(|error| {
                                tokio_websockets::Error::Io(std::io::Error::other(error))
                            })
                    }) {
                        Ok((socket, decompressor)) => {
                            tracing::debug!("connected");
                            self.socket = Some(socket);
                            self.decompressor = Some(decompressor);
                            self.pending = Pending::Nothing;
                            self.closing = false;
                            self.latency = Latency::default();
                            // Until HELLO sets the real interval: a gateway
                            // that never says HELLO is a zombie too.
                            self.heartbeater = Some(Heartbeater {
                                interval: HELLO_TIMEOUT,
                                timer: Box::pin(tokio::time::sleep(HELLO_TIMEOUT)),
                                awaiting_ack: true,
                            });
                            self.state = if self.session.is_some() {
                                ShardState::Resuming
                            } else {
                                ShardState::Identifying
                            };
                            return Poll::Ready(Ok(()));
                        }
                        Err(error) => {
                            self.attempts = self.attempts.saturating_add(1);
                            let attempts = self.attempts;
                            tracing::warn!(attempts, %error, "connecting failed");
                            self.state = ShardState::Disconnected { attempts };
                            self.pending = Pending::Backoff(Box::pin(tokio::time::sleep(backoff(
                                attempts,
                                self.config.max_backoff,
                            ))));
                            return Poll::Ready(Err(ReceiveMessageError::new(
                                ReceiveMessageErrorKind::Connecting,
                                Some(Box::new(error)),
                            )));
                        }
                    }
                }
            }
        }
    }

    /// The URL of the next connection: the session's resume URL when there
    /// is a session to resume.
    fn url(&self) -> String {
        // A resume URL that is not a WebSocket URL, or that failed a few
        // times in a row, gives way to the gateway URL, where resuming
        // works too: connectivity must not hang on one bad address.
        let base = match &self.session {
            Some(session)
                if self.attempts < RESUME_URL_TRIES && is_websocket_url(session.resume_url()) =>
            {
                session.resume_url()
            }
            _ => &self.config.gateway_url,
        };
        let mut url = base.trim_end_matches('/').to_owned();
        let has_path = url
            .split_once("://")
            .is_some_and(|(_, rest)| rest.contains('/'));
        if !has_path {
            url.push('/');
        }
        url.push_str("?v=");
        url.push_str(API_VERSION);
        url.push_str("&encoding=json");
        if let Some(compress) = self.config.compression.query() {
            url.push_str("&compress=");
            url.push_str(compress);
        }
        url
    }

    /// Heartbeats, IDENTIFY, commands and the outbox. `Some(Ok)` when the
    /// connection was dropped (a zombie), `Some(Err)` when sending failed,
    /// `None` to go on receiving.
    fn poll_send(&mut self, cx: &mut Context<'_>) -> Option<Result<(), ReceiveMessageError>> {
        if let Some(heartbeater) = &mut self.heartbeater
            && heartbeater.timer.as_mut().poll(cx).is_ready()
        {
            if heartbeater.awaiting_ack {
                tracing::warn!("no heartbeat acknowledgement: zombie connection, resuming");
                self.disconnect(false);
                return Some(Ok(()));
            }
            let interval = heartbeater.interval;
            heartbeater.timer.as_mut().reset(Instant::now() + interval);
            self.queue_heartbeat();
        }

        if let Some(enqueued) = &mut self.identify
            && enqueued.as_mut().poll(cx).is_ready()
        {
            self.identify = None;
            self.queue_identify();
        }

        while !self.closing {
            if self.held.is_none() {
                match self.commands.poll_recv(cx) {
                    Poll::Ready(Some(json)) => self.held = Some(json),
                    Poll::Ready(None) | Poll::Pending => break,
                }
            }
            // Commands wait for the session (Discord closes with 4003
            // before it), and for the ratelimiter.
            if !self.state.is_active() {
                break;
            }
            if let Some(ratelimiter) = &mut self.ratelimiter {
                if ratelimiter.poll_ready(cx).is_pending() {
                    break;
                }
                ratelimiter.record();
            }
            if let Some(json) = self.held.take() {
                self.outbox.push_back(tokio_websockets::Message::text(json));
            }
        }

        let socket = self.socket.as_mut()?;
        while !self.outbox.is_empty() {
            match Pin::new(&mut *socket).poll_ready(cx) {
                Poll::Ready(Ok(())) => {
                    if let Some(message) = self.outbox.pop_front()
                        && let Err(error) = Pin::new(&mut *socket).start_send(message)
                    {
                        return Some(Err(transport(error)));
                    }
                }
                Poll::Ready(Err(error)) => return Some(Err(transport(error))),
                Poll::Pending => break,
            }
        }
        if let Poll::Ready(Err(error)) = Pin::new(&mut *socket).poll_flush(cx) {
            return Some(Err(transport(error)));
        }
        None
    }

    /// Reads one message and processes it.
    fn poll_receive(
        &mut self,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Message, ReceiveMessageError>>> {
        loop {
            let Some(socket) = self.socket.as_mut() else {
                return Poll::Ready(Some(Ok(Message::Close(None))));
            };
            let message = match ready!(socket.poll_next_unpin(cx)) {
                Some(Ok(message)) => message,
                Some(Err(error)) => {
                    tracing::debug!(%error, "connection failed");
                    self.disconnect(true);
                    return Poll::Ready(Some(Err(transport(error))));
                }
                None => {
                    tracing::debug!("connection ended without a close frame");
                    let sent = self.close_sent.take().map(|(frame, _)| frame);
                    let was_closing = self.closing;
                    self.disconnect(!was_closing);
                    return Poll::Ready(Some(Ok(Message::Close(sent))));
                }
            };
            if let Some((code, reason)) = message.as_close() {
                let frame = CloseFrame {
                    code: code.into(),
                    reason: Cow::Owned(reason.to_owned()),
                };
                return Poll::Ready(Some(self.on_close(frame)));
            }
            let text = if message.is_text() {
                let bytes = bytes::BytesMut::from(message.into_payload());
                match String::from_utf8(Vec::from(bytes)) {
                    Ok(text) => text,
                    Err(error) => return Poll::Ready(Some(Err(self.malformed(Box::new(error))))),
                }
            } else if message.is_binary() {
                let Some(decompressor) = &mut self.decompressor else {
                    continue;
                };
                // Decompressed straight into the buffer handed out, no copy.
                let mut out = Vec::with_capacity(self.buffer_hint);
                match decompressor.push(message.as_payload(), &mut out) {
                    Ok(true) => {}
                    Ok(false) => continue,
                    Err(error) => {
                        self.disconnect(true);
                        return Poll::Ready(Some(Err(ReceiveMessageError::new(
                            ReceiveMessageErrorKind::Decompressing,
                            Some(Box::new(error)),
                        ))));
                    }
                }
                // Room for the next payload if it is like this one.
                self.buffer_hint = (out.len() + out.len() / 8).clamp(MIN_BUFFER, MAX_BUFFER_HINT);
                match String::from_utf8(out) {
                    Ok(text) => text,
                    Err(error) => return Poll::Ready(Some(Err(self.malformed(Box::new(error))))),
                }
            } else {
                // Pings are answered by the WebSocket layer.
                continue;
            };
            if let Err(error) = self.process(&text) {
                return Poll::Ready(Some(Err(error)));
            }
            return Poll::Ready(Some(Ok(Message::Text(text))));
        }
    }

    /// Bookkeeping of a received payload: sequence, session, heartbeats,
    /// IDENTIFY/RESUME, RECONNECT, INVALID_SESSION. One scan of the
    /// envelope; `d` is parsed only for HELLO, INVALID_SESSION and READY.
    fn process(&mut self, text: &str) -> Result<(), ReceiveMessageError> {
        let envelope = match Envelope::peek(text) {
            Ok(envelope) => envelope,
            Err(error) => return Err(self.malformed(Box::new(error))),
        };
        match OpCode::new(envelope.op()) {
            OpCode::Dispatch => {
                let (Some(name), Some(sequence), Some((data, data_exact))) = (
                    envelope.event_type(),
                    envelope.sequence(),
                    envelope.data_range_unchecked(),
                ) else {
                    return Err(self.malformed("dispatch without t, s or d".into()));
                };
                let kind = EventType::from_name(name);
                let mut parsed = None;
                match kind {
                    Some(EventType::Ready) => {
                        // Parsed whole, once: `next_event` returns this. A
                        // READY whose other fields do not fit still starts
                        // the session; `next_event` then reports the error.
                        let (session_id, resume_gateway_url) = match envelope.parse() {
                            Ok(GatewayEvent::Dispatch {
                                event: Event::Ready(ready),
                                ..
                            }) => {
                                let session =
                                    (ready.session_id.clone(), ready.resume_gateway_url.clone());
                                parsed = Some(Event::Ready(ready));
                                session
                            }
                            _ => {
                                let ready: ReadyMinimal = envelope
                                    .data()
                                    .map(serde_json::from_str)
                                    .transpose()
                                    .ok()
                                    .flatten()
                                    .ok_or_else(|| {
                                        self.malformed("READY without a session".into())
                                    })?;
                                (ready.session_id, ready.resume_gateway_url)
                            }
                        };
                        tracing::info!("session started");
                        self.session = Some(Session::new(session_id, sequence, resume_gateway_url));
                        self.state = ShardState::Active;
                        self.attempts = 0;
                    }
                    Some(EventType::Resumed) => {
                        tracing::info!("session resumed");
                        self.state = ShardState::Active;
                        self.attempts = 0;
                    }
                    _ => {}
                }
                if let Some(session) = &mut self.session {
                    session.set_sequence(sequence);
                }
                self.last_dispatch = Some(Dispatch {
                    kind,
                    name: match kind {
                        Some(kind) => Cow::Borrowed(kind.name()),
                        None => Cow::Owned(name.to_owned()),
                    },
                    sequence,
                    data,
                    data_exact,
                    parsed,
                });
            }
            OpCode::Heartbeat => {
                tracing::debug!("heartbeat requested");
                self.queue_heartbeat();
            }
            OpCode::HeartbeatAck => {
                if let Some(heartbeater) = &mut self.heartbeater {
                    heartbeater.awaiting_ack = false;
                }
                self.latency.record_received();
            }
            OpCode::Hello => {
                let hello = envelope
                    .parse()
                    .map_err(|error| self.malformed(Box::new(error)))?;
                let GatewayEvent::Hello(hello) = hello else {
                    return Ok(());
                };
                let sent = Duration::from_millis(hello.heartbeat_interval);
                let (min, max) = self.config.heartbeat_bounds;
                let interval = sent.clamp(min, max);
                if interval == sent {
                    tracing::debug!(?interval, "hello");
                } else {
                    tracing::warn!(
                        ?sent,
                        used = ?interval,
                        "the gateway's heartbeat interval is outside the accepted range"
                    );
                }
                if let Some(ratelimiter) = &mut self.ratelimiter {
                    ratelimiter.set_heartbeat_interval(interval);
                }
                // The first heartbeat is jittered so that shards started
                // together do not heartbeat together.
                let first = interval.mul_f64(fastrand::f64());
                self.heartbeater = Some(Heartbeater {
                    interval,
                    timer: Box::pin(tokio::time::sleep(first)),
                    awaiting_ack: false,
                });
                if let Some(session) = &self.session {
                    tracing::debug!(sequence = session.sequence(), "resuming");
                    self.state = ShardState::Resuming;
                    let resume = Resume {
                        token: self.config.token.clone(),
                        session_id: session.id().to_owned(),
                        seq: session.sequence(),
                    };
                    self.queue_control(&CommandPayload::new(resume));
                } else {
                    self.state = ShardState::Identifying;
                    self.identify =
                        Some(self.config.queue.enqueue(self.id.number(), self.id.total()));
                }
            }
            OpCode::Reconnect => {
                tracing::info!("gateway asked to reconnect");
                self.disconnect(false);
            }
            OpCode::InvalidSession => {
                let resumable = matches!(envelope.parse(), Ok(GatewayEvent::InvalidSession(true)));
                tracing::info!(resumable, "invalid session");
                if resumable {
                    self.disconnect(false);
                } else {
                    self.session = None;
                    self.disconnect(false);
                    // Discord: wait 1-5 seconds before identifying again.
                    let wait = Duration::from_millis(fastrand::u64(1000..=5000));
                    self.pending = Pending::Backoff(Box::pin(tokio::time::sleep(wait)));
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// A close frame from the gateway.
    fn on_close(&mut self, frame: CloseFrame) -> Result<Message, ReceiveMessageError> {
        let code = CloseCode::new(frame.code);
        if (4000..5000).contains(&frame.code) && !code.can_reconnect() {
            tracing::error!(code = frame.code, reason = %frame.reason, "fatal close");
            self.socket = None;
            self.heartbeater = None;
            self.identify = None;
            self.state = ShardState::FatallyClosed;
            return Err(ReceiveMessageError::new(
                ReceiveMessageErrorKind::FatallyClosed { close_code: code },
                None,
            ));
        }
        tracing::info!(code = frame.code, reason = %frame.reason, "connection closed");
        if self.closing {
            // Our own close: the session ended (1000/1001) or is kept.
            if matches!(frame.code, 1000 | 1001) {
                self.session = None;
            }
            self.disconnect(false);
        } else {
            // opcodes-and-status-codes.mdx: after these, reconnect and
            // start a new session.
            if matches!(
                code,
                CloseCode::InvalidSequence | CloseCode::SessionTimedOut
            ) {
                self.session = None;
            }
            self.disconnect(true);
        }
        Ok(Message::Close(Some(frame)))
    }

    /// Sends a close frame; the connection, and the shard, end when the
    /// gateway answers.
    fn start_close(&mut self, frame: &CloseFrame) {
        if matches!(frame.code, 1000 | 1001) {
            // Discord ends the session on these codes.
            self.session = None;
        }
        if matches!(self.state, ShardState::FatallyClosed | ShardState::Closed) {
            return;
        }
        if self.socket.is_none() {
            // Nothing to close: a connection attempt or backoff is dropped.
            self.closing = true;
            self.disconnect(false);
            return;
        }
        // `try_from` accepts the reserved codes (1005, 1006, 1015), which
        // tokio-websockets then refuses to send with a panic.
        let code = tokio_websockets::CloseCode::try_from(frame.code)
            .ok()
            .filter(|code| !code.is_reserved())
            .unwrap_or_else(|| {
                tracing::warn!(
                    code = frame.code,
                    "a close code WebSocket does not allow on the wire: sending 4000, which keeps the session"
                );
                resumable_close_code()
            });
        self.outbox.clear();
        self.outbox
            .push_back(tokio_websockets::Message::close(Some(code), &frame.reason));
        self.heartbeater = None;
        self.identify = None;
        self.closing = true;
        self.close_sent = Some((frame.clone(), Box::pin(tokio::time::sleep(CLOSE_TIMEOUT))));
    }

    /// Drops the connection. With `failed`, the next attempt waits a
    /// backoff; otherwise it starts at once (a requested reconnect). After
    /// a close by the user, however the connection ended, the shard ends.
    fn disconnect(&mut self, failed: bool) {
        let closed_by_user = self.closing;
        self.socket = None;
        self.decompressor = None;
        self.heartbeater = None;
        self.identify = None;
        self.outbox.clear();
        self.closing = false;
        self.close_sent = None;
        if closed_by_user {
            self.pending = Pending::Nothing;
            self.state = ShardState::Closed;
            return;
        }
        // A requested reconnect from a connection that never reached READY
        // or RESUMED counts as a failure, so a gateway that keeps asking
        // for one cannot make the shard reconnect in a loop.
        let failed = failed || !self.state.is_active();
        if failed {
            self.attempts = self.attempts.saturating_add(1);
        }
        let attempts = self.attempts;
        self.state = ShardState::Disconnected { attempts };
        // A requested reconnect (RECONNECT, a zombie, a resumable invalid
        // session) goes at once; a failure waits a growing backoff.
        self.pending = if failed {
            Pending::Backoff(Box::pin(tokio::time::sleep(backoff(
                attempts,
                self.config.max_backoff,
            ))))
        } else {
            Pending::Nothing
        };
    }

    fn queue_heartbeat(&mut self) {
        let sequence = self.session.as_ref().map(Session::sequence);
        let json = serde_json::to_string(&CommandPayload::new(Heartbeat(sequence)));
        if let Ok(json) = json {
            if let Some(heartbeater) = &mut self.heartbeater {
                heartbeater.awaiting_ack = true;
            }
            self.latency.record_sent();
            if let Some(ratelimiter) = &mut self.ratelimiter {
                ratelimiter.record();
            }
            // Ahead of queued commands: a heartbeat must not wait.
            self.outbox
                .push_front(tokio_websockets::Message::text(json));
        }
    }

    fn queue_identify(&mut self) {
        tracing::debug!("identifying");
        let identify = Identify {
            token: self.config.token.clone(),
            properties: self.config.properties.clone(),
            compress: None,
            large_threshold: self.config.large_threshold,
            shard: Some(self.id),
            presence: self.config.presence.clone(),
            intents: self.config.intents,
        };
        self.queue_control(&CommandPayload::new(identify));
    }

    fn queue_control(&mut self, payload: &impl serde::Serialize) {
        match serde_json::to_string(payload) {
            Ok(json) => {
                if let Some(ratelimiter) = &mut self.ratelimiter {
                    ratelimiter.record();
                }
                self.outbox.push_back(tokio_websockets::Message::text(json));
            }
            Err(error) => tracing::error!(%error, "serialising a gateway payload"),
        }
    }

    /// A payload that could not be read: the shard cannot know what it
    /// missed, so it reconnects and resumes.
    fn malformed(
        &mut self,
        source: Box<dyn std::error::Error + Send + Sync>,
    ) -> ReceiveMessageError {
        tracing::warn!(error = %source, "malformed payload, reconnecting");
        self.disconnect(true);
        ReceiveMessageError::new(ReceiveMessageErrorKind::Malformed, Some(source))
    }
}

impl Stream for Shard {
    type Item = Result<Event, ReceiveMessageError>;

    /// Events of the configured [`event_types`](crate::ConfigBuilder::event_types).
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        let wanted = this.config.event_types;
        this.poll_next_event(cx, wanted)
    }
}

/// Opens a WebSocket connection whose messages hold at most `max_message`
/// bytes: the payload limit bounds a message before it is decompressed too
/// (a compressed payload is not larger than the payload), so what a peer
/// can make the WebSocket layer buffer is bounded by the same setting.
async fn connect(url: String, max_message: usize) -> Result<Socket, tokio_websockets::Error> {
    let builder = tokio_websockets::ClientBuilder::new()
        .uri(&url)
        .map_err(|error| tokio_websockets::Error::Io(std::io::Error::other(error)))?
        .limits(tokio_websockets::Limits::default().max_payload_len(Some(max_message)));
    let (socket, _response) = tokio::time::timeout(CONNECT_TIMEOUT, builder.connect())
        .await
        .map_err(|elapsed| {
            tokio_websockets::Error::Io(std::io::Error::new(std::io::ErrorKind::TimedOut, elapsed))
        })??;
    Ok(socket)
}

/// 4000, a close code that keeps the session.
fn resumable_close_code() -> tokio_websockets::CloseCode {
    // 4000 is in the range WebSocket leaves to applications; the fallback
    // cannot happen.
    tokio_websockets::CloseCode::try_from(CloseFrame::RESUME.code)
        .unwrap_or(tokio_websockets::CloseCode::PROTOCOL_ERROR)
}

/// Failed connections in a row after which a shard resumes through the
/// gateway URL instead of the session's resume URL.
const RESUME_URL_TRIES: u32 = 3;

/// `ws://host...` or `wss://host...`, with a host.
fn is_websocket_url(url: &str) -> bool {
    url.strip_prefix("wss://")
        .or_else(|| url.strip_prefix("ws://"))
        .is_some_and(|rest| !rest.is_empty() && !rest.starts_with(['/', '?', '#', ':']))
}

/// Exponential backoff from 0.5 s, capped, with jitter (50-100 %).
fn backoff(attempts: u32, max: Duration) -> Duration {
    let exponential = Duration::from_millis(500)
        .saturating_mul(1_u32 << attempts.saturating_sub(1).min(16))
        .min(max);
    exponential.mul_f64(0.5 + fastrand::f64() / 2.0)
}

fn transport(error: tokio_websockets::Error) -> ReceiveMessageError {
    ReceiveMessageError::new(ReceiveMessageErrorKind::Transport, Some(Box::new(error)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compression::Compression;

    #[test]
    fn backoff_grows_and_is_capped() {
        let max = Duration::from_secs(60);
        assert!(backoff(1, max) <= Duration::from_millis(500));
        assert!(backoff(1, max) >= Duration::from_millis(250));
        assert!(backoff(4, max) >= Duration::from_secs(2));
        assert!(backoff(40, max) <= max);
        assert!(backoff(40, max) >= max / 2);
    }

    #[test]
    fn urls_get_the_query() {
        let config = Config::builder("t", twilight_model::gateway::Intents::GUILDS)
            .gateway_url("wss://gateway.discord.gg")
            .compression(Compression::None)
            .build();
        let mut shard = Shard::new(ShardId::ONE, config);
        assert_eq!(shard.url(), "wss://gateway.discord.gg/?v=10&encoding=json");
        shard.session = Some(Session::new(
            "s".to_owned(),
            1,
            "ws://127.0.0.1:1/resume/".to_owned(),
        ));
        assert_eq!(shard.url(), "ws://127.0.0.1:1/resume?v=10&encoding=json");
    }
}
