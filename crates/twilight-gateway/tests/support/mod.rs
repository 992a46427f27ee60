//! Shared by the gateway tests: a time-scaled mock, a configuration that
//! points at it, a session start queue, and bounded waits.

#![allow(dead_code, unreachable_pub)]

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::Instant;
use twilight_gateway::{Config, ConfigBuilder, Enqueued, EventTypeFlags, Queue, Shard};
use twilight_mock::{Mock, MockConfig};
use twilight_model::gateway::{Event, Intents};

pub const TOKEN: &str = "test-token";

/// Bounds every wait: a failure guard, never a timing assertion.
pub async fn within<T>(fut: impl Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(60), fut)
        .await
        .expect("test timed out")
}

/// A mock whose clock runs `scale` times faster, lenient about late
/// heartbeats (a loaded machine must not close connections).
pub async fn mock(scale: f64) -> Mock {
    mock_with(scale, |_| {}).await
}

pub async fn mock_with(scale: f64, change: impl FnOnce(&mut MockConfig)) -> Mock {
    let mut config = MockConfig {
        token: TOKEN.to_owned(),
        time_scale: scale,
        heartbeat_grace: Duration::from_secs(60),
        ..MockConfig::default()
    };
    change(&mut config);
    Mock::start(config).await.expect("mock starts")
}

/// A configuration pointing at the mock, with a queue on the mock's clock.
pub fn config(mock: &Mock, scale: f64) -> ConfigBuilder {
    Config::builder(
        format!("Bot {TOKEN}"),
        Intents::GUILDS | Intents::GUILD_MESSAGES,
    )
    .gateway_url(mock.gateway_url())
    .queue(Arc::new(BucketQueue::new(1, scale)))
}

/// Discord's session start queue on a scaled clock: one IDENTIFY per
/// bucket `shard % max_concurrency` per 5 s, plus a margin for transit.
#[derive(Debug)]
pub struct BucketQueue {
    max_concurrency: u32,
    window: Duration,
    next: Arc<Mutex<HashMap<u32, Instant>>>,
}

impl BucketQueue {
    pub fn new(max_concurrency: u32, scale: f64) -> Self {
        Self {
            max_concurrency,
            window: Duration::from_secs(5).div_f64(scale).mul_f64(1.3),
            next: Arc::default(),
        }
    }
}

impl Queue for BucketQueue {
    fn enqueue(&self, shard: u32, _total: u32) -> Enqueued {
        let bucket = shard % self.max_concurrency;
        let now = Instant::now();
        let at = {
            let mut next = self.next.lock().unwrap();
            let slot = next.entry(bucket).or_insert(now);
            let at = (*slot).max(now);
            *slot = at + self.window;
            at
        };
        Box::pin(tokio::time::sleep_until(at))
    }
}

/// The next event of these types.
pub async fn next_of(shard: &mut Shard, wanted: EventTypeFlags) -> Event {
    within(async {
        loop {
            match shard.next_event(wanted).await {
                Some(Ok(event)) => return event,
                Some(Err(error)) if !error.is_fatal() => {}
                other => panic!("shard ended: {other:?}"),
            }
        }
    })
    .await
}

/// Polls the shard until READY.
pub async fn ready(shard: &mut Shard) {
    let event = next_of(shard, EventTypeFlags::READY).await;
    assert!(matches!(event, Event::Ready(_)), "{event:?}");
}

/// Unknown test events `TEST_EVENT` with `{"n": n}` data, as the stream
/// of a shard yields them (only when every event type is wanted).
pub async fn next_test_number(shard: &mut Shard) -> u64 {
    loop {
        if let Event::Unknown(unknown) = next_of(shard, EventTypeFlags::all()).await
            && unknown.name == "TEST_EVENT"
        {
            let value: serde_json::Value = serde_json::from_str(unknown.data.get()).unwrap();
            return value["n"].as_u64().unwrap();
        }
    }
}
