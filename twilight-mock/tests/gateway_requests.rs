//! REQUEST_GUILD_MEMBERS, REQUEST_SOUNDBOARD_SOUNDS and REQUEST_CHANNEL_INFO.

mod gateway_support;

use gateway_support::*;
use serde_json::{Value, json};

const GUILD: u64 = 1 << 22;

async fn ready(intents: u64, members: usize) -> (twilight_mock::Gateway, Client) {
    let mut config = config();
    config.privileged_intents = (1 << 1) | (1 << 8);
    let gateway = start(config, World::new(1, members)).await;
    let mut client = Client::connect(&gateway.url(), "/?v=10&encoding=json").await;
    client.hello().await;
    client.identify([0, 1], intents).await;
    client.until_event("GUILD_CREATE").await;
    (gateway, client)
}

async fn chunks(client: &mut Client) -> Vec<Value> {
    let mut chunks = Vec::new();
    loop {
        let chunk = client.until_event("GUILD_MEMBERS_CHUNK").await["d"].clone();
        let count = chunk["chunk_count"].as_u64().unwrap();
        chunks.push(chunk);
        if chunks.len() as u64 == count {
            return chunks;
        }
    }
}

#[tokio::test]
async fn all_members_in_chunks_of_1000() {
    within(async {
        let (_g, mut client) = ready(1 | (1 << 1), 2500).await;
        client
            .send(json!({ "op": 8, "d": { "guild_id": GUILD.to_string(), "query": "", "limit": 0, "nonce": "abc" } }))
            .await;
        let chunks = chunks(&mut client).await;
        let sizes: Vec<usize> = chunks
            .iter()
            .map(|c| c["members"].as_array().unwrap().len())
            .collect();
        assert_eq!(sizes, vec![1000, 1000, 501]);
        for (i, chunk) in chunks.iter().enumerate() {
            assert_eq!(chunk["chunk_index"], i);
            assert_eq!(chunk["chunk_count"], 3);
            assert_eq!(chunk["nonce"], "abc");
            assert_eq!(chunk["guild_id"], GUILD.to_string());
            assert!(chunk["not_found"].as_array().unwrap().is_empty());
            // presences were not asked for.
            assert!(chunk.get("presences").is_none());
        }
    })
    .await;
}

#[tokio::test]
async fn members_by_id_with_not_found_and_presences() {
    within(async {
        let (_g, mut client) = ready(1 | (1 << 8), 10).await;
        client
            .send(json!({ "op": 8, "d": { "guild_id": GUILD.to_string(), "user_ids": ["1001", "5"], "presences": true } }))
            .await;
        let chunks = chunks(&mut client).await;
        assert_eq!(chunks.len(), 1);
        assert_eq!(chunks[0]["members"][0]["user"]["id"], "1001");
        assert_eq!(chunks[0]["not_found"], json!(["5"]));
        assert_eq!(chunks[0]["presences"].as_array().unwrap().len(), 1);
        assert!(chunks[0].get("nonce").is_none());
    })
    .await;
}

#[tokio::test]
async fn members_by_prefix_are_limited() {
    within(async {
        let (_g, mut client) = ready(1, 500).await;
        client
            .send(json!({ "op": 8, "d": { "guild_id": GUILD.to_string(), "query": "user1", "limit": 1000 } }))
            .await;
        let chunks = chunks(&mut client).await;
        // A prefix query returns at most 100.
        assert_eq!(chunks[0]["members"].as_array().unwrap().len(), 100);
    })
    .await;
}

#[tokio::test]
async fn the_whole_list_needs_guild_members() {
    within(async {
        let (_g, mut client) = ready(1, 10).await;
        client
            .send(
                json!({ "op": 8, "d": { "guild_id": GUILD.to_string(), "query": "", "limit": 0 } }),
            )
            .await;
        assert_eq!(client.close_code().await, Some(4001));
    })
    .await;
}

#[tokio::test]
async fn soundboard_sounds_and_channel_info() {
    within(async {
        let (_g, mut client) = ready(1, 1).await;
        client
            .send(json!({ "op": 31, "d": { "guild_ids": [GUILD.to_string()] } }))
            .await;
        let sounds = client.until_event("SOUNDBOARD_SOUNDS").await;
        assert_eq!(sounds["d"], json!({ "soundboard_sounds": [], "guild_id": GUILD.to_string() }));
        client
            .send(json!({ "op": 43, "d": { "guild_id": GUILD.to_string(), "fields": ["status"] } }))
            .await;
        let info = client.until_event("CHANNEL_INFO").await;
        assert_eq!(
            info["d"],
            json!({ "guild_id": GUILD.to_string(), "channels": [{ "id": (GUILD + 2).to_string(), "status": null }] })
        );
        // Presence and voice state updates are accepted.
        client
            .send(json!({ "op": 3, "d": { "since": null, "activities": [], "status": "online", "afk": false } }))
            .await;
        client
            .send(json!({ "op": 4, "d": { "guild_id": GUILD.to_string(), "channel_id": null, "self_mute": false, "self_deaf": false } }))
            .await;
        client.send(json!({ "op": 1, "d": null })).await;
        assert_eq!(client.payload().await["op"], 11);
    })
    .await;
}

/// A second request for the whole member list within the window gets
/// RATE_LIMITED (gateway-events.mdx, Rate Limited), not chunks.
#[tokio::test]
async fn requesting_all_members_again_at_once_is_rate_limited() {
    within(async {
        let (_g, mut client) = ready(1 | (1 << 1), 5).await;
        let all = json!({ "op": 8, "d": { "guild_id": GUILD.to_string(), "query": "", "limit": 0, "nonce": "n1" } });
        client.send(all.clone()).await;
        assert_eq!(chunks(&mut client).await.len(), 1);
        let mut again = all;
        again["d"]["nonce"] = json!("n2");
        client.send(again).await;
        let limited = client.payload().await;
        assert_eq!(limited["t"], "RATE_LIMITED", "{limited}");
        assert_eq!(limited["d"]["opcode"], 8);
        assert_eq!(limited["d"]["meta"], json!({ "guild_id": GUILD.to_string(), "nonce": "n2" }));
        let retry = limited["d"]["retry_after"].as_f64().unwrap();
        assert!(retry > 0.0 && retry <= 30.0, "{retry}");
        // Other requests are not limited.
        client
            .send(json!({ "op": 8, "d": { "guild_id": GUILD.to_string(), "query": "user", "limit": 2 } }))
            .await;
        assert_eq!(client.until_event("GUILD_MEMBERS_CHUNK").await["t"], "GUILD_MEMBERS_CHUNK");
    })
    .await;
}
