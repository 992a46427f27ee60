//! 429s of each scope are retried after the wait Discord asks for, and the
//! request then succeeds; retries are bounded.

mod client_support;

use client_support::{
    RecordingLimiter, TOKEN, bounded, client, config, current_user_error, get_channel,
    get_current_user, mock, mock_with, spawn_all, text_channels,
};
use std::{sync::Arc, time::Duration};
use twilight_http::{Client, ErrorKind, marker::EmptyBody};
use twilight_http_ratelimiting::{InMemoryRateLimiter, RateLimiter, Scope};
use twilight_mock::{Mock, MockConfig};

#[tokio::test]
async fn without_a_limiter_a_429_waits_its_retry_after() {
    bounded(a_shared_429_is_waited_out(client)).await;
}

#[tokio::test]
async fn each_429_is_reported_to_the_limiter_and_retried() {
    bounded(async {
        let mock = mock().await;
        let limiter = RecordingLimiter::default();
        let record = Arc::clone(&limiter.record);
        // This limiter grants at once; what it records is what a real one
        // learns from (the 429s' scope and headers).
        let client = Client::builder()
            .token(TOKEN)
            .base_url(mock.rest_url())
            .ratelimiter(Some(Arc::new(limiter) as Arc<dyn RateLimiter>))
            .build();
        mock.rest()
            .inject_shared_ratelimit(Some("users.me"), 2, Duration::from_millis(50));
        let response = client
            .request::<EmptyBody>(get_current_user())
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let stats = mock.rest().stats();
        assert_eq!((stats.shared_429, stats.total), (2, 3));
        assert_eq!(stats.invalid_total, 0, "shared 429s are not invalid");

        let record = record.lock().unwrap();
        let scopes: Vec<_> = record
            .outcomes
            .iter()
            .map(|outcome| outcome.as_ref().unwrap().headers.scope)
            .collect();
        assert_eq!(scopes, [Some(Scope::Shared), Some(Scope::Shared), None]);
    })
    .await;
}

#[tokio::test]
async fn a_user_429_is_retried_after_the_bucket_resets() {
    bounded(async {
        let mock = mock().await;
        // Long enough that concurrent requests land in one window even on
        // a loaded machine, so they do collide.
        mock.rest()
            .set_route_limit("channel.get", 1, Duration::from_millis(600));
        let client = client(&mock);
        let channel = text_channels(&mock)[0];
        let results =
            spawn_all((0..4).map(|_| client.request::<EmptyBody>(get_channel(channel)))).await;
        assert!(results.iter().all(Result::is_ok), "{results:?}");
        let stats = mock.rest().stats();
        assert!(stats.user_429 > 0, "the test provoked user 429s: {stats:?}");
        assert_eq!(served(&mock), 4);
    })
    .await;
}

#[tokio::test]
async fn a_global_429_is_retried_after_the_window() {
    bounded(global_429s_are_waited_out(client)).await;
}

#[tokio::test]
async fn retries_are_bounded() {
    bounded(async {
        let mock = mock().await;
        mock.rest()
            .inject_shared_ratelimit(None, 100, Duration::from_millis(1));
        let client = Client::builder()
            .token(TOKEN)
            .base_url(mock.rest_url())
            .ratelimiter(None)
            .ratelimit_attempts(3)
            .build();
        let error = current_user_error(&client).await;
        assert!(matches!(error.kind(), ErrorKind::RateLimited), "{error:?}");
        assert_eq!(mock.rest().stats().total, 3);
    })
    .await;
}

/// A client with Discord's in-memory limiter, which waits out 429s itself.
fn limited_client(mock: &Mock) -> Client {
    Client::builder()
        .token(TOKEN)
        .base_url(mock.rest_url())
        .ratelimiter(Some(
            Arc::new(InMemoryRateLimiter::new()) as Arc<dyn RateLimiter>
        ))
        .build()
}

#[tokio::test]
async fn with_the_in_memory_limiter_a_shared_429_is_waited_out() {
    bounded(a_shared_429_is_waited_out(limited_client)).await;
}

#[tokio::test]
async fn with_the_in_memory_limiter_a_user_429_from_another_process_is_waited_out() {
    bounded(async {
        let mock = mock().await;
        // Long enough that both processes' first requests land in one
        // window even on a loaded machine.
        mock.rest()
            .set_route_limit("channel.get", 2, Duration::from_millis(800));
        let channel = text_channels(&mock)[0];
        // Two processes of one bot, each with its own limiter: each
        // believes it has the whole bucket.
        let (first, second) = (limited_client(&mock), limited_client(&mock));
        let requests = (0..6).map(|i| {
            let client = if i % 2 == 0 { &first } else { &second };
            client.request::<EmptyBody>(get_channel(channel))
        });
        let results = spawn_all(requests).await;
        assert!(results.iter().all(Result::is_ok), "{results:?}");
        let stats = mock.rest().stats();
        assert!(stats.user_429 > 0, "the processes collided: {stats:?}");
        assert_eq!(served(&mock), 6);
    })
    .await;
}

#[tokio::test]
async fn with_the_in_memory_limiter_a_global_429_is_waited_out() {
    bounded(global_429s_are_waited_out(limited_client)).await;
}

/// A shared 429 (one the limiter could not foresee) is retried once its
/// `Retry-After` has passed, and the request then succeeds.
async fn a_shared_429_is_waited_out(client: fn(&Mock) -> Client) {
    let mock = mock().await;
    let client = client(&mock);
    mock.rest()
        .inject_shared_ratelimit(Some("users.me"), 1, Duration::from_millis(300));
    client
        .request::<EmptyBody>(get_current_user())
        .await
        .unwrap();
    let log = mock.rest().requests();
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].status, 429);
    // A lower bound only: a loaded machine makes the gap longer, never
    // shorter.
    let gap = log[1].at.duration_since(log[0].at).unwrap();
    assert!(gap >= Duration::from_millis(300), "retried after {gap:?}");
}

/// With Discord's global limit lower than the client believes, global 429s
/// happen and every request still succeeds.
async fn global_429s_are_waited_out(client: fn(&Mock) -> Client) {
    let mock = mock_with(MockConfig {
        global_rate_limit: 3,
        ..config()
    })
    .await;
    let client = client(&mock);
    let channels = text_channels(&mock);
    let results = spawn_all(
        (0..10).map(|i| client.request::<EmptyBody>(get_channel(channels[i % channels.len()]))),
    )
    .await;
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    let stats = mock.rest().stats();
    assert!(
        stats.global_429 > 0,
        "the test provoked global 429s: {stats:?}"
    );
}

/// Requests the mock answered with 200.
fn served(mock: &Mock) -> usize {
    mock.rest()
        .requests()
        .iter()
        .filter(|record| record.status == 200)
        .count()
}
