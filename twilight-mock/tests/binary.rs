//! The `twilight-mock` binary: every setting is a flag and an environment
//! variable, `--help` documents each, and the settings take effect.

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::{Method, Request};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_twilight-mock");

/// Every flag and its variable.
const SETTINGS: &[(&str, &str)] = &[
    ("--address", "TWILIGHT_MOCK_ADDRESS"),
    ("--gateway-port", "TWILIGHT_MOCK_GATEWAY_PORT"),
    ("--rest-port", "TWILIGHT_MOCK_REST_PORT"),
    ("--control-port", "TWILIGHT_MOCK_CONTROL_PORT"),
    ("--token", "TWILIGHT_MOCK_TOKEN"),
    ("--fixtures", "TWILIGHT_MOCK_FIXTURES"),
    ("--time-scale", "TWILIGHT_MOCK_TIME_SCALE"),
    ("--heartbeat-interval", "TWILIGHT_MOCK_HEARTBEAT_INTERVAL"),
    ("--heartbeat-grace", "TWILIGHT_MOCK_HEARTBEAT_GRACE"),
    ("--resume-timeout", "TWILIGHT_MOCK_RESUME_TIMEOUT"),
    ("--resume-buffer", "TWILIGHT_MOCK_RESUME_BUFFER"),
    ("--max-concurrency", "TWILIGHT_MOCK_MAX_CONCURRENCY"),
    ("--session-limit", "TWILIGHT_MOCK_SESSION_LIMIT"),
    ("--sessions-remaining", "TWILIGHT_MOCK_SESSIONS_REMAINING"),
    ("--session-reset-after", "TWILIGHT_MOCK_SESSION_RESET_AFTER"),
    ("--shards", "TWILIGHT_MOCK_SHARDS"),
    ("--shard-multiple", "TWILIGHT_MOCK_SHARD_MULTIPLE"),
    (
        "--max-guilds-per-shard",
        "TWILIGHT_MOCK_MAX_GUILDS_PER_SHARD",
    ),
    ("--privileged-intents", "TWILIGHT_MOCK_PRIVILEGED_INTENTS"),
    ("--global-limit", "TWILIGHT_MOCK_GLOBAL_LIMIT"),
    ("--bucket", "TWILIGHT_MOCK_BUCKETS"),
    ("--all-members-window", "TWILIGHT_MOCK_ALL_MEMBERS_WINDOW"),
    ("--scope-on-success", "TWILIGHT_MOCK_SCOPE_ON_SUCCESS"),
    ("--outgoing-queue", "TWILIGHT_MOCK_OUTGOING_QUEUE"),
    ("--log-capacity", "TWILIGHT_MOCK_LOG_CAPACITY"),
    ("--handshake-timeout", "TWILIGHT_MOCK_HANDSHAKE_TIMEOUT"),
    ("--identify-timeout", "TWILIGHT_MOCK_IDENTIFY_TIMEOUT"),
    ("--http-header-timeout", "TWILIGHT_MOCK_HTTP_HEADER_TIMEOUT"),
];

#[test]
fn help_documents_every_setting_and_its_variable() {
    let output = Command::new(BIN).arg("--help").output().unwrap();
    assert!(output.status.success());
    let help = String::from_utf8(output.stdout).unwrap();
    for (flag, variable) in SETTINGS {
        let listed = help.contains(&format!("{flag} ")) || help.contains(&format!("{flag}\n"));
        assert!(listed, "--help lacks {flag}:\n{help}");
        assert!(
            help.contains(&format!("[env: {variable}")),
            "--help lacks {variable}"
        );
    }
    for topic in [
        "global REST limit",
        "bucket size",
        "daily session start limit",
    ] {
        assert!(help.contains(topic), "--help does not explain the {topic}");
    }
    // The token's variable is named, never its value.
    let output = Command::new(BIN)
        .arg("--help")
        .env("TWILIGHT_MOCK_TOKEN", "secret-value")
        .output()
        .unwrap();
    assert!(
        !String::from_utf8(output.stdout)
            .unwrap()
            .contains("secret-value")
    );
}

#[test]
fn invalid_settings_exit_with_2() {
    for args in [
        &["--time-scale", "0"][..],
        &["--bucket", "messages.create"][..],
        &["--no-such-flag"][..],
    ] {
        let output = Command::new(BIN).args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
    }
}

/// The running binary, killed when dropped.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the binary and reads the URLs it prints, by name.
fn start(command: &mut Command) -> (Running, Vec<(String, String)>) {
    let mut child = command.stdout(Stdio::piped()).spawn().unwrap();
    let stdout = child.stdout.take().unwrap();
    let running = Running(child);
    let mut lines = BufReader::new(stdout).lines();
    let mut urls = Vec::new();
    while urls.len() < 3 {
        let line = lines.next().expect("the binary printed its URLs").unwrap();
        let (name, url) = line.split_once(": ").unwrap();
        urls.push((name.to_owned(), url.to_owned()));
    }
    (running, urls)
}

async fn get(url: &str, token: &str) -> (u16, Value, hyper::HeaderMap) {
    let client = Client::builder(TokioExecutor::new()).build_http::<Full<Bytes>>();
    let request = Request::builder()
        .method(Method::GET)
        .uri(url)
        .header("authorization", format!("Bot {token}"))
        .body(Full::new(Bytes::new()))
        .unwrap();
    let response = client.request(request).await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let raw = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&raw).unwrap_or(Value::Null),
        headers,
    )
}

#[tokio::test]
async fn settings_from_variables_and_flags_take_effect() {
    let (_running, urls) = start(
        Command::new(BIN)
            .env("TWILIGHT_MOCK_TOKEN", "env-token")
            .env("TWILIGHT_MOCK_SESSION_LIMIT", "7")
            .env("TWILIGHT_MOCK_SESSIONS_REMAINING", "3")
            .env(
                "TWILIGHT_MOCK_BUCKETS",
                "users.me=1/60000,users.get=2/60000",
            )
            .args([
                "--max-concurrency",
                "4",
                "--shards",
                "3",
                "--control-port",
                "0",
                "--handshake-timeout",
                "200",
                "--log-capacity",
                "3",
            ])
            .arg("--scope-on-success"),
    );
    let names: Vec<&str> = urls.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["gateway", "rest", "control"]);
    let rest = &urls[1].1;

    let (status, bot, headers) = get(&format!("{rest}/gateway/bot"), "env-token").await;
    assert_eq!(status, 200, "{bot}");
    assert_eq!(bot["url"], urls[0].1.as_str());
    assert_eq!(bot["shards"], 3);
    let limit = &bot["session_start_limit"];
    assert_eq!(
        (limit["total"].as_u64(), limit["remaining"].as_u64()),
        (Some(7), Some(3))
    );
    assert_eq!(limit["max_concurrency"], 4);
    assert_eq!(headers.get("x-ratelimit-scope").unwrap(), "user");

    // users.me holds one request per minute.
    let me = format!("{rest}/users/@me");
    assert_eq!(get(&me, "env-token").await.0, 200);
    let (status, _, headers) = get(&me, "env-token").await;
    assert_eq!(status, 429);
    assert_eq!(headers.get("x-ratelimit-limit").unwrap(), "1");
    // The token is the variable's.
    assert_eq!(
        get(&format!("{rest}/users/@me/guilds"), "mock-token")
            .await
            .0,
        401
    );

    let (status, root, _) = get(&format!("{}/", urls[2].1), "").await;
    assert_eq!(status, 200);
    assert_eq!(root["rest"], rest.as_str());

    // A socket that never upgrades is closed after --handshake-timeout.
    let address = urls[0].1.trim_start_matches("ws://");
    let mut silent = tokio::net::TcpStream::connect(address).await.unwrap();
    let mut buffer = [0u8; 16];
    let read = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        tokio::io::AsyncReadExt::read(&mut silent, &mut buffer),
    )
    .await
    .expect("closed within the timeout");
    assert!(matches!(read, Ok(0) | Err(_)));
    let (_, log, _) = get(&format!("{}/gateway/log", urls[2].1), "").await;
    assert_eq!(log["handshakes_timed_out"], 1);
    assert_eq!(log["log_capacity"], 3);
}
