//! InMemoryQueue's schedule, on tokio's paused clock: every instant below is
//! exact, since paused time only moves when every task waits.

use std::{
    collections::BTreeMap,
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    task::{Context, Waker},
    time::Duration,
};
use tokio::{task::JoinSet, time::Instant};
use tracing::{Event, Level, Metadata, Subscriber, span};
use twilight_gateway_queue::{
    Enqueued, IDENTIFY_MARGIN, IDENTIFY_PERIOD, IDENTIFY_WINDOW, InMemoryQueue, Queue,
    scaled_identify_period,
};

const SECOND: Duration = Duration::from_secs(1);

/// Enqueues `shards` in this order, then waits for all of them; returns
/// when each was let through, measured from the first call.
async fn grants(queue: &dyn Queue, shards: impl IntoIterator<Item = u32>) -> Vec<(u32, Duration)> {
    let start = Instant::now();
    let mut tasks = JoinSet::new();
    for shard in shards {
        let turn = queue.enqueue(shard, 1000);
        tasks.spawn(async move {
            turn.await;
            (shard, start.elapsed())
        });
    }
    let mut done = tasks.join_all().await;
    done.sort_by_key(|&(shard, at)| (at, shard));
    done
}

fn secs(secs: u64) -> Duration {
    Duration::from_secs(secs)
}

/// `n` times the default time between two turns of a bucket.
fn periods(n: u32) -> Duration {
    IDENTIFY_PERIOD * n
}

/// Polls once without a runtime's help: whether the turn came already.
fn is_ready(turn: &mut Enqueued) -> bool {
    turn.as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
        .is_ready()
}

#[tokio::test(start_paused = true)]
async fn sixteen_shards_in_four_buckets_start_in_waves_one_period_apart() {
    let queue = InMemoryQueue::new(4, 1000, secs(86_400), 1000);
    let done = grants(&queue, 0..16).await;
    let expected: Vec<_> = (0..16).map(|shard| (shard, periods(shard / 4))).collect();
    assert_eq!(done, expected);
    assert_eq!(queue.remaining(), 984);
    assert_eq!(queue.waiting(), 0);
}

#[tokio::test(start_paused = true)]
async fn a_bucket_waits_exactly_one_period_not_longer() {
    let queue = InMemoryQueue::default();
    let start = Instant::now();
    queue.enqueue(0, 2).await;
    assert_eq!(start.elapsed(), Duration::ZERO);

    let mut second = queue.enqueue(1, 2);
    tokio::time::sleep_until(start + IDENTIFY_WINDOW).await;
    assert!(
        !is_ready(&mut second),
        "let through at Discord's window, no margin"
    );
    tokio::time::sleep_until(start + IDENTIFY_PERIOD - Duration::from_millis(1)).await;
    assert!(!is_ready(&mut second), "let through before the period");
    second.await;
    assert_eq!(start.elapsed(), IDENTIFY_PERIOD);
}

#[tokio::test(start_paused = true)]
async fn a_bucket_that_was_idle_for_a_window_grants_at_once() {
    let queue = InMemoryQueue::default();
    queue.enqueue(0, 1).await;
    tokio::time::sleep(secs(7)).await;
    let start = Instant::now();
    queue.enqueue(0, 1).await;
    assert_eq!(start.elapsed(), Duration::ZERO);
}

#[tokio::test(start_paused = true)]
async fn each_bucket_is_first_come_first_served() {
    let queue = InMemoryQueue::new(2, 1000, secs(86_400), 1000);
    // Bucket 0: 6, 0, 4, 2; bucket 1: 5, 1, 3; interleaved calls.
    let done = grants(&queue, [6, 5, 0, 1, 4, 3, 2]).await;
    assert_eq!(
        done,
        [
            (5, periods(0)),
            (6, periods(0)),
            (0, periods(1)),
            (1, periods(1)),
            (3, periods(2)),
            (4, periods(2)),
            (2, periods(3)),
        ]
    );
}

#[tokio::test(start_paused = true)]
async fn a_dropped_waiter_gives_its_turn_and_session_to_the_next() {
    let queue = InMemoryQueue::new(1, 10, secs(86_400), 10);
    let start = Instant::now();
    queue.enqueue(0, 4).await;

    // Shard 1 is first in line and waits for one period; shard 2 queues behind
    // it; shard 3 is never polled at all.
    let mut first = queue.enqueue(1, 4);
    let behind = queue.enqueue(2, 4);
    let never_polled = queue.enqueue(3, 4);
    assert!(!is_ready(&mut first));
    tokio::time::sleep(secs(2)).await;
    drop(first);
    drop(never_polled);
    assert_eq!(queue.waiting(), 1);

    behind.await;
    assert_eq!(
        start.elapsed(),
        IDENTIFY_PERIOD,
        "shard 2 took shard 1's turn"
    );
    assert_eq!(queue.remaining(), 8, "the dropped shards used no session");
}

#[tokio::test(start_paused = true)]
async fn a_used_up_daily_limit_waits_for_its_reset_and_logs_once() {
    let warnings = Arc::new(AtomicUsize::new(0));
    let _guard = tracing::subscriber::set_default(CountWarnings(Arc::clone(&warnings)));

    // Two sessions left for the next 60 s, then 3 a day.
    let queue = InMemoryQueue::new(2, 2, secs(60), 3);
    let done = grants(&queue, 0..5).await;
    assert_eq!(
        done,
        [
            (0, secs(0)),
            (1, secs(0)),
            // Both buckets' next shards waited for the reset, not per shard.
            (2, secs(60)),
            (3, secs(60)),
            // Then the bucket's period still applies.
            (4, secs(60) + IDENTIFY_PERIOD),
        ]
    );
    assert_eq!(warnings.load(Ordering::SeqCst), 1, "one warning per wait");
    assert_eq!(queue.remaining(), 0);

    // Used up again: the next wait is a day after the reset, logged again.
    let start = Instant::now();
    queue.enqueue(5, 6).await;
    assert_eq!(
        start.elapsed() + secs(60) + IDENTIFY_PERIOD,
        secs(60 + 86_400)
    );
    assert_eq!(warnings.load(Ordering::SeqCst), 2);
    assert_eq!(queue.remaining(), 2);
}

#[tokio::test(start_paused = true)]
async fn a_higher_max_concurrency_moves_waiting_shards_to_new_buckets() {
    let queue = InMemoryQueue::new(1, 1000, secs(86_400), 1000);
    let start = Instant::now();
    let mut tasks = JoinSet::new();
    for shard in 0..4 {
        let turn = queue.enqueue(shard, 4);
        tasks.spawn(async move {
            turn.await;
            (shard, start.elapsed())
        });
    }
    tokio::time::sleep(SECOND).await;
    assert_eq!(queue.waiting(), 3);
    queue.update(2, 900, secs(86_400), 1000);
    assert_eq!(queue.max_concurrency(), 2);

    let mut done = tasks.join_all().await;
    done.sort_unstable();
    assert_eq!(
        done,
        [
            (0, secs(0)),
            // Bucket 1 had no identify yet: shard 1 goes at once.
            (1, secs(1)),
            // Bucket 0 still counts shard 0's identify at t = 0.
            (2, IDENTIFY_PERIOD),
            (3, SECOND + IDENTIFY_PERIOD),
        ]
    );
    assert_eq!(queue.remaining(), 897);
}

#[tokio::test(start_paused = true)]
async fn a_lower_max_concurrency_keeps_every_waiting_shard_in_order() {
    let queue = InMemoryQueue::new(2, 1000, secs(86_400), 1000);
    let start = Instant::now();
    let mut tasks = JoinSet::new();
    for shard in 0..6 {
        let turn = queue.enqueue(shard, 6);
        tasks.spawn(async move {
            turn.await;
            (shard, start.elapsed())
        });
    }
    tokio::time::sleep(SECOND).await;
    queue.update(1, 1000, secs(86_400), 1000);

    let mut done = tasks.join_all().await;
    done.sort_unstable();
    assert_eq!(
        done,
        [
            (0, periods(0)),
            (1, periods(0)),
            (2, periods(1)),
            (3, periods(2)),
            (4, periods(3)),
            (5, periods(4)),
        ]
    );
}

#[tokio::test(start_paused = true)]
async fn an_update_can_use_up_the_daily_limit_of_waiting_shards() {
    let queue = InMemoryQueue::new(4, 1000, secs(86_400), 1000);
    queue.enqueue(0, 2).await;
    let start = Instant::now();
    let waiting = queue.enqueue(4, 2);
    queue.update(4, 0, secs(30), 1000);
    waiting.await;
    assert_eq!(start.elapsed(), secs(30));
    assert_eq!(queue.remaining(), 999);
}

#[tokio::test(start_paused = true)]
async fn references_arcs_and_boxes_share_one_schedule() {
    fn as_queue(queue: impl Queue + 'static) -> Box<dyn Queue> {
        Box::new(queue)
    }
    fn enqueue_via(queue: impl Queue, shard: u32) -> Enqueued {
        queue.enqueue(shard, 4)
    }

    let queue = InMemoryQueue::default();
    let shared: Arc<dyn Queue> = Arc::new(queue.clone());
    let boxed = as_queue(Arc::clone(&shared));
    let start = Instant::now();

    enqueue_via(&queue, 0).await;
    enqueue_via(&*shared, 1).await;
    shared.enqueue(2, 4).await;
    boxed.enqueue(3, 4).await;
    assert_eq!(start.elapsed(), periods(3));
    assert_eq!(queue.remaining(), 996);
}

#[tokio::test(start_paused = true)]
async fn a_thousand_shards_start_without_drift() {
    let queue = InMemoryQueue::new(16, 1000, secs(86_400), 1000);
    let done = grants(&queue, 0..1000).await;
    let by_shard: BTreeMap<_, _> = done.into_iter().collect();
    assert_eq!(by_shard.len(), 1000);
    for (shard, at) in by_shard {
        assert_eq!(at, periods(shard / 16), "shard {shard}");
    }
    assert_eq!(queue.remaining(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shards_on_several_threads_share_the_limits() {
    let queue = InMemoryQueue::new(64, 100, secs(86_400), 100);
    let done = grants(&queue, 0..64).await;
    assert_eq!(done.len(), 64);
    assert_eq!(queue.remaining(), 36);
}

#[test]
fn neither_construction_nor_enqueue_needs_a_runtime() {
    let queue = InMemoryQueue::new(1, 10, secs(60), 10);
    let first = queue.enqueue(0, 2);
    let second = queue.enqueue(1, 2);
    assert_eq!(queue.waiting(), 2);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .start_paused(true)
        .build()
        .unwrap();
    runtime.block_on(async {
        let start = Instant::now();
        first.await;
        second.await;
        assert_eq!(start.elapsed(), IDENTIFY_PERIOD);
    });
}

#[test]
fn the_future_is_send_and_static() {
    fn assert_send_static<T: Send + 'static>(_: &T) {}
    let turn = InMemoryQueue::default().enqueue(0, 1);
    assert_send_static(&turn);
}

#[test]
fn debug_shows_the_limits() {
    let queue = InMemoryQueue::new(16, 999, secs(60), 1000);
    let _waiting = queue.enqueue(3, 16);
    assert_eq!(
        format!("{queue:?}"),
        "InMemoryQueue { max_concurrency: 16, period: 5.25s, remaining: 999, waiting: 1 }"
    );
}

/// Counts WARN events: the one thing these tests ask of logging.
struct CountWarnings(Arc<AtomicUsize>);

impl Subscriber for CountWarnings {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, _: &span::Attributes<'_>) -> span::Id {
        span::Id::from_u64(1)
    }

    fn record(&self, _: &span::Id, _: &span::Record<'_>) {}

    fn record_follows_from(&self, _: &span::Id, _: &span::Id) {}

    fn event(&self, event: &Event<'_>) {
        if *event.metadata().level() == Level::WARN {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    fn enter(&self, _: &span::Id) {}

    fn exit(&self, _: &span::Id) {}
}

/// A period for a time-scaled local Discord: the same schedule, shorter.
#[tokio::test(start_paused = true)]
async fn a_shorter_period_spaces_each_bucket_by_it() {
    let period = Duration::from_millis(125);
    let queue = InMemoryQueue::new(2, 1000, secs(86_400), 1000).with_period(period);
    assert_eq!(queue.period(), period);
    let done = grants(&queue, 0..6).await;
    let expected: Vec<_> = (0..6).map(|shard| (shard, period * (shard / 2))).collect();
    assert_eq!(done, expected);
    assert_eq!(queue.remaining(), 994);
}

#[tokio::test(start_paused = true)]
async fn the_default_period_is_discords_window_and_a_margin() {
    // Discord's documented window; the margin keeps arrivals apart.
    assert_eq!(IDENTIFY_WINDOW, secs(5));
    assert_eq!(IDENTIFY_PERIOD, IDENTIFY_WINDOW + IDENTIFY_MARGIN);
    assert!(IDENTIFY_MARGIN > Duration::ZERO);
    assert_eq!(InMemoryQueue::default().period(), IDENTIFY_PERIOD);
    let queue = InMemoryQueue::new(1, 1000, secs(86_400), 1000);
    assert_eq!(queue.period(), IDENTIFY_PERIOD);
    let done = grants(&queue, 0..2).await;
    assert_eq!(done, [(0, Duration::ZERO), (1, IDENTIFY_PERIOD)]);
}

/// A local Discord's faster clock shortens the window, never the margin; a
/// scale that means nothing gives Discord's own period, never zero.
#[test]
fn a_scaled_period_scales_the_window_and_keeps_the_margin() {
    assert_eq!(
        scaled_identify_period(10.0),
        IDENTIFY_WINDOW / 10 + IDENTIFY_MARGIN
    );
    assert!(scaled_identify_period(1e12) >= IDENTIFY_MARGIN);
    for nonsense in [0.0, -5.0, f64::NAN, f64::INFINITY] {
        assert_eq!(
            scaled_identify_period(nonsense),
            IDENTIFY_PERIOD,
            "{nonsense}"
        );
    }
}

/// Set on a queue whose shards already wait: they follow the new period,
/// and so does a clone (clones share the schedule).
#[tokio::test(start_paused = true)]
async fn a_period_set_while_shards_wait_applies_to_them_and_to_clones() {
    let queue = InMemoryQueue::new(1, 1000, secs(86_400), 1000);
    let clone = queue.clone();
    let start = Instant::now();
    queue.enqueue(0, 2).await;
    let second = queue.enqueue(1, 2);
    let waiting = tokio::spawn(async move {
        second.await;
        start.elapsed()
    });
    tokio::task::yield_now().await;
    let _ = queue.with_period(SECOND);
    assert_eq!(clone.period(), SECOND);
    assert_eq!(waiting.await.unwrap(), SECOND);
}

/// Updated limits keep the period.
#[tokio::test(start_paused = true)]
async fn an_update_keeps_the_period() {
    let queue = InMemoryQueue::default().with_period(SECOND);
    queue.update(4, 10, secs(60), 10);
    assert_eq!(queue.period(), SECOND);
}

#[tokio::test(start_paused = true)]
async fn wait_turn_tells_the_bucket_and_the_sessions_left_and_a_reserve_parks() {
    let queue = InMemoryQueue::new(4, 3, secs(60), 10).with_reserve(1);
    assert_eq!(queue.reserve(), 1);
    let first = queue.wait_turn(6).await;
    assert_eq!((first.bucket, first.remaining), (2, 2));
    let second = queue.wait_turn(1).await;
    assert_eq!((second.bucket, second.remaining), (1, 1));
    // Down to the reserve: the next turn waits for the reset.
    assert_eq!(queue.parked_for(), Some(secs(60)));
    let start = Instant::now();
    let third = queue.wait_turn(0);
    assert!(third.ticket() > 0);
    let third = third.await;
    assert_eq!(start.elapsed(), secs(60));
    assert_eq!(third.remaining, 9);
    assert_eq!(queue.parked_for(), None);
    assert_eq!(queue.waiting_by_bucket(), Vec::new());
}
