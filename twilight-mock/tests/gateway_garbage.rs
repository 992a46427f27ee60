//! Bad input never panics the mock: each gets the documented close, and the
//! gateway keeps serving.

mod gateway_support;

use gateway_support::*;
use serde_json::json;
use tokio_websockets::Message;

/// Sends `message` on a fresh connection (identified first if `identified`)
/// and returns the close code.
async fn close_for(
    gateway: &twilight_mock::Gateway,
    message: Message,
    identified: bool,
) -> Option<u16> {
    let mut client = Client::connect(&gateway.url(), "/?v=10&encoding=json").await;
    client.hello().await;
    if identified {
        client.identify([0, 1], 1).await;
        client.until_event("READY").await;
    }
    client.send_raw(message).await;
    client.close_code().await
}

#[allow(clippy::needless_pass_by_value)]
fn text(value: serde_json::Value) -> Message {
    Message::text(value.to_string())
}

#[tokio::test]
async fn garbage_gets_documented_closes() {
    within(async {
        let mut config = config();
        // Identify as often as the cases need.
        config.session_start_limit.max_concurrency = 1;
        config.time_scale = 100_000.0;
        config.heartbeat_interval = std::time::Duration::from_secs(10_000_000);
        let gateway = start(config, World::new(1, 1)).await;
        let junk: &'static [u8] = &[0xff, 0x00, 0xc3, 0x28, 0x9f, 0x01];
        let cases: Vec<(&str, Message, bool, u16)> = vec![
            ("binary junk", Message::binary(junk), false, 4002),
            ("binary JSON junk", Message::binary(&b"{\"op\":"[..]), false, 4002),
            ("huge text", Message::text("x".repeat(100_000)), false, 4002),
            ("huge binary", Message::binary(vec![7u8; 1_000_000]), false, 4002),
            ("empty text", Message::text(String::new()), false, 4002),
            ("null", Message::text("null".to_owned()), false, 4002),
            ("array", text(json!([1, 2])), false, 4002),
            ("string op", text(json!({ "op": "2", "d": {} })), false, 4002),
            ("negative op", text(json!({ "op": -1 })), false, 4002),
            ("float op", text(json!({ "op": 1.5 })), false, 4002),
            ("no op", text(json!({ "d": null })), false, 4002),
            ("huge op", text(json!({ "op": u64::MAX })), false, 4001),
            ("identify d string", text(json!({ "op": 2, "d": "token" })), false, 4001),
            ("identify token number", text(json!({ "op": 2, "d": { "token": 5, "intents": 1 } })), false, 4004),
            ("identify intents string", text(json!({ "op": 2, "d": { "token": TOKEN, "intents": "1" } })), false, 4013),
            ("identify intents negative", text(json!({ "op": 2, "d": { "token": TOKEN, "intents": -1 } })), false, 4013),
            ("identify no intents", text(json!({ "op": 2, "d": { "token": TOKEN } })), false, 4013),
            ("identify shard string", text(json!({ "op": 2, "d": { "token": TOKEN, "intents": 1, "shard": "0,1" } })), false, 4010),
            ("identify shard 3 items", text(json!({ "op": 2, "d": { "token": TOKEN, "intents": 1, "shard": [0, 1, 2] } })), false, 4010),
            ("identify shard zero", text(json!({ "op": 2, "d": { "token": TOKEN, "intents": 1, "shard": [0, 0] } })), false, 4010),
            ("identify shard huge", text(json!({ "op": 2, "d": { "token": TOKEN, "intents": 1, "shard": [0, u64::MAX] } })), false, 4010),
            ("heartbeat d string", text(json!({ "op": 1, "d": "x" })), false, 4001),
            ("resume seq string", text(json!({ "op": 6, "d": { "token": TOKEN, "session_id": "s", "seq": "5" } })), false, 4001),
            ("resume session number", text(json!({ "op": 6, "d": { "token": TOKEN, "session_id": 5, "seq": 5 } })), false, 4001),
            ("request members bad guild", text(json!({ "op": 8, "d": { "guild_id": 1.5, "query": "", "limit": 0 } })), true, 4001),
            ("request members no query", text(json!({ "op": 8, "d": { "guild_id": "4194304" } })), true, 4001),
            ("request members guild 0", text(json!({ "op": 8, "d": { "guild_id": "0", "query": "", "limit": 0 } })), true, 4001),
            ("soundboard not array", text(json!({ "op": 31, "d": { "guild_ids": "1" } })), true, 4001),
            ("channel info fields numbers", text(json!({ "op": 43, "d": { "guild_id": "4194304", "fields": [1] } })), true, 4001),
            ("presence d null", text(json!({ "op": 3, "d": null })), true, 4001),
            ("voice state no guild", text(json!({ "op": 4, "d": {} })), true, 4001),
            ("resume while identified", text(resume("s", 1)), true, 4005),
        ];
        for (name, message, identified, code) in cases {
            // Each identified case needs its own identify window: at 100000x
            // the 5 s window is 50 us.
            assert_eq!(close_for(&gateway, message, identified).await, Some(code), "{name}");
        }
        // Still serving.
        let (_client, _) = Client::ready(&gateway.url(), [0, 1]).await;
    })
    .await;
}

#[tokio::test]
async fn not_a_websocket_request_is_refused() {
    within(async {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let gateway = start(config(), World::new(1, 1)).await;
        let addr = gateway.url().trim_start_matches("ws://").to_owned();
        let mut tcp = tokio::net::TcpStream::connect(&addr).await.unwrap();
        tcp.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            .await
            .unwrap();
        let mut answer = Vec::new();
        let _ = tcp.read_to_end(&mut answer).await;
        assert!(String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 400"));
        let mut tcp = tokio::net::TcpStream::connect(&addr).await.unwrap();
        tcp.write_all(&[0u8; 64]).await.unwrap();
        drop(tcp);
        // Still serving.
        let (_client, _) = Client::ready(&gateway.url(), [0, 1]).await;
    })
    .await;
}
