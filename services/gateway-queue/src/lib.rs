//! The gateway queue service: one identify schedule for every cluster of a
//! bot, granted over HTTP to twilight-gateway-queue's `ServiceQueue` (the
//! protocol: this crate's README and `twilight_gateway_queue::service`).
//!
//! # Map of the crate
//!
//! - [`config`]: the flags and environment variables ([`Config`]).
//! - [`limits`]: a bot's session start limits, from GET /gateway/bot
//!   through twilight-http ([`limits::LimitSource`]) or from flags.
//! - [`store`]: where a bot's schedule lives: in memory (the library's
//!   `InMemoryQueue`) or in Redis (Lua steps shared by every instance; the
//!   key layout is documented there).
//! - [`metrics`]: the Prometheus metrics.
//! - [`service`]: [`start`] builds the bots, serves the routes (`/enqueue`,
//!   `/{bot}/enqueue`, `/admin/limits`, `/admin/refresh`, `/health`,
//!   `/metrics`) and refreshes the limits.
//!
//! `main.rs` only parses the flags, sets up logging and waits for a signal;
//! tests and the examples start the service in-process with [`start`].

#![warn(missing_docs)]

pub mod config;
pub mod limits;
pub mod metrics;
pub mod service;
pub mod store;

pub use config::Config;
pub use service::{Running, StartError, start};
