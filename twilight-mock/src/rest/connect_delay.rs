//! A simulated slow handshake: each new connection is read from a
//! pseudo-random time after it was accepted, so requests on new connections
//! arrive later than those on connections already open.

use std::{
    ops::Range,
    sync::{
        Mutex, PoisonError,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};

/// The delay range and the state of the pseudo-random draws.
#[derive(Debug, Default)]
pub(super) struct ConnectDelay {
    range: Mutex<Option<Range<Duration>>>,
    draws: AtomicU64,
}

impl ConnectDelay {
    pub(super) fn set(&self, range: Option<Range<Duration>>) {
        *self.range.lock().unwrap_or_else(PoisonError::into_inner) = range;
    }

    /// The next connection's delay: none without a range, else one in it.
    pub(super) fn draw(&self) -> Option<Duration> {
        let range = self
            .range
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()?;
        let span = range.end.saturating_sub(range.start).as_nanos();
        if span == 0 {
            return Some(range.start);
        }
        let draw = splitmix64(self.draws.fetch_add(1, Ordering::Relaxed));
        let offset = u64::try_from(u128::from(draw) % span).unwrap_or(u64::MAX);
        Some(range.start + Duration::from_nanos(offset))
    }
}

/// A well-mixed 64-bit value of `n` (SplitMix64): reproducible draws
/// without a dependency.
fn splitmix64(n: u64) -> u64 {
    let mut z = n.wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_spread_over_the_range() {
        let delay = ConnectDelay::default();
        assert_eq!(delay.draw(), None);
        let (low, high) = (Duration::from_millis(100), Duration::from_millis(300));
        delay.set(Some(low..high));
        let draws: Vec<_> = (0..1000).map(|_| delay.draw().unwrap()).collect();
        assert!(draws.iter().all(|d| (low..high).contains(d)));
        let lowest = draws.iter().min().unwrap();
        let highest = draws.iter().max().unwrap();
        assert!(*lowest < Duration::from_millis(110), "{lowest:?}");
        assert!(*highest > Duration::from_millis(290), "{highest:?}");
        delay.set(Some(low..low));
        assert_eq!(delay.draw(), Some(low));
        delay.set(None);
        assert_eq!(delay.draw(), None);
    }
}
