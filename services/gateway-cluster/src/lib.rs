//! The gateway cluster service: runs shards `[start, end)` of `total` and
//! forwards every dispatch's raw bytes to a broker (NATS JetStream or Redis
//! Streams, through twilight-gateway-broker) at least once, storing each
//! shard's session in Redis so a restarted cluster resumes.
//!
//! # Map of the crate
//!
//! - [`config`]: the flags and environment variables ([`Config`]).
//! - `forward`: one shard's loop: pipelined publishes, the acknowledged
//!   prefix of its sequence, backpressure ([`ShardStatus`]).
//! - [`sessions`]: the sessions in Redis ([`SessionStore`]).
//! - [`metrics`]: the Prometheus metrics.
//! - [`service`]: [`start`] wires it together: broker, session store,
//!   queue, shards, commands back from workers, `/health`, `/metrics`,
//!   `/shards`; [`Running::stop`] is the planned shutdown.
//!
//! `main.rs` only parses the flags, sets up logging and waits for a signal.

#![warn(missing_docs)]

pub mod config;
mod forward;
pub mod metrics;
pub mod service;
pub mod sessions;

pub use config::Config;
pub use forward::ShardStatus;
pub use service::{Running, StartError, start};
pub use sessions::SessionStore;
