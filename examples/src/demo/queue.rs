//! A session start queue for a time-scaled local Discord.
//!
//! Discord lets one shard per bucket (`shard % max_concurrency`) identify
//! every 5 seconds. twilight-mock enforces the same rule on its own clock,
//! which runs `time_scale` times faster, so this queue shortens the window
//! by the same factor: the shards connect within a fraction of a second
//! instead of 5 s apart. Against Discord the demo uses
//! `InMemoryQueue` instead.

use std::{sync::Arc, time::Duration};
use tokio::{sync::Mutex, time::Instant};
use twilight_gateway::{Enqueued, Queue};

/// One IDENTIFY per bucket per `5 s / time_scale`.
pub(crate) struct ScaledQueue {
    window: Duration,
    /// When each bucket's last shard was let through.
    buckets: Vec<Arc<Mutex<Option<Instant>>>>,
}

impl ScaledQueue {
    /// A queue for a mock whose clock runs `time_scale` times faster than
    /// Discord's.
    pub(crate) fn new(max_concurrency: u32, time_scale: f64) -> Self {
        // A quarter more than the window: the mock measures it between the
        // IDENTIFYs it receives, which may arrive closer together than
        // they were let through.
        let window = Duration::from_secs_f64(5.0 / time_scale.max(1.0) * 1.25);
        let buckets = (0..max_concurrency.max(1))
            .map(|_| Arc::default())
            .collect();
        Self { window, buckets }
    }
}

impl Queue for ScaledQueue {
    fn enqueue(&self, shard: u32, _total: u32) -> Enqueued {
        let bucket = Arc::clone(&self.buckets[shard as usize % self.buckets.len()]);
        let window = self.window;
        Box::pin(async move {
            let mut last = bucket.lock().await;
            if let Some(at) = *last {
                tokio::time::sleep_until(at + window).await;
            }
            *last = Some(Instant::now());
        })
    }
}
