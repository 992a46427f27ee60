//! Publishing events: pipelined, bounded, each resolved by the broker's
//! durable acknowledgement.

use crate::{BoxFuture, Error, OutgoingEvent};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Publishes events to a broker.
///
/// # Contract
///
/// [`Publisher::publish`] waits while the publisher already has its bound
/// of publishes in flight (backpressure), then hands the event to the
/// broker and returns a [`PendingAck`] without waiting for the answer, so
/// the caller can keep many publishes in flight. Events handed over by one
/// task through one publisher reach the broker in that order.
///
/// A [`PendingAck`] never waits forever: without the broker's answer
/// within [`PublishConfig::ack_timeout`] it fails with
/// [`ErrorKind::Timeout`](crate::ErrorKind::Timeout). The adapters
/// reconnect by themselves after a broken connection; a publish that
/// failed meanwhile is the caller's to publish again.
///
/// The [`PendingAck`] resolves once the broker has stored the event
/// durably (JetStream's publish ack, Redis's reply to the script that
/// added it), or with an error; only then may the caller count the event
/// as done. An event whose stable id the broker has already stored is
/// acknowledged as a [duplicate](Acked::duplicate) and not stored twice,
/// so re-publishing after an error or a crash is always safe.
///
/// The trait is object safe: hold an `Arc<dyn Publisher>`.
pub trait Publisher: Send + Sync {
    /// Hands one event to the broker.
    ///
    /// # Errors
    ///
    /// The returned future fails if the event cannot be sent at all
    /// (closed publisher, broken connection); the [`PendingAck`] fails if
    /// the broker does not store it.
    fn publish(&self, event: OutgoingEvent) -> BoxFuture<'_, Result<PendingAck, Error>>;
}

impl<T: Publisher + ?Sized> Publisher for Arc<T> {
    fn publish(&self, event: OutgoingEvent) -> BoxFuture<'_, Result<PendingAck, Error>> {
        (**self).publish(event)
    }
}

/// The broker's answer to a publish.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Acked {
    /// The event's stable id was already stored; this publish was dropped.
    pub duplicate: bool,
}

/// A publish in flight: resolves when the broker acknowledged it. Holds one
/// of the publisher's in-flight places until it resolves or is dropped.
#[must_use = "the event counts as published only when this resolves"]
pub struct PendingAck {
    answer: BoxFuture<'static, Result<Acked, Error>>,
    permit: Option<OwnedSemaphorePermit>,
}

impl PendingAck {
    /// A pending acknowledgement answered by `answer`, holding `permit`.
    pub fn new(
        answer: impl Future<Output = Result<Acked, Error>> + Send + 'static,
        permit: Option<OwnedSemaphorePermit>,
    ) -> Self {
        Self {
            answer: Box::pin(answer),
            permit,
        }
    }
}

impl Future for PendingAck {
    type Output = Result<Acked, Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let answer = self.answer.as_mut().poll(cx);
        if answer.is_ready() {
            self.permit = None;
        }
        answer
    }
}

impl std::fmt::Debug for PendingAck {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PendingAck")
            .field("holds_place", &self.permit.is_some())
            .finish_non_exhaustive()
    }
}

/// How a publisher behaves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublishConfig {
    /// The most publishes in flight (handed over, not yet acknowledged);
    /// [`Publisher::publish`] waits beyond it. At least 1.
    pub max_in_flight: usize,
    /// How long a [`PendingAck`] waits for the broker's answer after the
    /// event was handed over; then it resolves with
    /// [`ErrorKind::Timeout`](crate::ErrorKind::Timeout) (the event may
    /// still have been stored: publish it again, the duplicate is
    /// dropped). JetStream's publish ack timeout, the Redis writer's
    /// deadline for a pipeline's replies; the in-memory broker answers at
    /// once. Default 5 s.
    pub ack_timeout: Duration,
}

impl Default for PublishConfig {
    fn default() -> Self {
        Self {
            max_in_flight: 1024,
            ack_timeout: Duration::from_secs(5),
        }
    }
}

/// The in-flight bound of a publisher, shared by the adapters.
#[derive(Clone, Debug)]
pub(crate) struct InFlight(Arc<Semaphore>);

impl InFlight {
    pub(crate) fn new(config: &PublishConfig) -> Self {
        Self(Arc::new(Semaphore::new(config.max_in_flight.max(1))))
    }

    /// Waits for a place.
    pub(crate) async fn acquire(&self) -> Result<OwnedSemaphorePermit, Error> {
        Arc::clone(&self.0)
            .acquire_owned()
            .await
            .map_err(|_| Error::new(crate::ErrorKind::Closed))
    }
}
