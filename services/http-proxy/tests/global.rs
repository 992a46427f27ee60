//! Under the default global limit with ten times as many requests offered,
//! the proxy keeps sending at the limit and answers the rest within their
//! wait bound; none stalls, none is dropped.

mod common;

use common::*;
use http_body_util::Full;
use std::{
    sync::Arc,
    time::{Duration, Instant, SystemTime},
};
use twilight_mock::{MockConfig, fixtures::Fixtures};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_hundred_offered_per_second_fifty_sent_the_rest_answered_in_time() {
    let config = MockConfig {
        fixtures: Fixtures::generate(4, 1, 20),
        ..MockConfig::default()
    };
    let channels = Arc::new(text_channels(&config));
    assert!(channels.len() >= 32);
    let mock = mock(config).await;
    // Per-channel windows out of the way: the global limit is what binds.
    mock.rest()
        .set_route_limit("messages.read", 1_000, Duration::from_secs(1));
    let proxy = start(common::config(upstream(&mock))).await;
    let base = Arc::new(proxy.url(""));
    let http = http();
    let bound = Duration::from_millis(1_000);
    let offered = 1_500;
    let started = Instant::now();
    let mut tasks = Vec::new();
    for n in 0..offered {
        // 500 per second, for 3 seconds.
        tokio::time::sleep_until((started + Duration::from_millis(2) * n).into()).await;
        let (http, base, channels) = (http.clone(), Arc::clone(&base), Arc::clone(&channels));
        tasks.push(tokio::spawn(async move {
            let channel = channels[n as usize % channels.len()];
            let url = format!("{base}/api/v10/channels/{channel}/messages?limit=1");
            let request = get(&url)
                .header("x-proxy-max-wait", bound.as_millis().to_string())
                .body(Full::default())
                .unwrap();
            let asked = Instant::now();
            let (response, _) = send(&http, request).await;
            let proxy_answer =
                header(&response, http_proxy_service::PROXY_HEADER).map(str::to_owned);
            (response.status().as_u16(), proxy_answer, asked.elapsed())
        }));
    }
    let (mut sent, mut refused, mut slowest_refusal) = (0, 0, Duration::ZERO);
    for task in tasks {
        let (status, proxy_answer, took) = task.await.unwrap();
        match (status, proxy_answer.as_deref()) {
            (200, None) => sent += 1,
            (429, Some("wait-bound")) => {
                refused += 1;
                slowest_refusal = slowest_refusal.max(took);
            }
            other => panic!("unexpected answer {other:?}"),
        }
    }
    let elapsed = started.elapsed();
    assert_eq!(sent + refused, offered, "every request answered");
    let stats = mock.rest().stats();
    assert_eq!(stats.global_429 + stats.user_429, 0, "{stats:?}");
    // Answered within the bound (plus scheduling slack on a busy machine).
    assert!(
        slowest_refusal < bound + Duration::from_millis(500),
        "{slowest_refusal:?}"
    );
    // It kept sending: every whole second of the run saw requests near the
    // limit at the mock, none more than the limit.
    let mut times: Vec<SystemTime> = mock.rest().requests().iter().map(|r| r.at).collect();
    times.sort();
    let first = times[0];
    let mut per_second = vec![0_usize; 5];
    for at in &times {
        let second = at.duration_since(first).unwrap_or_default().as_secs() as usize;
        if let Some(count) = per_second.get_mut(second) {
            *count += 1;
        }
    }
    println!(
        "offered {offered} in {elapsed:?}: sent {sent}, answered 429 by the proxy {refused} \
         (slowest {slowest_refusal:?}); per second at the mock: {per_second:?}"
    );
    for (second, &count) in per_second.iter().enumerate().take(3) {
        assert!(
            (35..=50).contains(&count),
            "second {second}: {count} sent ({per_second:?})"
        );
    }
}
