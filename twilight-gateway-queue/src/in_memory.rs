//! [`InMemoryQueue`]: Discord's session start limits for shards that share
//! one process.

use crate::{
    Enqueued, Queue,
    schedule::{Schedule, Turn},
};
use std::{
    fmt,
    future::Future,
    pin::Pin,
    sync::{Arc, Mutex, MutexGuard, PoisonError},
    task::{Context, Poll},
    time::Duration,
};
use tokio::time::{Instant, Sleep};

/// The queue for shards of one process: one identify per bucket
/// (`shard % max_concurrency`) every [`IDENTIFY_PERIOD`](crate::IDENTIFY_PERIOD) (Discord's
/// 5 seconds and a margin for transit), first come first served within a
/// bucket, and no more identifies per day than Discord allows. (The period
/// can be shortened for a time-scaled local Discord:
/// [`with_period`](Self::with_period).)
///
/// Build it from the `session_start_limit` of `GET /gateway/bot`, and
/// [`update`](Self::update) it when a later call returns new limits. Cloning
/// is cheap: clones share one schedule, and so do all shards given one.
///
/// No background task: the future [`enqueue`](Queue::enqueue) returns
/// sleeps until its turn. So constructing the queue and calling `enqueue`
/// need no runtime, but the futures must be polled inside a tokio runtime
/// with time enabled.
///
/// # Examples
///
/// ```
/// use std::{sync::Arc, time::Duration};
/// use twilight_gateway_queue::{InMemoryQueue, Queue};
///
/// # #[tokio::main(flavor = "current_thread", start_paused = true)]
/// # async fn main() {
/// // max_concurrency, remaining, reset_after, total
/// let queue = InMemoryQueue::new(16, 999, Duration::from_millis(14_400_000), 1000);
/// let shared: Arc<dyn Queue> = Arc::new(queue.clone());
///
/// shared.enqueue(0, 32).await; // bucket 0: now
/// shared.enqueue(16, 32).await; // bucket 0 again: IDENTIFY_PERIOD later
/// assert_eq!(queue.remaining(), 997);
/// # }
/// ```
#[derive(Clone)]
pub struct InMemoryQueue {
    schedule: Arc<Mutex<Schedule>>,
}

impl InMemoryQueue {
    /// A queue with these limits: `max_concurrency` identifies per 5 seconds
    /// (0 counts as 1), `remaining` sessions left until `reset_after` has
    /// passed, then `total` sessions per day.
    ///
    /// `GET /gateway/bot` reports `reset_after` in milliseconds:
    /// pass `Duration::from_millis(reset_after)`.
    #[must_use]
    pub fn new(max_concurrency: u32, remaining: u32, reset_after: Duration, total: u32) -> Self {
        Self {
            schedule: Arc::new(Mutex::new(Schedule::new(
                max_concurrency,
                remaining,
                reset_after,
                total,
                Instant::now(),
            ))),
        }
    }

    /// Sets the time between two identifies of one bucket,
    /// [`IDENTIFY_PERIOD`](crate::IDENTIFY_PERIOD) unless set. Only for testing against a
    /// time-scaled local Discord (twilight-mock's `MockConfig::time_scale`),
    /// whose window is 5 seconds of its faster clock: against Discord, a
    /// shorter period gets identifies refused. It applies to every clone of
    /// this queue, and to shards already waiting. The daily limit is not
    /// scaled: its `reset_after` comes from the caller.
    ///
    /// Scale the window, not the margin: the local Discord measures the
    /// window between the IDENTIFYs it receives, and what delays one on its
    /// way takes wall-clock time: [`scaled_identify_period`] does both.
    ///
    /// ```
    /// use std::time::Duration;
    /// use twilight_gateway_queue::{InMemoryQueue, scaled_identify_period};
    ///
    /// // 5 s / 50 = 100 ms of the local Discord's clock, plus 250 ms.
    /// let queue = InMemoryQueue::default().with_period(scaled_identify_period(50.0));
    /// assert_eq!(queue.period(), Duration::from_millis(350));
    /// ```
    ///
    /// [`scaled_identify_period`]: crate::scaled_identify_period
    #[must_use]
    pub fn with_period(self, period: Duration) -> Self {
        let wakers = self.lock().set_period(period);
        wakers.into_iter().for_each(std::task::Waker::wake);
        self
    }

    /// The time between two identifies of one bucket (see
    /// [`with_period`](Self::with_period)).
    #[must_use]
    pub fn period(&self) -> Duration {
        self.lock().period()
    }

    /// Applies new limits (from a later `GET /gateway/bot`) at run time.
    ///
    /// Waiting shards keep waiting, in their order, in the buckets the new
    /// `max_concurrency` puts them in; an identify of the last 5 seconds
    /// still counts against the new bucket of its shard. The daily count
    /// starts over: `remaining` sessions until `reset_after` has passed.
    pub fn update(&self, max_concurrency: u32, remaining: u32, reset_after: Duration, total: u32) {
        let wakers = self.lock().update(
            max_concurrency,
            remaining,
            reset_after,
            total,
            Instant::now(),
        );
        wakers.into_iter().for_each(std::task::Waker::wake);
    }

    /// The `max_concurrency` in use (at least 1).
    #[must_use]
    pub fn max_concurrency(&self) -> u32 {
        self.lock().max_concurrency()
    }

    /// Sessions that may still start before the daily limit resets.
    #[must_use]
    pub fn remaining(&self) -> u32 {
        self.lock().remaining(Instant::now())
    }

    /// How many shards are waiting for their turn.
    #[must_use]
    pub fn waiting(&self) -> usize {
        self.lock().waiting()
    }

    /// How many shards wait in each bucket that has any, as
    /// `(bucket, count)` sorted by bucket.
    #[must_use]
    pub fn waiting_by_bucket(&self) -> Vec<(u32, usize)> {
        self.lock().waiting_by_bucket()
    }

    /// Keeps `reserve` sessions of the day back (0 unless set): once the
    /// sessions left are down to it, turns are parked until the daily
    /// limit resets (shards that ask wait; nothing is refused), with one
    /// warning. It applies to every clone and to shards already waiting.
    ///
    /// ```
    /// use std::time::Duration;
    /// use twilight_gateway_queue::InMemoryQueue;
    ///
    /// let queue = InMemoryQueue::new(1, 5, Duration::from_secs(60), 1000).with_reserve(5);
    /// assert!(queue.parked_for().is_some());
    /// ```
    #[must_use]
    pub fn with_reserve(self, reserve: u32) -> Self {
        self.set_reserve(reserve);
        self
    }

    /// Sets the reserve (see [`with_reserve`](Self::with_reserve)) at run
    /// time.
    pub fn set_reserve(&self, reserve: u32) {
        let wakers = self.lock().set_reserve(reserve);
        wakers.into_iter().for_each(std::task::Waker::wake);
    }

    /// The sessions kept back (see [`with_reserve`](Self::with_reserve)).
    #[must_use]
    pub fn reserve(&self) -> u32 {
        self.lock().reserve()
    }

    /// How long turns stay parked, if the sessions left are down to the
    /// reserve: the time until the daily limit resets.
    #[must_use]
    pub fn parked_for(&self) -> Option<Duration> {
        let now = Instant::now();
        self.lock()
            .parked_until(now)
            .map(|at| at.saturating_duration_since(now))
    }

    /// Like [`Queue::enqueue`], but the future tells what the turn was: the
    /// bucket and the sessions left after it (what the queue service
    /// answers). Queued at once, in call order; dropping the future gives
    /// the place up.
    pub fn wait_turn(&self, shard: u32) -> WaitTurn {
        let seq = self.lock().push(shard);
        WaitTurn {
            queue: self.clone(),
            seq,
            shard,
            sleep: None,
            granted: None,
        }
    }

    fn lock(&self) -> MutexGuard<'_, Schedule> {
        // The schedule is consistent between method calls, and none of them
        // panics midway, so a poisoned lock still guards valid state.
        self.schedule.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Default for InMemoryQueue {
    /// Discord's limits for a bot in fewer than 2,500 guilds: a
    /// `max_concurrency` of 1 and 1000 sessions per day, all left.
    fn default() -> Self {
        Self::new(1, 1000, Duration::from_secs(24 * 60 * 60), 1000)
    }
}

impl fmt::Debug for InMemoryQueue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let schedule = self.lock();
        f.debug_struct("InMemoryQueue")
            .field("max_concurrency", &schedule.max_concurrency())
            .field("period", &schedule.period())
            .field("remaining", &schedule.remaining(Instant::now()))
            .field("waiting", &schedule.waiting())
            .finish()
    }
}

impl Queue for InMemoryQueue {
    /// Queues `shard` last in its bucket at once (not when the future is
    /// first polled), so the order of calls is the order of identifies
    /// within a bucket. `total` is not needed here.
    fn enqueue(&self, shard: u32, _total: u32) -> Enqueued {
        let turn = self.wait_turn(shard);
        Box::pin(async move {
            turn.await;
        })
    }
}

/// A shard's turn, as [`InMemoryQueue::wait_turn`] reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Granted {
    /// The shard's bucket (`shard % max_concurrency`).
    pub bucket: u32,
    /// Sessions left today after this one.
    pub remaining: u32,
}

/// A shard's place in an [`InMemoryQueue`], from
/// [`wait_turn`](InMemoryQueue::wait_turn): resolves when it may identify.
/// Dropping it before gives the place up.
#[must_use = "the place is given up when this is dropped"]
pub struct WaitTurn {
    queue: InMemoryQueue,
    seq: u64,
    shard: u32,
    /// Set while it is first in its bucket and waits for an instant.
    sleep: Option<Pin<Box<Sleep>>>,
    granted: Option<Granted>,
}

impl WaitTurn {
    /// Its place in the queue's order of arrival: within a bucket, a lower
    /// ticket goes first. (For logs and tests; it says nothing about when.)
    #[must_use]
    pub fn ticket(&self) -> u64 {
        self.seq
    }
}

impl fmt::Debug for WaitTurn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WaitTurn")
            .field("shard", &self.shard)
            .field("granted", &self.granted)
            .finish_non_exhaustive()
    }
}

impl Future for WaitTurn {
    type Output = Granted;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Granted> {
        let this = self.get_mut();
        if let Some(granted) = this.granted {
            return Poll::Ready(granted);
        }
        loop {
            let (turn, next) =
                this.queue
                    .lock()
                    .poll_turn(this.seq, this.shard, Instant::now(), cx.waker());
            if let Some(next) = next {
                next.wake();
            }
            match turn {
                Turn::Granted { bucket, remaining } => {
                    let granted = Granted { bucket, remaining };
                    this.granted = Some(granted);
                    this.sleep = None;
                    return Poll::Ready(granted);
                }
                Turn::Queued => {
                    // Woken when it becomes first; a stale timer would only
                    // cost a spurious poll, but there is no need to keep it.
                    this.sleep = None;
                    return Poll::Pending;
                }
                Turn::WaitUntil(at) => {
                    let sleep = match &mut this.sleep {
                        Some(sleep) => {
                            if sleep.deadline() != at {
                                sleep.as_mut().reset(at);
                            }
                            sleep
                        }
                        None => this.sleep.insert(Box::pin(tokio::time::sleep_until(at))),
                    };
                    if sleep.as_mut().poll(cx).is_pending() {
                        return Poll::Pending;
                    }
                    // The instant has come: ask again (it may be granted, or
                    // another bucket may have used the last daily session).
                }
            }
        }
    }
}

impl Drop for WaitTurn {
    fn drop(&mut self) {
        if self.granted.is_none() {
            let next = self.queue.lock().remove(self.seq, self.shard);
            if let Some(next) = next {
                next.wake();
            }
        }
    }
}
