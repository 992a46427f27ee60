//! The broker seam between gateway clusters and workers.
//!
//! A cluster receives dispatches from Discord and [publishes](Publisher)
//! each one's raw bytes with its shard, event type, guild and a
//! [stable id](StableId) (session id and sequence), keeping many publishes
//! in flight; each resolves only when the broker stored the event durably.
//! Workers [consume](Consumer) the event types they want as twilight-model
//! [`Event`](twilight_model::gateway::event::Event)s (or raw bytes),
//! acknowledge each explicitly, and send [gateway commands](command) back
//! to the shard that must send them.
//!
//! # Map of the crate
//!
//! - [`layout`]: the subjects and stream keys: events at
//!   `discord.<app>.events.<EVENT_TYPE>.<shard>`, commands at
//!   `discord.<app>.commands.<shard>`, dead letters at
//!   `discord.<app>.dead.<EVENT_TYPE>.<shard>`; the rules for names.
//! - `event` (re-exported): [`OutgoingEvent`] (what a cluster publishes,
//!   built from a raw dispatch by [`OutgoingEvent::from_dispatch`]),
//!   [`EventMeta`], [`StableId`].
//! - `publish` (re-exported): the [`Publisher`] trait, [`PendingAck`] (a
//!   publish in flight), [`Acked`], [`PublishConfig`] (the in-flight
//!   bound).
//! - `consume` (re-exported): the [`Consumer`] trait, [`ConsumerConfig`]
//!   (group, event types, shards, ack wait, max deliveries), [`Delivery`]
//!   (metadata, payload, delivery count, [`Delivery::event`] to parse,
//!   [`Delivery::ack`] / [`Delivery::nack`]), the [`Acker`] trait adapters
//!   implement, [`parse_dispatch`].
//! - [`command`]: [`ShardCommand`] (model command types or raw JSON,
//!   checked), the [`CommandPublisher`] / [`CommandSubscriber`] pair,
//!   [`CommandDelivery`].
//! - [`memory`]: [`MemoryBroker`], every trait in one process's memory
//!   with the real adapters' semantics, for tests and single-process bots.
//! - `nats` (feature `nats`): NATS JetStream through async-nats.
//! - `redis` (feature `redis`): Redis Streams through the redis crate.
//! - `retention` (re-exported): [`Retention`], the bounds every adapter
//!   applies (messages, age, de-duplication window).
//! - `error` (re-exported): [`Error`] and [`ErrorKind`].
//!
//! # Guarantees
//!
//! - **At least once, de-duplicated at the broker.** A publish resolves
//!   only when stored; re-publishing an event with the same stable id
//!   within the broker's de-duplication window stores nothing and
//!   resolves as [`Acked::duplicate`].
//! - **Redelivery.** An event delivered and not acknowledged within the
//!   group's ack wait (a crashed or stuck worker) is delivered again, to
//!   any consumer of the group; [`Delivery::delivery_count`] says which
//!   delivery it is.
//! - **Dead letters, never silent deletion.** When an event has been
//!   delivered `max_deliver` times without acknowledgement, the next
//!   consumer to fetch it moves it to `discord.<app>.dead.…` (the same
//!   payload and metadata) and only then removes it from the group. Read
//!   them with a consumer made from [`ConsumerConfig::dead_letters`].
//! - **Bounded.** Streams keep at most a configured number of messages
//!   and age; beyond it the oldest go, acknowledged or not.
//! - **Order.** One publisher keeps the order of what one task publishes.
//!   Each `(event type, shard)` subject is stored in publish order. A
//!   group with one consumer receives a subject's events in order (first
//!   deliveries; a redelivery comes after later events). Several consumers
//!   sharing a group do **not** keep any order between them. For events of
//!   a guild in order, give each worker its own group and a disjoint set of
//!   [shards](ConsumerConfig::shards) (a guild always lives on shard
//!   `(guild_id >> 22) % total`), and consume the event types it needs in
//!   one consumer; across event types, the brokers keep each subject's
//!   order but not the interleaving between subjects.
//!
//! # Example
//!
//! ```
//! use bytes::Bytes;
//! use twilight_gateway_broker::{
//!     Consumer, ConsumerConfig, Layout, MemoryBroker, OutgoingEvent, PublishConfig, Publisher,
//!     Retention,
//! };
//! use twilight_model::gateway::ShardId;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let broker = MemoryBroker::new(Layout::new("my-bot")?, Retention::default());
//! let publisher = broker.publisher(&PublishConfig::default());
//! let mut worker = broker.consumer(
//!     ConsumerConfig::new("replies", "worker-1").event_types(["MESSAGE_CREATE"]),
//! )?;
//!
//! let dispatch = Bytes::from_static(br#"{"op":0,"s":7,"t":"TYPING_START","d":{}}"#);
//! let event = OutgoingEvent::from_dispatch(dispatch, ShardId::new(0, 1).unwrap(), "session")?;
//! publisher.publish(event).await?.await?; // handed over, then stored
//!
//! let dispatch = Bytes::from_static(br#"{"op":0,"s":8,"t":"MESSAGE_CREATE","d":{}}"#);
//! let event = OutgoingEvent::from_dispatch(dispatch, ShardId::new(0, 1).unwrap(), "session")?;
//! publisher.publish(event).await?.await?;
//!
//! // The TYPING_START never reaches this worker.
//! let delivery = worker.next().await?;
//! assert_eq!(delivery.event_type(), "MESSAGE_CREATE");
//! assert_eq!(delivery.stable_id().sequence, 8);
//! delivery.ack().await?;
//! # Ok(()) }
//! ```

#![warn(missing_docs)]

pub mod command;
mod consume;
mod error;
mod event;
pub mod layout;
pub mod memory;
#[cfg(feature = "nats")]
pub mod nats;
mod publish;
#[cfg(feature = "redis")]
pub mod redis;
mod retention;

pub use command::{CommandDelivery, CommandPublisher, CommandSubscriber, ShardCommand};
pub use consume::{Acker, Consumer, ConsumerConfig, Delivery, parse_dispatch};
pub use error::{Error, ErrorKind};
pub use event::{EventMeta, OutgoingEvent, StableId};
pub use layout::{Family, Layout};
pub use memory::MemoryBroker;
pub use publish::{Acked, PendingAck, PublishConfig, Publisher};
pub use retention::Retention;

/// A boxed future, as the object-safe traits return.
pub type BoxFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;
