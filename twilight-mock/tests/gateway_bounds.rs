//! What a hostile or broken client can make the gateway hold is bounded:
//! oversized payloads are refused before they are logged, a client that
//! never reads is dropped once its queue is full (the others keep being
//! served), sockets that never upgrade or never identify are closed, and the
//! log keeps its newest entries only.

mod gateway_support;

use gateway_support::*;
use serde_json::json;
use std::time::Duration;
use tokio::io::AsyncReadExt;
use tokio::net::TcpStream;
use tokio_websockets::Message;
use twilight_mock::gateway::DropReason;
use twilight_mock::{Gateway, Target};

fn address(gateway: &Gateway) -> String {
    gateway.url().trim_start_matches("ws://").to_owned()
}

/// Reads until the peer closes the socket; the bytes it sent meanwhile.
async fn read_to_end(stream: &mut TcpStream) -> Vec<u8> {
    let mut received = Vec::new();
    let mut buffer = [0u8; 1024];
    loop {
        match stream.read(&mut buffer).await {
            Ok(0) | Err(_) => return received,
            Ok(n) => received.extend_from_slice(&buffer[..n]),
        }
    }
}

#[tokio::test]
async fn an_oversized_payload_is_closed_with_4002_and_never_logged() {
    within(async {
        let gateway = start(config(), World::new(1, 1)).await;
        // Discord's limit is 4096 bytes: one past it, and a megabyte.
        for size in [4097, 1_000_000] {
            let mut client = Client::connect(&gateway.url(), "/?v=10&encoding=json").await;
            client.hello().await;
            let padding = "x".repeat(size - r#"{"op":1,"d":null,"x":""}"#.len());
            let payload = json!({ "op": 1, "d": null, "x": padding }).to_string();
            assert_eq!(payload.len(), size);
            client.send_raw(Message::text(payload)).await;
            assert_eq!(client.close_code().await, Some(4002), "{size} bytes");
        }
        assert!(
            gateway.payloads().is_empty(),
            "an oversized payload was logged"
        );

        // At the limit a payload is read, and its log entry is no larger.
        let mut client = Client::connect(&gateway.url(), "/?v=10&encoding=json").await;
        client.hello().await;
        let padding = "x".repeat(4096 - r#"{"op":1,"d":null,"x":""}"#.len());
        let payload = json!({ "op": 1, "d": null, "x": padding }).to_string();
        client.send_raw(Message::text(payload)).await;
        assert_eq!(client.payload().await["op"], 11, "HEARTBEAT_ACK");
        let logged = gateway.payloads();
        assert_eq!(logged.len(), 1);
        assert_eq!(logged[0].raw.len(), 4096);
    })
    .await;
}

#[tokio::test]
async fn a_ten_megabyte_frame_is_refused_and_the_gateway_keeps_serving() {
    within(async {
        let gateway = start(config(), World::new(1, 1)).await;
        let mut client = Client::connect(&gateway.url(), "/?v=10&encoding=json").await;
        client.hello().await;
        // Refused from its frame header (the WebSocket layer's limit): the
        // connection ends without the payload being read or logged.
        client
            .send_raw(Message::binary(vec![b'x'; 10 * 1024 * 1024]))
            .await;
        let code = client.close_code().await;
        assert_ne!(code, Some(1000), "closed as if normally");
        gateway.wait_for(|log| log.connections.len() == 1).await;
        assert!(gateway.payloads().is_empty());

        let (mut other, _) = Client::ready(&gateway.url(), [0, 1]).await;
        other.send(json!({ "op": 1, "d": 1 })).await;
        // GUILD_CREATE comes first.
        while other.payload().await["op"] != 11 {}
    })
    .await;
}

#[tokio::test]
async fn a_client_that_never_reads_is_dropped_once_its_queue_is_full() {
    within(async {
        const CAPACITY: usize = 8;
        let mut config = config();
        config.outgoing_queue = CAPACITY;
        config.session_start_limit.max_concurrency = 2;
        let gateway = start(config, World::new(2, 1)).await;
        let (_slow, _) = Client::ready(&gateway.url(), [0, 2]).await;
        let (mut fast, _) = Client::ready(&gateway.url(), [1, 2]).await;
        let slow_id = gateway.identifies()[0].connection;
        let fast_id = gateway.identifies()[1].connection;

        // 64 KiB dispatches to a client that reads nothing fill the sockets'
        // buffers, then its queue.
        let big = json!({ "blob": "x".repeat(64 * 1024) });
        let slow_record = |gateway: &Gateway| {
            gateway
                .log()
                .connections
                .iter()
                .find(|c| c.id == slow_id)
                .cloned()
                .unwrap()
        };
        let mut pings = 0;
        for i in 0..20_000 {
            if slow_record(&gateway).dropped_because.is_some() {
                break;
            }
            gateway.dispatch_to(Target::Shard(0), "BLOB", big.clone());
            if i % 16 == 0 {
                // The reading client is served meanwhile, one at a time.
                gateway.dispatch_to(Target::Shard(1), "PING", json!({ "n": pings }));
                assert_eq!(fast.until_event("PING").await["d"]["n"], pings);
                pings += 1;
            }
            tokio::task::yield_now().await;
        }
        let slow = slow_record(&gateway);
        assert_eq!(slow.dropped_because, Some(DropReason::QueueFull));
        assert_eq!(
            slow.max_queued, CAPACITY,
            "the queue filled, and no further"
        );
        assert!(pings > 0);

        // The other client keeps getting its dispatches.
        for n in 0..50 {
            gateway.dispatch_to(Target::Shard(1), "PING", json!({ "n": 1000 + n }));
            assert_eq!(fast.until_event("PING").await["d"]["n"], 1000 + n);
        }
        fast.send(json!({ "op": 1, "d": null })).await;
        assert_eq!(fast.payload().await["op"], 11);
        futures_util::SinkExt::close(&mut fast.ws).await.unwrap();
        gateway
            .wait_for(|log| {
                log.connections
                    .iter()
                    .any(|c| c.id == fast_id && c.max_queued > 0)
            })
            .await;
        let fast_record = gateway
            .log()
            .connections
            .iter()
            .find(|c| c.id == fast_id)
            .cloned()
            .unwrap();
        assert!(fast_record.max_queued <= CAPACITY);
        assert_eq!(fast_record.dropped_because, None);
    })
    .await;
}

#[tokio::test]
async fn a_socket_that_never_upgrades_is_closed_after_the_handshake_timeout() {
    within(async {
        let mut config = config();
        config.handshake_timeout = Duration::from_millis(200);
        let gateway = start(config, World::new(1, 1)).await;

        let mut silent = TcpStream::connect(address(&gateway)).await.unwrap();
        assert!(read_to_end(&mut silent).await.is_empty());

        // Half a request is no better.
        let mut partial = TcpStream::connect(address(&gateway)).await.unwrap();
        tokio::io::AsyncWriteExt::write_all(&mut partial, b"GET /?v=10 HTTP/1.1\r\nHost: x\r\n")
            .await
            .unwrap();
        read_to_end(&mut partial).await;

        gateway.wait_for(|log| log.handshakes_timed_out == 2).await;
        assert!(gateway.log().connections.is_empty());
        // A client that upgrades in time is served.
        Client::ready(&gateway.url(), [0, 1]).await;
    })
    .await;
}

#[tokio::test]
async fn a_connection_that_never_identifies_is_closed_with_4009() {
    within(async {
        let mut config = config();
        config.identify_timeout = Duration::from_millis(300);
        let gateway = start(config, World::new(1, 1)).await;

        // Heartbeats (answered) do not keep an unidentified connection.
        let mut idle = Client::connect(&gateway.url(), "/?v=10&encoding=json").await;
        idle.hello().await;
        let code = loop {
            idle.send_raw(Message::text(json!({ "op": 1, "d": null }).to_string()))
                .await;
            match idle.read().await {
                Read::Payload(payload) => assert_eq!(payload["op"], 11),
                Read::Close(code) => break Some(code),
                Read::Eof => break None,
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        };
        assert_eq!(code, Some(4009));
        assert_eq!(gateway.log().connections[0].closed_with, Some(4009));

        // An identified connection outlives the deadline.
        let (mut identified, _) = Client::ready(&gateway.url(), [0, 1]).await;
        tokio::time::sleep(Duration::from_millis(600)).await;
        identified.send(json!({ "op": 1, "d": 1 })).await;
        // GUILD_CREATE may come first.
        while identified.payload().await["op"] != 11 {}
        assert_eq!(gateway.log().connections[1].closed_with, None);
    })
    .await;
}

#[tokio::test]
async fn the_log_keeps_its_newest_entries_and_counts_the_dropped_ones() {
    within(async {
        let mut config = config();
        config.log_capacity = 5;
        let gateway = start(config, World::new(1, 1)).await;
        let mut client = Client::connect(&gateway.url(), "/?v=10&encoding=json").await;
        client.hello().await;
        for n in 0..12 {
            client.send(json!({ "op": 1, "d": n })).await;
            assert_eq!(client.payload().await["op"], 11);
        }
        let log = gateway.log();
        assert_eq!(log.payloads.len(), 5);
        assert_eq!(log.payloads.dropped(), 7);
        assert_eq!(log.dropped(), 7);
        let kept: Vec<_> = log.payloads.iter().map(|p| p.raw.clone()).collect();
        let newest: Vec<_> = (7..12)
            .map(|n| json!({ "op": 1, "d": n }).to_string())
            .collect();
        assert_eq!(kept, newest);

        // Connections are capped the same way.
        for _ in 0..6 {
            let mut other = Client::connect(&gateway.url(), "/?v=10&encoding=json").await;
            other.hello().await;
        }
        gateway.wait_for(|log| log.connections.dropped() == 2).await;
        let log = gateway.log();
        assert_eq!(log.connections.len(), 5);
        assert_eq!(log.connections[0].id, 2, "the oldest kept");
        assert_eq!(log.dropped(), 9);
    })
    .await;
}
