//! What the cluster tests share: the real brokers (skipped outside CI when
//! missing), twilight-mock, cluster processes, a TCP proxy that can be cut,
//! and a consumer that collects the numbered stream.

#![allow(dead_code, unreachable_pub)]

use std::collections::{BTreeMap, HashSet};
use std::net::SocketAddr;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::process::{Child, Command};
use tokio::task::JoinHandle;
use twilight_gateway_broker::{
    CommandPublisher, Consumer, ConsumerConfig, Family, Layout, Retention, StableId,
    nats::NatsBroker, redis::RedisBroker,
};
use twilight_mock::{Mock, MockConfig};
use twilight_model::id::{Id, marker::GuildMarker};

pub const TOKEN: &str = "cluster-test-token";

/// Where NATS is expected: `NATS_URL`, else `nats://127.0.0.1:4222`.
pub fn nats_url() -> String {
    std::env::var("NATS_URL").unwrap_or_else(|_| "nats://127.0.0.1:4222".to_owned())
}

/// The NATS URL if a server accepts connections there; in CI (`CI=true`)
/// a missing server fails the test, elsewhere the test is skipped.
pub async fn require_nats() -> Option<String> {
    let url = nats_url();
    let host = url.trim_start_matches("nats://").to_owned();
    match tokio::time::timeout(Duration::from_secs(2), TcpStream::connect(&host)).await {
        Ok(Ok(_)) => Some(url),
        other => {
            let why = match other {
                Ok(Err(error)) => error.to_string(),
                _ => "timed out".to_owned(),
            };
            if std::env::var("CI").is_ok_and(|ci| ci == "true") {
                panic!("NATS (JetStream) is required in CI at {url}: {why}");
            }
            println!("skipped: NATS not reachable at {url}: {why}");
            None
        }
    }
}

/// The event broker a test runs on; sessions are in Redis either way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Nats,
    Redis,
}

impl Kind {
    /// The service's `--broker` value.
    pub const fn flag(self) -> &'static str {
        match self {
            Self::Nats => "nats",
            Self::Redis => "redis",
        }
    }
}

/// Where a test's cluster publishes and stores its sessions.
#[derive(Clone, Debug)]
pub struct Env {
    pub kind: Kind,
    /// The event broker's URL.
    pub broker_url: String,
    /// The session store (and, for [`Kind::Redis`], the broker too).
    pub redis: String,
}

/// The brokers `kind` needs, or `None` when the test is skipped.
pub async fn require(kind: Kind) -> Option<Env> {
    let redis = service_support::testing::require_redis().await?;
    let broker_url = match kind {
        Kind::Nats => require_nats().await?,
        Kind::Redis => redis.clone(),
    };
    Some(Env {
        kind,
        broker_url,
        redis,
    })
}

impl Env {
    /// This env with the event broker at `broker_url` instead.
    pub fn with_broker_url(&self, broker_url: String) -> Self {
        Self {
            broker_url,
            ..self.clone()
        }
    }

    /// A consumer of `app`'s events on the event broker.
    pub async fn consumer(&self, app: &str, config: ConsumerConfig) -> Box<dyn Consumer> {
        let layout = Layout::new(app).unwrap();
        match self.kind {
            Kind::Nats => Box::new(
                NatsBroker::connect(&self.broker_url, layout, &Retention::default())
                    .await
                    .unwrap()
                    .consumer(config)
                    .await
                    .unwrap(),
            ),
            Kind::Redis => Box::new(
                RedisBroker::connect(&self.broker_url, layout, Retention::default())
                    .await
                    .unwrap()
                    .consumer(config)
                    .await
                    .unwrap(),
            ),
        }
    }

    /// A sender of commands to `app`'s shards.
    pub async fn command_publisher(&self, app: &str) -> Box<dyn CommandPublisher> {
        let layout = Layout::new(app).unwrap();
        match self.kind {
            Kind::Nats => Box::new(
                NatsBroker::connect(&self.broker_url, layout, &Retention::default())
                    .await
                    .unwrap()
                    .command_publisher(),
            ),
            Kind::Redis => Box::new(
                RedisBroker::connect(&self.broker_url, layout, Retention::default())
                    .await
                    .unwrap()
                    .command_publisher(),
            ),
        }
    }

    /// A fresh app on this env, whose streams or keys (and session keys)
    /// are removed when the returned guard drops.
    pub fn app(&self, name: &str) -> App {
        App {
            env: self.clone(),
            name: unique_app(name),
            session_prefix: service_support::testing::unique_prefix("cluster"),
        }
    }
}

/// One test's application name and session prefix; dropping it removes
/// what the test left on the brokers, even after a failed assertion, so
/// repeated runs leave nothing behind on the shared servers.
pub struct App {
    env: Env,
    pub name: String,
    pub session_prefix: String,
}

impl Drop for App {
    fn drop(&mut self) {
        let Ok(layout) = Layout::new(&self.name) else {
            return;
        };
        tokio::task::block_in_place(|| {
            tokio::runtime::Handle::current().block_on(async {
                if self.env.kind == Kind::Nats
                    && let Ok(broker) =
                        NatsBroker::connect(&self.env.broker_url, layout, &Retention::default())
                            .await
                {
                    for family in [Family::Events, Family::Dead, Family::Commands] {
                        let stream = broker.layout().stream(family);
                        let _ = broker.context().delete_stream(stream).await;
                    }
                }
                let mut patterns = vec![format!("{}*", self.session_prefix)];
                if self.env.kind == Kind::Redis {
                    patterns.push(format!("discord.{}.*", self.name));
                }
                delete_keys(&self.env.redis, &patterns).await;
            });
        });
    }
}

/// Deletes the keys matching `patterns` (SCAN, not KEYS: the server is shared).
async fn delete_keys(url: &str, patterns: &[String]) {
    let Ok(client) = redis::Client::open(url) else {
        return;
    };
    let Ok(mut connection) = client.get_multiplexed_async_connection().await else {
        return;
    };
    for pattern in patterns {
        let mut cursor = 0_u64;
        loop {
            let Ok((next, keys)): Result<(u64, Vec<String>), _> = redis::cmd("SCAN")
                .arg(cursor)
                .arg("MATCH")
                .arg(pattern)
                .arg("COUNT")
                .arg(1000)
                .query_async(&mut connection)
                .await
            else {
                break;
            };
            if !keys.is_empty() {
                let _ = redis::cmd("UNLINK")
                    .arg(keys)
                    .query_async::<i64>(&mut connection)
                    .await;
            }
            if next == 0 {
                break;
            }
            cursor = next;
        }
    }
}

/// `host:port` of a `nats://` or `redis://` URL.
pub fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = rest.split('/').next().unwrap_or(rest);
    host.to_owned()
}

/// `url` pointing at `addr` instead (scheme and path kept).
pub fn with_host(url: &str, addr: SocketAddr) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let path = rest
        .split_once('/')
        .map_or(String::new(), |(_, path)| format!("/{path}"));
    format!("{scheme}://{addr}{path}")
}

/// An application name no other test run uses.
pub fn unique_app(name: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| since.as_nanos() % 1_000_000_000);
    format!("{name}{}n{nanos}", std::process::id())
}

/// A mock whose sessions keep every dispatch for a resume, and that lets
/// all shards identify at once.
pub async fn mock() -> Mock {
    let mut config = MockConfig {
        token: TOKEN.to_owned(),
        resume_buffer: 1_000_000,
        ..MockConfig::default()
    };
    config.session_start_limit.max_concurrency = 16;
    Mock::start(config).await.expect("mock starts")
}

/// One guild per shard of `total` (guild `i << 22` is on shard `i`).
pub fn guilds(total: u64) -> Vec<Id<GuildMarker>> {
    (0..total).map(|i| Id::new((i << 22) | 1)).collect()
}

/// How to start a cluster process.
#[derive(Clone, Debug)]
pub struct ClusterArgs {
    pub gateway_url: String,
    pub broker: Kind,
    pub broker_url: String,
    pub session_redis: String,
    pub session_prefix: String,
    pub app: String,
    pub shards: (u32, u32, u32),
}

impl ClusterArgs {
    /// Shards `[start, end)` of `total` of `app` on `env`, against `mock`.
    pub fn new(env: &Env, mock: &Mock, app: &App, shards: (u32, u32, u32)) -> Self {
        Self {
            gateway_url: mock.gateway_url(),
            broker: env.kind,
            broker_url: env.broker_url.clone(),
            session_redis: env.redis.clone(),
            session_prefix: app.session_prefix.clone(),
            app: app.name.clone(),
            shards,
        }
    }
}

/// A cluster process.
pub struct Cluster {
    pub child: Child,
    pub url: String,
}

impl Cluster {
    /// Starts `gateway-cluster-service` and waits for its listening line.
    pub async fn start(args: &ClusterArgs) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_gateway-cluster-service"))
            .env("DISCORD_TOKEN", TOKEN)
            .args(["--shard-start", &args.shards.0.to_string()])
            .args(["--shard-end", &args.shards.1.to_string()])
            .args(["--shard-total", &args.shards.2.to_string()])
            .args(["--gateway-url", &args.gateway_url])
            .args([
                "--broker",
                args.broker.flag(),
                "--broker-url",
                &args.broker_url,
            ])
            .args(["--session-redis", &args.session_redis])
            .args(["--session-prefix", &args.session_prefix])
            .args(["--app", &args.app])
            .args(["--max-concurrency", "16", "--listen", "127.0.0.1:0"])
            .args(["--log", "warn"])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .expect("the cluster binary starts");
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        let url = tokio::time::timeout(Duration::from_secs(30), async {
            while let Some(line) = lines.next_line().await.unwrap() {
                if let Some(url) = line.strip_prefix("listening on ") {
                    return url.to_owned();
                }
            }
            panic!("the cluster exited before listening");
        })
        .await
        .expect("the cluster listens within 30 s");
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        Self { child, url }
    }

    /// SIGKILL: nothing is flushed, nothing is closed.
    pub async fn kill(mut self) {
        self.child.kill().await.unwrap();
    }

    /// SIGTERM, and the exit status.
    pub async fn terminate(mut self) -> std::process::ExitStatus {
        let pid = self.child.id().unwrap();
        let status = std::process::Command::new("kill")
            .args(["-TERM", &pid.to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        tokio::time::timeout(Duration::from_secs(30), self.child.wait())
            .await
            .expect("exits within 30 s of SIGTERM")
            .unwrap()
    }
}

/// What the consumer received of the numbered stream.
#[derive(Debug, Default)]
pub struct Received {
    /// Deliveries of each number (before de-duplication).
    pub by_number: BTreeMap<u64, usize>,
    /// Distinct stable ids, and the number each carried.
    pub stable_ids: BTreeMap<StableId, u64>,
    pub deliveries: usize,
}

impl Received {
    /// Numbers in `0..count` never received.
    pub fn missing(&self, count: u64) -> Vec<u64> {
        (0..count)
            .filter(|n| !self.by_number.contains_key(n))
            .collect()
    }
}

/// Consumes the app's MESSAGE_CREATEs, acknowledging each, until every
/// number in `0..count` arrived or `timeout` passed. A broker error (the
/// broker away or restarting) is asked again after a pause; an event whose
/// ack failed comes again.
pub async fn collect(env: &Env, app: &str, count: u64, timeout: Duration) -> Received {
    let mut consumer = env
        .consumer(
            app,
            ConsumerConfig::new("checker", "checker-1").event_types(["MESSAGE_CREATE"]),
        )
        .await;
    let mut received = Received::default();
    let _ = tokio::time::timeout(timeout, async {
        while (received.by_number.len() as u64) < count {
            let delivery = match consumer.next().await {
                Ok(delivery) => delivery,
                Err(error) => {
                    println!("collect: {error}; asking again");
                    tokio::time::sleep(Duration::from_millis(200)).await;
                    continue;
                }
            };
            let value: serde_json::Value = serde_json::from_slice(delivery.payload()).unwrap();
            let number: u64 = value["d"]["content"].as_str().unwrap().parse().unwrap();
            received.deliveries += 1;
            *received.by_number.entry(number).or_default() += 1;
            if let Some(earlier) = received
                .stable_ids
                .insert(delivery.stable_id().clone(), number)
            {
                assert_eq!(earlier, number, "one stable id, two events");
            }
            if let Err(error) = delivery.ack().await {
                println!("collect: ack failed: {error}");
            }
        }
    })
    .await;
    received
}

/// A TCP proxy to `target` that can be cut (every connection dropped, the
/// port closed) and restored on the same port.
pub struct Proxy {
    pub addr: SocketAddr,
    target: String,
    tasks: Arc<Mutex<Vec<JoinHandle<()>>>>,
}

impl Proxy {
    pub async fn start(target: &str) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let proxy = Self {
            addr: listener.local_addr().unwrap(),
            target: target.to_owned(),
            tasks: Arc::default(),
        };
        proxy.serve(listener);
        proxy
    }

    fn serve(&self, listener: TcpListener) {
        let target = self.target.clone();
        let tasks = Arc::clone(&self.tasks);
        let accept = tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                let target = target.clone();
                let pipe = tokio::spawn(async move {
                    if let Ok(mut outbound) = TcpStream::connect(&target).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
                tasks.lock().unwrap().push(pipe);
            }
        });
        self.tasks.lock().unwrap().push(accept);
    }

    /// Drops every connection and stops listening.
    pub fn cut(&self) {
        for task in self.tasks.lock().unwrap().drain(..) {
            task.abort();
        }
    }

    /// Listens again on the same port.
    pub async fn restore(&self) {
        let listener = loop {
            match TcpListener::bind(self.addr).await {
                Ok(listener) => break listener,
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        };
        self.serve(listener);
    }
}

/// Shard numbers of the identifies in the mock's log.
pub fn identified_shards(mock: &Mock) -> Vec<[u32; 2]> {
    mock.identifies()
        .iter()
        .map(|record| record.shard)
        .collect()
}

/// Distinct shards (of `total`) whose sessions were resumed.
pub fn resumed_sessions(mock: &Mock) -> HashSet<String> {
    mock.resumes()
        .iter()
        .filter(|record| record.resumed)
        .map(|record| record.session_id.clone())
        .collect()
}
