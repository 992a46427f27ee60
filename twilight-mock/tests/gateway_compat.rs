//! What clients of other libraries tripped on at the gateway: the close
//! handshake, the resume URL with a trailing slash, the envelope's key
//! order and close code 4009.

mod gateway_support;

use futures_util::{SinkExt, StreamExt};
use gateway_support::*;
use serde_json::json;
use std::time::Duration;
use tokio_websockets::{CloseCode, Message};

/// RFC 6455 §5.5.1: a Close frame is answered with a Close frame.
#[tokio::test]
async fn client_close_is_answered_with_a_close_frame() {
    within(async {
        let gateway = start(config(), World::new(1, 1)).await;
        let (mut client, _) = Client::ready(&gateway.url(), [0, 1]).await;
        client.until_event("GUILD_CREATE").await;
        client
            .ws
            .send(Message::close(Some(CloseCode::NORMAL_CLOSURE), "bye"))
            .await
            .unwrap();
        assert_eq!(client.close_code().await, Some(1000));
    })
    .await;
}

/// A 4000 close from the client is echoed with its code too, and the
/// session stays resumable.
#[tokio::test]
async fn client_close_with_a_resumable_code_is_echoed() {
    within(async {
        let gateway = start(config(), World::new(1, 1)).await;
        let (mut client, ready) = Client::ready(&gateway.url(), [0, 1]).await;
        client.until_event("GUILD_CREATE").await;
        let code = CloseCode::try_from(4000).unwrap();
        client
            .ws
            .send(Message::close(Some(code), ""))
            .await
            .unwrap();
        assert_eq!(client.close_code().await, Some(4000));
        let session = ready["d"]["session_id"].as_str().unwrap();
        let mut again = Client::connect(&gateway.url(), "/resume?v=10").await;
        again.hello().await;
        again.send(resume(session, 2)).await;
        assert_eq!(again.until_event("RESUMED").await["op"], 0);
    })
    .await;
}

#[tokio::test]
async fn resume_url_with_a_trailing_slash_is_the_resume_url() {
    within(async {
        let gateway = start(config(), World::new(1, 1)).await;
        let mut client = Client::connect(&gateway.url(), "/resume/?v=10&encoding=json").await;
        client.hello().await;
        let mut other = Client::connect(&gateway.url(), "/?v=10&encoding=json").await;
        other.hello().await;
        let connections = gateway.log().connections;
        assert_eq!(connections[0].path, "/resume/?v=10&encoding=json");
        assert!(connections[0].resume_url);
        assert!(!connections[1].resume_url);
    })
    .await;
}

/// Discord sends `t`, `s`, `op`, then `d`; the raw text shows the order.
#[tokio::test]
async fn payloads_keep_discords_key_order() {
    within(async {
        let gateway = start(config(), World::new(1, 1)).await;
        let mut client = Client::connect(&gateway.url(), "/?v=10&encoding=json").await;
        let raw = async |client: &mut Client| {
            let message = client.ws.next().await.unwrap().unwrap();
            message.as_text().unwrap().to_owned()
        };
        let hello = raw(&mut client).await;
        assert!(
            hello.starts_with(r#"{"t":null,"s":null,"op":10,"d":{"#),
            "{hello}"
        );
        client.identify([0, 1], 1).await;
        let ready = raw(&mut client).await;
        assert!(
            ready.starts_with(r#"{"t":"READY","s":1,"op":0,"d":{"#),
            "{ready}"
        );
        let create = raw(&mut client).await;
        assert!(
            create.starts_with(r#"{"t":"GUILD_CREATE","s":2,"op":0,"d":{"#),
            "{create}"
        );
        // Still one JSON object.
        let parsed: serde_json::Value = serde_json::from_str(&create).unwrap();
        assert_eq!(parsed["d"]["id"], (1_u64 << 22).to_string());
        gateway.dispatch_to(0, "MARKER", json!({ "quote": "\"t\"" }));
        let marker = raw(&mut client).await;
        assert_eq!(
            marker,
            r#"{"t":"MARKER","s":3,"op":0,"d":{"quote":"\"t\""}}"#
        );
    })
    .await;
}

/// Close code 4009 (session timed out) ends the session: a RESUME after it
/// gets INVALID_SESSION `d: false`, whether the mock closed for silence or a
/// test closed with 4009.
#[tokio::test]
async fn session_timed_out_close_ends_the_session() {
    within(async {
        let gateway = start(config(), World::new(1, 1)).await;
        let (mut client, ready) = Client::ready(&gateway.url(), [0, 1]).await;
        client.until_event("GUILD_CREATE").await;
        gateway.close_connection(0, 4009, "Session timed out.");
        assert_eq!(client.close_code().await, Some(4009));
        // Polling on sends the client's answer, which ends the connection.
        while client.ws.next().await.is_some() {}
        tokio::time::sleep(Duration::from_millis(20)).await;
        let session = ready["d"]["session_id"].as_str().unwrap();
        let mut again = Client::connect(&gateway.url(), "/resume?v=10").await;
        again.hello().await;
        again.send(resume(session, 2)).await;
        let answer = again.payload().await;
        assert_eq!(answer["op"], 9, "{answer}");
        assert_eq!(answer["d"], false);
        assert!(!gateway.resumes()[0].resumed);
    })
    .await;
}
