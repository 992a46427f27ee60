//! One request through the proxy: client auth, the limiter within the
//! caller's wait bound, the upstream call with both bodies streamed, the
//! report of the response, and the proxy's own answers.

use crate::{
    AUTH_HEADER, ClientAuth, Config, Https, MAX_WAIT_HEADER, PROXY_HEADER,
    bots::{self, Backend, Bots},
    metrics::{Metrics, seconds},
    route::{self, Templates},
};
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited, combinators::BoxBody};
use hyper::{
    HeaderMap, Request, Response, StatusCode,
    body::Incoming,
    header::{self, HeaderName, HeaderValue},
};
use hyper_util::client::legacy::Client;
use service_support::{Health, auth::constant_time_eq};
use std::{error::Error, fmt, sync::Arc, time::Duration};
use tokio::time::Instant;
use twilight_http_ratelimiting::{
    Outcome, RateLimitHeaders, Scope,
    store::{Refusal, WaitReason},
};

type BoxError = Box<dyn Error + Send + Sync>;

/// The body of every answer: upstream's streamed, or the proxy's own.
pub(crate) type ProxyBody = BoxBody<Bytes, BoxError>;

/// What every request shares.
pub(crate) struct Shared {
    pub(crate) config: Config,
    pub(crate) bots: Bots,
    pub(crate) client: Client<Https, ProxyBody>,
    pub(crate) upstream: String,
    pub(crate) templates: Templates,
    pub(crate) metrics: Metrics,
}

impl fmt::Debug for Shared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The config's secrets print redacted.
        f.debug_struct("Shared")
            .field("config", &self.config)
            .field("bots", &self.bots)
            .finish_non_exhaustive()
    }
}

/// Headers of one hop, not forwarded either way.
const HOP_BY_HOP: [&str; 7] = [
    "connection",
    "keep-alive",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
];

fn full(body: impl Into<Bytes>) -> ProxyBody {
    Full::new(body.into())
        .map_err(|never| match never {})
        .boxed()
}

/// An answer the proxy makes itself, with `reason` in [`PROXY_HEADER`].
fn own(status: StatusCode, reason: &'static str, message: &str) -> Response<ProxyBody> {
    let body = format!(
        r#"{{"message":{},"code":0}}"#,
        json_string(&format!("proxy: {message}"))
    );
    let mut response = Response::new(full(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers.insert(PROXY_HEADER, HeaderValue::from_static(reason));
    response
}

fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The proxy's 401 once upstream refused the bot's token: sending it again
/// would only count toward the invalid request limit.
fn token_refused() -> Response<ProxyBody> {
    own(
        StatusCode::UNAUTHORIZED,
        "unauthorized-token",
        "upstream refused this token (401); the proxy stops sending with it",
    )
}

/// The proxy's 429 when a request would wait past its bound, or a hold
/// ends only after the invalid request window or a ban.
fn refused(refusal: Refusal) -> Response<ProxyBody> {
    let reason = match refusal.reason {
        WaitReason::InvalidRequests => "invalid-requests",
        WaitReason::Halted => "halted",
        WaitReason::StoreUnavailable => "store-unavailable",
        WaitReason::Unauthorized => "unauthorized-token",
        WaitReason::Bucket | WaitReason::Learning | WaitReason::Global => "wait-bound",
    };
    let scope = refusal.reason.scope();
    let global = scope == Scope::Global;
    let retry = refusal.retry_after.as_secs_f64();
    let message = match refusal.reason {
        WaitReason::InvalidRequests => {
            "the invalid request limit (401, 403, 429 per 10 minutes) is nearly reached; \
             requests are held until older ones leave the window"
        }
        WaitReason::Halted => "upstream answered 429 without ratelimit headers (a ban)",
        WaitReason::StoreUnavailable => "the ratelimit store is unavailable",
        _ => "the ratelimit wait is longer than the request's wait bound",
    };
    let body = format!(
        r#"{{"message":{},"retry_after":{retry:.3},"global":{global},"code":0}}"#,
        json_string(&format!("proxy: {message}"))
    );
    let mut response = Response::new(full(body));
    *response.status_mut() = StatusCode::TOO_MANY_REQUESTS;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers.insert(PROXY_HEADER, HeaderValue::from_static(reason));
    let secs = refusal.retry_after.as_secs() + u64::from(refusal.retry_after.subsec_nanos() > 0);
    headers.insert(header::RETRY_AFTER, HeaderValue::from(secs.max(1)));
    headers.insert(
        "x-ratelimit-global",
        HeaderValue::from_static(if global { "true" } else { "false" }),
    );
    headers.insert(
        "x-ratelimit-scope",
        HeaderValue::from_static(scope_name(scope)),
    );
    response
}

fn scope_name(scope: Scope) -> &'static str {
    match scope {
        // The proxy's own 429s name a scope it knows; an unknown one is
        // read as the bot's own.
        Scope::User | Scope::Unknown => "user",
        Scope::Global => "global",
        Scope::Shared => "shared",
    }
}

fn allowed(auth: &ClientAuth, headers: &HeaderMap) -> bool {
    if auth.open {
        return true;
    }
    if let Some(secret) = &auth.secret
        && let Some(value) = headers.get(AUTH_HEADER)
        && let Some((scheme, given)) = value.as_bytes().split_at_checked(7)
        && scheme.eq_ignore_ascii_case(b"bearer ")
        && constant_time_eq(given, secret.expose().as_bytes())
    {
        return true;
    }
    headers.get(header::AUTHORIZATION).is_some_and(|value| {
        auth.tokens
            .iter()
            .any(|token| constant_time_eq(value.as_bytes(), token.expose().as_bytes()))
    })
}

/// Decrements the in-flight gauge when the request is over.
struct InFlight<'a>(&'a Metrics);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.in_flight.dec();
    }
}

pub(crate) async fn handle(shared: Arc<Shared>, request: Request<Incoming>) -> Response<ProxyBody> {
    match (request.method(), request.uri().path()) {
        (&hyper::Method::GET, "/health") => return health(&shared).await,
        (&hyper::Method::GET, "/metrics") => {
            let response = service_support::metrics::response(&shared.metrics.registry);
            return response.map(|body| body.map_err(|never| match never {}).boxed());
        }
        _ => {}
    }
    shared.metrics.in_flight.inc();
    let _in_flight = InFlight(&shared.metrics);
    forward(&shared, request).await
}

async fn health(shared: &Shared) -> Response<ProxyBody> {
    let health = match shared.bots.backend() {
        Backend::Memory(_) => Health::new().check("store", true, "memory"),
        Backend::Redis(pool) => {
            let up = pool.ping().await;
            Health::new().check("redis", up, if up { "reachable" } else { "unreachable" })
        }
    };
    health
        .response()
        .map(|body| body.map_err(|never| match never {}).boxed())
}

async fn forward(shared: &Shared, request: Request<Incoming>) -> Response<ProxyBody> {
    let config = &shared.config;
    let Some(api) = route::api_path(request.uri().path()) else {
        return own(StatusCode::NOT_FOUND, "not-found", "not a Discord API path");
    };
    if !allowed(&config.auth, request.headers()) {
        return own(
            StatusCode::UNAUTHORIZED,
            "client-auth",
            "the proxy's secret is missing or wrong",
        );
    }
    let Some(method) = route::method(request.method()) else {
        return own(
            StatusCode::METHOD_NOT_ALLOWED,
            "bad-request",
            "method not used by Discord",
        );
    };
    let route = shared.templates.classify(method, api);
    let endpoint = route.endpoint.clone();
    let (method_name, template) = (method.name(), endpoint.route());
    let answer = |response: Response<ProxyBody>| {
        shared
            .metrics
            .answered(method_name, template, response.status().as_u16());
        response
    };

    let too_large = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok()?.parse::<u64>().ok())
        .is_some_and(|length| length > config.max_body);
    if too_large {
        return answer(own(
            StatusCode::PAYLOAD_TOO_LARGE,
            "body-too-large",
            &format!("the body is longer than {} bytes", config.max_body),
        ));
    }
    let max_wait = match request.headers().get(MAX_WAIT_HEADER) {
        None => config.default_max_wait,
        Some(value) => match value
            .to_str()
            .ok()
            .and_then(|v| v.trim().parse::<u64>().ok())
        {
            Some(ms) => Duration::from_millis(ms),
            None => {
                return answer(own(
                    StatusCode::BAD_REQUEST,
                    "bad-request",
                    "X-Proxy-Max-Wait must be a whole number of milliseconds",
                ));
            }
        },
    };

    let (mut parts, body) = request.into_parts();
    if !parts.headers.contains_key(header::AUTHORIZATION)
        && !route.token_route
        && let Some(token) = &config.default_token
        && let Ok(value) = HeaderValue::from_str(token.expose())
    {
        let mut value = value;
        value.set_sensitive(true);
        parts.headers.insert(header::AUTHORIZATION, value);
    }
    let namespace = bots::namespace(
        parts
            .headers
            .get(header::AUTHORIZATION)
            .map(HeaderValue::as_bytes),
    );
    let Some(limiter) = shared.bots.limiter(namespace) else {
        return answer(own(
            StatusCode::SERVICE_UNAVAILABLE,
            "too-many-bots",
            "the proxy serves no more bot tokens",
        ));
    };
    if !route.token_route && limiter.unauthorized() {
        return answer(token_refused());
    }

    let start = Instant::now();
    let permit = match limiter.acquire_within(endpoint, start + max_wait).await {
        Ok(permit) => permit,
        // Another instance sharing the store saw the 401.
        Err(refusal) if refusal.reason == WaitReason::Unauthorized => {
            return answer(token_refused());
        }
        Err(refusal) => {
            shared
                .metrics
                .ratelimited("proxy", scope_name(refusal.reason.scope()));
            return answer(refused(refusal));
        }
    };
    shared.metrics.wait.observe(seconds(start.elapsed()));

    let path_and_query = parts
        .uri
        .path_and_query()
        .map_or_else(|| parts.uri.path(), |pq| pq.as_str());
    let Ok(uri) = format!("{}{path_and_query}", shared.upstream).parse::<hyper::Uri>() else {
        return answer(own(StatusCode::BAD_REQUEST, "bad-request", "invalid path"));
    };
    for name in HOP_BY_HOP {
        parts.headers.remove(name);
    }
    for name in [
        header::HOST,
        HeaderName::from_static(AUTH_HEADER),
        HeaderName::from_static(MAX_WAIT_HEADER),
    ] {
        parts.headers.remove(name);
    }
    let limit = usize::try_from(config.max_body).unwrap_or(usize::MAX);
    let body = Limited::new(body, limit).boxed();
    let mut upstream_request = Request::new(body);
    *upstream_request.method_mut() = parts.method;
    *upstream_request.uri_mut() = uri;
    *upstream_request.headers_mut() = parts.headers;

    let sent = Instant::now();
    let response = tokio::time::timeout(
        config.upstream_timeout,
        shared.client.request(upstream_request),
    )
    .await;
    shared.metrics.upstream.observe(seconds(sent.elapsed()));
    // On an error the permit is dropped: no response came, its place is
    // freed.
    let response = match response {
        Ok(Ok(response)) => response,
        Ok(Err(error)) => {
            drop(permit);
            // The limit's error is wrapped by hyper's and the client's.
            let mut cause: Option<&(dyn Error + 'static)> = error.source();
            let mut too_large = false;
            while let Some(error) = cause {
                too_large |= error.is::<http_body_util::LengthLimitError>();
                cause = error.source();
            }
            if too_large {
                return answer(own(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "body-too-large",
                    &format!("the body is longer than {} bytes", config.max_body),
                ));
            }
            // The error names the upstream and the failure, not the
            // request's headers: no token in the log.
            tracing::warn!(%error, route = template, "upstream request failed");
            return answer(own(
                StatusCode::BAD_GATEWAY,
                "upstream-error",
                "upstream request failed",
            ));
        }
        Err(_) => {
            drop(permit);
            tracing::warn!(route = template, timeout = ?config.upstream_timeout, "upstream timed out");
            return answer(own(
                StatusCode::GATEWAY_TIMEOUT,
                "upstream-timeout",
                "upstream timed out",
            ));
        }
    };

    let status = response.status().as_u16();
    let pairs = response
        .headers()
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_bytes()));
    match RateLimitHeaders::from_pairs(pairs) {
        Ok(headers) => {
            if status == 429 {
                let scope = headers.scope.map_or("none", scope_name);
                shared.metrics.ratelimited("discord", scope);
            }
            // Awaited: the store knows the window before the next request
            // of the bucket is decided.
            permit.complete_async(Outcome { status, headers }).await;
        }
        Err(error) => {
            // Nothing is learned from it; the bucket is learned again.
            tracing::warn!(%error, route = template, "unreadable ratelimit header");
            drop(permit);
        }
    }
    let (mut parts, body) = response.into_parts();
    for name in HOP_BY_HOP {
        parts.headers.remove(name);
    }
    answer(Response::from_parts(
        parts,
        body.map_err(BoxError::from).boxed(),
    ))
}
