//! What the proxy's tests share: a mock Discord, proxies in front of it,
//! and a plain HTTP client.

#![allow(dead_code, unreachable_pub)]

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use http_proxy_service::{ClientAuth, Config, Proxy};
use hyper::{Request, Response};
use hyper_util::{
    client::legacy::{Client, connect::HttpConnector},
    rt::TokioExecutor,
};
use service_support::{Secret, Shutdown};
use std::{net::SocketAddr, time::Duration};
use twilight_http_ratelimiting::store::Limits;
use twilight_mock::{Mock, MockConfig};

pub const TOKEN: &str = "proxy-test-token";
pub const AUTH: &str = "Bot proxy-test-token";

pub type Http = Client<HttpConnector, Full<Bytes>>;

pub fn http() -> Http {
    let mut connector = HttpConnector::new();
    connector.set_nodelay(true);
    Client::builder(TokioExecutor::new())
        .pool_max_idle_per_host(64)
        .build(connector)
}

pub async fn mock(config: MockConfig) -> Mock {
    Mock::start(MockConfig {
        token: TOKEN.to_owned(),
        ..config
    })
    .await
    .unwrap()
}

/// The mock's scheme and host, the proxy's upstream.
pub fn upstream(mock: &Mock) -> String {
    mock.rest_url().trim_end_matches("/api/v10").to_owned()
}

pub fn text_channels(config: &MockConfig) -> Vec<u64> {
    config
        .fixtures
        .guilds
        .iter()
        .flat_map(|guild| &guild.channels)
        .filter(|channel| channel.kind == 0)
        .map(|channel| channel.id.get())
        .collect()
}

/// A proxy config for tests: open on loopback, quick timeouts.
pub fn config(upstream: String) -> Config {
    Config {
        upstream,
        auth: ClientAuth {
            open: true,
            ..ClientAuth::default()
        },
        default_max_wait: Duration::from_secs(10),
        upstream_timeout: Duration::from_secs(5),
        limits: Limits {
            lease: Duration::from_secs(10),
            ..Limits::default()
        },
        grace: Duration::from_secs(2),
        ..Config::default()
    }
}

/// A running proxy: its address and what stops it.
pub struct Running {
    pub addr: SocketAddr,
    pub shutdown: Shutdown,
    pub proxy: Proxy,
    pub task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Running {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

pub async fn start(config: Config) -> Running {
    let proxy = Proxy::new(config).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let shutdown = Shutdown::new();
    let task = tokio::spawn(proxy.clone().serve(listener, shutdown.clone()));
    Running {
        addr,
        shutdown,
        proxy,
        task,
    }
}

pub fn secret(value: &str) -> Secret {
    Secret::new(value)
}

/// A request with the bot's token.
pub fn get(url: &str) -> hyper::http::request::Builder {
    Request::get(url).header("authorization", AUTH)
}

/// Sends and reads the whole answer.
pub async fn send(http: &Http, request: Request<Full<Bytes>>) -> (Response<()>, Bytes) {
    let response = http.request(request).await.unwrap();
    let (parts, body) = response.into_parts();
    let body = body.collect().await.unwrap().to_bytes();
    (Response::from_parts(parts, ()), body)
}

pub fn header<'a>(response: &'a Response<()>, name: &str) -> Option<&'a str> {
    response.headers().get(name).and_then(|v| v.to_str().ok())
}
