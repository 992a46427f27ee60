//! What every service under `services/` shares, so that each one behaves
//! the same way and none keeps its own copy.
//!
//! # Map of the crate
//!
//! - [`logging`]: `--log-format plain|json` and `--log`/`RUST_LOG` filter
//!   flags ([`LogArgs`]), and the tracing subscriber they set up.
//! - [`shutdown`]: [`shutdown_signal`] (SIGINT/SIGTERM) and [`Shutdown`], the
//!   handle that tells a server and its handlers to stop.
//! - [`Secret`]: twilight-model's credential type (bot token, shared
//!   secret), re-exported; `Debug` prints `<redacted>`, only `expose` reads it.
//! - [`auth`]: the bearer-secret check (constant-time) and the rule that a
//!   service refuses to start without a secret unless it listens on loopback
//!   and the operator allowed that explicitly.
//! - [`server`]: serves a handler over HTTP/1.1 (hyper 1) with graceful
//!   shutdown, plus response helpers ([`server::json`], [`server::text`]).
//! - [`health`]: the `/health` JSON convention ([`Health`]).
//! - [`metrics`]: the Prometheus `/metrics` answer over a
//!   `prometheus-client` registry.
//! - [`testing`]: for tests: [`testing::require_redis`], which skips a test
//!   without Redis, except in CI where it fails.
//!
//! A service's `main` typically: parses its clap flags (flattening
//! [`LogArgs`]), calls [`logging::init`], checks [`auth::check_startup`],
//! binds, and runs [`server::serve`] with a [`Shutdown`] triggered by
//! [`shutdown_signal`].

#![warn(missing_docs)]

pub mod auth;
pub mod health;
pub mod logging;
pub mod metrics;
pub mod server;
pub mod shutdown;
pub mod testing;

pub use health::Health;
pub use logging::LogArgs;
pub use shutdown::{Shutdown, shutdown_signal};
/// The model's [`Secret`]: one type
/// for every credential, in the crates and the services alike.
pub use twilight_model::util::secret::Secret;
