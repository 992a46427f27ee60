//! The MESSAGE_CONTENT intent: without it, messages come back with empty
//! `content`, `embeds`, `attachments` and `components` over the gateway and
//! REST, except the app's own messages, DMs and messages mentioning it.

mod gateway_support;

use gateway_support::*;
use serde_json::{Value, json};
use std::time::Duration;
use twilight_mock::fixtures::Fixtures;
use twilight_mock::{Mock, MockConfig};

const GUILDS: u64 = 1;
const GUILD_MESSAGES: u64 = 1 << 9;
const MESSAGE_CONTENT: u64 = 1 << 15;

fn config() -> MockConfig {
    MockConfig {
        token: TOKEN.to_owned(),
        // The 5 s identify window passes in 5 ms.
        time_scale: 1000.0,
        heartbeat_interval: Duration::from_secs(1_000_000),
        fixtures: Fixtures::generate(1, 3, 2),
        ..MockConfig::default()
    }
}

async fn session(discord: &Mock, intents: u64) -> Client {
    let mut client = Client::connect(&discord.gateway_url(), "/?v=10&encoding=json").await;
    client.hello().await;
    client.identify([0, 1], intents).await;
    loop {
        let payload = client.payload().await;
        if payload["op"] == 9 {
            // Refused by the identify window: try again after it.
            tokio::time::sleep(Duration::from_millis(10)).await;
            client.identify([0, 1], intents).await;
        } else if payload["t"] == "GUILD_CREATE" {
            return client;
        }
    }
}

#[tokio::test]
async fn sessions_without_the_intent_get_empty_messages_with_the_documented_exceptions() {
    within(async {
        let discord = Mock::start(config()).await.unwrap();
        let fixtures = &config().fixtures;
        let channel = fixtures.guilds[0]
            .channels
            .iter()
            .find(|c| c.kind == 0)
            .unwrap()
            .id
            .get();
        let user = fixtures.users[0].id.get();
        let bot = fixtures.bot.id;
        let mut with = session(&discord, GUILDS | GUILD_MESSAGES | MESSAGE_CONTENT).await;
        let mut without = session(&discord, GUILDS | GUILD_MESSAGES).await;

        let rest = discord.rest();
        let plain = json!({ "content": "secret", "embeds": [{ "title": "t" }] });
        rest.user_message(channel, user, &plain).unwrap();
        let full = with.until_event("MESSAGE_CREATE").await;
        assert_eq!(full["d"]["content"], "secret");
        assert_eq!(full["d"]["embeds"][0]["title"], "t");
        let empty = without.until_event("MESSAGE_CREATE").await;
        assert_eq!(empty["d"]["id"], full["d"]["id"]);
        assert_eq!(empty["d"]["content"], "");
        assert_eq!(empty["d"]["embeds"], json!([]));
        assert_eq!(empty["d"]["attachments"], json!([]));
        assert_eq!(empty["d"]["components"], json!([]));

        // Mentioning the bot: the content is there.
        let mention = json!({ "content": format!("hey <@{bot}>") });
        rest.user_message(channel, user, &mention).unwrap();
        let event = without.until_event("MESSAGE_CREATE").await;
        assert_eq!(event["d"]["content"], format!("hey <@{bot}>"));

        // The bot's own message: the content is there.
        let own = json!({ "content": "from the bot" });
        let path = format!("/channels/{channel}/messages");
        let (status, _) = post(&discord, &path, own).await;
        assert_eq!(status, 200);
        let event = without.until_event("MESSAGE_CREATE").await;
        assert_eq!(event["d"]["content"], "from the bot");
    })
    .await;
}

async fn post(discord: &Mock, path: &str, body: Value) -> (u16, Value) {
    use bytes::Bytes;
    use http_body_util::{BodyExt, Full};
    use hyper_util::client::legacy::Client as HttpClient;
    let client =
        HttpClient::builder(hyper_util::rt::TokioExecutor::new()).build_http::<Full<Bytes>>();
    let request = hyper::Request::builder()
        .method(if body.is_null() {
            hyper::Method::GET
        } else {
            hyper::Method::POST
        })
        .uri(format!("{}{path}", discord.rest_url()))
        .header("authorization", format!("Bot {TOKEN}"))
        .header("content-type", "application/json")
        .body(Full::new(if body.is_null() {
            Bytes::new()
        } else {
            Bytes::from(body.to_string())
        }))
        .unwrap();
    let response = client.request(request).await.unwrap();
    let status = response.status().as_u16();
    let raw = response.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&raw).unwrap_or(Value::Null))
}

#[tokio::test]
async fn rest_reads_are_empty_when_the_application_may_not_use_the_intent() {
    within(async {
        let discord = Mock::start(MockConfig {
            privileged_intents: 0,
            ..config()
        })
        .await
        .unwrap();
        let fixtures = &config().fixtures;
        let channel = fixtures.guilds[0]
            .channels
            .iter()
            .find(|c| c.kind == 0)
            .unwrap()
            .id
            .get();
        let user = fixtures.users[0].id.get();
        let theirs = discord
            .rest()
            .user_message(channel, user, &json!({ "content": "hidden" }))
            .unwrap();
        let path = format!("/channels/{channel}/messages");
        let (_, mine) = post(&discord, &path, json!({ "content": "mine" })).await;
        let (status, listed) = post(&discord, &path, Value::Null).await;
        assert_eq!(status, 200, "{listed}");
        let content = |id: &Value| {
            listed
                .as_array()
                .unwrap()
                .iter()
                .find(|m| &m["id"] == id)
                .unwrap()["content"]
                .clone()
        };
        assert_eq!(content(&theirs["id"]), "");
        assert_eq!(content(&mine["id"]), "mine");
        let one = format!("{path}/{}", theirs["id"].as_str().unwrap());
        assert_eq!(post(&discord, &one, Value::Null).await.1["content"], "");

        // In a DM with the bot, the content is there.
        let (status, dm) = post(
            &discord,
            "/users/@me/channels",
            json!({ "recipient_id": user.to_string() }),
        )
        .await;
        assert_eq!(status, 200, "{dm}");
        let dm: u64 = dm["id"].as_str().unwrap().parse().unwrap();
        discord
            .rest()
            .user_message(dm, user, &json!({ "content": "direct" }))
            .unwrap();
        let (_, listed) = post(&discord, &format!("/channels/{dm}/messages"), Value::Null).await;
        assert_eq!(listed[0]["content"], "direct", "{listed}");

        // With the intent allowed, the same message reads in full.
        let allowed = Mock::start(config()).await.unwrap();
        allowed
            .rest()
            .user_message(channel, user, &json!({ "content": "shown" }))
            .unwrap();
        let (_, listed) = post(&allowed, &path, Value::Null).await;
        assert_eq!(listed[0]["content"], "shown");
    })
    .await;
}
