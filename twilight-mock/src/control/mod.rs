//! The control API: the gateway and REST controls and logs of a running
//! mock over HTTP, JSON in and out, so that a test suite in any language
//! can drive it (the `twilight-mock` binary serves it with
//! `--control-port`; [`Mock::start`](crate::Mock::start) with
//! [`MockConfig::control_port`](crate::MockConfig::control_port)).
//!
//! Every route calls the same method of [`Gateway`] or [`RestContext`] a
//! Rust test would; the README lists the routes and their bodies.
//! `gateway` holds the gateway controls and logs, `world` the REST faults
//! and changes to the world, `wait` the long-polls.
//!
//! Answers: 200 with a JSON body (`{}` when there is nothing to say), 400
//! `{"message": ...}` for a body the route cannot use, 404 for an unknown
//! route, a Discord error body with its status when the state refuses a
//! change, 408 when a wait times out.

mod gateway;
mod wait;
mod world;

use crate::Gateway;
use crate::rest::RestContext;
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{CONTENT_TYPE, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use serde_json::{Value, json};
use std::time::Duration;
use tokio::net::TcpListener;

/// The largest control request body.
const MAX_BODY: usize = 4 * 1024 * 1024;

/// What the control API drives. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Control {
    gateway: Gateway,
    rest: RestContext,
    rest_url: String,
}

/// A control answer: status and JSON body.
pub(crate) type Answer = (u16, Value);

/// A 400 with `message`.
pub(crate) fn bad_request(message: impl Into<String>) -> Answer {
    (400, json!({ "message": message.into() }))
}

/// A 200 with `{}`.
pub(crate) fn done() -> Answer {
    (200, json!({}))
}

impl Control {
    /// The control API over `gateway` and `rest` (served at `rest_url`).
    pub fn new(gateway: Gateway, rest: RestContext, rest_url: String) -> Self {
        Self {
            gateway,
            rest,
            rest_url,
        }
    }

    /// Serves the control API on `listener` until the task is dropped.
    pub async fn serve(self, listener: TcpListener) {
        loop {
            let (stream, _) = match listener.accept().await {
                Ok(accepted) => accepted,
                Err(error) => {
                    tracing::warn!(%error, "control accept failed");
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                }
            };
            let control = self.clone();
            let header_timeout = self.rest.http_header_timeout();
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |req| {
                    let control = control.clone();
                    async move { Ok::<_, std::convert::Infallible>(control.handle(req).await) }
                });
                let io = hyper_util::rt::TokioIo::new(stream);
                if let Err(error) = crate::rest::http1_builder(header_timeout)
                    .serve_connection(io, service)
                    .await
                {
                    tracing::debug!(%error, "control connection ended");
                }
            });
        }
    }

    async fn handle(&self, req: Request<Incoming>) -> Response<Full<Bytes>> {
        let method = req.method().clone();
        let path = req.uri().path().to_owned();
        let body = match Limited::new(req.into_body(), MAX_BODY).collect().await {
            Ok(body) => body.to_bytes(),
            Err(_) => return respond(bad_request("body too large or unreadable")),
        };
        let body: Value = if body.is_empty() {
            json!({})
        } else {
            match serde_json::from_slice(&body) {
                Ok(value) => value,
                Err(error) => return respond(bad_request(format!("invalid JSON: {error}"))),
            }
        };
        let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        let answer = match (&method, segs.first().copied()) {
            (&Method::GET, None) => (
                200,
                json!({ "gateway": self.gateway.url(), "rest": self.rest_url }),
            ),
            (_, Some("gateway")) => gateway::route(&self.gateway, &method, &segs[1..], &body),
            (_, Some("rest" | "world")) => world::route(&self.rest, &method, &segs, &body),
            (&Method::POST, Some("wait")) if segs.len() == 1 => {
                wait::wait(&self.gateway, &self.rest, &body).await
            }
            _ => (
                404,
                json!({ "message": format!("no route {method} {path}") }),
            ),
        };
        respond(answer)
    }
}

fn respond((status, body): Answer) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(body.to_string())));
    *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}
