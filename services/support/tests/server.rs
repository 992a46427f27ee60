//! The server helper against real connections: graceful shutdown lets a
//! request in flight finish, a client that goes away drops its handler, and
//! the `/health` and `/metrics` answers.

use bytes::Bytes;
use http_body_util::{BodyExt, Empty};
use hyper::{Request, StatusCode};
use hyper_util::{client::legacy::Client, rt::TokioExecutor};
use prometheus_client::{metrics::counter::Counter, registry::Registry};
use service_support::{Health, Shutdown, metrics, server};
use std::{
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};
use tokio::{io::AsyncWriteExt, net::TcpListener, sync::Notify};

/// Counts drops of the future it lives in.
struct DropCount(Arc<AtomicUsize>);

impl Drop for DropCount {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

#[tokio::test]
async fn graceful_shutdown_finishes_requests_in_flight() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let started = Arc::new(Notify::new());
    let release = Arc::new(Notify::new());
    let shutdown = Shutdown::new();
    let handler = {
        let started = Arc::clone(&started);
        let release = Arc::clone(&release);
        move |_request| {
            let started = Arc::clone(&started);
            let release = Arc::clone(&release);
            async move {
                started.notify_one();
                release.notified().await;
                server::text(StatusCode::OK, "done".to_owned())
            }
        }
    };
    let serving = tokio::spawn(server::serve(
        listener,
        handler,
        shutdown.clone(),
        Duration::from_secs(30),
    ));

    let client = Client::builder(TokioExecutor::new()).build_http::<Empty<Bytes>>();
    let request = Request::get(format!("http://{addr}/slow"))
        .body(Empty::new())
        .unwrap();
    let response = tokio::spawn(client.request(request));
    started.notified().await;
    shutdown.trigger();
    // Accepting has stopped, but the request in flight is still served.
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(!serving.is_finished());
    release.notify_one();
    let response = response.await.unwrap().unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body = response.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(&body[..], b"done");
    serving.await.unwrap().unwrap();
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());
}

#[tokio::test]
async fn a_client_that_goes_away_drops_its_handler() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let dropped = Arc::new(AtomicUsize::new(0));
    let started = Arc::new(Notify::new());
    let handler = {
        let dropped = Arc::clone(&dropped);
        let started = Arc::clone(&started);
        move |_request| {
            let guard = DropCount(Arc::clone(&dropped));
            let started = Arc::clone(&started);
            async move {
                let _guard = guard;
                started.notify_one();
                std::future::pending::<()>().await;
                server::text(StatusCode::OK, String::new())
            }
        }
    };
    let shutdown = Shutdown::new();
    tokio::spawn(server::serve(
        listener,
        handler,
        shutdown.clone(),
        Duration::from_secs(1),
    ));
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(b"GET /wait HTTP/1.1\r\nhost: x\r\n\r\n")
        .await
        .unwrap();
    started.notified().await;
    assert_eq!(dropped.load(Ordering::SeqCst), 0);
    drop(stream);
    for _ in 0..100 {
        if dropped.load(Ordering::SeqCst) == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(dropped.load(Ordering::SeqCst), 1);
    shutdown.trigger();
}

#[tokio::test]
async fn health_and_metrics_answers() {
    let ready = Health::new().check("limits", true, "loaded");
    assert_eq!(ready.response().status(), StatusCode::OK);
    let not_ready = ready.clone().check("redis", false, "connection refused");
    let response = not_ready.response();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body = response.into_body().collect().await.unwrap().to_bytes();
    let value: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(value["status"], "unavailable");
    assert_eq!(value["checks"]["redis"]["ok"], false);
    assert_eq!(value["checks"]["limits"]["detail"], "loaded");

    let mut registry = Registry::default();
    let counter = Counter::<u64>::default();
    registry.register("turns_granted", "Turns granted", counter.clone());
    counter.inc_by(3);
    let response = metrics::response(&registry);
    assert_eq!(response.headers()["content-type"], metrics::CONTENT_TYPE);
    let body = response.into_body().collect().await.unwrap().to_bytes();
    let text = String::from_utf8(body.to_vec()).unwrap();
    assert!(text.contains("turns_granted_total 3"), "{text}");
}

#[tokio::test]
async fn require_redis_finds_the_local_redis_or_says_it_skipped() {
    // Here Redis runs; in CI it must. Either way the answer is a URL that
    // answers PING, or None after the skip message.
    if let Some(url) = service_support::testing::require_redis().await {
        assert!(url.starts_with("redis://"));
    }
    let a = service_support::testing::unique_prefix("x");
    let b = service_support::testing::unique_prefix("x");
    assert_ne!(a, b);
}
