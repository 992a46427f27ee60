//! Accepting connections and answering requests: the Cloudflare ban, the
//! attachment CDN, API versions, authentication, the global and per-route
//! ratelimits, body parsing, then the permission check, the handler and the
//! audit log entry in one state change, and the request log.

use super::context::{RequestRecord, RestContext};
use super::input::{Input, parse_body, percent_decode, query_pairs};
use super::ratelimit::{BucketInfo, Decision, Scope};
use super::responses::{
    Reply, add_bucket_headers, error_response, json_response, plain_error, set_header, too_many,
};
use super::router::{Endpoint, Route, route};
use super::spec_routes::SPEC_ROUTES;
use super::{audit, handlers, permissions};
use crate::state::ApiError;
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::header::{CONTENT_TYPE, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::time::{Duration, SystemTime};

/// The largest request body accepted (Discord's upload limit plus room for
/// the rest of a multipart body).
pub const MAX_BODY: usize = 26 * 1024 * 1024;

/// A request body the server can read: hyper's, or a body already in
/// memory (the fuzz targets).
pub(crate) trait RequestBody:
    hyper::body::Body<Data = Bytes, Error: Into<Box<dyn std::error::Error + Send + Sync>>> + Send
{
}

impl<B> RequestBody for B where
    B: hyper::body::Body<Data = Bytes, Error: Into<Box<dyn std::error::Error + Send + Sync>>>
        + Send
{
}

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
        let ctx_timeout = ctx.config.http_header_timeout;
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
            if let Err(e) = http1_builder(ctx_timeout)
                .serve_connection(io, service)
                .await
            {
                tracing::debug!(error = %e, "REST connection ended");
            }
        });
    }
}

/// An HTTP/1 server whose connections get `header_timeout` (real time) to
/// send each request's head, counted from when they open or their previous
/// response left: a client that never sends its headers, or a keep-alive
/// connection left idle, is closed rather than holding its descriptor.
pub(crate) fn http1_builder(header_timeout: Duration) -> hyper::server::conn::http1::Builder {
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(header_timeout);
    builder
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
pub(crate) async fn handle<B: RequestBody>(
    ctx: &RestContext,
    req: Request<B>,
    peer: SocketAddr,
) -> Response<Full<Bytes>> {
    use futures_util::FutureExt;
    let method = req.method().to_string();
    let path = redact(req.uri().path());
    let query = req.uri().query().unwrap_or("").to_owned();
    let at = SystemTime::now();
    let outcome = std::panic::AssertUnwindSafe(handle_inner(ctx, req, peer))
        .catch_unwind()
        .await;
    let (response, route, scope) = match outcome {
        Ok(r) => r,
        Err(_) => {
            tracing::error!(%method, %path, "REST handler panicked");
            let mut response = json_response(
                500,
                &json!({ "message": "500: Internal Server Error", "code": 0 }),
            );
            set_header(&mut response, "via", "1.1 google");
            (response, None, None)
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
        query,
        route,
        bucket,
        status,
        at,
        ratelimited: scope,
    });
    response
}

/// A response, the route group it belongs to and the scope of its 429.
type Handled = (Response<Full<Bytes>>, Option<&'static str>, Option<Scope>);

/// A response that ends a request before its endpoint runs (boxed: a
/// response is large).
type Refused = Box<Response<Full<Bytes>>>;

/// Takes a request through the ban, the CDN, the API version, the route,
/// authentication and the ratelimits, then reads it and runs its endpoint.
async fn handle_inner<B: RequestBody>(
    ctx: &RestContext,
    req: Request<B>,
    peer: SocketAddr,
) -> Handled {
    let path = req.uri().path().to_owned();
    if let Some(banned) = ctx.limiter.banned() {
        return (cloudflare_ban(banned), None, None);
    }
    // Attachments (the CDN): no authentication, no ratelimit.
    if let Some(rest) = path.strip_prefix("/attachments/") {
        return (serve_attachment(ctx, req.method(), rest), None, None);
    }
    let (mut response, group, scope) = handle_api(ctx, req, peer, &path).await;
    // Discord's API answers pass Google's load balancer; clients tell a
    // Cloudflare ban (which lacks it) from Discord's own 429 by this header.
    set_header(&mut response, "via", "1.1 google");
    (response, group, scope)
}

/// The API proper: the version, the route, authentication, the ratelimits,
/// then the endpoint.
async fn handle_api<B: RequestBody>(
    ctx: &RestContext,
    req: Request<B>,
    peer: SocketAddr,
    path: &str,
) -> Handled {
    let host = request_host(&req);
    let segs = match api_segments(path) {
        Ok(segs) => segs,
        Err(response) => return (*response, None, None),
    };
    let method = req.method().clone();
    let route = match match_route(&method, &segs) {
        Ok(route) => route,
        Err(response) => return (*response, None, None),
    };
    let group = route.group;
    let Some(identity) = identity(ctx, &req, &route, peer) else {
        return (plain_error(401), Some(group), None);
    };
    if let Some(status) = ctx.errors.take(group) {
        return (plain_error(status), Some(group), None);
    }
    let bucket = match check_ratelimits(ctx, &identity, &route) {
        Ok(bucket) => bucket,
        Err((response, scope)) => return (*response, Some(group), Some(scope)),
    };
    let file_base = format!("http://{host}");
    let mut response = match read_input(req, &method, &route.endpoint, file_base).await {
        Ok(input) => run(ctx, route.endpoint, &input, &host),
        Err(response) => response,
    };
    add_bucket_headers(&mut response, &bucket);
    if ctx.config.scope_on_success {
        set_header(&mut response, "x-ratelimit-scope", Scope::User.as_str());
    }
    (response, Some(group), None)
}

/// The Host the request was sent to (created URLs name it), 127.0.0.1
/// without a usable one.
fn request_host<B>(req: &Request<B>) -> String {
    req.headers()
        .get(hyper::header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| h.bytes().all(|b| b.is_ascii_graphic()))
        .unwrap_or("127.0.0.1")
        .to_owned()
}

/// What Cloudflare answers a banned client: 429, `text/html`, no ratelimit
/// headers.
fn cloudflare_ban(retry_after: Duration) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from_static(b"error code: 1015")));
    *response.status_mut() = StatusCode::TOO_MANY_REQUESTS;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("text/html"));
    set_header(
        &mut response,
        "retry-after",
        &retry_after.as_secs().max(1).to_string(),
    );
    response
}

/// GET /attachments/{channel}/{attachment}/{filename}: the stored file.
fn serve_attachment(ctx: &RestContext, method: &Method, path: &str) -> Response<Full<Bytes>> {
    let segs: Vec<&str> = path.split('/').collect();
    if method == Method::GET
        && segs.len() == 3
        && let Some(file) = segs[1].parse().ok().and_then(|id| ctx.state.file(id))
    {
        let mut response = Response::new(Full::new(file.data));
        set_header(&mut response, "content-type", &file.content_type);
        return response;
    }
    plain_error(404)
}

/// The path segments after `/api/v9` or `/api/v10`; 400 (50041) for
/// versions 3 to 8, 404 otherwise.
fn api_segments(path: &str) -> Result<Vec<&str>, Refused> {
    let Some(rest) = path.strip_prefix("/api") else {
        return Err(Box::new(plain_error(404)));
    };
    let mut segs: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
    match segs
        .first()
        .and_then(|v| v.strip_prefix('v'))
        .map(str::parse::<u32>)
    {
        Some(Ok(9 | 10)) => {
            segs.remove(0);
            Ok(segs)
        }
        Some(Ok(3..=8)) => Err(Box::new(error_response(&ApiError::new(
            400,
            50041,
            "Invalid API version provided",
        )))),
        _ => Err(Box::new(plain_error(404))),
    }
}

/// The route of `method` and `segs`: 405 if the path has routes for other
/// methods only, 404 if it has none.
fn match_route(method: &Method, segs: &[&str]) -> Result<Route, Refused> {
    route(method, segs).ok_or_else(|| {
        if let Some(template) = spec_route(method, segs) {
            // A route Discord has: say it is the mock that lacks it.
            return Box::new(json_response(
                404,
                &json!({
                    "message": format!("404: Not Found (not emulated by twilight-mock: {method} {template})"),
                    "code": 0,
                }),
            ));
        }
        let exists = [
            Method::GET,
            Method::POST,
            Method::PATCH,
            Method::PUT,
            Method::DELETE,
        ]
        .iter()
        .any(|m| route(m, segs).is_some());
        Box::new(plain_error(if exists { 405 } else { 404 }))
    })
}

/// The template of the spec's route for `method` and `segs`, if any.
fn spec_route(method: &Method, segs: &[&str]) -> Option<&'static str> {
    SPEC_ROUTES.iter().find_map(|(m, template)| {
        let parts: Vec<&str> = template.split('/').filter(|p| !p.is_empty()).collect();
        let matches = *m == method.as_str()
            && parts.len() == segs.len()
            && parts
                .iter()
                .zip(segs)
                .all(|(part, seg)| part.starts_with('{') || part == seg);
        matches.then_some(*template)
    })
}

/// Who the ratelimits count the request against: `bot` with the bot token
/// (unless it was reset), the client's IP address on routes that need no
/// token; `None` (401) otherwise.
fn identity<B>(
    ctx: &RestContext,
    req: &Request<B>,
    route: &Route,
    peer: SocketAddr,
) -> Option<String> {
    let auth = req
        .headers()
        .get(hyper::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    match auth {
        Some(a)
            if a.strip_prefix("Bot ") == Some(ctx.config.token.as_str())
                && !ctx.token_reset.as_ref().is_some_and(|reset| reset()) =>
        {
            Some("bot".to_owned())
        }
        _ if route.auth => None,
        _ => Some(format!("ip:{}", peer.ip())),
    }
}

/// The global limit (unless the route is exempt), then the route's bucket:
/// its state for the headers, or the 429 and its scope.
fn check_ratelimits(
    ctx: &RestContext,
    identity: &str,
    route: &Route,
) -> Result<BucketInfo, (Refused, Scope)> {
    if !route.global_exempt
        && let Some(retry) = ctx.limiter.check_global(identity)
    {
        return Err((
            Box::new(too_many(Scope::Global, None, retry)),
            Scope::Global,
        ));
    }
    match ctx
        .limiter
        .check_bucket(identity, route.group, &route.major)
    {
        Decision::Allow(info) => Ok(info),
        Decision::Limited {
            scope,
            bucket,
            retry_after,
        } => Err((
            Box::new(too_many(scope, bucket.as_ref(), retry_after)),
            scope,
        )),
    }
}

/// Reads the query, the audit log reason and the body (up to [`MAX_BODY`]:
/// JSON or multipart; an object, or an array for bulk command overwrites).
async fn read_input<B: RequestBody>(
    req: Request<B>,
    method: &Method,
    endpoint: &Endpoint,
    file_base: String,
) -> Result<Input, Response<Full<Bytes>>> {
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
            return Err(if too_large {
                error_response(&ApiError::new(413, 40005, "Request entity too large"))
            } else {
                plain_error(400)
            });
        }
    };
    let takes_body = matches!(*method, Method::POST | Method::PATCH | Method::PUT);
    let (json, files) = if takes_body {
        parse_body(content_type.as_deref(), &body).map_err(|e| error_response(&e))?
    } else {
        (Value::Object(serde_json::Map::new()), Vec::new())
    };
    // Bulk overwrites of commands take an array.
    let array_body =
        *method == Method::PUT && matches!(endpoint, Endpoint::Commands(_, _, _, None));
    if takes_body && !json.is_object() && !(array_body && json.is_array()) {
        let e = ApiError::new(400, 50035, "Invalid Form Body").with_errors(json!({
            "_errors": [{ "code": "DICT_TYPE_CONVERT", "message": "Only dictionaries may be used in a DictType" }]
        }));
        return Err(error_response(&e));
    }
    Ok(Input {
        json,
        files,
        query,
        reason,
        file_base,
    })
}

/// Runs the endpoint as one state change: the permission check, the
/// handler, then the audit log entry; its events are dispatched after.
fn run(ctx: &RestContext, endpoint: Endpoint, input: &Input, host: &str) -> Response<Full<Bytes>> {
    let result = ctx.change(|state, events| {
        permissions::check(state, &endpoint, input)?;
        let pending = audit::pending(state, &endpoint, input);
        let reply = handlers::endpoint(ctx, endpoint, input, host, events)?;
        if let Some(pending) = pending {
            audit::record(state, pending, &reply, input.reason.as_deref(), events);
        }
        Ok(reply)
    });
    match result {
        Ok(Reply::Json(status, value)) => json_response(status, &value),
        Ok(Reply::Empty) => {
            let mut r = Response::new(Full::new(Bytes::new()));
            *r.status_mut() = StatusCode::NO_CONTENT;
            r
        }
        Err(e) => error_response(&e),
    }
}
