//! Several proxy instances sharing their limits through the real Redis
//! (127.0.0.1:6379, or `REDIS_URL`), in front of twilight-mock.

mod common;

use bytes::Bytes;
use common::*;
use http_body_util::{BodyExt, Full};
use hyper::Request;
use std::{
    sync::Arc,
    time::{Duration, Instant, SystemTime},
};
use tokio::net::TcpListener;
use twilight_mock::{MockConfig, fixtures::Fixtures};

const GLOBAL: u32 = 1_000;
const CLIENTS: usize = 20;
const REQUESTS: usize = 10_000;
const BUCKETS: usize = 50;

/// The most requests any one second of `times` holds.
fn busiest_second(mut times: Vec<SystemTime>) -> usize {
    times.sort();
    let mut most = 0;
    let mut start = 0;
    for end in 0..times.len() {
        while times[end].duration_since(times[start]).unwrap_or_default() >= Duration::from_secs(1)
        {
            start += 1;
        }
        most = most.max(end - start + 1);
    }
    most
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_instances_hold_one_limit_for_ten_thousand_requests() {
    let Some(redis) = service_support::testing::require_redis().await else {
        return;
    };
    let config = MockConfig {
        global_rate_limit: GLOBAL,
        fixtures: Fixtures::generate(10, 1, 8),
        ..MockConfig::default()
    };
    let channels: Vec<u64> = text_channels(&config).into_iter().take(BUCKETS).collect();
    assert_eq!(
        channels.len(),
        BUCKETS,
        "the fixtures have enough text channels"
    );
    let mock = mock(config).await;
    // Per-channel windows that bind: 200 requests per channel in ~10 s
    // against 10 per 500 ms.
    mock.rest()
        .set_route_limit("messages.read", 10, Duration::from_millis(500));
    mock.rest()
        .inject_shared_ratelimit(Some("messages.read"), 3, Duration::from_millis(200));
    let prefix = service_support::testing::unique_prefix("proxy-three");
    let mut proxies = Vec::new();
    for _ in 0..3 {
        let mut config = common::config(upstream(&mock));
        config.redis = Some(redis.clone());
        config.redis_prefix.clone_from(&prefix);
        config.limits.global_limit = GLOBAL;
        config.default_max_wait = Duration::from_secs(60);
        proxies.push(start(config).await);
    }
    let urls: Arc<Vec<String>> = Arc::new(proxies.iter().map(|p| p.url("")).collect());
    let channels = Arc::new(channels);
    let started = Instant::now();
    let mut clients = Vec::new();
    for client in 0..CLIENTS {
        let (urls, channels) = (Arc::clone(&urls), Arc::clone(&channels));
        clients.push(tokio::spawn(async move {
            // Its own connections, to one instance.
            let http = http();
            let base = &urls[client % urls.len()];
            let mut statuses = (0_usize, 0_usize, Vec::new());
            for n in 0..REQUESTS / CLIENTS {
                let channel = channels[(client * 7 + n) % channels.len()];
                let url = format!("{base}/api/v10/channels/{channel}/messages?limit=1");
                loop {
                    let (response, _) = send(&http, get(&url).body(Full::default()).unwrap()).await;
                    match response.status().as_u16() {
                        200 => {
                            statuses.0 += 1;
                            break;
                        }
                        // Discord's shared 429 (injected): waited out.
                        429 if header(&response, "x-ratelimit-scope") == Some("shared") => {
                            statuses.1 += 1;
                            tokio::time::sleep(Duration::from_millis(200)).await;
                        }
                        other => {
                            statuses.2.push((
                                other,
                                header(&response, http_proxy_service::PROXY_HEADER)
                                    .map(str::to_owned),
                            ));
                            break;
                        }
                    }
                }
            }
            statuses
        }));
    }
    let (mut ok, mut shared, mut other) = (0, 0, Vec::new());
    for client in clients {
        let (o, s, rest) = client.await.unwrap();
        ok += o;
        shared += s;
        other.extend(rest);
    }
    let elapsed = started.elapsed();
    assert!(
        other.is_empty(),
        "unexpected answers: {:?}",
        &other[..other.len().min(10)]
    );
    assert_eq!(ok, REQUESTS, "every request answered 200");
    let stats = mock.rest().stats();
    assert_eq!(
        stats.user_429, 0,
        "no per-route 429 from the mock: {stats:?}"
    );
    assert_eq!(
        stats.global_429, 0,
        "no global 429 from the mock: {stats:?}"
    );
    assert_eq!(u64::try_from(shared).unwrap(), stats.shared_429);
    let times: Vec<SystemTime> = mock
        .rest()
        .requests()
        .iter()
        .filter(|record| record.path.contains("/messages"))
        .map(|record| record.at)
        .collect();
    let busiest = busiest_second(times);
    assert!(
        busiest <= GLOBAL as usize,
        "{busiest} requests in one second"
    );
    println!(
        "{REQUESTS} requests through 3 instances in {elapsed:?} ({:.0}/s); busiest second at the mock: {busiest}; shared 429s waited out: {shared}",
        REQUESTS as f64 / elapsed.as_secs_f64()
    );
    for proxy in &proxies {
        proxy.shutdown.trigger();
    }
}

/// A TCP relay to Redis that the test can cut, as if Redis stopped.
struct Relay {
    port: u16,
    task: tokio::task::JoinHandle<()>,
}

impl Relay {
    async fn start(port: u16, redis: &str) -> Self {
        let target = redis
            .trim_start_matches("redis://")
            .trim_end_matches('/')
            .to_owned();
        let listener = TcpListener::bind(("127.0.0.1", port)).await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let task = tokio::spawn(async move {
            let mut pipes = tokio::task::JoinSet::new();
            while let Ok((mut inbound, _)) = listener.accept().await {
                let target = target.clone();
                pipes.spawn(async move {
                    if let Ok(mut outbound) = tokio::net::TcpStream::connect(&target).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
            }
        });
        Self { port, task }
    }

    /// Drops the listener and every connection (the JoinSet aborts them).
    fn cut(self) -> u16 {
        self.task.abort();
        self.port
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn when_redis_stops_the_proxy_fails_closed_and_recovers() {
    let Some(redis) = service_support::testing::require_redis().await else {
        return;
    };
    let mock = mock(MockConfig::default()).await;
    let relay = Relay::start(0, &redis).await;
    let mut config = common::config(upstream(&mock));
    config.redis = Some(format!("redis://127.0.0.1:{}", relay.port));
    config.redis_prefix = service_support::testing::unique_prefix("proxy-down");
    let proxy = start(config).await;
    let http = http();
    let url = proxy.url("/api/v10/users/@me");
    let (up, _) = send(&http, get(&url).body(Full::default()).unwrap()).await;
    assert_eq!(up.status(), 200);

    let port = relay.cut();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let before = mock.rest().stats().total;
    let started = Instant::now();
    let request = get(&url)
        .header("x-proxy-max-wait", "1500")
        .body(Full::default())
        .unwrap();
    let (down, body) = send(&http, request).await;
    // Fail closed: not sent, answered at the wait bound, no panic.
    assert_eq!(down.status(), 429, "{body:?}");
    assert_eq!(
        header(&down, http_proxy_service::PROXY_HEADER),
        Some("store-unavailable")
    );
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        mock.rest().stats().total,
        before,
        "nothing sent without a decision"
    );
    let health = http
        .request(
            Request::get(proxy.url("/health"))
                .body(Full::<Bytes>::default())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(health.status(), 503);
    let text = health.into_body().collect().await.unwrap().to_bytes();
    assert!(String::from_utf8_lossy(&text).contains("redis"));

    // Redis back on the same address: the connection comes back by itself.
    let _relay = Relay::start(port, &redis).await;
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let request = get(&url)
            .header("x-proxy-max-wait", "1000")
            .body(Full::default())
            .unwrap();
        let (again, _) = send(&http, request).await;
        if again.status() == 200 {
            break;
        }
        assert!(Instant::now() < deadline, "the proxy did not recover");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_instance_joining_or_leaving_causes_no_429() {
    let Some(redis) = service_support::testing::require_redis().await else {
        return;
    };
    let global = 300;
    let config = MockConfig {
        global_rate_limit: global,
        ..MockConfig::default()
    };
    let channels = Arc::new(text_channels(&config));
    let mock = mock(config).await;
    mock.rest()
        .set_route_limit("messages.read", 50, Duration::from_millis(500));
    let prefix = service_support::testing::unique_prefix("proxy-join");
    let proxy_config = || {
        let mut config = common::config(upstream(&mock));
        config.redis = Some(redis.clone());
        config.redis_prefix.clone_from(&prefix);
        config.limits.global_limit = global;
        config.default_max_wait = Duration::from_secs(60);
        config
    };
    let first = start(proxy_config()).await;
    let second = start(proxy_config()).await;
    // Which instances a client may use now: the load balancer.
    let live = Arc::new(std::sync::RwLock::new(vec![first.url(""), second.url("")]));
    let mut clients = Vec::new();
    for client in 0..10 {
        let (live, channels) = (Arc::clone(&live), Arc::clone(&channels));
        clients.push(tokio::spawn(async move {
            let http = http();
            let mut answers = Vec::new();
            for n in 0..200 {
                let base = {
                    let live = live.read().unwrap();
                    live[(client + n) % live.len()].clone()
                };
                let channel = channels[(client + n) % channels.len()];
                let url = format!("{base}/api/v10/channels/{channel}/messages?limit=1");
                match http.request(get(&url).body(Full::default()).unwrap()).await {
                    Ok(response) => answers.push(response.status().as_u16()),
                    // The instance left between the pick and the request:
                    // the balancer sends it elsewhere.
                    Err(_) => {
                        let base = live.read().unwrap()[0].clone();
                        let url = format!("{base}/api/v10/channels/{channel}/messages?limit=1");
                        let (response, _) =
                            send(&http, get(&url).body(Full::default()).unwrap()).await;
                        answers.push(response.status().as_u16());
                    }
                }
            }
            answers
        }));
    }
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    let third = start(proxy_config()).await;
    live.write().unwrap().push(third.url(""));
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    // The first leaves: out of the balancer, then shut down.
    live.write().unwrap().retain(|url| *url != first.url(""));
    first.shutdown.trigger();
    let mut statuses = Vec::new();
    for client in clients {
        statuses.extend(client.await.unwrap());
    }
    assert_eq!(statuses.len(), 2_000);
    assert!(
        statuses.iter().all(|&status| status == 200),
        "{:?}",
        statuses
            .iter()
            .filter(|&&s| s != 200)
            .take(5)
            .collect::<Vec<_>>()
    );
    let stats = mock.rest().stats();
    assert_eq!(stats.user_429 + stats.global_429, 0, "{stats:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_invalid_request_count_is_shared_by_instances_and_tokens() {
    let Some(redis) = service_support::testing::require_redis().await else {
        return;
    };
    let mock = mock(MockConfig::default()).await;
    let prefix = service_support::testing::unique_prefix("proxy-invalid");
    let mut instances = Vec::new();
    for _ in 0..2 {
        let mut config = common::config(upstream(&mock));
        config.redis = Some(redis.clone());
        config.redis_prefix.clone_from(&prefix);
        config.limits.invalid_limit = 3;
        instances.push(start(config).await);
    }
    let http = http();
    // Three wrong tokens through the first instance: three 401s.
    for n in 0..3 {
        let request = Request::get(instances[0].url("/api/v10/users/@me"))
            .header("authorization", format!("Bot wrong-{n}"))
            .body(Full::default())
            .unwrap();
        let (response, _) = send(&http, request).await;
        assert_eq!(response.status(), 401);
    }
    let before = mock.rest().stats().total;
    // The good token, through the other instance, is held.
    let request = get(&instances[1].url("/api/v10/users/@me"))
        .body(Full::default())
        .unwrap();
    let (held, _) = send(&http, request).await;
    assert_eq!(held.status(), 429);
    assert_eq!(
        header(&held, http_proxy_service::PROXY_HEADER),
        Some("invalid-requests")
    );
    assert_eq!(mock.rest().stats().total, before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_refused_through_one_instance_is_not_sent_by_another() {
    let Some(redis) = service_support::testing::require_redis().await else {
        return;
    };
    let mock = mock(MockConfig::default()).await;
    let prefix = service_support::testing::unique_prefix("proxy-refused");
    let mut instances = Vec::new();
    for _ in 0..2 {
        let mut config = common::config(upstream(&mock));
        config.redis = Some(redis.clone());
        config.redis_prefix.clone_from(&prefix);
        instances.push(start(config).await);
    }
    let http = http();
    let wrong = |instance: &Running| {
        Request::get(instance.url("/api/v10/users/@me"))
            .header("authorization", "Bot revoked-token")
            .body(Full::default())
            .unwrap()
    };
    // Upstream refuses it once, through the first instance.
    let (response, _) = send(&http, wrong(&instances[0])).await;
    assert_eq!(response.status(), 401);
    assert_eq!(header(&response, http_proxy_service::PROXY_HEADER), None);
    let sent = mock.rest().stats().total;

    // The second instance answers itself: the token never goes out again.
    let (response, _) = send(&http, wrong(&instances[1])).await;
    assert_eq!(response.status(), 401);
    assert_eq!(
        header(&response, http_proxy_service::PROXY_HEADER),
        Some("unauthorized-token")
    );
    assert_eq!(mock.rest().stats().total, sent);

    // Another token through the same instance is not affected.
    let request = get(&instances[1].url("/api/v10/users/@me"))
        .body(Full::default())
        .unwrap();
    let (response, _) = send(&http, request).await;
    assert_eq!(response.status(), 200);
}
