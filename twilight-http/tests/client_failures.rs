//! Failures are reported, never hidden or retried behind the caller's back:
//! timeouts, refused connections, cancelled requests, bans; and the
//! ratelimiter always hears how a permit ended.

mod client_support;

use client_support::{
    RawServer, RecordingLimiter, TOKEN, bounded, client_at, current_user_error, get_current_user,
    mock,
};
use std::{
    sync::{Arc, Mutex},
    time::Duration,
};
use twilight_http::{Client, ErrorKind, marker::EmptyBody};
use twilight_http_ratelimiting::RateLimiter;

fn recording_client(
    base_url: String,
    timeout: Duration,
) -> (Client, Arc<Mutex<client_support::Record>>) {
    let limiter = RecordingLimiter::default();
    let record = Arc::clone(&limiter.record);
    let client = Client::builder()
        .token(TOKEN)
        .base_url(base_url)
        .timeout(timeout)
        .ratelimiter(Some(Arc::new(limiter) as Arc<dyn RateLimiter>))
        .build();
    (client, record)
}

#[tokio::test]
async fn a_silent_server_is_a_timeout_and_the_permit_is_freed() {
    bounded(async {
        let server = RawServer::start(None).await;
        let (client, record) = recording_client(server.url.clone(), Duration::from_millis(200));
        let error = current_user_error(&client).await;
        assert!(matches!(error.kind(), ErrorKind::Timeout), "{error:?}");
        assert_eq!(server.requests().len(), 1, "sent once, not retried");
        let record = record.lock().unwrap();
        assert_eq!(record.outcomes, [None], "the permit reports no response");
    })
    .await;
}

#[tokio::test]
async fn a_refused_connection_is_a_connection_error() {
    bounded(async {
        // Bind then drop: the port is (almost certainly) closed now.
        let port = {
            let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            listener.local_addr().unwrap().port()
        };
        let (client, record) = recording_client(
            format!("http://127.0.0.1:{port}/api/v10"),
            Duration::from_secs(10),
        );
        let error = current_user_error(&client).await;
        assert!(matches!(error.kind(), ErrorKind::Connection), "{error:?}");
        assert_eq!(record.lock().unwrap().outcomes, [None]);
    })
    .await;
}

#[tokio::test]
async fn dropping_the_future_cancels_and_frees_the_permit() {
    bounded(async {
        let server = RawServer::start(None).await;
        let (client, record) = recording_client(server.url.clone(), Duration::from_secs(60));
        let future = client.request::<EmptyBody>(get_current_user());
        let handle = tokio::spawn(future);
        while server.requests().is_empty() {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        assert!(
            record.lock().unwrap().outcomes.is_empty(),
            "still in flight"
        );
        handle.abort();
        assert!(handle.await.unwrap_err().is_cancelled());
        assert_eq!(record.lock().unwrap().outcomes, [None]);
    })
    .await;
}

#[tokio::test]
async fn a_response_is_reported_to_the_ratelimiter() {
    bounded(async {
        let mock = mock().await;
        let (client, record) = recording_client(mock.rest_url(), Duration::from_secs(10));
        client
            .request::<EmptyBody>(get_current_user())
            .await
            .unwrap();
        let record = record.lock().unwrap();
        assert_eq!(record.acquired[0].route(), "/users/@me");
        let outcome = record.outcomes[0].as_ref().expect("completed");
        assert_eq!(outcome.status, 200);
        assert!(outcome.headers.bucket.is_some());
        assert!(outcome.headers.limit.is_some());
        assert!(outcome.headers.reset_after.is_some());
    })
    .await;
}

#[tokio::test]
async fn a_cloudflare_ban_is_not_retried() {
    bounded(async {
        let server = RawServer::start(Some(
            b"HTTP/1.1 429 Too Many Requests\r\ncontent-type: text/html\r\nretry-after: 3600\r\n\
              content-length: 16\r\n\r\nerror code: 1015",
        ))
        .await;
        let (client, record) = recording_client(server.url.clone(), Duration::from_secs(10));
        let error = current_user_error(&client).await;
        let ErrorKind::Response {
            status: 429,
            error: None,
            body,
        } = error.kind()
        else {
            panic!("not the ban's 429: {error:?}");
        };
        assert_eq!(body, b"error code: 1015");
        assert_eq!(server.requests().len(), 1);
        let record = record.lock().unwrap();
        let outcome = record.outcomes[0].as_ref().unwrap();
        assert_eq!(outcome.status, 429);
        assert_eq!(outcome.headers.retry_after, Some(Duration::from_secs(3600)));
    })
    .await;
}

#[tokio::test]
async fn a_malformed_ratelimit_header_does_not_fail_the_request() {
    bounded(async {
        let server = RawServer::start(Some(
            b"HTTP/1.1 200 OK\r\nx-ratelimit-remaining: lots\r\nx-ratelimit-limit: 5\r\n\
              content-length: 2\r\n\r\n{}",
        ))
        .await;
        let (client, record) = recording_client(server.url.clone(), Duration::from_secs(10));
        client
            .request::<EmptyBody>(get_current_user())
            .await
            .unwrap();
        let record = record.lock().unwrap();
        let headers = &record.outcomes[0].as_ref().unwrap().headers;
        assert_eq!(headers.remaining, None);
        assert_eq!(headers.limit, Some(5));
    })
    .await;
}

#[tokio::test]
async fn a_token_unfit_for_a_header_is_a_typed_error() {
    bounded(async {
        let server = RawServer::start(None).await;
        let client = client_at("bad\ntoken", server.url.clone());
        let error = current_user_error(&client).await;
        assert!(matches!(error.kind(), ErrorKind::BuildingRequest));
        assert!(!error.to_string().contains("bad"), "{error}");
        assert!(server.requests().is_empty());
    })
    .await;
}
