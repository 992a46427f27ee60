//! The proxy in front of twilight-mock, limits in memory.

mod common;

use bytes::Bytes;
use common::*;
use http_body_util::Full;
use hyper::Request;
use std::time::Duration;
use twilight_mock::MockConfig;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn known_unknown_and_unversioned_routes_are_forwarded_unchanged() {
    let mock = mock(MockConfig::default()).await;
    let proxy = start(config(upstream(&mock))).await;
    let http = http();

    let (direct, direct_body) = send(
        &http,
        get(&format!("{}/users/@me", mock.rest_url()))
            .body(Full::default())
            .unwrap(),
    )
    .await;
    let (through, body) = send(
        &http,
        get(&proxy.url("/api/v10/users/@me"))
            .body(Full::default())
            .unwrap(),
    )
    .await;
    assert_eq!(through.status(), 200);
    assert_eq!(body, direct_body, "the body comes back unchanged");
    for name in [
        "x-ratelimit-bucket",
        "x-ratelimit-limit",
        "x-ratelimit-remaining",
        "x-ratelimit-reset-after",
        "x-ratelimit-reset",
    ] {
        assert!(header(&through, name).is_some(), "{name} is passed back");
        assert_eq!(
            header(&through, name).is_some(),
            header(&direct, name).is_some()
        );
    }
    assert_eq!(
        header(&through, "x-ratelimit-bucket"),
        header(&direct, "x-ratelimit-bucket")
    );
    assert!(header(&through, http_proxy_service::PROXY_HEADER).is_none());

    // Unversioned and another version: forwarded as they are (the mock
    // serves only v9 and v10, and answers the unversioned path 404 itself).
    let (unversioned, _) = send(
        &http,
        get(&proxy.url("/api/users/@me"))
            .body(Full::default())
            .unwrap(),
    )
    .await;
    assert!(header(&unversioned, http_proxy_service::PROXY_HEADER).is_none());
    assert!(
        mock.rest()
            .requests()
            .iter()
            .any(|r| r.path == "/api/users/@me")
    );
    let (v9, _) = send(
        &http,
        get(&proxy.url("/api/v9/users/@me"))
            .body(Full::default())
            .unwrap(),
    )
    .await;
    assert_eq!(v9.status(), 200);

    // A route the mock does not know: forwarded, and the mock's own 404
    // comes back, not a refusal by the proxy.
    let guild = MockConfig::default().fixtures.guilds[0].id.get();
    let path = format!("/api/v10/guilds/{guild}/brand-new-feature?with_counts=true");
    let (unknown, body) = send(&http, get(&proxy.url(&path)).body(Full::default()).unwrap()).await;
    assert_eq!(unknown.status(), 404);
    assert!(header(&unknown, http_proxy_service::PROXY_HEADER).is_none());
    assert!(String::from_utf8_lossy(&body).contains("404"), "{body:?}");
    let logged = mock.rest().requests();
    assert!(
        logged.iter().any(|r| r.path.contains("brand-new-feature")),
        "the mock saw it"
    );

    // Not Discord's API: the proxy's own 404.
    let (other, _) = send(
        &http,
        get(&proxy.url("/elsewhere")).body(Full::default()).unwrap(),
    )
    .await;
    assert_eq!(other.status(), 404);
    assert_eq!(
        header(&other, http_proxy_service::PROXY_HEADER),
        Some("not-found")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_multipart_upload_is_forwarded() {
    let config = MockConfig::default();
    let channel = text_channels(&config)[0];
    let mock = mock(config).await;
    let proxy = start(common::config(upstream(&mock))).await;
    let http = http();
    let boundary = "proxyboundary";
    let file = vec![b'x'; 200_000];
    let mut body = Vec::new();
    body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"payload_json\"\r\nContent-Type: application/json\r\n\r\n{{\"content\":\"upload\",\"attachments\":[{{\"id\":0,\"filename\":\"big.bin\"}}]}}\r\n").as_bytes());
    body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"files[0]\"; filename=\"big.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes());
    body.extend_from_slice(&file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let request = get(&proxy.url(&format!("/api/v10/channels/{channel}/messages")))
        .method("POST")
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(Full::new(Bytes::from(body)))
        .unwrap();
    let (response, body) = send(&http, request).await;
    assert_eq!(response.status(), 200, "{body:?}");
    let message: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(message["attachments"][0]["filename"], "big.bin");
    assert_eq!(message["attachments"][0]["size"], 200_000);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_body_is_streamed_to_upstream_before_it_ends() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    // A fake upstream that records what arrives while the client is still
    // sending.
    let upstream = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = upstream.local_addr().unwrap();
    let (seen_tx, seen_rx) = tokio::sync::oneshot::channel::<Vec<u8>>();
    tokio::spawn(async move {
        let (mut socket, _) = upstream.accept().await.unwrap();
        let mut seen = Vec::new();
        let mut buffer = [0; 4096];
        while !String::from_utf8_lossy(&seen).contains("first-half") {
            let n = socket.read(&mut buffer).await.unwrap();
            seen.extend_from_slice(&buffer[..n]);
        }
        seen_tx.send(seen).unwrap();
        let mut rest = Vec::new();
        while !String::from_utf8_lossy(&rest).contains("second-half") {
            let n = socket.read(&mut buffer).await.unwrap();
            rest.extend_from_slice(&buffer[..n]);
        }
        socket
            .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}")
            .await
            .unwrap();
    });
    let proxy = start(config(format!("http://{address}"))).await;
    let (mut sender, body) = http_body_util::channel::Channel::<Bytes>::new(4);
    let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
        .build_http();
    let request = Request::post(proxy.url("/api/v10/channels/1/messages"))
        .header("authorization", AUTH)
        .header("content-type", "multipart/form-data; boundary=b")
        .body(body)
        .unwrap();
    let response = tokio::spawn(async move { client.request(request).await });
    sender
        .send_data(Bytes::from_static(b"--b\r\nfirst-half"))
        .await
        .unwrap();
    // The first half reached upstream while the second is not sent yet.
    let seen = tokio::time::timeout(Duration::from_secs(5), seen_rx)
        .await
        .unwrap()
        .unwrap();
    assert!(String::from_utf8_lossy(&seen).contains("first-half"));
    assert!(!String::from_utf8_lossy(&seen).contains("second-half"));
    sender
        .send_data(Bytes::from_static(b"second-half\r\n--b--\r\n"))
        .await
        .unwrap();
    drop(sender);
    let response = response.await.unwrap().unwrap();
    assert_eq!(response.status(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn past_its_wait_bound_a_request_is_answered_429_by_the_proxy() {
    let config = MockConfig::default();
    let channel = text_channels(&config)[0];
    let mock = mock(config).await;
    mock.rest()
        .set_route_limit("messages.read", 1, Duration::from_secs(30));
    let proxy = start(common::config(upstream(&mock))).await;
    let http = http();
    let url = proxy.url(&format!("/api/v10/channels/{channel}/messages"));
    let (first, _) = send(&http, get(&url).body(Full::default()).unwrap()).await;
    assert_eq!(first.status(), 200);
    let started = std::time::Instant::now();
    let request = get(&url)
        .header("x-proxy-max-wait", "200")
        .body(Full::default())
        .unwrap();
    let (second, body) = send(&http, request).await;
    // The window resets in 30 s, past the 200 ms bound: answered at once.
    assert!(
        started.elapsed() < Duration::from_millis(150),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(second.status(), 429);
    assert_eq!(
        header(&second, http_proxy_service::PROXY_HEADER),
        Some("wait-bound")
    );
    assert_eq!(header(&second, "x-ratelimit-scope"), Some("user"));
    assert_eq!(header(&second, "x-ratelimit-global"), Some("false"));
    let retry: u64 = header(&second, "retry-after").unwrap().parse().unwrap();
    assert!((25..=31).contains(&retry), "{retry}");
    let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert!(body["retry_after"].as_f64().unwrap() > 25.0);
    assert_eq!(
        mock.rest().stats().user_429,
        0,
        "the mock never answered 429"
    );
    // A malformed bound is a typed 400, not a panic.
    let request = get(&url)
        .header("x-proxy-max-wait", "soon")
        .body(Full::default())
        .unwrap();
    let (bad, _) = send(&http, request).await;
    assert_eq!(bad.status(), 400);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_invalid_request_guard_holds_every_token() {
    let mock = mock(MockConfig::default()).await;
    let mut config = common::config(upstream(&mock));
    config.limits.invalid_limit = 3;
    let proxy = start(config).await;
    let http = http();
    // Three wrong tokens, each answered 401 by the mock.
    for n in 0..3 {
        let request = Request::get(proxy.url("/api/v10/users/@me"))
            .header("authorization", format!("Bot wrong-{n}"))
            .body(Full::default())
            .unwrap();
        let (response, _) = send(&http, request).await;
        assert_eq!(response.status(), 401);
        assert!(header(&response, http_proxy_service::PROXY_HEADER).is_none());
    }
    let before = mock.rest().stats().total;
    // The good token is held too: the count is per IP address.
    let request = get(&proxy.url("/api/v10/users/@me"))
        .body(Full::default())
        .unwrap();
    let (held, body) = send(&http, request).await;
    assert_eq!(held.status(), 429);
    assert_eq!(
        header(&held, http_proxy_service::PROXY_HEADER),
        Some("invalid-requests")
    );
    assert!(String::from_utf8_lossy(&body).contains("invalid request"));
    assert_eq!(
        mock.rest().stats().total,
        before,
        "nothing more reached the mock"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_tokens_have_separate_limits_and_a_401_stops_only_its_token() {
    let mock = mock(MockConfig::default()).await;
    mock.rest()
        .set_route_limit("users.me", 1, Duration::from_secs(30));
    let proxy = start(config(upstream(&mock))).await;
    let http = http();
    let url = proxy.url("/api/v10/users/@me");
    let (first, _) = send(&http, get(&url).body(Full::default()).unwrap()).await;
    assert_eq!(first.status(), 200);
    let bounded = |auth: &str| {
        Request::get(&url)
            .header("authorization", auth)
            .header("x-proxy-max-wait", "100")
            .body(Full::default())
            .unwrap()
    };
    // The good token's window is spent...
    let (held, _) = send(&http, bounded(AUTH)).await;
    assert_eq!(
        header(&held, http_proxy_service::PROXY_HEADER),
        Some("wait-bound")
    );
    // ...another token's is not: it reaches the mock (which refuses it).
    let (other, _) = send(&http, bounded("Bot another-bot")).await;
    assert_eq!(other.status(), 401);
    assert!(header(&other, http_proxy_service::PROXY_HEADER).is_none());
    // That 401 stops the other token at the proxy, not the good one.
    let (stopped, _) = send(&http, bounded("Bot another-bot")).await;
    assert_eq!(stopped.status(), 401);
    assert_eq!(
        header(&stopped, http_proxy_service::PROXY_HEADER),
        Some("unauthorized-token")
    );
    let (still_held, _) = send(&http, bounded(AUTH)).await;
    assert_eq!(
        header(&still_held, http_proxy_service::PROXY_HEADER),
        Some("wait-bound")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_proxy_secret_gets_401_and_reaches_nothing() {
    let mock = mock(MockConfig::default()).await;
    let mut config = common::config(upstream(&mock));
    config.auth = http_proxy_service::ClientAuth {
        secret: Some(secret("proxy-secret")),
        ..Default::default()
    };
    config.default_token = Some(secret(AUTH));
    let proxy = start(config).await;
    let http = http();
    let url = proxy.url("/api/v10/users/@me");
    for wrong in [None, Some("Bearer nope"), Some("Bearer proxy-secreT")] {
        let mut request = Request::get(&url);
        if let Some(wrong) = wrong {
            request = request.header("x-proxy-authorization", wrong);
        }
        let (response, body) = send(&http, request.body(Full::default()).unwrap()).await;
        assert_eq!(response.status(), 401);
        assert_eq!(
            header(&response, http_proxy_service::PROXY_HEADER),
            Some("client-auth")
        );
        assert!(!String::from_utf8_lossy(&body).contains("proxy-secret"));
    }
    assert_eq!(mock.rest().stats().total, 0, "no request reached the mock");
    // The right secret, and the default token injected.
    let request = Request::get(&url)
        .header("x-proxy-authorization", "Bearer proxy-secret")
        .body(Full::default())
        .unwrap();
    let (response, _) = send(&http, request).await;
    assert_eq!(response.status(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upstream_that_does_not_answer_is_a_504() {
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = silent.local_addr().unwrap();
    let keep = tokio::spawn(async move {
        let mut sockets = Vec::new();
        while let Ok((socket, _)) = silent.accept().await {
            sockets.push(socket);
        }
    });
    let mut config = config(format!("http://{address}"));
    config.upstream_timeout = Duration::from_millis(300);
    let proxy = start(config).await;
    let (response, _) = send(
        &http(),
        get(&proxy.url("/api/v10/users/@me"))
            .body(Full::default())
            .unwrap(),
    )
    .await;
    assert_eq!(response.status(), 504);
    assert_eq!(
        header(&response, http_proxy_service::PROXY_HEADER),
        Some("upstream-timeout")
    );
    keep.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twilight_http_works_through_the_proxy() {
    let config = MockConfig::default();
    let channel = text_channels(&config)[0];
    let mock = mock(config).await;
    mock.rest()
        .set_route_limit("messages.create", 5, Duration::from_secs(1));
    let mut config = common::config(upstream(&mock));
    config.auth = http_proxy_service::ClientAuth {
        tokens: vec![secret(AUTH)],
        ..Default::default()
    };
    let proxy = start(config).await;
    let client = twilight_http::Client::builder()
        .token(TOKEN.to_owned())
        .proxy(proxy.addr.to_string(), true)
        .build();
    assert!(client.ratelimiter().is_none());
    let channel = twilight_model::id::Id::new(channel);
    // More than a window: the proxy queues them, the mock never says 429.
    let sends = (0..12).map(|n| {
        let client = client.clone();
        async move {
            client
                .create_message(channel)
                .content(format!("through the proxy {n}"))
                .await
                .map(|_| ())
        }
    });
    for result in futures_join(sends).await {
        result.unwrap();
    }
    let stats = mock.rest().stats();
    assert_eq!(stats.user_429 + stats.global_429, 0, "{stats:?}");
    // /health and /metrics.
    let (health, body) = send(
        &http(),
        Request::get(proxy.url("/health"))
            .body(Full::default())
            .unwrap(),
    )
    .await;
    assert_eq!(health.status(), 200, "{body:?}");
    let (metrics, body) = send(
        &http(),
        Request::get(proxy.url("/metrics"))
            .body(Full::default())
            .unwrap(),
    )
    .await;
    assert_eq!(metrics.status(), 200);
    let text = String::from_utf8_lossy(&body);
    assert!(
        text.contains(r#"route="/channels/{channel_id}/messages""#),
        "{text}"
    );
    assert!(text.contains("http_proxy_wait_seconds"));
    assert!(!text.contains(TOKEN), "no token in the metrics");
}

/// Runs the futures concurrently, in order of their results.
async fn futures_join<F: std::future::Future + Send + 'static>(
    futures: impl Iterator<Item = F>,
) -> Vec<F::Output>
where
    F::Output: Send + 'static,
{
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    let mut out = Vec::new();
    for handle in handles {
        out.push(handle.await.unwrap());
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_finishes_the_requests_in_flight() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    // An upstream that answers after 500 ms.
    let upstream = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = upstream.local_addr().unwrap();
    tokio::spawn(async move {
        let (mut socket, _) = upstream.accept().await.unwrap();
        let mut buffer = [0; 4096];
        let _ = socket.read(&mut buffer).await.unwrap();
        tokio::time::sleep(Duration::from_millis(500)).await;
        socket
            .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 4\r\n\r\nslow")
            .await
            .unwrap();
    });
    let proxy = start(config(format!("http://{address}"))).await;
    let http = http();
    let request = get(&proxy.url("/api/v10/users/@me"))
        .body(Full::default())
        .unwrap();
    let in_flight = tokio::spawn(async move { send(&http, request).await });
    tokio::time::sleep(Duration::from_millis(150)).await;
    proxy.shutdown.trigger();
    let (response, body) = in_flight.await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(&body[..], b"slow");
    tokio::time::timeout(Duration::from_secs(3), proxy.task)
        .await
        .expect("the server returns once the request is done")
        .unwrap()
        .unwrap();
    assert!(
        tokio::net::TcpStream::connect(proxy.addr).await.is_err(),
        "no longer listening"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_over_the_limit_is_413_and_secrets_never_print() {
    let mock = mock(MockConfig::default()).await;
    let mut config = common::config(upstream(&mock));
    config.max_body = 1_000;
    config.default_token = Some(secret("Bot default-token-value"));
    config.auth.secret = Some(secret("the-proxy-secret"));
    let printed = format!("{config:?}");
    assert!(!printed.contains("default-token-value") && !printed.contains("the-proxy-secret"));
    let proxy = start(config).await;
    assert!(!format!("{:?}", proxy.proxy).contains("default-token-value"));
    let request = get(&proxy.url("/api/v10/channels/1/messages"))
        .method("POST")
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from(vec![b' '; 5_000])))
        .unwrap();
    let (response, _) = send(&http(), request).await;
    assert_eq!(response.status(), 413);
    assert_eq!(
        header(&response, http_proxy_service::PROXY_HEADER),
        Some("body-too-large")
    );
    assert_eq!(mock.rest().stats().total, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bot_can_have_its_own_global_limit() {
    let config = MockConfig::default();
    let channels = text_channels(&config);
    let mock = mock(config).await;
    let mut config = common::config(upstream(&mock));
    // This bot: 2 per second (a lowered limit is as easy to see as a
    // raised one); other tokens keep the default 50.
    config.global_limits = vec![(secret(AUTH), 2)];
    let proxy = start(config).await;
    let http = http();
    let mut answers = Vec::new();
    for channel in channels.iter().take(3) {
        let request = get(&proxy.url(&format!("/api/v10/channels/{channel}/messages")))
            .header("x-proxy-max-wait", "100")
            .body(Full::default())
            .unwrap();
        let (response, _) = send(&http, request).await;
        answers.push((
            response.status().as_u16(),
            header(&response, "x-ratelimit-scope").map(str::to_owned),
        ));
    }
    assert_eq!(answers[0].0, 200);
    assert_eq!(answers[1].0, 200);
    // The third waits for a global slot past its 100 ms bound.
    assert_eq!(answers[2], (429, Some("global".to_owned())));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_streamed_body_past_the_limit_is_cut_and_answered_413() {
    let mock = mock(MockConfig::default()).await;
    let mut config = common::config(upstream(&mock));
    config.max_body = 10_000;
    let proxy = start(config).await;
    // No Content-Length: the limit is found while streaming.
    let (mut sender, body) = http_body_util::channel::Channel::<Bytes>::new(4);
    let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
        .build_http();
    let request = Request::post(proxy.url("/api/v10/channels/1/messages"))
        .header("authorization", AUTH)
        .header("content-type", "application/json")
        .body(body)
        .unwrap();
    let response = tokio::spawn(async move { client.request(request).await });
    for _ in 0..4 {
        if sender
            .send_data(Bytes::from(vec![b' '; 4_000]))
            .await
            .is_err()
        {
            break;
        }
    }
    drop(sender);
    let response = response.await.unwrap().unwrap();
    assert_eq!(response.status(), 413);
    assert_eq!(
        response
            .headers()
            .get(http_proxy_service::PROXY_HEADER)
            .unwrap(),
        "body-too-large"
    );
}
