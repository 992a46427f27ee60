//! The Prometheus `/metrics` answer over a `prometheus-client` registry.

use crate::server::{Body, text};
use hyper::{Response, StatusCode, header::HeaderValue};
use prometheus_client::{encoding::text::encode, registry::Registry};

/// The content type of the OpenMetrics text format, which Prometheus
/// scrapes.
pub const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// The registry's metrics in the text format, as `200` (or `500` if a
/// metric failed to encode, which only a broken custom collector does).
#[must_use]
pub fn response(registry: &Registry) -> Response<Body> {
    let mut buffer = String::new();
    match encode(&mut buffer, registry) {
        Ok(()) => {
            let mut response = text(StatusCode::OK, buffer);
            response.headers_mut().insert(
                hyper::header::CONTENT_TYPE,
                HeaderValue::from_static(CONTENT_TYPE),
            );
            response
        }
        Err(_) => text(
            StatusCode::INTERNAL_SERVER_ERROR,
            "metrics could not be encoded\n".to_owned(),
        ),
    }
}
