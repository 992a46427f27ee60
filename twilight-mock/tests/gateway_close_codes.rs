//! Every documented close code the mock sends, one test each.

mod gateway_support;

use gateway_support::*;
use serde_json::json;
use tokio_websockets::Message;
use twilight_mock::MockConfig;

async fn connected(config: MockConfig, world: World) -> (twilight_mock::Gateway, Client) {
    let gateway = start(config, world).await;
    let mut client = Client::connect(&gateway.url(), "/?v=10&encoding=json").await;
    client.hello().await;
    (gateway, client)
}

#[tokio::test]
async fn unknown_opcode_4001() {
    within(async {
        let (_g, mut client) = connected(config(), World::new(1, 1)).await;
        client.send(json!({ "op": 5, "d": null })).await;
        assert_eq!(client.close_code().await, Some(4001));
    })
    .await;
}

#[tokio::test]
async fn receive_only_opcode_4001() {
    within(async {
        let (_g, mut client) = connected(config(), World::new(1, 1)).await;
        client.send(json!({ "op": 11, "d": null })).await;
        assert_eq!(client.close_code().await, Some(4001));
    })
    .await;
}

#[tokio::test]
async fn invalid_json_4002() {
    within(async {
        let (_g, mut client) = connected(config(), World::new(1, 1)).await;
        client.send_raw(Message::text("{\"op\": 1, ")).await;
        assert_eq!(client.close_code().await, Some(4002));
    })
    .await;
}

#[tokio::test]
async fn payload_over_4096_bytes_4002() {
    within(async {
        let (_g, mut client) = connected(config(), World::new(1, 1)).await;
        let mut identify = identify(TOKEN, [0, 1], 1);
        identify["d"]["properties"]["os"] = json!("x".repeat(4096));
        client.send(identify).await;
        assert_eq!(client.close_code().await, Some(4002));
    })
    .await;
}

#[tokio::test]
async fn payload_of_exactly_4096_bytes_is_fine() {
    within(async {
        let (_g, mut client) = connected(config(), World::new(1, 1)).await;
        let mut identify = identify(TOKEN, [0, 1], 1);
        let len = identify.to_string().len();
        identify["d"]["properties"]["os"] = json!("x".repeat(4096 - len + "linux".len()));
        assert_eq!(identify.to_string().len(), 4096);
        client.send(identify).await;
        assert_eq!(client.until_event("READY").await["op"], 0);
    })
    .await;
}

#[tokio::test]
async fn payload_before_identify_4003() {
    within(async {
        let (_g, mut client) = connected(config(), World::new(1, 1)).await;
        client
            .send(json!({ "op": 8, "d": { "guild_id": "4194304", "query": "", "limit": 0 } }))
            .await;
        assert_eq!(client.close_code().await, Some(4003));
    })
    .await;
}

#[tokio::test]
async fn wrong_token_4004() {
    within(async {
        let (gateway, mut client) = connected(config(), World::new(1, 1)).await;
        client.send(identify("not-the-token", [0, 1], 1)).await;
        assert_eq!(client.close_code().await, Some(4004));
        // The token is never logged.
        assert!(
            gateway
                .payloads()
                .iter()
                .all(|p| !p.raw.contains("not-the-token"))
        );
    })
    .await;
}

#[tokio::test]
async fn second_identify_4005() {
    within(async {
        let (_g, mut client) = connected(config(), World::new(1, 1)).await;
        client.identify([0, 1], 1).await;
        client.until_event("READY").await;
        client.identify([0, 1], 1).await;
        assert_eq!(client.close_code().await, Some(4005));
    })
    .await;
}

#[tokio::test]
async fn resume_with_a_future_seq_4007() {
    within(async {
        let gateway = start(config(), World::new(1, 1)).await;
        let (mut client, ready) = Client::ready(&gateway.url(), [0, 1]).await;
        let session = ready["d"]["session_id"].as_str().unwrap().to_owned();
        client.until_event("GUILD_CREATE").await;
        gateway.drop_connection(0);
        assert_eq!(client.close_code().await, None);
        let mut again = Client::connect(&gateway.url(), "/resume?v=10&encoding=json").await;
        again.hello().await;
        again.send(resume(&session, 99)).await;
        assert_eq!(again.close_code().await, Some(4007));
    })
    .await;
}

#[tokio::test]
async fn the_121st_payload_in_60_seconds_4008() {
    within(async {
        // Slow clock, so the 60 s window cannot pass during the test.
        let (gateway, mut client) = connected(
            MockConfig {
                time_scale: 1.0,
                ..config()
            },
            World::new(1, 1),
        )
        .await;
        for i in 0..120 {
            client.send(json!({ "op": 1, "d": null })).await;
            assert_eq!(client.payload().await["op"], 11, "heartbeat {i}");
        }
        client.send(json!({ "op": 1, "d": null })).await;
        assert_eq!(client.close_code().await, Some(4008));
        assert_eq!(gateway.payloads().len(), 121);
    })
    .await;
}

#[tokio::test]
async fn send_window_resets_after_60_discord_seconds() {
    within(async {
        // 60 s at 1000x: 60 ms.
        let (_g, mut client) = connected(
            MockConfig {
                time_scale: 1000.0,
                heartbeat_interval: std::time::Duration::from_secs(100_000),
                ..config()
            },
            World::new(1, 1),
        )
        .await;
        for _ in 0..120 {
            client.send(json!({ "op": 1, "d": null })).await;
        }
        for _ in 0..120 {
            assert_eq!(client.payload().await["op"], 11);
        }
        tokio::time::sleep(std::time::Duration::from_millis(80)).await;
        client.send(json!({ "op": 1, "d": null })).await;
        assert_eq!(client.payload().await["op"], 11);
    })
    .await;
}

#[tokio::test]
async fn shard_id_not_below_count_4010() {
    within(async {
        let (_g, mut client) = connected(config(), World::new(1, 1)).await;
        client.identify([2, 2], 1).await;
        assert_eq!(client.close_code().await, Some(4010));
    })
    .await;
}

#[tokio::test]
async fn shard_count_not_a_multiple_4010() {
    within(async {
        let (_g, mut client) = connected(
            MockConfig {
                shard_multiple: 16,
                ..config()
            },
            World::new(1, 1),
        )
        .await;
        client.identify([0, 8], 1).await;
        assert_eq!(client.close_code().await, Some(4010));
    })
    .await;
}

#[tokio::test]
async fn too_many_guilds_per_shard_4011() {
    within(async {
        let (_g, mut client) = connected(
            MockConfig {
                max_guilds_per_shard: 2,
                ..config()
            },
            World::new(3, 1),
        )
        .await;
        client.identify([0, 1], 1).await;
        assert_eq!(client.close_code().await, Some(4011));
        // Two shards hold at most two guilds each.
    })
    .await;
}

#[tokio::test]
async fn enough_shards_pass_the_guild_limit() {
    within(async {
        let gateway = start(
            MockConfig {
                max_guilds_per_shard: 2,
                ..config()
            },
            World::new(3, 1),
        )
        .await;
        let (_c, ready) = Client::ready(&gateway.url(), [1, 2]).await;
        // Guilds 1 and 3 (n % 2 == 1).
        assert_eq!(ready["d"]["guilds"].as_array().unwrap().len(), 2);
    })
    .await;
}

#[tokio::test]
async fn unsupported_version_4012() {
    within(async {
        let gateway = start(config(), World::new(1, 1)).await;
        let mut client = Client::connect(&gateway.url(), "/?v=6&encoding=json").await;
        assert_eq!(client.close_code().await, Some(4012));
    })
    .await;
}

#[tokio::test]
async fn unknown_encoding_is_refused_with_4002() {
    within(async {
        let gateway = start(config(), World::new(1, 1)).await;
        let mut client = Client::connect(&gateway.url(), "/?v=10&encoding=xml").await;
        assert_eq!(client.close_code().await, Some(4002));
    })
    .await;
}

#[tokio::test]
async fn undocumented_intent_bit_4013() {
    within(async {
        let (_g, mut client) = connected(config(), World::new(1, 1)).await;
        client.identify([0, 1], 1 << 17).await;
        assert_eq!(client.close_code().await, Some(4013));
    })
    .await;
}

#[tokio::test]
async fn privileged_intent_not_granted_4014() {
    within(async {
        let (_g, mut client) = connected(
            MockConfig {
                privileged_intents: 1 << 1,
                ..config()
            },
            World::new(1, 1),
        )
        .await;
        client.identify([0, 1], 1 | (1 << 15)).await;
        assert_eq!(client.close_code().await, Some(4014));
    })
    .await;
}

#[tokio::test]
async fn control_close_with_a_code() {
    within(async {
        let gateway = start(config(), World::new(1, 1)).await;
        let (mut client, _) = Client::ready(&gateway.url(), [0, 1]).await;
        gateway.close_connection(0, 4000, "test");
        assert_eq!(client.close_code().await, Some(4000));
        assert_eq!(gateway.log().connections[0].closed_with, Some(4000));
    })
    .await;
}
