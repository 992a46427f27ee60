//! Several instances, one schedule: the Redis store, against the real Redis
//! (`REDIS_URL` or 127.0.0.1:6379; skipped without it, failing in CI).

mod common;

use common::{
    Child, SECRET, TOKEN, call, clean_redis, config, get, mock, rest_host, run_shards, start,
};
use hyper::StatusCode;
use service_support::testing::{require_redis, unique_prefix};
use std::{collections::BTreeMap, sync::Arc, time::Duration};
use tokio::time::Instant;
use twilight_gateway_queue::{Queue, ServiceQueue};

fn redis_flags<'a>(url: &'a str, prefix: &'a str) -> Vec<&'a str> {
    vec!["--redis", url, "--redis-prefix", prefix]
}

#[tokio::test]
async fn two_instances_grant_one_window_at_a_time_in_fifo_order() {
    let Some(url) = require_redis().await else {
        return;
    };
    let prefix = unique_prefix("fifo");
    let mut flags = redis_flags(&url, &prefix);
    flags.extend(["--max-concurrency", "1", "--window-ms", "300"]);
    let a = start(config(&flags)).await;
    let b = start(config(&flags)).await;
    let started = Instant::now();
    let mut asks = tokio::task::JoinSet::new();
    for shard in 0..6u32 {
        let base = if shard % 2 == 0 { a.url() } else { b.url() };
        asks.spawn(async move {
            let answer = get(
                &format!("{base}/enqueue?shard={shard}&total=6"),
                Some(SECRET),
            )
            .await;
            (answer, started.elapsed())
        });
        // Asked in this order, alternating between the instances.
        tokio::time::sleep(Duration::from_millis(40)).await;
    }
    let mut done = asks.join_all().await;
    done.sort_by_key(|(_, at)| *at);
    let shards: Vec<_> = done
        .iter()
        .map(|((_, answer), _)| answer["shard"].as_u64().unwrap())
        .collect();
    assert_eq!(
        shards,
        [0, 1, 2, 3, 4, 5],
        "first come first served across instances"
    );
    let remaining: Vec<_> = done
        .iter()
        .map(|((_, answer), _)| answer["remaining"].as_u64().unwrap())
        .collect();
    assert_eq!(remaining, [999, 998, 997, 996, 995, 994], "one daily count");
    for pair in done.windows(2) {
        let gap = pair[1].1 - pair[0].1;
        // Decided 300 ms apart by Redis's clock; answers may arrive a little
        // closer together.
        assert!(gap >= Duration::from_millis(270), "two turns {gap:?} apart");
    }
    a.stop().await.unwrap();
    b.stop().await.unwrap();
    clean_redis(&url, &prefix).await;
}

#[tokio::test]
async fn on_redis_a_daily_budget_of_5_with_a_reserve_of_0_makes_the_6th_wait_for_the_reset() {
    let Some(url) = require_redis().await else {
        return;
    };
    let prefix = unique_prefix("budget");
    let mut flags = redis_flags(&url, &prefix);
    flags.extend([
        "--max-concurrency",
        "16",
        "--total",
        "5",
        "--reset-after-ms",
        "1500",
    ]);
    let a = start(config(&flags)).await;
    let b = start(config(&flags)).await;
    let started = Instant::now();
    let mut asks = tokio::task::JoinSet::new();
    for shard in 0..6u32 {
        let base = if shard % 2 == 0 { a.url() } else { b.url() };
        asks.spawn(async move {
            let answer = get(
                &format!("{base}/enqueue?shard={shard}&total=6"),
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
    assert_eq!(*status, StatusCode::OK);
    assert!(
        *at >= Duration::from_millis(1400),
        "the 6th went before the reset: {at:?}"
    );
    assert_eq!(sixth["remaining"], 4);
    a.stop().await.unwrap();
    b.stop().await.unwrap();
    clean_redis(&url, &prefix).await;
}

#[tokio::test]
async fn on_redis_a_limit_change_while_shards_wait_keeps_them_all() {
    let Some(url) = require_redis().await else {
        return;
    };
    let prefix = unique_prefix("change");
    let mut flags = redis_flags(&url, &prefix);
    flags.extend(["--max-concurrency", "1", "--window-ms", "300"]);
    let a = start(config(&flags)).await;
    let b = start(config(&flags)).await;
    let mut asks = tokio::task::JoinSet::new();
    for shard in 0..200u32 {
        let base = if shard % 2 == 0 { a.url() } else { b.url() };
        asks.spawn(async move {
            get(
                &format!("{base}/enqueue?shard={shard}&total=200"),
                Some(SECRET),
            )
            .await
        });
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let limits =
        r#"{"max_concurrency":50,"remaining":1000,"reset_after_ms":86400000,"total":1000}"#;
    let (status, _) = call(
        "PUT",
        &format!("{}/admin/limits", a.url()),
        Some(SECRET),
        Some(limits),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let answers = tokio::time::timeout(Duration::from_secs(30), asks.join_all())
        .await
        .unwrap();
    let mut shards: Vec<u64> = answers
        .iter()
        .map(|(status, answer)| {
            assert_eq!(*status, StatusCode::OK, "{answer}");
            answer["shard"].as_u64().unwrap()
        })
        .collect();
    shards.sort_unstable();
    assert_eq!(shards, (0..200).collect::<Vec<_>>());
    // The buckets of the new limits, shard % 50, but for the few granted
    // before the change (one per 300 ms window, all in bucket 0).
    let before = answers
        .iter()
        .filter(|(_, answer)| {
            let bucket = answer["bucket"].as_u64().unwrap();
            let shard = answer["shard"].as_u64().unwrap();
            assert!(bucket == shard % 50 || bucket == 0, "{answer}");
            bucket != shard % 50
        })
        .count();
    assert!(before <= 3, "{before} granted before the change");
    a.stop().await.unwrap();
    b.stop().await.unwrap();
    clean_redis(&url, &prefix).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_one_killed_halfway_every_shard_identifies_once_per_window() {
    let Some(url) = require_redis().await else {
        return;
    };
    const SHARDS: u32 = 48;
    const MAX_CONCURRENCY: u32 = 4;
    let discord = Arc::new(mock(MAX_CONCURRENCY, 1000, 1000, 20.0).await);
    let host = rest_host(&discord);
    let prefix = unique_prefix("kill");
    let args = [
        "--token",
        TOKEN,
        "--discord-proxy",
        &host,
        "--discord-proxy-http",
        "--window-ms",
        "500",
        "--redis",
        &url,
        "--redis-prefix",
        &prefix,
    ];
    let mut a = Child::spawn(&args);
    let b = Child::spawn(&args);
    let mut clients = tokio::task::JoinSet::new();
    for (first, second, range) in [
        (&a.url, &b.url, 0..SHARDS / 2),
        (&b.url, &a.url, SHARDS / 2..SHARDS),
    ] {
        let queue: Arc<dyn Queue> = Arc::new(
            ServiceQueue::new(first)
                .unwrap()
                .with_fallback(second)
                .unwrap()
                .with_secret(SECRET)
                .unwrap(),
        );
        let discord = Arc::clone(&discord);
        clients.spawn(async move { run_shards(&discord, range, SHARDS, queue).await });
    }
    // Half-way through its shards' turns, instance A dies (SIGKILL: no
    // goodbye) while shards wait on it.
    tokio::time::timeout(Duration::from_secs(30), async {
        // Half of the shards that ask it first have their turn.
        while a.grants.lock().unwrap().len() < SHARDS as usize / 4 {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await
    .expect("instance A grants turns");
    a.kill();
    let granted_by_a = a.grants.lock().unwrap().len();
    let waiting_on_a = a.asks.lock().unwrap().len() - granted_by_a;
    assert!(
        waiting_on_a > 0,
        "no shard was waiting on the killed instance"
    );
    assert!(
        granted_by_a > 0 && granted_by_a < SHARDS as usize,
        "{granted_by_a}"
    );
    tokio::time::timeout(Duration::from_secs(60), async {
        while let Some(result) = clients.join_next().await {
            result.unwrap();
        }
    })
    .await
    .expect("every shard identifies");

    let log = discord.log();
    assert_eq!(log.sessions_refused, 0);
    let mut shards: Vec<u32> = log
        .identifies
        .iter()
        .map(|record| record.shard[0])
        .collect();
    shards.sort_unstable();
    shards.dedup();
    assert_eq!(shards.len(), SHARDS as usize, "every shard identified");
    // The mock's log: no bucket had two identifies within one window (5 s
    // of Discord time).
    let mut buckets: BTreeMap<u32, Vec<Duration>> = BTreeMap::new();
    for record in &log.identifies {
        buckets
            .entry(record.shard[0] % MAX_CONCURRENCY)
            .or_default()
            .push(record.at);
    }
    let mut most_lost = 0;
    for (bucket, times) in &mut buckets {
        times.sort_unstable();
        // The windows the bucket went without an identify: the kill costs
        // at most the window of a turn granted to a shard whose answer died
        // with the instance, and the client's reconnect (well under one).
        let span = times[times.len() - 1] - times[0];
        // The mock's log is in Discord time, 20 times the real: the
        // service's 500 ms window is 10 s there.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let windows = (span.as_secs_f64() / 10.0).round() as usize;
        let lost = windows.saturating_sub(times.len() - 1);
        most_lost = most_lost.max(lost);
        assert!(lost <= 2, "bucket {bucket} lost {lost} windows");
        for pair in times.windows(2) {
            assert!(
                pair[1] - pair[0] >= Duration::from_secs(5),
                "bucket {bucket}: identifies {:?} apart",
                pair[1] - pair[0]
            );
        }
    }
    // And the instances' own logs: one grant per bucket per window, across
    // both of them. Redis's clock decides; each instance logs when the
    // answer reached it, so allow 20 ms for that.
    let mut grants: BTreeMap<u32, Vec<f64>> = BTreeMap::new();
    for (shard, at) in a
        .grants
        .lock()
        .unwrap()
        .iter()
        .chain(b.grants.lock().unwrap().iter())
    {
        grants.entry(shard % MAX_CONCURRENCY).or_default().push(*at);
    }
    for (bucket, times) in &mut grants {
        times.sort_by(f64::total_cmp);
        for pair in times.windows(2) {
            assert!(
                pair[1] - pair[0] >= 0.48,
                "bucket {bucket}: grants {} s apart",
                pair[1] - pair[0]
            );
        }
    }
    let b_log = b.log.lock().unwrap().clone();
    println!(
        "killed A after it granted {granted_by_a}, with {waiting_on_a} waiting on it; at most \
         {most_lost} window(s) lost in a bucket; {} identifies, {} grants in all",
        log.identifies.len(),
        grants.values().map(Vec::len).sum::<usize>()
    );
    drop(b);
    // Neither the bot token nor the shared secret reached a log line.
    for log in [a.log.lock().unwrap().clone(), b_log] {
        assert!(log.contains("turn granted"));
        assert!(
            !log.contains(TOKEN) && !log.contains(SECRET),
            "a secret was logged"
        );
    }
    clean_redis(&url, &prefix).await;
}

#[tokio::test]
async fn on_redis_a_client_that_goes_away_gives_its_turn_back_and_health_checks_redis() {
    let Some(url) = require_redis().await else {
        return;
    };
    let prefix = unique_prefix("leave");
    let mut flags = redis_flags(&url, &prefix);
    flags.extend(["--window-ms", "600", "--total", "100"]);
    let a = start(config(&flags)).await;
    let b = start(config(&flags)).await;
    let (status, health) = get(&format!("{}/health", a.url()), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(health["checks"]["redis"]["ok"], true);

    let (_, first) = get(
        &format!("{}/enqueue?shard=0&total=3", a.url()),
        Some(SECRET),
    )
    .await;
    assert_eq!(first["remaining"], 99);
    let started = Instant::now();
    // Shard 1 asks instance A, then goes away before its turn.
    let gone = tokio::spawn({
        let base = a.url();
        async move { get(&format!("{base}/enqueue?shard=1&total=3"), Some(SECRET)).await }
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    gone.abort();
    // Shard 2, on instance B, gets the window shard 1 gave up.
    let (_, third) = get(
        &format!("{}/enqueue?shard=2&total=3", b.url()),
        Some(SECRET),
    )
    .await;
    assert!(
        started.elapsed() < Duration::from_millis(1100),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(third["remaining"], 98, "shard 1 used no session");
    a.stop().await.unwrap();
    b.stop().await.unwrap();
    clean_redis(&url, &prefix).await;
}

#[tokio::test]
async fn a_shard_waiting_on_an_instance_that_shuts_down_keeps_its_place_on_another() {
    let Some(url) = require_redis().await else {
        return;
    };
    let prefix = unique_prefix("handover");
    let mut flags = redis_flags(&url, &prefix);
    flags.extend(["--window-ms", "800", "--max-concurrency", "1"]);
    let a = start(config(&flags)).await;
    let b = start(config(&flags)).await;
    let (a_url, b_url) = (a.url(), b.url());
    let (_, first) = get(&format!("{a_url}/enqueue?shard=0&total=3"), Some(SECRET)).await;
    assert_eq!(first["remaining"], 999);
    // Shard 1 waits on A, then shard 2 on B, behind it.
    let one = tokio::spawn({
        let a_url = a_url.clone();
        async move { get(&format!("{a_url}/enqueue?shard=1&total=3"), Some(SECRET)).await }
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    let two = tokio::spawn({
        let b_url = b_url.clone();
        async move { get(&format!("{b_url}/enqueue?shard=2&total=3"), Some(SECRET)).await }
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    // A shuts down: shard 1 is told 503 and asks B, where it is still first.
    a.stop().await.unwrap();
    let (status, _) = one.await.unwrap();
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    let (status, again) = get(&format!("{b_url}/enqueue?shard=1&total=3"), Some(SECRET)).await;
    assert_eq!(status, StatusCode::OK);
    let ((_, second), _) = (two.await.unwrap(), ());
    assert_eq!(again["remaining"], 998, "shard 1 kept its place: {again}");
    assert_eq!(second["remaining"], 997, "shard 2 went after it: {second}");
    b.stop().await.unwrap();
    clean_redis(&url, &prefix).await;
}
