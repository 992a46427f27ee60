//! The proxy's Prometheus metrics. Labels are bounded: route templates
//! (ids and tokens replaced, at most `route::MAX_TEMPLATES`), methods,
//! statuses, scopes and reasons; never a token.

use prometheus_client::{
    encoding::EncodeLabelSet,
    metrics::{counter::Counter, family::Family, gauge::Gauge, histogram::Histogram},
    registry::Registry,
};
use std::time::Duration;

/// Labels of a forwarded (or refused) request.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    /// The HTTP method.
    pub method: &'static str,
    /// The route template.
    pub route: &'static str,
    /// The status answered.
    pub status: u16,
}

/// Labels of a 429.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RatelimitLabels {
    /// `discord` (upstream's 429) or `proxy` (the proxy's own answer).
    pub source: &'static str,
    /// `user`, `global`, `shared`, or `none`.
    pub scope: &'static str,
}

/// Every metric the proxy keeps.
#[derive(Debug)]
pub struct Metrics {
    /// Requests answered, by method, route and status.
    pub requests: Family<RequestLabels, Counter>,
    /// 429s by source and scope.
    pub ratelimited: Family<RatelimitLabels, Counter>,
    /// Time a request waited for the limiter.
    pub wait: Histogram,
    /// Time upstream took to answer (to the response's head).
    pub upstream: Histogram,
    /// Requests being handled.
    pub in_flight: Gauge,
    /// The registry `/metrics` encodes.
    pub registry: Registry,
}

const BUCKETS: [f64; 14] = [
    0.000_1, 0.000_5, 0.001, 0.002_5, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0, 30.0,
];

impl Metrics {
    /// Registers the metrics.
    #[must_use]
    pub fn new() -> Self {
        let requests = Family::<RequestLabels, Counter>::default();
        let ratelimited = Family::<RatelimitLabels, Counter>::default();
        let wait = Histogram::new(BUCKETS);
        let upstream = Histogram::new(BUCKETS);
        let in_flight = Gauge::default();
        let mut registry = Registry::with_prefix("http_proxy");
        registry.register("requests", "Requests answered", requests.clone());
        registry.register(
            "ratelimited",
            "429 answers by source and scope",
            ratelimited.clone(),
        );
        registry.register(
            "wait_seconds",
            "Time waited for the ratelimiter",
            wait.clone(),
        );
        registry.register(
            "upstream_seconds",
            "Time until upstream's response head",
            upstream.clone(),
        );
        registry.register("in_flight", "Requests being handled", in_flight.clone());
        Self {
            requests,
            ratelimited,
            wait,
            upstream,
            in_flight,
            registry,
        }
    }

    /// Counts one answer.
    pub fn answered(&self, method: &'static str, route: &'static str, status: u16) {
        self.requests
            .get_or_create(&RequestLabels {
                method,
                route,
                status,
            })
            .inc();
    }

    /// Counts a 429.
    pub fn ratelimited(&self, source: &'static str, scope: &'static str) {
        self.ratelimited
            .get_or_create(&RatelimitLabels { source, scope })
            .inc();
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

/// Seconds, for a histogram.
pub fn seconds(duration: Duration) -> f64 {
    duration.as_secs_f64()
}
