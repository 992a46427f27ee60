//! RESUME: replay of missed dispatches, invalid resumes, and the controls
//! that force clients to resume.

mod gateway_support;

use gateway_support::*;
use serde_json::{Value, json};
use std::time::Duration;
use tokio_websockets::{CloseCode, Message};
use twilight_mock::{Corruption, MockConfig};

/// Several shards may identify at once.
fn concurrent() -> MockConfig {
    let mut config = config();
    config.session_start_limit.max_concurrency = 16;
    config
}

async fn ready_session(gateway: &twilight_mock::Gateway) -> (Client, String, u64) {
    let (mut client, ready) = Client::ready(&gateway.url(), [0, 1]).await;
    let session = ready["d"]["session_id"].as_str().unwrap().to_owned();
    let create = client.until_event("GUILD_CREATE").await;
    (client, session, create["s"].as_u64().unwrap())
}

async fn resume_client(gateway: &twilight_mock::Gateway, session: &str, seq: u64) -> Client {
    let mut client = Client::connect(&gateway.url(), "/resume?v=10&encoding=json").await;
    client.hello().await;
    client.send(resume(session, seq)).await;
    client
}

#[tokio::test]
async fn resume_replays_every_missed_dispatch_in_order_once() {
    within(async {
        let gateway = start(config(), World::new(1, 1)).await;
        let (mut client, session, _) = ready_session(&gateway).await;
        // Seen: 1..=4; the client has read up to 4 (READY, GUILD_CREATE, 2 more).
        gateway.dispatch_to(0, "MESSAGE_CREATE", json!({ "n": 0 }));
        gateway.dispatch_to(0, "MESSAGE_CREATE", json!({ "n": 1 }));
        assert_eq!(client.payload().await["s"], 3);
        assert_eq!(client.payload().await["s"], 4);
        gateway.drop_connection(0);
        assert_eq!(client.close_code().await, None);
        // Missed while disconnected.
        for n in 2..7 {
            gateway.dispatch_to(0, "MESSAGE_CREATE", json!({ "n": n }));
        }
        let mut client = resume_client(&gateway, &session, 4).await;
        let mut seqs = Vec::new();
        loop {
            let payload = client.payload().await;
            if payload["t"] == "RESUMED" {
                assert_eq!(payload["s"], 10);
                break;
            }
            assert_eq!(payload["t"], "MESSAGE_CREATE");
            seqs.push((
                payload["s"].as_u64().unwrap(),
                payload["d"]["n"].as_u64().unwrap(),
            ));
        }
        assert_eq!(seqs, vec![(5, 2), (6, 3), (7, 4), (8, 5), (9, 6)]);
        // New events continue the sequence.
        gateway.dispatch_to(0, "MESSAGE_CREATE", json!({ "n": 7 }));
        assert_eq!(client.payload().await["s"], 11);
        let log = gateway.resumes();
        assert_eq!(log.len(), 1);
        assert!(log[0].resumed);
        assert_eq!(log[0].replayed, 5);
        // It came on the resume URL.
        assert!(gateway.log().connections[1].resume_url);
    })
    .await;
}

#[tokio::test]
async fn resume_from_a_partly_read_stream_replays_the_rest() {
    within(async {
        let gateway = start(config(), World::new(2, 1)).await;
        let (client, session, _) = ready_session(&gateway).await;
        // The client read READY and one GUILD_CREATE (s 2) of three.
        drop(client);
        let mut client = resume_client(&gateway, &session, 2).await;
        let replay = client.payload().await;
        assert_eq!(
            (replay["t"].as_str(), replay["s"].as_u64()),
            (Some("GUILD_CREATE"), Some(3))
        );
        assert_eq!(client.payload().await["t"], "RESUMED");
    })
    .await;
}

#[tokio::test]
async fn resume_of_an_unknown_session_gets_invalid_session() {
    within(async {
        let gateway = start(config(), World::new(1, 1)).await;
        let mut client = resume_client(&gateway, "no-such-session", 1).await;
        let invalid = client.payload().await;
        assert_eq!(
            (invalid["op"].as_u64(), invalid["d"].as_bool()),
            (Some(9), Some(false))
        );
        assert!(!gateway.resumes()[0].resumed);
    })
    .await;
}

#[tokio::test]
async fn resume_after_a_1000_close_gets_invalid_session() {
    within(async {
        let gateway = start(config(), World::new(1, 1)).await;
        let (mut client, session, seq) = ready_session(&gateway).await;
        client
            .send_raw(Message::close(Some(CloseCode::NORMAL_CLOSURE), ""))
            .await;
        let _ = client.close_code().await;
        let mut client = resume_client(&gateway, &session, seq).await;
        assert_eq!(client.payload().await["op"], 9);
    })
    .await;
}

#[tokio::test]
async fn resume_after_a_4000_close_from_the_client_works() {
    within(async {
        let gateway = start(config(), World::new(1, 1)).await;
        let (mut client, session, seq) = ready_session(&gateway).await;
        client
            .send_raw(Message::close(Some(CloseCode::try_from(4000).unwrap()), ""))
            .await;
        let _ = client.close_code().await;
        let mut client = resume_client(&gateway, &session, seq).await;
        assert_eq!(client.payload().await["t"], "RESUMED");
    })
    .await;
}

#[tokio::test]
async fn resume_from_a_seq_no_longer_buffered_gets_invalid_session() {
    within(async {
        let gateway = start(
            MockConfig {
                resume_buffer: 3,
                ..config()
            },
            World::new(1, 1),
        )
        .await;
        let (client, session, _) = ready_session(&gateway).await;
        drop(client);
        for n in 0..5 {
            gateway.dispatch_to(0, "MESSAGE_CREATE", json!({ "n": n }));
        }
        let mut client = resume_client(&gateway, &session, 2).await;
        assert_eq!(client.payload().await["op"], 9);
    })
    .await;
}

#[tokio::test]
async fn session_expires_after_the_resume_timeout() {
    within(async {
        // 10 s at 50x: 200 ms.
        let gateway = start(
            MockConfig {
                resume_timeout: Duration::from_secs(10),
                ..config()
            },
            World::new(1, 1),
        )
        .await;
        let (client, session, seq) = ready_session(&gateway).await;
        drop(client);
        tokio::time::sleep(Duration::from_millis(300)).await;
        let mut client = resume_client(&gateway, &session, seq).await;
        assert_eq!(client.payload().await["op"], 9);
    })
    .await;
}

#[tokio::test]
async fn reconnect_then_resume() {
    within(async {
        let gateway = start(config(), World::new(1, 1)).await;
        let (mut client, session, seq) = ready_session(&gateway).await;
        gateway.send_reconnect(0);
        let reconnect = client.payload().await;
        assert_eq!(
            (reconnect["op"].as_u64(), reconnect["d"].is_null()),
            (Some(7), true)
        );
        drop(client);
        let mut client = resume_client(&gateway, &session, seq).await;
        assert_eq!(client.payload().await["t"], "RESUMED");
    })
    .await;
}

#[tokio::test]
async fn invalid_session_control() {
    within(async {
        let gateway = start(config(), World::new(1, 1)).await;
        let (mut client, session, seq) = ready_session(&gateway).await;
        gateway.send_invalid_session(0, true);
        assert_eq!(client.payload().await["d"], true);
        gateway.send_invalid_session(0, false);
        let invalid = client.payload().await;
        assert_eq!(
            (invalid["op"].as_u64(), invalid["d"].as_bool()),
            (Some(9), Some(false))
        );
        drop(client);
        // d: false ended the session.
        let mut client = resume_client(&gateway, &session, seq).await;
        assert_eq!(client.payload().await["op"], 9);
    })
    .await;
}

#[tokio::test]
async fn events_for_a_guild_go_to_its_shard() {
    within(async {
        let gateway = start(concurrent(), World::new(4, 1)).await;
        let (mut shard0, _) = Client::ready(&gateway.url(), [0, 2]).await;
        let (mut shard1, _) = Client::ready(&gateway.url(), [1, 2]).await;
        shard0.until_event("GUILD_CREATE").await;
        shard0.until_event("GUILD_CREATE").await;
        shard1.until_event("GUILD_CREATE").await;
        shard1.until_event("GUILD_CREATE").await;
        // Guild 3 (3 << 22) lives on shard 1.
        twilight_mock::hub::EventSink::dispatch(
            &gateway,
            Some(twilight_model::id::Id::new(3 << 22)),
            "CHANNEL_CREATE",
            json!({ "guild_id": (3u64 << 22).to_string() }),
        );
        // Guild 2 on shard 0; the control path does not filter by intents.
        gateway.dispatch_to_guild(
            twilight_model::id::Id::new(2 << 22),
            "TYPING_START",
            json!({}),
        );
        assert_eq!(shard1.payload().await["t"], "CHANNEL_CREATE");
        assert_eq!(shard0.payload().await["t"], "TYPING_START");
    })
    .await;
}

#[tokio::test]
async fn intents_filter_sink_events() {
    within(async {
        let gateway = start(config(), World::new(1, 1)).await;
        let (mut client, _) = Client::ready(&gateway.url(), [0, 1]).await; // GUILDS only
        client.until_event("GUILD_CREATE").await;
        let guild = Some(twilight_model::id::Id::new(1 << 22));
        twilight_mock::hub::EventSink::dispatch(&gateway, guild, "MESSAGE_CREATE", json!({}));
        twilight_mock::hub::EventSink::dispatch(&gateway, guild, "CHANNEL_CREATE", json!({}));
        assert_eq!(client.payload().await["t"], "CHANNEL_CREATE");
    })
    .await;
}

#[tokio::test]
async fn corrupted_frames() {
    within(async {
        let gateway = start(concurrent(), World::new(1, 1)).await;
        // Bad JSON on an uncompressed connection.
        let (mut client, _) = Client::ready(&gateway.url(), [0, 1]).await;
        client.until_event("GUILD_CREATE").await;
        gateway.corrupt_next_frame(0, Corruption::Json);
        gateway.dispatch_to(0, "MESSAGE_CREATE", json!({ "content": "hello" }));
        let message = client.ws.next_message().await;
        assert!(
            serde_json::from_str::<Value>(&message).is_err(),
            "{message}"
        );

        // Bad compressed bytes on a zlib-stream connection.
        let mut zlib =
            Client::connect(&gateway.url(), "/?v=10&encoding=json&compress=zlib-stream").await;
        zlib.hello().await;
        // Another bucket than shard 0's (one identify per bucket per 5 s).
        zlib.identify([1, 2], 1).await;
        zlib.until_event("GUILD_CREATE").await;
        let conn = gateway.identifies()[1].connection;
        gateway.corrupt_next_frame(
            twilight_mock::Target::Connection(conn),
            Corruption::Compression,
        );
        gateway.dispatch_to(
            twilight_mock::Target::Connection(conn),
            "MESSAGE_CREATE",
            json!({}),
        );
        let frame = zlib.ws.next_binary().await;
        let mut inflate = flate2::Decompress::new(true);
        let mut out = Vec::with_capacity(1024);
        assert!(
            inflate
                .decompress_vec(&frame, &mut out, flate2::FlushDecompress::Sync)
                .is_err()
        );
    })
    .await;
}

#[tokio::test]
async fn delayed_payloads() {
    within(async {
        let gateway = start(config(), World::new(1, 1)).await;
        let (mut client, _) = Client::ready(&gateway.url(), [0, 1]).await;
        client.until_event("GUILD_CREATE").await;
        // 10 s of Discord time at 50x: 200 ms.
        gateway.set_delay(Duration::from_secs(10));
        let start = tokio::time::Instant::now();
        gateway.dispatch_to(0, "MESSAGE_CREATE", json!({}));
        client.payload().await;
        assert!(start.elapsed() >= Duration::from_millis(190));
    })
    .await;
}

trait NextMessage {
    async fn next_message(&mut self) -> String;
    async fn next_binary(&mut self) -> Vec<u8>;
}

impl NextMessage
    for tokio_websockets::WebSocketStream<tokio_websockets::MaybeTlsStream<tokio::net::TcpStream>>
{
    async fn next_message(&mut self) -> String {
        use futures_util::StreamExt;
        let message = self.next().await.unwrap().unwrap();
        message.as_text().unwrap().to_owned()
    }

    async fn next_binary(&mut self) -> Vec<u8> {
        use futures_util::StreamExt;
        let message = self.next().await.unwrap().unwrap();
        assert!(message.is_binary());
        message.as_payload().to_vec()
    }
}
