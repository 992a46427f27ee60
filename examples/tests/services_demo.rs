//! The services demo, as its README line promises: every service a separate
//! process on the real NATS and Redis, a cluster killed and restarted, and
//! nothing lost. In CI (`CI=true`) a missing NATS or Redis fails the test;
//! elsewhere it says it skipped.

use std::{
    io::Read,
    net::{TcpStream, ToSocketAddrs},
    process::{Command, Stdio},
    thread,
    time::{Duration, Instant},
};

/// A guard against a hang on a loaded machine, never a measure of speed.
const GUARD: Duration = Duration::from_secs(300);

/// Whether `host:port` accepts connections; in CI, it must.
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

#[test]
fn the_services_demo_loses_nothing_and_resumes_the_killed_cluster() {
    if !reachable("NATS", "127.0.0.1:4222") || !reachable("Redis", "127.0.0.1:6379") {
        return;
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_services-demo"))
        .env_remove("NATS_URL")
        .env_remove("REDIS_URL")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the demo starts");
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
        if let Some(status) = child.try_wait().expect("waiting for the demo") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            break child.wait().expect("the demo was killed");
        }
        thread::sleep(Duration::from_millis(100));
    };
    let (stdout, stderr) = (stdout.join().unwrap(), stderr.join().unwrap());
    assert!(
        status.success(),
        "{status}\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    for line in [
        "4 shards identified through the queue",
        "killed cluster 1 (shards 2-3) with SIGKILL",
        "20000 reached the broker, 0 missing",
        "IDENTIFYs after the start: 0, its shards resumed: 2 of 2",
        "killed worker 1 with SIGKILL after it acknowledged 5000 events",
        "workers acknowledged 20000 of 20000 events",
        "worker answers through the proxy: 100 of 100 messages answered",
        "refused by the queue window: 0; 429s from Discord: 0",
        "ok: nothing lost, restarted shards resumed, no 429",
    ] {
        assert!(
            stdout.contains(line),
            "no {line:?} in:\n{stdout}\nstderr:\n{stderr}"
        );
    }
}
