//! The shared scenarios against the real Redis (`REDIS_URL`, else
//! `redis://127.0.0.1:6379`).

mod common;

use std::time::Duration;
use twilight_gateway_broker::redis::RedisBroker;
use twilight_gateway_broker::{
    CommandPublisher, CommandSubscriber, Consumer, ConsumerConfig, Layout, PublishConfig,
    Publisher, Retention,
};

struct Redis(RedisBroker);

fn url() -> String {
    std::env::var("REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".to_owned())
}

impl Redis {
    async fn available() -> bool {
        let answer = async {
            let client = redis::Client::open(url()).map_err(|why| why.to_string())?;
            let mut connection = tokio::time::timeout(
                Duration::from_secs(3),
                client.get_multiplexed_async_connection(),
            )
            .await
            .map_err(|_| "no answer within 3 s".to_owned())?
            .map_err(|why| why.to_string())?;
            redis::cmd("PING")
                .query_async::<String>(&mut connection)
                .await
                .map(drop)
                .map_err(|why| why.to_string())
        }
        .await;
        common::require("Redis", &url(), answer)
    }
}

impl common::Harness for Redis {
    async fn start(retention: Retention) -> Self {
        let layout = Layout::new(&common::unique_app("redis")).unwrap();
        Self(
            RedisBroker::connect(&url(), layout, retention)
                .await
                .unwrap(),
        )
    }

    async fn publisher(&self) -> Box<dyn Publisher> {
        Box::new(self.0.publisher(&PublishConfig::default()))
    }

    async fn consumer(&self, config: ConsumerConfig) -> Box<dyn Consumer> {
        Box::new(self.0.consumer(config).await.unwrap())
    }

    async fn command_publisher(&self) -> Box<dyn CommandPublisher> {
        Box::new(self.0.command_publisher())
    }

    async fn command_subscriber(&self, shards: Vec<u32>) -> Box<dyn CommandSubscriber> {
        Box::new(
            self.0
                .command_subscriber(shards, Duration::from_secs(1))
                .await
                .unwrap(),
        )
    }

    async fn stored(&self, event_type: &str) -> usize {
        redis::cmd("XLEN")
            .arg(self.0.layout().event(event_type, 0).unwrap())
            .query_async(&mut self.0.connection())
            .await
            .unwrap()
    }

    fn retention_slack(&self) -> usize {
        // `MAXLEN ~` trims whole nodes: stream-node-max-entries (100).
        100
    }
}

impl Drop for Redis {
    fn drop(&mut self) {
        // The keys of a test app are removed, even after a failed
        // assertion, so repeated runs leave nothing behind on the server.
        let mut connection = self.0.connection();
        let pattern = format!("discord.{}.*", self.0.layout().app());
        tokio::task::block_in_place(|| {
            tokio::runtime::Handle::current().block_on(async {
                let keys: Vec<String> = redis::cmd("KEYS")
                    .arg(pattern)
                    .query_async(&mut connection)
                    .await
                    .unwrap_or_default();
                if !keys.is_empty() {
                    let _ = redis::cmd("DEL")
                        .arg(keys)
                        .query_async::<i64>(&mut connection)
                        .await;
                }
            });
        });
    }
}

scenarios!(Redis);

/// A Redis that forgot the publish script (restarted without persistence
/// of scripts, or `SCRIPT FLUSH`) still takes publishes: the writer loads
/// the script again and resends, and nothing is stored twice.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn publishing_survives_a_flushed_script_cache() {
    use common::Harness as _;
    if !Redis::available().await {
        return;
    }
    let broker = Redis::start(Retention::default()).await;
    let publisher = broker.publisher().await;
    let first = common::dispatch(
        "MESSAGE_CREATE",
        "sess",
        1,
        twilight_model::gateway::ShardId::ONE,
    );
    assert!(
        !publisher
            .publish(first.clone())
            .await
            .unwrap()
            .await
            .unwrap()
            .duplicate
    );
    redis::cmd("SCRIPT")
        .arg("FLUSH")
        .query_async::<()>(&mut broker.0.connection())
        .await
        .unwrap();
    let second = common::dispatch(
        "MESSAGE_CREATE",
        "sess",
        2,
        twilight_model::gateway::ShardId::ONE,
    );
    let acks = [
        publisher.publish(first).await.unwrap(),
        publisher.publish(second).await.unwrap(),
    ];
    let mut duplicates = Vec::new();
    for ack in acks {
        duplicates.push(ack.await.unwrap().duplicate);
    }
    assert_eq!(duplicates, [true, false]);
    let stored: usize = redis::cmd("XLEN")
        .arg(broker.0.layout().event("MESSAGE_CREATE", 0).unwrap())
        .query_async(&mut broker.0.connection())
        .await
        .unwrap();
    assert_eq!(stored, 2);
}
