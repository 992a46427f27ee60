//! A rejected token: `Unauthorized` for every request, and Discord sees one
//! 401, not a storm of them (10,000 invalid requests in 10 minutes get the
//! IP banned for an hour).

mod client_support;

use client_support::{
    RecordingLimiter, bounded, client, client_at, config, current_user_error, get_channel,
    get_current_user, mock_with, spawn_all, text_channels,
};
use std::sync::Arc;
use twilight_http::{Client, ClientBuilder, ErrorKind, marker::EmptyBody};
use twilight_http_ratelimiting::RateLimiter;

#[tokio::test]
async fn a_bad_token_sends_one_401_for_many_concurrent_requests() {
    bounded(async {
        // Without a limiter, and with the default (in-memory) one.
        for limited in [false, true] {
            let builder = Client::builder().token("not-the-token");
            let builder = if limited {
                builder
            } else {
                builder.ratelimiter(None)
            };
            one_401_for(builder).await;
        }
    })
    .await;
}

async fn one_401_for(builder: ClientBuilder) {
    let mock = mock_with(config()).await;
    let channels = text_channels(&mock);
    let client = builder.base_url(mock.rest_url()).build();

    let requests = (0..100).map(|i| {
        let request = if i % 2 == 0 {
            get_current_user()
        } else {
            get_channel(channels[i % channels.len()])
        };
        client.request::<EmptyBody>(request)
    });
    let results = spawn_all(requests).await;
    for result in results {
        let error = result.unwrap_err();
        assert!(matches!(error.kind(), ErrorKind::Unauthorized), "{error:?}");
    }
    assert!(client.is_token_invalid());

    // Later requests are not sent either.
    let error = current_user_error(&client).await;
    assert!(matches!(error.kind(), ErrorKind::Unauthorized));

    let log = mock.rest().requests();
    assert_eq!(log.len(), 1, "one request reached Discord: {log:?}");
    assert_eq!(log[0].status, 401);
    assert_eq!(mock.rest().stats().invalid_total, 1);
}

#[tokio::test]
async fn requests_waiting_for_a_permit_are_not_sent_after_a_401() {
    bounded(async {
        let mock = mock_with(config()).await;
        let limiter = RecordingLimiter::default();
        let record = Arc::clone(&limiter.record);
        let client = Client::builder()
            .token("not-the-token")
            .base_url(mock.rest_url())
            .ratelimiter(Some(Arc::new(limiter) as Arc<dyn RateLimiter>))
            .build();
        let results =
            spawn_all((0..20).map(|_| client.request::<EmptyBody>(get_current_user()))).await;
        assert!(
            results.iter().all(|result| matches!(
                result.as_ref().unwrap_err().kind(),
                ErrorKind::Unauthorized
            ))
        );
        assert_eq!(mock.rest().requests().len(), 1);
        let record = record.lock().unwrap();
        assert_eq!(
            record.acquired.len(),
            1,
            "the others never asked for a permit"
        );
        assert_eq!(record.outcomes[0].as_ref().unwrap().status, 401);
    })
    .await;
}

#[tokio::test]
async fn routes_without_the_token_still_work_after_a_401() {
    bounded(async {
        let mock = mock_with(config()).await;
        let client = client_at("not-the-token", mock.rest_url());
        current_user_error(&client).await;
        // GET /gateway needs no token.
        let gateway = twilight_http::Request::new(
            twilight_http::request::Method::Get,
            "/gateway",
            twilight_http::request::Endpoint::new(twilight_http::request::Method::Get, "/gateway"),
        )
        .without_authorization();
        let response = client.request::<EmptyBody>(gateway).await.unwrap();
        assert_eq!(response.status(), 200);
    })
    .await;
}

#[tokio::test]
async fn a_good_token_is_not_held_back() {
    bounded(async {
        let mock = mock_with(config()).await;
        let client = client(&mock);
        let results =
            spawn_all((0..5).map(|_| client.request::<EmptyBody>(get_current_user()))).await;
        assert!(results.iter().all(Result::is_ok));
        assert!(!client.is_token_invalid());
        assert_eq!(mock.rest().requests().len(), 5);
    })
    .await;
}

#[tokio::test]
async fn a_401_without_the_clients_token_leaves_the_token_alone() {
    bounded(async {
        let server = client_support::RawServer::start(Some(
            b"HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json\r\ncontent-length: 43\r\n\r\n{\"message\": \"401: Unauthorized\", \"code\": 0}",
        ))
        .await;
        let client = client_at("a-token", server.url.clone());
        let webhook = twilight_http::Request::new(
            twilight_http::request::Method::Get,
            "/webhooks/1/wrong-token",
            twilight_http::request::Endpoint::new(
                twilight_http::request::Method::Get,
                "/webhooks/{webhook_id}/{webhook_token}",
            )
            .webhook(1, "wrong-token"),
        )
        .without_authorization();
        let error = client.request::<EmptyBody>(webhook).await.unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::Response { status: 401, .. }),
            "{error:?}"
        );
        let ErrorKind::Response { error: Some(api), .. } = error.kind() else {
            panic!("no error body: {error:?}")
        };
        assert_eq!(api.message, "401: Unauthorized");
        assert!(!client.is_token_invalid());
    })
    .await;
}

#[tokio::test]
async fn a_401_seen_by_a_shared_limiter_stops_every_client_using_it() {
    bounded(async {
        let mock = mock_with(config()).await;
        let limiter: Arc<dyn RateLimiter> =
            Arc::new(twilight_http_ratelimiting::InMemoryRateLimiter::new());
        let client = || {
            Client::builder()
                .token("not-the-token")
                .base_url(mock.rest_url())
                .ratelimiter(Some(Arc::clone(&limiter)))
                .build()
        };
        let (first, second) = (client(), client());
        current_user_error(&first).await;
        let error = current_user_error(&second).await;
        assert!(matches!(error.kind(), ErrorKind::Unauthorized), "{error:?}");
        assert!(second.is_token_invalid());
        assert_eq!(mock.rest().requests().len(), 1, "the second never sent");
    })
    .await;
}
