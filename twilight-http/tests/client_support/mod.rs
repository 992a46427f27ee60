//! Shared pieces of the client tests: a mock with a known token, clients
//! pointed at it, hand-built requests, a recording ratelimiter and a raw
//! HTTP server for answers the mock never gives.

#![allow(dead_code, unreachable_pub)]

use std::{
    future::Future,
    sync::{Arc, Mutex},
    time::Duration,
};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpListener,
};
use twilight_http::{
    Client,
    marker::EmptyBody,
    request::{Endpoint, Method, Request},
};
use twilight_http_ratelimiting::{Acquire, Outcome, Permit, RateLimiter};
use twilight_mock::{Mock, MockConfig};
use twilight_model::util::secret::Secret;

pub const TOKEN: &str = "client-test-token";

/// Fails a test that hangs instead of letting it run forever; never a
/// timing assertion.
pub async fn bounded<T>(future: impl Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(120), future)
        .await
        .expect("the test hung")
}

/// Runs every future on its own task, at once; the outputs in order.
pub async fn spawn_all<F>(futures: impl IntoIterator<Item = F>) -> Vec<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    let handles: Vec<_> = futures.into_iter().map(tokio::spawn).collect();
    let mut outputs = Vec::with_capacity(handles.len());
    for handle in handles {
        outputs.push(handle.await.expect("the task did not panic"));
    }
    outputs
}

pub fn config() -> MockConfig {
    MockConfig {
        token: TOKEN.to_owned(),
        ..MockConfig::default()
    }
}

pub async fn mock() -> Mock {
    mock_with(config()).await
}

pub async fn mock_with(config: MockConfig) -> Mock {
    let mock = Mock::start(config).await.expect("mock starts");
    // Loaded test machines may be slow to answer an interaction.
    mock.rest().set_interaction_deadline(None);
    mock
}

/// A client for the mock without a ratelimiter of its own.
pub fn client(mock: &Mock) -> Client {
    client_at(TOKEN, mock.rest_url())
}

/// A client with `token` for the server at `base_url`, without a ratelimiter
/// of its own (so what reaches the server is what the client sent).
pub fn client_at(token: impl Into<Secret>, base_url: impl Into<String>) -> Client {
    Client::builder()
        .token(token)
        .base_url(base_url)
        .ratelimiter(None)
        .build()
}

/// The error of GET /users/@me, which the test expects to fail.
pub async fn current_user_error(client: &Client) -> twilight_http::Error {
    client
        .request::<EmptyBody>(get_current_user())
        .await
        .expect_err("GET /users/@me was expected to fail")
}

/// Every text channel of the mock's guilds.
pub fn text_channels(mock: &Mock) -> Vec<u64> {
    let mut ids: Vec<u64> = Vec::new();
    for guild in mock.state().guild_ids() {
        let channels = mock
            .state()
            .list_guild_channels(guild.get())
            .expect("the guild exists");
        for channel in channels.as_array().expect("a list") {
            if channel["type"] == 0 {
                ids.push(channel["id"].as_str().unwrap().parse().unwrap());
            }
        }
    }
    ids
}

pub fn get_current_user() -> Request {
    Request::new(
        Method::Get,
        "/users/@me",
        Endpoint::new(Method::Get, "/users/@me"),
    )
}

pub fn get_channel(channel_id: u64) -> Request {
    Request::new(
        Method::Get,
        format!("/channels/{channel_id}"),
        Endpoint::new(Method::Get, "/channels/{channel_id}").major(channel_id),
    )
}

pub fn create_message(channel_id: u64, body: &serde_json::Value) -> Request {
    Request::new(
        Method::Post,
        format!("/channels/{channel_id}/messages"),
        Endpoint::new(Method::Post, "/channels/{channel_id}/messages").major(channel_id),
    )
    .json(body)
    .expect("a JSON value serialises")
}

pub fn typing(channel_id: u64) -> Request {
    Request::new(
        Method::Post,
        format!("/channels/{channel_id}/typing"),
        Endpoint::new(Method::Post, "/channels/{channel_id}/typing").major(channel_id),
    )
}

/// What a [`RecordingLimiter`] saw.
#[derive(Debug, Default)]
pub struct Record {
    pub acquired: Vec<Endpoint>,
    /// One entry per permit: the status reported, or `None` for a permit
    /// dropped without a response.
    pub outcomes: Vec<Option<Outcome>>,
}

/// Grants every permit at once and records what the client reports.
#[derive(Debug, Default)]
pub struct RecordingLimiter {
    pub record: Arc<Mutex<Record>>,
}

impl RateLimiter for RecordingLimiter {
    fn acquire(&self, endpoint: Endpoint) -> Acquire {
        let record = Arc::clone(&self.record);
        record.lock().unwrap().acquired.push(endpoint);
        Box::pin(async move {
            Permit::new(move |outcome| record.lock().unwrap().outcomes.push(outcome))
        })
    }
}

/// A request as a [`RawServer`] received it.
#[derive(Clone, Debug)]
pub struct RawRequest {
    /// The request line and headers.
    pub head: String,
    pub body: Vec<u8>,
}

impl RawRequest {
    /// The value of header `name` (case-insensitive), if present.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name).then(|| value.trim())
        })
    }
}

/// A bare HTTP/1.1 server answering every request with the same bytes (or
/// never, with `None`), recording what it received.
pub struct RawServer {
    pub url: String,
    pub requests: Arc<Mutex<Vec<RawRequest>>>,
}

impl RawServer {
    pub async fn start(answer: Option<&'static [u8]>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/api/v10", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&requests);
        tokio::spawn(async move {
            loop {
                let Ok((mut stream, _)) = listener.accept().await else {
                    return;
                };
                let log = Arc::clone(&log);
                tokio::spawn(async move {
                    let mut buffer = Vec::new();
                    let mut chunk = [0; 4096];
                    loop {
                        let Some(end) = find(&buffer, b"\r\n\r\n") else {
                            match stream.read(&mut chunk).await {
                                Ok(0) | Err(_) => return,
                                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                            }
                            continue;
                        };
                        let head = String::from_utf8_lossy(&buffer[..end]).into_owned();
                        let length = RawRequest {
                            head: head.clone(),
                            body: Vec::new(),
                        }
                        .header("content-length")
                        .map_or(0, |n| n.parse::<usize>().unwrap());
                        while buffer.len() < end + 4 + length {
                            match stream.read(&mut chunk).await {
                                Ok(0) | Err(_) => return,
                                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                            }
                        }
                        let body = buffer[end + 4..end + 4 + length].to_vec();
                        buffer.drain(..end + 4 + length);
                        log.lock().unwrap().push(RawRequest { head, body });
                        match answer {
                            Some(answer) => {
                                if stream.write_all(answer).await.is_err() {
                                    return;
                                }
                            }
                            // Holds the connection open, unanswered.
                            None => std::future::pending::<()>().await,
                        }
                    }
                });
            }
        });
        Self { url, requests }
    }

    pub fn requests(&self) -> Vec<RawRequest> {
        self.requests.lock().unwrap().clone()
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}
