//! Runs every example binary against its in-process local Discord, as CI
//! does: each must exit 0 on its own (`EXAMPLE_RUN_FOR` bounds the ones
//! that would run forever) and print the lines that show it did its work,
//! so an example that silently does nothing fails.
//!
//! The demo is tested by its own test. The services demo needs the
//! machine's NATS and Redis: without them it is skipped (it fails under
//! `CI=true`).

use std::{
    io::Read,
    net::{TcpStream, ToSocketAddrs},
    process::{Command, Stdio},
    thread,
    time::{Duration, Instant},
};

/// How long an example may keep running after `EXAMPLE_RUN_FOR`: a guard
/// against a hang on a loaded machine, never a measure of speed.
const GUARD: Duration = Duration::from_secs(180);

/// What `EXAMPLE_RUN_FOR` is set to, in seconds. Against the mock every
/// example ends on its own once it has shown what it is for (the longest
/// waits out one 5 s identify window); this only bounds one that would not.
const RUN_FOR: &str = "20";

/// What points an example at Discord or changes what it does: unset, so
/// that a developer's environment cannot change the test.
const SETTINGS: &[&str] = &[
    "BROKER_APP",
    "BROKER_URL",
    "DISCORD_TOKEN",
    "HTTP_BASE_URL",
    "NATS_URL",
    "REDIS_URL",
    "CHANNEL_ID",
    "GUILD_ID",
    "PROXY_HOST",
    "QUEUE_URL",
    "SESSION_FILE",
    "SHARDS",
    "SHARD_TOTAL",
];

/// Runs `exe` against the mock and checks that it exits 0 and that its
/// stdout holds every line of `expected` (as substrings).
fn run(name: &str, exe: &str, expected: &[&str]) {
    let mut command = Command::new(exe);
    for setting in SETTINGS {
        command.env_remove(setting);
    }
    let mut child = command
        .env("EXAMPLE_RUN_FOR", RUN_FOR)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| panic!("{name}: could not start {exe}: {error}"));
    // Read both pipes while waiting, so a chatty example cannot block on a
    // full pipe.
    let read = |mut pipe: Box<dyn Read + Send>| {
        thread::spawn(move || {
            let mut text = String::new();
            let _ = pipe.read_to_string(&mut text);
            text
        })
    };
    let stdout = read(Box::new(child.stdout.take().expect("piped")));
    let stderr = read(Box::new(child.stderr.take().expect("piped")));

    let deadline = Instant::now() + GUARD;
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for the example") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "{name}: still running after {GUARD:?}\nstdout:\n{}\nstderr:\n{}",
                stdout.join().unwrap_or_default(),
                stderr.join().unwrap_or_default()
            );
        }
        thread::sleep(Duration::from_millis(50));
    };
    let stdout = stdout.join().unwrap_or_default();
    let stderr = stderr.join().unwrap_or_default();
    assert!(
        status.success(),
        "{name}: exited with {status}\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    for line in expected {
        assert!(
            stdout.contains(line),
            "{name}: no {line:?} in its output\nstdout:\n{stdout}\nstderr:\n{stderr}"
        );
    }
}

/// One test per example: its binary and the lines it must print.
macro_rules! examples {
    ($($test:ident: $name:literal => [$($expected:literal),* $(,)?];)*) => {
        $(
            #[test]
            fn $test() {
                run($name, env!(concat!("CARGO_BIN_EXE_", $name)), &[$($expected),*]);
            }
        )*
    };
}

examples! {
    http_messages: "http-messages" => [
        "sent message",
        "with 1 embed(s) and 1 component row(s)",
        "sent attachment nightly.log (16 bytes)",
        "(mentions everyone: false, users mentioned: 1)",
    ];
    http_errors: "http-errors" => [
        "validation error on `content`",
        "code 10003",
        "field error at `message_reference`",
        "401s Discord saw: 1",
        "connection error",
        "every error was typed",
    ];
    custom_ratelimiter: "custom-ratelimiter" => [
        "sent 8 messages through 2 clients",
        "429s Discord answered: 0",
    ];
    http_proxy: "http-proxy" => [
        "client base URL: http://127.0.0.1:",
        "sent 7 messages through the proxy",
    ];
    custom_queue: "custom-queue" => [
        "max_concurrency 2",
        "shard 0 READY after",
        "shard 3 READY after",
        "identifies Discord refused: 0",
    ];
    service_queue: "service-queue" => [
        "gateway queue service at http://127.0.0.1:",
        "shard 0 (process 0) READY",
        "shard 1 (process 0) READY",
        "shard 2 (process 1) READY",
        "identifies Discord refused: 0",
    ];
    gateway_events: "gateway-events" => [
        "READY as mockbot, 2 guild(s) to come",
        "GUILD_CREATE",
        "MESSAGE_CREATE from user0: hi bot",
        "closed",
    ];
    broker_worker: "broker-worker" => [
        "cached 1 guild(s)",
        "answered !ping in #general (delivery 1 of ",
    ];
    gateway_raw: "gateway-raw" => [
        "forwarded READY #1 of shard 0",
        "forwarded GUILD_CREATE #2 of shard 0",
        "forwarded MESSAGE_CREATE",
        "events unparsed",
    ];
    shards_stream: "shards-stream" => [
        "running 4 shards, 4 may start at once",
        "shard 3 READY with 3 guild(s)",
        "guilds per shard: {0: 3, 1: 3, 2: 3, 3: 3}",
    ];
    shard_range: "shard-range" => [
        "this process runs shards 2..4 of 4",
        "(owned by shard 3)",
        "every guild of shards 2..4 arrived",
    ];
    session_resume: "session-resume" => [
        "stored the session at sequence",
        "replayed MESSAGE_CREATE: are you there?",
        "replayed MESSAGE_CREATE: hello?",
        "RESUMED: every missed event was replayed",
        "identifies: 1, resumes: 1",
    ];
    interactions: "interactions" => [
        "registered /roll",
        "answered /roll: rolled a d20: ",
    ];
    cache_permissions: "cache-permissions" => [
        "administrator: false",
        "#general: bot may send: true, member may send: true",
        "#announcements: bot may send: true, member may send: false",
    ];
    cache_custom_models: "cache-custom-models" => [
        "1503 members of 501 users in 3 guilds",
        "saved ",
        "hello, ",
    ];
}

/// Whether `host` accepts connections; in CI, it must.
fn reachable(name: &str, host: &str) -> bool {
    let connected = host
        .to_socket_addrs()
        .ok()
        .and_then(|mut addrs| addrs.next())
        .is_some_and(|addr| TcpStream::connect_timeout(&addr, Duration::from_secs(3)).is_ok());
    if !connected {
        let in_ci = std::env::var("CI").is_ok_and(|ci| ci == "true");
        assert!(!in_ci, "{name} is required in CI at {host}");
        println!("skipped: {name} is not reachable at {host}");
    }
    connected
}

/// Every service its own process on the real NATS and Redis, a cluster
/// and a worker killed midway, nothing lost.
#[test]
fn services_demo() {
    if !reachable("NATS", "127.0.0.1:4222") || !reachable("Redis", "127.0.0.1:6379") {
        return;
    }
    run(
        "services-demo",
        env!("CARGO_BIN_EXE_services-demo"),
        &[
            "4 shards identified through the queue",
            "killed cluster 1 (shards 2-3) with SIGKILL",
            "20000 reached the broker, 0 missing",
            "IDENTIFYs after the start: 0, its shards resumed: 2 of 2",
            "killed worker 1 with SIGKILL after it acknowledged 5000 events",
            "workers acknowledged 20000 of 20000 events",
            "worker answers through the proxy: 100 of 100 messages answered",
            "refused by the queue window: 0; 429s from Discord: 0",
            "ok: nothing lost, restarted shards resumed, no 429",
        ],
    );
}
