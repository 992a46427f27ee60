//! The service's Prometheus metrics. Labelled by bot name, never by token.

use prometheus_client::{
    encoding::EncodeLabelSet,
    metrics::{counter::Counter, family::Family, gauge::Gauge, histogram::Histogram},
    registry::Registry,
};

/// A bot.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct BotLabel {
    /// Its name (`default` for the bot at `/enqueue`).
    pub bot: String,
}

/// A bot's bucket.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct BucketLabel {
    /// Its name.
    pub bot: String,
    /// The bucket (`shard % max_concurrency` when the shard asked).
    pub bucket: u32,
}

/// Why a request got no turn.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RefusalLabel {
    /// `unauthorized`, `bad_request`, `not_found`, `overloaded`,
    /// `unavailable` or `shutting_down`.
    pub reason: &'static str,
}

/// Every metric, registered in [`Metrics::registry`].
#[derive(Debug)]
pub struct Metrics {
    /// What `/metrics` encodes.
    pub registry: Registry,
    /// Shards waiting on this instance, per bucket.
    pub waiting: Family<BucketLabel, Gauge>,
    /// Turns granted by this instance.
    pub granted: Family<BotLabel, Counter>,
    /// How long granted shards waited.
    pub wait_seconds: Family<BotLabel, Histogram, fn() -> Histogram>,
    /// Sessions left today.
    pub sessions_remaining: Family<BotLabel, Gauge>,
    /// 1 while turns are parked for the daily reset.
    pub parked: Family<BotLabel, Gauge>,
    /// Requests refused.
    pub refusals: Family<RefusalLabel, Counter>,
    /// Fetches of GET /gateway/bot that failed.
    pub limit_fetch_failures: Family<BotLabel, Counter>,
}

fn wait_histogram() -> Histogram {
    // 10 ms to about 10 minutes; longer waits (the daily reset) land in +Inf.
    Histogram::new(prometheus_client::metrics::histogram::exponential_buckets(
        0.01, 2.0, 16,
    ))
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("gateway_queue");
        let waiting = Family::<BucketLabel, Gauge>::default();
        let granted = Family::<BotLabel, Counter>::default();
        let wait_seconds =
            Family::<BotLabel, Histogram, fn() -> Histogram>::new_with_constructor(wait_histogram);
        let sessions_remaining = Family::<BotLabel, Gauge>::default();
        let parked = Family::<BotLabel, Gauge>::default();
        let refusals = Family::<RefusalLabel, Counter>::default();
        let limit_fetch_failures = Family::<BotLabel, Counter>::default();
        registry.register(
            "waiting",
            "Shards waiting on this instance",
            waiting.clone(),
        );
        registry.register("turns_granted", "Turns granted", granted.clone());
        registry.register(
            "wait_seconds",
            "How long granted shards waited",
            wait_seconds.clone(),
        );
        registry.register(
            "sessions_remaining",
            "Sessions left today",
            sessions_remaining.clone(),
        );
        registry.register(
            "parked",
            "1 while turns wait for the daily reset (the reserve is reached)",
            parked.clone(),
        );
        registry.register("refusals", "Requests that got no turn", refusals.clone());
        registry.register(
            "limit_fetch_failures",
            "GET /gateway/bot requests that failed",
            limit_fetch_failures.clone(),
        );
        Self {
            registry,
            waiting,
            granted,
            wait_seconds,
            sessions_remaining,
            parked,
            refusals,
            limit_fetch_failures,
        }
    }
}
