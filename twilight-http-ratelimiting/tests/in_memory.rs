//! The in-memory limiter's decisions, on tokio's paused clock: every wait is
//! virtual time, so timings are exact and nothing sleeps for real.

use std::{
    sync::{Arc, Mutex},
    time::Duration,
};
use tokio::time::{Instant, timeout};
use twilight_http_ratelimiting::{
    Endpoint, InMemoryRateLimiter, Method, Outcome, RateLimitHeaders, RateLimiter, Scope,
};

const MESSAGES: &str = "/channels/{channel_id}/messages";
const MESSAGE: &str = "/channels/{channel_id}/messages/{message_id}";
const CALLBACK: &str = "/interactions/{interaction_id}/{interaction_token}/callback";
const MARGIN: Duration = Duration::from_millis(50);

fn create(channel: u64) -> Endpoint {
    Endpoint::new(Method::Post, MESSAGES).major(channel)
}

/// A 2xx response of a bucket.
fn ok(hash: &str, limit: u32, remaining: u32, reset_after: Duration) -> Outcome {
    Outcome {
        status: 200,
        headers: RateLimitHeaders {
            bucket: Some(hash.into()),
            limit: Some(limit),
            remaining: Some(remaining),
            reset_after: Some(reset_after),
            ..RateLimitHeaders::default()
        },
    }
}

fn too_many(scope: Scope, retry_after: Duration, remaining: Option<u32>) -> Outcome {
    Outcome {
        status: 429,
        headers: RateLimitHeaders {
            bucket: remaining.map(|_| "h".into()),
            limit: remaining.map(|_| 5),
            remaining,
            reset_after: remaining.map(|_| retry_after),
            global: scope == Scope::Global,
            scope: Some(scope),
            retry_after: Some(retry_after),
        },
    }
}

fn status(status: u16) -> Outcome {
    Outcome {
        status,
        headers: RateLimitHeaders::default(),
    }
}

/// Whether `acquire` is still waiting after `wait` of virtual time; the
/// future keeps its place either way.
async fn pending_for(acquire: &mut twilight_http_ratelimiting::Acquire, wait: Duration) -> bool {
    timeout(wait, acquire).await.is_err()
}

const S: fn(u64) -> Duration = Duration::from_secs;

#[tokio::test(start_paused = true)]
async fn requests_in_one_bucket_are_granted_in_order() {
    let limiter = InMemoryRateLimiter::new();
    let order = Arc::new(Mutex::new(Vec::new()));
    // Asked for in order 0..8, polled in reverse.
    let acquires: Vec<_> = (0..8).map(|_| limiter.acquire(create(1))).collect();
    let mut tasks = Vec::new();
    for (index, acquire) in acquires.into_iter().enumerate().rev() {
        let order = Arc::clone(&order);
        tasks.push(tokio::spawn(async move {
            let permit = acquire.await;
            order.lock().unwrap().push(index);
            tokio::time::sleep(Duration::from_millis(10)).await;
            permit.complete(ok("h", 2, 1, S(1)));
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    assert_eq!(*order.lock().unwrap(), (0..8).collect::<Vec<_>>());
}

#[tokio::test(start_paused = true)]
async fn routes_sharing_a_hash_share_a_bucket() {
    let limiter = InMemoryRateLimiter::new();
    let edit = Endpoint::new(Method::Patch, MESSAGE).major(1);
    let delete = Endpoint::new(Method::Delete, MESSAGE).major(1);

    limiter
        .acquire(edit.clone())
        .await
        .complete(ok("shared", 2, 1, S(10)));
    // The second route is not known to share yet: its first request learns.
    limiter
        .acquire(delete.clone())
        .await
        .complete(ok("shared", 2, 0, S(10)));

    let on_edit = limiter.bucket(&edit).unwrap();
    assert_eq!(on_edit, limiter.bucket(&delete).unwrap());
    assert_eq!(on_edit.hash.as_deref(), Some("shared"));
    assert_eq!(on_edit.remaining, Some(0));

    // The delete used the window's last request: the edit waits for the reset.
    let start = Instant::now();
    let mut next_edit = limiter.acquire(edit.clone());
    assert!(pending_for(&mut next_edit, S(9)).await);
    drop(next_edit.await);
    assert!(start.elapsed() >= S(10));
}

#[tokio::test(start_paused = true)]
async fn waiters_of_a_route_move_into_the_bucket_it_turns_out_to_share() {
    let limiter = InMemoryRateLimiter::new();
    let edit = Endpoint::new(Method::Patch, MESSAGE).major(1);
    let delete = Endpoint::new(Method::Delete, MESSAGE).major(1);
    let start = Instant::now();
    limiter
        .acquire(edit.clone())
        .await
        .complete(ok("shared", 3, 0, S(10)));

    let learner = limiter.acquire(delete.clone()).await;
    let mut queued = limiter.acquire(delete.clone());
    assert!(pending_for(&mut queued, S(1)).await);
    // Discord counted the learner in the shared window anyway (429 aside).
    learner.complete(ok("shared", 3, 0, S(9)));
    assert_eq!(limiter.bucket(&edit).unwrap().queued, 1);
    drop(queued.await);
    assert_eq!(start.elapsed(), S(10) + MARGIN);
}

#[tokio::test(start_paused = true)]
async fn the_same_route_with_another_major_never_shares() {
    let limiter = InMemoryRateLimiter::new();
    limiter
        .acquire(create(1))
        .await
        .complete(ok("h", 5, 0, S(30)));
    // Channel 2 of the same route has its own bucket: granted at once.
    let start = Instant::now();
    let permit = limiter.acquire(create(2)).await;
    assert_eq!(start.elapsed(), Duration::ZERO);
    permit.complete(ok("h", 5, 4, S(5)));
    assert_eq!(limiter.bucket(&create(1)).unwrap().remaining, Some(0));
    assert_eq!(limiter.bucket(&create(2)).unwrap().remaining, Some(4));

    // A third channel: keyed by the hash already, still its own bucket.
    assert!(limiter.bucket(&create(3)).is_none());
    let start = Instant::now();
    drop(limiter.acquire(create(3)).await);
    assert_eq!(start.elapsed(), Duration::ZERO);
}

#[tokio::test(start_paused = true)]
async fn one_request_is_in_flight_while_a_bucket_is_learned() {
    let limiter = InMemoryRateLimiter::new();
    let learner = limiter.acquire(create(1)).await;
    let mut second = limiter.acquire(create(1));
    let mut third = limiter.acquire(create(1));
    // However long the first response takes, no one slips past.
    assert!(pending_for(&mut second, S(60)).await);
    assert!(pending_for(&mut third, Duration::ZERO).await);
    assert_eq!(limiter.bucket(&create(1)).unwrap().in_flight, 1);

    learner.complete(ok("h", 5, 4, S(5)));
    let start = Instant::now();
    let (second, third) = tokio::join!(second, third);
    assert_eq!(start.elapsed(), Duration::ZERO, "both fit in the window");
    assert_eq!(limiter.bucket(&create(1)).unwrap().in_flight, 2);
    drop((second, third));
}

#[tokio::test(start_paused = true)]
async fn remaining_and_reset_after_are_honoured() {
    let limiter = InMemoryRateLimiter::new();
    let start = Instant::now();
    limiter
        .acquire(create(1))
        .await
        .complete(ok("h", 3, 2, S(2)));
    let a = limiter.acquire(create(1)).await;
    let b = limiter.acquire(create(1)).await;
    assert_eq!(start.elapsed(), Duration::ZERO);
    a.complete(ok("h", 3, 1, S(2)));
    b.complete(ok("h", 3, 0, S(2)));
    assert_eq!(limiter.bucket(&create(1)).unwrap().remaining, Some(0));

    drop(limiter.acquire(create(1)).await);
    assert_eq!(start.elapsed(), S(2) + MARGIN);
}

#[tokio::test(start_paused = true)]
async fn late_answers_never_refill_a_window() {
    let limiter = InMemoryRateLimiter::new();
    limiter
        .acquire(create(1))
        .await
        .complete(ok("h", 4, 3, S(5)));
    let a = limiter.acquire(create(1)).await;
    let b = limiter.acquire(create(1)).await;
    // b was answered after a by Discord but its response arrives first.
    b.complete(ok("h", 4, 1, S(5)));
    a.complete(ok("h", 4, 2, S(5)));
    assert_eq!(limiter.bucket(&create(1)).unwrap().remaining, Some(1));
}

#[tokio::test(start_paused = true)]
async fn a_new_window_waits_for_the_old_windows_requests() {
    let limiter = InMemoryRateLimiter::new();
    limiter
        .acquire(create(1))
        .await
        .complete(ok("h", 2, 1, S(1)));
    let slow = limiter.acquire(create(1)).await;
    // The window resets while `slow` is in flight: it may still land in the
    // next window, so the next window is learned only after it is back.
    let mut next = limiter.acquire(create(1));
    assert!(pending_for(&mut next, S(5)).await);
    slow.complete(ok("h", 2, 0, S(1)));
    // Its answer is of the old window; the next request learns the new one.
    let learner = next.await;
    let mut after = limiter.acquire(create(1));
    assert!(pending_for(&mut after, S(5)).await);
    learner.complete(ok("h", 2, 1, S(1)));
    drop(after.await);
}

#[tokio::test(start_paused = true)]
async fn a_user_429_holds_the_bucket_for_retry_after_and_counts_as_invalid() {
    let limiter = InMemoryRateLimiter::new();
    let start = Instant::now();
    limiter
        .acquire(create(1))
        .await
        .complete(too_many(Scope::User, S(3), Some(0)));
    assert_eq!(limiter.invalid_requests(), 1);
    assert!(limiter.bucket(&create(1)).unwrap().blocked_for.is_some());
    // Another channel is not held.
    drop(limiter.acquire(create(2)).await);
    assert_eq!(start.elapsed(), Duration::ZERO);
    drop(limiter.acquire(create(1)).await);
    assert_eq!(start.elapsed(), S(3) + MARGIN);
}

#[tokio::test(start_paused = true)]
async fn a_shared_429_holds_the_bucket_and_is_not_invalid() {
    let limiter = InMemoryRateLimiter::new();
    let start = Instant::now();
    // The resource is limited although this bot's bucket has requests left.
    limiter
        .acquire(create(1))
        .await
        .complete(too_many(Scope::Shared, S(7), Some(4)));
    assert_eq!(limiter.invalid_requests(), 0);
    assert_eq!(limiter.invalid_requests_total(), 0);
    drop(limiter.acquire(create(1)).await);
    assert_eq!(start.elapsed(), S(7) + MARGIN);
}

#[tokio::test(start_paused = true)]
async fn a_global_429_holds_every_request_but_exempt_ones() {
    let limiter = InMemoryRateLimiter::new();
    let start = Instant::now();
    limiter
        .acquire(create(1))
        .await
        .complete(too_many(Scope::Global, S(2), None));
    assert!(limiter.global_locked());
    assert_eq!(limiter.invalid_requests(), 1);

    let callback = Endpoint::new(Method::Post, CALLBACK)
        .major(9)
        .global_exempt(true);
    drop(limiter.acquire(callback).await);
    assert_eq!(start.elapsed(), Duration::ZERO);

    drop(limiter.acquire(create(2)).await);
    assert_eq!(start.elapsed(), S(2) + MARGIN);
    assert!(!limiter.global_locked());
}

#[tokio::test(start_paused = true)]
async fn a_429_without_ratelimit_headers_holds_everything() {
    let limiter = InMemoryRateLimiter::new();
    let start = Instant::now();
    let mut page = status(429);
    page.headers.retry_after = Some(S(4));
    limiter.acquire(create(1)).await.complete(page);
    assert!(limiter.halted_for().is_some());
    let callback = Endpoint::new(Method::Post, CALLBACK)
        .major(9)
        .global_exempt(true);
    drop(limiter.acquire(callback).await);
    assert_eq!(start.elapsed(), S(4) + MARGIN);
}

/// The largest number of grants within any window of `window` length.
fn busiest(times: &mut [Instant], window: Duration) -> usize {
    times.sort();
    (0..times.len())
        .map(|i| {
            times[i..]
                .iter()
                .take_while(|&&t| t < times[i] + window)
                .count()
        })
        .max()
        .unwrap_or(0)
}

#[tokio::test(start_paused = true)]
async fn the_global_limit_is_held_ahead_of_time() {
    let limiter = InMemoryRateLimiter::new();
    let start = Instant::now();
    let acquires: Vec<_> = (0..200)
        .map(|channel| limiter.acquire(create(channel)))
        .collect();
    let mut tasks = Vec::new();
    for acquire in acquires {
        tasks.push(tokio::spawn(async move {
            let permit = acquire.await;
            let at = Instant::now();
            tokio::time::sleep(Duration::from_millis(30)).await;
            permit.complete(ok("h", 5, 4, S(5)));
            at
        }));
    }
    let mut times = Vec::new();
    for task in tasks {
        times.push(task.await.unwrap());
    }
    assert_eq!(busiest(&mut times, S(1)), 50);
    // 200 requests: four seconds' worth, three waits.
    assert!(start.elapsed() >= S(3));
}

#[tokio::test(start_paused = true)]
async fn global_slots_go_in_the_order_requests_were_asked_for() {
    let limiter = InMemoryRateLimiter::new();
    for channel in 0..50 {
        drop(limiter.acquire(create(channel)).await);
    }
    let order = Arc::new(Mutex::new(Vec::new()));
    let acquires: Vec<_> = (100..160)
        .map(|channel| limiter.acquire(create(channel)))
        .collect();
    // Polled in reverse: the order asked for still wins.
    let mut tasks = Vec::new();
    for (channel, acquire) in (100..160).zip(acquires).rev() {
        let order = Arc::clone(&order);
        tasks.push(tokio::spawn(async move {
            drop(acquire.await);
            order.lock().unwrap().push((channel, Instant::now()));
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let order = order.lock().unwrap();
    let channels: Vec<_> = order.iter().map(|&(channel, _)| channel).collect();
    assert_eq!(channels, (100..160).collect::<Vec<_>>());
    // 50 in the second window, 10 in the third.
    assert_eq!(order[49].1, order[0].1);
    assert!(order[50].1 > order[49].1);
}

#[tokio::test(start_paused = true)]
async fn a_raised_global_limit_is_used() {
    let limiter = InMemoryRateLimiter::builder().global_limit(120).build();
    let start = Instant::now();
    for channel in 0..120 {
        drop(limiter.acquire(create(channel)).await);
    }
    assert_eq!(start.elapsed(), Duration::ZERO);
    drop(limiter.acquire(create(500)).await);
    assert_eq!(start.elapsed(), S(1) + MARGIN);
}

#[tokio::test(start_paused = true)]
async fn exempt_endpoints_ignore_the_global_limit() {
    let limiter = InMemoryRateLimiter::new();
    let start = Instant::now();
    for channel in 0..50 {
        drop(limiter.acquire(create(channel)).await);
    }
    let mut held = limiter.acquire(create(100));
    assert!(pending_for(&mut held, Duration::from_millis(500)).await);
    for interaction in 0..20 {
        let callback = Endpoint::new(Method::Post, CALLBACK)
            .major(interaction)
            .global_exempt(true);
        drop(limiter.acquire(callback).await);
    }
    let webhook = Endpoint::new(Method::Post, "/webhooks/{webhook_id}/{webhook_token}")
        .webhook(7, "secret")
        .global_exempt(true);
    drop(limiter.acquire(webhook).await);
    assert_eq!(start.elapsed(), Duration::from_millis(500));
    drop(held.await);
    assert_eq!(start.elapsed(), S(1) + MARGIN);
}

#[tokio::test(start_paused = true)]
async fn a_cancelled_request_gives_its_place_back() {
    let limiter = InMemoryRateLimiter::new();
    let learner = limiter.acquire(create(1)).await;
    let mut first = limiter.acquire(create(1));
    let second = limiter.acquire(create(1));
    assert!(pending_for(&mut first, S(1)).await);
    assert_eq!(limiter.bucket(&create(1)).unwrap().queued, 2);
    drop(first);
    assert_eq!(limiter.bucket(&create(1)).unwrap().queued, 1);

    // The cancelled head took no place: the next one learns at once.
    drop(learner);
    let start = Instant::now();
    let learner = second.await;
    assert_eq!(start.elapsed(), Duration::ZERO);
    assert_eq!(limiter.bucket(&create(1)).unwrap().in_flight, 1);
    drop(learner);
}

#[tokio::test(start_paused = true)]
async fn a_request_cancelled_while_waiting_for_the_global_limit_frees_its_turn() {
    let limiter = InMemoryRateLimiter::new();
    for channel in 0..50 {
        drop(limiter.acquire(create(channel)).await);
    }
    let mut first = limiter.acquire(create(100));
    let second = limiter.acquire(create(101));
    assert!(pending_for(&mut first, Duration::from_millis(100)).await);
    drop(first);
    let start = Instant::now();
    drop(second.await);
    assert!(start.elapsed() <= S(1) + MARGIN);
    // One slot was used after the window, not two.
    assert_eq!(limiter.bucket(&create(100)).unwrap().in_flight, 0);
}

#[tokio::test(start_paused = true)]
async fn a_dropped_permit_frees_the_bucket() {
    let limiter = InMemoryRateLimiter::new();
    let learner = limiter.acquire(create(1)).await;
    let mut next = limiter.acquire(create(1));
    let mut after = limiter.acquire(create(1));
    assert!(pending_for(&mut next, S(1)).await);
    // No response (timeout, connection error): the next request learns.
    drop(learner);
    let learner = next.await;
    assert!(pending_for(&mut after, S(1)).await);
    learner.complete(ok("h", 5, 4, S(5)));
    drop(after.await);

    // A known window whose permits are all dropped is not stuck either.
    let limiter = InMemoryRateLimiter::new();
    limiter
        .acquire(create(1))
        .await
        .complete(ok("h", 1, 1, S(1)));
    drop(limiter.acquire(create(1)).await);
    let start = Instant::now();
    drop(limiter.acquire(create(1)).await);
    assert_eq!(start.elapsed(), S(1) + MARGIN);
}

#[tokio::test(start_paused = true)]
async fn the_invalid_request_guard_stops_sending_at_its_threshold() {
    let limiter = InMemoryRateLimiter::builder()
        .invalid_request_limit(3)
        .build();
    // Shared 429s are not counted.
    limiter
        .acquire(create(10))
        .await
        .complete(too_many(Scope::Shared, S(1), Some(3)));
    let start = Instant::now();
    for channel in 0..3 {
        limiter.acquire(create(channel)).await.complete(status(403));
    }
    assert_eq!(limiter.invalid_requests(), 3);
    assert!(limiter.invalid_guard_for().is_some());

    let mut held = limiter.acquire(create(20));
    assert!(pending_for(&mut held, S(9 * 60)).await);
    drop(held.await);
    assert_eq!(start.elapsed(), S(10 * 60));
    assert_eq!(limiter.invalid_requests(), 0);
    assert_eq!(limiter.invalid_requests_total(), 3);
}

#[tokio::test(start_paused = true)]
async fn a_401_on_a_bot_route_marks_the_token_invalid() {
    let limiter = InMemoryRateLimiter::new();
    let webhook = Endpoint::new(Method::Post, "/webhooks/{webhook_id}/{webhook_token}")
        .webhook(7, "wrong")
        .global_exempt(true);
    limiter.acquire(webhook).await.complete(status(401));
    assert!(
        !limiter.unauthorized(),
        "a webhook token's 401 is not the bot's"
    );
    limiter.acquire(create(1)).await.complete(status(401));
    assert!(limiter.unauthorized());
    // Also through the trait, for a client holding any limiter.
    let shared: Arc<dyn RateLimiter> = Arc::new(limiter.clone());
    assert!(shared.unauthorized());
    assert_eq!(limiter.invalid_requests(), 2);
}

#[tokio::test(start_paused = true)]
async fn idle_buckets_are_dropped() {
    let limiter = InMemoryRateLimiter::builder()
        .bucket_idle_timeout(S(60))
        .build();
    for channel in 0..100 {
        limiter
            .acquire(create(channel))
            .await
            .complete(ok("h", 5, 4, S(1)));
    }
    // One bucket still held by a long 429.
    limiter
        .acquire(create(500))
        .await
        .complete(too_many(Scope::Shared, S(600), Some(4)));
    assert_eq!(limiter.bucket_count(), 101);

    tokio::time::sleep(S(61)).await;
    drop(limiter.acquire(create(1000)).await);
    assert_eq!(
        limiter.bucket_count(),
        2,
        "the 429'd bucket and the new one"
    );
    assert!(limiter.bucket(&create(500)).is_some());
    assert!(limiter.bucket(&create(0)).is_none());
}

#[tokio::test(start_paused = true)]
async fn a_route_without_ratelimit_headers_is_not_held() {
    let limiter = InMemoryRateLimiter::new();
    let gateway = Endpoint::new(Method::Get, "/gateway");
    limiter.acquire(gateway.clone()).await.complete(status(200));
    assert!(limiter.bucket(&gateway).unwrap().unlimited);
    let a = limiter.acquire(gateway.clone()).await;
    let b = limiter.acquire(gateway.clone()).await;
    assert_eq!(limiter.bucket(&gateway).unwrap().in_flight, 2);
    drop((a, b));

    // A server error without headers teaches nothing: still one at a time.
    let guild = Endpoint::new(Method::Get, "/guilds/{guild_id}").major(3);
    limiter.acquire(guild.clone()).await.complete(status(502));
    let learner = limiter.acquire(guild.clone()).await;
    let mut next = limiter.acquire(guild.clone());
    assert!(pending_for(&mut next, S(1)).await);
    drop(learner);
    drop(next.await);
}

#[test]
fn built_without_a_runtime_and_debug_shows_no_secret() {
    let limiter = InMemoryRateLimiter::builder().global_limit(500).build();
    let acquire = limiter.acquire(
        Endpoint::new(Method::Post, "/webhooks/{webhook_id}/{webhook_token}")
            .webhook(1, "very-secret-token"),
    );
    let debug = format!("{limiter:?}");
    assert!(debug.contains("global_limit: 500"), "{debug}");
    assert!(!debug.contains("very-secret-token"));
    drop(acquire);
    assert_eq!(limiter.bucket_count(), 1);
}

/// A deterministic pseudo-random sequence (no dependency needed).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }
}

#[tokio::test(start_paused = true)]
async fn a_mix_of_everything_never_stalls() {
    for seed in 1..=30 {
        mix(seed).await;
    }
}

/// Cancellations, dropped permits, 429s and routes sharing hashes, at
/// random: every request is granted or given up, and nothing is left.
async fn mix(seed: u64) {
    let limiter = InMemoryRateLimiter::new();
    let mut random = Lcg(seed);
    let mut tasks = Vec::new();
    for i in 0..600_u64 {
        let route = if random.next(2) == 0 {
            MESSAGE
        } else {
            MESSAGES
        };
        let method = [Method::Get, Method::Post, Method::Patch][random.next(3) as usize];
        let endpoint = Endpoint::new(method, route).major(random.next(6));
        let fate = random.next(10);
        let remaining = random.next(4) as u32;
        let latency = Duration::from_millis(random.next(300));
        // Some routes turn out to share a hash.
        let hash = if method == Method::Post {
            "post"
        } else {
            "other"
        };
        let acquire = limiter.acquire(endpoint);
        tasks.push(tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(i * 3)).await;
            let mut acquire = acquire;
            if fate == 0 {
                // Gives up waiting.
                let _ = timeout(Duration::from_millis(50), &mut acquire).await;
                return;
            }
            let permit = acquire.await;
            tokio::time::sleep(latency).await;
            match fate {
                1 => drop(permit),
                2 => permit.complete(too_many(Scope::User, S(1), Some(0))),
                3 => permit.complete(too_many(Scope::Shared, S(2), Some(remaining))),
                _ => permit.complete(ok(hash, 4, remaining, Duration::from_millis(700))),
            }
        }));
    }
    timeout(S(3600), async {
        for task in tasks {
            task.await.unwrap();
        }
    })
    .await
    .unwrap_or_else(|_| panic!("seed {seed}: a request was never granted"));
    for route in [MESSAGE, MESSAGES] {
        for method in [Method::Get, Method::Post, Method::Patch] {
            for major in 0..6 {
                if let Some(bucket) = limiter.bucket(&Endpoint::new(method, route).major(major)) {
                    assert_eq!((bucket.queued, bucket.in_flight), (0, 0), "seed {seed}");
                }
            }
        }
    }
}

#[tokio::test(start_paused = true)]
async fn a_global_slot_is_reused_a_second_after_its_response() {
    let limiter = InMemoryRateLimiter::builder()
        .global_limit(2)
        .margin(Duration::ZERO)
        .build();
    let start = Instant::now();
    let slow = limiter.acquire(create(1)).await;
    let fast = limiter.acquire(create(2)).await;
    let third = tokio::spawn(limiter.acquire(create(3)));
    let fourth = tokio::spawn(limiter.acquire(create(4)));
    tokio::time::sleep(Duration::from_millis(100)).await;
    drop(fast);
    tokio::time::sleep(Duration::from_millis(300)).await;
    slow.complete(ok("h", 5, 4, S(5)));
    // Both were granted at 0 but may have reached Discord as late as their
    // completions: the slots come back a second after those.
    drop(third.await.unwrap());
    assert_eq!(start.elapsed(), Duration::from_millis(1100));
    drop(fourth.await.unwrap());
    assert_eq!(start.elapsed(), Duration::from_millis(1400));
}

#[tokio::test(start_paused = true)]
async fn a_request_in_flight_holds_its_global_slot() {
    let limiter = InMemoryRateLimiter::builder().global_limit(1).build();
    let start = Instant::now();
    let slow = limiter.acquire(create(1)).await;
    let mut next = limiter.acquire(create(2));
    assert!(pending_for(&mut next, S(5)).await);
    // Exempt requests hold no slot and wait for none.
    let callback = Endpoint::new(Method::Post, CALLBACK)
        .major(9)
        .global_exempt(true);
    drop(limiter.acquire(callback).await);
    assert_eq!(start.elapsed(), S(5));
    // No response (a timeout): the request may still have arrived just now.
    drop(slow);
    drop(next.await);
    assert_eq!(start.elapsed(), S(6) + MARGIN);
}

/// A request's life as the limiter saw it: granted, then completed.
#[derive(Clone, Copy, Debug)]
struct Life {
    granted: Instant,
    completed: Instant,
}

/// The most requests that could have reached Discord within one second:
/// each arrived somewhere in `[granted, completed]`, so the worst case is
/// the most lives overlapping `[granted, completed + 1 s)` at one instant.
/// Overlaps only grow at a grant, so checking at each grant is enough.
fn worst_second(lives: &[Life]) -> usize {
    lives
        .iter()
        .map(|at| {
            lives
                .iter()
                .filter(|life| life.granted <= at.granted && at.granted < life.completed + S(1))
                .count()
        })
        .max()
        .unwrap_or(0)
}

#[tokio::test(start_paused = true)]
async fn no_second_at_discord_holds_more_than_the_global_limit_whatever_the_delays() {
    for seed in 1..=12 {
        global_under_random_delays(seed).await;
    }
}

/// Bursts of requests on separate buckets, exempt ones among them, each
/// answered (or given up) after 0–400 ms: the global log bounds every
/// second at Discord without help from the margin.
async fn global_under_random_delays(seed: u64) {
    const LIMIT: u32 = 20;
    let limiter = InMemoryRateLimiter::builder()
        .global_limit(LIMIT)
        .margin(Duration::ZERO)
        .build();
    let mut random = Lcg(seed);
    let mut tasks = Vec::new();
    for i in 0..300_u64 {
        let exempt = random.next(10) == 0;
        let endpoint = if exempt {
            Endpoint::new(Method::Post, CALLBACK)
                .major(i)
                .global_exempt(true)
        } else {
            create(i)
        };
        // Bursts: most requests are asked for at once, a few later.
        let asked = Duration::from_millis(random.next(4) * 700);
        let latency = Duration::from_millis(random.next(401));
        let answered = random.next(4) != 0;
        let limiter = limiter.clone();
        tasks.push(tokio::spawn(async move {
            tokio::time::sleep(asked).await;
            let asked = Instant::now();
            let permit = limiter.acquire(endpoint).await;
            let granted = Instant::now();
            tokio::time::sleep(latency).await;
            let completed = Instant::now();
            if answered {
                permit.complete(ok("h", 5, 4, S(5)));
            } else {
                drop(permit);
            }
            (exempt, asked, Life { granted, completed })
        }));
    }
    let mut lives = Vec::new();
    for task in tasks {
        let (exempt, asked, life) = task.await.unwrap();
        if exempt {
            assert_eq!(life.granted, asked, "seed {seed}: an exempt request waited");
        } else {
            lives.push(life);
        }
    }
    assert_eq!(
        worst_second(&lives),
        LIMIT as usize,
        "seed {seed}: the limit is reached, never exceeded"
    );
    // And for arrivals picked anywhere in [grant, completion].
    let mut random = Lcg(seed + 1000);
    for _ in 0..20 {
        let mut arrivals: Vec<Instant> = lives
            .iter()
            .map(|life| {
                let span = (life.completed - life.granted).as_millis() as u64;
                life.granted + Duration::from_millis(random.next(span + 1))
            })
            .collect();
        assert!(
            busiest(&mut arrivals, S(1)) <= LIMIT as usize,
            "seed {seed}"
        );
    }
}
