//! The Redis scripts follow `MemoryStore`, the store contract's reference:
//! the same sequence of grants and responses gets the same decisions from
//! both (real Redis at 127.0.0.1:6379).

use http_proxy_service::redis_store::RedisPool;
use std::time::Duration;
use twilight_http_ratelimiting::{
    Endpoint, MemoryStore, Method, Outcome, RateLimitHeaders,
    rules::Effects,
    store::{Decision, Limits, Store, StoreGrant, StoreKey, WaitReason},
};

/// What a decision says, without its exact durations (the clocks differ).
#[derive(Debug, PartialEq, Eq)]
enum Kind {
    Granted { learner: bool },
    Wait(WaitReason),
}

fn kind(decision: &Decision) -> Kind {
    match decision {
        Decision::Granted(grant) => Kind::Granted {
            learner: grant.learner,
        },
        Decision::Wait { reason, .. } => Kind::Wait(*reason),
    }
}

fn outcome(status: u16, pairs: &[(&str, &str)]) -> Outcome {
    let headers =
        RateLimitHeaders::from_pairs(pairs.iter().map(|(n, v)| (*n, v.as_bytes()))).unwrap();
    Outcome { status, headers }
}

/// Runs the script of steps on `store`; returns every decision's kind.
async fn run(store: &dyn Store) -> Vec<Kind> {
    let limits = Limits {
        global_limit: 3,
        invalid_limit: 2,
        margin: Duration::ZERO,
        global_window: Duration::from_secs(1),
        ..Limits::default()
    };
    let messages = Endpoint::new(Method::Post, "/channels/{channel_id}/messages").major(1);
    let key = StoreKey::of(&messages);
    let mut kinds = Vec::new();
    let mut acquire = async |key: &StoreKey| {
        let decision = store.acquire(key, &limits).await.unwrap();
        kinds.push(kind(&decision));
        match decision {
            Decision::Granted(grant) => Some(grant),
            Decision::Wait { .. } => None,
        }
    };
    let complete = async |grant: &StoreGrant, endpoint: &Endpoint, outcome: &Outcome| {
        let effects = Effects::of(endpoint, outcome, Duration::ZERO);
        store
            .complete(grant, Some(&effects), &limits)
            .await
            .unwrap();
    };
    // A new bucket: one learner, the next waits for it.
    let learner = acquire(&key).await.unwrap();
    assert!(acquire(&key).await.is_none());
    let window = outcome(
        200,
        &[
            ("x-ratelimit-bucket", "abc"),
            ("x-ratelimit-limit", "3"),
            ("x-ratelimit-remaining", "2"),
            ("x-ratelimit-reset-after", "30"),
        ],
    );
    complete(&learner, &messages, &window).await;
    // Two left in the window, then the bucket waits.
    let a = acquire(&key).await.unwrap();
    let b = acquire(&key).await.unwrap();
    // The global limit (3 per second): the learner's completion and two in
    // flight hold every slot.
    let other = StoreKey::of(&Endpoint::new(Method::Get, "/users/@me"));
    assert!(acquire(&other).await.is_none());
    complete(&a, &messages, &window).await;
    complete(&b, &messages, &window).await;
    assert!(acquire(&key).await.is_none());
    // An exempt route ignores the global limit.
    let webhook = Endpoint::new(Method::Post, "/webhooks/{webhook_id}/{webhook_token}")
        .webhook(5, "token")
        .global_exempt(true);
    let hook = acquire(&StoreKey::of(&webhook)).await.unwrap();
    // A shared 429 on the webhook holds its bucket, and is not invalid.
    let shared = outcome(
        429,
        &[
            ("x-ratelimit-scope", "shared"),
            ("retry-after", "60"),
            ("x-ratelimit-bucket", "w"),
        ],
    );
    complete(&hook, &webhook, &shared).await;
    assert!(acquire(&StoreKey::of(&webhook)).await.is_none());
    // Two invalid requests (403s) on another webhook: every request waits.
    let forbidden = outcome(403, &[]);
    for id in [6, 7] {
        let endpoint = Endpoint::new(Method::Get, "/webhooks/{webhook_id}/{webhook_token}")
            .webhook(id, "t")
            .global_exempt(true);
        let grant = acquire(&StoreKey::of(&endpoint)).await.unwrap();
        complete(&grant, &endpoint, &forbidden).await;
    }
    let fresh = Endpoint::new(Method::Get, "/webhooks/{webhook_id}/{webhook_token}")
        .webhook(8, "t")
        .global_exempt(true);
    assert!(acquire(&StoreKey::of(&fresh)).await.is_none());
    kinds
}

/// A 401 to the bot's token: its requests are refused, a webhook's are not.
async fn run_refused(store: &dyn Store) -> Vec<Kind> {
    let limits = Limits {
        invalid_limit: 0,
        margin: Duration::ZERO,
        ..Limits::default()
    };
    let me = Endpoint::new(Method::Get, "/users/@me");
    let webhook = Endpoint::new(Method::Post, "/webhooks/{webhook_id}/{webhook_token}")
        .webhook(5, "token")
        .global_exempt(true);
    let first = store.acquire(&StoreKey::of(&me), &limits).await.unwrap();
    let Decision::Granted(grant) = &first else {
        panic!("a new bucket grants its learner: {first:?}");
    };
    let effects = Effects::of(&me, &outcome(401, &[]), Duration::ZERO);
    store
        .complete(grant, Some(&effects), &limits)
        .await
        .unwrap();
    let mut kinds = vec![kind(&first)];
    for endpoint in [&me, &webhook] {
        let decision = store.acquire(&StoreKey::of(endpoint), &limits).await;
        kinds.push(kind(&decision.unwrap()));
    }
    kinds
}

#[tokio::test]
async fn redis_scripts_refuse_a_refused_token_as_the_memory_store_does() {
    let Some(url) = service_support::testing::require_redis().await else {
        return;
    };
    let memory = run_refused(&MemoryStore::new()).await;
    let prefix = service_support::testing::unique_prefix("proxy-parity-401");
    let pool = RedisPool::connect(&url, &prefix).await.unwrap();
    assert_eq!(run_refused(&pool.store(43)).await, memory);
    use Kind::*;
    assert_eq!(
        memory,
        [
            Granted { learner: true },
            Wait(WaitReason::Unauthorized),
            Granted { learner: true },
        ]
    );
}

#[tokio::test]
async fn redis_scripts_decide_as_the_memory_store_does() {
    let Some(url) = service_support::testing::require_redis().await else {
        return;
    };
    let memory = run(&MemoryStore::new()).await;
    let prefix = service_support::testing::unique_prefix("proxy-parity");
    let pool = RedisPool::connect(&url, &prefix).await.unwrap();
    let redis = run(&pool.store(42)).await;
    assert_eq!(redis, memory);
    use Kind::*;
    assert_eq!(
        memory,
        [
            Granted { learner: true },
            Wait(WaitReason::Learning),
            Granted { learner: false },
            Granted { learner: false },
            Wait(WaitReason::Global),
            Wait(WaitReason::Bucket),
            Granted { learner: true },
            Wait(WaitReason::Bucket),
            Granted { learner: true },
            Granted { learner: true },
            Wait(WaitReason::InvalidRequests),
        ]
    );
}
