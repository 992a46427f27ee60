//! The in-memory limiter in front of a plain hyper client, against
//! twilight-mock's REST server with Discord's ratelimits: what the mock's
//! request log shows is what Discord would have seen.

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::{Request, body::Incoming};
use hyper_util::{
    client::legacy::{Client, connect::HttpConnector},
    rt::TokioExecutor,
};
use std::time::Duration;
use twilight_http_ratelimiting::{
    Endpoint, InMemoryRateLimiter, Method, Outcome, RateLimitHeaders, RateLimiter,
};
use twilight_mock::{Mock, MockConfig};

const TOKEN: &str = "limiter-token";
const MESSAGES: &str = "/channels/{channel_id}/messages";

type Http = Client<HttpConnector, Full<Bytes>>;

/// Sends one request through the limiter and reports its response; returns
/// the status.
async fn send(
    http: &Http,
    limiter: &InMemoryRateLimiter,
    base: &str,
    method: Method,
    channel: u64,
) -> u16 {
    let endpoint = Endpoint::new(method, MESSAGES).major(channel);
    let permit = limiter.acquire(endpoint).await;
    let body = match method {
        Method::Post => Bytes::from_static(br#"{"content":"limited"}"#),
        _ => Bytes::new(),
    };
    let request = Request::builder()
        .method(method.name())
        .uri(format!("{base}/channels/{channel}/messages"))
        .header("authorization", format!("Bot {TOKEN}"))
        .header("content-type", "application/json")
        .body(Full::new(body))
        .unwrap();
    let response: hyper::Response<Incoming> = http.request(request).await.unwrap();
    let status = response.status().as_u16();
    let headers = RateLimitHeaders::from_pairs(
        response
            .headers()
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_bytes())),
    )
    .unwrap();
    permit.complete(Outcome { status, headers });
    response.into_body().collect().await.unwrap();
    status
}

async fn start() -> (Mock, Http, Vec<u64>) {
    let config = MockConfig {
        token: TOKEN.to_owned(),
        ..MockConfig::default()
    };
    let channels = config
        .fixtures
        .guilds
        .iter()
        .flat_map(|guild| &guild.channels)
        .filter(|channel| channel.kind == 0)
        .map(|channel| channel.id.get())
        .collect();
    let mock = Mock::start(config).await.unwrap();
    let http = Client::builder(TokioExecutor::new()).build_http();
    (mock, http, channels)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_concurrent_requests_across_channels_get_no_429() {
    let (mock, http, channels) = start().await;
    assert!(channels.len() >= 4, "the default world has text channels");
    // Short windows, so that the test sees several of them quickly.
    mock.rest()
        .set_route_limit("messages.create", 5, Duration::from_millis(500));
    // A wider margin than the default: a loaded test machine spreads the
    // requests of one burst further apart on the way to the mock.
    let limiter = InMemoryRateLimiter::builder()
        .margin(Duration::from_millis(100))
        .build();
    let base = mock.rest_url();

    let tasks: Vec<_> = (0..200)
        .map(|i| {
            let (http, limiter, base) = (http.clone(), limiter.clone(), base.clone());
            let channel = channels[i % channels.len()];
            let method = if (i / channels.len()) % 2 == 0 {
                Method::Post
            } else {
                Method::Get
            };
            tokio::spawn(async move { send(&http, &limiter, &base, method, channel).await })
        })
        .collect();
    let statuses = tokio::time::timeout(Duration::from_secs(120), async {
        let mut statuses = Vec::new();
        for task in tasks {
            statuses.push(task.await.unwrap());
        }
        statuses
    })
    .await
    .expect("the limiter does not stall");

    assert!(statuses.iter().all(|&s| s == 200), "{statuses:?}");
    let log = mock.rest().requests();
    assert_eq!(log.len(), 200);
    let limited: Vec<_> = log.iter().filter(|r| r.ratelimited.is_some()).collect();
    assert!(limited.is_empty(), "429s: {limited:?}");
    let stats = mock.rest().stats();
    assert_eq!(
        (stats.user_429, stats.shared_429, stats.global_429),
        (0, 0, 0)
    );
    assert_eq!(limiter.invalid_requests_total(), 0);

    // Both routes of a channel were learned as their own buckets.
    let create = limiter
        .bucket(&Endpoint::new(Method::Post, MESSAGES).major(channels[0]))
        .unwrap();
    let read = limiter
        .bucket(&Endpoint::new(Method::Get, MESSAGES).major(channels[0]))
        .unwrap();
    assert!(create.hash.is_some() && read.hash.is_some());
    assert_ne!(create.hash, read.hash);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shared_429_from_the_mock_is_waited_out() {
    let (mock, http, channels) = start().await;
    let limiter = InMemoryRateLimiter::new();
    let base = mock.rest_url();
    mock.rest()
        .inject_shared_ratelimit(Some("messages.read"), 1, Duration::from_secs(1));

    let first = send(&http, &limiter, &base, Method::Get, channels[0]).await;
    assert_eq!(first, 429);
    assert!(
        limiter
            .bucket(&Endpoint::new(Method::Get, MESSAGES).major(channels[0]))
            .unwrap()
            .blocked_for
            .is_some()
    );
    // The retry waits for Retry-After; another channel does not.
    let other = send(&http, &limiter, &base, Method::Get, channels[1]).await;
    let retry = send(&http, &limiter, &base, Method::Get, channels[0]).await;
    assert_eq!((other, retry), (200, 200));

    let log = mock.rest().requests();
    assert_eq!(log.len(), 3);
    let waited = log[2].at.duration_since(log[0].at).unwrap();
    assert!(waited >= Duration::from_secs(1), "retried after {waited:?}");
    assert!(log[1].at.duration_since(log[0].at).unwrap() < Duration::from_secs(1));
    // A shared 429 is not an invalid request, for Discord or the limiter.
    assert_eq!(mock.rest().stats().shared_429, 1);
    assert_eq!(mock.rest().stats().invalid_in_window, 0);
    assert_eq!(limiter.invalid_requests_total(), 0);
}
