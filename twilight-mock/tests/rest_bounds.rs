//! HTTP connections that never send a request head, or idle between
//! requests, are closed after `http_header_timeout`, on the REST server and
//! the control API alike.

use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use twilight_mock::{Mock, MockConfig};

/// Bounds every test.
async fn within<T>(fut: impl Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(20), fut)
        .await
        .expect("test timed out")
}

async fn mock() -> Mock {
    Mock::start(MockConfig {
        http_header_timeout: Duration::from_millis(200),
        control_port: Some(0),
        ..MockConfig::default()
    })
    .await
    .unwrap()
}

/// `host:port` of an `http://host:port/...` URL.
fn address(url: &str) -> String {
    let rest = url.trim_start_matches("http://");
    rest.split('/').next().unwrap().to_owned()
}

/// Reads until the server closes the socket; what it sent meanwhile.
async fn read_to_end(stream: &mut TcpStream) -> Vec<u8> {
    let mut received = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        match stream.read(&mut buffer).await {
            Ok(0) | Err(_) => return received,
            Ok(n) => received.extend_from_slice(&buffer[..n]),
        }
    }
}

#[tokio::test]
async fn a_connection_that_never_sends_its_headers_is_closed() {
    within(async {
        let mock = mock().await;
        for url in [mock.rest_url(), mock.control_url().unwrap()] {
            let mut silent = TcpStream::connect(address(&url)).await.unwrap();
            let answer = read_to_end(&mut silent).await;
            assert!(
                !String::from_utf8_lossy(&answer).contains(" 200 "),
                "{url}: answered a request never sent"
            );

            let mut partial = TcpStream::connect(address(&url)).await.unwrap();
            partial
                .write_all(b"GET /api/v10/gateway HTTP/1.1\r\nHost: x\r\n")
                .await
                .unwrap();
            let answer = read_to_end(&mut partial).await;
            assert!(
                !String::from_utf8_lossy(&answer).contains(" 200 "),
                "{url}: answered half a request"
            );
        }
    })
    .await;
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed_after_its_answer() {
    within(async {
        let mock = mock().await;
        let mut stream = TcpStream::connect(address(&mock.rest_url())).await.unwrap();
        // HTTP/1.1 keeps the connection open after the answer unless told.
        stream
            .write_all(b"GET /api/v10/gateway HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            .await
            .unwrap();
        let answer = String::from_utf8(read_to_end(&mut stream).await).unwrap();
        assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");
        assert!(answer.contains("\"url\""), "{answer}");
        // The connection ended: writing a request now finds it closed.
        let mut buffer = [0u8; 16];
        let _ = stream
            .write_all(b"GET /api/v10/gateway HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            .await;
        assert!(matches!(stream.read(&mut buffer).await, Ok(0) | Err(_)));

        // A prompt client is served.
        let mut prompt = TcpStream::connect(address(&mock.rest_url())).await.unwrap();
        prompt
            .write_all(
                b"GET /api/v10/gateway HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
            )
            .await
            .unwrap();
        let answer = String::from_utf8(read_to_end(&mut prompt).await).unwrap();
        assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");
    })
    .await;
}
