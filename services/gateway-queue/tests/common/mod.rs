//! What the service's tests share: a local Discord, the service started
//! in-process, a raw HTTP client, and shards that record when they were let
//! through.

#![allow(dead_code, unreachable_pub)]

use bytes::Bytes;
use gateway_queue_service::{Config, Running};
use http_body_util::{BodyExt, Empty, Full};
use hyper::{Request, StatusCode};
use hyper_util::{
    client::legacy::{Client, connect::HttpConnector},
    rt::TokioExecutor,
};
use std::{
    sync::{Arc, Mutex},
    time::Duration,
};
use tokio::time::Instant;
use twilight_gateway_queue::{Enqueued, Queue};
use twilight_mock::{Mock, MockConfig, config::SessionStartLimit};

pub const TOKEN: &str = "queue-test-token";
pub const SECRET: &str = "queue-test-secret";

/// A local Discord with these limits, `time_scale` times faster.
pub async fn mock(max_concurrency: u32, total: u32, remaining: u32, time_scale: f64) -> Mock {
    Mock::start(mock_config(max_concurrency, total, remaining, time_scale))
        .await
        .unwrap()
}

/// The configuration [`mock`] starts.
pub fn mock_config(
    max_concurrency: u32,
    total: u32,
    remaining: u32,
    time_scale: f64,
) -> MockConfig {
    MockConfig {
        token: TOKEN.to_owned(),
        time_scale,
        session_start_limit: SessionStartLimit {
            total,
            remaining,
            reset_after: Duration::from_secs(24 * 60 * 60),
            max_concurrency,
        },
        ..MockConfig::default()
    }
}

/// The `host:port` of the mock's REST server, for --discord-proxy.
pub fn rest_host(mock: &Mock) -> String {
    mock.rest_url()
        .trim_start_matches("http://")
        .trim_end_matches("/api/v10")
        .to_owned()
}

/// The flags of a service on an ephemeral loopback port with `SECRET`,
/// plus `extra`.
pub fn config(extra: &[&str]) -> Config {
    let mut args = vec![
        "gateway-queue-service",
        "--listen",
        "127.0.0.1:0",
        "--secret",
        SECRET,
    ];
    args.extend_from_slice(extra);
    Config::try_parse_args(args).unwrap()
}

/// The flags of a service whose limits come from `mock`.
pub fn config_for(mock: &Mock, extra: &[&str]) -> Config {
    let host = rest_host(mock);
    let mut args = vec![
        "--token",
        TOKEN,
        "--discord-proxy",
        host.as_str(),
        "--discord-proxy-http",
    ];
    args.extend_from_slice(extra);
    config(&args)
}

pub async fn start(config: Config) -> Running {
    gateway_queue_service::start(config).await.unwrap()
}

/// A plain HTTP client (each clone shares its pool).
pub fn client() -> Client<HttpConnector, Full<Bytes>> {
    Client::builder(TokioExecutor::new()).build_http()
}

/// A request and its answer: status and JSON body (Null if not JSON).
pub async fn call(
    method: &str,
    url: &str,
    secret: Option<&str>,
    body: Option<&str>,
) -> (StatusCode, serde_json::Value) {
    let mut request = Request::builder().method(method).uri(url);
    if let Some(secret) = secret {
        request = request.header("authorization", format!("Bearer {secret}"));
    }
    let request = request
        .body(Full::new(Bytes::from(body.unwrap_or("").to_owned())))
        .unwrap();
    let response = client().request(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let value = serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null);
    (status, value)
}

pub async fn get(url: &str, secret: Option<&str>) -> (StatusCode, serde_json::Value) {
    call("GET", url, secret, None).await
}

/// The `/metrics` text.
pub async fn metrics_text(base: &str) -> String {
    let request = Request::get(format!("{base}/metrics"))
        .body(Empty::<Bytes>::new())
        .unwrap();
    let client: Client<HttpConnector, Empty<Bytes>> =
        Client::builder(TokioExecutor::new()).build_http();
    let response = client.request(request).await.unwrap();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// The value of the metric line starting with `prefix` (summed over
/// matching lines).
pub fn metric(text: &str, prefix: &str) -> f64 {
    text.lines()
        .filter(|line| line.starts_with(prefix))
        .filter_map(|line| line.rsplit(' ').next()?.parse::<f64>().ok())
        .sum()
}

/// A queue that records when each shard was let through.
#[derive(Clone)]
pub struct Recording<Q> {
    pub inner: Q,
    pub grants: Arc<Mutex<Vec<(u32, Instant)>>>,
}

impl<Q> Recording<Q> {
    pub fn new(inner: Q, grants: Arc<Mutex<Vec<(u32, Instant)>>>) -> Self {
        Self { inner, grants }
    }
}

impl<Q: Queue> Queue for Recording<Q> {
    fn enqueue(&self, shard: u32, total: u32) -> Enqueued {
        let turn = self.inner.enqueue(shard, total);
        let grants = Arc::clone(&self.grants);
        Box::pin(async move {
            turn.await;
            grants.lock().unwrap().push((shard, Instant::now()));
        })
    }
}

/// Runs each shard of `shards` (of `total`) against `mock` through `queue`
/// until READY; returns when all are.
pub async fn run_shards(
    mock: &Mock,
    shards: impl IntoIterator<Item = u32>,
    total: u32,
    queue: Arc<dyn Queue>,
) {
    use twilight_gateway::{Config as ShardConfig, EventTypeFlags, Shard};
    use twilight_model::gateway::ShardId;
    use twilight_model::gateway::{Intents, event::Event};
    let mut tasks = tokio::task::JoinSet::new();
    for shard in shards {
        let config = ShardConfig::builder(TOKEN.to_owned(), Intents::GUILDS)
            .gateway_url(mock.gateway_url())
            .queue(Arc::clone(&queue))
            .build();
        tasks.spawn(async move {
            let mut shard = Shard::new(ShardId::new(shard, total).unwrap(), config);
            while let Some(item) = shard.next_event(EventTypeFlags::READY).await {
                if let Ok(Event::Ready(_)) = item {
                    return;
                }
            }
            panic!("shard {} ended before READY", shard.id());
        });
    }
    while let Some(result) = tasks.join_next().await {
        result.unwrap();
    }
}

/// The service binary running as a child process, with the grants it
/// logged (read from its JSON log: the instant it decided, in its own
/// process).
pub struct Child {
    pub process: std::process::Child,
    pub url: String,
    /// `(shard, seconds since midnight UTC)` of each "turn granted" line.
    pub grants: Arc<Mutex<Vec<(u32, f64)>>>,
    /// The same for each "turn asked" line.
    pub asks: Arc<Mutex<Vec<(u32, f64)>>>,
    /// `(shard, ticket)` of each "turn asked" line that has a ticket (the
    /// in-memory store's order of arrival).
    pub tickets: Arc<Mutex<Vec<(u32, u64)>>>,
    /// Every line it wrote to stderr (its log).
    pub log: Arc<Mutex<String>>,
}

impl Child {
    /// Starts `gateway-queue-service` with `--listen 127.0.0.1:0 --secret
    /// SECRET --log-format json`, debug logs of its grants, and `extra`.
    pub fn spawn(extra: &[&str]) -> Self {
        use std::io::{BufRead, BufReader};
        use std::process::{Command, Stdio};
        let mut process = Command::new(env!("CARGO_BIN_EXE_gateway-queue-service"))
            .args([
                "--listen",
                "127.0.0.1:0",
                "--secret",
                SECRET,
                "--log-format",
                "json",
            ])
            .args(["--log", "warn,gateway_queue_service=debug"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(process.stdout.take().unwrap());
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        let url = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .to_owned();
        let grants = Arc::new(Mutex::new(Vec::new()));
        let stderr = BufReader::new(process.stderr.take().unwrap());
        let sink = Arc::clone(&grants);
        let asks = Arc::new(Mutex::new(Vec::new()));
        let ask_sink = Arc::clone(&asks);
        let log = Arc::new(Mutex::new(String::new()));
        let tickets = Arc::new(Mutex::new(Vec::new()));
        let ticket_sink = Arc::clone(&tickets);
        let log_sink = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in stderr.lines() {
                let Ok(line) = line else { break };
                {
                    let mut log = log_sink.lock().unwrap();
                    log.push_str(&line);
                    log.push('\n');
                }
                let Ok(value) = serde_json::from_str::<serde_json::Value>(&line) else {
                    eprintln!("service: {line}");
                    continue;
                };
                let into = match value["fields"]["message"].as_str() {
                    Some("turn granted") => &sink,
                    Some("turn asked") => &ask_sink,
                    _ => {
                        if value["level"] == "WARN" || value["level"] == "ERROR" {
                            eprintln!("service: {line}");
                        }
                        continue;
                    }
                };
                let shard = value["fields"]["shard"].as_u64().unwrap();
                if let Some(ticket) = value["fields"]["ticket"].as_u64() {
                    ticket_sink
                        .lock()
                        .unwrap()
                        .push((u32::try_from(shard).unwrap(), ticket));
                }
                let at = seconds_of_day(value["timestamp"].as_str().unwrap());
                into.lock()
                    .unwrap()
                    .push((u32::try_from(shard).unwrap(), at));
            }
        });
        Self {
            process,
            url,
            grants,
            asks,
            tickets,
            log,
        }
    }

    pub fn kill(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

impl Drop for Child {
    fn drop(&mut self) {
        self.kill();
    }
}

/// `2026-12-03T13:40:38.123456Z` → seconds since that day's midnight.
fn seconds_of_day(timestamp: &str) -> f64 {
    let time = timestamp.split('T').nth(1).unwrap().trim_end_matches('Z');
    let mut parts = time.split(':');
    let hours: f64 = parts.next().unwrap().parse().unwrap();
    let minutes: f64 = parts.next().unwrap().parse().unwrap();
    let seconds: f64 = parts.next().unwrap().parse().unwrap();
    hours * 3600.0 + minutes * 60.0 + seconds
}

/// Deletes every key a test's instances left under `prefix` (the limits,
/// the daily count and the sequence have no expiry).
pub async fn clean_redis(url: &str, prefix: &str) {
    let client = redis::Client::open(url).unwrap();
    let mut connection = client.get_multiplexed_async_connection().await.unwrap();
    let keys: Vec<String> = redis::cmd("KEYS")
        .arg(format!("{prefix}*"))
        .query_async(&mut connection)
        .await
        .unwrap();
    if !keys.is_empty() {
        let _: () = redis::cmd("DEL")
            .arg(&keys)
            .query_async(&mut connection)
            .await
            .unwrap();
    }
}
