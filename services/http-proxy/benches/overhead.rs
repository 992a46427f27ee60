//! What the proxy costs, beside direct requests to the local Discord in the
//! same run: requests per second and CPU per request through one instance,
//! and the latency it adds at 1,000 and 2,000 requests per second.
//!
//! The mock's global limit is raised (as Discord raises it for large bots)
//! and requests spread over 1,024 channels, so no limit binds: what is
//! measured is the proxy's own work. The proxy runs on a runtime of its own
//! thread, the mock and the load share another (two threads for two cores,
//! so that neither path waits for a core more than the other); the proxy's
//! CPU time is read from its threads' `/proc/self/task/*/schedstat`
//! (Linux).
//!
//! Beside it, on the same thread and connections, a bare forwarder: hyper's
//! server and pooled client passing each request and response through with
//! nothing else (no auth, routes, limiter, metrics). Its CPU per request is
//! the floor any hyper-based proxy pays; the proxy's own work is the rest.
//!
//! ```text
//! cargo bench -p http-proxy-service --bench overhead
//! ```

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use http_proxy_service::{ClientAuth, Config, Proxy};
use hyper::{Request, Response, body::Incoming, server::conn::http1, service::service_fn};
use hyper_util::{
    client::legacy::{Client, connect::HttpConnector},
    rt::TokioExecutor,
};
use service_support::Shutdown;
use std::{
    sync::Arc,
    time::{Duration, Instant},
};
use twilight_http_ratelimiting::store::Limits;
use twilight_mock::{Mock, MockConfig, fixtures::Fixtures};

const TOKEN: &str = "bench-token";
const CHANNELS: usize = 1_024;
const CONCURRENCY: usize = 32;
const THROUGHPUT_REQUESTS: usize = 30_000;

type Http = Client<HttpConnector, Full<Bytes>>;

fn runtime(name: &str) -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .thread_name(name)
        .enable_all()
        .build()
        .unwrap()
}

/// CPU time of the threads named `name`, from the kernel's schedstat.
fn cpu(name: &str) -> Duration {
    let mut total = 0_u64;
    for task in std::fs::read_dir("/proc/self/task")
        .into_iter()
        .flatten()
        .flatten()
    {
        let path = task.path();
        let comm = std::fs::read_to_string(path.join("comm")).unwrap_or_default();
        if comm.trim() != name {
            continue;
        }
        let stat = std::fs::read_to_string(path.join("schedstat")).unwrap_or_default();
        total += stat
            .split_whitespace()
            .next()
            .and_then(|ns| ns.parse::<u64>().ok())
            .unwrap_or(0);
    }
    Duration::from_nanos(total)
}

fn http() -> Http {
    let mut connector = HttpConnector::new();
    connector.set_nodelay(true);
    Client::builder(TokioExecutor::new())
        .pool_max_idle_per_host(256)
        .build(connector)
}

async fn one(http: &Http, base: &str, channel: u64) -> Duration {
    let request = Request::get(format!("{base}/channels/{channel}/messages?limit=1"))
        .header("authorization", format!("Bot {TOKEN}"))
        .body(Full::default())
        .unwrap();
    let started = Instant::now();
    let response = http.request(request).await.unwrap();
    assert_eq!(response.status(), 200);
    response.into_body().collect().await.unwrap();
    started.elapsed()
}

/// Closed loop: `CONCURRENCY` workers, `total` requests; requests/s.
async fn throughput(http: &Http, base: &str, channels: &Arc<Vec<u64>>, total: usize) -> f64 {
    let started = Instant::now();
    let mut workers = Vec::new();
    for worker in 0..CONCURRENCY {
        let (http, base, channels) = (http.clone(), base.to_owned(), Arc::clone(channels));
        workers.push(tokio::spawn(async move {
            for n in (worker..total).step_by(CONCURRENCY) {
                one(&http, &base, channels[n % channels.len()]).await;
            }
        }));
    }
    for worker in workers {
        worker.await.unwrap();
    }
    total as f64 / started.elapsed().as_secs_f64()
}

/// Open loop at `rate` per second for `seconds`: sorted latencies.
async fn at_rate(
    http: &Http,
    base: &str,
    channels: &Arc<Vec<u64>>,
    rate: u32,
    seconds: u32,
) -> Vec<Duration> {
    let started = tokio::time::Instant::now();
    let every = Duration::from_secs(1) / rate;
    let mut tasks = Vec::new();
    for n in 0..rate * seconds {
        tokio::time::sleep_until(started + every * n).await;
        let (http, base, channels) = (http.clone(), base.to_owned(), Arc::clone(channels));
        tasks.push(tokio::spawn(async move {
            one(&http, &base, channels[n as usize % channels.len()]).await
        }));
    }
    let mut latencies = Vec::new();
    for task in tasks {
        latencies.push(task.await.unwrap());
    }
    latencies.sort();
    latencies
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 * p) as usize).min(sorted.len() - 1)]
}

/// Serves a forwarder to `upstream` with nothing but hyper in the way.
async fn bare_forwarder(upstream: String) -> std::net::SocketAddr {
    type Body = http_body_util::combinators::BoxBody<Bytes, hyper::Error>;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let client: Client<HttpConnector, Body> = Client::builder(TokioExecutor::new())
        .pool_max_idle_per_host(256)
        .build(HttpConnector::new());
    let upstream: Arc<str> = upstream.into();
    tokio::spawn(async move {
        loop {
            let (stream, _) = listener.accept().await.unwrap();
            stream.set_nodelay(true).unwrap();
            let (client, upstream) = (client.clone(), Arc::clone(&upstream));
            let service = service_fn(move |request: Request<Incoming>| {
                let (client, upstream) = (client.clone(), Arc::clone(&upstream));
                async move {
                    let (mut parts, body) = request.into_parts();
                    let path = parts.uri.path_and_query().map_or("/", |pq| pq.as_str());
                    parts.uri = format!("{upstream}{path}").parse().unwrap();
                    parts.headers.remove(hyper::header::HOST);
                    let response = client
                        .request(Request::from_parts(parts, body.boxed()))
                        .await
                        .unwrap();
                    Ok::<_, hyper::Error>(response.map(BodyExt::boxed) as Response<Body>)
                }
            });
            tokio::spawn(async move {
                let io = hyper_util::rt::TokioIo::new(stream);
                let _ = http1::Builder::new().serve_connection(io, service).await;
            });
        }
    });
    address
}

fn main() {
    let world_rt = runtime("bench-world");
    let proxy_rt = runtime("bench-proxy");

    let config = MockConfig {
        token: TOKEN.to_owned(),
        global_rate_limit: 1_000_000,
        fixtures: Fixtures::generate(16, 1, 90),
        ..MockConfig::default()
    };
    let channels: Vec<u64> = config
        .fixtures
        .guilds
        .iter()
        .flat_map(|guild| &guild.channels)
        .filter(|channel| channel.kind == 0)
        .map(|channel| channel.id.get())
        .take(CHANNELS)
        .collect();
    let channels = Arc::new(channels);
    let mock: Mock = world_rt.block_on(Mock::start(config)).unwrap();
    mock.rest()
        .set_route_limit("messages.read", 1_000_000, Duration::from_secs(1));
    let direct = mock.rest_url();
    let upstream = direct.trim_end_matches("/api/v10").to_owned();
    let upstream_for_bare = upstream.clone();

    let shutdown = Shutdown::new();
    let address = proxy_rt.block_on(async {
        let proxy = Proxy::new(Config {
            upstream,
            auth: ClientAuth {
                open: true,
                ..ClientAuth::default()
            },
            limits: Limits {
                global_limit: 1_000_000,
                ..Limits::default()
            },
            ..Config::default()
        })
        .await
        .unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        tokio::spawn(proxy.serve(listener, shutdown.clone()));
        address
    });
    let proxied = format!("http://{address}/api/v10");
    let bare_address = proxy_rt.block_on(bare_forwarder(upstream_for_bare.clone()));
    let bare = format!("http://{bare_address}/api/v10");
    println!("{} channels, {CONCURRENCY} connections", channels.len());

    world_rt.block_on(async {
        let http = http();
        // Warm up both paths (connections, the proxy's buckets).
        throughput(&http, &direct, &channels, 4_000).await;
        throughput(&http, &proxied, &channels, 4_000).await;
        throughput(&http, &bare, &channels, 4_000).await;

        let direct_rps = throughput(&http, &direct, &channels, THROUGHPUT_REQUESTS).await;
        let (proxy_before, world_before) = (cpu("bench-proxy"), cpu("bench-world"));
        let proxied_rps = throughput(&http, &proxied, &channels, THROUGHPUT_REQUESTS).await;
        let proxy_cpu = cpu("bench-proxy") - proxy_before;
        let world_cpu = cpu("bench-world") - world_before;
        let per = |cpu: Duration| cpu.as_secs_f64() * 1e6 / THROUGHPUT_REQUESTS as f64;
        let bare_before = cpu("bench-proxy");
        let bare_rps = throughput(&http, &bare, &channels, THROUGHPUT_REQUESTS).await;
        let bare_cpu = cpu("bench-proxy") - bare_before;
        println!("throughput (closed loop): direct {direct_rps:.0} req/s, through the proxy {proxied_rps:.0} req/s");
        println!(
            "CPU per request: proxy {:.1} µs (the mock and the load together {:.1} µs)",
            per(proxy_cpu),
            per(world_cpu)
        );
        println!(
            "bare hyper forwarder: {bare_rps:.0} req/s, {:.1} µs CPU per request (the floor of the proxy's {:.1} µs)",
            per(bare_cpu),
            per(proxy_cpu)
        );

        for rate in [1_000, 2_000] {
            let direct_latency = at_rate(&http, &direct, &channels, rate, 5).await;
            let proxied_latency = at_rate(&http, &proxied, &channels, rate, 5).await;
            let (d50, d99) = (percentile(&direct_latency, 0.5), percentile(&direct_latency, 0.99));
            let (p50, p99) = (percentile(&proxied_latency, 0.5), percentile(&proxied_latency, 0.99));
            println!(
                "at {rate} req/s: direct p50 {d50:?} p99 {d99:?}; through the proxy p50 {p50:?} p99 {p99:?}; \
                 added p50 {:?} p99 {:?}",
                p50.saturating_sub(d50),
                p99.saturating_sub(d99)
            );
        }
    });
    shutdown.trigger();
}
