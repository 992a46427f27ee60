//! Discord's REST ratelimits, decided before a request is sent.
//!
//! A client asks a [`RateLimiter`] for a [`Permit`] for an [`Endpoint`],
//! sends the request, and hands the response's status and ratelimit headers
//! back through the permit. The limiter learns buckets from those headers.
//!
//! [`InMemoryRateLimiter`] keeps the limits in this process: buckets keyed
//! by route and major parameter then by Discord's bucket hash, the global
//! limit held ahead of time, 429 scopes and a guard against the invalid
//! request limit (see [`in_memory`]). Implement [`RateLimiter`] yourself to
//! share the limits between processes.
//!
//! This crate knows nothing of HTTP libraries: headers arrive as name/value
//! pairs ([`RateLimitHeaders::from_pairs`]).

#![warn(missing_docs)]

pub mod endpoint;
pub mod headers;
pub mod in_memory;
pub mod permit;

pub use endpoint::{Endpoint, Method};
pub use headers::{HeaderParsingError, RateLimitHeaders, Scope};
pub use in_memory::{BucketInfo, InMemoryRateLimiter, InMemoryRateLimiterBuilder};
pub use permit::{Outcome, Permit};

use std::{fmt::Debug, future::Future, pin::Pin, sync::Arc};

/// The future a [`RateLimiter`] returns: it resolves to a [`Permit`] when the
/// request may be sent.
///
/// Dropping it before it resolves gives the request's place back.
pub type Acquire = Pin<Box<dyn Future<Output = Permit> + Send + 'static>>;

/// Decides when a request may be sent, and learns from its response.
///
/// Object safe: a client holds an `Arc<dyn RateLimiter>`. Implement it over
/// shared state (another process, Redis) to limit many processes as one.
pub trait RateLimiter: Debug + Send + Sync {
    /// Waits until a request to `endpoint` may be sent.
    ///
    /// Call [`Permit::complete`] with the response; dropping the permit
    /// without it means the request got no response (timeout, connection
    /// error), and the limiter frees its place. Do either as soon as the
    /// request is over: until then the request may still reach Discord, so
    /// it holds its place in the limits.
    fn acquire(&self, endpoint: Endpoint) -> Acquire;

    /// Whether a route authenticated by the bot token was answered 401:
    /// the token is invalid, and every further request adds to Discord's
    /// invalid request count. A client should stop and report it.
    ///
    /// Optional: the default never says so.
    fn unauthorized(&self) -> bool {
        false
    }
}

impl<T: RateLimiter + ?Sized> RateLimiter for Arc<T> {
    fn acquire(&self, endpoint: Endpoint) -> Acquire {
        (**self).acquire(endpoint)
    }

    fn unauthorized(&self) -> bool {
        (**self).unauthorized()
    }
}

impl<T: RateLimiter + ?Sized> RateLimiter for Box<T> {
    fn acquire(&self, endpoint: Endpoint) -> Acquire {
        (**self).acquire(endpoint)
    }

    fn unauthorized(&self) -> bool {
        (**self).unauthorized()
    }
}

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
mod readme {}
