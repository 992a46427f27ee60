//! The service's protocol, in memory, against a local Discord: the answer,
//! authentication, probes that take no turn, bad input, a client that goes
//! away, the daily budget, and limit changes.

mod common;

use common::{SECRET, call, config, config_for, get, metric, metrics_text, mock, start};
use hyper::StatusCode;
use std::time::Duration;
use tokio::time::Instant;

#[tokio::test]
async fn limits_come_from_get_gateway_bot_and_the_answer_tells_the_turn() {
    let discord = mock(4, 1000, 900, 1.0).await;
    let service = start(config_for(&discord, &["--window-ms", "300"])).await;
    let url = service.url();

    let (status, limits) = get(&format!("{url}/admin/limits"), Some(SECRET)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(limits["max_concurrency"], 4);
    assert_eq!(limits["remaining"], 900);
    assert_eq!(limits["total"], 1000);

    let (status, answer) = get(&format!("{url}/enqueue?shard=5&total=8"), Some(SECRET)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(answer["shard"], 5);
    assert_eq!(answer["bucket"], 1);
    assert_eq!(answer["remaining"], 899);
    assert!(answer["waited_ms"].as_u64().unwrap() < 300, "{answer}");
    // Same bucket: it waits the window out.
    let (_, answer) = get(&format!("{url}/enqueue?shard=1&total=8"), Some(SECRET)).await;
    assert_eq!(answer["bucket"], 1);
    assert!(answer["waited_ms"].as_u64().unwrap() >= 250, "{answer}");

    // The admin refresh asks Discord again.
    let (status, refreshed) =
        call("POST", &format!("{url}/admin/refresh"), Some(SECRET), None).await;
    assert_eq!(status, StatusCode::OK, "{refreshed}");
    assert_eq!(refreshed["max_concurrency"], 4);
    service.stop().await.unwrap();
}

#[tokio::test]
async fn health_and_metrics_take_no_turn_and_a_wrong_secret_gets_401() {
    let service = start(config(&["--max-concurrency", "1", "--total", "10"])).await;
    let url = service.url();
    for _ in 0..3 {
        let (status, health) = get(&format!("{url}/health"), None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(health["status"], "ok");
        assert_eq!(
            get(&format!("{url}/health/live"), None).await.0,
            StatusCode::OK
        );
        let text = metrics_text(&url).await;
        assert!(
            text.contains("gateway_queue_sessions_remaining{bot=\"default\"} 10"),
            "{text}"
        );
    }
    for secret in [None, Some("wrong"), Some("queue-test-secre")] {
        let (status, body) = get(&format!("{url}/enqueue?shard=0&total=1"), secret).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert!(body["error"].as_str().unwrap().contains("Bearer"));
    }
    assert_eq!(
        get(&format!("{url}/admin/limits"), Some("wrong")).await.0,
        StatusCode::UNAUTHORIZED
    );
    // None of the above took a turn: the first one granted has 9 left, and
    // it did not wait for a window.
    let (status, answer) = get(&format!("{url}/enqueue?shard=0&total=1"), Some(SECRET)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(answer["remaining"], 9);
    assert!(answer["waited_ms"].as_u64().unwrap() < 1000);
    let text = metrics_text(&url).await;
    assert_eq!(
        metric(&text, "gateway_queue_turns_granted_total"),
        1.0,
        "{text}"
    );
    assert_eq!(
        metric(
            &text,
            "gateway_queue_refusals_total{reason=\"unauthorized\"}"
        ),
        4.0
    );
    service.stop().await.unwrap();
}

#[tokio::test]
async fn bad_input_gets_a_clear_400_and_no_turn() {
    let service = start(config(&["--total", "10"])).await;
    let url = service.url();
    for query in [
        "",
        "?shard=1",
        "?shard=x&total=2",
        "?shard=2&total=2",
        "?shard=1&total=99999999999",
    ] {
        let (status, body) = get(&format!("{url}/enqueue{query}"), Some(SECRET)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
        assert!(!body["error"].as_str().unwrap().is_empty());
    }
    assert_eq!(
        get(
            &format!("{url}/nobot/enqueue?shard=0&total=1"),
            Some(SECRET)
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    let (status, _) = call(
        "PUT",
        &format!("{url}/admin/limits"),
        Some(SECRET),
        Some("{\"max_concurrency\":"),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let big = "x".repeat(10_000);
    let (status, body) = call(
        "PUT",
        &format!("{url}/admin/limits"),
        Some(SECRET),
        Some(&big),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["error"].as_str().unwrap().contains("longer than"));
    let (_, answer) = get(&format!("{url}/enqueue?shard=0&total=1"), Some(SECRET)).await;
    assert_eq!(answer["remaining"], 9);
    service.stop().await.unwrap();
}

#[tokio::test]
async fn refuses_to_start_without_a_secret_unless_loopback_is_allowed() {
    let no_secret = |extra: &[&str]| {
        let mut args = vec!["gateway-queue-service"];
        args.extend_from_slice(extra);
        gateway_queue_service::Config::try_parse_args(args).unwrap()
    };
    let error = gateway_queue_service::start(no_secret(&["--listen", "127.0.0.1:0"]))
        .await
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("--allow-unauthenticated-loopback"),
        "{error}"
    );
    let error = gateway_queue_service::start(no_secret(&[
        "--listen",
        "0.0.0.0:0",
        "--allow-unauthenticated-loopback",
    ]))
    .await
    .unwrap_err();
    assert!(
        error.to_string().contains("not a loopback address"),
        "{error}"
    );
    let service = gateway_queue_service::start(no_secret(&[
        "--listen",
        "127.0.0.1:0",
        "--allow-unauthenticated-loopback",
    ]))
    .await
    .unwrap();
    let (status, _) = get(&format!("{}/enqueue?shard=0&total=1", service.url()), None).await;
    assert_eq!(status, StatusCode::OK);
    service.stop().await.unwrap();
}

#[tokio::test]
async fn a_wrong_token_stops_the_start_without_showing_the_token() {
    let discord = mock(1, 1000, 1000, 1.0).await;
    let mut config = config_for(&discord, &[]);
    config.token = Some(service_support::Secret::new("not-the-token-1234"));
    let error = gateway_queue_service::start(config).await.unwrap_err();
    let shown = format!("{error} {error:?}");
    assert!(shown.contains("limits"), "{shown}");
    assert!(!shown.contains("not-the-token-1234"), "{shown}");
}

#[tokio::test]
async fn a_client_that_goes_away_gives_its_turn_back() {
    let service = start(config(&["--window-ms", "600", "--total", "100"])).await;
    let url = service.url();
    let (_, first) = get(&format!("{url}/enqueue?shard=0&total=3"), Some(SECRET)).await;
    assert_eq!(first["remaining"], 99);
    let started = Instant::now();
    // Shard 1 asks, then goes away before its turn.
    let gone = tokio::spawn({
        let url = url.clone();
        async move { get(&format!("{url}/enqueue?shard=1&total=3"), Some(SECRET)).await }
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    gone.abort();
    let (_, third) = get(&format!("{url}/enqueue?shard=2&total=3"), Some(SECRET)).await;
    // Shard 2 got the window shard 1 gave up (not the one after), and
    // shard 1 used no session.
    assert!(
        started.elapsed() < Duration::from_millis(1100),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(third["remaining"], 98);
    service.stop().await.unwrap();
}

#[tokio::test]
async fn a_daily_budget_of_5_with_a_reserve_of_0_makes_the_6th_shard_wait_for_the_reset() {
    let service = start(config(&[
        "--max-concurrency",
        "16",
        "--total",
        "5",
        "--reset-after-ms",
        "1500",
        "--reserve",
        "0",
    ]))
    .await;
    let url = service.url();
    let started = Instant::now();
    let mut asks = tokio::task::JoinSet::new();
    for shard in 0..6 {
        let url = url.clone();
        asks.spawn(async move {
            let answer = get(
                &format!("{url}/enqueue?shard={shard}&total=6"),
                Some(SECRET),
            )
            .await;
            (answer, started.elapsed())
        });
    }
    let mut done = asks.join_all().await;
    done.sort_by_key(|(_, at)| *at);
    for ((status, answer), at) in &done[..5] {
        assert_eq!(*status, StatusCode::OK);
        assert!(*at < Duration::from_millis(1000), "{answer} at {at:?}");
    }
    let ((status, sixth), at) = &done[5];
    assert_eq!(*status, StatusCode::OK, "it waited; it was not refused");
    assert!(
        *at >= Duration::from_millis(1500),
        "the 6th went before the reset: {at:?}"
    );
    // After the reset: the day's total again, less this one.
    assert_eq!(sixth["remaining"], 4);
    service.stop().await.unwrap();
}

#[tokio::test]
async fn a_limit_change_while_500_shards_wait_keeps_them_all() {
    let service = start(config(&["--max-concurrency", "1", "--window-ms", "300"])).await;
    let url = service.url();
    let mut asks = tokio::task::JoinSet::new();
    for shard in 0..500u32 {
        let url = url.clone();
        asks.spawn(async move {
            get(
                &format!("{url}/enqueue?shard={shard}&total=500"),
                Some(SECRET),
            )
            .await
        });
    }
    // Wait until they all wait (at most one has its turn per window).
    loop {
        let text = metrics_text(&url).await;
        if metric(&text, "gateway_queue_waiting{")
            + metric(&text, "gateway_queue_turns_granted_total")
            >= 500.0
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let limits =
        r#"{"max_concurrency":100,"remaining":1000,"reset_after_ms":86400000,"total":1000}"#;
    let (status, _) = call(
        "PUT",
        &format!("{url}/admin/limits"),
        Some(SECRET),
        Some(limits),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let answers = asks.join_all().await;
    assert_eq!(answers.len(), 500);
    let mut shards: Vec<u64> = answers
        .iter()
        .map(|(status, answer)| {
            assert_eq!(*status, StatusCode::OK, "{answer}");
            answer["shard"].as_u64().unwrap()
        })
        .collect();
    shards.sort_unstable();
    assert_eq!(shards, (0..500).collect::<Vec<_>>());
    // 100 buckets now: the last went within a few windows, not 500.
    let text = metrics_text(&url).await;
    assert_eq!(metric(&text, "gateway_queue_turns_granted_total"), 500.0);
    assert_eq!(metric(&text, "gateway_queue_waiting{"), 0.0);
    service.stop().await.unwrap();
}

#[tokio::test]
async fn service_queue_with_a_wrong_secret_never_lets_the_shard_through() {
    use twilight_gateway_queue::{Queue, ServiceQueue};
    let service = start(config(&["--total", "10"])).await;
    let wrong = ServiceQueue::new(&service.url())
        .unwrap()
        .with_secret("wrong")
        .unwrap();
    // It keeps asking (401 each time) and never resolves.
    assert!(
        tokio::time::timeout(Duration::from_millis(800), wrong.enqueue(0, 1))
            .await
            .is_err()
    );
    let right = ServiceQueue::new(&service.url())
        .unwrap()
        .with_secret(SECRET)
        .unwrap();
    tokio::time::timeout(Duration::from_secs(5), right.enqueue(0, 1))
        .await
        .unwrap();
    let text = metrics_text(&service.url()).await;
    assert_eq!(metric(&text, "gateway_queue_turns_granted_total"), 1.0);
    assert!(
        metric(
            &text,
            "gateway_queue_refusals_total{reason=\"unauthorized\"}"
        ) >= 2.0
    );
    service.stop().await.unwrap();
}

#[test]
fn help_documents_every_flag_and_shows_no_secret() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_gateway-queue-service"))
        .arg("--help")
        .env("DISCORD_TOKEN", "token-from-env-123")
        .env("GATEWAY_QUEUE_SECRET", "secret-from-env-456")
        .output()
        .unwrap();
    assert!(output.status.success());
    let help = String::from_utf8(output.stdout).unwrap();
    for flag in [
        "--listen",
        "--secret",
        "--allow-unauthenticated-loopback",
        "--token",
        "--bot",
        "--refresh-secs",
        "--max-concurrency",
        "--total",
        "--remaining",
        "--reset-after-ms",
        "--reserve",
        "--time-scale",
        "--window-ms",
        "--redis",
        "--redis-prefix",
        "--lease-ms",
        "--max-waiting",
        "--grace-secs",
        "--log-format",
        "--log",
    ] {
        assert!(help.contains(flag), "{flag} is not in --help");
    }
    assert!(help.contains("[env: DISCORD_TOKEN]"), "{help}");
    assert!(!help.contains("token-from-env-123") && !help.contains("secret-from-env-456"));
}

/// A bucket's turns are the queue crate's period apart, scaled for a local
/// Discord's faster clock (the window, not the margin), unless set.
#[test]
fn the_window_is_the_queue_crates_period_unless_set() {
    use twilight_gateway_queue::{IDENTIFY_PERIOD, scaled_identify_period};
    assert_eq!(config(&[]).window(), IDENTIFY_PERIOD);
    assert_eq!(
        config(&["--time-scale", "25"]).window(),
        scaled_identify_period(25.0)
    );
    assert!(scaled_identify_period(25.0) < IDENTIFY_PERIOD);
    assert_eq!(
        config(&["--window-ms", "300"]).window(),
        Duration::from_millis(300)
    );
}

#[tokio::test]
async fn each_bot_has_its_own_limits_and_schedule() {
    let service = start(config(&[
        "--window-ms",
        "2000",
        "--total",
        "50",
        "--bot",
        "alpha",
        "--bot",
        "beta",
    ]))
    .await;
    let url = service.url();
    let started = Instant::now();
    // Shard 0 of each bot at once: separate schedules, separate counts.
    for bot in ["alpha", "beta"] {
        let (status, answer) = get(
            &format!("{url}/{bot}/enqueue?shard=0&total=2"),
            Some(SECRET),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(answer["remaining"], 49);
    }
    let (_, answer) = get(&format!("{url}/enqueue?shard=0&total=2"), Some(SECRET)).await;
    assert_eq!(answer["remaining"], 49);
    assert!(started.elapsed() < Duration::from_millis(1500));
    let text = metrics_text(&url).await;
    assert_eq!(
        metric(&text, "gateway_queue_turns_granted_total{bot=\"alpha\"}"),
        1.0
    );
    assert_eq!(
        metric(&text, "gateway_queue_turns_granted_total{bot=\"beta\"}"),
        1.0
    );
    service.stop().await.unwrap();
}

#[tokio::test]
async fn limits_are_fetched_again_periodically() {
    use std::sync::Arc;
    use twilight_gateway_queue::InMemoryQueue;
    let discord = mock(1, 1000, 1000, 1.0).await;
    let service = start(config_for(&discord, &["--refresh-secs", "1"])).await;
    let url = service.url();
    let (_, limits) = get(&format!("{url}/admin/limits"), Some(SECRET)).await;
    assert_eq!(limits["remaining"], 1000);
    // A session started without the service (another tool, a manual
    // restart): Discord counts it, and the next refresh learns it.
    common::run_shards(&discord, [0], 1, Arc::new(InMemoryQueue::default())).await;
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (_, limits) = get(&format!("{url}/admin/limits"), Some(SECRET)).await;
        if limits["remaining"] == 999 {
            break;
        }
        assert!(Instant::now() < deadline, "not refreshed: {limits}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    service.stop().await.unwrap();
}

#[tokio::test]
async fn more_waiting_shards_than_the_cap_get_503_and_no_turn() {
    let service = start(config(&["--window-ms", "60000", "--max-waiting", "3"])).await;
    let url = service.url();
    // Shard 0 goes at once; 1 to 3 wait (one bucket, a minute's window).
    let (_, first) = get(&format!("{url}/enqueue?shard=0&total=9"), Some(SECRET)).await;
    assert_eq!(first["remaining"], 999);
    let mut waiting = Vec::new();
    for shard in 1..=3 {
        let url = url.clone();
        waiting.push(tokio::spawn(async move {
            get(
                &format!("{url}/enqueue?shard={shard}&total=9"),
                Some(SECRET),
            )
            .await
        }));
    }
    loop {
        let text = metrics_text(&url).await;
        if metric(&text, "gateway_queue_waiting{") >= 3.0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let (status, body) = get(&format!("{url}/enqueue?shard=4&total=9"), Some(SECRET)).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(body["error"].as_str().unwrap().contains("too many"));
    // Shutting down answers the waiting ones 503 too: they ask elsewhere.
    service.stop().await.unwrap();
    for ask in waiting {
        let (status, _) = ask.await.unwrap();
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    }
}

#[tokio::test]
async fn a_bad_bot_name_stops_the_start_without_showing_its_token() {
    for bad in ["bad name=tok-123456", "admin=tok-123456", "=tok-123456"] {
        let config = config(&["--bot", bad]);
        let error = gateway_queue_service::start(config).await.unwrap_err();
        let shown = format!("{error} {error:?}");
        assert!(shown.contains("--bot"), "{shown}");
        assert!(!shown.contains("tok-123456"), "{shown}");
    }
}
