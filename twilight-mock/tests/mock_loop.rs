//! The whole loop through `Mock::start`: a REST change reaches the bot's
//! gateway session as its dispatch event, and GET /gateway/bot points at the
//! gateway.

mod gateway_support;

use bytes::Bytes;
use gateway_support::*;
use http_body_util::{BodyExt, Full};
use hyper::{Method, Request};
use hyper_util::client::legacy::Client as HttpClient;
use hyper_util::rt::TokioExecutor;
use serde_json::{Value, json};
use twilight_mock::{Mock, MockConfig};

async fn request(base: &str, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
    let client = HttpClient::builder(TokioExecutor::new()).build_http::<Full<Bytes>>();
    let body = body.map_or_else(Bytes::new, |b| Bytes::from(b.to_string()));
    let request = Request::builder()
        .method(method)
        .uri(format!("{base}{path}"))
        .header("authorization", format!("Bot {TOKEN}"))
        .header("content-type", "application/json")
        .body(Full::new(body))
        .unwrap();
    let response = client.request(request).await.unwrap();
    let status = response.status().as_u16();
    let raw = response.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&raw).unwrap_or(Value::Null))
}

#[tokio::test]
async fn rest_change_reaches_the_gateway() {
    within(async {
        let discord = Mock::start(MockConfig {
            token: TOKEN.to_owned(),
            time_scale: 50.0,
            heartbeat_interval: std::time::Duration::from_secs(1000),
            ..MockConfig::default()
        })
        .await
        .unwrap();
        let rest = discord.rest_url();

        let (status, bot) = request(&rest, Method::GET, "/gateway/bot", None).await;
        assert_eq!(status, 200);
        assert_eq!(bot["url"], discord.gateway_url());

        let mut client = Client::connect(&discord.gateway_url(), "/?v=10&encoding=json").await;
        client.hello().await;
        // GUILDS | GUILD_MESSAGES | MESSAGE_CONTENT
        client.identify([0, 1], 1 | (1 << 9) | (1 << 15)).await;
        let guild = client.until_event("GUILD_CREATE").await;
        let channel = guild["d"]["channels"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["type"] == 0)
            .expect("a text channel")["id"]
            .as_str()
            .unwrap()
            .to_owned();

        let (status, message) = request(
            &rest,
            Method::POST,
            &format!("/channels/{channel}/messages"),
            Some(json!({"content": "hello from REST"})),
        )
        .await;
        assert_eq!(status, 200, "{message}");

        let event = client.until_event("MESSAGE_CREATE").await;
        assert_eq!(event["d"]["id"], message["id"]);
        assert_eq!(event["d"]["content"], "hello from REST");
        assert_eq!(event["d"]["channel_id"], channel.as_str());
        assert!(discord.rest().requests().iter().any(|r| r.status == 200));
    })
    .await;
}
