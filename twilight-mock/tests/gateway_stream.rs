//! The load drivers: a numbered stream reaches every session owning each
//! guild, whatever its shard count; dropped connections stay resumable.

mod gateway_support;

use gateway_support::*;
use twilight_mock::gateway::NumberedStream;
use twilight_model::id::Id;

/// The `content` numbers of the next `n` MESSAGE_CREATEs.
async fn numbers(client: &mut Client, n: usize) -> Vec<u64> {
    let mut seen = Vec::new();
    while seen.len() < n {
        let payload = client.payload().await;
        if payload["t"] == "MESSAGE_CREATE" {
            seen.push(payload["d"]["content"].as_str().unwrap().parse().unwrap());
        }
    }
    seen
}

#[tokio::test]
async fn a_numbered_stream_reaches_sessions_of_every_shard_count() {
    within(async {
        let mut config = config();
        config.session_start_limit.max_concurrency = 16;
        let gateway = start(config, World::new(2, 0)).await;
        // Guild 1 << 22 is on shard 1 of 2, guild 2 << 22 on shard 0 of 2.
        let (mut whole, _) = Client::ready(&gateway.url(), [0, 1]).await;
        let (mut shard_one, _) = Client::ready(&gateway.url(), [1, 2]).await;
        // Shard 0 of 2 is in shard 0 of 1's identify bucket: wait its
        // window (5 s Discord time) out.
        tokio::time::sleep(std::time::Duration::from_millis(150)).await;
        let (mut shard_zero, _) = Client::ready(&gateway.url(), [0, 2]).await;
        let driver = gateway.spawn_numbered_stream(NumberedStream {
            guilds: vec![Id::new(1 << 22), Id::new(2 << 22)],
            count: 40,
            per_second: 2000,
        });
        assert_eq!(driver.finished().await, 40);
        assert_eq!(numbers(&mut whole, 40).await, (0..40).collect::<Vec<_>>());
        assert_eq!(
            numbers(&mut shard_one, 20).await,
            (0..40).step_by(2).collect::<Vec<_>>()
        );
        assert_eq!(
            numbers(&mut shard_zero, 20).await,
            (1..40).step_by(2).collect::<Vec<_>>()
        );
    })
    .await;
}

#[tokio::test]
async fn disconnects_drop_the_connections_of_the_shards_named() {
    within(async {
        let gateway = start(config(), World::new(1, 0)).await;
        let (mut client, _) = Client::ready(&gateway.url(), [0, 1]).await;
        let driver = gateway.spawn_disconnects(vec![0], 1, 100);
        assert_eq!(driver.finished().await, 1);
        // Dropped without a close frame: the session stays resumable.
        assert_eq!(client.close_code().await, None);
    })
    .await;
}
