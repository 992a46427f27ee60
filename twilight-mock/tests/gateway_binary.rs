//! The `twilight-mock` binary serves standalone and prints its URLs.

mod gateway_support;

use gateway_support::*;
use std::{
    io::{BufRead, BufReader},
    process::{Command, Stdio},
};

#[tokio::test]
async fn binary_starts_and_answers() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_twilight-mock"))
        .args([
            "--gateway-port",
            "0",
            "--rest-port=0",
            "--token",
            "Bot binary-token",
            "--time-scale",
            "10",
            "--heartbeat-interval",
            "100000",
            "--max-concurrency",
            "2",
            "--shards",
            "2",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn twilight-mock");
    let stdout = child.stdout.take().unwrap();
    let (gateway, rest) = tokio::task::spawn_blocking(move || {
        let mut lines = BufReader::new(stdout).lines();
        let gateway = lines.next().unwrap().unwrap();
        let rest = lines.next().unwrap().unwrap();
        (gateway, rest)
    })
    .await
    .unwrap();
    let result = tokio::time::timeout(std::time::Duration::from_secs(20), async {
        let gateway = gateway
            .strip_prefix("gateway: ")
            .expect("gateway line")
            .to_owned();
        assert!(gateway.starts_with("ws://127.0.0.1:"), "{gateway}");
        let rest = rest.strip_prefix("rest: ").expect("rest line");
        assert!(
            rest.starts_with("http://127.0.0.1:") && rest.ends_with("/api/v10"),
            "{rest}"
        );
        let mut client = Client::connect(&gateway, "/?v=10&encoding=json").await;
        // 100 s Discord at 10x.
        assert_eq!(client.hello().await, 10_000);
        client.send(identify("binary-token", [1, 2], 1)).await;
        let ready = client.payload().await;
        assert_eq!(ready["t"], "READY", "{ready}");
    })
    .await;
    // Only the process this test started.
    let _ = child.kill();
    let _ = child.wait();
    result.expect("test timed out");
}

#[test]
fn binary_help_and_bad_flags() {
    let help = Command::new(env!("CARGO_BIN_EXE_twilight-mock"))
        .arg("--help")
        .output()
        .unwrap();
    assert!(help.status.success());
    assert!(String::from_utf8_lossy(&help.stdout).contains("--time-scale"));
    for bad in [
        &["--nope"][..],
        &["--time-scale", "-1"],
        &["--gateway-port", "x"],
        &["--token"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_twilight-mock"))
            .args(bad)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
    }
}
