//! Shared by the gateway tests: a time-scaled mock, a configuration that
//! points at it, a session start queue, and bounded waits.

#![allow(dead_code, unreachable_pub)]

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use twilight_gateway::{
    Config, ConfigBuilder, EventTypeFlags, InMemoryQueue, Shard, scaled_identify_period,
};
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
    .queue(Arc::new(scaled_queue(1, scale)))
}

/// Discord's session start queue on a scaled clock: one IDENTIFY per
/// bucket `shard % max_concurrency` per 5 s of the mock's clock, plus the
/// queue's margin, since the mock measures between arrivals, which jitter.
pub fn scaled_queue(max_concurrency: u32, scale: f64) -> InMemoryQueue {
    InMemoryQueue::new(max_concurrency, 1000, Duration::from_secs(86_400), 1000)
        .with_period(scaled_identify_period(scale))
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
