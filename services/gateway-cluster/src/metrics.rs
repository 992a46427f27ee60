//! The service's Prometheus metrics, labelled by shard (and event type).

use prometheus_client::{
    encoding::EncodeLabelSet,
    metrics::{
        counter::Counter,
        family::Family,
        gauge::Gauge,
        histogram::{Histogram, exponential_buckets},
    },
    registry::Registry,
};
use std::sync::atomic::AtomicU64;

/// A shard.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ShardLabel {
    /// Its number.
    pub shard: u32,
}

/// A shard and an event type.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct EventLabel {
    /// The shard's number.
    pub shard: u32,
    /// The event's name (`MESSAGE_CREATE`).
    pub event_type: String,
}

/// Every metric, registered in [`Metrics::registry`].
#[derive(Debug)]
pub struct Metrics {
    /// What `/metrics` encodes.
    pub registry: Registry,
    /// Dispatches acknowledged by the broker (rate: events/s).
    pub events: Family<EventLabel, Counter>,
    /// From receipt to the broker's acknowledgement.
    pub publish_seconds: Histogram,
    /// Events handed to the broker and not yet acknowledged.
    pub awaiting_ack: Family<ShardLabel, Gauge>,
    /// Publishes retried after the broker failed them.
    pub publish_retries: Family<ShardLabel, Counter>,
    /// 1 while the shard's session is active.
    pub shard_active: Family<ShardLabel, Gauge>,
    /// The shard's average heartbeat round trip.
    pub shard_latency_seconds: Family<ShardLabel, Gauge<f64, AtomicU64>>,
    /// Sessions resumed (RESUMED received).
    pub resumes: Family<ShardLabel, Counter>,
    /// Sessions started by IDENTIFY (READY received).
    pub identifies: Family<ShardLabel, Counter>,
    /// Writes of the sessions to Redis that failed.
    pub session_store_failures: Counter,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("gateway_cluster");
        let metrics = Self {
            events: Family::default(),
            // 0.1 ms to about 3 s.
            publish_seconds: Histogram::new(exponential_buckets(0.000_1, 2.0, 16)),
            awaiting_ack: Family::default(),
            publish_retries: Family::default(),
            shard_active: Family::default(),
            shard_latency_seconds: Family::default(),
            resumes: Family::default(),
            identifies: Family::default(),
            session_store_failures: Counter::default(),
            registry: Registry::default(),
        };
        registry.register(
            "events",
            "Dispatches acknowledged by the broker",
            metrics.events.clone(),
        );
        registry.register(
            "publish_seconds",
            "From receipt to the broker's acknowledgement",
            metrics.publish_seconds.clone(),
        );
        registry.register(
            "awaiting_ack",
            "Events handed to the broker, not yet acknowledged",
            metrics.awaiting_ack.clone(),
        );
        registry.register(
            "publish_retries",
            "Publishes retried after the broker failed them",
            metrics.publish_retries.clone(),
        );
        registry.register(
            "shard_active",
            "1 while the shard's session is active",
            metrics.shard_active.clone(),
        );
        registry.register(
            "shard_latency_seconds",
            "Average heartbeat round trip",
            metrics.shard_latency_seconds.clone(),
        );
        registry.register("resumes", "Sessions resumed", metrics.resumes.clone());
        registry.register(
            "identifies",
            "Sessions started by IDENTIFY",
            metrics.identifies.clone(),
        );
        registry.register(
            "session_store_failures",
            "Session writes to Redis that failed",
            metrics.session_store_failures.clone(),
        );
        Self {
            registry,
            ..metrics
        }
    }
}
