//! One shard fed by twilight-mock: events/s and CPU time per event through
//! the whole receive path (WebSocket, decompression, envelope scan, parse),
//! on both compressions; and the heap an idle connected shard holds.
//!
//! The mock runs on its own runtime thread and a feeder thread dispatches
//! the events, so the bench thread does only the shard's work: its CPU time
//! (from /proc/thread-self/schedstat) divided by the events received is the
//! shard's CPU time per event, printed after each benchmark. Divan's
//! allocation profiler counts the bench thread's allocations: for
//! `idle_shard_heap`, allocated minus freed bytes is what one connected,
//! idle shard keeps.
//!
//! `events_to_broker` adds publishing each raw event to NATS JetStream or
//! Redis Streams, as a gateway cluster does.
//!
//! Run with `cargo bench -p benchmarks --bench gateway_shard`.

use benchmarks::Corpus;
use divan::Bencher;
use divan::counter::ItemsCount;
use std::sync::{Arc, mpsc};
use std::time::Duration;
use tokio::runtime::Runtime;
use twilight_gateway::{Compression, Config, Enqueued, EventTypeFlags, Queue, Shard};
use twilight_mock::config::SessionStartLimit;
use twilight_mock::{Mock, MockConfig};
use twilight_model::gateway::{Intents, ShardId};

#[global_allocator]
static ALLOC: divan::AllocProfiler = divan::AllocProfiler::system();

const TOKEN: &str = "bench-token";
/// Events per benchmark iteration.
const BATCH: usize = 500;

fn main() {
    divan::main();
}

/// Lets a shard identify after the mock's (scaled) 5 s window.
#[derive(Debug)]
struct ScaledQueue;

impl Queue for ScaledQueue {
    fn enqueue(&self, _shard: u32, _total: u32) -> Enqueued {
        Box::pin(tokio::time::sleep(Duration::from_millis(10)))
    }
}

/// The mock on its own runtime (kept alive with it).
fn start_mock() -> (Runtime, Mock) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let mock = runtime
        .block_on(Mock::start(MockConfig {
            token: TOKEN.to_owned(),
            time_scale: 1000.0,
            heartbeat_interval: Duration::from_secs(41),
            heartbeat_grace: Duration::from_secs(3600),
            session_start_limit: SessionStartLimit {
                total: 1_000_000,
                remaining: 1_000_000,
                ..SessionStartLimit::default()
            },
            ..MockConfig::default()
        }))
        .unwrap();
    (runtime, mock)
}

fn shard_config(mock: &Mock, compression: Compression) -> Config {
    Config::builder(TOKEN, Intents::GUILDS | Intents::GUILD_MESSAGES)
        .gateway_url(mock.gateway_url())
        .compression(compression)
        .queue(Arc::new(ScaledQueue))
        .build()
}

fn compression(name: &str) -> Compression {
    match name {
        "zlib" => Compression::Zlib,
        "zstd" => Compression::Zstd,
        _ => Compression::None,
    }
}

/// Connects a shard and receives until it is idle (READY and the guilds).
async fn connect_idle(mock: &Mock, compression: Compression) -> Shard {
    let mut shard = Shard::new(ShardId::ONE, shard_config(mock, compression));
    loop {
        match shard.next_event(EventTypeFlags::READY).await {
            Some(Ok(_)) => break,
            Some(Err(error)) if !error.is_fatal() => {}
            other => panic!("shard ended: {other:?}"),
        }
    }
    while let Ok(Some(_)) =
        tokio::time::timeout(Duration::from_millis(20), shard.next_message()).await
    {}
    shard
}

/// CPU time of this thread so far.
fn thread_cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap_or_default();
    let nanos = stat
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    Duration::from_nanos(nanos)
}

/// Dispatches batches of MESSAGE_CREATE on request, from its own thread.
fn feeder(mock: &Mock) -> mpsc::Sender<usize> {
    let gateway = mock.gateway().clone();
    let events: Vec<serde_json::Value> = Corpus::only("MESSAGE_CREATE")
        .payloads
        .iter()
        .map(|payload| {
            let value: serde_json::Value = serde_json::from_str(&payload.json).unwrap();
            value["d"].clone()
        })
        .collect();
    let (tx, rx) = mpsc::channel::<usize>();
    std::thread::spawn(move || {
        let mut next = 0;
        while let Ok(count) = rx.recv() {
            for _ in 0..count {
                gateway.dispatch_to(0, "MESSAGE_CREATE", events[next % events.len()].clone());
                next += 1;
            }
        }
    });
    tx
}

fn receive(bencher: Bencher, name: &str, raw: bool) {
    let (_mock_runtime, mock) = start_mock();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut shard = runtime.block_on(connect_idle(&mock, compression(name)));
    let wanted = EventTypeFlags::MESSAGE_CREATE;
    let label = format!(
        "{} {name}: shard thread",
        if raw { "raw" } else { "parsed" }
    );
    in_batches(bencher, &mock, &label, || {
        runtime.block_on(async {
            for _ in 0..BATCH {
                if raw {
                    divan::black_box(shard.next_raw(wanted).await.unwrap().unwrap());
                } else {
                    divan::black_box(shard.next_event(wanted).await.unwrap().unwrap());
                }
            }
        });
    });
}

/// Runs `batch` (which handles `BATCH` events) once per divan iteration,
/// after the feeder dispatched them, then prints this thread's CPU time per
/// event under `label`.
fn in_batches(bencher: Bencher, mock: &Mock, label: &str, mut batch: impl FnMut()) {
    let feed = feeder(mock);
    let mut events = 0_u64;
    let cpu_start = thread_cpu();
    bencher.counter(ItemsCount::new(BATCH)).bench_local(|| {
        feed.send(BATCH).unwrap();
        batch();
        events += BATCH as u64;
    });
    let cpu = thread_cpu().saturating_sub(cpu_start);
    if let Some(per_event) = cpu.checked_div(u32::try_from(events).unwrap_or(u32::MAX)) {
        eprintln!("gateway_shard {label}: {events} events, CPU {per_event:?} per event");
    }
}

/// MESSAGE_CREATE events received and parsed into the model.
#[divan::bench(args = ["zlib", "zstd"], sample_count = 20)]
fn events_parsed(bencher: Bencher, name: &str) {
    receive(bencher, name, false);
}

/// MESSAGE_CREATE events received as raw JSON (a forwarding service).
#[divan::bench(args = ["zlib", "zstd"], sample_count = 20)]
fn events_raw(bencher: Bencher, name: &str) {
    receive(bencher, name, true);
}

/// MESSAGE_CREATE events received raw over zstd-stream and published to a
/// broker (the machine's NATS JetStream or Redis Streams; skipped when it
/// does not answer), up to 1,024 unacknowledged, every ack awaited per
/// batch: what a gateway cluster does per event. The printed CPU per event
/// is the bench thread's: the shard and the broker client together (the
/// client's tasks run on this thread's runtime), to set beside
/// `events_raw` on zstd from the same run, which is the shard alone.
#[divan::bench(args = ["nats", "redis"], sample_count = 20)]
fn events_to_broker(bencher: Bencher, broker: &str) {
    use bytes::Bytes;
    use twilight_gateway_broker::{
        Layout, OutgoingEvent, PublishConfig, Publisher, Retention, nats::NatsBroker,
        redis::RedisBroker,
    };

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let app = format!("bench{}{broker}", std::process::id());
    let retention = Retention {
        max_messages: 1_000_000,
        ..Retention::default()
    };
    let config = PublishConfig {
        max_in_flight: 1024,
        ..PublishConfig::default()
    };
    let publisher: Box<dyn Publisher> = match runtime.block_on(async {
        let layout = Layout::new(&app).unwrap();
        match broker {
            "nats" => NatsBroker::connect("nats://127.0.0.1:4222", layout, &retention)
                .await
                .map(|broker| Box::new(broker.publisher(&config)) as Box<dyn Publisher>),
            _ => RedisBroker::connect("redis://127.0.0.1:6379", layout, retention)
                .await
                .map(|broker| Box::new(broker.publisher(&config)) as Box<dyn Publisher>),
        }
    }) {
        Ok(publisher) => publisher,
        Err(error) => {
            eprintln!("gateway_shard to {broker}: skipped, the broker does not answer: {error}");
            return;
        }
    };
    let (_mock_runtime, mock) = start_mock();
    let mut shard = runtime.block_on(connect_idle(&mock, Compression::Zstd));
    let session: std::sync::Arc<str> = shard.session().unwrap().id().into();
    let wanted = EventTypeFlags::MESSAGE_CREATE;
    let label = format!("raw zstd to {broker}: shard and client");
    in_batches(bencher, &mock, &label, || {
        runtime.block_on(async {
            let mut acks = Vec::with_capacity(BATCH);
            for _ in 0..BATCH {
                let raw = shard.next_raw(wanted).await.unwrap().unwrap();
                let event = OutgoingEvent::from_dispatch(
                    Bytes::from(raw.into_json()),
                    ShardId::ONE,
                    std::sync::Arc::clone(&session),
                )
                .unwrap();
                acks.push(publisher.publish(event).await.unwrap());
            }
            for ack in acks {
                divan::black_box(ack.await.unwrap());
            }
        });
    });
}

/// Heap kept by one connected, idle shard: allocated plus grown minus freed
/// bytes. zstd's context lives in the C heap, which divan does not see: its
/// size is printed (`zstd_context_bytes`).
#[divan::bench(args = ["zlib", "zstd"], sample_count = 10, sample_size = 1)]
fn idle_shard_heap(bencher: Bencher, name: &str) {
    if name == "zstd" {
        eprintln!(
            "gateway_shard zstd context (C heap): {} bytes",
            zstd_context_bytes()
        );
    }
    let (_mock_runtime, mock) = start_mock();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let compression = compression(name);
    bencher.bench_local(|| runtime.block_on(connect_idle(&mock, compression)));
}

/// The size of a zstd decompression context after it decoded a stream made
/// as twilight-mock makes it (level 3, flushed per payload): what each zstd
/// shard holds outside Rust's allocator.
fn zstd_context_bytes() -> usize {
    use zstd::stream::raw::{Encoder, InBuffer, Operation, OutBuffer};
    use zstd::zstd_safe::DCtx;

    let mut encoder = Encoder::new(3).unwrap();
    let mut compressed = Vec::new();
    for payload in Corpus::only("MESSAGE_CREATE").payloads.iter().take(50) {
        let mut input = InBuffer::around(payload.json.as_bytes());
        let mut buffer = vec![0_u8; 64 * 1024];
        while input.pos() < payload.json.len() {
            let mut output = OutBuffer::around(&mut buffer[..]);
            encoder.run(&mut input, &mut output).unwrap();
            compressed.extend_from_slice(output.as_slice());
        }
        let mut output = OutBuffer::around(&mut buffer[..]);
        encoder.flush(&mut output).unwrap();
        compressed.extend_from_slice(output.as_slice());
    }
    let mut context = DCtx::create();
    let mut input = InBuffer::around(&compressed[..]);
    let mut buffer = vec![0_u8; 64 * 1024];
    while input.pos() < compressed.len() {
        let mut output = OutBuffer::around(&mut buffer[..]);
        context.decompress_stream(&mut output, &mut input).unwrap();
    }
    context.sizeof()
}
