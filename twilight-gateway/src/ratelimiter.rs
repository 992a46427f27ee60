//! [`CommandRatelimiter`]: Discord closes a connection (4008) that sends
//! more than 120 payloads in 60 seconds.
//!
//! A sliding log of send times: a command may go when fewer than
//! `120 - reserved` payloads went in the last period, so heartbeats (and
//! the one IDENTIFY or RESUME) always find room, whatever the user sends.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::time::{Instant, Sleep};

/// Payloads Discord allows per period.
pub const COMMANDS_PER_PERIOD: u32 = 120;

/// Discord's period.
pub const PERIOD: Duration = Duration::from_secs(60);

/// Keeps a shard's commands within Discord's send limit.
#[derive(Debug)]
pub struct CommandRatelimiter {
    period: Duration,
    reserved: u32,
    sent: VecDeque<Instant>,
    /// Created on first use, so a shard can be built outside a runtime.
    sleep: Option<Pin<Box<Sleep>>>,
}

impl CommandRatelimiter {
    pub(crate) fn new(period: Duration) -> Self {
        Self {
            period,
            // Until HELLO gives the interval: two heartbeats and IDENTIFY.
            reserved: 3,
            sent: VecDeque::with_capacity(COMMANDS_PER_PERIOD as usize),
            sleep: None,
        }
    }

    /// Commands that may be sent now.
    pub fn available(&mut self) -> u32 {
        self.purge(Instant::now());
        self.max().saturating_sub(self.count())
    }

    /// Commands allowed per period: 120 less the room kept for heartbeats.
    pub const fn max(&self) -> u32 {
        COMMANDS_PER_PERIOD.saturating_sub(self.reserved)
    }

    /// The period.
    pub const fn period(&self) -> Duration {
        self.period
    }

    /// When the next command may be sent, if one may not now.
    pub fn next_available(&mut self) -> Option<Instant> {
        let now = Instant::now();
        self.purge(now);
        (self.count() >= self.max())
            .then(|| self.oldest_blocking())
            .flatten()
    }

    /// Keeps room for the heartbeats of one period at this interval, plus a
    /// requested heartbeat and an IDENTIFY or RESUME.
    pub(crate) fn set_heartbeat_interval(&mut self, interval: Duration) {
        let per_period = if interval.is_zero() {
            COMMANDS_PER_PERIOD
        } else {
            let heartbeats = self.period.as_nanos().div_ceil(interval.as_nanos());
            u32::try_from(heartbeats).unwrap_or(COMMANDS_PER_PERIOD)
        };
        self.reserved = per_period.saturating_add(2).min(COMMANDS_PER_PERIOD / 2);
    }

    /// Records any payload sent (commands and heartbeats alike).
    pub(crate) fn record(&mut self) {
        let now = Instant::now();
        self.purge(now);
        if self.sent.len() == COMMANDS_PER_PERIOD as usize {
            self.sent.pop_front();
        }
        self.sent.push_back(now);
    }

    /// Ready when a command may be sent now.
    pub(crate) fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        loop {
            let now = Instant::now();
            self.purge(now);
            if self.count() < self.max() {
                return Poll::Ready(());
            }
            let Some(at) = self.oldest_blocking() else {
                return Poll::Ready(());
            };
            let sleep = match &mut self.sleep {
                Some(sleep) => {
                    sleep.as_mut().reset(at);
                    sleep
                }
                None => self.sleep.insert(Box::pin(tokio::time::sleep_until(at))),
            };
            if sleep.as_mut().poll(cx).is_pending() {
                return Poll::Pending;
            }
        }
    }

    fn count(&self) -> u32 {
        u32::try_from(self.sent.len()).unwrap_or(u32::MAX)
    }

    /// When the entry that holds the count at the limit leaves the window.
    fn oldest_blocking(&self) -> Option<Instant> {
        let excess = self.sent.len().checked_sub(self.max() as usize)?;
        self.sent.get(excess).map(|at| *at + self.period)
    }

    fn purge(&mut self, now: Instant) {
        while self
            .sent
            .front()
            .is_some_and(|at| now.saturating_duration_since(*at) >= self.period)
        {
            self.sent.pop_front();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::future::poll_fn;

    #[tokio::test(start_paused = true)]
    async fn commands_never_exceed_the_limit_and_leave_room() {
        let mut limiter = CommandRatelimiter::new(PERIOD);
        limiter.set_heartbeat_interval(Duration::from_millis(41_250));
        assert_eq!(limiter.max(), 116);
        let start = Instant::now();
        let mut times = Vec::new();
        for _ in 0..500 {
            poll_fn(|cx| limiter.poll_ready(cx)).await;
            limiter.record();
            times.push(Instant::now());
        }
        for (i, at) in times.iter().enumerate() {
            let in_window = times[i..]
                .iter()
                .take_while(|later| **later - *at < PERIOD)
                .count();
            assert!(in_window <= 116, "{in_window} in one period");
        }
        // Five periods' worth, give or take the first burst.
        assert!(Instant::now() - start >= PERIOD * 4);
    }
}
