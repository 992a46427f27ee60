//! NATS JetStream (async-nats).
//!
//! # Streams
//!
//! [`NatsBroker::new`] creates (or reuses, unchanged, when they exist) three
//! file-backed streams with limits retention:
//!
//! | stream | subjects |
//! |--------|----------|
//! | `<app>_events` | `discord.<app>.events.>` |
//! | `<app>_dead` | `discord.<app>.dead.>` |
//! | `<app>_commands` | `discord.<app>.commands.>` |
//!
//! each bounded by [`Retention`]'s `max_messages` and `max_age` (the
//! oldest go first, acknowledged or not) and de-duplicating over its
//! `duplicate_window`.
//!
//! # Publishing
//!
//! Each event goes to `discord.<app>.events.<EVENT_TYPE>.<shard>` with
//! headers `Nats-Msg-Id: <session id>:<sequence>` (the server drops a
//! re-publish within the window and answers `duplicate`),
//! `Discord-Shard: <number>/<total>` and, when it has one,
//! `Discord-Guild: <id>`. A [`PendingAck`] is JetStream's publish ack,
//! awaited up to [`PublishConfig::ack_timeout`] (then
//! [`ErrorKind::Timeout`]). async-nats reconnects by itself after a broken
//! connection; a publish that failed meanwhile is the caller's to repeat.
//!
//! # Consuming
//!
//! A group is a durable pull consumer named after it, filtered to the
//! configured event types and shards (`filter_subject`; several filters,
//! from several types or shards, need `filter_subjects` of NATS 2.10+; an
//! older server ignores them, and the consumer then acknowledges what its
//! group does not want without handing it out), with
//! explicit acks and the configured ack wait. Workers sharing the group
//! share its messages. An ack waits for the server's confirmation
//! (double ack); a nack is `-NAK` with the delay.
//!
//! The consumer's `max_deliver` is left unlimited: this crate moves an
//! exhausted event to the dead letters itself, so that it is kept, not
//! only announced by the server's max-deliveries advisory. A consumer that
//! receives an event for the `max_deliver + 1`-th time republishes it,
//! headers and payload unchanged, to `discord.<app>.dead.<EVENT_TYPE>.<shard>`,
//! waits for that publish's ack, and only then terminates the original
//! (`+TERM`). A crash in between redelivers it, and the republish is then
//! dropped as a duplicate by the dead stream's window.
//!
//! Commands for shard `n` are read by the durable `commands-<n>` on
//! `<app>_commands`, so any cluster process owning the shard picks them up.

use crate::layout::{Family, Layout};
use crate::publish::InFlight;
use crate::{
    Acked, Acker, BoxFuture, CommandDelivery, CommandPublisher, CommandSubscriber, Consumer,
    ConsumerConfig, Delivery, Error, ErrorKind, EventMeta, OutgoingEvent, PendingAck,
    PublishConfig, Publisher, Retention, ShardCommand, StableId,
};
use async_nats::HeaderMap;
use async_nats::jetstream::{
    self, AckKind, Context,
    consumer::{self, pull},
    context::PublishErrorKind,
    stream,
};
use futures_util::StreamExt;
use futures_util::stream::SelectAll;
use std::sync::Arc;
use std::time::Duration;
use twilight_model::gateway::ShardId;
use twilight_model::id::Id;

const SHARD: &str = "Discord-Shard";
const GUILD: &str = "Discord-Guild";

/// A JetStream broker of one application.
#[derive(Clone, Debug)]
pub struct NatsBroker {
    client: async_nats::Client,
    context: Context,
    layout: Layout,
}

fn broker_error(source: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Error {
    Error::with_source(ErrorKind::Broker, source)
}

impl NatsBroker {
    /// Connects to `url` and sets up the application's streams.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Connection`] if the server cannot be reached;
    /// [`ErrorKind::Broker`] if a stream cannot be created (JetStream
    /// disabled, or a stream exists with other subjects).
    pub async fn connect(url: &str, layout: Layout, retention: &Retention) -> Result<Self, Error> {
        let client = async_nats::connect(url)
            .await
            .map_err(|why| Error::with_source(ErrorKind::Connection, why))?;
        Self::new(client, layout, retention).await
    }

    /// Sets up the application's streams over a connected client.
    ///
    /// # Errors
    ///
    /// As [`NatsBroker::connect`], without the connection.
    pub async fn new(
        client: async_nats::Client,
        layout: Layout,
        retention: &Retention,
    ) -> Result<Self, Error> {
        let context = jetstream::new(client.clone());
        for family in [Family::Events, Family::Dead, Family::Commands] {
            context
                .get_or_create_stream(stream::Config {
                    name: layout.stream(family),
                    subjects: vec![format!("{}.>", layout.family(family))],
                    max_messages: i64::try_from(retention.max_messages).unwrap_or(i64::MAX),
                    max_age: retention.max_age,
                    duplicate_window: retention.duplicate_window.min(retention.max_age),
                    storage: stream::StorageType::File,
                    retention: stream::RetentionPolicy::Limits,
                    discard: stream::DiscardPolicy::Old,
                    ..Default::default()
                })
                .await
                .map_err(broker_error)?;
        }
        Ok(Self {
            client,
            context,
            layout,
        })
    }

    /// The layout.
    #[must_use]
    pub const fn layout(&self) -> &Layout {
        &self.layout
    }

    /// The JetStream context (for inspection, e.g. stream info).
    #[must_use]
    pub const fn context(&self) -> &Context {
        &self.context
    }

    /// A publisher with its own in-flight bound.
    #[must_use]
    pub fn publisher(&self, config: &PublishConfig) -> NatsPublisher {
        let max = config.max_in_flight.max(1);
        NatsPublisher {
            context: jetstream::ContextBuilder::new()
                .timeout(config.ack_timeout)
                .max_ack_inflight(max)
                .backpressure_on_inflight(true)
                .build(self.client.clone()),
            layout: self.layout.clone(),
            in_flight: InFlight::new(config),
        }
    }

    /// A consumer of a group (creating the durable when it does not exist;
    /// an existing durable keeps its configuration).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidName`] for bad names; [`ErrorKind::Broker`] if
    /// the durable cannot be created.
    pub async fn consumer(&self, config: ConsumerConfig) -> Result<NatsConsumer, Error> {
        config.check()?;
        let prefix = self.layout.family(config.family);
        let types: Vec<&str> = if config.event_types.is_empty() {
            vec!["*"]
        } else {
            config.event_types.iter().map(String::as_str).collect()
        };
        let shards: Vec<String> = if config.shards.is_empty() {
            vec!["*".to_owned()]
        } else {
            config.shards.iter().map(u32::to_string).collect()
        };
        let mut filter_subjects = Vec::with_capacity(types.len() * shards.len());
        for event_type in &types {
            for shard in &shards {
                filter_subjects.push(format!("{prefix}.{event_type}.{shard}"));
            }
        }
        let consumer = self
            .durable(
                config.family,
                &config.group,
                filter_subjects,
                config.ack_wait,
            )
            .await?;
        Ok(NatsConsumer {
            context: self.context.clone(),
            layout: self.layout.clone(),
            config: Arc::new(config),
            consumer,
            messages: None,
        })
    }

    async fn durable(
        &self,
        family: Family,
        group: &str,
        filter_subjects: Vec<String>,
        ack_wait: Duration,
    ) -> Result<consumer::Consumer<pull::Config>, Error> {
        self.context
            .get_stream(self.layout.stream(family))
            .await
            .map_err(broker_error)?
            .get_or_create_consumer(
                group,
                pull::Config {
                    durable_name: Some(group.to_owned()),
                    // One filter goes in `filter_subject`, which servers
                    // before 2.10 understand too; several need 2.10.
                    filter_subject: if filter_subjects.len() == 1 {
                        filter_subjects[0].clone()
                    } else {
                        String::new()
                    },
                    filter_subjects: if filter_subjects.len() == 1 {
                        Vec::new()
                    } else {
                        filter_subjects
                    },
                    ack_policy: consumer::AckPolicy::Explicit,
                    ack_wait,
                    max_deliver: -1,
                    deliver_policy: consumer::DeliverPolicy::All,
                    ..Default::default()
                },
            )
            .await
            .map_err(broker_error)
    }

    /// A sender of commands.
    #[must_use]
    pub fn command_publisher(&self) -> NatsCommandPublisher {
        NatsCommandPublisher {
            context: self.context.clone(),
            layout: self.layout.clone(),
        }
    }

    /// A reader of the commands of `shards`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Broker`] if a durable cannot be created or read.
    pub async fn command_subscriber(
        &self,
        shards: impl IntoIterator<Item = u32>,
        ack_wait: Duration,
    ) -> Result<NatsCommandSubscriber, Error> {
        let shards: Vec<u32> = shards.into_iter().collect();
        let mut messages = SelectAll::new();
        for &shard in &shards {
            let consumer = self
                .durable(
                    Family::Commands,
                    &format!("commands-{shard}"),
                    vec![self.layout.commands(shard)],
                    ack_wait,
                )
                .await?;
            messages.push(consumer.messages().await.map_err(broker_error)?);
        }
        Ok(NatsCommandSubscriber {
            layout: self.layout.clone(),
            shards,
            messages,
        })
    }
}

fn publish_error(why: jetstream::context::PublishError) -> Error {
    let kind = match why.kind() {
        PublishErrorKind::TimedOut => ErrorKind::Timeout,
        PublishErrorKind::BrokenPipe => ErrorKind::Connection,
        _ => ErrorKind::Broker,
    };
    Error::with_source(kind, why)
}

fn headers_of(meta: &EventMeta) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(
        async_nats::header::NATS_MESSAGE_ID,
        meta.stable_id.to_string().as_str(),
    );
    headers.insert(
        SHARD,
        format!("{}/{}", meta.shard.number(), meta.shard.total()).as_str(),
    );
    if let Some(guild_id) = meta.guild_id {
        headers.insert(GUILD, guild_id.to_string().as_str());
    }
    headers
}

/// [`Publisher`] over JetStream.
#[derive(Clone, Debug)]
pub struct NatsPublisher {
    context: Context,
    layout: Layout,
    in_flight: InFlight,
}

impl Publisher for NatsPublisher {
    fn publish(&self, event: OutgoingEvent) -> BoxFuture<'_, Result<PendingAck, Error>> {
        Box::pin(async move {
            let subject = self
                .layout
                .event(&event.meta.event_type, event.meta.shard.number())?;
            let permit = self.in_flight.acquire().await?;
            let ack = self
                .context
                .publish_with_headers(subject, headers_of(&event.meta), event.payload)
                .await
                .map_err(publish_error)?;
            Ok(PendingAck::new(
                async move {
                    let ack = ack.await.map_err(publish_error)?;
                    Ok(Acked {
                        duplicate: ack.duplicate,
                    })
                },
                Some(permit),
            ))
        })
    }
}

/// [`Consumer`] of a JetStream durable.
pub struct NatsConsumer {
    context: Context,
    layout: Layout,
    config: Arc<ConsumerConfig>,
    consumer: consumer::Consumer<pull::Config>,
    messages: Option<pull::Stream>,
}

impl std::fmt::Debug for NatsConsumer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NatsConsumer")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

/// Reads this crate's metadata back from a message.
fn meta_of(
    layout: &Layout,
    family: Family,
    message: &async_nats::Message,
) -> Result<EventMeta, Error> {
    let (event_type, number) = layout.parse(family, message.subject.as_str())?;
    let headers = message
        .headers
        .as_ref()
        .ok_or_else(|| Error::malformed("no headers"))?;
    let header = |name: &str| headers.get(name).map(async_nats::HeaderValue::as_str);
    let stable_id = StableId::parse(
        header(async_nats::header::NATS_MESSAGE_ID.as_ref())
            .ok_or_else(|| Error::malformed("no Nats-Msg-Id"))?,
    )?;
    let total = header(SHARD)
        .and_then(|shard| shard.split_once('/'))
        .and_then(|(_, total)| total.parse().ok())
        .ok_or_else(|| Error::malformed("no valid Discord-Shard"))?;
    let shard = ShardId::new(number, total)
        .ok_or_else(|| Error::malformed(format!("shard {number} of {total}")))?;
    let guild_id = match header(GUILD) {
        Some(guild) => Some(
            guild
                .parse::<u64>()
                .ok()
                .and_then(Id::new_checked)
                .ok_or_else(|| Error::malformed(format!("guild {guild:?}")))?,
        ),
        None => None,
    };
    Ok(EventMeta {
        event_type: event_type.into(),
        shard,
        guild_id,
        stable_id,
    })
}

struct NatsAcker(jetstream::Message);

impl Acker for NatsAcker {
    fn ack(self: Box<Self>) -> BoxFuture<'static, Result<(), Error>> {
        Box::pin(async move { self.0.double_ack().await.map_err(broker_error) })
    }

    fn nack(self: Box<Self>, delay: Duration) -> BoxFuture<'static, Result<(), Error>> {
        Box::pin(async move {
            self.0
                .double_ack_with(AckKind::Nak(Some(delay)))
                .await
                .map_err(broker_error)
        })
    }
}

impl NatsConsumer {
    async fn next_message(&mut self) -> Result<jetstream::Message, Error> {
        if self.messages.is_none() {
            let messages = self
                .consumer
                .stream()
                .max_messages_per_batch(self.config.batch.max(1))
                .messages()
                .await
                .map_err(broker_error)?;
            self.messages = Some(messages);
        }
        let messages = self.messages.as_mut().expect("set above");
        match messages.next().await {
            Some(Ok(message)) => Ok(message),
            Some(Err(why)) => {
                self.messages = None;
                Err(Error::with_source(ErrorKind::Connection, why))
            }
            None => {
                self.messages = None;
                Err(Error::new(ErrorKind::Closed))
            }
        }
    }

    /// Moves an exhausted event to the dead letters, then terminates it.
    async fn dead_letter(
        &self,
        message: jetstream::Message,
        meta: &EventMeta,
    ) -> Result<(), Error> {
        let subject = self.layout.dead(&meta.event_type, meta.shard.number())?;
        let headers = message.headers.clone().unwrap_or_default();
        self.context
            .publish_with_headers(subject, headers, message.payload.clone())
            .await
            .map_err(publish_error)?
            .await
            .map_err(publish_error)?;
        tracing::warn!(
            stable_id = %meta.stable_id,
            event_type = &*meta.event_type,
            group = self.config.group,
            "event moved to the dead letters after {} deliveries",
            self.config.max_deliver
        );
        message
            .double_ack_with(AckKind::Term)
            .await
            .map_err(broker_error)
    }
}

impl Consumer for NatsConsumer {
    fn next(&mut self) -> BoxFuture<'_, Result<Delivery, Error>> {
        Box::pin(async move {
            loop {
                let message = self.next_message().await?;
                let delivered = message
                    .info()
                    .map_err(|why| Error::malformed(why.to_string()))?
                    .delivered;
                let delivered = u64::try_from(delivered).unwrap_or(1).max(1);
                let meta = match meta_of(&self.layout, self.config.family, &message) {
                    Ok(meta) => meta,
                    Err(why) => {
                        // Not ours: keep it, but out of the workers' way.
                        tracing::warn!(subject = %message.subject, "{why}; terminating the message");
                        message
                            .double_ack_with(AckKind::Term)
                            .await
                            .map_err(broker_error)?;
                        continue;
                    }
                };
                if !self.config.wants(&meta.event_type, meta.shard.number()) {
                    // A server that ignored the filter (several filters on
                    // NATS before 2.10): not this group's, so done for it.
                    message.double_ack().await.map_err(broker_error)?;
                    continue;
                }
                if self.config.is_exhausted(delivered) {
                    self.dead_letter(message, &meta).await?;
                    continue;
                }
                let payload = message.payload.clone();
                return Ok(Delivery::new(
                    meta,
                    payload,
                    delivered,
                    Box::new(NatsAcker(message)),
                ));
            }
        })
    }
}

/// [`CommandPublisher`] over JetStream.
#[derive(Clone, Debug)]
pub struct NatsCommandPublisher {
    context: Context,
    layout: Layout,
}

impl CommandPublisher for NatsCommandPublisher {
    fn send(&self, command: ShardCommand) -> BoxFuture<'_, Result<(), Error>> {
        Box::pin(async move {
            self.context
                .publish(
                    self.layout.commands(command.shard()),
                    command.payload().clone(),
                )
                .await
                .map_err(publish_error)?
                .await
                .map_err(publish_error)?;
            Ok(())
        })
    }
}

/// [`CommandSubscriber`] over per-shard JetStream durables.
pub struct NatsCommandSubscriber {
    layout: Layout,
    shards: Vec<u32>,
    messages: SelectAll<pull::Stream>,
}

impl std::fmt::Debug for NatsCommandSubscriber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NatsCommandSubscriber")
            .field("layout", &self.layout)
            .finish_non_exhaustive()
    }
}

impl CommandSubscriber for NatsCommandSubscriber {
    fn next(&mut self) -> BoxFuture<'_, Result<CommandDelivery, Error>> {
        Box::pin(async move {
            loop {
                let message = match self.messages.next().await {
                    Some(Ok(message)) => message,
                    Some(Err(why)) => return Err(Error::with_source(ErrorKind::Connection, why)),
                    None => return Err(Error::new(ErrorKind::Closed)),
                };
                let command = self
                    .layout
                    .parse(Family::Commands, message.subject.as_str())
                    .and_then(|(_, shard)| ShardCommand::raw(shard, message.payload.clone()));
                match command {
                    Ok(command) if !self.shards.contains(&command.shard()) => {
                        // Only if the server ignored the durable's filter.
                        message.double_ack().await.map_err(broker_error)?;
                    }
                    Ok(command) => {
                        return Ok(CommandDelivery::new(command, Box::new(NatsAcker(message))));
                    }
                    Err(why) => {
                        tracing::warn!(subject = %message.subject, "refused command: {why}");
                        message
                            .double_ack_with(AckKind::Term)
                            .await
                            .map_err(broker_error)?;
                    }
                }
            }
        })
    }
}
