//! A typed client for Discord's REST API.
//!
//! MODULE OWNERSHIP while two helpers build the crate:
//! - core helper: client.rs, response.rs, error.rs (may extend), Cargo.toml
//!   dependencies for hyper and TLS, tests/client_*.rs
//! - routes helper: routing.rs, request/ (except request/mod.rs's `Request`
//!   seam, which both use and neither changes without the other), api/*,
//!   validate.rs, multipart.rs, tests/routes_*.rs
//!
//! The seam: a typed builder turns into a [`Request`] (method, filled-in
//! path, ratelimit endpoint, body, audit log reason) and is sent with
//! [`Client::request`], which returns a [`ResponseFuture`].

#![warn(missing_docs)]

pub mod api;
pub mod client;
pub mod error;
pub mod marker;
pub mod multipart;
pub mod request;
pub mod response;
pub mod routing;
pub mod validate;

mod token;
mod transport;

pub use client::{Client, ClientBuilder};
pub use error::{Error, ErrorKind};
pub use request::{Body, Request};
pub use response::{Response, ResponseFuture};
