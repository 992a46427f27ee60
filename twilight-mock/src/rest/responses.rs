//! Building responses: JSON bodies, Discord's errors, ratelimit headers and
//! 429s.

use super::ratelimit::{BucketInfo, Scope};
use crate::state::ApiError;
use bytes::Bytes;
use http_body_util::Full;
use hyper::header::{CONTENT_TYPE, HeaderValue};
use hyper::{Response, StatusCode};
use serde_json::{Value, json};
use std::time::Duration;

/// What a handler answers.
pub(super) enum Reply {
    Json(u16, Value),
    Empty,
}

/// A JSON response with `status`.
pub(super) fn json_response(status: u16, body: &Value) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(body.to_string())));
    *response.status_mut() =
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

/// Discord's JSON error response.
pub(super) fn error_response(error: &ApiError) -> Response<Full<Bytes>> {
    json_response(error.status, &error.body())
}

/// An HTTP error without a Discord code (`{"message": "404: Not Found", "code":
/// 0}`).
pub(super) fn plain_error(status: u16) -> Response<Full<Bytes>> {
    let reason = StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Error");
    json_response(
        status,
        &json!({ "message": format!("{status}: {reason}"), "code": 0 }),
    )
}

/// Sets a header, skipping values that are not valid header text.
pub(super) fn set_header(response: &mut Response<Full<Bytes>>, name: &'static str, value: &str) {
    if let Ok(v) = HeaderValue::from_str(value) {
        response.headers_mut().insert(name, v);
    }
}

/// Seconds with millisecond precision, as the ratelimit headers carry them.
pub(super) fn secs(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64())
}

/// The `X-RateLimit-*` headers of a bucket.
pub(super) fn add_bucket_headers(response: &mut Response<Full<Bytes>>, info: &BucketInfo) {
    set_header(response, "x-ratelimit-limit", &info.limit.to_string());
    set_header(
        response,
        "x-ratelimit-remaining",
        &info.remaining.to_string(),
    );
    set_header(
        response,
        "x-ratelimit-reset",
        &secs(Duration::from_secs_f64(info.reset_epoch())),
    );
    set_header(response, "x-ratelimit-reset-after", &secs(info.reset_after));
    set_header(response, "x-ratelimit-bucket", &info.hash);
}

/// A 429 of `scope`: body, `Retry-After` (whole seconds, rounded up), scope and
/// bucket headers.
pub(super) fn too_many(
    scope: Scope,
    bucket: Option<&BucketInfo>,
    retry_after: Duration,
) -> Response<Full<Bytes>> {
    let message = if scope == Scope::Shared {
        "The resource is being rate limited."
    } else {
        "You are being rate limited."
    };
    let retry = (retry_after.as_secs_f64() * 1000.0).ceil() / 1000.0;
    let mut response = json_response(
        429,
        &json!({ "message": message, "retry_after": retry, "global": scope == Scope::Global }),
    );
    // Retry-After is whole seconds, rounded up.
    set_header(
        &mut response,
        "retry-after",
        &retry.ceil().max(1.0).to_string(),
    );
    set_header(&mut response, "x-ratelimit-scope", scope.as_str());
    if scope == Scope::Global {
        set_header(&mut response, "x-ratelimit-global", "true");
    }
    if let Some(b) = bucket {
        add_bucket_headers(&mut response, b);
    }
    response
}

/// A 200 with `value`.
pub(super) fn ok(value: Value) -> Result<Reply, ApiError> {
    Ok(Reply::Json(200, value))
}
