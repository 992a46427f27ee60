//! The cluster as OS processes against twilight-mock, the real NATS
//! JetStream and the real Redis: nothing is lost when a cluster is killed,
//! when the broker goes away, or when connections drop; commands from
//! workers reach their shard. Every scenario runs once per broker (the
//! `nats::` and `redis::` tests); sessions are in Redis either way.

mod common;

use common::*;
use std::time::Duration;
use twilight_gateway_broker::ShardCommand;
use twilight_mock::gateway::NumberedStream;
use twilight_model::gateway::command::RequestGuildMembers;

/// One `#[tokio::test]` per scenario and broker, in modules `nats` and
/// `redis`; `[redis: attribute]` applies to the Redis test alone.
macro_rules! on_each_broker {
    ($($scenario:ident $([redis: $attribute:meta])?),* $(,)?) => {
        mod nats {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $scenario() {
                    super::$scenario(super::Kind::Nats).await;
                }
            )*
        }
        mod redis {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                $(#[$attribute])?
                async fn $scenario() {
                    super::$scenario(super::Kind::Redis).await;
                }
            )*
        }
    };
}

on_each_broker!(
    a_cluster_killed_mid_stream_resumes_and_loses_nothing,
    the_broker_unreachable_mid_stream_loses_nothing,
    a_thousand_dropped_connections_lose_nothing,
    a_command_from_a_worker_reaches_its_shard,
);

/// The kill test's event count: `CLUSTER_TEST_EVENTS`, else 100,000.
fn kill_test_events() -> u64 {
    std::env::var("CLUSTER_TEST_EVENTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000)
}

async fn a_cluster_killed_mid_stream_resumes_and_loses_nothing(kind: Kind) {
    let Some(env) = require(kind).await else {
        return;
    };
    let count = kill_test_events();
    let mock = mock().await;
    let app = env.app("kill");
    let base = ClusterArgs::new(&env, &mock, &app, (0, 8, 8));
    let first = ClusterArgs {
        shards: (0, 4, 8),
        ..base.clone()
    };
    let second = ClusterArgs {
        shards: (4, 8, 8),
        ..base
    };
    let _a = Cluster::start(&first).await;
    let b = Cluster::start(&second).await;
    mock.wait_for_identifies(8).await;
    let collector = tokio::spawn({
        let (env, app) = (env.clone(), app.name.clone());
        async move { collect(&env, &app, count, Duration::from_secs(240)).await }
    });

    let driver = mock.spawn_numbered_stream(NumberedStream {
        guilds: guilds(8),
        count,
        per_second: 4000,
    });
    while driver.sent() < count / 3 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    b.kill().await;
    let killed_at = driver.sent();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let _b = Cluster::start(&second).await;
    assert_eq!(driver.finished().await, count);

    let received = collector.await.unwrap();
    assert_eq!(received.missing(count), Vec::<u64>::new(), "events lost");
    // Exactly once after de-duplication by stable id.
    assert_eq!(received.stable_ids.len() as u64, count);
    // The restarted shards resumed their sessions; nobody identified again.
    let identified = identified_shards(&mock);
    assert_eq!(identified.len(), 8, "identifies: {identified:?}");
    let restarted: Vec<String> = mock
        .identifies()
        .iter()
        .filter(|record| record.shard[0] >= 4)
        .map(|record| record.session_id.clone())
        .collect();
    let resumed = resumed_sessions(&mock);
    for session in &restarted {
        assert!(resumed.contains(session), "session {session} not resumed");
    }
    println!(
        "{count} events, cluster killed after {killed_at}: {} deliveries, {} duplicates removed",
        received.deliveries,
        received.deliveries as u64 - count
    );
}

async fn the_broker_unreachable_mid_stream_loses_nothing(kind: Kind) {
    let Some(env) = require(kind).await else {
        return;
    };
    let count = 6_000;
    let mock = mock().await;
    let app = env.app("proxy");
    let proxy = Proxy::start(&host_of(&env.broker_url)).await;
    let proxied = env.with_broker_url(with_host(&env.broker_url, proxy.addr));
    let cluster = Cluster::start(&ClusterArgs::new(&proxied, &mock, &app, (0, 2, 2))).await;
    mock.wait_for_identifies(2).await;
    let collector = tokio::spawn({
        let (env, app) = (env.clone(), app.name.clone());
        async move { collect(&env, &app, count, Duration::from_secs(120)).await }
    });
    let driver = mock.spawn_numbered_stream(NumberedStream {
        guilds: guilds(2),
        count,
        per_second: 1000,
    });
    while driver.sent() < count / 3 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    proxy.cut();
    let cut_at = driver.sent();
    tokio::time::sleep(Duration::from_secs(3)).await;
    proxy.restore().await;
    assert_eq!(driver.finished().await, count);
    let received = collector.await.unwrap();
    assert_eq!(received.missing(count), Vec::<u64>::new(), "events lost");
    assert_eq!(received.stable_ids.len() as u64, count);
    assert!(cut_at < count, "the broker was cut mid-stream");
    // A planned shutdown exits 0.
    assert!(cluster.terminate().await.success());
}

async fn a_thousand_dropped_connections_lose_nothing(kind: Kind) {
    let Some(env) = require(kind).await else {
        return;
    };
    let count = 20_000;
    let shards = 16;
    let mock = mock().await;
    let app = env.app("drops");
    let _cluster = Cluster::start(&ClusterArgs::new(&env, &mock, &app, (0, shards, shards))).await;
    mock.wait_for_identifies(shards as usize).await;
    let collector = tokio::spawn({
        let (env, app) = (env.clone(), app.name.clone());
        async move { collect(&env, &app, count, Duration::from_secs(180)).await }
    });
    let driver = mock.spawn_numbered_stream(NumberedStream {
        guilds: guilds(u64::from(shards)),
        count,
        per_second: 1000,
    });
    let drops = mock.spawn_disconnects((0..shards).collect(), 1_000, 100);
    assert_eq!(drops.finished().await, 1_000);
    let sent = driver.finished().await;
    assert_eq!(sent, count);
    let received = collector.await.unwrap();
    assert_eq!(received.missing(count), Vec::<u64>::new(), "events lost");
    assert_eq!(received.stable_ids.len() as u64, count);
    assert_eq!(
        identified_shards(&mock).len(),
        shards as usize,
        "a drop led to a new IDENTIFY"
    );
    // The last drops' resumes may still be under way.
    let _ = tokio::time::timeout(
        Duration::from_secs(30),
        mock.wait_for(|log| log.resumes.iter().filter(|record| record.resumed).count() >= 1_000),
    )
    .await;
    let resumes = mock
        .resumes()
        .iter()
        .filter(|record| record.resumed)
        .count();
    println!("1000 connections dropped: {resumes} resumes");
    assert!(resumes >= 1_000, "each dropped session resumed: {resumes}");
}

async fn a_command_from_a_worker_reaches_its_shard(kind: Kind) {
    let Some(env) = require(kind).await else {
        return;
    };
    let mock = mock().await;
    let app = env.app("command");
    let _cluster = Cluster::start(&ClusterArgs::new(&env, &mock, &app, (0, 2, 2))).await;
    mock.wait_for_identifies(2).await;
    let guild = guilds(2)[1];
    env.command_publisher(&app.name)
        .await
        .send(ShardCommand::new(1, RequestGuildMembers::query(guild, "", 0)).unwrap())
        .await
        .unwrap();
    let shard_one = mock
        .identifies()
        .iter()
        .find(|record| record.shard == [1, 2])
        .unwrap()
        .connection;
    tokio::time::timeout(
        Duration::from_secs(30),
        mock.wait_for(|log| {
            log.payloads
                .iter()
                .any(|payload| payload.op == Some(8) && payload.raw.contains(&guild.to_string()))
        }),
    )
    .await
    .expect("the command reached the gateway");
    let carriers: Vec<u64> = mock
        .payloads()
        .iter()
        .filter(|payload| payload.op == Some(8))
        .map(|payload| payload.connection)
        .collect();
    assert_eq!(carriers, vec![shard_one], "sent once, by shard 1");
}
