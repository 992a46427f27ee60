//! What an operator reads from a running cluster process: `/health`,
//! `/shards` and the Prometheus `/metrics`, against twilight-mock and the
//! real brokers. The figures must match what happened: events by type and
//! shard, identifies, resumes, nothing awaiting acknowledgement once the
//! stream is through, and never the bot's token.

mod common;

use common::*;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use twilight_mock::gateway::NumberedStream;

/// Events per shard in the stream.
const PER_SHARD: u64 = 50;

/// `method path` against `base` (`http://host:port`) over HTTP/1.1: the
/// status and the body.
async fn request(base: &str, method: &str, path: &str) -> (u16, String) {
    let host = base.trim_start_matches("http://");
    let mut stream = TcpStream::connect(host).await.expect("the cluster listens");
    let head = format!("{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.unwrap();
    let answer = String::from_utf8(answer).expect("a UTF-8 answer");
    let (head, body) = answer.split_once("\r\n\r\n").expect("a head and a body");
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .expect("a status line");
    let chunked = head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked");
    (
        status,
        if chunked {
            unchunk(body)
        } else {
            body.to_owned()
        },
    )
}

/// The payload of a chunked body.
fn unchunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).expect("a chunk size");
        if size == 0 {
            break;
        }
        out.push_str(&rest[..size]);
        body = &rest[size + 2..];
    }
    out
}

/// The value of the sample `name{labels}` in a Prometheus text body.
fn sample(metrics: &str, name_and_labels: &str) -> Option<f64> {
    metrics.lines().find_map(|line| {
        let value = line.strip_prefix(name_and_labels)?.strip_prefix(' ')?;
        value.trim().parse().ok()
    })
}

/// Polls `/metrics` until `done` holds for it (the broker's
/// acknowledgements land a moment after the consumer saw the events).
async fn metrics_when(base: &str, done: impl Fn(&str) -> bool) -> String {
    tokio::time::timeout(Duration::from_secs(30), async {
        loop {
            let (status, body) = request(base, "GET", "/metrics").await;
            assert_eq!(status, 200);
            if done(&body) {
                return body;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    })
    .await
    .expect("the metrics reached the expected values")
}

async fn endpoints_report_what_happened(kind: Kind) {
    let Some(env) = require(kind).await else {
        return;
    };
    let mock = mock().await;
    let app = env.app("endpoints");
    let cluster = Cluster::start(&ClusterArgs::new(&env, &mock, &app, (0, 2, 2))).await;
    mock.wait_for_identifies(2).await;

    let count = 2 * PER_SHARD;
    let collector = tokio::spawn({
        let (env, app) = (env.clone(), app.name.clone());
        async move { collect(&env, &app, count, Duration::from_secs(60)).await }
    });
    let driver = mock.spawn_numbered_stream(NumberedStream {
        guilds: guilds(2),
        count,
        per_second: 1000,
    });
    assert_eq!(driver.finished().await, count);
    assert_eq!(collector.await.unwrap().missing(count), Vec::<u64>::new());

    let events = |shard: u32| {
        format!("gateway_cluster_events_total{{shard=\"{shard}\",event_type=\"MESSAGE_CREATE\"}}")
    };
    let metrics = metrics_when(&cluster.url, |body| {
        (0..2).all(|shard| sample(body, &events(shard)) == Some(PER_SHARD as f64))
    })
    .await;
    for shard in 0..2 {
        let label = format!("{{shard=\"{shard}\"}}");
        assert_eq!(
            sample(
                &metrics,
                &format!("gateway_cluster_identifies_total{label}")
            ),
            Some(1.0),
            "{metrics}"
        );
        assert_eq!(
            sample(&metrics, &format!("gateway_cluster_shard_active{label}")),
            Some(1.0)
        );
        assert_eq!(
            sample(&metrics, &format!("gateway_cluster_awaiting_ack{label}")),
            Some(0.0)
        );
    }
    let published = sample(&metrics, "gateway_cluster_publish_seconds_count").unwrap_or(0.0);
    assert!(published >= count as f64, "{published} publishes timed");

    let (status, shards) = request(&cluster.url, "GET", "/shards").await;
    assert_eq!(status, 200);
    let shards: serde_json::Value = serde_json::from_str(&shards).expect("JSON");
    let shards = shards.as_array().expect("an array");
    assert_eq!(shards.len(), 2);
    for (number, shard) in shards.iter().enumerate() {
        assert_eq!(shard["shard"], number);
        assert_eq!(shard["state"], "Active");
        assert!(shard["session_id"].is_string(), "{shard}");
        assert_eq!(shard["awaiting_ack"], 0);
        // READY, the guild's GUILD_CREATE and its share of the stream.
        let forwarded = shard["forwarded"].as_u64().unwrap();
        assert!(forwarded >= PER_SHARD, "{shard}");
        assert!(
            shard["acked_sequence"].as_u64().unwrap() >= PER_SHARD,
            "{shard}"
        );
    }

    let (status, health) = request(&cluster.url, "GET", "/health").await;
    assert_eq!(status, 200, "{health}");
    let health: serde_json::Value = serde_json::from_str(&health).expect("JSON");
    assert!(health.to_string().contains("session_store"), "{health}");

    // A dropped connection: the shard resumes, and the metrics say so.
    mock.gateway().drop_connection(0);
    let metrics = metrics_when(&cluster.url, |body| {
        sample(body, "gateway_cluster_resumes_total{shard=\"0\"}") == Some(1.0)
    })
    .await;
    assert_eq!(
        sample(&metrics, "gateway_cluster_identifies_total{shard=\"0\"}"),
        Some(1.0),
        "a resume is not an identify"
    );

    // Only GET, only these paths, and never the token.
    assert_eq!(request(&cluster.url, "POST", "/shards").await.0, 405);
    assert_eq!(request(&cluster.url, "GET", "/nothing").await.0, 404);
    for path in ["/health", "/shards", "/metrics"] {
        let (_, body) = request(&cluster.url, "GET", path).await;
        assert!(!body.contains(TOKEN), "{path} shows the token");
    }
    assert!(cluster.terminate().await.success());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nats_endpoints_report_what_happened() {
    endpoints_report_what_happened(Kind::Nats).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_endpoints_report_what_happened() {
    endpoints_report_what_happened(Kind::Redis).await;
}
