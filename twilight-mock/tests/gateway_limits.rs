//! Session start limits: the identify window per `max_concurrency` bucket and
//! the daily total.

mod gateway_support;

use gateway_support::*;
use std::time::Duration;
use twilight_mock::MockConfig;

#[tokio::test]
async fn identify_window_per_bucket() {
    within(async {
        let mut config = config();
        // 5 s at 50x: 100 ms.
        config.session_start_limit.max_concurrency = 4;
        let gateway = start(config, World::new(16, 1)).await;
        let url = gateway.url();
        let mut shards = Vec::new();
        for id in 0..8u32 {
            let url = url.clone();
            shards.push(tokio::spawn(async move {
                let mut client = Client::connect(&url, "/?v=10&encoding=json").await;
                client.hello().await;
                loop {
                    client.identify([id, 8], 1).await;
                    let answer = client.payload().await;
                    if answer["t"] == "READY" {
                        return client;
                    }
                    assert_eq!(answer["op"], 9, "{answer}");
                    assert_eq!(answer["d"], false);
                    // Wait 1 s (Discord), then try again on the same connection.
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            }));
        }
        let mut clients = Vec::new();
        for shard in shards {
            clients.push(shard.await.unwrap());
        }
        let identifies = gateway.identifies();
        assert_eq!(identifies.len(), 8);
        for bucket in 0..4 {
            let times: Vec<Duration> = identifies
                .iter()
                .filter(|i| i.shard[0] % 4 == bucket)
                .map(|i| i.at)
                .collect();
            assert_eq!(times.len(), 2);
            assert!(
                times[1] - times[0] >= Duration::from_secs(5),
                "bucket {bucket}: {times:?}"
            );
        }
        // The first round let one shard per bucket through: four refused at
        // least once.
        assert!(
            gateway.sessions_refused() >= 4,
            "{}",
            gateway.sessions_refused()
        );
        assert_eq!(gateway.sessions_started(), 8);
        assert_eq!(gateway.session_start_limit().remaining, 1000 - 8);
    })
    .await;
}

#[tokio::test]
async fn exceeding_the_daily_limit_resets_the_token() {
    within(async {
        let mut config = MockConfig { ..config() };
        config.session_start_limit.total = 2;
        config.session_start_limit.remaining = 2;
        config.session_start_limit.max_concurrency = 16;
        let gateway = start(config, World::new(1, 1)).await;
        let (mut first, _) = Client::ready(&gateway.url(), [0, 4]).await;
        let (_second, _) = Client::ready(&gateway.url(), [1, 4]).await;
        assert_eq!(gateway.session_start_limit().remaining, 0);
        let mut third = Client::connect(&gateway.url(), "/?v=10&encoding=json").await;
        third.hello().await;
        third.identify([2, 4], 1).await;
        assert_eq!(third.close_code().await, Some(4004));
        // Every session is terminated.
        assert_eq!(first.close_code().await, Some(4004));
        assert!(gateway.token_reset());
        assert_eq!(gateway.log().daily_limit_exceeded, 1);
        // Until the token is restored, identifies fail.
        let mut fourth = Client::connect(&gateway.url(), "/?v=10&encoding=json").await;
        fourth.hello().await;
        fourth.identify([3, 4], 1).await;
        assert_eq!(fourth.close_code().await, Some(4004));
        gateway.restore_token();
        let (_fifth, _) = Client::ready(&gateway.url(), [3, 4]).await;
    })
    .await;
}

#[tokio::test]
async fn daily_limit_resets_after_reset_after() {
    within(async {
        let mut config = config();
        config.session_start_limit.total = 1;
        config.session_start_limit.remaining = 0;
        // 10 s at 50x: 200 ms.
        config.session_start_limit.reset_after = Duration::from_secs(10);
        let gateway = start(config, World::new(1, 1)).await;
        assert_eq!(gateway.session_start_limit().remaining, 0);
        tokio::time::sleep(Duration::from_millis(250)).await;
        let limit = gateway.session_start_limit();
        assert_eq!(limit.remaining, 1);
        assert!(limit.reset_after <= Duration::from_secs(10));
        let (_client, _) = Client::ready(&gateway.url(), [0, 1]).await;
    })
    .await;
}
