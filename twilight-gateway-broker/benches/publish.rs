//! Publish throughput, pipelined: 1,000 realistic small dispatches (a
//! MESSAGE_CREATE of about 1 KB) handed over with up to 1,024 in flight,
//! then every ack awaited; events/s is divan's items/s. The in-memory broker
//! is the floor (the crate's own cost); NATS and Redis are the local
//! servers, skipped when they do not answer.
//!
//! ```text
//! cargo bench -p twilight-gateway-broker --all-features --bench publish
//! ```

use bytes::Bytes;
use divan::{Bencher, counter::ItemsCount};
use std::sync::atomic::{AtomicU64, Ordering};
use twilight_gateway_broker::nats::NatsBroker;
use twilight_gateway_broker::redis::RedisBroker;
use twilight_gateway_broker::{
    Layout, MemoryBroker, OutgoingEvent, PublishConfig, Publisher, Retention,
};
use twilight_model::gateway::ShardId;

const EVENTS: usize = 1_000;
const DISPATCH: &str = include_str!("../tests/fixtures/message_create.json");

fn main() {
    divan::main();
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
}

fn retention() -> Retention {
    Retention {
        max_messages: 200_000,
        ..Retention::default()
    }
}

fn layout(name: &str) -> Layout {
    Layout::new(&format!("bench-{name}-{}", std::process::id())).expect("a valid name")
}

/// Fresh stable ids for every publish, so none is dropped as a duplicate.
static SEQUENCE: AtomicU64 = AtomicU64::new(0);

/// The events of one iteration, built before timing starts.
fn events() -> Vec<OutgoingEvent> {
    let template = OutgoingEvent::from_dispatch(
        Bytes::from_static(DISPATCH.as_bytes()),
        ShardId::new(0, 1).expect("a shard"),
        "bench",
    )
    .expect("the fixture is a dispatch");
    (0..EVENTS)
        .map(|_| {
            let mut event = template.clone();
            event.meta.stable_id.sequence = SEQUENCE.fetch_add(1, Ordering::Relaxed);
            event
        })
        .collect()
}

async fn publish_all(publisher: &dyn Publisher, events: Vec<OutgoingEvent>) {
    let mut pending = Vec::with_capacity(events.len());
    for event in events {
        pending.push(publisher.publish(event).await.expect("handed over"));
    }
    for ack in pending {
        assert!(!ack.await.expect("stored").duplicate);
    }
}

fn run(bencher: Bencher, publisher: &dyn Publisher, runtime: &tokio::runtime::Runtime) {
    bencher
        .counter(ItemsCount::new(EVENTS))
        .with_inputs(events)
        .bench_local_values(|events| runtime.block_on(publish_all(publisher, events)));
}

#[divan::bench(sample_count = 20)]
fn memory(bencher: Bencher) {
    let runtime = runtime();
    let broker = MemoryBroker::new(layout("memory"), retention());
    let publisher = broker.publisher(&PublishConfig::default());
    run(bencher, &publisher, &runtime);
}

#[divan::bench(sample_count = 20)]
fn nats(bencher: Bencher) {
    let runtime = runtime();
    let url = std::env::var("NATS_URL").unwrap_or_else(|_| "nats://127.0.0.1:4222".to_owned());
    let layout = layout("nats");
    let Ok(broker) = runtime.block_on(NatsBroker::connect(&url, layout.clone(), &retention()))
    else {
        println!("skipped: NATS not reachable at {url}");
        return;
    };
    let publisher = runtime.block_on(async { broker.publisher(&PublishConfig::default()) });
    run(bencher, &publisher, &runtime);
    runtime.block_on(async {
        for family in [
            twilight_gateway_broker::Family::Events,
            twilight_gateway_broker::Family::Dead,
            twilight_gateway_broker::Family::Commands,
        ] {
            let _ = broker.context().delete_stream(layout.stream(family)).await;
        }
    });
}

#[divan::bench(sample_count = 20)]
fn redis(bencher: Bencher) {
    let runtime = runtime();
    let url = std::env::var("REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".to_owned());
    let layout = layout("redis");
    let Ok(broker) = runtime.block_on(RedisBroker::connect(&url, layout.clone(), retention()))
    else {
        println!("skipped: Redis not reachable at {url}");
        return;
    };
    // The writer task runs on this runtime.
    let publisher = runtime.block_on(async { broker.publisher(&PublishConfig::default()) });
    run(bencher, &publisher, &runtime);
    runtime.block_on(async {
        let mut connection = broker.connection();
        let stream = layout.event("MESSAGE_CREATE", 0).expect("a valid subject");
        let _ = redis::cmd("DEL")
            .arg(&[
                stream,
                layout.family(twilight_gateway_broker::Family::Events),
            ])
            .query_async::<i64>(&mut connection)
            .await;
    });
}
