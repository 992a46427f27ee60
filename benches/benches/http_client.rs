//! Requests through twilight-http to twilight-mock on loopback, without a
//! ratelimiter and with the in-memory one (limits set far above what is
//! sent, so the limiter's bookkeeping is measured, never a wait).
//!
//! The mock runs on its own runtime and threads; the client on a
//! current-thread runtime on the benchmark's thread, so the thread's CPU
//! time is the client's alone. After divan's figures, a summary prints
//! requests/s and client CPU time per request.
//!
//! Run with `cargo bench -p benchmarks --bench http_client`.

use divan::{Bencher, counter::ItemsCount};
use std::{
    sync::{Arc, OnceLock},
    time::{Duration, Instant},
};
use tokio::runtime::Runtime;
use twilight_http::{
    Client,
    marker::EmptyBody,
    request::{Endpoint, Method, Request},
};
use twilight_http_ratelimiting::{InMemoryRateLimiter, RateLimiter};
use twilight_mock::{Mock, MockConfig, fixtures::Fixtures};

const TOKEN: &str = "bench-token";
const BUCKETS: usize = 20;
const CONCURRENCY: usize = 100;

struct Server {
    url: String,
    channels: Vec<u64>,
    // Kept alive for the whole run.
    _mock: Mock,
    _runtime: Runtime,
}

/// One mock for every benchmark, on a runtime of its own.
fn server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("a runtime");
        let mock = runtime
            .block_on(Mock::start(MockConfig {
                token: TOKEN.to_owned(),
                global_rate_limit: u32::MAX,
                fixtures: Fixtures::generate(1, 2, 30),
                ..MockConfig::default()
            }))
            .expect("the mock starts");
        mock.rest()
            .set_route_limit("channel.get", u32::MAX, Duration::from_secs(1));
        let channels: Vec<u64> = mock
            .state()
            .list_guild_channels(mock.state().guild_ids()[0].get())
            .expect("the guild")
            .as_array()
            .expect("a list")
            .iter()
            .filter(|channel| channel["type"] == 0)
            .map(|channel| channel["id"].as_str().unwrap().parse().unwrap())
            .take(BUCKETS)
            .collect();
        Server {
            url: mock.rest_url(),
            channels,
            _mock: mock,
            _runtime: runtime,
        }
    })
}

fn client(limited: bool) -> Client {
    let limiter = limited.then(|| {
        Arc::new(
            InMemoryRateLimiter::builder()
                .global_limit(1_000_000)
                .build(),
        ) as Arc<dyn RateLimiter>
    });
    Client::builder()
        .token(TOKEN)
        .base_url(server().url.clone())
        .ratelimiter(limiter)
        .build()
}

fn client_runtime() -> Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
}

fn get_channel(channel_id: u64) -> Request {
    Request::new(
        Method::Get,
        format!("/channels/{channel_id}"),
        Endpoint::new(Method::Get, "/channels/{channel_id}").major(channel_id),
    )
}

/// `count` requests, `CONCURRENCY` at a time, spread over the buckets.
async fn burst(client: &Client, count: usize) {
    let channels = &server().channels;
    let mut sent = 0;
    while sent < count {
        let batch = CONCURRENCY.min(count - sent);
        let handles: Vec<_> = (sent..sent + batch)
            .map(|i| tokio::spawn(client.request::<EmptyBody>(get_channel(channels[i % BUCKETS]))))
            .collect();
        for handle in handles {
            handle
                .await
                .expect("no panic")
                .expect("the request succeeds");
        }
        sent += batch;
    }
}

fn main() {
    divan::main();
    // `cargo test` runs each benchmark once as a check; the summary's
    // 20,000 requests are for `cargo bench` (which passes --bench).
    if std::env::args().any(|arg| arg == "--bench") {
        summary();
    }
}

/// One request at a time: the latency of a request through the client.
#[divan::bench(args = [false, true], name = "sequential (limited?)")]
fn sequential(bencher: Bencher, limited: bool) {
    let runtime = client_runtime();
    let client = client(limited);
    runtime.block_on(burst(&client, BUCKETS));
    let channel = server().channels[0];
    bencher.counter(ItemsCount::new(1_usize)).bench_local(|| {
        runtime
            .block_on(client.request::<EmptyBody>(get_channel(channel)))
            .expect("the request succeeds")
    });
}

/// 100 requests in flight over 20 buckets: throughput.
#[divan::bench(args = [false, true], name = "concurrent_100 (limited?)")]
fn concurrent(bencher: Bencher, limited: bool) {
    let runtime = client_runtime();
    let client = client(limited);
    runtime.block_on(burst(&client, BUCKETS));
    bencher
        .counter(ItemsCount::new(CONCURRENCY))
        .bench_local(|| runtime.block_on(burst(&client, CONCURRENCY)));
}

/// Requests/s and the client's CPU time per request (its thread's user +
/// system time, from /proc), with and without the limiter.
fn summary() {
    const REQUESTS: usize = 20_000;
    for limited in [false, true] {
        let runtime = client_runtime();
        let client = client(limited);
        runtime.block_on(burst(&client, 1_000));
        let (cpu_before, wall_before) = (thread_cpu(), Instant::now());
        runtime.block_on(burst(&client, REQUESTS));
        let wall = wall_before.elapsed();
        let label = if limited {
            "in-memory limiter"
        } else {
            "no limiter"
        };
        match (cpu_before, thread_cpu()) {
            (Some(before), Some(after)) => eprintln!(
                "{label}: {REQUESTS} requests, {CONCURRENCY} in flight: {:.0} requests/s, \
                 client CPU {:.1} µs/request",
                REQUESTS as f64 / wall.as_secs_f64(),
                (after - before).as_secs_f64() * 1e6 / REQUESTS as f64
            ),
            _ => eprintln!(
                "{label}: {REQUESTS} requests: {:.0} requests/s (no /proc: CPU time unknown)",
                REQUESTS as f64 / wall.as_secs_f64()
            ),
        }
    }
}

/// This thread's CPU time (user + system), from /proc/thread-self/stat.
fn thread_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // Fields after the command name (which may hold spaces) in parentheses.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the whole line.
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    // The kernel's USER_HZ is 100 on every Linux port that matters.
    Some(Duration::from_millis(ticks * 10))
}
