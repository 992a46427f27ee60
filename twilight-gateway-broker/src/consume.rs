//! Consuming events on the worker side: durable groups, explicit
//! acknowledgement, redelivery, dead letters.

use crate::{BoxFuture, Error, EventMeta, StableId, layout::Family};
use bytes::Bytes;
use std::time::Duration;
use twilight_model::gateway::event::Event;
use twilight_model::gateway::{Envelope, GatewayEvent, ShardId};
use twilight_model::id::{Id, marker::GuildMarker};

/// What a consumer reads and how its group treats unacknowledged events.
///
/// Consumers created with the same `group` share its events: each event
/// goes to one of them (load sharing, no order between them). A group is
/// durable: it remembers what was acknowledged across restarts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsumerConfig {
    /// The durable group (JetStream durable consumer, Redis consumer
    /// group); see [`check_group`](crate::layout::check_group).
    pub group: String,
    /// This consumer's name within the group (Redis needs one per worker;
    /// JetStream ignores it). Use a name unique per process.
    pub name: String,
    /// Read events (the default) or dead letters.
    pub family: Family,
    /// The event types to receive; empty: all. Other types are never
    /// delivered, so never parsed.
    pub event_types: Vec<String>,
    /// The shard numbers to receive; empty: all.
    pub shards: Vec<u32>,
    /// How long a delivered event may stay unacknowledged before it is
    /// delivered again (to any consumer of the group).
    pub ack_wait: Duration,
    /// After this many deliveries without acknowledgement, the event is
    /// moved to the dead letters instead of being delivered again.
    pub max_deliver: u32,
    /// The most events fetched from the broker at once (and so held
    /// unacknowledged by this consumer before it asks for more).
    pub batch: usize,
}

impl ConsumerConfig {
    /// A configuration for `group`, consumer `name`: every event type and
    /// shard, 30 s ack wait, 5 deliveries, batches of 64.
    pub fn new(group: impl Into<String>, name: impl Into<String>) -> Self {
        Self {
            group: group.into(),
            name: name.into(),
            family: Family::Events,
            event_types: Vec::new(),
            shards: Vec::new(),
            ack_wait: Duration::from_secs(30),
            max_deliver: 5,
            batch: 64,
        }
    }

    /// Only these event types.
    #[must_use]
    pub fn event_types<S: Into<String>>(mut self, types: impl IntoIterator<Item = S>) -> Self {
        self.event_types = types.into_iter().map(Into::into).collect();
        self
    }

    /// Only these shards.
    #[must_use]
    pub fn shards(mut self, shards: impl IntoIterator<Item = u32>) -> Self {
        self.shards = shards.into_iter().collect();
        self
    }

    /// Sets the ack wait.
    #[must_use]
    pub const fn ack_wait(mut self, ack_wait: Duration) -> Self {
        self.ack_wait = ack_wait;
        self
    }

    /// Sets the deliveries before an event becomes a dead letter.
    #[must_use]
    pub const fn max_deliver(mut self, max_deliver: u32) -> Self {
        self.max_deliver = max_deliver;
        self
    }

    /// Reads dead letters instead of events.
    #[must_use]
    pub const fn dead_letters(mut self) -> Self {
        self.family = Family::Dead;
        self
    }

    /// Checks the names and bounds.
    pub(crate) fn check(&self) -> Result<(), Error> {
        crate::layout::check_group(&self.group)?;
        crate::layout::check_group(&self.name)?;
        for event_type in &self.event_types {
            crate::layout::check_event_type(event_type)?;
        }
        if self.family == Family::Commands {
            return Err(Error::invalid_name("family", "commands"));
        }
        Ok(())
    }

    /// Whether an event of `event_type` from `shard` is for this consumer.
    pub(crate) fn wants(&self, event_type: &str, shard: u32) -> bool {
        (self.event_types.is_empty() || self.event_types.iter().any(|t| t == event_type))
            && (self.shards.is_empty() || self.shards.contains(&shard))
    }

    /// The one dead-letter rule every adapter applies: an event about to be
    /// delivered for the `delivery`-th time (1 on the first) goes to the
    /// dead letters instead once `max_deliver` deliveries went
    /// unacknowledged. Dead letters themselves are never moved again.
    pub(crate) fn is_exhausted(&self, delivery: u64) -> bool {
        self.family == Family::Events && delivery > u64::from(self.max_deliver.max(1))
    }
}

/// Reads events of one group.
///
/// [`Consumer::next`] waits for the next event for this consumer: a new
/// one, or one whose ack wait passed (or that was [`Delivery::nack`]ed)
/// without acknowledgement. The trait is object safe.
pub trait Consumer: Send {
    /// The next event.
    ///
    /// # Errors
    ///
    /// A broken connection or a closed broker; the consumer may be asked
    /// again.
    fn next(&mut self) -> BoxFuture<'_, Result<Delivery, Error>>;
}

impl<T: Consumer + ?Sized> Consumer for Box<T> {
    fn next(&mut self) -> BoxFuture<'_, Result<Delivery, Error>> {
        (**self).next()
    }
}

/// How an adapter settles a delivery.
pub trait Acker: Send + Sync {
    /// Acknowledges: the event is done and never delivered again.
    fn ack(self: Box<Self>) -> BoxFuture<'static, Result<(), Error>>;
    /// Gives the event back, to be delivered again after `delay`.
    fn nack(self: Box<Self>, delay: Duration) -> BoxFuture<'static, Result<(), Error>>;
}

/// One delivered event, to acknowledge (or give back) explicitly. Dropping
/// it without either leaves it to be redelivered after the ack wait.
pub struct Delivery {
    meta: EventMeta,
    payload: Bytes,
    delivery: u64,
    acker: Box<dyn Acker>,
}

impl Delivery {
    /// A delivery of an adapter.
    pub fn new(meta: EventMeta, payload: Bytes, delivery: u64, acker: Box<dyn Acker>) -> Self {
        Self {
            meta,
            payload,
            delivery,
            acker,
        }
    }

    /// The event's name as Discord sends it.
    #[must_use]
    pub fn event_type(&self) -> &str {
        &self.meta.event_type
    }

    /// The shard that received it.
    #[must_use]
    pub const fn shard(&self) -> ShardId {
        self.meta.shard
    }

    /// Its guild, when it has one.
    #[must_use]
    pub const fn guild_id(&self) -> Option<Id<GuildMarker>> {
        self.meta.guild_id
    }

    /// Its stable id (for de-duplication on the worker side).
    #[must_use]
    pub const fn stable_id(&self) -> &StableId {
        &self.meta.stable_id
    }

    /// All metadata.
    #[must_use]
    pub const fn meta(&self) -> &EventMeta {
        &self.meta
    }

    /// Which delivery this is: 1 the first time, more when redelivered.
    #[must_use]
    pub const fn delivery_count(&self) -> u64 {
        self.delivery
    }

    /// Whether this event was delivered before.
    #[must_use]
    pub const fn is_redelivery(&self) -> bool {
        self.delivery > 1
    }

    /// The raw dispatch, as the gateway sent it.
    #[must_use]
    pub const fn payload(&self) -> &Bytes {
        &self.payload
    }

    /// Parses the dispatch into a twilight-model [`Event`] (an unknown
    /// event type becomes [`Event::Unknown`]).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Parse`](crate::ErrorKind::Parse) if the payload is not
    /// a valid dispatch.
    pub fn event(&self) -> Result<Event, Error> {
        parse_dispatch(&self.payload)
    }

    /// Acknowledges the event; it is not delivered again.
    ///
    /// # Errors
    ///
    /// If the broker did not take the acknowledgement; the event will then
    /// be redelivered after the ack wait.
    pub async fn ack(self) -> Result<(), Error> {
        self.acker.ack().await
    }

    /// Gives the event back, to be delivered again (to any consumer of the
    /// group) after `delay`; it counts as a failed delivery.
    ///
    /// # Errors
    ///
    /// As [`Delivery::ack`].
    pub async fn nack(self, delay: Duration) -> Result<(), Error> {
        self.acker.nack(delay).await
    }
}

impl std::fmt::Debug for Delivery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Delivery")
            .field("meta", &self.meta)
            .field("payload_len", &self.payload.len())
            .field("delivery", &self.delivery)
            .finish_non_exhaustive()
    }
}

/// Parses a whole dispatch payload into its [`Event`].
///
/// # Errors
///
/// [`ErrorKind::Parse`](crate::ErrorKind::Parse) if the payload is not
/// UTF-8 JSON, not a dispatch, or its data does not match its type.
pub fn parse_dispatch(payload: &[u8]) -> Result<Event, Error> {
    let parse = |why: String| Error::new(crate::ErrorKind::Parse { reason: why });
    let text = std::str::from_utf8(payload).map_err(|_| parse("not UTF-8".to_owned()))?;
    let event = Envelope::peek(text)
        .and_then(|envelope| envelope.parse())
        .map_err(|why| parse(why.to_string()))?;
    match event {
        GatewayEvent::Dispatch { event, .. } => Ok(event),
        _ => Err(parse("not a dispatch (op 0)".to_owned())),
    }
}
