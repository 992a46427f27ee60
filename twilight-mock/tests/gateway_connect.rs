//! Connecting: HELLO, IDENTIFY, READY and GUILD_CREATE, with and without
//! transport compression; heartbeats.

mod gateway_support;

use gateway_support::*;
use serde_json::json;
use std::time::Duration;

async fn handshake(path: &str) -> Client {
    let gateway = start(config(), World::new(6, 10)).await;
    let mut client = Client::connect(&gateway.url(), path).await;
    let interval = client.hello().await;
    // 1000 s of Discord time at 50x: the real interval, 20 s.
    assert_eq!(interval, 20_000);
    client.identify([0, 1], 1 | (1 << 9)).await;
    let ready = client.payload().await;
    assert_eq!(ready["op"], 0);
    assert_eq!(ready["t"], "READY");
    assert_eq!(ready["s"], 1);
    let d = &ready["d"];
    assert_eq!(d["v"], 10);
    assert_eq!(d["user"]["id"], BOT_ID.to_string());
    assert_eq!(d["application"]["id"], BOT_ID.to_string());
    assert_eq!(d["shard"], json!([0, 1]));
    assert!(d["session_id"].as_str().is_some_and(|s| !s.is_empty()));
    assert_eq!(d["resume_gateway_url"], format!("{}/resume", gateway.url()));
    let guilds = d["guilds"].as_array().unwrap();
    assert_eq!(guilds.len(), 6);
    assert!(
        guilds
            .iter()
            .all(|g| g["unavailable"] == true && g["id"].is_string())
    );
    for n in 1..=6u64 {
        let create = client.payload().await;
        assert_eq!(create["t"], "GUILD_CREATE");
        assert_eq!(create["s"], n + 1);
        assert_eq!(create["d"]["id"], (n << 22).to_string());
        // No GUILD_PRESENCES: only the bot among members and presences.
        assert_eq!(create["d"]["members"].as_array().unwrap().len(), 1);
    }
    // Many compressed messages through one context.
    for i in 0..20 {
        gateway.dispatch_to(
            0,
            "MESSAGE_CREATE",
            json!({ "i": i, "content": "x".repeat(i * 50) }),
        );
        let event = client.payload().await;
        assert_eq!(event["t"], "MESSAGE_CREATE");
        assert_eq!(event["d"]["i"], i);
    }
    client
}

#[tokio::test]
async fn uncompressed_handshake_uses_text_frames() {
    within(async {
        let client = handshake("/?v=10&encoding=json").await;
        assert_eq!(client.binary_frames, 0);
        assert!(client.text_frames >= 28);
    })
    .await;
}

#[tokio::test]
async fn zlib_stream_handshake() {
    within(async {
        let client = handshake("/?v=10&encoding=json&compress=zlib-stream").await;
        assert_eq!(client.text_frames, 0);
        assert!(client.binary_frames >= 28);
    })
    .await;
}

#[tokio::test]
async fn zstd_stream_handshake() {
    within(async {
        let client = handshake("/?v=10&encoding=json&compress=zstd-stream").await;
        assert_eq!(client.text_frames, 0);
        assert!(client.binary_frames >= 28);
    })
    .await;
}

#[tokio::test]
async fn connects_without_query_and_with_bot_prefix() {
    within(async {
        let gateway = start(config(), World::new(1, 1)).await;
        let mut client = Client::connect(&gateway.url(), "").await;
        client.hello().await;
        client
            .send(identify(&format!("Bot {TOKEN}"), [0, 1], 1))
            .await;
        assert_eq!(client.until_event("READY").await["op"], 0);
    })
    .await;
}

#[tokio::test]
async fn presences_intent_sends_every_member() {
    within(async {
        let gateway = start(
            twilight_mock::MockConfig {
                privileged_intents: 1 << 8,
                ..config()
            },
            World::new(1, 10),
        )
        .await;
        let mut client = Client::connect(&gateway.url(), "/?v=10&encoding=json").await;
        client.hello().await;
        client.identify([0, 1], 1 | (1 << 8)).await;
        let create = client.until_event("GUILD_CREATE").await;
        assert_eq!(create["d"]["members"].as_array().unwrap().len(), 11);
        assert_eq!(create["d"]["presences"].as_array().unwrap().len(), 11);
    })
    .await;
}

#[tokio::test]
async fn heartbeat_before_identify_is_acked() {
    within(async {
        let gateway = start(config(), World::new(1, 1)).await;
        let mut client = Client::connect(&gateway.url(), "/?v=10&encoding=json").await;
        client.hello().await;
        client.send(json!({ "op": 1, "d": null })).await;
        let ack = client.payload().await;
        assert_eq!(ack["op"], 11);
        assert!(ack["s"].is_null() && ack["t"].is_null());
        // And after identify, with a seq.
        client.identify([0, 1], 1).await;
        client.until_event("GUILD_CREATE").await;
        client.send(json!({ "op": 1, "d": 2 })).await;
        assert_eq!(client.payload().await["op"], 11);
    })
    .await;
}

#[tokio::test]
async fn server_requests_a_heartbeat() {
    within(async {
        let gateway = start(config(), World::new(1, 1)).await;
        let (mut client, _) = Client::ready(&gateway.url(), [0, 1]).await;
        client.until_event("GUILD_CREATE").await;
        gateway.request_heartbeat(0);
        let request = client.payload().await;
        assert_eq!(request["op"], 1);
    })
    .await;
}

#[tokio::test]
async fn zombie_connection_is_closed_and_its_session_ends() {
    within(async {
        // 5 s Discord interval + 5 s grace at 50x: 200 ms real.
        let gateway = start(
            twilight_mock::MockConfig {
                heartbeat_interval: Duration::from_secs(5),
                heartbeat_grace: Duration::from_secs(5),
                ..config()
            },
            World::new(1, 1),
        )
        .await;
        let mut client = Client::connect(&gateway.url(), "/?v=10&encoding=json").await;
        assert_eq!(client.hello().await, 100);
        client.identify([0, 1], 1).await;
        let ready = client.until_event("READY").await;
        let session = ready["d"]["session_id"].as_str().unwrap().to_owned();
        // Heartbeating keeps it alive for a while...
        for _ in 0..5 {
            tokio::time::sleep(Duration::from_millis(60)).await;
            client.send(json!({ "op": 1, "d": 1 })).await;
        }
        // ...silence closes it with 4009.
        assert_eq!(client.close_code().await, Some(4009));
        // Polling on sends the client's answer, which ends the connection.
        while futures_util::StreamExt::next(&mut client.ws)
            .await
            .is_some()
        {}
        // opcodes-and-status-codes.mdx: after 4009, start a new session.
        let mut again = Client::connect(&gateway.url(), "/resume?v=10&encoding=json").await;
        again.hello().await;
        again.send(resume(&session, 1)).await;
        let answer = again.payload().await;
        assert_eq!(answer["op"], 9, "{answer}");
        assert_eq!(answer["d"], false);
    })
    .await;
}

#[tokio::test]
async fn stopped_acks_leave_heartbeats_unanswered() {
    within(async {
        let gateway = start(config(), World::new(1, 1)).await;
        let (mut client, _) = Client::ready(&gateway.url(), [0, 1]).await;
        client.until_event("GUILD_CREATE").await;
        gateway.stop_heartbeat_acks(Some(0));
        client.send(json!({ "op": 1, "d": 2 })).await;
        gateway.wait_for_payloads(2).await;
        gateway.dispatch_to(0, "PING_MARKER", json!({}));
        // The marker comes with no ACK before it.
        assert_eq!(client.payload().await["t"], "PING_MARKER");
        gateway.resume_heartbeat_acks();
        client.send(json!({ "op": 1, "d": 3 })).await;
        assert_eq!(client.payload().await["op"], 11);
    })
    .await;
}
