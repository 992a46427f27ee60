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
//!
//! # Map of the crate
//!
//! - [`config`] and [`fixtures`]: what a mock starts with (token, limits,
//!   time scale; the guilds, channels, roles, members and users).
//! - [`state`]: the world both servers share, kept as Discord's JSON, one
//!   module per resource. Its changes return the gateway events they cause.
//! - [`rest`]: the HTTP API. `rest::server` takes a request through the
//!   Cloudflare ban, authentication and ratelimits ([`rest::ratelimit`]),
//!   `rest::router` matches it to an endpoint, `rest::permissions` checks the
//!   bot may, a handler in `rest::handlers` calls [`state`], and
//!   `rest::audit` records the audit log entry.
//! - [`hub`]: how REST reaches the gateway ([`hub::EventSink`]).
//! - [`message_content`]: what the MESSAGE_CONTENT intent hides, for both.
//! - [`gateway`]: the WebSocket server: sessions, the resume buffer, the
//!   controls and logs of [`Gateway`]; `gateway::conn` runs one connection
//!   (handshake, reader, writer, IDENTIFY and RESUME, member requests).
//! - [`control`]: the controls and logs over HTTP, for tests in any
//!   language.
//! - [`clock`]: Discord time, scaled so tests need not wait Discord's
//!   windows out.
//! - `fuzzing` (with the `fuzzing` feature): the gateway's frame handling
//!   and the REST server driven without sockets, for the fuzz targets in
//!   `fuzz/`.
//!
//! A REST request flows: server → router → permission check → handler →
//! [`State`](state::State) method (which pushes events) → the events are
//! dispatched through [`hub::EventSink`] to the [`Gateway`], which sends
//! them to the sessions of the shard that owns the guild. The gateway reads
//! READY, GUILD_CREATE and member chunks from the state through
//! [`GatewayData`].

pub mod clock;
pub mod config;
pub mod control;
pub mod fixtures;
#[cfg(feature = "fuzzing")]
pub mod fuzzing;
pub mod gateway;
pub mod hub;
pub mod message_content;
pub mod rest;
pub mod state;

pub use config::MockConfig;
pub use gateway::{Corruption, Gateway, GatewayData, GatewayLog, Target};

use std::{net::SocketAddr, sync::Arc};
use tokio::{net::TcpListener, task::JoinHandle};

/// A running local Discord: a gateway and a REST server on loopback, sharing
/// one [`State`](state::State).
///
/// Dereferences to its [`Gateway`], whose methods are the gateway controls
/// (dispatch events, drop connections, send RECONNECT, stop heartbeat ACKs,
/// ...) and logs. Dropping the mock stops both servers.
pub struct Mock {
    gateway: Gateway,
    state: Arc<state::State>,
    gateway_url: String,
    rest_url: String,
    control_url: Option<String>,
    tasks: Vec<JoinHandle<()>>,
    rest: rest::RestContext,
}

impl std::fmt::Debug for Mock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mock")
            .field("gateway_url", &self.gateway_url)
            .field("rest_url", &self.rest_url)
            .finish_non_exhaustive()
    }
}

impl Mock {
    /// Starts the gateway and REST servers on ephemeral loopback ports.
    ///
    /// # Errors
    ///
    /// Returns an error if a listener cannot be bound.
    pub async fn start(config: MockConfig) -> std::io::Result<Self> {
        let loopback = SocketAddr::from(([127, 0, 0, 1], 0));
        Self::start_on(config, loopback, loopback).await
    }

    /// Starts the gateway on `gateway_addr` and the REST server on
    /// `rest_addr` (port 0: ephemeral); the control API, if asked for, on
    /// `rest_addr`'s address.
    ///
    /// # Errors
    ///
    /// Returns an error if a listener cannot be bound.
    pub async fn start_on(
        config: MockConfig,
        gateway_addr: SocketAddr,
        rest_addr: SocketAddr,
    ) -> std::io::Result<Self> {
        let gateway_listener = TcpListener::bind(gateway_addr).await?;
        let rest_listener = TcpListener::bind(rest_addr).await?;
        let rest_url = format!("http://{}/api/v10", rest_listener.local_addr()?);

        let state = Arc::new(state::State::new(&config.fixtures));
        let control_port = config.control_port;
        let gateway = Gateway::new(config.clone(), Arc::clone(&state) as Arc<dyn GatewayData>);
        let serve = gateway.serve(gateway_listener)?;
        let gateway_url = gateway.url();
        let mut tasks = vec![tokio::spawn(serve)];

        // REST changes dispatch their events through the gateway, and GET
        // /gateway/bot reports the gateway's live session start limit.
        let sink: Arc<dyn hub::EventSink> = Arc::new(gateway.clone());
        let live = Arc::clone(&sink);
        let reset = Arc::clone(&sink);
        let configured = config.session_start_limit.clone();
        let rest = rest::RestContext::new(Arc::clone(&state), config, gateway_url.clone(), sink)
            .with_session_start(Arc::new(move || {
                live.session_start_limit()
                    .unwrap_or_else(|| configured.clone())
            }))
            .with_token_reset(Arc::new(move || reset.token_reset()));
        tasks.push(tokio::spawn(rest::serve(rest_listener, rest.clone())));

        let control_url = match control_port {
            Some(port) => {
                let listener = TcpListener::bind(SocketAddr::new(rest_addr.ip(), port)).await?;
                let url = format!("http://{}", listener.local_addr()?);
                let control =
                    control::Control::new(gateway.clone(), rest.clone(), rest_url.clone());
                tasks.push(tokio::spawn(control.serve(listener)));
                Some(url)
            }
            None => None,
        };

        Ok(Self {
            gateway,
            state,
            gateway_url,
            rest_url,
            control_url,
            tasks,
            rest,
        })
    }

    /// The gateway URL to connect to (`ws://127.0.0.1:PORT`), as GET
    /// /gateway/bot reports it.
    pub fn gateway_url(&self) -> String {
        self.gateway_url.clone()
    }

    /// The REST server's controls and logs: request log, statistics, route
    /// limits, injected 429s, interactions.
    pub fn rest(&self) -> &rest::RestContext {
        &self.rest
    }

    /// The control API's URL (`http://127.0.0.1:PORT`), when
    /// [`MockConfig::control_port`] asked for it.
    pub fn control_url(&self) -> Option<String> {
        self.control_url.clone()
    }

    /// The REST API base URL (`http://127.0.0.1:PORT/api/v10`).
    pub fn rest_url(&self) -> String {
        self.rest_url.clone()
    }

    /// The gateway and its controls.
    pub fn gateway(&self) -> &Gateway {
        &self.gateway
    }

    /// The world both servers share.
    pub fn state(&self) -> &Arc<state::State> {
        &self.state
    }
}

impl std::ops::Deref for Mock {
    type Target = Gateway;

    fn deref(&self) -> &Gateway {
        &self.gateway
    }
}

impl Drop for Mock {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
        self.gateway.drop_connection(Target::All);
    }
}

// The guide's chapter on this crate is compiled and run as doc-tests of the
// examples package: it drives our gateway and HTTP clients, which this crate
// never depends on.
