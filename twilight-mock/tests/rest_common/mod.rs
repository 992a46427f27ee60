//! What the REST tests share: a server on an ephemeral port, a
//! recording event sink and a plain hyper client.

#![allow(dead_code, unreachable_pub)]

pub mod permissions;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::header::HeaderMap;
use hyper::{Method, Request, StatusCode};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde_json::{Value, json};
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use twilight_mock::MockConfig;
use twilight_mock::fixtures::Fixtures;
use twilight_mock::hub::EventSink;
use twilight_mock::rest::{RestContext, serve};
use twilight_mock::state::State;
use twilight_model::id::{Id, marker::GuildMarker};

pub const TOKEN: &str = "test-token";

/// A dispatched event: guild, name, data.
pub type Recorded = (Option<Id<GuildMarker>>, String, Value);

/// Records every dispatched event.
#[derive(Default)]
pub struct Recorder(pub Mutex<Vec<Recorded>>);

impl EventSink for Recorder {
    fn dispatch(&self, guild_id: Option<Id<GuildMarker>>, event: &str, data: Value) {
        self.0
            .lock()
            .unwrap()
            .push((guild_id, event.to_owned(), data));
    }
}

impl Recorder {
    pub fn events(&self) -> Vec<Recorded> {
        self.0.lock().unwrap().clone()
    }

    pub fn named(&self, name: &str) -> Vec<Value> {
        self.events()
            .into_iter()
            .filter(|(_, n, _)| n == name)
            .map(|(_, _, d)| d)
            .collect()
    }
}

/// A running REST server.
pub struct Server {
    pub base: String,
    pub ctx: RestContext,
    pub sink: Arc<Recorder>,
    pub fixtures: Fixtures,
    pub client: Client<HttpConnector, Full<Bytes>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

pub fn config() -> MockConfig {
    MockConfig {
        token: TOKEN.to_owned(),
        time_scale: 20.0,
        // At 20x the documented 50/s is 50 per 50 ms of real time: tests that
        // are not about the global limit should not trip over it.
        global_rate_limit: 10_000,
        ..MockConfig::default()
    }
}

pub async fn start() -> Server {
    start_with(config()).await
}

/// A server whose clock runs `scale` times faster than Discord.
pub async fn start_scaled(scale: f64) -> Server {
    start_with(MockConfig {
        time_scale: scale,
        ..config()
    })
    .await
}

pub async fn start_with(config: MockConfig) -> Server {
    let fixtures = config.fixtures.clone();
    let state = Arc::new(State::new(&fixtures));
    let sink = Arc::new(Recorder::default());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let ctx = RestContext::new(state, config, "ws://127.0.0.1:1", sink.clone());
    // Loaded machines may take longer than 3 s / 20 to answer an
    // interaction: the deadline test turns it back on.
    ctx.set_interaction_deadline(None);
    let task = tokio::spawn(serve(listener, ctx.clone()));
    let client = Client::builder(TokioExecutor::new()).build_http();
    Server {
        base: format!("http://{addr}"),
        ctx,
        sink,
        fixtures,
        client,
        task,
    }
}

/// A response: status, headers and JSON body (Null when empty or not JSON).
pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
    pub raw: Bytes,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

impl Server {
    pub fn guild(&self, i: usize) -> u64 {
        self.fixtures.guilds[i].id.get()
    }

    /// The first text channel of guild `i`.
    pub fn text_channel(&self, i: usize) -> u64 {
        self.fixtures.guilds[i]
            .channels
            .iter()
            .find(|c| c.kind == 0)
            .unwrap()
            .id
            .get()
    }

    /// The text channels of guild `i`.
    pub fn text_channels(&self, i: usize) -> Vec<u64> {
        self.fixtures.guilds[i]
            .channels
            .iter()
            .filter(|c| c.kind == 0)
            .map(|c| c.id.get())
            .collect()
    }

    pub fn user(&self, i: usize) -> u64 {
        self.fixtures.users[i].id.get()
    }

    pub async fn send(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        content_type: Option<&str>,
        body: Bytes,
    ) -> Resp {
        let mut builder = Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.base));
        if let Some(t) = token {
            builder = builder.header("authorization", t);
        }
        if let Some(ct) = content_type {
            builder = builder.header("content-type", ct);
        }
        let response = self
            .client
            .request(builder.body(Full::new(body)).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let raw = response.into_body().collect().await.unwrap().to_bytes();
        let body = serde_json::from_slice(&raw).unwrap_or(Value::Null);
        Resp {
            status,
            headers,
            body,
            raw,
        }
    }

    /// A request with the bot token and an optional JSON body, under /api/v10.
    pub async fn api(&self, method: Method, path: &str, body: Option<Value>) -> Resp {
        let auth = format!("Bot {TOKEN}");
        match body {
            Some(b) => {
                self.send(
                    method,
                    &format!("/api/v10{path}"),
                    Some(&auth),
                    Some("application/json"),
                    Bytes::from(b.to_string()),
                )
                .await
            }
            None => {
                self.send(
                    method,
                    &format!("/api/v10{path}"),
                    Some(&auth),
                    None,
                    Bytes::new(),
                )
                .await
            }
        }
    }

    /// A request without a token, under /api/v10.
    pub async fn anon(&self, method: Method, path: &str, body: Option<Value>) -> Resp {
        let bytes = body.map_or_else(Bytes::new, |b| Bytes::from(b.to_string()));
        self.send(
            method,
            &format!("/api/v10{path}"),
            None,
            Some("application/json"),
            bytes,
        )
        .await
    }
}

/// Runs a test body with a time limit.
pub async fn bounded<F: Future<Output = ()>>(f: F) {
    tokio::time::timeout(Duration::from_secs(30), f)
        .await
        .expect("test timed out");
}

/// Reads a snowflake field.
pub fn id(v: &Value) -> u64 {
    v.as_str().unwrap().parse().unwrap()
}

/// Every documented field of a user object.
pub const USER_FIELDS: &[&str] = &[
    "id",
    "username",
    "discriminator",
    "global_name",
    "avatar",
    "bot",
    "system",
    "banner",
    "accent_color",
    "flags",
    "public_flags",
    "avatar_decoration_data",
    "collectibles",
    "primary_guild",
];
/// Every documented field of a message object.
pub const MESSAGE_FIELDS: &[&str] = &[
    "id",
    "channel_id",
    "author",
    "content",
    "timestamp",
    "edited_timestamp",
    "tts",
    "mention_everyone",
    "mentions",
    "mention_roles",
    "attachments",
    "embeds",
    "reactions",
    "pinned",
    "type",
    "flags",
    "components",
    "sticker_items",
];
/// Every documented field of a role object.
pub const ROLE_FIELDS: &[&str] = &[
    "id",
    "name",
    "color",
    "colors",
    "hoist",
    "icon",
    "unicode_emoji",
    "position",
    "permissions",
    "managed",
    "mentionable",
    "tags",
    "flags",
];
/// Every documented field of a guild member object.
pub const MEMBER_FIELDS: &[&str] = &[
    "user",
    "nick",
    "avatar",
    "banner",
    "roles",
    "joined_at",
    "premium_since",
    "deaf",
    "mute",
    "flags",
    "pending",
    "communication_disabled_until",
    "avatar_decoration_data",
    "collectibles",
];

/// Asserts that `value` has every field of `fields`.
pub fn has_fields(value: &Value, fields: &[&str]) {
    for f in fields {
        assert!(value.get(*f).is_some(), "missing field {f} in {value}");
    }
}

/// Posts a message with `content` as the bot and returns it.
pub async fn post_message(s: &Server, channel: u64, content: &str) -> Value {
    let r = s
        .api(
            Method::POST,
            &format!("/channels/{channel}/messages"),
            Some(json!({ "content": content })),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.body
}
