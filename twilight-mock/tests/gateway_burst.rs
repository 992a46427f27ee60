//! A burst of client payloads: the mock reads every frame the client flushed,
//! promptly, on tokio's paused clock as on a real one.
//!
//! The client is a plain tokio-websockets client on a socket with Nagle's
//! algorithm on (the default), which holds frames back until the mock
//! acknowledges earlier ones; under a paused clock any such wait lets tokio
//! jump time to the next timer, so the paused test fails on a stall that a
//! real clock would only show as a delay.

mod gateway_support;

use futures_util::SinkExt;
use gateway_support::*;
use serde_json::json;
use tokio_websockets::Message;

/// Payloads in the burst: with IDENTIFY, under the 120 per 60 s send limit.
const BURST: usize = 110;

/// Identifies, then flushes `BURST` presence updates at once (op 3, which the
/// mock does not answer, so no reply of the mock's carries its
/// acknowledgement); returns once the mock logged them all.
async fn burst_arrives() {
    let gateway = start(config(), World::new(1, 1)).await;
    let (mut client, _) = Client::ready(&gateway.url(), [0, 1]).await;
    let presence = json!({
        "op": 3,
        "d": { "since": null, "activities": [], "status": "online", "afk": false },
    })
    .to_string();
    for _ in 0..BURST {
        client
            .ws
            .feed(Message::text(presence.clone()))
            .await
            .expect("feed");
    }
    client.ws.flush().await.expect("flush");
    gateway.wait_for_payloads(1 + BURST).await;
    let payloads = gateway.payloads();
    assert_eq!(payloads.iter().filter(|p| p.op == Some(3)).count(), BURST);
    assert_eq!(gateway.log().connections[0].closed_with, None);
}

#[tokio::test]
async fn burst_is_read_on_a_real_clock() {
    within(burst_arrives()).await;
}

#[tokio::test(start_paused = true)]
async fn burst_is_read_on_a_paused_clock() {
    // On a paused clock `within`'s 20 s pass at once if the mock stalls.
    within(burst_arrives()).await;
}
