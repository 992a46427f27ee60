//! Helpers for the services' tests.
//!
//! The project's rule: a test that needs Redis uses the real one; without
//! it, the test says it skipped, except in CI (`CI=true`), where it fails
//! with a clear message.

use std::time::Duration;
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
};

/// Where Redis is expected: `REDIS_URL`, else `redis://127.0.0.1:6379`.
#[must_use]
pub fn redis_url() -> String {
    std::env::var("REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".to_owned())
}

/// The Redis URL, if Redis answers `PING` there.
///
/// When it does not: with `CI=true`, panics ("Redis is required in CI at
/// ..."); otherwise prints "skipped: Redis not reachable at ..." and returns
/// `None`, and the test should return.
///
/// ```no_run
/// # async fn test() {
/// let Some(url) = service_support::testing::require_redis().await else {
///     return;
/// };
/// # let _ = url; }
/// ```
///
/// # Panics
///
/// In CI, when Redis is not reachable.
pub async fn require_redis() -> Option<String> {
    let url = redis_url();
    match ping(&url).await {
        Ok(()) => Some(url),
        Err(why) => {
            if std::env::var("CI").is_ok_and(|ci| ci == "true") {
                panic!("Redis is required in CI at {url}: {why}");
            }
            println!("skipped: Redis not reachable at {url}: {why}");
            None
        }
    }
}

/// A key prefix no other test uses (name, process id and time), so that
/// tests sharing one Redis do not collide.
#[must_use]
pub fn unique_prefix(name: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| since.as_nanos());
    format!("test:{name}:{}:{nanos}:", std::process::id())
}

/// Sends `PING` in Redis's protocol. Only `redis://host:port[/db]` URLs
/// without a password are probed; others are assumed reachable, and the
/// test's own client reports the failure.
async fn ping(url: &str) -> Result<(), String> {
    let Some(rest) = url.strip_prefix("redis://") else {
        return Ok(());
    };
    if rest.contains('@') {
        return Ok(());
    }
    let host = rest.split('/').next().unwrap_or(rest);
    let host = if host.contains(':') {
        host.to_owned()
    } else {
        format!("{host}:6379")
    };
    let attempt = async {
        let mut stream = TcpStream::connect(&host)
            .await
            .map_err(|error| error.to_string())?;
        stream
            .write_all(b"*1\r\n$4\r\nPING\r\n")
            .await
            .map_err(|error| error.to_string())?;
        let mut answer = [0u8; 7];
        stream
            .read_exact(&mut answer)
            .await
            .map_err(|error| error.to_string())?;
        if &answer == b"+PONG\r\n" {
            Ok(())
        } else {
            Err(format!(
                "unexpected answer {:?}",
                String::from_utf8_lossy(&answer)
            ))
        }
    };
    tokio::time::timeout(Duration::from_secs(2), attempt)
        .await
        .map_err(|_| "no answer within 2 s".to_owned())?
}
