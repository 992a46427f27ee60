//! One bot split into services, each a separate OS process, on the real
//! NATS (JetStream) and Redis this machine runs, against the local Discord:
//!
//! - the gateway queue service (one identify schedule),
//! - the HTTP proxy (one set of ratelimits),
//! - two gateway clusters (shards 0-1 and 2-3 of 4, events to NATS,
//!   sessions in Redis),
//! - two workers sharing a consumer group, answering every 200th message
//!   through the proxy.
//!
//! The local Discord (2,000 guilds) dispatches a numbered stream of
//! MESSAGE_CREATEs; a third of the way through, the second cluster is
//! killed with SIGKILL and started again, and must resume its shards; once
//! the second worker acknowledged 5,000 events it is killed with SIGKILL,
//! and what it had not acknowledged must reach the first. The demo ends
//! with a summary and exits 0 only if no event was lost, every event was
//! acknowledged by a worker, the restarted shards resumed without
//! IDENTIFY, every answer went through and Discord answered no 429.
//!
//! ```text
//! cargo run --release -p examples --bin services-demo
//! NATS_URL=nats://10.0.0.6:4222 REDIS_URL=redis://10.0.0.5:6379 cargo run -p examples --bin services-demo
//! ```
//!
//! Every process is this binary, started again with a role (`queue`,
//! `proxy`, `cluster`, `worker`) as its first argument, so one `cargo run`
//! builds them all.

use examples::BoxError;
use std::{
    collections::{BTreeMap, HashSet},
    process::{ExitCode, Stdio},
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};
use tokio::{
    io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader},
    net::TcpStream,
    process::{Child, Command},
};
use twilight_gateway_broker::{Consumer, ConsumerConfig, Layout, Retention, nats::NatsBroker};
use twilight_mock::{Mock, MockConfig, fixtures::Fixtures, gateway::NumberedStream};
use twilight_model::{
    gateway::event::Event,
    id::{Id, marker::ChannelMarker},
};

/// Events in the stream, and how many a second.
const EVENTS: u64 = 20_000;
const PER_SECOND: u32 = 2_000;

/// A worker answers every message whose number is a multiple of this.
const ANSWER_EVERY: u64 = 200;

/// The shards: two clusters of two.
const TOTAL: u32 = 4;

/// Bounds every wait: a guard against a hang, not a measure.
const GUARD: Duration = Duration::from_secs(120);

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let result = match args.get(1).map(String::as_str) {
        Some("queue") => roles::queue(&args[2..]).await,
        Some("proxy") => roles::proxy(&args[2..]).await,
        Some("cluster") => roles::cluster(&args[2..]).await,
        Some("worker") => roles::worker(&args[2..]).await,
        Some(other) => Err(format!("unknown role {other:?}").into()),
        None => demo().await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("services-demo: {error}");
            ExitCode::FAILURE
        }
    }
}

/// `NATS_URL`, else the local server.
fn nats_url() -> String {
    std::env::var("NATS_URL").unwrap_or_else(|_| "nats://127.0.0.1:4222".to_owned())
}

/// `REDIS_URL`, else the local server.
fn redis_url() -> String {
    std::env::var("REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".to_owned())
}

/// `host:port` of a `scheme://host:port[/...]` URL.
fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split('/').next().unwrap_or(rest)
}

/// Fails with a clear message when `name` does not accept connections.
async fn reachable(name: &str, url: &str) -> Result<(), BoxError> {
    match tokio::time::timeout(Duration::from_secs(3), TcpStream::connect(host_of(url))).await {
        Ok(Ok(_)) => Ok(()),
        Ok(Err(error)) => Err(format!("{name} is not reachable at {url}: {error}").into()),
        Err(_) => Err(format!("{name} did not answer at {url} within 3 s").into()),
    }
}

/// A service process: its child, its address, and the lines it printed
/// after the address.
struct Process {
    name: String,
    child: Child,
    url: String,
    lines: Arc<Mutex<Vec<String>>>,
    killed: bool,
}

impl Process {
    /// Starts this binary with `role` and `args`; waits for its
    /// `listening on <url>` line (a worker prints `ready`).
    /// The bot token goes in `DISCORD_TOKEN`, never on the command line
    /// (which any user of the machine can read).
    async fn start(name: &str, role: &str, args: &[String], token: &str) -> Result<Self, BoxError> {
        let mut child = Command::new(std::env::current_exe()?)
            .arg(role)
            .args(args)
            .env("DISCORD_TOKEN", token)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let mut reader = BufReader::new(stdout).lines();
        let url = tokio::time::timeout(GUARD, async {
            while let Some(line) = reader.next_line().await? {
                if let Some(url) = line.strip_prefix("listening on ") {
                    return Ok::<_, BoxError>(url.to_owned());
                }
                if line == "ready" {
                    return Ok(String::new());
                }
            }
            Err(format!("{role} exited before it was ready").into())
        })
        .await
        .map_err(|_| format!("{role} not ready within {GUARD:?}"))??;
        let lines = Arc::new(Mutex::new(Vec::new()));
        let kept = Arc::clone(&lines);
        tokio::spawn(async move {
            while let Ok(Some(line)) = reader.next_line().await {
                kept.lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .push(line);
            }
        });
        println!("started {name} (pid {})", child.id().unwrap_or(0));
        Ok(Self {
            name: name.to_owned(),
            child,
            url,
            lines,
            killed: false,
        })
    }

    /// The CPU time this process used so far (user + system), from
    /// `/proc` (Linux); `None` elsewhere.
    fn cpu(&self) -> Option<Duration> {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id()?)).ok()?;
        // Fields after the command name (which may hold spaces), from the
        // third: utime and stime are the 14th and 15th, in clock ticks.
        let after = stat.rsplit_once(')')?.1;
        let fields: Vec<&str> = after.split_whitespace().collect();
        let ticks: u64 =
            fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
        // 100 ticks a second on Linux.
        Some(Duration::from_millis(ticks * 10))
    }

    /// Every line it printed that starts with `prefix`.
    fn lines_with(&self, prefix: &str) -> Vec<String> {
        let lines = self
            .lines
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        lines
            .iter()
            .filter(|line| line.starts_with(prefix))
            .cloned()
            .collect()
    }

    /// SIGKILL: nothing is acknowledged, nothing is closed. What it
    /// printed stays readable.
    async fn kill(&mut self) -> Result<(), BoxError> {
        self.child.kill().await?;
        self.killed = true;
        Ok(())
    }

    /// SIGTERM, then the exit (nothing for a killed process).
    async fn stop(mut self) -> Result<(), BoxError> {
        if self.killed {
            return Ok(());
        }
        if let Some(pid) = self.child.id() {
            std::process::Command::new("kill")
                .args(["-TERM", &pid.to_string()])
                .status()?;
        }
        let status = tokio::time::timeout(GUARD, self.child.wait())
            .await
            .map_err(|_| format!("{} did not stop", self.name))??;
        if !status.success() {
            return Err(format!("{} exited with {status}", self.name).into());
        }
        Ok(())
    }
}

/// `GET path` of a service: the body.
async fn get(base: &str, path: &str) -> Result<String, BoxError> {
    let host = host_of(base);
    let mut stream = TcpStream::connect(host).await?;
    let head = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    stream.write_all(head.as_bytes()).await?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await?;
    let body = answer.split_once("\r\n\r\n").map_or("", |(_, body)| body);
    Ok(body.to_owned())
}

/// The flags of cluster `index` (shards `2 * index` and `2 * index + 1`).
fn cluster_args(index: u32, mock: &Mock, queue: &str, app: &str) -> Vec<String> {
    let start = index * 2;
    [
        "--shard-start",
        &start.to_string(),
        "--shard-end",
        &(start + 2).to_string(),
        "--shard-total",
        &TOTAL.to_string(),
        "--gateway-url",
        &mock.gateway_url(),
        "--queue-url",
        queue,
        "--broker",
        "nats",
        "--broker-url",
        &nats_url(),
        "--session-redis",
        &redis_url(),
        "--session-prefix",
        &format!("{app}:sessions:"),
        "--app",
        app,
        "--listen",
        "127.0.0.1:0",
        "--log",
        "warn",
    ]
    .map(str::to_owned)
    .to_vec()
}

async fn demo() -> Result<(), BoxError> {
    reachable("NATS (JetStream)", &nats_url()).await?;
    reachable("Redis", &redis_url()).await?;

    let fixtures = Fixtures::generate(2_000, 2, 2);
    let guilds: Vec<_> = fixtures.guilds.iter().map(|guild| guild.id).collect();
    // Text channels the workers answer in: one each of 40 guilds, so the
    // answers spread over 40 channel buckets.
    let channels: Vec<Id<ChannelMarker>> = fixtures
        .guilds
        .iter()
        .filter_map(|guild| guild.channels.iter().find(|channel| channel.kind == 0))
        .map(|channel| channel.id)
        .take(40)
        .collect();
    let mut config = MockConfig {
        fixtures,
        resume_buffer: 1_000_000,
        recommended_shards: TOTAL,
        ..MockConfig::default()
    };
    // A large bot's concurrency: every shard in its own bucket, so a
    // start-up only waits for the queue when sessions run short. (With
    // buckets shared, the local Discord, building 500 GUILD_CREATEs per
    // shard on a loaded machine, can take long enough to read an IDENTIFY
    // that the next of its bucket looks early.)
    config.session_start_limit.max_concurrency = 16;
    let token = config.token.clone();
    let mock = Mock::start(config).await?;
    println!(
        "local Discord at {} with {} guilds",
        mock.rest_url(),
        guilds.len()
    );

    let app = format!("demo{}", std::process::id());
    let rest_host = host_of(&mock.rest_url()).to_owned();
    let queue = Process::start(
        "queue",
        "queue",
        &[
            "--listen",
            "127.0.0.1:0",
            "--allow-unauthenticated-loopback",
            "--discord-proxy",
            &rest_host,
            "--discord-proxy-http",
        ]
        .map(str::to_owned),
        &token,
    )
    .await?;
    let proxy = Process::start("proxy", "proxy", &[format!("http://{rest_host}")], &token).await?;
    let mut clusters = Vec::new();
    for index in 0..2 {
        let args = cluster_args(index, &mock, &queue.url, &app);
        clusters.push(Process::start(&format!("cluster {index}"), "cluster", &args, &token).await?);
    }
    let channel_list = channels
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let mut workers = Vec::new();
    for index in 0..2 {
        let args = [
            nats_url(),
            app.clone(),
            host_of(&proxy.url).to_owned(),
            channel_list.clone(),
            format!("worker-{index}"),
            // Worker 1 is killed (by itself, with SIGKILL, right after
            // saying so) once it acknowledged this many events, holding
            // the rest of its batch unacknowledged.
            if index == 1 {
                (EVENTS / 4).to_string()
            } else {
                "0".to_owned()
            },
        ];
        workers.push(Process::start(&format!("worker {index}"), "worker", &args, &token).await?);
    }

    tokio::time::timeout(GUARD, mock.wait_for_identifies(TOTAL as usize))
        .await
        .map_err(|_| "the shards did not identify")?;
    println!("{TOTAL} shards identified through the queue");

    // What reached the broker, with its own consumer group: every number
    // at least once.
    let broker =
        NatsBroker::connect(&nats_url(), Layout::new(&app)?, &Retention::default()).await?;
    let mut audit = broker
        .consumer(ConsumerConfig::new("audit", "audit").event_types(["MESSAGE_CREATE"]))
        .await?;
    let auditor = tokio::spawn(async move {
        let mut seen = HashSet::new();
        let mut deliveries = 0_u64;
        let started = Instant::now();
        while (seen.len() as u64) < EVENTS {
            let delivery = audit.next().await?;
            deliveries += 1;
            if let Ok(Event::MessageCreate(message)) = delivery.event()
                && let Ok(number) = message.content.parse::<u64>()
            {
                seen.insert(number);
            }
            delivery.ack().await?;
        }
        Ok::<_, twilight_gateway_broker::Error>((seen.len() as u64, deliveries, started.elapsed()))
    });

    let started = Instant::now();
    let identifies_before = mock.gateway().log().identifies.len();
    let driver = mock.gateway().spawn_numbered_stream(NumberedStream {
        guilds: guilds.clone(),
        count: EVENTS,
        per_second: PER_SECOND,
    });
    while driver.sent() < EVENTS / 3 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let mut killed = clusters.pop().ok_or("no cluster")?;
    killed.kill().await?;
    let killed_at = driver.sent();
    println!("killed cluster 1 (shards 2-3) with SIGKILL after {killed_at} events");
    tokio::time::sleep(Duration::from_millis(500)).await;
    let args = cluster_args(1, &mock, &queue.url, &app);
    clusters.push(Process::start("cluster 1 (restarted)", "cluster", &args, &token).await?);
    let sent = driver.finished().await;
    let worker_exit = tokio::time::timeout(GUARD, workers[1].child.wait())
        .await
        .map_err(|_| "worker 1 was not killed")??;
    workers[1].killed = true;
    println!(
        "killed worker 1 with SIGKILL after it acknowledged {} events ({worker_exit})",
        EVENTS / 4
    );
    let (seen, deliveries, audit_time) = tokio::time::timeout(GUARD, auditor)
        .await
        .map_err(|_| "not every event reached the broker")???;
    let elapsed = started.elapsed().max(audit_time);

    // Every event acknowledged by a worker, and every answer the workers
    // owe sent through the proxy (each message numbered a multiple of 200):
    // what the killed worker held unacknowledged is redelivered to the
    // other. The numbers each worker printed, and how many lines.
    let owed = EVENTS.div_ceil(ANSWER_EVERY);
    let numbers = |workers: &[Process], prefix: &str| -> (HashSet<u64>, usize) {
        let lines: Vec<String> = workers
            .iter()
            .flat_map(|worker| worker.lines_with(prefix))
            .collect();
        let numbers = lines
            .iter()
            .filter_map(|line| line.strip_prefix(prefix)?.parse().ok())
            .collect();
        (numbers, lines.len())
    };
    let ((acked, acks), (answered, answers_sent)) = tokio::time::timeout(GUARD, async {
        loop {
            let (acked, acks) = numbers(&workers, "acked ");
            let (answered, sent) = numbers(&workers, "answered ");
            if acked.len() as u64 >= EVENTS && answered.len() as u64 >= owed {
                return ((acked.len() as u64, acks), (answered.len() as u64, sent));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    })
    .await
    .map_err(|_| "the workers did not acknowledge every event and answer every 200th")?;

    let log = mock.gateway().log();
    let identifies_after = log.identifies.len() - identifies_before;
    let rest = mock.rest().stats();
    let discord_429s = rest.user_429 + rest.global_429;
    let mut shards = BTreeMap::new();
    for (index, cluster) in clusters.iter().enumerate() {
        let body = get(&cluster.url, "/shards").await?;
        let status: serde_json::Value = serde_json::from_str(&body)?;
        let states: Vec<String> = status
            .as_array()
            .into_iter()
            .flatten()
            .map(|shard| {
                format!(
                    "{} {}",
                    shard["shard"],
                    shard["state"].as_str().unwrap_or("?")
                )
            })
            .collect();
        shards.insert(index, states);
    }

    println!("--- summary ---");
    for (index, states) in &shards {
        println!("cluster {index}: shards {}", states.join(", "));
    }
    println!(
        "events: {sent} dispatched, {seen} reached the broker, {} missing, {} duplicate deliveries; {:.0} events/s",
        EVENTS - seen,
        deliveries - seen,
        EVENTS as f64 / elapsed.as_secs_f64()
    );
    // The killed cluster's shards: which of their sessions were resumed.
    let resumed: Vec<u32> = log
        .identifies
        .iter()
        .filter(|identify| identify.shard[0] >= 2)
        .filter(|identify| {
            log.resumes
                .iter()
                .any(|resume| resume.resumed && resume.session_id == identify.session_id)
        })
        .map(|identify| identify.shard[0])
        .collect();
    println!(
        "cluster 1 killed and restarted: IDENTIFYs after the start: {identifies_after}, its shards resumed: {} of 2",
        resumed.len()
    );
    let (redelivered, _) = numbers(&workers, "redelivered ");
    println!(
        "workers acknowledged {acked} of {EVENTS} events ({acks} acknowledgements; {} redelivered after their 2 s ack wait, such as those worker 1 held when it was killed)",
        redelivered.len()
    );
    println!(
        "worker answers through the proxy: {answered} of {owed} messages answered ({answers_sent} answers sent)"
    );
    println!(
        "identifies: {}, refused by the queue window: {}; 429s from Discord: {discord_429s}",
        log.identifies.len(),
        log.sessions_refused
    );
    let processes = clusters.iter().chain(&workers).chain([&queue, &proxy]);
    for process in processes {
        if let Some(cpu) = process.cpu() {
            println!(
                "CPU of {}: {:.1} µs per event of the stream",
                process.name,
                cpu.as_secs_f64() * 1e6 / EVENTS as f64
            );
        }
    }

    for process in workers.into_iter().chain(clusters).chain([queue, proxy]) {
        process.stop().await?;
    }

    let mut failures = Vec::new();
    if redelivered.is_empty() {
        failures.push("worker 1 held nothing unacknowledged when it was killed".to_owned());
    }
    if seen < EVENTS {
        failures.push(format!("{} events lost", EVENTS - seen));
    }
    if identifies_after > 0 || resumed.len() < 2 {
        failures.push(format!(
            "{identifies_after} IDENTIFYs after the start, {} of the killed cluster's shards resumed",
            resumed.len()
        ));
    }
    if discord_429s > 0 {
        failures.push(format!("{discord_429s} 429s from Discord"));
    }
    if log.sessions_refused > 0 {
        let arrivals: Vec<String> = log
            .identifies
            .iter()
            .map(|identify| format!("shard {} at {:?}", identify.shard[0], identify.at))
            .collect();
        failures.push(format!(
            "{} identifies refused (accepted: {})",
            log.sessions_refused,
            arrivals.join(", ")
        ));
    }
    if failures.is_empty() {
        println!("ok: nothing lost, restarted shards resumed, no 429");
        Ok(())
    } else {
        Err(failures.join("; ").into())
    }
}

/// What each child process runs.
mod roles {
    use super::{ANSWER_EVERY, BoxError};
    use std::time::Duration;
    use twilight_gateway_broker::{Consumer, ConsumerConfig, Layout, Retention, nats::NatsBroker};
    use twilight_http::Client;
    use twilight_model::{gateway::event::Event, id::Id};

    /// The gateway queue service, with these flags.
    pub(super) async fn queue(args: &[String]) -> Result<(), BoxError> {
        let mut flags = vec!["gateway-queue-service".to_owned()];
        flags.extend_from_slice(args);
        let config = gateway_queue_service::Config::try_parse_args(flags)?;
        let service = gateway_queue_service::start(config).await?;
        println!("listening on {}", service.url());
        service_support::shutdown_signal().await;
        service.stop().await?;
        Ok(())
    }

    /// The HTTP proxy in front of `upstream`, letting in `token`'s bot.
    pub(super) async fn proxy(args: &[String]) -> Result<(), BoxError> {
        let [upstream] = args else {
            return Err("proxy: upstream".into());
        };
        let token = std::env::var("DISCORD_TOKEN")?;
        let bare = token.trim_start_matches("Bot ");
        let config = http_proxy_service::Config {
            upstream: upstream.clone(),
            auth: http_proxy_service::ClientAuth {
                tokens: vec![service_support::Secret::new(format!("Bot {bare}"))],
                ..http_proxy_service::ClientAuth::default()
            },
            ..http_proxy_service::Config::default()
        };
        let proxy = http_proxy_service::Proxy::new(config).await?;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        println!("listening on http://{}", listener.local_addr()?);
        let shutdown = service_support::Shutdown::new();
        let server = tokio::spawn(proxy.serve(listener, shutdown.clone()));
        service_support::shutdown_signal().await;
        shutdown.trigger();
        server.await??;
        Ok(())
    }

    /// A gateway cluster, with these flags.
    pub(super) async fn cluster(args: &[String]) -> Result<(), BoxError> {
        use clap::Parser;
        let mut flags = vec!["gateway-cluster-service".to_owned()];
        flags.extend_from_slice(args);
        let config = gateway_cluster_service::Config::try_parse_from(flags)?;
        let running = gateway_cluster_service::start(config).await?;
        println!("listening on {}", running.url());
        service_support::shutdown_signal().await;
        running.stop().await?;
        Ok(())
    }

    /// A worker: MESSAGE_CREATEs from the broker (the group `workers`,
    /// redelivered to another worker 2 s after a worker stopped
    /// acknowledging), an answer to every 200th through the proxy, and the
    /// lines `answered <number>` and `acked <number>`. With `die_after`
    /// above 0 it kills itself with SIGKILL once it acknowledged that many.
    pub(super) async fn worker(args: &[String]) -> Result<(), BoxError> {
        let [nats, app, proxy, channels, name, die_after] = args else {
            return Err("worker: nats url, app, proxy, channels, name, die after".into());
        };
        let token = std::env::var("DISCORD_TOKEN")?;
        let die_after: u64 = die_after.parse()?;
        let mut acked = 0_u64;
        let channels: Vec<Id<_>> = channels
            .split(',')
            .map(str::parse)
            .collect::<Result<_, _>>()?;
        let http = Client::builder()
            .token(token)
            .proxy(proxy.clone(), true)
            .timeout(Duration::from_secs(60))
            .build();
        let broker = NatsBroker::connect(nats, Layout::new(app)?, &Retention::default()).await?;
        let mut consumer = broker
            .consumer(
                ConsumerConfig::new("workers", name.clone())
                    .event_types(["MESSAGE_CREATE"])
                    .ack_wait(Duration::from_secs(2)),
            )
            .await?;
        println!("ready");
        let work = async {
            loop {
                let delivery = consumer.next().await?;
                let redelivered = delivery.is_redelivery();
                let mut number = None;
                if let Ok(Event::MessageCreate(message)) = delivery.event()
                    && let Ok(n) = message.content.parse::<u64>()
                {
                    number = Some(n);
                    if n.is_multiple_of(ANSWER_EVERY) {
                        let channel = channels
                            [usize::try_from(n / ANSWER_EVERY).unwrap_or(0) % channels.len()];
                        http.create_message(channel)
                            .content(format!("pong {n}"))
                            .await?;
                        println!("answered {n}");
                    }
                }
                // Acknowledged once handled: a worker killed before this
                // leaves the event to the other.
                delivery.ack().await?;
                if let Some(n) = number {
                    println!("acked {n}");
                    if redelivered {
                        println!("redelivered {n}");
                    }
                    acked += 1;
                    if acked == die_after {
                        // A crash, as from outside: no cleanup, no acks.
                        std::process::Command::new("kill")
                            .args(["-KILL", &std::process::id().to_string()])
                            .status()?;
                        std::future::pending::<()>().await;
                    }
                }
            }
            #[allow(unreachable_code)]
            Ok::<(), BoxError>(())
        };
        tokio::select! {
            result = work => result,
            () = service_support::shutdown_signal() => Ok(()),
        }
    }
}
