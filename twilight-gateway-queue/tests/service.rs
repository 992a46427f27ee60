//! ServiceQueue against a fake gateway queue service: a tiny hyper server
//! that answers from a script, one reply per request.

use bytes::Bytes;
use http_body_util::Full;
use hyper::{
    Request, Response, StatusCode, body::Incoming, server::conn::http1, service::service_fn,
};
use hyper_util::rt::TokioIo;
use std::{
    collections::VecDeque,
    convert::Infallible,
    net::SocketAddr,
    sync::{
        Arc, Mutex,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};
use tokio::{
    net::TcpListener,
    sync::{Notify, mpsc},
    time::timeout,
};
use tracing::{Event, Level, Metadata, Subscriber, span};
use twilight_gateway_queue::{Queue, ServiceQueue};

/// Only a guard against a hung test: nothing below waits this long when it
/// passes.
const GUARD: Duration = Duration::from_secs(30);

/// What the fake service does with one request.
enum Reply {
    /// Answers at once with this status.
    Status(StatusCode),
    /// Holds the request until notified, then answers `200 {"shard":N}`, as
    /// the real service does when the shard's turn comes.
    HoldUntil(Arc<Notify>),
}

/// Serves `listener` by `script`; once it is used up, answers `200` at once.
/// Sends every request's path and query to the returned receiver.
fn serve(listener: TcpListener, script: Vec<Reply>) -> mpsc::UnboundedReceiver<String> {
    let script = Arc::new(Mutex::new(VecDeque::from(script)));
    let (seen, requests) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let script = Arc::clone(&script);
            let seen = seen.clone();
            let service = service_fn(move |request: Request<Incoming>| {
                let reply = script.lock().unwrap().pop_front();
                let mut path = request.uri().to_string();
                // Only clients with a secret send it; the others' lines are
                // the path alone.
                if let Some(value) = request.headers().get("authorization") {
                    path = format!("{path} {}", value.to_str().unwrap());
                }
                let _ = seen.send(path);
                let shard = request
                    .uri()
                    .query()
                    .and_then(|query| {
                        query
                            .split('&')
                            .find_map(|pair| pair.strip_prefix("shard="))
                    })
                    .unwrap_or("?")
                    .to_owned();
                async move {
                    let status = match reply {
                        Some(Reply::Status(status)) => status,
                        Some(Reply::HoldUntil(release)) => {
                            release.notified().await;
                            StatusCode::OK
                        }
                        None => StatusCode::OK,
                    };
                    let body = if status.is_success() {
                        format!(r#"{{"shard":{shard}}}"#)
                    } else {
                        String::new()
                    };
                    let response = Response::builder()
                        .status(status)
                        .header("content-type", "application/json")
                        .body(Full::new(Bytes::from(body)))
                        .unwrap();
                    Ok::<_, Infallible>(response)
                }
            });
            tokio::spawn(http1::Builder::new().serve_connection(TokioIo::new(stream), service));
        }
    });
    requests
}

async fn fake_service(script: Vec<Reply>) -> (SocketAddr, mpsc::UnboundedReceiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    (addr, serve(listener, script))
}

async fn next_request(requests: &mut mpsc::UnboundedReceiver<String>) -> String {
    timeout(GUARD, requests.recv()).await.unwrap().unwrap()
}

#[tokio::test]
async fn waits_for_the_service_and_retries_after_a_503_and_a_400() {
    let warnings = Arc::new(AtomicUsize::new(0));
    let errors = Arc::new(AtomicUsize::new(0));
    let _guard = tracing::subscriber::set_default(CountLevels {
        warnings: Arc::clone(&warnings),
        errors: Arc::clone(&errors),
    });

    let release = Arc::new(Notify::new());
    let (addr, mut requests) = fake_service(vec![
        Reply::Status(StatusCode::SERVICE_UNAVAILABLE),
        Reply::Status(StatusCode::BAD_REQUEST),
        Reply::HoldUntil(Arc::clone(&release)),
    ])
    .await;
    let queue: Arc<dyn Queue> = Arc::new(ServiceQueue::new(&format!("http://{addr}")).unwrap());
    let turn = tokio::spawn(queue.enqueue(3, 16));

    for _ in 0..3 {
        assert_eq!(
            next_request(&mut requests).await,
            "/enqueue?shard=3&total=16"
        );
    }
    // The service holds the third request: the shard must still wait.
    tokio::task::yield_now().await;
    assert!(
        !turn.is_finished(),
        "let through before the service answered"
    );
    release.notify_one();
    timeout(GUARD, turn).await.unwrap().unwrap();

    assert_eq!(
        warnings.load(Ordering::SeqCst),
        1,
        "one warning for the 503"
    );
    assert_eq!(errors.load(Ordering::SeqCst), 1, "one error for the 400");
}

#[tokio::test]
async fn a_base_path_is_kept() {
    let (addr, mut requests) = fake_service(Vec::new()).await;
    let queue = ServiceQueue::new(&format!("http://{addr}/bot-a/")).unwrap();
    assert_eq!(queue.base_url(), format!("http://{addr}/bot-a"));
    timeout(GUARD, queue.enqueue(0, 1)).await.unwrap();
    assert_eq!(
        next_request(&mut requests).await,
        "/bot-a/enqueue?shard=0&total=1"
    );

    // The pooled connection serves the next shard.
    timeout(GUARD, queue.enqueue(1, 2)).await.unwrap();
    assert_eq!(
        next_request(&mut requests).await,
        "/bot-a/enqueue?shard=1&total=2"
    );
}

#[tokio::test]
async fn asks_again_until_the_service_is_up() {
    let warnings = Arc::new(AtomicUsize::new(0));
    let _guard = tracing::subscriber::set_default(CountLevels {
        warnings: Arc::clone(&warnings),
        errors: Arc::new(AtomicUsize::new(0)),
    });

    // A port that nothing listens on, for now.
    let addr = TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap()
        .local_addr()
        .unwrap();
    let queue = ServiceQueue::new(&format!("http://{addr}")).unwrap();
    let turn = tokio::spawn(queue.enqueue(7, 8));

    // Wait (on events, not a clock) until a refused connection was logged.
    timeout(GUARD, async {
        while warnings.load(Ordering::SeqCst) == 0 {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await
    .unwrap();
    assert!(!turn.is_finished());

    let mut requests = serve(TcpListener::bind(addr).await.unwrap(), Vec::new());
    timeout(GUARD, turn).await.unwrap().unwrap();
    assert_eq!(
        next_request(&mut requests).await,
        "/enqueue?shard=7&total=8"
    );
}

/// Counts WARN and ERROR events.
struct CountLevels {
    warnings: Arc<AtomicUsize>,
    errors: Arc<AtomicUsize>,
}

impl Subscriber for CountLevels {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, _: &span::Attributes<'_>) -> span::Id {
        span::Id::from_u64(1)
    }

    fn record(&self, _: &span::Id, _: &span::Record<'_>) {}

    fn record_follows_from(&self, _: &span::Id, _: &span::Id) {}

    fn event(&self, event: &Event<'_>) {
        // Only this crate's events: hyper logs at other levels and targets.
        if !event
            .metadata()
            .target()
            .starts_with("twilight_gateway_queue")
        {
            return;
        }
        match *event.metadata().level() {
            Level::WARN => self.warnings.fetch_add(1, Ordering::SeqCst),
            Level::ERROR => self.errors.fetch_add(1, Ordering::SeqCst),
            _ => 0,
        };
    }

    fn enter(&self, _: &span::Id) {}

    fn exit(&self, _: &span::Id) {}
}

#[tokio::test]
async fn sends_the_secret_and_fails_over_to_the_next_instance() {
    let (addr, mut requests) = fake_service(Vec::new()).await;
    // Nothing listens on the first URL: a connection error, so the client
    // asks the fallback, with the secret.
    let dead = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let dead_addr = dead.local_addr().unwrap();
    drop(dead);
    let queue = ServiceQueue::new(&format!("http://{dead_addr}"))
        .unwrap()
        .with_fallback(&format!("http://{addr}"))
        .unwrap()
        .with_secret("s3cret")
        .unwrap();
    assert!(!format!("{queue:?}").contains("s3cret"));
    timeout(GUARD, queue.enqueue(2, 4)).await.unwrap();
    assert_eq!(
        next_request(&mut requests).await,
        "/enqueue?shard=2&total=4 Bearer s3cret"
    );
    // Later shards ask the instance that answered first.
    timeout(GUARD, queue.enqueue(3, 4)).await.unwrap();
    assert_eq!(
        next_request(&mut requests).await,
        "/enqueue?shard=3&total=4 Bearer s3cret"
    );
}
