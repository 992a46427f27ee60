//! The session start queue: every shard asks a [`Queue`] before it sends
//! IDENTIFY, and the queue answers when Discord's session start limits allow
//! it.
//!
//! Discord lets a bot start `max_concurrency` sessions per 5 seconds (one per
//! bucket `shard_id % max_concurrency`) and a daily number of sessions, both
//! reported by `GET /gateway/bot` as its `session_start_limit`.
//!
//! # Data flow
//!
//! A twilight-gateway shard holds the `Arc<dyn Queue>` of its configuration
//! (one queue shared by every shard of a bot). Before each IDENTIFY (not
//! before a RESUME) it calls [`Queue::enqueue`] with its shard id and the
//! shard count, and stores the returned [`Enqueued`] future; the future
//! resolving is the permission to identify. A shard that stops waiting
//! (closed, dropped) drops the future, which gives its place up.
//!
//! # Modules
//!
//! - `in_memory` (re-exported: [`InMemoryQueue`]): both limits for the
//!   shards of one process; no background task, each waiting future sleeps
//!   until its turn; limits can be [updated](InMemoryQueue::update) at run
//!   time, and a reserve of daily sessions kept back.
//!   [`InMemoryQueue::wait_turn`] also reports the turn ([`Granted`]: the
//!   bucket and the sessions left), which the queue service answers with.
//! - `schedule` (private; re-exported: [`IDENTIFY_WINDOW`],
//!   [`IDENTIFY_MARGIN`], [`IDENTIFY_PERIOD`], [`scaled_identify_period`]):
//!   the time between two turns of a bucket, and the bookkeeping behind
//!   [`InMemoryQueue`]: waiting shards in their buckets, each bucket's last
//!   grant and the daily count. Pure state (every method takes the current time), so it is
//!   tested without sleeping.
//! - `service` (feature `service-client`, re-exported: `ServiceQueue`): the
//!   plain-HTTP client of the gateway queue service, for shards spread over
//!   processes or machines; the module documents the protocol a service
//!   must speak.
//!
//! # What you can swap
//!
//! The [`Queue`] trait is the seam where a bot split across processes
//! coordinates: give the shards the in-memory queue, the service client, or
//! your own implementation (a database, Redis); the trait's documentation
//! states the contract. It is implemented for `&T`, `Arc<T>` and `Box<T>`.
//!
//! # Example
//!
//! ```
//! use std::{sync::Arc, time::Duration};
//! use twilight_gateway_queue::{InMemoryQueue, Queue};
//!
//! # #[tokio::main(flavor = "current_thread", start_paused = true)]
//! # async fn main() {
//! // From GET /gateway/bot: max_concurrency, remaining, reset_after, total.
//! let queue = InMemoryQueue::new(1, 1000, Duration::from_millis(14_400_000), 1000);
//! let shared: Arc<dyn Queue> = Arc::new(queue.clone());
//!
//! shared.enqueue(0, 2).await; // shard 0 may identify now
//! shared.enqueue(1, 2).await; // shard 1, same bucket: IDENTIFY_PERIOD later
//! assert_eq!(queue.remaining(), 998);
//! # }
//! ```

#![warn(missing_docs)]

mod in_memory;
mod schedule;
#[cfg(feature = "service-client")]
pub mod service;

pub use in_memory::{Granted, InMemoryQueue, WaitTurn};
pub use schedule::{IDENTIFY_MARGIN, IDENTIFY_PERIOD, IDENTIFY_WINDOW, scaled_identify_period};
#[cfg(feature = "service-client")]
pub use service::ServiceQueue;

use std::{future::Future, pin::Pin, sync::Arc};

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
mod readme {}

/// The future a [`Queue`] returns: it resolves when the shard may identify.
///
/// Dropping it gives up the shard's place (the shard stopped waiting).
pub type Enqueued = Pin<Box<dyn Future<Output = ()> + Send + 'static>>;

/// Decides when a shard may send IDENTIFY.
///
/// One method, object safe, so a shard holds an `Arc<dyn Queue>`. The
/// returned future is `'static`: an implementation moves what it needs (a
/// clone of an `Arc`, a channel sender) into it.
///
/// Implement it to put the decision elsewhere (a database, a service). The
/// contract:
///
/// - The future resolving is the permission to identify; it never resolves
///   early, and it has no error: when the backend fails, it logs, waits and
///   asks again.
/// - Dropping the future before it resolves gives the shard's place up: it
///   should take no turn and use no session.
/// - It keeps both of Discord's limits for every shard that shares it: one
///   identify per bucket (`shard % max_concurrency`) per 5 seconds, and the
///   daily number of sessions.
///
/// A queue that lets one shard identify per [`IDENTIFY_PERIOD`] (Discord's
/// 5 seconds and a margin for transit):
///
/// ```
/// use std::sync::Arc;
/// use tokio::sync::Mutex;
/// use twilight_gateway_queue::{Enqueued, IDENTIFY_PERIOD, Queue};
///
/// /// Lets one shard identify at a time, whatever its bucket.
/// #[derive(Debug, Default)]
/// struct OneAtATime(Arc<Mutex<()>>);
///
/// impl Queue for OneAtATime {
///     fn enqueue(&self, _shard: u32, _total: u32) -> Enqueued {
///         let lock = Arc::clone(&self.0);
///         Box::pin(async move {
///             let _turn = lock.lock().await;
///             tokio::time::sleep(IDENTIFY_PERIOD).await;
///         })
///     }
/// }
/// ```
pub trait Queue: Send + Sync {
    /// Waits until shard `shard` (of `total` shards) may identify.
    ///
    /// Called once per IDENTIFY (not for RESUME). The future resolving is the
    /// permission; it has no error: an implementation that cannot reach its
    /// backend retries (and logs) rather than letting a shard identify early.
    fn enqueue(&self, shard: u32, total: u32) -> Enqueued;
}

impl<T: Queue + ?Sized> Queue for &T {
    fn enqueue(&self, shard: u32, total: u32) -> Enqueued {
        (**self).enqueue(shard, total)
    }
}

impl<T: Queue + ?Sized> Queue for Arc<T> {
    fn enqueue(&self, shard: u32, total: u32) -> Enqueued {
        (**self).enqueue(shard, total)
    }
}

impl<T: Queue + ?Sized> Queue for Box<T> {
    fn enqueue(&self, shard: u32, total: u32) -> Enqueued {
        (**self).enqueue(shard, total)
    }
}
