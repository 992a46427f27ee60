//! A permission to send one request, and the report of its response.
//!
//! A limiter over local state reports synchronously ([`Permit::new`]); one
//! over a shared store (Redis, a service) reports with a network call
//! ([`Permit::new_async`]), which the caller awaits with
//! [`Permit::complete_async`] so the store has learned the response before
//! the next request of the bucket is decided.

use crate::RateLimitHeaders;
use std::{fmt, future::Future, pin::Pin};

/// What a response told the ratelimiter.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// The HTTP status code.
    pub status: u16,
    /// The ratelimit headers of the response.
    pub headers: RateLimitHeaders,
}

/// The future an asynchronous report runs.
pub type ReportFuture = Pin<Box<dyn Future<Output = ()> + Send + 'static>>;

type SyncReport = Box<dyn FnOnce(Option<Outcome>) + Send>;
type AsyncReport = Box<dyn FnOnce(Option<Outcome>) -> ReportFuture + Send>;

enum Report {
    Sync(SyncReport),
    Async(AsyncReport),
}

/// The right to send one request now.
///
/// Give the response back with [`complete`](Self::complete) (or
/// [`complete_async`](Self::complete_async), which also waits for a shared
/// store to record it). A permit dropped without it reports that no
/// response came (the request failed or was cancelled), so the limiter
/// never waits for an answer that will not arrive.
pub struct Permit {
    report: Option<Report>,
}

impl Permit {
    /// A permit that calls `report` once: with the response's outcome, or
    /// with `None` if the permit is dropped without one.
    pub fn new(report: impl FnOnce(Option<Outcome>) + Send + 'static) -> Self {
        Self {
            report: Some(Report::Sync(Box::new(report))),
        }
    }

    /// A permit whose report is a future (a write to a shared store).
    ///
    /// [`complete_async`](Self::complete_async) awaits it;
    /// [`complete`](Self::complete) and a drop spawn it on the current tokio
    /// runtime, as neither can wait; outside a runtime the report is lost,
    /// and the store must expire what the permit held (a lease).
    pub fn new_async(
        report: impl FnOnce(Option<Outcome>) -> ReportFuture + Send + 'static,
    ) -> Self {
        Self {
            report: Some(Report::Async(Box::new(report))),
        }
    }

    /// A permit that reports to no one (for a client without a limiter).
    #[must_use]
    pub fn unlimited() -> Self {
        Self { report: None }
    }

    /// Reports the response without waiting for an asynchronous report to
    /// finish.
    pub fn complete(mut self, outcome: Outcome) {
        if let Some(report) = self.report.take() {
            run_detached(report, Some(outcome));
        }
    }

    /// Reports the response and waits until the limiter has recorded it.
    pub async fn complete_async(mut self, outcome: Outcome) {
        match self.report.take() {
            Some(Report::Sync(report)) => report(Some(outcome)),
            Some(Report::Async(report)) => report(Some(outcome)).await,
            None => {}
        }
    }
}

fn run_detached(report: Report, outcome: Option<Outcome>) {
    match report {
        Report::Sync(report) => report(outcome),
        Report::Async(report) => {
            if let Ok(runtime) = tokio::runtime::Handle::try_current() {
                runtime.spawn(report(outcome));
            } else {
                tracing::warn!("permit reported outside a tokio runtime: report lost");
            }
        }
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        if let Some(report) = self.report.take() {
            run_detached(report, None);
        }
    }
}

impl fmt::Debug for Permit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Permit")
            .field("pending", &self.report.is_some())
            .finish()
    }
}
