//! The start-up of a large bot: 1,000 shards, `max_concurrency` 16, asked
//! from 4 clients over their own connections, through one service (in
//! memory), against a time-scaled local Discord.

mod common;

use common::{Child, Recording, SECRET, TOKEN, mock_config, rest_host, run_shards};
use std::{
    collections::BTreeMap,
    sync::{Arc, Mutex},
    time::Duration,
};
use twilight_gateway_queue::{Queue, ServiceQueue};

/// The service's window. The mock's 5 s pass in 50 ms (time scale 100),
/// so that the identifies the service lets through 1 s apart are never
/// closer than the mock's window when they arrive, even when 1,000 shards
/// starting at once on a 2-core machine delay one by most of a second. The
/// service's own grant instants (its log) are checked against the 1 s.
const WINDOW: Duration = Duration::from_millis(1000);
const SHARDS: u32 = 1000;
const MAX_CONCURRENCY: u32 = 16;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_shards_in_sixteen_buckets_start_in_63_windows_on_time() {
    // The local Discord refuses a bucket's second IDENTIFY within 5 s of its
    // time, 50 ms of real time at this scale: the service's 1 s windows
    // hold it, with room for a shard whose IDENTIFY waits 950 ms for a core
    // after its turn (1,000 shards start on 2 cores; with 500 ms windows,
    // a first-round IDENTIFY read more than 450 ms after its turn, while
    // the 1,000 connections were opening, made the bucket's next one look
    // early and it was refused).
    let mut config = mock_config(MAX_CONCURRENCY, 2000, 2000, 100.0);
    // Heartbeats every 3 s of real time (Discord's 41.25 s would be 0.4 s at
    // this scale, too tight for 1,000 shards on 2 loaded cores).
    config.heartbeat_interval = Duration::from_secs(300);
    config.heartbeat_grace = Duration::from_secs(300);
    let discord = Arc::new(twilight_mock::Mock::start(config).await.unwrap());
    let host = rest_host(&discord);
    // In its own process, as in production: the instants it logs are its
    // own, not delayed by the 1,000 shards of this one.
    let service = Child::spawn(&[
        "--token",
        TOKEN,
        "--discord-proxy",
        &host,
        "--discord-proxy-http",
        "--window-ms",
        &WINDOW.as_millis().to_string(),
    ]);
    // On its own machine in production; here it shares 2 cores with 1,000
    // shards and the mock, so it gets the CPU first when it needs it (if
    // renice is not allowed, the test runs all the same).
    let _ = std::process::Command::new("renice")
        .args(["-n", "-10", "-p", &service.process.id().to_string()])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status();
    let reached = Arc::new(Mutex::new(Vec::new()));
    let started = tokio::time::Instant::now();
    let mut clients = tokio::task::JoinSet::new();
    for client in 0..4u32 {
        // Four clients, each with its own connections.
        let queue: Arc<dyn Queue> = Arc::new(Recording::new(
            ServiceQueue::new(&service.url)
                .unwrap()
                .with_secret(SECRET)
                .unwrap(),
            Arc::clone(&reached),
        ));
        let shards: Vec<u32> = (0..SHARDS).filter(|shard| shard % 4 == client).collect();
        let discord = Arc::clone(&discord);
        clients.spawn(async move { run_shards(&discord, shards, SHARDS, queue).await });
    }
    while let Some(result) = clients.join_next().await {
        result.unwrap();
    }
    let elapsed = started.elapsed();

    // Every shard identified once, and the local Discord refused none.
    let log = discord.log();
    println!(
        "identifies {}, refused {}, resumes {}, connections {}, closed: {:?}",
        log.identifies.len(),
        log.sessions_refused,
        log.resumes.len(),
        log.connections.len(),
        log.connections
            .iter()
            .filter_map(|c| c.closed_with)
            .collect::<Vec<_>>()
    );
    assert_eq!(reached.lock().unwrap().len(), SHARDS as usize);
    assert_eq!(discord.identifies().len(), SHARDS as usize);
    assert_eq!(discord.sessions_refused(), 0);

    // The service's grants per bucket: first come first served, and each
    // at its ideal instant (when it asked, or a window after the bucket's
    // previous ideal instant, whichever is later) within 1% of the ideal
    // time since the start-up began, or of one window for the first turns
    // (a grant at the very start cannot be held to 1% of nothing), plus
    // 1 ms for the log's clock reading.
    let grants = service.grants.lock().unwrap().clone();
    let asks = service.asks.lock().unwrap().clone();
    assert_eq!(grants.len(), SHARDS as usize);
    assert_eq!(asks.len(), SHARDS as usize);
    let start = asks.iter().map(|(_, at)| *at).fold(f64::MAX, f64::min);
    let by_bucket = |events: &[(u32, f64)]| {
        let mut buckets: BTreeMap<u32, Vec<(f64, u32)>> = BTreeMap::new();
        for &(shard, at) in events {
            buckets
                .entry(shard % MAX_CONCURRENCY)
                .or_default()
                .push((at, shard));
        }
        for list in buckets.values_mut() {
            list.sort_by(|a, b| a.0.total_cmp(&b.0));
        }
        buckets
    };
    let (granted, asked) = (by_bucket(&grants), by_bucket(&asks));
    let windows = granted.values().map(Vec::len).max().unwrap();
    assert_eq!(windows, 63);
    let (mut worst, mut worst_ms) = (0.0f64, 0.0f64);
    let window = WINDOW.as_secs_f64();
    let tickets: std::collections::HashMap<u32, u64> =
        service.tickets.lock().unwrap().iter().copied().collect();
    assert_eq!(tickets.len(), SHARDS as usize);
    let asked_at: std::collections::HashMap<u32, f64> =
        asks.iter().map(|&(shard, at)| (shard, at)).collect();
    for (bucket, turns) in &granted {
        assert_eq!(turns.len(), asked[bucket].len());
        let mut ideal = f64::MIN;
        let mut previous_ticket = None;
        for (j, (at, shard)) in turns.iter().enumerate() {
            let asked = asked_at[shard];
            // First come first served: tickets (the queue's order of
            // arrival) are granted in order.
            let ticket = tickets[shard];
            assert!(
                previous_ticket < Some(ticket),
                "bucket {bucket}: shard {shard} went before one that came earlier"
            );
            previous_ticket = Some(ticket);
            ideal = if j == 0 {
                asked
            } else {
                asked.max(ideal + window)
            };
            let off = (at - ideal).abs();
            let allowed = (ideal - start).max(window) * 0.01 + 0.001;
            worst = worst.max(off / (ideal - start).max(window));
            worst_ms = worst_ms.max(off * 1000.0);
            assert!(
                off <= allowed,
                "bucket {bucket}, turn {j} (shard {shard}): granted at {:.4} s, ideally {:.4} s",
                at - start,
                ideal - start
            );
        }
    }
    println!(
        "1000 shards, max_concurrency 16: {windows} windows, all READY after {elapsed:?}; \
         worst turn {worst_ms:.1} ms off its ideal time ({:.3}% of its ideal time since start)",
        worst * 100.0
    );
}
