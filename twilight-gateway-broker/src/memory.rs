//! A broker in one process's memory, with the semantics of the real
//! adapters: bounded retention, de-duplication by stable id, durable
//! groups sharing events, ack wait and redelivery, dead letters after
//! `max_deliver`, per-shard command queues.
//!
//! For tests of code built on the seam (a cluster, a worker) and for a bot
//! that runs shards and workers in one process. Nothing survives the
//! process. Time is tokio's, so tests may pause it.

use crate::layout::{Family, Layout};
use crate::publish::InFlight;
use crate::{
    Acked, Acker, BoxFuture, CommandDelivery, CommandPublisher, CommandSubscriber, Consumer,
    ConsumerConfig, Delivery, Error, ErrorKind, EventMeta, OutgoingEvent, PendingAck,
    PublishConfig, Publisher, Retention, ShardCommand,
};
use bytes::Bytes;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio::sync::Notify;
use tokio::time::Instant;

/// The in-memory broker; clones share it.
#[derive(Clone, Debug)]
pub struct MemoryBroker {
    shared: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    layout: Layout,
    retention: Retention,
    state: Mutex<State>,
    changed: Notify,
}

#[derive(Debug, Default)]
struct State {
    logs: HashMap<Family, Log>,
    seen: HashMap<String, Instant>,
    seen_order: VecDeque<(Instant, String)>,
}

#[derive(Debug, Default)]
struct Log {
    next_seq: u64,
    messages: VecDeque<Stored>,
    groups: HashMap<String, Group>,
}

#[derive(Clone, Debug)]
struct Stored {
    seq: u64,
    at: Instant,
    event_type: Arc<str>,
    shard: u32,
    meta: Option<EventMeta>,
    payload: Bytes,
}

#[derive(Debug, Default)]
struct Group {
    /// The first sequence not yet delivered to the group.
    cursor: u64,
    pending: BTreeMap<u64, Pending>,
}

#[derive(Debug)]
struct Pending {
    deliveries: u64,
    due: Instant,
}

impl Log {
    fn push(&mut self, retention: &Retention, mut stored: Stored) {
        stored.seq = self.next_seq;
        self.next_seq += 1;
        self.messages.push_back(stored);
        while self.messages.len() > retention.max_messages {
            self.messages.pop_front();
        }
    }

    fn expire(&mut self, retention: &Retention, now: Instant) {
        while self
            .messages
            .front()
            .is_some_and(|first| now.duration_since(first.at) > retention.max_age)
        {
            self.messages.pop_front();
        }
    }
}

/// The message numbered `seq`, if retention still holds it.
fn get(messages: &VecDeque<Stored>, seq: u64) -> Option<&Stored> {
    let first = messages.front()?.seq;
    let index = usize::try_from(seq.checked_sub(first)?).ok()?;
    messages.get(index)
}

/// What [`State::take`] found for a consumer.
enum Taken {
    Delivery(Stored, u64),
    Wait(Option<Instant>),
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock leaves plain data behind, still
        // consistent at every await-free step; keep serving it.
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl State {
    /// The next message for `config`'s group, moving exhausted ones to the
    /// dead letters on the way.
    fn take(&mut self, retention: &Retention, config: &ConsumerConfig, now: Instant) -> Taken {
        loop {
            let log = self.logs.entry(config.family).or_default();
            log.expire(retention, now);
            let Log {
                next_seq,
                messages,
                groups,
            } = log;
            let first_seq = messages.front().map_or(*next_seq, |first| first.seq);
            let group = groups.entry(config.group.clone()).or_default();
            // Forget what retention already dropped.
            group.pending.retain(|seq, _| *seq >= first_seq);

            let due = group
                .pending
                .iter()
                .find(|(_, pending)| pending.due <= now)
                .map(|(seq, _)| *seq);
            if let Some(seq) = due {
                let Some(stored) = get(messages, seq).cloned() else {
                    group.pending.remove(&seq);
                    continue;
                };
                let pending = group.pending.get_mut(&seq).expect("found above");
                let delivery = pending.deliveries + 1;
                if config.is_exhausted(delivery) {
                    group.pending.remove(&seq);
                    self.logs
                        .entry(Family::Dead)
                        .or_default()
                        .push(retention, stored);
                    continue;
                }
                pending.deliveries = delivery;
                pending.due = now + config.ack_wait;
                return Taken::Delivery(stored, delivery);
            }

            group.cursor = group.cursor.max(first_seq);
            while group.cursor < *next_seq {
                let seq = group.cursor;
                group.cursor += 1;
                if let Some(stored) = get(messages, seq)
                    && config.wants(&stored.event_type, stored.shard)
                {
                    group.pending.insert(
                        seq,
                        Pending {
                            deliveries: 1,
                            due: now + config.ack_wait,
                        },
                    );
                    return Taken::Delivery(stored.clone(), 1);
                }
            }
            return Taken::Wait(group.pending.values().map(|pending| pending.due).min());
        }
    }

    /// How many dead letters were ever written (moved ones included).
    fn dead_letters_written(&self) -> u64 {
        self.logs.get(&Family::Dead).map_or(0, |log| log.next_seq)
    }

    fn settle(&mut self, family: Family, group: &str, seq: u64, retry_at: Option<Instant>) {
        let Some(group) = self
            .logs
            .get_mut(&family)
            .and_then(|log| log.groups.get_mut(group))
        else {
            return;
        };
        match retry_at {
            None => {
                group.pending.remove(&seq);
            }
            Some(at) => {
                if let Some(pending) = group.pending.get_mut(&seq) {
                    pending.due = at;
                }
            }
        }
    }

    /// Whether `id` was published within the window; remembers it if not.
    /// At most `max` ids are remembered (the oldest are forgotten first),
    /// so the memory is bounded however fast events arrive.
    fn first_publish(&mut self, window: Duration, max: usize, id: String, now: Instant) -> bool {
        while let Some((at, _)) = self.seen_order.front() {
            if now.duration_since(*at) <= window && self.seen_order.len() < max.max(1) {
                break;
            }
            let (at, old) = self.seen_order.pop_front().expect("checked");
            if self.seen.get(&old) == Some(&at) {
                self.seen.remove(&old);
            }
        }
        if self.seen.contains_key(&id) {
            return false;
        }
        self.seen.insert(id.clone(), now);
        self.seen_order.push_back((now, id));
        true
    }
}

impl MemoryBroker {
    /// A broker for `layout` keeping what `retention` allows.
    #[must_use]
    pub fn new(layout: Layout, retention: Retention) -> Self {
        Self {
            shared: Arc::new(Shared {
                layout,
                retention,
                state: Mutex::new(State::default()),
                changed: Notify::new(),
            }),
        }
    }

    /// The layout.
    #[must_use]
    pub fn layout(&self) -> &Layout {
        &self.shared.layout
    }

    /// A publisher of events.
    #[must_use]
    pub fn publisher(&self, config: &PublishConfig) -> MemoryPublisher {
        MemoryPublisher {
            broker: self.clone(),
            in_flight: InFlight::new(config),
        }
    }

    /// A consumer of a group.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidName`] for a bad group, name or event type.
    pub fn consumer(&self, config: ConsumerConfig) -> Result<MemoryConsumer, Error> {
        config.check()?;
        Ok(MemoryConsumer {
            broker: self.clone(),
            configs: vec![Arc::new(config)],
        })
    }

    /// A sender of commands.
    #[must_use]
    pub fn command_publisher(&self) -> MemoryCommandPublisher {
        MemoryCommandPublisher {
            broker: self.clone(),
        }
    }

    /// A reader of the commands of `shards` (each shard has its own
    /// durable queue, so clusters may own any set of shards).
    #[must_use]
    pub fn command_subscriber(
        &self,
        shards: impl IntoIterator<Item = u32>,
        ack_wait: Duration,
    ) -> MemoryCommandSubscriber {
        let configs = shards
            .into_iter()
            .map(|shard| {
                let mut config = ConsumerConfig::new(format!("commands-{shard}"), "cluster")
                    .shards([shard])
                    .ack_wait(ack_wait);
                config.family = Family::Commands;
                Arc::new(config)
            })
            .collect();
        MemoryCommandSubscriber {
            consumer: MemoryConsumer {
                broker: self.clone(),
                configs,
            },
        }
    }

    /// How many messages `family` holds now (retention applied).
    #[must_use]
    pub fn len(&self, family: Family) -> usize {
        let mut state = self.shared.lock();
        let log = state.logs.entry(family).or_default();
        log.expire(&self.shared.retention, Instant::now());
        log.messages.len()
    }

    fn push(&self, family: Family, stored: Stored) {
        self.shared
            .lock()
            .logs
            .entry(family)
            .or_default()
            .push(&self.shared.retention, stored);
        self.shared.changed.notify_waiters();
    }
}

/// [`Publisher`] of a [`MemoryBroker`].
#[derive(Clone, Debug)]
pub struct MemoryPublisher {
    broker: MemoryBroker,
    in_flight: InFlight,
}

impl Publisher for MemoryPublisher {
    fn publish(&self, event: OutgoingEvent) -> BoxFuture<'_, Result<PendingAck, Error>> {
        Box::pin(async move {
            let permit = self.in_flight.acquire().await?;
            let shared = &self.broker.shared;
            let now = Instant::now();
            let first = shared.lock().first_publish(
                shared.retention.duplicate_window,
                shared.retention.max_messages,
                event.meta.stable_id.to_string(),
                now,
            );
            if first {
                self.broker.push(
                    Family::Events,
                    Stored {
                        seq: 0,
                        at: now,
                        event_type: Arc::clone(&event.meta.event_type),
                        shard: event.meta.shard.number(),
                        meta: Some(event.meta),
                        payload: event.payload,
                    },
                );
            }
            Ok(PendingAck::new(
                std::future::ready(Ok(Acked { duplicate: !first })),
                Some(permit),
            ))
        })
    }
}

/// [`Consumer`] of a [`MemoryBroker`].
#[derive(Debug)]
pub struct MemoryConsumer {
    broker: MemoryBroker,
    /// One per queue read (one for events; one per shard for commands).
    configs: Vec<Arc<ConsumerConfig>>,
}

struct MemoryAcker {
    broker: MemoryBroker,
    config: Arc<ConsumerConfig>,
    seq: u64,
}

impl MemoryAcker {
    fn settle(&self, retry_at: Option<Instant>) {
        let shared = &self.broker.shared;
        shared
            .lock()
            .settle(self.config.family, &self.config.group, self.seq, retry_at);
        shared.changed.notify_waiters();
    }
}

impl Acker for MemoryAcker {
    fn ack(self: Box<Self>) -> BoxFuture<'static, Result<(), Error>> {
        self.settle(None);
        Box::pin(std::future::ready(Ok(())))
    }

    fn nack(self: Box<Self>, delay: Duration) -> BoxFuture<'static, Result<(), Error>> {
        self.settle(Some(Instant::now() + delay));
        Box::pin(std::future::ready(Ok(())))
    }
}

impl MemoryConsumer {
    async fn next_stored(&self) -> (Stored, u64, Arc<ConsumerConfig>) {
        let shared = &self.broker.shared;
        loop {
            let changed = shared.changed.notified();
            tokio::pin!(changed);
            changed.as_mut().enable();
            let mut wake: Option<Instant> = None;
            let mut taken = None;
            let moved_to_dead = {
                let mut state = shared.lock();
                let dead_before = state.dead_letters_written();
                let now = Instant::now();
                for config in &self.configs {
                    match state.take(&shared.retention, config, now) {
                        Taken::Delivery(stored, delivery) => {
                            taken = Some((stored, delivery, Arc::clone(config)));
                            break;
                        }
                        Taken::Wait(due) => {
                            wake = match (wake, due) {
                                (Some(a), Some(b)) => Some(a.min(b)),
                                (a, b) => a.or(b),
                            };
                        }
                    }
                }
                state.dead_letters_written() != dead_before
            };
            if moved_to_dead {
                // Readers of the dead letters may be waiting for just this.
                shared.changed.notify_waiters();
            }
            if let Some(taken) = taken {
                return taken;
            }
            match wake {
                Some(at) => {
                    tokio::select! {
                        () = changed => {}
                        () = tokio::time::sleep_until(at) => {}
                    }
                }
                None => changed.await,
            }
        }
    }
}

impl Consumer for MemoryConsumer {
    fn next(&mut self) -> BoxFuture<'_, Result<Delivery, Error>> {
        Box::pin(async move {
            let (stored, delivery, config) = self.next_stored().await;
            let meta = stored
                .meta
                .ok_or_else(|| Error::malformed("an event without metadata"))?;
            let acker = MemoryAcker {
                broker: self.broker.clone(),
                config,
                seq: stored.seq,
            };
            Ok(Delivery::new(
                meta,
                stored.payload,
                delivery,
                Box::new(acker),
            ))
        })
    }
}

/// [`CommandPublisher`] of a [`MemoryBroker`].
#[derive(Clone, Debug)]
pub struct MemoryCommandPublisher {
    broker: MemoryBroker,
}

impl CommandPublisher for MemoryCommandPublisher {
    fn send(&self, command: ShardCommand) -> BoxFuture<'_, Result<(), Error>> {
        Box::pin(async move {
            self.broker.push(
                Family::Commands,
                Stored {
                    seq: 0,
                    at: Instant::now(),
                    event_type: Arc::from(""),
                    shard: command.shard(),
                    meta: None,
                    payload: command.payload().clone(),
                },
            );
            Ok(())
        })
    }
}

/// [`CommandSubscriber`] of a [`MemoryBroker`].
#[derive(Debug)]
pub struct MemoryCommandSubscriber {
    consumer: MemoryConsumer,
}

impl CommandSubscriber for MemoryCommandSubscriber {
    fn next(&mut self) -> BoxFuture<'_, Result<CommandDelivery, Error>> {
        Box::pin(async move {
            if self.consumer.configs.is_empty() {
                return Err(Error::new(ErrorKind::Closed));
            }
            let (stored, _, config) = self.consumer.next_stored().await;
            let acker = MemoryAcker {
                broker: self.consumer.broker.clone(),
                config,
                seq: stored.seq,
            };
            // Only checked commands are stored here, so this always holds.
            let command = ShardCommand::raw(stored.shard, stored.payload)?;
            Ok(CommandDelivery::new(command, Box::new(acker)))
        })
    }
}
