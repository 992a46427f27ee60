//! The gateway queue service's costs, with the service in its own process
//! (so that its CPU and memory are its own, not the load generator's):
//!
//! - turns per second one instance grants, and its CPU time per granted
//!   turn, with the window set to zero (`--window-ms 0`): the cost of the
//!   service itself, not of Discord's limits;
//! - the memory held by 10,000 shards waiting at once (each holds its
//!   connection, as the protocol says).
//!
//! `cargo bench -p gateway-queue-service --bench service`: the in-memory
//! rows, and the Redis row when Redis answers at `REDIS_URL` (default
//! 127.0.0.1:6379).

use bytes::Bytes;
use http_body_util::{BodyExt, Empty};
use hyper::Request;
use hyper_util::{client::legacy::Client, rt::TokioExecutor};
use std::{
    io::{BufRead, BufReader},
    process::{Child, Command, Stdio},
    sync::Arc,
    time::{Duration, Instant},
};

const SECRET: &str = "bench-secret";

fn spawn(extra: &[&str]) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gateway-queue-service"))
        .args([
            "--listen",
            "127.0.0.1:0",
            "--secret",
            SECRET,
            "--log",
            "error",
        ])
        .args(["--total", "4000000000", "--max-waiting", "1000000"])
        .args(extra)
        .stdout(Stdio::piped())
        .spawn()
        .expect("the service binary starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line.trim().trim_start_matches("listening on ").to_owned();
    (child, url)
}

/// User + system CPU time of a process, from /proc.
fn cpu(pid: u32) -> Duration {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    let after = &stat[stat.rfind(')').unwrap() + 2..];
    let fields: Vec<&str> = after.split(' ').collect();
    let ticks: u64 = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
    // The kernel's USER_HZ is 100 on Linux.
    Duration::from_millis(ticks * 10)
}

/// Resident memory of a process in KiB.
fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|value| value.trim().trim_end_matches(" kB").trim().parse().ok())
        .unwrap()
}

async fn throughput(label: &str, extra: &[&str], turns: u32, clients: u32) {
    let (mut child, url) = spawn(extra);
    let client: Client<_, Empty<Bytes>> = Client::builder(TokioExecutor::new()).build_http();
    let client = Arc::new(client);
    let cpu_before = cpu(child.id());
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for worker in 0..clients {
        let client = Arc::clone(&client);
        let url = url.clone();
        tasks.spawn(async move {
            let mut shard = worker;
            while shard < turns {
                let request = Request::get(format!("{url}/enqueue?shard={shard}&total={turns}"))
                    .header("authorization", format!("Bearer {SECRET}"))
                    .body(Empty::new())
                    .unwrap();
                let response = client.request(request).await.unwrap();
                assert!(response.status().is_success());
                response.into_body().collect().await.unwrap();
                shard += clients;
            }
        });
    }
    while let Some(result) = tasks.join_next().await {
        result.unwrap();
    }
    let elapsed = started.elapsed();
    let used = cpu(child.id()) - cpu_before;
    println!(
        "{label}: {turns} turns over {clients} connections in {elapsed:.2?}: {:.0} turns/s, \
         {:.1} µs of service CPU per turn",
        f64::from(turns) / elapsed.as_secs_f64(),
        used.as_secs_f64() * 1e6 / f64::from(turns),
    );
    let _ = child.kill();
    let _ = child.wait();
}

async fn memory(label: &str, extra: &[&str], shards: u32) {
    let (mut child, url) = spawn(extra);
    let pid = child.id();
    let before = rss_kib(pid);
    // One connection per waiting shard, as ServiceQueue does.
    let client: Client<_, Empty<Bytes>> = Client::builder(TokioExecutor::new())
        .pool_max_idle_per_host(0)
        .build_http();
    let client = Arc::new(client);
    let mut tasks = tokio::task::JoinSet::new();
    for shard in 0..shards {
        let client = Arc::clone(&client);
        let url = url.clone();
        tasks.spawn(async move {
            let request = Request::get(format!("{url}/enqueue?shard={shard}&total={shards}"))
                .header("authorization", format!("Bearer {SECRET}"))
                .body(Empty::new())
                .unwrap();
            let _ = client.request(request).await;
        });
    }
    // Wait until all of them wait (the metric counts them).
    let metrics = format!("{url}/metrics");
    loop {
        tokio::time::sleep(Duration::from_millis(200)).await;
        let response = client
            .request(Request::get(&metrics).body(Empty::new()).unwrap())
            .await
            .unwrap();
        let text = response.into_body().collect().await.unwrap().to_bytes();
        let text = String::from_utf8_lossy(&text);
        let waiting: f64 = text
            .lines()
            .filter(|line| line.starts_with("gateway_queue_waiting{"))
            .filter_map(|line| line.rsplit(' ').next()?.parse::<f64>().ok())
            .sum();
        if waiting + 1.0 >= f64::from(shards) {
            break;
        }
    }
    let after = rss_kib(pid);
    println!(
        "{label}: {shards} shards waiting hold {} KiB more ({:.2} KiB each; {before} KiB before)",
        after - before,
        (after - before) as f64 / f64::from(shards)
    );
    let _ = child.kill();
    let _ = child.wait();
    tasks.abort_all();
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let fast = ["--window-ms", "0", "--max-concurrency", "16"];
        throughput("memory", &fast, 50_000, 64).await;
        memory(
            "memory",
            &["--window-ms", "600000", "--max-concurrency", "1"],
            10_000,
        )
        .await;
        let redis = std::env::var("REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into());
        if std::net::TcpStream::connect(redis.trim_start_matches("redis://")).is_ok() {
            let prefix = format!("bench:{}:", std::process::id());
            let mut args = fast.to_vec();
            args.extend(["--redis", &redis, "--redis-prefix", &prefix]);
            throughput("redis", &args, 20_000, 64).await;
            // The keys without expiry (limits, daily count, sequence).
            let _ = Command::new("redis-cli")
                .args(["-u", &redis, "DEL"])
                .args(["limits", "daily", "seq"].map(|key| format!("{prefix}default:{key}")))
                .stdout(Stdio::null())
                .status();
        } else {
            println!("redis: skipped, not reachable at {redis}");
        }
    });
}
