//! The behaviour every adapter must have, written once and run against
//! each broker (`tests/memory.rs`, `tests/nats.rs`, `tests/redis.rs`).

#![allow(dead_code, unreachable_pub)]

use bytes::Bytes;
use std::collections::BTreeSet;
use std::time::Duration;
use twilight_gateway_broker::{
    CommandPublisher, CommandSubscriber, Consumer, ConsumerConfig, Delivery, OutgoingEvent,
    Publisher, Retention, ShardCommand, StableId,
};
use twilight_model::gateway::ShardId;
use twilight_model::gateway::command::{RequestGuildMembers, UpdateVoiceState};
use twilight_model::gateway::event::Event;
use twilight_model::id::Id;

/// A real dispatch: Discord's example message, sent in a guild.
pub const MESSAGE_CREATE: &str = include_str!("../fixtures/message_create.json");

/// How long a test waits before it decides nothing more comes.
const QUIET: Duration = Duration::from_millis(700);
/// How long a test waits for something that must come.
const PATIENCE: Duration = Duration::from_secs(15);

/// One broker under test, fresh names per test.
pub trait Harness: Sized {
    /// A broker of a fresh application keeping what `retention` allows.
    async fn start(retention: Retention) -> Self;
    /// A publisher.
    async fn publisher(&self) -> Box<dyn Publisher>;
    /// A consumer.
    async fn consumer(&self, config: ConsumerConfig) -> Box<dyn Consumer>;
    /// A command sender.
    async fn command_publisher(&self) -> Box<dyn CommandPublisher>;
    /// A command reader of `shards`.
    async fn command_subscriber(&self, shards: Vec<u32>) -> Box<dyn CommandSubscriber>;
    /// How many events the broker holds for event type `event_type` on shard 0.
    async fn stored(&self, event_type: &str) -> usize;
    /// How far above `max_messages` the broker may keep (Redis's
    /// approximate trimming).
    fn retention_slack(&self) -> usize {
        0
    }
}

/// A small dispatch of `event_type` with sequence `sequence`.
pub fn dispatch(event_type: &str, session: &str, sequence: u64, shard: ShardId) -> OutgoingEvent {
    let payload = format!(
        r#"{{"op":0,"s":{sequence},"t":"{event_type}","d":{{"guild_id":"41771983423143937","n":{sequence}}}}}"#
    );
    OutgoingEvent::from_dispatch(Bytes::from(payload), shard, session).unwrap()
}

async fn publish_all(publisher: &dyn Publisher, events: Vec<OutgoingEvent>) -> Vec<bool> {
    // Every publish handed over first, then the acks: the pipelined use.
    let mut pending = Vec::new();
    for event in events {
        pending.push(publisher.publish(event).await.unwrap());
    }
    let mut duplicates = Vec::new();
    for ack in pending {
        duplicates.push(ack.await.unwrap().duplicate);
    }
    duplicates
}

async fn next(consumer: &mut dyn Consumer) -> Delivery {
    tokio::time::timeout(PATIENCE, consumer.next())
        .await
        .expect("an event was expected")
        .unwrap()
}

async fn nothing_more(consumer: &mut dyn Consumer) {
    if let Ok(delivery) = tokio::time::timeout(QUIET, consumer.next()).await {
        panic!(
            "no event was expected, got {:?}",
            delivery.map(|d| d.meta().clone())
        );
    }
}

fn shard(number: u32) -> ShardId {
    ShardId::new(number, 4).unwrap()
}

fn config(group: &str, name: &str) -> ConsumerConfig {
    let mut config = ConsumerConfig::new(group, name).ack_wait(Duration::from_secs(1));
    config.batch = 1;
    config
}

/// A worker that wants MESSAGE_CREATE gets only those, parses a real one
/// into its model type, and sees its metadata.
pub async fn round_trip_with_type_filter<H: Harness>() {
    let broker = H::start(Retention::default()).await;
    let publisher = broker.publisher().await;
    let mut worker = broker
        .consumer(config("replies", "w1").event_types(["MESSAGE_CREATE"]))
        .await;
    let real = OutgoingEvent::from_dispatch(
        Bytes::from_static(MESSAGE_CREATE.as_bytes()),
        shard(2),
        "sess",
    )
    .unwrap();
    let events = vec![
        dispatch("TYPING_START", "sess", 41, shard(2)),
        real.clone(),
        dispatch("GUILD_UPDATE", "sess", 43, shard(2)),
    ];
    assert_eq!(
        publish_all(&*publisher, events).await,
        [false, false, false]
    );

    let delivery = next(&mut *worker).await;
    assert_eq!(delivery.event_type(), "MESSAGE_CREATE");
    assert_eq!(delivery.shard(), shard(2));
    assert_eq!(delivery.stable_id(), &StableId::new("sess", 42));
    assert_eq!(delivery.guild_id(), Some(Id::new(41_771_983_423_143_937)));
    assert_eq!(delivery.delivery_count(), 1);
    assert_eq!(delivery.payload(), &real.payload);
    match delivery.event().unwrap() {
        Event::MessageCreate(message) => {
            assert_eq!(message.content, "Supa Hot");
            assert_eq!(message.id, Id::new(334_385_199_974_967_042));
        }
        other => panic!("expected MESSAGE_CREATE, got {}", other.name()),
    }
    delivery.ack().await.unwrap();
    nothing_more(&mut *worker).await;
}

/// The same stable id published twice is stored and delivered once.
pub async fn duplicate_is_delivered_once<H: Harness>() {
    let broker = H::start(Retention::default()).await;
    let publisher = broker.publisher().await;
    let mut worker = broker.consumer(config("dedupe", "w1")).await;
    let first = dispatch("MESSAGE_CREATE", "sess", 7, shard(0));
    let again = first.clone();
    let other = dispatch("MESSAGE_CREATE", "sess", 8, shard(0));
    assert_eq!(
        publish_all(&*publisher, vec![first, again, other]).await,
        [false, true, false]
    );
    let mut seen = Vec::new();
    for _ in 0..2 {
        let delivery = next(&mut *worker).await;
        seen.push(delivery.stable_id().sequence);
        delivery.ack().await.unwrap();
    }
    assert_eq!(seen, [7, 8]);
    nothing_more(&mut *worker).await;
}

/// Two consumers of one group each get some events, and together every
/// event exactly once.
pub async fn two_consumers_share_the_load<H: Harness>() {
    let broker = H::start(Retention::default()).await;
    let publisher = broker.publisher().await;
    let mut a = broker.consumer(config("shared", "a")).await;
    let mut b = broker.consumer(config("shared", "b")).await;
    let events = (1..=20)
        .map(|sequence| dispatch("MESSAGE_CREATE", "sess", sequence, shard(1)))
        .collect();
    publish_all(&*publisher, events).await;

    let (mut from_a, mut from_b) = (Vec::new(), Vec::new());
    for _ in 0..10 {
        for (consumer, got) in [(&mut a, &mut from_a), (&mut b, &mut from_b)] {
            let delivery = next(&mut **consumer).await;
            got.push(delivery.stable_id().sequence);
            delivery.ack().await.unwrap();
        }
    }
    nothing_more(&mut *a).await;
    nothing_more(&mut *b).await;
    assert!(!from_a.is_empty() && !from_b.is_empty());
    let all: BTreeSet<u64> = from_a.iter().chain(&from_b).copied().collect();
    assert_eq!(
        all.len(),
        20,
        "an event went to both: {from_a:?} {from_b:?}"
    );
    assert_eq!(all, (1..=20).collect());
}

/// What a consumer took and never acknowledged (it was dropped, as by a
/// crash) reaches another consumer of the group after the ack wait.
pub async fn unacknowledged_events_are_redelivered<H: Harness>() {
    let broker = H::start(Retention::default()).await;
    let publisher = broker.publisher().await;
    publish_all(
        &*publisher,
        vec![dispatch("MESSAGE_CREATE", "sess", 1, shard(0))],
    )
    .await;
    {
        let mut crashed = broker.consumer(config("crash", "crashed")).await;
        let delivery = next(&mut *crashed).await;
        assert_eq!(delivery.delivery_count(), 1);
        drop(delivery);
    }
    let mut survivor = broker.consumer(config("crash", "survivor")).await;
    let delivery = next(&mut *survivor).await;
    assert_eq!(delivery.stable_id().sequence, 1);
    assert_eq!(delivery.delivery_count(), 2);
    assert!(delivery.is_redelivery());
    delivery.ack().await.unwrap();
    nothing_more(&mut *survivor).await;
}

/// Runs `consumer` in a task that acknowledges the first `acked` events it
/// gets, takes one more without acknowledging it, and stops there, still
/// holding the batch it fetched; the task is then aborted, as a worker
/// killed mid-batch. Returns the stable id sequences it acknowledged and
/// the delivery count of the one it held.
async fn abort_mid_batch(mut consumer: Box<dyn Consumer>, acked: usize) -> (Vec<u64>, u64) {
    let (report, reported) = tokio::sync::oneshot::channel();
    let worker = tokio::spawn(async move {
        let mut done = Vec::new();
        for _ in 0..acked {
            let delivery = next(&mut *consumer).await;
            done.push(delivery.stable_id().sequence);
            delivery.ack().await.unwrap();
        }
        let held = next(&mut *consumer).await;
        let _ = report.send((done, held.delivery_count()));
        // Working on `held` when killed.
        std::future::pending::<()>().await;
        drop((held, consumer));
    });
    let result = tokio::time::timeout(PATIENCE, reported)
        .await
        .expect("the worker got its events")
        .unwrap();
    worker.abort();
    assert!(worker.await.unwrap_err().is_cancelled());
    result
}

/// A worker killed mid-batch (its task aborted after acknowledging part of
/// a fetched batch): after the ack wait, another consumer of the group
/// gets exactly the events it had not acknowledged, once each.
pub async fn a_worker_killed_mid_batch_leaves_exactly_its_unacknowledged_events<H: Harness>() {
    let broker = H::start(Retention::default()).await;
    let publisher = broker.publisher().await;
    let events = (1..=10)
        .map(|sequence| dispatch("MESSAGE_CREATE", "sess", sequence, shard(0)))
        .collect();
    publish_all(&*publisher, events).await;
    let mut batch = config("killed", "crashed");
    batch.batch = 10;
    let (acked, held_count) = abort_mid_batch(broker.consumer(batch).await, 4).await;
    assert_eq!(acked, [1, 2, 3, 4]);
    assert_eq!(held_count, 1);

    let mut survivor = broker.consumer(config("killed", "survivor")).await;
    let mut redelivered = Vec::new();
    for _ in 0..6 {
        let delivery = next(&mut *survivor).await;
        if delivery.stable_id().sequence == 5 {
            assert_eq!(
                delivery.delivery_count(),
                2,
                "the held event was delivered once"
            );
        }
        redelivered.push(delivery.stable_id().sequence);
        delivery.ack().await.unwrap();
    }
    redelivered.sort_unstable();
    assert_eq!(redelivered, [5, 6, 7, 8, 9, 10]);
    nothing_more(&mut *survivor).await;
}

/// An event whose workers keep getting killed while they hold it goes to
/// the dead letters after `max_deliver` deliveries, and is not delivered
/// again.
pub async fn an_event_that_kills_its_workers_becomes_a_dead_letter<H: Harness>() {
    let broker = H::start(Retention::default()).await;
    let publisher = broker.publisher().await;
    let event = dispatch("MESSAGE_CREATE", "sess", 9, shard(1));
    publish_all(&*publisher, vec![event.clone()]).await;
    let group = |name: &str| config("poison", name).max_deliver(2);
    for (name, delivery_count) in [("w1", 1), ("w2", 2)] {
        let (_, held) = abort_mid_batch(broker.consumer(group(name)).await, 0).await;
        assert_eq!(held, delivery_count);
    }
    // The next consumer to fetch it moves it, instead of handing it out.
    let mut third = broker.consumer(group("w3")).await;
    let mut dead = broker
        .consumer(config("poison-inspect", "w1").dead_letters())
        .await;
    let letter = tokio::select! {
        delivery = third.next() => panic!(
            "an exhausted event was delivered again: {:?}",
            delivery.map(|d| d.meta().clone())
        ),
        letter = next(&mut *dead) => letter,
    };
    assert_eq!(letter.meta(), &event.meta);
    assert_eq!(letter.payload(), &event.payload);
    letter.ack().await.unwrap();
    nothing_more(&mut *third).await;
    nothing_more(&mut *dead).await;
}

/// After `max_deliver` failed deliveries the event is in the dead letters,
/// payload and metadata intact, and no longer delivered.
pub async fn exhausted_events_become_dead_letters<H: Harness>() {
    let broker = H::start(Retention::default()).await;
    let publisher = broker.publisher().await;
    let event = dispatch("MESSAGE_CREATE", "sess", 5, shard(3));
    publish_all(&*publisher, vec![event.clone()]).await;
    let mut worker = broker
        .consumer(config("failing", "w1").max_deliver(2))
        .await;
    for delivery_count in 1..=2 {
        let delivery = next(&mut *worker).await;
        assert_eq!(delivery.delivery_count(), delivery_count);
        delivery.nack(Duration::ZERO).await.unwrap();
    }
    nothing_more(&mut *worker).await;

    let mut dead = broker
        .consumer(config("inspect", "w1").dead_letters())
        .await;
    let letter = next(&mut *dead).await;
    assert_eq!(letter.meta(), &event.meta);
    assert_eq!(letter.payload(), &event.payload);
    letter.ack().await.unwrap();
    nothing_more(&mut *dead).await;
}

/// The broker keeps at most the configured number of events; the oldest
/// go first.
pub async fn retention_bound_holds<H: Harness>() {
    let retention = Retention {
        max_messages: 50,
        ..Retention::default()
    };
    let broker = H::start(retention).await;
    let publisher = broker.publisher().await;
    let events = (0..400)
        .map(|sequence| dispatch("PRESENCE_UPDATE", "sess", sequence, shard(0)))
        .collect();
    publish_all(&*publisher, events).await;
    let stored = broker.stored("PRESENCE_UPDATE").await;
    assert!(stored >= 50, "kept only {stored}");
    assert!(
        stored <= 50 + broker.retention_slack(),
        "kept {stored}, bound 50 + {}",
        broker.retention_slack()
    );
    let mut late = broker.consumer(config("late", "w1")).await;
    let first = next(&mut *late).await;
    assert_eq!(
        first.stable_id().sequence,
        400 - u64::try_from(stored).unwrap(),
        "the oldest are the ones dropped"
    );
}

/// A group with one consumer receives a subject's events in the order
/// they were published, with many publishes in flight.
pub async fn one_consumer_keeps_publish_order<H: Harness>() {
    let broker = H::start(Retention::default()).await;
    let publisher = broker.publisher().await;
    let events = (1..=300)
        .map(|sequence| dispatch("MESSAGE_UPDATE", "sess", sequence, shard(2)))
        .collect();
    publish_all(&*publisher, events).await;
    let mut worker = broker.consumer(config("ordered", "only").shards([2])).await;
    let mut seen = Vec::new();
    for _ in 0..300 {
        let delivery = next(&mut *worker).await;
        seen.push(delivery.stable_id().sequence);
        delivery.ack().await.unwrap();
    }
    assert_eq!(seen, (1..=300).collect::<Vec<_>>());
}

/// A command reaches the subscriber of its shard, and only that one.
pub async fn commands_reach_their_shard<H: Harness>() {
    let broker = H::start(Retention::default()).await;
    let mut low = broker.command_subscriber(vec![0, 1]).await;
    let mut high = broker.command_subscriber(vec![2, 3]).await;
    let commands = broker.command_publisher().await;

    let members = ShardCommand::new(3, RequestGuildMembers::query(Id::new(81), "ab", 5)).unwrap();
    let voice = ShardCommand::new(
        1,
        UpdateVoiceState {
            guild_id: Id::new(82),
            channel_id: None,
            self_mute: false,
            self_deaf: true,
        },
    )
    .unwrap();
    commands.send(members.clone()).await.unwrap();
    commands.send(voice.clone()).await.unwrap();

    let got = tokio::time::timeout(PATIENCE, high.next())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(got.command(), &members);
    got.ack().await.unwrap();
    let got = tokio::time::timeout(PATIENCE, low.next())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(got.command(), &voice);
    got.ack().await.unwrap();
    assert!(tokio::time::timeout(QUIET, high.next()).await.is_err());
    assert!(tokio::time::timeout(QUIET, low.next()).await.is_err());
}

/// Runs every scenario against `H` as separate tests.
#[macro_export]
macro_rules! scenarios {
    ($harness:ty) => {
        $crate::scenarios!(@each $harness;
            round_trip_with_type_filter,
            duplicate_is_delivered_once,
            two_consumers_share_the_load,
            unacknowledged_events_are_redelivered,
            a_worker_killed_mid_batch_leaves_exactly_its_unacknowledged_events,
            exhausted_events_become_dead_letters,
            an_event_that_kills_its_workers_becomes_a_dead_letter,
            retention_bound_holds,
            one_consumer_keeps_publish_order,
            commands_reach_their_shard,
        );
    };
    (@each $harness:ty; $($name:ident,)*) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                if <$harness>::available().await {
                    common::$name::<$harness>().await;
                }
            }
        )*
    };
}

/// Whether a service the test needs answered: `Ok` goes on; otherwise the
/// test fails under `CI=true` and prints that it skipped elsewhere.
pub fn require<E: std::fmt::Display>(service: &str, url: &str, answer: Result<(), E>) -> bool {
    match answer {
        Ok(()) => true,
        Err(why) => {
            assert!(
                !std::env::var("CI").is_ok_and(|ci| ci == "true"),
                "{service} is required in CI at {url}: {why}"
            );
            println!("skipped: {service} not reachable at {url}: {why}");
            false
        }
    }
}

/// An application name no other test run uses.
pub fn unique_app(prefix: &str) -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| since.subsec_nanos());
    format!(
        "{prefix}-{}-{nanos}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}
