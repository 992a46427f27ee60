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
