//! Many shards: a range for one process, started through the queue, polled
//! as one stream.

mod support;

use futures_util::StreamExt;
use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;
use std::time::Duration;
use support::{BucketQueue, config, mock_with, within};
use twilight_gateway::{EventTypeFlags, ShardEventStream, create_range};
use twilight_model::gateway::Event;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hundred_shards_start_in_the_queues_schedule() {
    // 5 s windows of 500 ms: room for a loaded machine's scheduling jitter
    // while 100 connections open at once.
    let scale = 10.0;
    let max_concurrency = 4;
    let mock = mock_with(scale, |config| {
        config.session_start_limit.max_concurrency = max_concurrency;
        config.recommended_shards = 100;
    })
    .await;
    let queue = Arc::new(BucketQueue::new(max_concurrency, scale));
    let config = config(&mock, scale).queue(queue).build();
    let shards = create_range(0..100, 100, config, |_, config| config).unwrap();
    let mut stream = ShardEventStream::new(shards, EventTypeFlags::READY);

    let mut ready = HashSet::new();
    within(async {
        while ready.len() < 100 {
            let (id, event) = stream.next().await.unwrap();
            if let Ok(Event::Ready(event)) = event {
                assert_eq!(event.shard.unwrap(), id);
                ready.insert(id.number());
            }
        }
    })
    .await;
    assert_eq!(stream.len(), 100);
    assert!(stream.shards().all(|shard| shard.state().is_active()));

    let log = mock.log();
    assert_eq!(log.sessions_refused, 0, "no IDENTIFY outside the schedule");
    assert_eq!(log.identifies.len(), 100);
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
        assert_eq!(times.len(), 25, "bucket {bucket}");
        for (k, pair) in times.windows(2).enumerate() {
            assert!(pair[1] - pair[0] >= window, "bucket {bucket}, window {k}");
        }
        let last = *times.last().unwrap() - first;
        // Not more than the queue's margin past the 24th window.
        assert!(last < window * 24 * 2, "bucket {bucket} took {last:?}");
    }
}
