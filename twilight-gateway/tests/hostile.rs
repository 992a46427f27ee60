//! A gateway that sends what Discord never would: the shard stays within
//! sane bounds and keeps its connectivity.

mod support;

use std::time::Duration;
use support::*;
use twilight_gateway::{Session, Shard};
use twilight_model::gateway::ShardId;

/// A HELLO interval of 0 ms is clamped to the configured minimum (100 ms by
/// default) instead of making the shard heartbeat hundreds of times a second.
#[tokio::test]
async fn a_heartbeat_interval_of_zero_is_clamped() {
    let mock = mock_with(1.0, |config| {
        config.heartbeat_interval = Duration::ZERO;
    })
    .await;
    let mut shard = Shard::new(ShardId::ONE, config(&mock, 1.0).build());
    ready(&mut shard).await;
    let connection = mock.payloads().last().unwrap().connection;
    // Keep the shard polled for a while; the count below is a bound, with
    // room for a slow machine, not a timing measurement.
    let _ = tokio::time::timeout(Duration::from_secs(2), async {
        loop {
            let _ = shard.next_message().await;
        }
    })
    .await;
    let heartbeats = mock
        .payloads()
        .iter()
        .filter(|payload| payload.connection == connection && payload.op == Some(1))
        .count();
    assert!(
        (1..=25).contains(&heartbeats),
        "{heartbeats} heartbeats in 2 s (unclamped: one a millisecond)"
    );
}

/// A session whose resume URL refuses connections is resumed through the
/// gateway URL after a few tries, instead of retrying the dead address for
/// ever.
#[tokio::test]
async fn an_unreachable_resume_url_falls_back_to_the_gateway() {
    let mock = mock(50.0).await;
    // A port nothing listens on (bound, then released).
    let dead = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dead_url = format!("ws://{}", dead.local_addr().unwrap());
    drop(dead);
    let session = Session::new("gone".to_owned(), 5, dead_url);
    let config = config(&mock, 50.0)
        .max_backoff(Duration::from_millis(50))
        .session(session)
        .build();
    let mut shard = Shard::new(ShardId::ONE, config);
    // The mock does not know the session: it answers INVALID_SESSION and
    // the shard identifies, over the gateway URL.
    ready(&mut shard).await;
    let resumes = mock.resumes();
    assert_eq!(resumes.len(), 1, "{resumes:?}");
    assert_eq!(resumes[0].session_id, "gone");
}

/// A resume URL that is not a WebSocket URL at all is not tried.
#[tokio::test]
async fn an_unusable_resume_url_is_not_tried() {
    for bad in ["", "not a url", "ws://", "https://gateway.example"] {
        let mock = mock(50.0).await;
        let session = Session::new("gone".to_owned(), 5, bad.to_owned());
        let config = config(&mock, 50.0)
            .max_backoff(Duration::from_millis(50))
            .session(session)
            .build();
        let mut shard = Shard::new(ShardId::ONE, config);
        ready(&mut shard).await;
        assert_eq!(mock.resumes().len(), 1, "resume URL {bad:?}");
    }
}

/// A HELLO interval far beyond any real one (10^19 ms, which would turn
/// zombie detection off) is clamped to the configured maximum: the shard
/// keeps heartbeating. The gateway here is a few lines of this test, not
/// the mock, so nothing but the HELLO decides the pace.
#[tokio::test]
async fn a_heartbeat_interval_of_ten_to_the_nineteen_ms_is_clamped() {
    use futures_util::{SinkExt, StreamExt};
    use twilight_gateway::Config;
    use twilight_model::gateway::Intents;

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("ws://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(async move {
        let (stream, _) = listener.accept().await.unwrap();
        let (_, mut socket) = tokio_websockets::ServerBuilder::new()
            .accept(stream)
            .await
            .unwrap();
        let hello =
            r#"{"op":10,"d":{"heartbeat_interval":10000000000000000000},"s":null,"t":null}"#;
        socket
            .send(tokio_websockets::Message::text(hello))
            .await
            .unwrap();
        // The ops the shard sends in its first two seconds; heartbeats
        // are acknowledged, so the shard has no reason to reconnect.
        let mut ops = Vec::new();
        let _ = tokio::time::timeout(Duration::from_secs(2), async {
            while let Some(Ok(message)) = socket.next().await {
                if let Some(text) = message.as_text() {
                    let payload: serde_json::Value = serde_json::from_str(text).unwrap();
                    let op = payload["op"].as_u64().unwrap();
                    ops.push(op);
                    if op == 1 {
                        let ack = tokio_websockets::Message::text(r#"{"op":11}"#);
                        socket.send(ack).await.unwrap();
                    }
                }
            }
        })
        .await;
        ops
    });
    let config = Config::builder(format!("Bot {TOKEN}"), Intents::empty())
        .gateway_url(url)
        .compression(twilight_gateway::Compression::None)
        .heartbeat_interval_bounds(Duration::from_millis(50), Duration::from_millis(200))
        .build();
    let mut shard = Shard::new(ShardId::ONE, config);
    let polled = tokio::spawn(async move {
        loop {
            let _ = shard.next_message().await;
        }
    });
    let ops = server.await.unwrap();
    polled.abort();
    let heartbeats = ops.iter().filter(|op| **op == 1).count();
    assert!(ops.contains(&2), "the shard identified: {ops:?}");
    // At most 200 ms apart (and the first at a random point of the first
    // interval): at least 5 in 2 s; unclamped, none.
    assert!(heartbeats >= 5, "{heartbeats} heartbeats in 2 s: {ops:?}");
}
