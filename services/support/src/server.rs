//! Serving a handler over HTTP/1.1 (hyper 1), with graceful shutdown, and
//! the small answers every service gives.
//!
//! ```no_run
//! use service_support::{Shutdown, server};
//! use hyper::StatusCode;
//! use std::time::Duration;
//!
//! # async fn run() -> std::io::Result<()> {
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! let shutdown = Shutdown::new();
//! server::serve(listener, |_request| async {
//!     server::text(StatusCode::OK, "hello\n".to_owned())
//! }, shutdown, Duration::from_secs(10)).await
//! # }
//! ```

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::{
    Request, Response, StatusCode,
    body::Incoming,
    header::{CONTENT_TYPE, HeaderValue},
    server::conn::http1,
    service::service_fn,
};
use hyper_util::{
    rt::{TokioIo, TokioTimer},
    server::graceful::GracefulShutdown,
};
use serde::Serialize;
use std::{
    convert::Infallible, error::Error, fmt, future::Future, net::SocketAddr, time::Duration,
};
use tokio::net::TcpListener;

use crate::Shutdown;

/// The body of the answers built here.
pub type Body = Full<Bytes>;

/// The client's address, in every request's extensions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PeerAddr(pub SocketAddr);

/// Request heads larger than this are refused by hyper (`431`).
const MAX_HEAD: usize = 16 * 1024;

/// A client that has not sent a complete request head by then is dropped
/// (slow-loris protection).
const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// Serves `handler` on `listener` until `shutdown` is triggered, then stops
/// accepting, lets requests in flight finish for up to `grace`, and
/// returns. Each request gets a [`PeerAddr`] extension.
///
/// A handler that holds requests for long (the gateway queue) should also
/// watch `shutdown` and answer them, since `grace` ends at most that long.
/// When a client closes its connection, its handler's future is dropped.
///
/// # Errors
///
/// Only if accepting fails for a reason other than a per-connection error
/// (those are logged and skipped).
pub async fn serve<H, Fut, B>(
    listener: TcpListener,
    handler: H,
    shutdown: Shutdown,
    grace: Duration,
) -> std::io::Result<()>
where
    H: Fn(Request<Incoming>) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Response<B>> + Send + 'static,
    B: hyper::body::Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<Box<dyn Error + Send + Sync>>,
{
    let graceful = GracefulShutdown::new();
    loop {
        let (stream, peer) = tokio::select! {
            () = shutdown.wait() => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors and the like: back off a
                    // little rather than spin.
                    tracing::warn!(%error, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let _ = stream.set_nodelay(true);
        let handler = handler.clone();
        let service = service_fn(move |mut request: Request<Incoming>| {
            request.extensions_mut().insert(PeerAddr(peer));
            let answer = handler(request);
            async move { Ok::<_, Infallible>(answer.await) }
        });
        let connection = http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(HEADER_READ_TIMEOUT)
            .max_buf_size(MAX_HEAD)
            .serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%peer, error = %error, "connection ended with an error");
            }
        });
    }
    drop(listener);
    if tokio::time::timeout(grace, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!(?grace, "requests still in flight after the grace period");
    }
    Ok(())
}

/// A JSON answer.
#[must_use]
pub fn json(status: StatusCode, value: &impl Serialize) -> Response<Body> {
    // Serializing our own plain structs cannot fail.
    let body = serde_json::to_vec(value).unwrap_or_default();
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

/// A plain-text answer.
#[must_use]
pub fn text(status: StatusCode, body: String) -> Response<Body> {
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = status;
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

/// The JSON error answer every service gives: `{"error":"<message>"}`.
#[must_use]
pub fn error(status: StatusCode, message: &str) -> Response<Body> {
    #[derive(Serialize)]
    struct Error<'a> {
        error: &'a str,
    }
    json(status, &Error { error: message })
}

/// A request body was refused.
#[derive(Debug)]
pub enum BodyError {
    /// Longer than the limit.
    TooLarge(usize),
    /// The connection failed while reading.
    Read(String),
}

impl fmt::Display for BodyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooLarge(limit) => write!(f, "the request body is longer than {limit} bytes"),
            Self::Read(error) => write!(f, "the request body could not be read: {error}"),
        }
    }
}

impl Error for BodyError {}

/// Reads a request body of at most `limit` bytes.
///
/// # Errors
///
/// [`BodyError`] if it is longer or cannot be read.
pub async fn read_body(body: Incoming, limit: usize) -> Result<Bytes, BodyError> {
    match Limited::new(body, limit).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(error) if error.is::<http_body_util::LengthLimitError>() => {
            Err(BodyError::TooLarge(limit))
        }
        Err(error) => Err(BodyError::Read(error.to_string())),
    }
}
