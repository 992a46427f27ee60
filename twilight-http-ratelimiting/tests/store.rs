//! `StoreRateLimiter` over `MemoryStore`, on tokio's paused clock: the
//! store contract that a shared store (the proxy's Redis) follows.

use std::{sync::Arc, time::Duration};
use tokio::time::{Instant, timeout};
use twilight_http_ratelimiting::{
    Endpoint, MemoryStore, Method, Outcome, RateLimitHeaders, RateLimiter, StoreRateLimiter,
    rules::Effects,
    store::{Decision, Limits, Store, StoreError, StoreFuture, StoreGrant, StoreKey, WaitReason},
};

const MESSAGES: &str = "/channels/{channel_id}/messages";

fn window(remaining: u32, reset_after: &str) -> Outcome {
    let remaining = remaining.to_string();
    let headers = RateLimitHeaders::from_pairs([
        ("x-ratelimit-bucket", b"hash".as_slice()),
        ("x-ratelimit-limit", b"5"),
        ("x-ratelimit-remaining", remaining.as_bytes()),
        ("x-ratelimit-reset-after", reset_after.as_bytes()),
    ])
    .unwrap();
    Outcome {
        status: 200,
        headers,
    }
}

fn limiter(store: MemoryStore, global_limit: u32) -> StoreRateLimiter {
    StoreRateLimiter::new(
        Arc::new(store),
        Limits {
            global_limit,
            margin: Duration::ZERO,
            global_window: Duration::from_secs(1),
            ..Limits::default()
        },
    )
}

async fn granted_within(limiter: &StoreRateLimiter, endpoint: &Endpoint, wait: Duration) -> bool {
    match timeout(wait, limiter.acquire(endpoint.clone())).await {
        Ok(permit) => {
            std::mem::forget(permit);
            true
        }
        Err(_) => false,
    }
}

#[tokio::test(start_paused = true)]
async fn one_request_learns_then_remaining_go_at_once() {
    let limiter = limiter(MemoryStore::new(), 0);
    let endpoint = Endpoint::new(Method::Post, MESSAGES).major(1);
    let first = limiter.acquire(endpoint.clone()).await;
    // The window is unknown: the second waits for the first's headers.
    assert!(!granted_within(&limiter, &endpoint, Duration::from_millis(100)).await);
    first.complete_async(window(3, "2")).await;
    let start = Instant::now();
    for _ in 0..3 {
        assert!(granted_within(&limiter, &endpoint, Duration::from_millis(1)).await);
    }
    // The window is spent: the next waits for the reset, 2 s after the response.
    let permit = limiter.acquire(endpoint.clone()).await;
    let waited = start.elapsed();
    assert!(waited >= Duration::from_millis(1_800), "{waited:?}");
    drop(permit);
    // Another channel is another bucket, even with the hash learned.
    let other = Endpoint::new(Method::Post, MESSAGES).major(2);
    assert!(granted_within(&limiter, &other, Duration::from_millis(1)).await);
}

#[tokio::test(start_paused = true)]
async fn the_global_limit_counts_a_second_after_completion() {
    let limiter = limiter(MemoryStore::new(), 2);
    let unlimited = Outcome {
        status: 200,
        headers: RateLimitHeaders::default(),
    };
    let a = limiter.acquire(Endpoint::new(Method::Get, "/a")).await;
    let b = limiter.acquire(Endpoint::new(Method::Get, "/b")).await;
    assert!(
        !granted_within(
            &limiter,
            &Endpoint::new(Method::Get, "/c"),
            Duration::from_millis(500)
        )
        .await
    );
    let done = Instant::now();
    a.complete_async(unlimited.clone()).await;
    b.complete_async(unlimited).await;
    let c = limiter.acquire(Endpoint::new(Method::Get, "/c")).await;
    assert!(
        done.elapsed() >= Duration::from_secs(1),
        "{:?}",
        done.elapsed()
    );
    drop(c);
    // Exempt routes do not wait for the global limit.
    let exempt = Endpoint::new(
        Method::Post,
        "/interactions/{interaction_id}/{interaction_token}/callback",
    )
    .webhook(1, "token")
    .global_exempt(true);
    let _x = limiter.acquire(Endpoint::new(Method::Get, "/d")).await;
    assert!(granted_within(&limiter, &exempt, Duration::from_millis(1)).await);
}

#[tokio::test(start_paused = true)]
async fn invalid_requests_are_counted_across_bots_sharing_an_ip() {
    let one = MemoryStore::new();
    let two = one.sharing_ip_limits();
    let limits = Limits {
        invalid_limit: 3,
        global_limit: 0,
        ..Limits::default()
    };
    let one = StoreRateLimiter::new(Arc::new(one), limits);
    let two = StoreRateLimiter::new(Arc::new(two), limits);
    let forbidden = Outcome {
        status: 403,
        headers: RateLimitHeaders::default(),
    };
    for n in 0..3 {
        let limiter = if n % 2 == 0 { &one } else { &two };
        let endpoint = Endpoint::new(Method::Get, "/guilds/{guild_id}").major(n);
        limiter
            .acquire(endpoint)
            .await
            .complete_async(forbidden.clone())
            .await;
    }
    // Three invalid requests from two tokens: both stop.
    let endpoint = Endpoint::new(Method::Get, "/users/@me");
    assert!(!granted_within(&one, &endpoint, Duration::from_secs(60)).await);
    assert!(!granted_within(&two, &endpoint, Duration::from_secs(60)).await);
    // Until the ten minutes have passed.
    assert!(granted_within(&two, &endpoint, Duration::from_secs(600)).await);
}

#[tokio::test(start_paused = true)]
async fn a_401_marks_the_token_and_a_429_holds_its_scope() {
    let limiter = limiter(MemoryStore::new(), 0);
    let endpoint = Endpoint::new(Method::Get, "/users/@me");
    let headers = RateLimitHeaders::from_pairs([
        ("x-ratelimit-global", b"true".as_slice()),
        ("retry-after", b"2"),
    ])
    .unwrap();
    limiter
        .acquire(endpoint.clone())
        .await
        .complete_async(Outcome {
            status: 429,
            headers,
        })
        .await;
    let start = Instant::now();
    drop(limiter.acquire(Endpoint::new(Method::Get, "/other")).await);
    // global_limit 0 turns the ahead-of-time limit off, so only buckets wait.
    assert!(start.elapsed() < Duration::from_secs(2));
    assert!(!limiter.unauthorized());
    let unauthorized = Outcome {
        status: 401,
        headers: RateLimitHeaders::default(),
    };
    limiter
        .acquire(endpoint)
        .await
        .complete_async(unauthorized)
        .await;
    assert!(limiter.unauthorized());
}

#[derive(Debug)]
struct Down;

impl Store for Down {
    fn acquire<'a>(&'a self, _: &'a StoreKey, _: &'a Limits) -> StoreFuture<'a, Decision> {
        Box::pin(async { Err(StoreError::new("connection refused")) })
    }

    fn complete<'a>(
        &'a self,
        _: &'a StoreGrant,
        _: Option<&'a Effects>,
        _: &'a Limits,
    ) -> StoreFuture<'a, ()> {
        Box::pin(async { Err(StoreError::new("connection refused")) })
    }
}

#[tokio::test(start_paused = true)]
async fn a_failing_store_fails_closed() {
    let limiter = StoreRateLimiter::new(Arc::new(Down), Limits::default());
    let endpoint = Endpoint::new(Method::Get, "/users/@me");
    assert!(!granted_within(&limiter, &endpoint, Duration::from_secs(30)).await);
}

#[tokio::test(start_paused = true)]
async fn a_deadline_refuses_a_known_long_wait_at_once() {
    let limiter = limiter(MemoryStore::new(), 0);
    let endpoint = Endpoint::new(Method::Post, MESSAGES).major(1);
    limiter
        .acquire(endpoint.clone())
        .await
        .complete_async(window(0, "5"))
        .await;
    let start = Instant::now();
    let refused = limiter
        .acquire_within(endpoint.clone(), start + Duration::from_secs(1))
        .await
        .unwrap_err();
    // Refused without waiting: the reset is 5 s away, past the 1 s bound.
    assert_eq!(start.elapsed(), Duration::ZERO);
    assert_eq!(refused.reason, WaitReason::Bucket);
    assert_eq!(refused.retry_after, Duration::from_secs(5));
    // A bound past the reset waits for it.
    let permit = limiter
        .acquire_within(endpoint, start + Duration::from_secs(6))
        .await;
    assert!(permit.is_ok());
    assert!(start.elapsed() >= Duration::from_secs(5));
}

#[tokio::test(start_paused = true)]
async fn the_invalid_request_guard_refuses_at_once() {
    let limits = Limits {
        invalid_limit: 1,
        ..Limits::default()
    };
    let limiter = StoreRateLimiter::new(Arc::new(MemoryStore::new()), limits);
    let forbidden = Outcome {
        status: 403,
        headers: RateLimitHeaders::default(),
    };
    let endpoint = Endpoint::new(Method::Get, "/guilds/{guild_id}").major(1);
    limiter
        .acquire(endpoint.clone())
        .await
        .complete_async(forbidden)
        .await;
    let start = Instant::now();
    let refused = limiter
        .acquire_within(endpoint, start + Duration::from_secs(3600))
        .await
        .unwrap_err();
    assert_eq!(start.elapsed(), Duration::ZERO);
    assert_eq!(refused.reason, WaitReason::InvalidRequests);
}

/// A store shared by two limiters, as by two processes of one bot.
#[derive(Debug, Clone)]
struct Shared(Arc<MemoryStore>);

impl Store for Shared {
    fn acquire<'a>(&'a self, key: &'a StoreKey, limits: &'a Limits) -> StoreFuture<'a, Decision> {
        self.0.acquire(key, limits)
    }

    fn complete<'a>(
        &'a self,
        grant: &'a StoreGrant,
        effects: Option<&'a Effects>,
        limits: &'a Limits,
    ) -> StoreFuture<'a, ()> {
        self.0.complete(grant, effects, limits)
    }
}

#[tokio::test(start_paused = true)]
async fn a_401_seen_by_one_process_stops_the_token_in_every_process() {
    let store = Shared(Arc::new(MemoryStore::new()));
    let limiter =
        |store: &Shared| StoreRateLimiter::new(Arc::new(store.clone()), Limits::default());
    let (first, second, third) = (limiter(&store), limiter(&store), limiter(&store));
    let me = Endpoint::new(Method::Get, "/users/@me");
    first
        .acquire(me.clone())
        .await
        .complete_async(Outcome {
            status: 401,
            headers: RateLimitHeaders::default(),
        })
        .await;
    assert!(first.unauthorized());
    assert!(!second.unauthorized(), "nothing told the second one yet");

    // The second process asks the store, which refuses at once instead of
    // letting the refused token go out again.
    let refusal = second
        .acquire_within(me.clone(), Instant::now() + Duration::from_secs(60))
        .await
        .unwrap_err();
    assert_eq!(refusal.reason, WaitReason::Unauthorized);
    assert!(second.unauthorized());
    // Without a deadline `acquire` ends at once too, with the flag set for
    // the client to check before sending.
    assert!(granted_within(&third, &me, Duration::from_millis(1)).await);
    assert!(third.unauthorized());
    // An exempt request (a webhook token, not the bot's) still goes.
    let webhook = Endpoint::new(Method::Post, "/webhooks/{webhook_id}/{webhook_token}")
        .webhook(1, "token")
        .global_exempt(true);
    assert!(granted_within(&second, &webhook, Duration::from_millis(1)).await);
}

#[tokio::test(start_paused = true)]
async fn a_request_waiting_for_the_learner_goes_when_its_response_comes() {
    // A poll far longer than the response takes: the waiting request must
    // be woken by the completion, not by the poll.
    let limiter = StoreRateLimiter::new(
        Arc::new(MemoryStore::new()),
        Limits {
            poll: Duration::from_secs(10),
            margin: Duration::ZERO,
            ..Limits::default()
        },
    );
    let endpoint = Endpoint::new(Method::Post, MESSAGES).major(1);
    let learner = limiter.acquire(endpoint.clone()).await;
    let start = Instant::now();
    let waiting = tokio::spawn({
        let (limiter, endpoint) = (limiter.clone(), endpoint.clone());
        async move {
            drop(limiter.acquire(endpoint).await);
            Instant::now()
        }
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(!waiting.is_finished(), "the window is not known yet");
    learner.complete_async(window(4, "5")).await;
    let granted_at = waiting.await.unwrap();
    assert_eq!(granted_at - start, Duration::from_millis(100));
}

#[tokio::test(start_paused = true)]
async fn a_bucket_waiting_for_its_reset_holds_no_other_bucket() {
    let limiter = limiter(MemoryStore::new(), 0);
    let spent = Endpoint::new(Method::Post, MESSAGES).major(1);
    limiter
        .acquire(spent.clone())
        .await
        .complete_async(window(0, "30"))
        .await;
    // Waits for the reset, holding its bucket's turn.
    let waiting = tokio::spawn({
        let (limiter, spent) = (limiter.clone(), spent.clone());
        async move { drop(limiter.acquire(spent).await) }
    });
    tokio::time::sleep(Duration::from_millis(1)).await;
    // However many other channels there are, none waits behind it.
    for channel in 2..3_000 {
        let endpoint = Endpoint::new(Method::Post, MESSAGES).major(channel);
        assert!(
            granted_within(&limiter, &endpoint, Duration::from_millis(1)).await,
            "channel {channel} waited behind channel 1"
        );
    }
    assert!(!waiting.is_finished());
}
