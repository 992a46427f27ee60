//! IDENTIFY's `compress: true` (payload compression, events/gateway.mdx):
//! dispatches come as separate zlib streams in binary frames, other
//! payloads as text; off under transport compression.

mod gateway_support;

use flate2::read::ZlibDecoder;
use futures_util::StreamExt;
use gateway_support::*;
use serde_json::{Value, json};
use std::io::Read;

async fn identify_compressed(path: &str) -> (twilight_mock::Gateway, Client) {
    let gateway = start(config(), World::new(2, 1)).await;
    let mut client = Client::connect(&gateway.url(), path).await;
    client.hello().await;
    let mut identify = identify(TOKEN, [0, 1], 1);
    identify["d"]["compress"] = json!(true);
    client.send(identify).await;
    (gateway, client)
}

/// The next frame: `(binary, JSON)`, decompressing binary frames on their
/// own.
async fn next_frame(client: &mut Client) -> (bool, Value) {
    let message = client.ws.next().await.unwrap().unwrap();
    if message.is_binary() {
        let mut text = String::new();
        ZlibDecoder::new(&*message.as_payload().to_vec())
            .read_to_string(&mut text)
            .unwrap();
        (true, serde_json::from_str(&text).unwrap())
    } else {
        (
            false,
            serde_json::from_str(message.as_text().unwrap()).unwrap(),
        )
    }
}

#[tokio::test]
async fn dispatches_are_compressed_one_by_one() {
    within(async {
        let (_gateway, mut client) = identify_compressed("/?v=10&encoding=json").await;
        let (binary, ready) = next_frame(&mut client).await;
        assert!(binary);
        assert_eq!(ready["t"], "READY");
        // Each GUILD_CREATE decompresses without the earlier frames.
        for _ in 0..2 {
            let (binary, create) = next_frame(&mut client).await;
            assert!(binary);
            assert_eq!(create["t"], "GUILD_CREATE");
        }
        client.send(json!({ "op": 1, "d": 3 })).await;
        let (binary, ack) = next_frame(&mut client).await;
        assert!(!binary, "{ack}");
        assert_eq!(ack["op"], 11);
    })
    .await;
}

#[tokio::test]
async fn transport_compression_turns_payload_compression_off() {
    within(async {
        let (_gateway, mut client) =
            identify_compressed("/?v=10&encoding=json&compress=zlib-stream").await;
        // Read through the shared zlib context, as transport compression is.
        let ready = client.payload().await;
        assert_eq!(ready["t"], "READY");
        assert_eq!(client.payload().await["t"], "GUILD_CREATE");
    })
    .await;
}
