//! A custom `RateLimiter`: two clients (standing in for two processes of
//! one bot) share one set of buckets, so together they stay within
//! Discord's limits.
//!
//! The buckets live in a `Store` that stands in for shared state such as
//! Redis; each of its methods would be one round trip (a Lua script makes
//! `take` atomic). Not shown: the global limit (a counter per second in the
//! store) and keying by the `X-RateLimit-Bucket` hash once known.
//!
//! ```text
//! cargo run -p examples --bin custom-ratelimiter
//! DISCORD_TOKEN=... CHANNEL_ID=... cargo run -p examples --bin custom-ratelimiter
//! ```

use examples::{BoxError, Setup};
use std::{
    collections::HashMap,
    sync::{Arc, Mutex, PoisonError},
    time::Duration,
};
use tokio::time::Instant;
use twilight_http_ratelimiting::{Acquire, Endpoint, Outcome, Permit, RateLimiter};

/// Per bucket key: `None` while its first request is in flight (the others
/// wait for its headers), then the requests left and when the window
/// resets.
#[derive(Debug, Default)]
struct Store(Mutex<HashMap<String, Option<(u32, Instant)>>>);

impl Store {
    /// Takes a request from the bucket (`true`: it learns the bucket), or
    /// says how long to wait.
    fn take(&self, key: &str) -> Result<bool, Duration> {
        let mut buckets = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let now = Instant::now();
        match buckets.get_mut(key) {
            Some(None) => Err(Duration::from_millis(20)),
            Some(Some((remaining, reset_at))) if *reset_at > now => {
                if *remaining == 0 {
                    return Err(*reset_at - now);
                }
                *remaining -= 1;
                Ok(false)
            }
            // Unknown, or its window has reset: this request learns it.
            _ => {
                buckets.insert(key.to_owned(), None);
                Ok(true)
            }
        }
    }

    /// Writes what a response said (`None`: no response came). Within a
    /// window the store's own count is right: other requests may have left
    /// since this one, so only the learner's headers and 429s are used.
    fn learn(&self, key: String, learner: bool, outcome: Option<Outcome>) {
        let mut buckets = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let headers = outcome.map(|outcome| outcome.headers).unwrap_or_default();
        let now = Instant::now();
        if let Some(wait) = headers.retry_after {
            buckets.insert(key, Some((0, now + wait)));
        } else if learner {
            match (headers.remaining, headers.reset_after) {
                (Some(remaining), Some(wait)) => buckets.insert(key, Some((remaining, now + wait))),
                // No limits on this route, or no response: the next learns.
                _ => buckets.remove(&key),
            };
        }
    }
}

#[derive(Clone, Debug)]
struct SharedLimiter(Arc<Store>);

impl RateLimiter for SharedLimiter {
    fn acquire(&self, endpoint: Endpoint) -> Acquire {
        let store = Arc::clone(&self.0);
        // The route template and major parameter (never a token).
        let key = format!(
            "{} {} {:?}",
            endpoint.method(),
            endpoint.route(),
            endpoint.major_param()
        );
        Box::pin(async move {
            let learner = loop {
                match store.take(&key) {
                    Ok(learner) => break learner,
                    Err(wait) => tokio::time::sleep(wait).await,
                }
            };
            Permit::new(move |outcome| store.learn(key, learner, outcome))
        })
    }
}

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let setup = Setup::from_env(1, 5, 1.0).await?;
    let channel_id = setup.text_channel()?;
    if let Some(mock) = &setup.mock {
        // 3 messages per second per channel, so the limiter has to wait.
        mock.rest()
            .set_route_limit("messages.create", 3, Duration::from_secs(1));
    }
    let limiter: Arc<dyn RateLimiter> = Arc::new(SharedLimiter(Arc::default()));
    let clients = [0, 1].map(|_| {
        setup
            .http_builder()
            .ratelimiter(Some(Arc::clone(&limiter)))
            .build()
    });

    // Eight messages at once, half from each client.
    let started = std::time::Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for n in 0..8 {
        let client = clients[n % 2].clone();
        tasks.spawn(async move {
            client
                .create_message(channel_id)
                .content(format!("message {n}"))
                .await
        });
    }
    while let Some(sent) = tasks.join_next().await {
        sent??;
    }
    println!(
        "sent 8 messages through 2 clients in {:?}",
        started.elapsed()
    );
    if let Some(mock) = &setup.mock {
        println!("429s Discord answered: {}", mock.rest().stats().user_429);
    }
    Ok(())
}
