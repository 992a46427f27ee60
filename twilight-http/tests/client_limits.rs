//! A server cannot make the client buffer more than its response limit:
//! an oversized body is a typed error, whether it says its size up front
//! or streams without end. Nor can a limiter or a 429 make a request wait
//! past the client's bound.

mod client_support;

use client_support::{RawServer, TOKEN, bounded, get_current_user};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use twilight_http::{Client, ErrorKind, marker::EmptyBody};
use twilight_http_ratelimiting::{Acquire, Endpoint, RateLimiter};

fn client(base_url: String, limit: usize) -> Client {
    Client::builder()
        .token(TOKEN)
        .base_url(base_url)
        .timeout(Duration::from_secs(30))
        .max_response_size(limit)
        .ratelimiter(None)
        .build()
}

async fn send(client: &Client) -> Result<Vec<u8>, twilight_http::Error> {
    let response = client.request::<EmptyBody>(get_current_user()).await?;
    Ok(response.bytes().await?.to_vec())
}

#[tokio::test]
async fn a_declared_length_over_the_limit_is_refused_before_reading() {
    bounded(async {
        let server = RawServer::start(Some(
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 3000000000\r\n\r\n",
        ))
        .await;
        let error = send(&client(server.url.clone(), 1024 * 1024))
            .await
            .unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::ResponseTooLarge { limit: 1_048_576 }),
            "{error:?}"
        );
        assert!(error.to_string().contains("larger than 1048576 bytes"), "{error}");
    })
    .await;
}

#[tokio::test]
async fn a_body_of_exactly_the_limit_is_read_and_one_byte_more_is_not() {
    bounded(async {
        let server = RawServer::start(Some(
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 10\r\n\r\n{\"id\":\"1\"}",
        ))
        .await;
        assert_eq!(send(&client(server.url.clone(), 10)).await.unwrap(), b"{\"id\":\"1\"}");
        let error = send(&client(server.url.clone(), 9)).await.unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::ResponseTooLarge { limit: 9 }),
            "{error:?}"
        );
    })
    .await;
}

/// A chunked body that never ends (a server streaming gigabytes) is cut off
/// at the limit.
#[tokio::test]
async fn an_endless_chunked_body_is_cut_off_at_the_limit() {
    bounded(async {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/api/v10", listener.local_addr().unwrap());
        let server = tokio::spawn(async move {
            let (mut stream, _) = listener.accept().await.unwrap();
            let mut head = [0; 4096];
            let _ = stream.read(&mut head).await.unwrap();
            stream
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n")
                .await
                .unwrap();
            let chunk = format!("10000\r\n{}\r\n", "a".repeat(0x10000));
            let mut sent = 0_usize;
            // Until the client hangs up; bounded so a broken client cannot
            // make the test run for ever.
            while sent < 1 << 30 {
                if stream.write_all(chunk.as_bytes()).await.is_err() {
                    break;
                }
                sent += 0x10000;
            }
            sent
        });
        let error = send(&client(url, 1024 * 1024)).await.unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::ResponseTooLarge { limit: 1_048_576 }),
            "{error:?}"
        );
        let sent = server.await.unwrap();
        assert!(sent < 64 << 20, "the client kept reading: {sent} bytes sent");
    })
    .await;
}

/// A limiter that never grants a permit (a broken or stuck one).
#[derive(Debug)]
struct Stuck;

impl RateLimiter for Stuck {
    fn acquire(&self, _: Endpoint) -> Acquire {
        Box::pin(std::future::pending())
    }
}

#[tokio::test]
async fn a_limiter_that_never_grants_is_a_typed_error_at_the_bound() {
    bounded(async {
        let server = RawServer::start(Some(
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}",
        ))
        .await;
        let client = Client::builder()
            .token(TOKEN)
            .base_url(server.url.clone())
            .ratelimiter(Some(Arc::new(Stuck) as Arc<dyn RateLimiter>))
            .max_ratelimit_wait(Duration::from_millis(100))
            .build();
        let error = send(&client).await.unwrap_err();
        assert!(matches!(error.kind(), ErrorKind::RateLimited), "{error:?}");
        assert!(error.to_string().contains("max_ratelimit_wait"), "{error}");
        assert!(server.requests().is_empty(), "nothing was sent");
    })
    .await;
}

/// Without a limiter of its own (behind a proxy), a 429 asking for a wait
/// past the bound fails at once instead of sleeping that long.
#[tokio::test]
async fn a_429_asking_for_a_wait_past_the_bound_fails_at_once() {
    bounded(async {
        let server = RawServer::start(Some(
            b"HTTP/1.1 429 Too Many Requests\r\ncontent-type: application/json\r\ncontent-length: 75\r\n\r\n{\"message\":\"You are being rate limited.\",\"retry_after\":1e18,\"global\":false}",
        ))
        .await;
        let client = Client::builder()
            .token(TOKEN)
            .base_url(server.url.clone())
            .ratelimiter(None)
            .max_ratelimit_wait(Duration::from_secs(1))
            .build();
        let error = send(&client).await.unwrap_err();
        assert!(matches!(error.kind(), ErrorKind::RateLimited), "{error:?}");
        assert!(error.to_string().contains("past the bound"), "{error}");
        assert_eq!(server.requests().len(), 1, "not retried");
    })
    .await;
}
