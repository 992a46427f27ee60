//! Whether the client's token is known to work, and the gate that keeps a
//! bad token from sending a storm of 401s.
//!
//! Discord bans an IP address for an hour after 10,000 invalid requests
//! (401, 403, 429) in 10 minutes. So until a response shows the token is
//! accepted, only one authorized request is in flight (the probe); the
//! others wait for its answer. After a 401 the token is latched invalid and
//! every later request fails at once, without being sent.

use std::sync::atomic::{AtomicU8, Ordering};
use tokio::sync::{Mutex, MutexGuard};

const UNVERIFIED: u8 = 0;
const VALID: u8 = 1;
const INVALID: u8 = 2;

/// The token's state, shared by every request of a client.
#[derive(Debug, Default)]
pub(crate) struct TokenGate {
    state: AtomicU8,
    probe: Mutex<()>,
}

/// The right to send the request that decides whether the token works.
/// Dropping it without a verdict lets the next waiting request probe.
pub(crate) type Probe<'a> = MutexGuard<'a, ()>;

impl TokenGate {
    /// Waits until an authorized request may be sent: at once if the token
    /// is known to work, as the probe if nobody is probing, `Err` if the
    /// token was rejected.
    pub(crate) async fn enter(&self) -> Result<Option<Probe<'_>>, Invalid> {
        match self.state.load(Ordering::Acquire) {
            VALID => return Ok(None),
            INVALID => return Err(Invalid),
            _ => {}
        }
        let probe = self.probe.lock().await;
        // The previous probe may have decided while this request waited.
        match self.state.load(Ordering::Acquire) {
            VALID => Ok(None),
            INVALID => Err(Invalid),
            _ => Ok(Some(probe)),
        }
    }

    /// Whether a 401 latched the token as invalid.
    pub(crate) fn is_invalid(&self) -> bool {
        self.state.load(Ordering::Acquire) == INVALID
    }

    /// A response other than 401 (and 429, which Discord's edge may send
    /// before it looks at the token) shows the token works. A token already
    /// latched invalid stays so.
    pub(crate) fn accepted(&self) {
        let _ = self
            .state
            .compare_exchange(UNVERIFIED, VALID, Ordering::AcqRel, Ordering::Acquire);
    }

    /// A 401: the token is invalid for good.
    pub(crate) fn rejected(&self) {
        self.state.store(INVALID, Ordering::Release);
    }
}

/// The token was rejected by an earlier 401.
#[derive(Debug)]
pub(crate) struct Invalid;

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[tokio::test]
    async fn one_probe_at_a_time_until_a_verdict() {
        let gate = Arc::new(TokenGate::default());
        let probe = gate.enter().await.unwrap();
        assert!(probe.is_some(), "the first request probes");

        let waiter = {
            let gate = Arc::clone(&gate);
            tokio::spawn(async move { gate.enter().await.map(|probe| probe.is_some()) })
        };
        tokio::task::yield_now().await;
        assert!(!waiter.is_finished(), "others wait for the probe's answer");

        gate.accepted();
        drop(probe);
        assert!(!waiter.await.unwrap().unwrap(), "no probe once accepted");
    }

    #[tokio::test]
    async fn a_rejection_is_final() {
        let gate = TokenGate::default();
        let probe = gate.enter().await.unwrap();
        gate.rejected();
        drop(probe);
        assert!(gate.enter().await.is_err());
        gate.accepted();
        assert!(gate.is_invalid(), "a later success does not undo a 401");
    }

    #[tokio::test]
    async fn a_probe_without_verdict_hands_over() {
        let gate = TokenGate::default();
        drop(gate.enter().await.unwrap());
        assert!(
            gate.enter().await.unwrap().is_some(),
            "the next request probes"
        );
    }
}
