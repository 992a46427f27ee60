//! Discord's REST ratelimits, decided before a request is sent.
//!
//! # Data flow
//!
//! For every request a client (twilight-http, or your own) builds an
//! [`Endpoint`] (method, route template, major parameter), awaits
//! [`RateLimiter::acquire`] until it yields a [`Permit`], sends the request,
//! and reports the response through [`Permit::complete`] with an
//! [`Outcome`]: the status and the [`RateLimitHeaders`] parsed from the
//! response's headers. The limiter learns each route's bucket and window
//! from those headers. A permit dropped without a response (a timeout, a
//! connection error) frees its place; a dropped [`Acquire`] future gives its
//! place in the queue back.
//!
//! This crate knows nothing of HTTP libraries: headers arrive as name/value
//! pairs ([`RateLimitHeaders::from_pairs`]), and nothing here sends a
//! request.
//!
//! # Modules
//!
//! - [`endpoint`]: [`Endpoint`] and [`Method`], what a request is limited by;
//!   webhook tokens are kept only as a stable hash.
//! - [`headers`]: [`RateLimitHeaders`] and the 429 [`Scope`], parsed from
//!   name/value pairs, with [`HeaderParsingError`] naming a bad header.
//! - [`permit`]: [`Permit`], the right to send one request, and the
//!   [`Outcome`] it reports, synchronously or awaited
//!   ([`Permit::complete_async`]) when a store is remote.
//! - [`rules`]: [`Effects`](rules::Effects), what a response means for the
//!   limits (window, hash, 429 hold by scope, invalid request, refused
//!   token), decided once for every limiter.
//! - [`store`]: the same decisions over a [`Store`] trait:
//!   [`StoreRateLimiter`] over [`MemoryStore`], or over a shared store
//!   (the HTTP proxy's Redis) so that many processes hold one limit.
//! - [`in_memory`]: [`InMemoryRateLimiter`] (built with
//!   [`InMemoryRateLimiterBuilder`], inspected with [`BucketInfo`]), the
//!   limits of one process: buckets keyed by route and major parameter then
//!   by Discord's bucket hash, the global limit held ahead of time, 429
//!   scopes and a guard against the invalid request limit. Its module docs
//!   explain each decision.
//!
//! # What you can swap
//!
//! [`RateLimiter`] is the seam: one object-safe method, so a client holds an
//! `Arc<dyn RateLimiter>` (twilight-http's `ClientBuilder::ratelimiter`).
//! To limit several processes that share a token as one, implement
//! [`Store`] over shared state (Redis, a database) and use
//! [`StoreRateLimiter`]: it keeps the rules, the store only keeps the
//! counts. Or implement [`RateLimiter`] whole; build each [`Permit`] with
//! [`Permit::new`] (or [`Permit::new_async`]) and a callback that records
//! the [`Outcome`].
//!
//! # Example
//!
//! ```
//! use twilight_http_ratelimiting::{
//!     Endpoint, InMemoryRateLimiter, Method, Outcome, RateLimitHeaders, RateLimiter,
//! };
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let limiter = InMemoryRateLimiter::new();
//! let endpoint = Endpoint::new(Method::Post, "/channels/{channel_id}/messages").major(1);
//!
//! let permit = limiter.acquire(endpoint.clone()).await;
//! // ... send the request, then report its response:
//! let headers = RateLimitHeaders::from_pairs([
//!     ("x-ratelimit-bucket", b"abcd1234".as_slice()),
//!     ("x-ratelimit-limit", b"5"),
//!     ("x-ratelimit-remaining", b"4"),
//!     ("x-ratelimit-reset-after", b"1.5"),
//! ])?;
//! permit.complete(Outcome { status: 200, headers });
//!
//! let bucket = limiter.bucket(&endpoint).expect("learned from the response");
//! assert_eq!(bucket.hash.as_deref(), Some("abcd1234"));
//! assert_eq!(bucket.limit, Some(5));
//! # Ok(()) }
//! ```

#![warn(missing_docs)]

pub mod endpoint;
pub mod headers;
pub mod in_memory;
pub mod permit;
pub mod rules;
pub mod store;

pub use endpoint::{Endpoint, Method};
pub use headers::{HeaderParsingError, RateLimitHeaders, Scope};
pub use in_memory::{BucketInfo, InMemoryRateLimiter, InMemoryRateLimiterBuilder};
pub use permit::{Outcome, Permit, ReportFuture};
pub use store::{MemoryStore, Store, StoreRateLimiter};

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
    /// A limiter that learns it from elsewhere (another process sharing its
    /// store) may end [`acquire`](Self::acquire) at once with a permit and
    /// this set: a client checks it after acquiring too, and then drops the
    /// permit instead of sending.
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
