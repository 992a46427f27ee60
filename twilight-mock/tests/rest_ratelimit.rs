//! Discord's REST ratelimits, as topics/rate-limits.mdx documents them:
//! headers on every response, per-route buckets keyed by major parameters,
//! 429 bodies and headers, the global limit, exemptions, `shared` scope and
//! the invalid request limit.

mod rest_common;

use bytes::Bytes;
use hyper::{Method, StatusCode};
use rest_common::{Resp, TOKEN, bounded, config, id, start, start_scaled, start_with};
use serde_json::json;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use twilight_mock::MockConfig;
use twilight_mock::rest::ratelimit::Scope;

fn float(r: &Resp, name: &str) -> f64 {
    r.header(name)
        .unwrap_or_else(|| panic!("missing {name}"))
        .parse()
        .unwrap()
}

fn assert_bucket_headers(r: &Resp) {
    for h in [
        "x-ratelimit-limit",
        "x-ratelimit-remaining",
        "x-ratelimit-reset",
        "x-ratelimit-reset-after",
        "x-ratelimit-bucket",
    ] {
        assert!(
            r.header(h).is_some(),
            "{h} missing on a {} response",
            r.status
        );
    }
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs_f64();
    let reset = float(r, "x-ratelimit-reset");
    assert!(
        reset >= now - 1.0 && reset < now + 3600.0,
        "reset {reset} now {now}"
    );
    assert!(float(r, "x-ratelimit-reset-after") >= 0.0);
    assert!(
        r.header("x-ratelimit-scope").is_none(),
        "scope is only sent on 429s"
    );
}

#[tokio::test]
async fn headers_on_every_response_including_errors() {
    bounded(async {
        let s = start().await;
        let c = s.text_channel(0);
        let ok = s.api(Method::GET, &format!("/channels/{c}"), None).await;
        assert_eq!(ok.status, StatusCode::OK);
        assert_bucket_headers(&ok);
        let not_found = s
            .api(Method::GET, &format!("/channels/{c}/messages/1234"), None)
            .await;
        assert_eq!(not_found.status, StatusCode::NOT_FOUND);
        assert_bucket_headers(&not_found);
        let bad = s
            .api(
                Method::POST,
                &format!("/channels/{c}/messages"),
                Some(json!({})),
            )
            .await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        assert_bucket_headers(&bad);
        let deleted = s
            .api(
                Method::PUT,
                &format!("/channels/{c}/thread-members/@me"),
                None,
            )
            .await;
        assert_bucket_headers(&deleted);
    })
    .await;
}

#[tokio::test]
async fn exhausted_bucket_answers_429_then_resets() {
    bounded(async {
        let s = start_scaled(4.0).await; // 5 s windows are 1.25 s
        let c = s.text_channel(0);
        let path = format!("/channels/{c}/messages");
        let mut hash = None;
        for i in 0..5 {
            let r = s
                .api(
                    Method::POST,
                    &path,
                    Some(json!({ "content": format!("n{i}") })),
                )
                .await;
            assert_eq!(r.status, StatusCode::OK);
            assert_eq!(r.header("x-ratelimit-limit"), Some("5"));
            assert_eq!(
                r.header("x-ratelimit-remaining"),
                Some((4 - i).to_string().as_str())
            );
            let h = r.header("x-ratelimit-bucket").unwrap().to_owned();
            assert_eq!(hash.get_or_insert(h.clone()), &h);
        }
        let limited = s
            .api(
                Method::POST,
                &path,
                Some(json!({ "content": "one too many" })),
            )
            .await;
        assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(limited.header("content-type"), Some("application/json"));
        assert_eq!(limited.header("x-ratelimit-scope"), Some("user"));
        assert_eq!(limited.header("x-ratelimit-remaining"), Some("0"));
        assert_eq!(limited.header("x-ratelimit-limit"), Some("5"));
        assert_eq!(limited.header("x-ratelimit-bucket"), hash.as_deref());
        assert!(limited.header("x-ratelimit-global").is_none());
        assert_eq!(limited.body["message"], "You are being rate limited.");
        assert_eq!(limited.body["global"], false);
        let retry_after = limited.body["retry_after"].as_f64().unwrap();
        assert!(retry_after > 0.0 && retry_after <= 5.0, "{retry_after}");
        let header_retry: f64 = limited.header("retry-after").unwrap().parse().unwrap();
        assert!(header_retry >= retry_after && header_retry <= retry_after + 1.0);
        let reset_after = float(&limited, "x-ratelimit-reset-after");
        assert!((reset_after - retry_after).abs() < 0.01);
        assert_eq!(s.ctx.stats().user_429, 1);

        // Retry-After is Discord time: 4x faster in real time.
        tokio::time::sleep(Duration::from_secs_f64(retry_after / 4.0 + 0.01)).await;
        let again = s
            .api(
                Method::POST,
                &path,
                Some(json!({ "content": "after reset" })),
            )
            .await;
        assert_eq!(again.status, StatusCode::OK);
        assert_eq!(again.header("x-ratelimit-remaining"), Some("4"));
    })
    .await;
}

#[tokio::test]
async fn different_major_parameters_are_different_buckets() {
    bounded(async {
        let s = start_scaled(1.0).await;
        let channels = s.text_channels(0);
        let (a, b) = (channels[0], channels[1]);
        for i in 0..5 {
            s.api(
                Method::POST,
                &format!("/channels/{a}/messages"),
                Some(json!({ "content": format!("{i}") })),
            )
            .await;
        }
        let limited = s
            .api(
                Method::POST,
                &format!("/channels/{a}/messages"),
                Some(json!({ "content": "x" })),
            )
            .await;
        assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
        let other = s
            .api(
                Method::POST,
                &format!("/channels/{b}/messages"),
                Some(json!({ "content": "x" })),
            )
            .await;
        assert_eq!(other.status, StatusCode::OK);
        assert_eq!(other.header("x-ratelimit-remaining"), Some("4"));
        // Same route, same hash: the hash leaves out the major parameter.
        assert_eq!(
            other.header("x-ratelimit-bucket"),
            limited.header("x-ratelimit-bucket")
        );
        // And another guild's channel.
        let c2 = s.text_channel(1);
        let third = s
            .api(
                Method::POST,
                &format!("/channels/{c2}/messages"),
                Some(json!({ "content": "x" })),
            )
            .await;
        assert_eq!(third.status, StatusCode::OK);
    })
    .await;
}

#[tokio::test]
async fn routes_sharing_a_bucket_share_its_hash_and_count() {
    bounded(async {
        let s = start_scaled(1.0).await;
        let c = s.text_channel(0);
        let m = s
            .api(
                Method::POST,
                &format!("/channels/{c}/messages"),
                Some(json!({ "content": "x" })),
            )
            .await;
        let mid = id(&m.body["id"]);
        let list = s
            .api(Method::GET, &format!("/channels/{c}/messages"), None)
            .await;
        let one = s
            .api(Method::GET, &format!("/channels/{c}/messages/{mid}"), None)
            .await;
        assert_eq!(
            list.header("x-ratelimit-bucket"),
            one.header("x-ratelimit-bucket")
        );
        let before: u32 = list
            .header("x-ratelimit-remaining")
            .unwrap()
            .parse()
            .unwrap();
        let after: u32 = one
            .header("x-ratelimit-remaining")
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(after + 1, before);
        assert_ne!(
            m.header("x-ratelimit-bucket"),
            list.header("x-ratelimit-bucket")
        );
        // Reaction routes share one bucket.
        let put = s
            .api(
                Method::PUT,
                &format!("/channels/{c}/messages/{mid}/reactions/%E2%9C%85/@me"),
                None,
            )
            .await;
        assert_eq!(put.status, StatusCode::NO_CONTENT);
        assert_eq!(put.header("x-ratelimit-limit"), Some("1"));
        let del = s
            .api(
                Method::DELETE,
                &format!("/channels/{c}/messages/{mid}/reactions/%E2%9C%85/@me"),
                None,
            )
            .await;
        assert_eq!(
            del.status,
            StatusCode::TOO_MANY_REQUESTS,
            "one reaction per 250 ms, shared"
        );
        assert_eq!(
            put.header("x-ratelimit-bucket"),
            del.header("x-ratelimit-bucket")
        );
    })
    .await;
}

#[tokio::test]
async fn global_limit_under_200_concurrent_requests() {
    bounded(async {
        // 2x: the one-second global window is 500 ms of real time.
        let s = start_with(MockConfig {
            time_scale: 2.0,
            global_rate_limit: 50,
            ..config()
        })
        .await;
        s.ctx
            .set_route_limit("channel.get", 10_000, Duration::from_secs(1));
        let c = s.text_channel(0);
        let started = Instant::now();
        let mut tasks = Vec::new();
        let s = std::sync::Arc::new(s);
        for _ in 0..200 {
            let s = s.clone();
            tasks.push(tokio::spawn(async move {
                s.api(Method::GET, &format!("/channels/{c}"), None).await
            }));
        }
        let mut ok = 0;
        let mut global = 0;
        for t in tasks {
            let r = t.await.unwrap();
            match r.status {
                StatusCode::OK => ok += 1,
                StatusCode::TOO_MANY_REQUESTS => {
                    global += 1;
                    assert_eq!(r.header("x-ratelimit-global"), Some("true"));
                    assert_eq!(r.header("x-ratelimit-scope"), Some("global"));
                    assert!(r.header("retry-after").is_some());
                    assert!(r.header("x-ratelimit-bucket").is_none());
                    assert_eq!(r.body["global"], true);
                    assert_eq!(r.body["message"], "You are being rate limited.");
                }
                other => panic!("unexpected {other}"),
            }
        }
        let windows = (started.elapsed().as_secs_f64() / 0.5).floor() as u32 + 1;
        assert_eq!(ok + global, 200);
        assert!(ok >= 50, "{ok}");
        assert!(ok <= 50 * windows, "{ok} successes in {windows} windows");
        assert_eq!(s.ctx.stats().global_429, u64::from(global));
    })
    .await;
}

#[tokio::test]
async fn interaction_and_webhook_routes_are_exempt_from_the_global_limit() {
    bounded(async {
        let s = start_with(MockConfig {
            time_scale: 1.0,
            global_rate_limit: 3,
            ..config()
        })
        .await;
        let c = s.text_channel(0);
        let hook = s
            .api(
                Method::POST,
                &format!("/channels/{c}/webhooks"),
                Some(json!({ "name": "h" })),
            )
            .await;
        let interaction = s
            .ctx
            .create_interaction(
                c,
                s.user(0),
                2,
                &json!({ "id": "1", "name": "x", "type": 1 }),
            )
            .unwrap();
        for _ in 0..3 {
            s.api(Method::GET, "/users/@me", None).await;
        }
        let blocked = s.api(Method::GET, "/users/@me", None).await;
        assert_eq!(blocked.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(blocked.header("x-ratelimit-scope"), Some("global"));
        let callback = s
            .anon(
                Method::POST,
                &format!(
                    "/interactions/{}/{}/callback",
                    id(&interaction["id"]),
                    interaction["token"].as_str().unwrap()
                ),
                Some(json!({ "type": 4, "data": { "content": "exempt" } })),
            )
            .await;
        assert_eq!(callback.status, StatusCode::NO_CONTENT, "{}", callback.body);
        let w = id(&hook.body["id"]);
        let token = hook.body["token"].as_str().unwrap();
        let exec = s
            .anon(
                Method::POST,
                &format!("/webhooks/{w}/{token}?wait=true"),
                Some(json!({ "content": "exempt" })),
            )
            .await;
        assert_eq!(exec.status, StatusCode::OK);
    })
    .await;
}

#[tokio::test]
async fn injected_shared_429_is_not_an_invalid_request() {
    bounded(async {
        let s = start().await;
        let c = s.text_channel(0);
        s.ctx
            .inject_shared_ratelimit(Some("messages.create"), 1, Duration::from_secs(2));
        let r = s
            .api(
                Method::POST,
                &format!("/channels/{c}/messages"),
                Some(json!({ "content": "x" })),
            )
            .await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(r.header("x-ratelimit-scope"), Some("shared"));
        assert_eq!(r.body["message"], "The resource is being rate limited.");
        assert_eq!(r.body["global"], false);
        assert_eq!(r.body["retry_after"], 2.0);
        assert_eq!(r.header("retry-after"), Some("2"));
        assert!(r.header("x-ratelimit-bucket").is_some());
        let stats = s.ctx.stats();
        assert_eq!(stats.shared_429, 1);
        assert_eq!(stats.invalid_total, 0);
        let next = s
            .api(
                Method::POST,
                &format!("/channels/{c}/messages"),
                Some(json!({ "content": "x" })),
            )
            .await;
        assert_eq!(next.status, StatusCode::OK);
    })
    .await;
}

#[tokio::test]
async fn invalid_requests_are_counted() {
    bounded(async {
        let s = start_scaled(1.0).await;
        let c = s.text_channel(0);
        s.send(
            Method::GET,
            "/api/v10/users/@me",
            Some("Bot wrong"),
            None,
            Bytes::new(),
        )
        .await;
        s.send(Method::GET, "/api/v10/users/@me", None, None, Bytes::new())
            .await;
        s.api(Method::GET, "/channels/1/messages/1", None).await; // 404: not counted
        for _ in 0..6 {
            s.api(
                Method::POST,
                &format!("/channels/{c}/messages"),
                Some(json!({ "content": "x" })),
            )
            .await;
        }
        let stats = s.ctx.stats();
        assert_eq!(stats.invalid_total, 3, "{stats:?}");
        assert_eq!(stats.invalid_in_window, 3);
        assert!(!stats.banned);
        let log = s.ctx.requests();
        assert_eq!(log.len(), 9);
        assert_eq!(log[0].status, 401);
        assert_eq!(log[0].route, Some("users.me"));
        let last = log.last().unwrap();
        assert_eq!(last.ratelimited, Some(Scope::User));
        assert_eq!(last.route, Some("messages.create"));
        assert!(last.bucket.is_some());
        assert_eq!(last.method, "POST");
        assert_eq!(last.path, format!("/api/v10/channels/{c}/messages"));
    })
    .await;
}

#[tokio::test]
async fn more_than_10000_invalid_requests_get_a_cloudflare_ban() {
    bounded(async {
        let s = std::sync::Arc::new(start().await);
        let mut tasks = Vec::new();
        for _ in 0..8 {
            let s = s.clone();
            tasks.push(tokio::spawn(async move {
                for _ in 0..1251 {
                    s.send(
                        Method::GET,
                        "/api/v10/users/@me",
                        Some("Bot bad"),
                        None,
                        Bytes::new(),
                    )
                    .await;
                }
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        let stats = s.ctx.stats();
        assert!(stats.banned, "{stats:?}");
        let r = s
            .send(
                Method::GET,
                "/api/v10/users/@me",
                Some(&format!("Bot {TOKEN}")),
                None,
                Bytes::new(),
            )
            .await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(r.header("content-type"), Some("text/html"));
        assert_eq!(&r.raw[..], b"error code: 1015");
        assert!(r.header("retry-after").is_some());
        assert!(r.header("x-ratelimit-bucket").is_none());
        s.ctx.limiter().reset_invalid();
        let ok = s.api(Method::GET, "/users/@me", None).await;
        assert_eq!(ok.status, StatusCode::OK);
    })
    .await;
}

#[tokio::test]
async fn a_connect_delay_holds_a_new_connections_first_request() {
    bounded(async {
        let s = start().await;
        let c = s.text_channel(0);
        let delay = Duration::from_millis(200);
        s.ctx
            .set_connect_delay(Some(delay..Duration::from_millis(250)));
        // The test client's first request opens its first connection.
        let sent = SystemTime::now();
        let r = s.api(Method::GET, &format!("/channels/{c}"), None).await;
        assert_eq!(r.status, StatusCode::OK);
        // Logged (and counted) on arrival, after the delay.
        let log = s.ctx.requests();
        assert_eq!(log.len(), 1);
        assert!(log[0].at.duration_since(sent).unwrap() >= delay);
        s.ctx.set_connect_delay(None);
        let r = s.api(Method::GET, &format!("/channels/{c}"), None).await;
        assert_eq!(r.status, StatusCode::OK);
    })
    .await;
}
