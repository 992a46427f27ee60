//! Discord time, scaled for tests: with a scale of 10, the 5 s identify window
//! and every ratelimit reset pass ten times faster.

use std::time::Duration;
use tokio::time::Instant;

/// Converts between Discord's durations and the real time the mock waits.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Clock {
    scale: f64,
}

impl Clock {
    /// A clock running `scale` times faster than Discord (1.0: real time).
    /// Scales below 1.0 slow the mock down; a non-finite or non-positive scale
    /// is taken as 1.0.
    pub fn new(scale: f64) -> Self {
        let scale = if scale.is_finite() && scale > 0.0 {
            scale
        } else {
            1.0
        };
        Self { scale }
    }

    /// How much faster than Discord this clock runs.
    pub fn scale(&self) -> f64 {
        self.scale
    }

    /// The real duration that stands for `discord` of Discord's time.
    pub fn real(&self, discord: Duration) -> Duration {
        discord.div_f64(self.scale)
    }

    /// The Discord duration that `real` of real time stands for.
    pub fn discord(&self, real: Duration) -> Duration {
        real.mul_f64(self.scale)
    }

    /// Discord time elapsed since `since`.
    pub fn elapsed(&self, since: Instant) -> Duration {
        self.discord(since.elapsed())
    }

    /// Waits for `discord` of Discord's time.
    pub async fn sleep(&self, discord: Duration) {
        tokio::time::sleep(self.real(discord)).await;
    }
}

impl Default for Clock {
    fn default() -> Self {
        Self::new(1.0)
    }
}
