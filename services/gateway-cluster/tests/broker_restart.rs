//! The broker itself restarts: each test runs its own broker process on a
//! free port with its data on disk (Redis with AOF and `appendfsync
//! always`, NATS with JetStream's file store), kills it with SIGKILL while
//! the cluster forwards a numbered stream, starts it again on the same port
//! and data directory, and checks that every event reached the consumer,
//! exactly once after de-duplication by stable id. Sessions stay in the
//! shared Redis (under a unique prefix).

mod common;

use common::*;
use futures_util::StreamExt;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;
use tokio::process::{Child, Command};
use twilight_mock::gateway::NumberedStream;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restarted_redis_loses_nothing() {
    a_restarted_broker_loses_nothing(Kind::Redis).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restarted_nats_loses_nothing() {
    a_restarted_broker_loses_nothing(Kind::Nats).await;
}

/// The event count: `BROKER_RESTART_TEST_EVENTS`, else 20,000.
fn events() -> u64 {
    std::env::var("BROKER_RESTART_TEST_EVENTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(20_000)
}

async fn a_restarted_broker_loses_nothing(kind: Kind) {
    let Some(binary) = require_binary(kind) else {
        return;
    };
    let Some(session_redis) = service_support::testing::require_redis().await else {
        return;
    };
    let mut broker = BrokerProcess::start(kind, binary).await;
    let env = Env {
        kind,
        broker_url: broker.url(),
        redis: session_redis,
    };
    let count = events();
    let mock = mock().await;
    let app = env.app("restart");
    let cluster = Cluster::start(&ClusterArgs::new(&env, &mock, &app, (0, 2, 2))).await;
    mock.wait_for_identifies(2).await;
    let collector = tokio::spawn({
        let (env, app) = (env.clone(), app.name.clone());
        async move { collect(&env, &app, count, Duration::from_secs(120)).await }
    });
    let driver = mock.spawn_numbered_stream(NumberedStream {
        guilds: guilds(2),
        count,
        per_second: 4000,
    });
    while driver.sent() < count / 3 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    broker.kill().await;
    let killed_at = driver.sent();
    tokio::time::sleep(Duration::from_secs(1)).await;
    broker.restart().await;
    assert_eq!(driver.finished().await, count);

    let received = collector.await.unwrap();
    assert!(killed_at < count, "the broker was killed mid-stream");
    assert_eq!(received.missing(count), Vec::<u64>::new(), "events lost");
    assert_eq!(received.stable_ids.len() as u64, count);
    // Nothing forced the cluster to start sessions over.
    assert_eq!(identified_shards(&mock).len(), 2);
    println!(
        "{count} events, {} killed after {killed_at}: {} deliveries, {} duplicates removed",
        kind.flag(),
        received.deliveries,
        received.deliveries as u64 - count
    );
    assert!(cluster.terminate().await.success());
}

/// The broker's server binary, or `None` when the test is skipped (in CI,
/// `CI=true`, a missing binary fails the test).
fn require_binary(kind: Kind) -> Option<PathBuf> {
    let name = match kind {
        Kind::Redis => "redis-server",
        Kind::Nats => "nats-server",
    };
    let path = std::env::var_os("PATH").unwrap_or_default();
    let found = std::env::split_paths(&path)
        .chain(["/usr/bin", "/usr/sbin", "/usr/local/bin"].map(PathBuf::from))
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file());
    if found.is_none() {
        assert!(
            !std::env::var("CI").is_ok_and(|ci| ci == "true"),
            "{name} is required in CI (on PATH, /usr/bin or /usr/sbin) for the broker restart test"
        );
        println!("skipped: {name} not found on PATH, /usr/bin or /usr/sbin");
    }
    found
}

/// A broker server of this test alone, on a free port, its data in a
/// directory removed when it drops.
struct BrokerProcess {
    kind: Kind,
    binary: PathBuf,
    port: u16,
    dir: PathBuf,
    child: Option<Child>,
}

impl BrokerProcess {
    async fn start(kind: Kind, binary: PathBuf) -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let dir = std::env::temp_dir().join(unique_app(&format!("broker-restart-{}", kind.flag())));
        std::fs::create_dir_all(&dir).unwrap();
        let mut broker = Self {
            kind,
            binary,
            port,
            dir,
            child: None,
        };
        broker.spawn().await;
        broker
    }

    fn url(&self) -> String {
        format!("{}://127.0.0.1:{}", self.kind.flag(), self.port)
    }

    async fn spawn(&mut self) {
        let port = self.port.to_string();
        let dir = path_arg(&self.dir);
        let mut command = Command::new(&self.binary);
        match self.kind {
            // AOF with an fsync per write: what Redis acknowledged is on
            // disk before the reply, so it survives the kill.
            Kind::Redis => command.args([
                "--port",
                &port,
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
                "--dir",
                &dir,
            ]),
            Kind::Nats => command.args([
                "-a",
                "127.0.0.1",
                "-p",
                &port,
                "-js",
                "-sd",
                &dir,
                "-l",
                &path_arg(&self.dir.join("nats.log")),
            ]),
        };
        let child = command
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .expect("the broker server starts");
        self.child = Some(child);
        self.wait_ready().await;
    }

    /// Waits until the server answers (Redis: `PING` after loading its
    /// AOF; NATS: a JetStream request).
    async fn wait_ready(&self) {
        let url = self.url();
        let kind = self.kind;
        tokio::time::timeout(Duration::from_secs(30), async {
            loop {
                let ready = match kind {
                    Kind::Redis => redis_ready(&url).await,
                    Kind::Nats => nats_ready(&url).await,
                };
                if ready {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        })
        .await
        .unwrap_or_else(|_| panic!("{url} answers within 30 s"));
    }

    /// SIGKILL: nothing is flushed, nothing is closed.
    async fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().await.unwrap();
        }
    }

    /// Starts the server again on the same port and data directory.
    async fn restart(&mut self) {
        self.kill().await;
        self.spawn().await;
    }
}

impl Drop for BrokerProcess {
    fn drop(&mut self) {
        if let Some(child) = &mut self.child {
            let _ = child.start_kill();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn path_arg(path: &Path) -> String {
    path.to_str()
        .expect("a UTF-8 temporary directory")
        .to_owned()
}

async fn redis_ready(url: &str) -> bool {
    let Ok(client) = redis::Client::open(url) else {
        return false;
    };
    let Ok(Ok(mut connection)) = tokio::time::timeout(
        Duration::from_secs(1),
        client.get_multiplexed_async_connection(),
    )
    .await
    else {
        return false;
    };
    // LOADING until the AOF is read back.
    redis::cmd("PING")
        .query_async::<String>(&mut connection)
        .await
        .is_ok()
}

async fn nats_ready(url: &str) -> bool {
    let Ok(Ok(client)) =
        tokio::time::timeout(Duration::from_secs(1), async_nats::connect(url)).await
    else {
        return false;
    };
    // JetStream answers once it has recovered its streams.
    let context = async_nats::jetstream::new(client);
    let mut names = context.stream_names();
    matches!(
        tokio::time::timeout(Duration::from_secs(1), names.next()).await,
        Ok(None | Some(Ok(_)))
    )
}
