//! IDENTIFY's `large_threshold`: a guild with more members is `large`, and
//! its GUILD_CREATE leaves offline members out.

mod gateway_support;

use gateway_support::*;
use serde_json::{Value, json};
use std::time::Duration;
use twilight_mock::fixtures::Fixtures;
use twilight_mock::{Mock, MockConfig};

const GUILDS_AND_PRESENCES: u64 = 1 | (1 << 8);

async fn guild_create(discord: &Mock, large_threshold: Option<u64>) -> Value {
    let mut client = Client::connect(&discord.gateway_url(), "/?v=10&encoding=json").await;
    client.hello().await;
    let mut identify = identify(TOKEN, [0, 1], GUILDS_AND_PRESENCES);
    if let Some(threshold) = large_threshold {
        identify["d"]["large_threshold"] = json!(threshold);
    }
    client.send(identify).await;
    client.until_event("GUILD_CREATE").await["d"].take()
}

fn mock_config() -> MockConfig {
    MockConfig {
        token: TOKEN.to_owned(),
        time_scale: 1000.0,
        heartbeat_interval: Duration::from_secs(1_000_000),
        // 60 users and the bot; a quarter of the users offline.
        fixtures: Fixtures::generate(1, 60, 1),
        ..MockConfig::default()
    }
}

#[tokio::test]
async fn large_threshold_decides_large_and_leaves_offline_members_out() {
    within(async {
        let discord = Mock::start(mock_config()).await.unwrap();
        // Default 50: 61 members is large.
        let large = guild_create(&discord, None).await;
        assert_eq!(large["member_count"], 61);
        assert_eq!(large["large"], true);
        let online: Vec<&Value> = large["presences"].as_array().unwrap().iter().collect();
        let members = large["members"].as_array().unwrap();
        assert!(members.len() < 61, "{}", members.len());
        assert!(members.len() >= online.len());
        for member in members {
            let id = &member["user"]["id"];
            let is_bot = member["user"]["bot"] == true;
            assert!(
                is_bot || online.iter().any(|p| &p["user"]["id"] == id),
                "{member}"
            );
        }

        tokio::time::sleep(Duration::from_millis(10)).await;
        let whole = guild_create(&discord, Some(250)).await;
        assert_eq!(whole["large"], false);
        assert_eq!(whole["members"].as_array().unwrap().len(), 61);
    })
    .await;
}

#[tokio::test]
async fn large_threshold_out_of_range_is_an_invalid_payload() {
    within(async {
        let discord = Mock::start(mock_config()).await.unwrap();
        for threshold in [49, 251] {
            let mut client = Client::connect(&discord.gateway_url(), "/?v=10").await;
            client.hello().await;
            let mut identify = identify(TOKEN, [0, 1], 1);
            identify["d"]["large_threshold"] = json!(threshold);
            client.send(identify).await;
            assert_eq!(client.close_code().await, Some(4001), "{threshold}");
        }
    })
    .await;
}
