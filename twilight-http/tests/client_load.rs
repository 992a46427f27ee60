//! Load through the client and the in-memory ratelimiter: 1,000 concurrent
//! requests across 20 buckets finish without a single 429 from the mock,
//! and no second of the mock's request log holds more than the global
//! limit, with the limiter's default margin; also when the mock holds
//! each new connection for up to 300 ms, as a slow handshake would, so the
//! first burst arrives late and the next, on reused connections, early.
//!
//! The mock runs at `time_scale` 1 with short windows instead of a faster
//! clock: its headers report Discord time, which the client (rightly) waits
//! in real time, so a faster mock clock would only make the mock more
//! lenient than the client, not the test faster.

mod client_support;

use client_support::{TOKEN, bounded, config, get_channel, mock_with, spawn_all, text_channels};
use std::{ops::Range, sync::Arc, time::Duration};
use twilight_http::{Client, marker::EmptyBody};
use twilight_http_ratelimiting::{InMemoryRateLimiter, RateLimiter};
use twilight_mock::{MockConfig, fixtures::Fixtures};

const GLOBAL_LIMIT: u32 = 250;
const REQUESTS: usize = 1_000;
const BUCKETS: usize = 20;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thousand_concurrent_requests_across_twenty_buckets_without_a_429() {
    thousand_requests(None).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thousand_requests_over_slow_new_connections_stay_under_the_global_limit() {
    thousand_requests(Some(Duration::ZERO..Duration::from_millis(300))).await;
}

/// The load, the mock delaying each new connection by a time in `delay`.
async fn thousand_requests(delay: Option<Range<Duration>>) {
    bounded(async {
        let mock = mock_with(MockConfig {
            global_rate_limit: GLOBAL_LIMIT,
            fixtures: Fixtures::generate(1, 2, 30),
            ..config()
        })
        .await;
        // 20 buckets of 10 per 500 ms can take 400 requests a second: the
        // global limit, 250, is the one that binds.
        mock.rest()
            .set_route_limit("channel.get", 10, Duration::from_millis(500));
        mock.rest().set_connect_delay(delay.clone());
        let channels = text_channels(&mock);
        assert!(
            channels.len() >= BUCKETS,
            "{} text channels",
            channels.len()
        );

        let limiter = InMemoryRateLimiter::builder()
            .global_limit(GLOBAL_LIMIT)
            .build();
        let client = Client::builder()
            .token(TOKEN)
            .base_url(mock.rest_url())
            .timeout(Duration::from_secs(60))
            .ratelimiter(Some(Arc::new(limiter) as Arc<dyn RateLimiter>))
            .build();

        let started = std::time::Instant::now();
        let results = spawn_all(
            (0..REQUESTS).map(|i| client.request::<EmptyBody>(get_channel(channels[i % BUCKETS]))),
        )
        .await;
        let failures: Vec<_> = results.iter().filter_map(|r| r.as_ref().err()).collect();
        assert!(
            failures.is_empty(),
            "{} failed: {:?}",
            failures.len(),
            failures.first()
        );

        let log = mock.rest().requests();
        let limited: Vec<_> = log.iter().filter(|record| record.status == 429).collect();
        assert!(
            limited.is_empty(),
            "the mock sent {} 429s: {:?}",
            limited.len(),
            limited.first()
        );
        assert_eq!(log.len(), REQUESTS, "each request sent once");
        let stats = mock.rest().stats();
        assert_eq!(
            (stats.user_429, stats.shared_429, stats.global_429),
            (0, 0, 0)
        );

        // At time_scale 1, a second of mock time is a second of the log's
        // wall-clock arrival times.
        let mut arrivals: Vec<_> = log.iter().map(|record| record.at).collect();
        arrivals.sort();
        let mut start = 0;
        let mut busiest = 0;
        for end in 0..arrivals.len() {
            while arrivals[end].duration_since(arrivals[start]).unwrap() >= Duration::from_secs(1) {
                start += 1;
            }
            busiest = busiest.max(end - start + 1);
        }
        println!(
            "connect delay {delay:?}: busiest second of the mock's log {busiest} of \
             {GLOBAL_LIMIT}; load took {:.2?}",
            started.elapsed()
        );
        assert!(
            busiest <= GLOBAL_LIMIT as usize,
            "{busiest} requests within one second"
        );
    })
    .await;
}
