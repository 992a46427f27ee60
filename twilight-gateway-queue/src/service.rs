//! [`ServiceQueue`]: the client of the gateway queue service, for shards
//! spread over several processes or machines that must share one bot's
//! session start limits.
//!
//! # The protocol
//!
//! One request per identify, over plain HTTP/1.1:
//!
//! ```text
//! GET {base}/enqueue?shard={shard}&total={total} HTTP/1.1
//! Authorization: Bearer {secret}
//! ```
//!
//! - `{base}` is the URL given to [`ServiceQueue::new`] without a trailing
//!   `/` (it may have a path: `http://queue:8080/bot-a` asks
//!   `http://queue:8080/bot-a/enqueue?...`; the gateway queue service uses
//!   the path to tell its bots apart). `shard` and `total` are decimal
//!   `u32`s: the shard id and the shard count the shard identifies with.
//! - `Authorization` carries the service's shared secret
//!   ([`ServiceQueue::with_secret`]); it is left out when no secret is set.
//!   A wrong or missing secret gets `401 Unauthorized` and no turn.
//! - The service holds the request until the shard may identify, however
//!   long that is (a second, five, or until the daily limit resets), then
//!   answers `200 OK` with `Content-Type: application/json` and the body
//!   `{"shard":N,"bucket":B,"waited_ms":W,"remaining":R}`: the shard id,
//!   its bucket (`shard % max_concurrency`), how long the service held the
//!   request in milliseconds, and the sessions left today after this one.
//!   A client may ignore the body (this one does): any `2xx` status is the
//!   permission. A service may add fields; clients must ignore those they
//!   do not know. (Older services answered only `{"shard":N}`.)
//! - A client that closes the connection before the answer gives its place
//!   up: the service must neither count it against the daily limit nor
//!   spend its bucket's turn on it.
//! - A request the service cannot serve now (starting, shutting down,
//!   overloaded, its backend unreachable) gets a `5xx`, typically `503
//!   Service Unavailable`, with `{"error":"..."}`. A malformed request (a
//!   missing or non-numeric parameter, `shard >= total`) gets `400 Bad
//!   Request`.
//!
//! The client never lets a shard identify without a `2xx`: on a connection
//! error or any other status it logs a warning (an error for a `4xx`, which
//! will not go away by itself) and asks again after a backoff that starts at
//! 250 ms and doubles up to 10 s, with jitter so that shards do not come
//! back in lockstep. After a connection error it asks the next of its URLs
//! ([`ServiceQueue::with_fallback`]), so that shards waiting on an instance
//! that died move to another.
//!
//! Each waiting shard holds one HTTP/1.1 connection (connections are reused
//! once answered), so a service must accept as many open connections as
//! there are shards waiting at once.
//!
//! # No TLS
//!
//! The client speaks plain HTTP only (`https` URLs are rejected): the service
//! belongs on a private network beside the shards. The shared secret
//! crosses that network in clear: it keeps other programs on the network
//! from taking turns, it does not protect against one that can read the
//! traffic.

use crate::{Enqueued, Queue};
use bytes::Bytes;
use http_body_util::{BodyExt, Empty, Limited};
use hyper::{Request, StatusCode, Uri, header::HeaderValue};
use hyper_util::{
    client::legacy::{Client, connect::HttpConnector},
    rt::TokioExecutor,
};
use std::{
    error::Error,
    fmt,
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

/// The first wait after a failed request.
const FIRST_BACKOFF: Duration = Duration::from_millis(250);

/// The longest wait between two attempts.
const MAX_BACKOFF: Duration = Duration::from_secs(10);

/// A service answers `{"shard":N}`; more than this is not read.
const MAX_BODY: usize = 64 * 1024;

/// How often an idle connection is probed, so that a request the service
/// holds for a long time notices a peer that vanished.
const TCP_KEEPALIVE: Duration = Duration::from_secs(60);

/// A [`Queue`] that asks the gateway queue service, over HTTP, when a shard
/// may identify (see [the protocol](self#the-protocol)).
///
/// Cloning is cheap: clones share one connection pool. Construction needs
/// no runtime; the futures [`enqueue`](Queue::enqueue) returns must be polled
/// inside a tokio runtime.
///
/// # Examples
///
/// ```no_run
/// use std::sync::Arc;
/// use twilight_gateway_queue::{Queue, ServiceQueue};
///
/// # async fn run() -> Result<(), twilight_gateway_queue::service::InvalidBaseUrl> {
/// let queue: Arc<dyn Queue> = Arc::new(ServiceQueue::new("http://gateway-queue:8080")?);
/// queue.enqueue(3, 16).await; // shard 3 of 16 may identify now
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct ServiceQueue {
    inner: Arc<Inner>,
}

struct Inner {
    client: Client<HttpConnector, Empty<Bytes>>,
    /// Without a trailing `/`; the first is the one given to `new`, the
    /// others are fallbacks.
    bases: Vec<String>,
    /// Which base a new request asks first; moves on after a connection
    /// error.
    current: AtomicUsize,
    /// `Bearer {secret}`, marked sensitive.
    authorization: Option<HeaderValue>,
}

impl Clone for Inner {
    fn clone(&self) -> Self {
        Self {
            client: self.client.clone(),
            bases: self.bases.clone(),
            current: AtomicUsize::new(self.current.load(Ordering::Relaxed)),
            authorization: self.authorization.clone(),
        }
    }
}

impl ServiceQueue {
    /// A client of the service at `base_url`, such as
    /// `http://gateway-queue:8080` (a path is kept; see
    /// [the protocol](self#the-protocol)).
    ///
    /// # Errors
    ///
    /// [`InvalidBaseUrl`] if `base_url` is not an absolute `http` URL with a
    /// host and without a query or fragment.
    pub fn new(base_url: &str) -> Result<Self, InvalidBaseUrl> {
        let base = check_base(base_url)?;
        let mut connector = HttpConnector::new();
        connector.set_nodelay(true);
        connector.set_keepalive(Some(TCP_KEEPALIVE));
        let client = Client::builder(TokioExecutor::new()).build(connector);
        Ok(Self {
            inner: Arc::new(Inner {
                client,
                bases: vec![base],
                current: AtomicUsize::new(0),
                authorization: None,
            }),
        })
    }

    /// Sends `Authorization: Bearer {secret}` with every request (the
    /// service's shared secret). The secret is never logged nor shown by
    /// `Debug`.
    ///
    /// # Errors
    ///
    /// [`InvalidSecret`] if it is empty or has characters a header cannot
    /// carry (control characters).
    pub fn with_secret(self, secret: &str) -> Result<Self, InvalidSecret> {
        if secret.is_empty() {
            return Err(InvalidSecret { _private: () });
        }
        let mut value = HeaderValue::try_from(format!("Bearer {secret}"))
            .map_err(|_| InvalidSecret { _private: () })?;
        value.set_sensitive(true);
        let mut inner = Arc::unwrap_or_clone(self.inner);
        inner.authorization = Some(value);
        Ok(Self {
            inner: Arc::new(inner),
        })
    }

    /// Adds another instance of the service, asked after a connection error
    /// (instances sharing one schedule over Redis). URLs are tried in the
    /// order given, round.
    ///
    /// # Errors
    ///
    /// [`InvalidBaseUrl`] as for [`new`](Self::new).
    pub fn with_fallback(self, base_url: &str) -> Result<Self, InvalidBaseUrl> {
        let base = check_base(base_url)?;
        let mut inner = Arc::unwrap_or_clone(self.inner);
        inner.bases.push(base);
        Ok(Self {
            inner: Arc::new(inner),
        })
    }

    /// The service's base URL, without a trailing `/`.
    #[must_use]
    pub fn base_url(&self) -> &str {
        &self.inner.bases[0]
    }
}

/// Checks a base URL; returns it without a trailing `/`.
fn check_base(base_url: &str) -> Result<String, InvalidBaseUrl> {
    {
        let invalid = |reason| InvalidBaseUrl {
            url: base_url.to_owned(),
            reason,
        };
        if base_url.contains(['?', '#']) {
            return Err(invalid("it has a query or fragment"));
        }
        let uri: Uri = base_url
            .parse()
            .map_err(|_| invalid("it is not a valid URL"))?;
        match uri.scheme_str() {
            Some("http") => {}
            Some("https") => {
                return Err(invalid(
                    "the client speaks plain HTTP only; reach the service over a private network",
                ));
            }
            Some(_) => return Err(invalid("its scheme is not http")),
            None => return Err(invalid("it is not absolute (http://host:port)")),
        }
        if uri.host().is_none_or(str::is_empty) {
            return Err(invalid("it has no host"));
        }
        let base = base_url.trim_end_matches('/').to_owned();
        // Every request URL is this one with other numbers, so this check
        // makes building them infallible.
        if enqueue_uri(&base, u32::MAX, u32::MAX).is_none() {
            return Err(invalid("its path cannot be extended with /enqueue"));
        }
        Ok(base)
    }
}

impl fmt::Debug for ServiceQueue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceQueue")
            .field("base_urls", &self.inner.bases)
            .field(
                "secret",
                &self.inner.authorization.as_ref().map(|_| "<redacted>"),
            )
            .finish_non_exhaustive()
    }
}

impl Queue for ServiceQueue {
    fn enqueue(&self, shard: u32, total: u32) -> Enqueued {
        Box::pin(wait_for_turn(Arc::clone(&self.inner), shard, total))
    }
}

fn enqueue_uri(base: &str, shard: u32, total: u32) -> Option<Uri> {
    format!("{base}/enqueue?shard={shard}&total={total}")
        .parse()
        .ok()
}

/// Why one attempt did not give the shard its turn.
enum Failure {
    Status(StatusCode),
    Connection(hyper_util::client::legacy::Error),
    /// Unreachable after [`ServiceQueue::new`]'s check; kept so that even
    /// then the shard waits instead of identifying.
    Uri,
}

async fn wait_for_turn(inner: Arc<Inner>, shard: u32, total: u32) {
    let mut attempt: u32 = 0;
    loop {
        let index = inner.current.load(Ordering::Relaxed) % inner.bases.len();
        let base = &inner.bases[index];
        let failure = match enqueue_uri(base, shard, total) {
            Some(uri) => match ask(&inner.client, uri, inner.authorization.as_ref()).await {
                Ok(()) => return,
                Err(failure) => failure,
            },
            None => Failure::Uri,
        };
        attempt = attempt.saturating_add(1);
        let retry_in = backoff(attempt);
        if matches!(failure, Failure::Connection(_)) && inner.bases.len() > 1 {
            // Move every later request on too, unless another one already
            // did.
            let _ = inner.current.compare_exchange(
                index,
                (index + 1) % inner.bases.len(),
                Ordering::Relaxed,
                Ordering::Relaxed,
            );
        }
        match failure {
            Failure::Status(status) if status.is_client_error() => tracing::error!(
                shard,
                total,
                base_url = %base,
                %status,
                ?retry_in,
                "the gateway queue service rejected the request; asking again",
            ),
            Failure::Status(status) => tracing::warn!(
                shard,
                total,
                base_url = %base,
                %status,
                ?retry_in,
                "the gateway queue service failed; asking again",
            ),
            Failure::Connection(error) => tracing::warn!(
                shard,
                total,
                base_url = %base,
                error = %DisplayChain(&error),
                ?retry_in,
                "could not reach the gateway queue service; asking again",
            ),
            Failure::Uri => tracing::error!(
                shard,
                total,
                base_url = %base,
                ?retry_in,
                "could not build the gateway queue service's URL; asking again",
            ),
        }
        tokio::time::sleep(retry_in).await;
    }
}

/// One request: `Ok` once the service answered `2xx`.
async fn ask(
    client: &Client<HttpConnector, Empty<Bytes>>,
    uri: Uri,
    authorization: Option<&HeaderValue>,
) -> Result<(), Failure> {
    let mut request = Request::get(uri)
        .body(Empty::new())
        .map_err(|_| Failure::Uri)?;
    if let Some(value) = authorization {
        request
            .headers_mut()
            .insert(hyper::header::AUTHORIZATION, value.clone());
    }
    let response = client.request(request).await.map_err(Failure::Connection)?;
    let status = response.status();
    // Read the (ignored) body so that the connection can serve the next
    // request; a failure here changes nothing, the status has been given.
    let _ = Limited::new(response.into_body(), MAX_BODY).collect().await;
    if status.is_success() {
        Ok(())
    } else {
        Err(Failure::Status(status))
    }
}

/// The wait before attempt `attempt + 1`: doubling from [`FIRST_BACKOFF`]
/// up to [`MAX_BACKOFF`], then a random point in its upper half.
fn backoff(attempt: u32) -> Duration {
    let doublings = attempt.saturating_sub(1).min(16);
    let full = FIRST_BACKOFF
        .saturating_mul(1 << doublings)
        .min(MAX_BACKOFF);
    full / 2 + (full / 2).mul_f64(fastrand::f64())
}

/// Displays an error with its sources, which is where hyper keeps the cause
/// (connection refused, reset by peer).
struct DisplayChain<'a>(&'a dyn Error);

impl fmt::Display for DisplayChain<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)?;
        let mut source = self.0.source();
        while let Some(error) = source {
            write!(f, ": {error}")?;
            source = error.source();
        }
        Ok(())
    }
}

/// The URL given to [`ServiceQueue::new`] cannot address the service.
#[derive(Debug)]
pub struct InvalidBaseUrl {
    url: String,
    reason: &'static str,
}

impl InvalidBaseUrl {
    /// The URL as given.
    #[must_use]
    pub fn url(&self) -> &str {
        &self.url
    }
}

impl fmt::Display for InvalidBaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid gateway queue service URL {:?}: {}",
            self.url, self.reason
        )
    }
}

impl Error for InvalidBaseUrl {}

/// The secret given to [`ServiceQueue::with_secret`] cannot be sent (it is
/// empty or has control characters). It does not say the secret.
#[derive(Debug)]
pub struct InvalidSecret {
    _private: (),
}

impl fmt::Display for InvalidSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "invalid gateway queue service secret: it is empty or has characters an HTTP header \
             cannot carry",
        )
    }
}

impl Error for InvalidSecret {}

#[cfg(test)]
mod tests {
    use super::{MAX_BACKOFF, ServiceQueue, backoff};
    use std::time::Duration;

    #[test]
    fn backoff_doubles_up_to_its_cap() {
        assert!((125..=250).contains(&backoff(1).as_millis()));
        assert!((250..=500).contains(&backoff(2).as_millis()));
        for attempt in [7, 100, u32::MAX] {
            let wait = backoff(attempt);
            assert!(wait >= MAX_BACKOFF / 2 && wait <= MAX_BACKOFF, "{wait:?}");
        }
        assert!(backoff(0) <= Duration::from_millis(250));
    }

    #[test]
    fn base_urls() {
        for good in [
            "http://localhost:8080",
            "http://localhost:8080/",
            "http://10.0.0.1/bot-a/",
        ] {
            let queue = ServiceQueue::new(good).unwrap();
            assert!(!queue.base_url().ends_with('/'));
        }
        let queue = ServiceQueue::new("http://q").unwrap();
        let debug = format!("{:?}", queue.with_secret("hunter2").unwrap());
        assert!(
            !debug.contains("hunter2") && debug.contains("<redacted>"),
            "{debug}"
        );
        assert!(
            ServiceQueue::new("http://q")
                .unwrap()
                .with_secret("")
                .is_err()
        );
        assert!(
            ServiceQueue::new("http://q")
                .unwrap()
                .with_secret("a\nb")
                .is_err()
        );
        for bad in [
            "",
            "localhost:8080",
            "/enqueue",
            "https://queue.example",
            "ftp://queue",
            "http://queue/?a=b",
            "http://queue/#top",
            "http:// spaces",
        ] {
            let error = ServiceQueue::new(bad).unwrap_err();
            assert_eq!(error.url(), bad);
            assert!(
                error
                    .to_string()
                    .contains("invalid gateway queue service URL")
            );
        }
    }
}
