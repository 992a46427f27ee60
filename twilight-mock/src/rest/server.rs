//! Accepting connections and answering requests: the Cloudflare ban, the
//! attachment CDN, API versions, authentication, the global and per-route
//! ratelimits, body parsing, then the permission check, the handler and the
//! audit log entry in one state change, and the request log.

use super::context::{RequestRecord, RestContext};
use super::input::{Input, parse_body, percent_decode, query_pairs};
use super::ratelimit::{Decision, Scope};
use super::responses::{
    Reply, add_bucket_headers, error_response, json_response, plain_error, set_header, too_many,
};
use super::router::{Endpoint, route};
use super::{audit, handlers, permissions};
use crate::state::ApiError;
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{CONTENT_TYPE, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::time::{Duration, SystemTime};

/// The largest request body accepted (Discord's upload limit plus room for
/// the rest of a multipart body).
pub const MAX_BODY: usize = 26 * 1024 * 1024;

/// Serves the REST API on `listener` until the task is dropped.
pub async fn serve(listener: tokio::net::TcpListener, ctx: RestContext) {
    loop {
        let (stream, peer) = match listener.accept().await {
            Ok(conn) => conn,
            Err(e) => {
                tracing::warn!(error = %e, "REST accept failed");
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            }
        };
        let ctx = ctx.clone();
        tokio::spawn(async move {
            // The client's first request waits in the socket meanwhile.
            if let Some(delay) = ctx.connect_delay.draw() {
                tokio::time::sleep(delay).await;
            }
            let service = hyper::service::service_fn(move |req| {
                let ctx = ctx.clone();
                async move { Ok::<_, std::convert::Infallible>(handle(&ctx, req, peer).await) }
            });
            let io = hyper_util::rt::TokioIo::new(stream);
            if let Err(e) = hyper::server::conn::http1::Builder::new()
                .serve_connection(io, service)
                .await
            {
                tracing::debug!(error = %e, "REST connection ended");
            }
        });
    }
}

/// The path with webhook and interaction tokens replaced by `[token]`, for
/// logs.
fn redact(path: &str) -> String {
    let mut segs: Vec<&str> = path.split('/').collect();
    for i in 0..segs.len() {
        if matches!(segs[i], "webhooks" | "interactions") && i + 2 < segs.len() {
            segs[i + 2] = "[token]";
        }
    }
    segs.join("/")
}

/// Answers one request. Never panics outward: a panic becomes a 500.
async fn handle(
    ctx: &RestContext,
    req: Request<Incoming>,
    peer: SocketAddr,
) -> Response<Full<Bytes>> {
    use futures_util::FutureExt;
    let method = req.method().to_string();
    let path = redact(req.uri().path());
    let at = SystemTime::now();
    let outcome = std::panic::AssertUnwindSafe(handle_inner(ctx, req, peer))
        .catch_unwind()
        .await;
    let (response, route, scope) = match outcome {
        Ok(r) => r,
        Err(_) => {
            tracing::error!(%method, %path, "REST handler panicked");
            (
                json_response(
                    500,
                    &json!({ "message": "500: Internal Server Error", "code": 0 }),
                ),
                None,
                None,
            )
        }
    };
    let status = response.status().as_u16();
    if status == 401
        || status == 403
        || (status == 429 && scope.is_some_and(|s| s != Scope::Shared))
    {
        ctx.limiter.count_invalid();
    }
    let bucket = response
        .headers()
        .get("x-ratelimit-bucket")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    tracing::debug!(%method, %path, status, "REST request");
    ctx.record(RequestRecord {
        method,
        path,
        route,
        bucket,
        status,
        at,
        ratelimited: scope,
    });
    response
}

type Handled = (Response<Full<Bytes>>, Option<&'static str>, Option<Scope>);

async fn handle_inner(ctx: &RestContext, req: Request<Incoming>, peer: SocketAddr) -> Handled {
    let path = req.uri().path().to_owned();
    let host = req
        .headers()
        .get(hyper::header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| h.bytes().all(|b| b.is_ascii_graphic()))
        .unwrap_or("127.0.0.1")
        .to_owned();
    let file_base = format!("http://{host}");

    if let Some(banned) = ctx.limiter.banned() {
        let mut response = Response::new(Full::new(Bytes::from_static(b"error code: 1015")));
        *response.status_mut() = StatusCode::TOO_MANY_REQUESTS;
        response
            .headers_mut()
            .insert(CONTENT_TYPE, HeaderValue::from_static("text/html"));
        set_header(
            &mut response,
            "retry-after",
            &banned.as_secs().max(1).to_string(),
        );
        return (response, None, None);
    }

    // Attachments (the CDN): no authentication, no ratelimit.
    if let Some(rest) = path.strip_prefix("/attachments/") {
        let segs: Vec<&str> = rest.split('/').collect();
        if req.method() == Method::GET
            && segs.len() == 3
            && let Some(file) = segs[1].parse().ok().and_then(|id| ctx.state.file(id))
        {
            let mut response = Response::new(Full::new(file.data));
            set_header(&mut response, "content-type", &file.content_type);
            return (response, None, None);
        }
        return (plain_error(404), None, None);
    }

    let Some(rest) = path.strip_prefix("/api") else {
        return (plain_error(404), None, None);
    };
    let mut segs: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
    match segs
        .first()
        .and_then(|v| v.strip_prefix('v'))
        .map(str::parse::<u32>)
    {
        Some(Ok(9 | 10)) => {
            segs.remove(0);
        }
        Some(Ok(3..=8)) => {
            return (
                error_response(&ApiError::new(400, 50041, "Invalid API version provided")),
                None,
                None,
            );
        }
        _ => return (plain_error(404), None, None),
    }
    let method = req.method().clone();
    let Some(route) = route(&method, &segs) else {
        let exists = [
            Method::GET,
            Method::POST,
            Method::PATCH,
            Method::PUT,
            Method::DELETE,
        ]
        .iter()
        .any(|m| route(m, &segs).is_some());
        return (plain_error(if exists { 405 } else { 404 }), None, None);
    };
    let group = route.group;

    let auth = req
        .headers()
        .get(hyper::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let identity = match &auth {
        Some(a)
            if a.strip_prefix("Bot ") == Some(ctx.config.token.as_str())
                && !ctx.token_reset.as_ref().is_some_and(|reset| reset()) =>
        {
            "bot".to_owned()
        }
        _ if route.auth => {
            return (plain_error(401), Some(group), None);
        }
        _ => format!("ip:{}", peer.ip()),
    };

    if !route.global_exempt
        && let Some(retry) = ctx.limiter.check_global(&identity)
    {
        return (
            too_many(Scope::Global, None, retry),
            Some(group),
            Some(Scope::Global),
        );
    }
    let bucket = match ctx.limiter.check_bucket(&identity, group, &route.major) {
        Decision::Allow(info) => info,
        Decision::Limited {
            scope,
            bucket,
            retry_after,
        } => {
            return (
                too_many(scope, bucket.as_ref(), retry_after),
                Some(group),
                Some(scope),
            );
        }
    };

    let content_type = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let reason = req
        .headers()
        .get("x-audit-log-reason")
        .and_then(|v| v.to_str().ok())
        .map(percent_decode);
    let query = query_pairs(req.uri().query().unwrap_or(""));
    let body = match Limited::new(req.into_body(), MAX_BODY).collect().await {
        Ok(b) => b.to_bytes(),
        Err(e) => {
            let too_large = e
                .downcast_ref::<http_body_util::LengthLimitError>()
                .is_some();
            let mut response = if too_large {
                error_response(&ApiError::new(413, 40005, "Request entity too large"))
            } else {
                plain_error(400)
            };
            add_bucket_headers(&mut response, &bucket);
            return (response, Some(group), None);
        }
    };
    let takes_body = matches!(method, Method::POST | Method::PATCH | Method::PUT);
    let (json, files) = if takes_body {
        match parse_body(content_type.as_deref(), &body) {
            Ok(parsed) => parsed,
            Err(e) => {
                let mut response = error_response(&e);
                add_bucket_headers(&mut response, &bucket);
                return (response, Some(group), None);
            }
        }
    } else {
        (Value::Object(serde_json::Map::new()), Vec::new())
    };
    let input = Input {
        json,
        files,
        query,
        reason,
        file_base,
    };
    // Bulk overwrites of commands take an array.
    let array_body =
        method == Method::PUT && matches!(route.endpoint, Endpoint::Commands(_, _, _, None));
    if takes_body && !input.json.is_object() && !(array_body && input.json.is_array()) {
        let e = ApiError::new(400, 50035, "Invalid Form Body").with_errors(json!({
            "_errors": [{ "code": "DICT_TYPE_CONVERT", "message": "Only dictionaries may be used in a DictType" }]
        }));
        let mut response = error_response(&e);
        add_bucket_headers(&mut response, &bucket);
        return (response, Some(group), None);
    }

    let result = ctx.change(|state, events| {
        permissions::check(state, &route.endpoint, &input)?;
        let pending = audit::pending(state, &route.endpoint, &input);
        let reply = handlers::endpoint(ctx, route.endpoint, &input, &host, events)?;
        if let Some(pending) = pending {
            audit::record(state, pending, &reply, input.reason.as_deref(), events);
        }
        Ok(reply)
    });
    let mut response = match result {
        Ok(Reply::Json(status, value)) => json_response(status, &value),
        Ok(Reply::Empty) => {
            let mut r = Response::new(Full::new(Bytes::new()));
            *r.status_mut() = StatusCode::NO_CONTENT;
            r
        }
        Err(e) => error_response(&e),
    };
    add_bucket_headers(&mut response, &bucket);
    (response, Some(group), None)
}
