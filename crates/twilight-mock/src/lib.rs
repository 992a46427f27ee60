//! A local Discord: Discord's gateway (WebSocket) and REST (HTTP) protocols
//! served on loopback, with Discord's session limits, ratelimits, close codes
//! and failure modes, and a control surface for tests.
//!
//! Built from Discord's documentation, not from any client's assumptions: a
//! bot written with any library, in any language, can be tested against it.
//!
//! ```no_run
//! # async fn run() -> std::io::Result<()> {
//! use twilight_mock::{Mock, MockConfig};
//!
//! let discord = Mock::start(MockConfig::default()).await?;
//! println!("gateway: {}", discord.gateway_url());
//! println!("rest: {}", discord.rest_url());
//! # Ok(()) }
//! ```

// MODULE OWNERSHIP while the crate is being built by two helpers:
// - gateway helper: lib.rs, clock.rs, config.rs, hub.rs, gateway/*, src/bin/*
// - REST helper: state.rs, fixtures.rs, rest/*
// Each side talks to the other only through the seams in `hub.rs` (REST ->
// gateway: dispatch an event to the shard that owns a guild) and `state.rs`
// (gateway -> state: READY, GUILD_CREATE and member chunk payloads).

pub mod clock;
pub mod config;
pub mod fixtures;
pub mod gateway;
pub mod hub;
pub mod rest;
pub mod state;

pub use config::MockConfig;

/// A running local Discord.
pub struct Mock {
    // Filled in by the gateway helper.
}

impl Mock {
    /// Starts the gateway and REST servers on ephemeral loopback ports.
    ///
    /// # Errors
    ///
    /// Returns an error if a listener cannot be bound.
    #[allow(clippy::unused_async)]
    pub async fn start(config: MockConfig) -> std::io::Result<Self> {
        let _ = config;
        todo!("gateway helper")
    }

    /// The gateway URL to connect to (`ws://127.0.0.1:PORT`).
    pub fn gateway_url(&self) -> String {
        todo!("gateway helper")
    }

    /// The REST API base URL (`http://127.0.0.1:PORT/api/v10`).
    pub fn rest_url(&self) -> String {
        todo!("gateway helper")
    }
}
