//! A permission to send one request, and the report of its response.

use crate::RateLimitHeaders;
use std::fmt;

/// What a response told the ratelimiter.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// The HTTP status code.
    pub status: u16,
    /// The ratelimit headers of the response.
    pub headers: RateLimitHeaders,
}

type Report = Box<dyn FnOnce(Option<Outcome>) + Send>;

/// The right to send one request now.
///
/// Give the response back with [`complete`](Self::complete). A permit dropped
/// without it reports that no response came (the request failed or was
/// cancelled), so the limiter never waits for an answer that will not arrive.
pub struct Permit {
    report: Option<Report>,
}

impl Permit {
    /// A permit that calls `report` once: with the response's outcome, or
    /// with `None` if the permit is dropped without one.
    pub fn new(report: impl FnOnce(Option<Outcome>) + Send + 'static) -> Self {
        Self {
            report: Some(Box::new(report)),
        }
    }

    /// A permit that reports to no one (for a client without a limiter).
    #[must_use]
    pub fn unlimited() -> Self {
        Self { report: None }
    }

    /// Reports the response.
    pub fn complete(mut self, outcome: Outcome) {
        if let Some(report) = self.report.take() {
            report(Some(outcome));
        }
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        if let Some(report) = self.report.take() {
            report(None);
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
