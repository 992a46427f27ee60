//! Test support for the gateway tests: a small generated world and a plain
//! WebSocket client (tokio-websockets + flate2/zstd), no Discord library.

#![allow(dead_code, unreachable_pub)]

use flate2::{Decompress, FlushDecompress};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use std::{future::Future, sync::Arc, time::Duration};
use tokio::net::{TcpListener, TcpStream};
use tokio_websockets::{ClientBuilder, MaybeTlsStream, Message, WebSocketStream};
use twilight_mock::{Gateway, GatewayData, MockConfig};
use twilight_model::id::{
    Id,
    marker::{GuildMarker, UserMarker},
};

pub const TOKEN: &str = "test-token";
pub const BOT_ID: u64 = 900;

/// Bounds every test.
pub async fn within<T>(fut: impl Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(20), fut)
        .await
        .expect("test timed out")
}

/// A world of guilds whose ids are `n << 22` (so guild n lives on shard
/// `n % num_shards`), each with `members` members (user ids 1000 + i).
pub struct World {
    pub guilds: Vec<u64>,
    pub members: usize,
}

impl World {
    pub fn new(guilds: u64, members: usize) -> Self {
        Self {
            guilds: (1..=guilds).map(|n| n << 22).collect(),
            members,
        }
    }

    fn user(id: u64) -> Value {
        json!({
            "id": id.to_string(), "username": format!("user{id}"), "discriminator": "0",
            "global_name": null, "avatar": null, "bot": id == BOT_ID,
        })
    }

    fn member(id: u64) -> Value {
        json!({
            "user": Self::user(id), "nick": null, "avatar": null, "banner": null, "roles": [],
            "joined_at": "2024-01-01T00:00:00.000000+00:00", "premium_since": null,
            "deaf": false, "mute": false, "flags": 0, "pending": false,
        })
    }

    fn member_ids(&self) -> impl Iterator<Item = u64> {
        std::iter::once(BOT_ID).chain((0..self.members as u64).map(|i| 1000 + i))
    }
}

impl GatewayData for World {
    fn bot_user(&self) -> Value {
        Self::user(BOT_ID)
    }

    fn application(&self) -> Value {
        json!({ "id": BOT_ID.to_string(), "flags": 0 })
    }

    fn guild_ids(&self) -> Vec<Id<GuildMarker>> {
        self.guilds.iter().map(|g| Id::new(*g)).collect()
    }

    fn guild_create(&self, guild_id: Id<GuildMarker>) -> Option<Value> {
        if !self.guilds.contains(&guild_id.get()) {
            return None;
        }
        let members: Vec<Value> = self.member_ids().take(50).map(Self::member).collect();
        let presences: Vec<Value> = self
            .member_ids()
            .take(50)
            .map(|id| json!({ "user": { "id": id.to_string() }, "status": "online", "activities": [], "client_status": {} }))
            .collect();
        Some(json!({
            "id": guild_id.to_string(), "name": format!("guild {guild_id}"),
            "unavailable": false, "member_count": self.members + 1, "large": self.members >= 250,
            "joined_at": "2024-01-01T00:00:00.000000+00:00",
            "members": members, "presences": presences, "voice_states": [],
            "channels": [
                { "id": (guild_id.get() + 1).to_string(), "type": 0, "name": "general" },
                { "id": (guild_id.get() + 2).to_string(), "type": 2, "name": "voice" },
            ],
            "threads": [], "stage_instances": [], "guild_scheduled_events": [],
            "soundboard_sounds": [], "roles": [], "emojis": [], "stickers": [], "features": [],
        }))
    }

    fn members(
        &self,
        _guild_id: Id<GuildMarker>,
        query: Option<&str>,
        limit: usize,
        user_ids: Option<&[Id<UserMarker>]>,
    ) -> Vec<Value> {
        let all = self.member_ids();
        let picked: Vec<u64> = match (user_ids, query) {
            (Some(ids), _) => all
                .filter(|id| ids.iter().any(|u| u.get() == *id))
                .collect(),
            (None, q) => {
                let q = q.unwrap_or("");
                all.filter(|id| format!("user{id}").starts_with(q))
                    .collect()
            }
        };
        let limit = if limit == 0 { usize::MAX } else { limit };
        picked.into_iter().take(limit).map(Self::member).collect()
    }

    fn presences(&self, _guild_id: Id<GuildMarker>, user_ids: &[Id<UserMarker>]) -> Vec<Value> {
        user_ids
            .iter()
            .map(|id| json!({ "user": { "id": id.to_string() }, "status": "online", "activities": [], "client_status": {} }))
            .collect()
    }
}

/// A config for tests: fast clock, heartbeats that never time out unless a
/// test wants them to.
pub fn config() -> MockConfig {
    MockConfig {
        token: TOKEN.to_owned(),
        time_scale: 50.0,
        heartbeat_interval: Duration::from_secs(1000),
        ..MockConfig::default()
    }
}

/// Starts a gateway over `world`.
pub async fn start(config: MockConfig, world: World) -> Gateway {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let gateway = Gateway::new(config, Arc::new(world));
    let serve = gateway.serve(listener).unwrap();
    tokio::spawn(serve);
    gateway
}

pub enum Inflate {
    None,
    Zlib(Box<Decompress>, Vec<u8>),
    Zstd(Box<zstd::stream::raw::Decoder<'static>>),
}

/// What the client read.
#[derive(Debug, PartialEq)]
pub enum Read {
    Payload(Value),
    /// A close frame with its code.
    Close(u16),
    /// The connection ended without a close frame.
    Eof,
}

pub struct Client {
    pub ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
    inflate: Inflate,
    /// Compressed frames received (binary), for assertions.
    pub binary_frames: usize,
    pub text_frames: usize,
}

impl Client {
    /// Connects to `base` + `path` (e.g. `/?v=10&encoding=json`).
    pub async fn connect(base: &str, path: &str) -> Self {
        let uri = format!("{base}{path}");
        let (ws, _) = ClientBuilder::new()
            .uri(&uri)
            .unwrap()
            .connect()
            .await
            .expect("connect");
        let inflate = if path.contains("compress=zlib-stream") {
            Inflate::Zlib(Box::new(Decompress::new(true)), Vec::new())
        } else if path.contains("compress=zstd-stream") {
            Inflate::Zstd(Box::new(zstd::stream::raw::Decoder::new().unwrap()))
        } else {
            Inflate::None
        };
        Self {
            ws,
            inflate,
            binary_frames: 0,
            text_frames: 0,
        }
    }

    pub async fn send(&mut self, value: Value) {
        self.ws
            .send(Message::text(value.to_string()))
            .await
            .expect("send");
    }

    pub async fn send_raw(&mut self, message: Message) {
        let _ = self.ws.send(message).await;
    }

    /// Reads the next payload, close or end.
    pub async fn read(&mut self) -> Read {
        loop {
            let Some(Ok(message)) = self.ws.next().await else {
                return Read::Eof;
            };
            if let Some((code, _)) = message.as_close() {
                return Read::Close(code.into());
            }
            if message.is_text() {
                self.text_frames += 1;
                let text = message.as_text().unwrap();
                return Read::Payload(serde_json::from_str(text).expect("JSON payload"));
            }
            if !message.is_binary() {
                continue;
            }
            self.binary_frames += 1;
            let data = message.as_payload().to_vec();
            match &mut self.inflate {
                Inflate::None => panic!("binary frame on an uncompressed connection"),
                Inflate::Zlib(z, buffer) => {
                    buffer.extend_from_slice(&data);
                    if !buffer.ends_with(&[0, 0, 0xff, 0xff]) {
                        continue;
                    }
                    let mut out = Vec::with_capacity(buffer.len() * 8 + 64);
                    let start = z.total_in();
                    loop {
                        let used = (z.total_in() - start) as usize;
                        z.decompress_vec(&buffer[used..], &mut out, FlushDecompress::Sync)
                            .expect("inflate");
                        let used = (z.total_in() - start) as usize;
                        if used >= buffer.len() && out.len() < out.capacity() {
                            break;
                        }
                        out.reserve(out.capacity());
                    }
                    buffer.clear();
                    return Read::Payload(serde_json::from_slice(&out).expect("JSON payload"));
                }
                Inflate::Zstd(z) => {
                    use zstd::stream::raw::{InBuffer, Operation, OutBuffer};
                    let mut out = Vec::new();
                    let mut buf = vec![0u8; 64 * 1024];
                    let mut input = InBuffer::around(&data);
                    loop {
                        let mut output = OutBuffer::around(&mut buf[..]);
                        z.run(&mut input, &mut output).expect("zstd");
                        let written = output.pos();
                        out.extend_from_slice(&buf[..written]);
                        if input.pos() >= data.len() && written < buf.len() {
                            break;
                        }
                    }
                    return Read::Payload(serde_json::from_slice(&out).expect("JSON payload"));
                }
            }
        }
    }

    /// Reads the next payload; panics on close or end.
    pub async fn payload(&mut self) -> Value {
        match self.read().await {
            Read::Payload(value) => value,
            other => panic!("expected a payload, got {other:?}"),
        }
    }

    /// Reads until a dispatch named `event` and returns it (payloads before it
    /// are skipped).
    pub async fn until_event(&mut self, event: &str) -> Value {
        loop {
            let payload = self.payload().await;
            if payload["t"] == event {
                return payload;
            }
        }
    }

    /// Reads until the close frame (skipping payloads); its code, or `None`
    /// when the connection ended without one.
    pub async fn close_code(&mut self) -> Option<u16> {
        loop {
            match self.read().await {
                Read::Payload(_) => {}
                Read::Close(code) => return Some(code),
                Read::Eof => return None,
            }
        }
    }

    /// Reads HELLO; returns its heartbeat interval.
    pub async fn hello(&mut self) -> u64 {
        let hello = self.payload().await;
        assert_eq!(hello["op"], 10, "{hello}");
        hello["d"]["heartbeat_interval"].as_u64().unwrap()
    }

    pub async fn identify(&mut self, shard: [u32; 2], intents: u64) {
        self.send(identify(TOKEN, shard, intents)).await;
    }

    /// Connects, reads HELLO, identifies, reads READY; returns READY's `d`.
    pub async fn ready(base: &str, shard: [u32; 2]) -> (Self, Value) {
        let mut client = Self::connect(base, "/?v=10&encoding=json").await;
        client.hello().await;
        client.identify(shard, 1).await;
        let ready = client.payload().await;
        assert_eq!(ready["t"], "READY", "{ready}");
        (client, ready)
    }
}

pub fn identify(token: &str, shard: [u32; 2], intents: u64) -> Value {
    json!({
        "op": 2,
        "d": {
            "token": token,
            "intents": intents,
            "shard": shard,
            "properties": { "os": "linux", "browser": "test", "device": "test" },
        }
    })
}

pub fn resume(session_id: &str, seq: u64) -> Value {
    json!({ "op": 6, "d": { "token": TOKEN, "session_id": session_id, "seq": seq } })
}
