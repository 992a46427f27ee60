//! The bookkeeping behind [`InMemoryQueue`](crate::InMemoryQueue): waiting
//! shards in their buckets, each bucket's last grant, and the daily session
//! count. Pure state: every method takes the current time, nothing sleeps.

use std::{
    collections::{HashMap, VecDeque},
    task::Waker,
    time::Duration,
};
use tokio::time::Instant;

/// Discord's identify window: a bucket (`shard % max_concurrency`) may start
/// one session per 5 seconds. Discord counts the window between the
/// IDENTIFYs it receives.
pub const IDENTIFY_WINDOW: Duration = Duration::from_secs(5);

/// What the queue adds to [`IDENTIFY_WINDOW`] between two turns of a bucket.
///
/// A turn is not an arrival: after its turn a shard still has to be polled
/// and send its IDENTIFY, and the frame has to reach Discord. When one
/// shard's IDENTIFY leaves late (a busy runtime, a loaded machine, a queue
/// service's answer in transit) and the next is on time, the two arrive
/// less than the window apart, and Discord refuses the second (an invalid
/// session: 1 to 5 seconds lost and a daily session spent). This margin
/// absorbs such a delay. It is wall-clock time, so it is not divided by a
/// local Discord's time scale.
pub const IDENTIFY_MARGIN: Duration = Duration::from_millis(250);

/// The default time between two turns of one bucket:
/// [`IDENTIFY_WINDOW`] plus [`IDENTIFY_MARGIN`], 5.25 seconds.
pub const IDENTIFY_PERIOD: Duration = IDENTIFY_WINDOW.saturating_add(IDENTIFY_MARGIN);

/// The period for a local Discord whose clock runs `time_scale` times
/// faster (twilight-mock's `time_scale`): the window scaled, the margin not,
/// since what delays an IDENTIFY takes wall-clock time. A scale that is not
/// finite and positive counts as 1, which gives [`IDENTIFY_PERIOD`].
///
/// ```
/// use std::time::Duration;
/// use twilight_gateway_queue::{IDENTIFY_PERIOD, scaled_identify_period};
///
/// // 5 s / 50 = 100 ms of the local Discord's clock, plus 250 ms.
/// assert_eq!(scaled_identify_period(50.0), Duration::from_millis(350));
/// assert_eq!(scaled_identify_period(1.0), IDENTIFY_PERIOD);
/// ```
#[must_use]
pub fn scaled_identify_period(time_scale: f64) -> Duration {
    let scale = if time_scale.is_finite() && time_scale > 0.0 {
        time_scale
    } else {
        1.0
    };
    IDENTIFY_WINDOW.div_f64(scale) + IDENTIFY_MARGIN
}

/// How long a daily session start limit lasts once it has reset.
pub(crate) const DAY: Duration = Duration::from_secs(24 * 60 * 60);

/// Stands in for an instant too far ahead to represent (a nonsensical
/// `reset_after`): about 30 years, as tokio does for its own "never".
const FAR_FUTURE: Duration = Duration::from_secs(30 * 365 * 24 * 60 * 60);

/// `now + after`, or a far future instant if that overflows.
fn later(now: Instant, after: Duration) -> Instant {
    now.checked_add(after)
        .or_else(|| now.checked_add(FAR_FUTURE))
        .unwrap_or(now)
}

/// What a waiting shard learns when it asks for its turn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Turn {
    /// It may identify now; it left the queue and used a session. Carries
    /// its bucket and the sessions left after it.
    Granted { bucket: u32, remaining: u32 },
    /// It is first in its bucket: ask again at this instant.
    WaitUntil(Instant),
    /// Others are before it in its bucket: it is woken when it is first.
    Queued,
}

/// One shard waiting for its turn.
#[derive(Debug)]
struct Waiter {
    /// Its place in the global order: buckets are FIFO by this.
    seq: u64,
    shard: u32,
    waker: Option<Waker>,
}

/// An identify the queue allowed.
#[derive(Clone, Copy, Debug)]
struct Grant {
    /// Kept so that [`Schedule::update`] can tell which new bucket it
    /// counts against.
    shard: u32,
    at: Instant,
}

#[derive(Debug, Default)]
struct Bucket {
    /// Sorted by `seq`.
    waiters: VecDeque<Waiter>,
    last_grant: Option<Grant>,
}

impl Bucket {
    /// When this bucket may grant its next identify.
    fn next_slot(&self, period: Duration) -> Option<Instant> {
        self.last_grant.map(|grant| later(grant.at, period))
    }

    fn position(&self, seq: u64) -> Result<usize, usize> {
        self.waiters.binary_search_by_key(&seq, |waiter| waiter.seq)
    }
}

/// The daily session start limit.
#[derive(Debug)]
struct Daily {
    remaining: u32,
    total: u32,
    reset_at: Instant,
    /// The `reset_at` whose wait has been logged, so that a wait is logged
    /// once rather than once per shard.
    logged_wait_for: Option<Instant>,
}

impl Daily {
    fn new(remaining: u32, total: u32, reset_after: Duration, now: Instant) -> Self {
        Self {
            remaining,
            total,
            reset_at: later(now, reset_after),
            logged_wait_for: None,
        }
    }

    fn refresh(&mut self, now: Instant) {
        if now >= self.reset_at {
            self.remaining = self.total;
            self.reset_at = later(now, DAY);
        }
    }
}

/// Waiting shards and the limits that decide when each may identify.
#[derive(Debug)]
pub(crate) struct Schedule {
    max_concurrency: u32,
    /// The time between two identifies of one bucket.
    period: Duration,
    /// Keyed by `shard % max_concurrency`; created on first use, so a huge
    /// `max_concurrency` costs nothing until shards use its buckets.
    buckets: HashMap<u32, Bucket>,
    daily: Daily,
    /// Sessions kept back: turns are parked once `remaining` is down to
    /// this, so that the day's last sessions stay for an operator.
    reserve: u32,
    next_seq: u64,
}

impl Schedule {
    /// A `max_concurrency` of 0 (which Discord never sends) counts as 1.
    pub(crate) fn new(
        max_concurrency: u32,
        remaining: u32,
        reset_after: Duration,
        total: u32,
        now: Instant,
    ) -> Self {
        Self {
            max_concurrency: max_concurrency.max(1),
            period: IDENTIFY_PERIOD,
            buckets: HashMap::new(),
            daily: Daily::new(remaining, total, reset_after, now),
            reserve: 0,
            next_seq: 0,
        }
    }

    pub(crate) fn reserve(&self) -> u32 {
        self.reserve
    }

    /// Sets the reserve; returns the wakers of the shards first in their
    /// buckets, since they may now be parked or no longer be.
    pub(crate) fn set_reserve(&mut self, reserve: u32) -> Vec<Waker> {
        self.reserve = reserve;
        self.buckets
            .values_mut()
            .filter_map(|bucket| bucket.waiters.front_mut()?.waker.take())
            .collect()
    }

    /// When the daily limit resets, if turns are parked until then (the
    /// sessions left are down to the reserve) as of `now`.
    pub(crate) fn parked_until(&self, now: Instant) -> Option<Instant> {
        (now < self.daily.reset_at && self.daily.remaining <= self.reserve)
            .then_some(self.daily.reset_at)
    }

    /// How many shards wait in each bucket that has any, by bucket id.
    pub(crate) fn waiting_by_bucket(&self) -> Vec<(u32, usize)> {
        let mut counts: Vec<_> = self
            .buckets
            .iter()
            .filter(|(_, bucket)| !bucket.waiters.is_empty())
            .map(|(id, bucket)| (*id, bucket.waiters.len()))
            .collect();
        counts.sort_unstable();
        counts
    }

    pub(crate) fn max_concurrency(&self) -> u32 {
        self.max_concurrency
    }

    pub(crate) fn period(&self) -> Duration {
        self.period
    }

    /// Sets the time between two identifies of one bucket. Returns the
    /// wakers of the shards first in their buckets, since they may now wait
    /// for a different instant.
    pub(crate) fn set_period(&mut self, period: Duration) -> Vec<Waker> {
        self.period = period;
        self.buckets
            .values_mut()
            .filter_map(|bucket| bucket.waiters.front_mut()?.waker.take())
            .collect()
    }

    /// Sessions left before the daily limit resets, as of `now`.
    pub(crate) fn remaining(&self, now: Instant) -> u32 {
        if now >= self.daily.reset_at {
            self.daily.total
        } else {
            self.daily.remaining
        }
    }

    /// How many shards are waiting.
    pub(crate) fn waiting(&self) -> usize {
        self.buckets
            .values()
            .map(|bucket| bucket.waiters.len())
            .sum()
    }

    fn bucket_id(&self, shard: u32) -> u32 {
        shard % self.max_concurrency
    }

    /// Queues `shard` last in its bucket; returns its ticket for the other
    /// methods.
    pub(crate) fn push(&mut self, shard: u32) -> u64 {
        let seq = self.next_seq;
        self.next_seq += 1;
        let id = self.bucket_id(shard);
        self.buckets
            .entry(id)
            .or_default()
            .waiters
            .push_back(Waiter {
                seq,
                shard,
                waker: None,
            });
        seq
    }

    /// Asks whether ticket `seq` (of `shard`) may identify at `now`.
    ///
    /// On [`Turn::Granted`], the shard has left the queue; the returned waker
    /// (the bucket's new first shard) must be woken.
    pub(crate) fn poll_turn(
        &mut self,
        seq: u64,
        shard: u32,
        now: Instant,
        waker: &Waker,
    ) -> (Turn, Option<Waker>) {
        self.daily.refresh(now);
        let id = self.bucket_id(shard);
        let bucket = self.buckets.entry(id).or_default();
        let index = match bucket.position(seq) {
            Ok(index) => index,
            // Not found means a bug elsewhere; putting it back in its place
            // is safe, letting it through is not.
            Err(index) => {
                bucket.waiters.insert(
                    index,
                    Waiter {
                        seq,
                        shard,
                        waker: None,
                    },
                );
                index
            }
        };
        let slot = &mut bucket.waiters[index].waker;
        match slot {
            Some(stored) if stored.will_wake(waker) => {}
            _ => *slot = Some(waker.clone()),
        }
        if index > 0 {
            return (Turn::Queued, None);
        }

        let mut ready_at = bucket.next_slot(self.period).filter(|slot| *slot > now);
        if self.daily.remaining <= self.reserve {
            let reset_at = self.daily.reset_at;
            if self.daily.logged_wait_for != Some(reset_at) {
                self.daily.logged_wait_for = Some(reset_at);
                tracing::warn!(
                    total = self.daily.total,
                    reserve = self.reserve,
                    reset_in = ?reset_at.saturating_duration_since(now),
                    "the daily session start limit is used up (down to its reserve): \
                     shards wait for it to reset",
                );
            }
            ready_at = Some(ready_at.map_or(reset_at, |slot| slot.max(reset_at)));
        }
        if let Some(at) = ready_at {
            return (Turn::WaitUntil(at), None);
        }

        bucket.waiters.pop_front();
        bucket.last_grant = Some(Grant { shard, at: now });
        self.daily.remaining -= 1;
        let next = bucket
            .waiters
            .front_mut()
            .and_then(|waiter| waiter.waker.take());
        (
            Turn::Granted {
                bucket: id,
                remaining: self.daily.remaining,
            },
            next,
        )
    }

    /// Takes ticket `seq` (of `shard`) out of the queue without using a
    /// session; returns the waker of a shard that became first.
    pub(crate) fn remove(&mut self, seq: u64, shard: u32) -> Option<Waker> {
        let id = self.bucket_id(shard);
        let bucket = self.buckets.get_mut(&id)?;
        let index = bucket.position(seq).ok()?;
        bucket.waiters.remove(index);
        if index == 0 {
            bucket
                .waiters
                .front_mut()
                .and_then(|waiter| waiter.waker.take())
        } else {
            None
        }
    }

    /// Applies new limits: waiting shards move to their new buckets in their
    /// original order, recent grants still count against the buckets their
    /// shards now belong to, and the daily count starts over from
    /// `remaining`. Returns every waiting shard's waker, since any of them
    /// may now be first in its bucket or wait for a different instant.
    pub(crate) fn update(
        &mut self,
        max_concurrency: u32,
        remaining: u32,
        reset_after: Duration,
        total: u32,
        now: Instant,
    ) -> Vec<Waker> {
        self.max_concurrency = max_concurrency.max(1);
        self.daily = Daily::new(remaining, total, reset_after, now);

        let mut waiters = Vec::new();
        let mut grants = Vec::new();
        for (_, bucket) in self.buckets.drain() {
            waiters.extend(bucket.waiters);
            grants.extend(
                bucket
                    .last_grant
                    .filter(|grant| later(grant.at, self.period) > now),
            );
        }
        waiters.sort_unstable_by_key(|waiter| waiter.seq);

        let mut buckets: HashMap<u32, Bucket> = HashMap::new();
        for grant in grants {
            let bucket = buckets.entry(self.bucket_id(grant.shard)).or_default();
            if bucket.last_grant.is_none_or(|last| last.at < grant.at) {
                bucket.last_grant = Some(grant);
            }
        }
        let mut wakers = Vec::with_capacity(waiters.len());
        for mut waiter in waiters {
            wakers.extend(waiter.waker.take());
            let id = self.bucket_id(waiter.shard);
            buckets.entry(id).or_default().waiters.push_back(waiter);
        }
        self.buckets = buckets;
        wakers
    }
}

#[cfg(test)]
mod tests {
    use super::{IDENTIFY_PERIOD, Schedule, Turn};
    use std::{task::Waker, time::Duration};
    use tokio::time::Instant;

    #[test]
    fn a_bucket_grants_once_per_window_and_keeps_order() {
        let now = Instant::now();
        let mut schedule = Schedule::new(2, 1000, Duration::from_secs(60), 1000, now);
        let first = schedule.push(0);
        let other_bucket = schedule.push(1);
        let second = schedule.push(2);
        let waker = Waker::noop();

        assert_eq!(schedule.poll_turn(second, 2, now, waker).0, Turn::Queued);
        assert_eq!(
            schedule.poll_turn(first, 0, now, waker).0,
            Turn::Granted {
                bucket: 0,
                remaining: 999
            }
        );
        assert_eq!(
            schedule.poll_turn(other_bucket, 1, now, waker).0,
            Turn::Granted {
                bucket: 1,
                remaining: 998
            }
        );
        assert_eq!(
            schedule.poll_turn(second, 2, now, waker).0,
            Turn::WaitUntil(now + IDENTIFY_PERIOD)
        );
        assert_eq!(
            schedule
                .poll_turn(second, 2, now + IDENTIFY_PERIOD, waker)
                .0,
            Turn::Granted {
                bucket: 0,
                remaining: 997
            }
        );
        assert_eq!(schedule.waiting(), 0);
        assert_eq!(schedule.remaining(now + IDENTIFY_PERIOD), 997);
    }

    #[test]
    fn zero_max_concurrency_counts_as_one() {
        let now = Instant::now();
        let mut schedule = Schedule::new(0, 10, Duration::from_secs(60), 10, now);
        assert_eq!(schedule.max_concurrency(), 1);
        let ticket = schedule.push(7);
        assert_eq!(
            schedule.poll_turn(ticket, 7, now, Waker::noop()).0,
            Turn::Granted {
                bucket: 0,
                remaining: 9
            }
        );
    }

    #[test]
    fn a_reserve_parks_turns_until_the_reset() {
        let now = Instant::now();
        let day = Duration::from_secs(60);
        let mut schedule = Schedule::new(4, 3, day, 10, now);
        schedule.set_reserve(2);
        let first = schedule.push(0);
        assert!(matches!(
            schedule.poll_turn(first, 0, now, Waker::noop()).0,
            Turn::Granted { remaining: 2, .. }
        ));
        assert_eq!(schedule.parked_until(now), Some(now + day));
        let second = schedule.push(1);
        assert_eq!(
            schedule.poll_turn(second, 1, now, Waker::noop()).0,
            Turn::WaitUntil(now + day)
        );
        assert_eq!(schedule.waiting_by_bucket(), vec![(1, 1)]);
        assert!(matches!(
            schedule.poll_turn(second, 1, now + day, Waker::noop()).0,
            Turn::Granted { remaining: 9, .. }
        ));
        assert_eq!(schedule.parked_until(now + day), None);
    }

    #[test]
    fn an_absurd_reset_after_does_not_overflow() {
        let now = Instant::now();
        let mut schedule = Schedule::new(1, 0, Duration::MAX, 10, now);
        let ticket = schedule.push(0);
        assert!(matches!(
            schedule.poll_turn(ticket, 0, now, Waker::noop()).0,
            Turn::WaitUntil(at) if at > now + Duration::from_secs(365 * 24 * 60 * 60)
        ));
        schedule.update(1, 0, Duration::MAX, 10, now);
    }
}
