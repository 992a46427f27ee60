//! Many shards: a range for one process, started through the queue, polled
//! as one stream.

mod support;

use futures_util::StreamExt;
use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;
use std::time::Duration;
use support::{config, mock_with, scaled_queue, within};
use twilight_gateway::{
    EventTypeFlags, IDENTIFY_PERIOD, InMemoryQueue, ShardEventStream, create_range,
};

use twilight_model::gateway::Event;

/// One process's range of a 64-shard bot, on a real (scaled) clock.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_range_of_shards_starts_in_the_queues_schedule() {
    // 5 s windows of 1 s: room for a loaded machine's scheduling jitter
    // while the connections open at once.
    let scale = 5.0;
    let max_concurrency = 4;
    let mock = mock_with(scale, |config| {
        config.session_start_limit.max_concurrency = max_concurrency;
        config.recommended_shards = 64;
    })
    .await;
    let queue = Arc::new(scaled_queue(max_concurrency, scale));
    let config = config(&mock, scale).queue(queue).build();
    let shards = create_range(8..24, 64, config, |_, config| config).unwrap();
    let mut stream = ShardEventStream::new(shards, EventTypeFlags::READY);

    let mut ready = HashSet::new();
    within(async {
        while ready.len() < 16 {
            let (id, event) = stream.next().await.unwrap();
            if let Ok(Event::Ready(event)) = event {
                assert_eq!(event.shard.unwrap(), id);
                ready.insert(id.number());
            }
        }
    })
    .await;
    assert_eq!(stream.len(), 16);
    assert!(stream.shards().all(|shard| shard.state().is_active()));
    assert_eq!(ready, (8..24).collect());

    let log = mock.log();
    assert_eq!(log.sessions_refused, 0, "no IDENTIFY outside the schedule");
    assert_eq!(log.identifies.len(), 16);
    // One IDENTIFY per bucket per 5 s window: bucket b's k-th IDENTIFY is
    // in window k.
    let mut buckets: BTreeMap<u32, Vec<Duration>> = BTreeMap::new();
    for identify in &log.identifies {
        buckets
            .entry(identify.shard[0] % max_concurrency)
            .or_default()
            .push(identify.at);
    }
    let first = log.identifies[0].at;
    let window = Duration::from_secs(5);
    for (bucket, times) in &buckets {
        assert_eq!(times.len(), 4, "bucket {bucket}");
        for (k, pair) in times.windows(2).enumerate() {
            assert!(pair[1] - pair[0] >= window, "bucket {bucket}, window {k}");
        }
        let last = *times.last().unwrap() - first;
        // Not more than the queue's margin past the 3rd window.
        assert!(last < window * 3 * 2, "bucket {bucket} took {last:?}");
    }
}

/// The same start with `InMemoryQueue`, on tokio's paused clock: the mock
/// and the shards share it, so Discord's 5 s windows pass instantly and
/// every IDENTIFY lands exactly on the queue's schedule.
#[tokio::test(start_paused = true)]
async fn hundred_shards_start_on_the_in_memory_queues_schedule() {
    let max_concurrency = 4;
    let mock = mock_with(1.0, |config| {
        config.session_start_limit.max_concurrency = max_concurrency;
        config.recommended_shards = 100;
    })
    .await;
    let queue = InMemoryQueue::new(max_concurrency, 1000, Duration::from_secs(86_400), 1000);
    let config = config(&mock, 1.0).queue(Arc::new(queue.clone())).build();
    let shards = create_range(0..100, 100, config, |_, config| config).unwrap();
    let mut stream = ShardEventStream::new(shards, EventTypeFlags::READY);
    let mut ready = HashSet::new();
    // 25 periods of paused time; the guard is generous virtual time.
    tokio::time::timeout(Duration::from_secs(600), async {
        while ready.len() < 100 {
            let (id, event) = stream.next().await.unwrap();
            if let Ok(Event::Ready(_)) = event {
                ready.insert(id.number());
            }
        }
    })
    .await
    .expect("all shards ready");

    let log = mock.log();
    assert_eq!(log.sessions_refused, 0);
    assert_eq!(log.identifies.len(), 100);
    assert_eq!(queue.remaining(), 900);
    let first = log.identifies[0].at;
    let mut buckets: BTreeMap<u32, Vec<Duration>> = BTreeMap::new();
    for identify in &log.identifies {
        buckets
            .entry(identify.shard[0] % max_concurrency)
            .or_default()
            .push(identify.at - first);
    }
    // Bucket b's k-th IDENTIFY is at exactly k periods: no turn wasted.
    for (bucket, times) in &buckets {
        assert_eq!(times.len(), 25, "bucket {bucket}");
        for (k, at) in times.iter().enumerate() {
            let turn = IDENTIFY_PERIOD * u32::try_from(k).unwrap();
            assert_eq!(*at, turn, "bucket {bucket}: identify {k}");
        }
    }
}
