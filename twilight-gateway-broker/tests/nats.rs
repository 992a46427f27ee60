//! The shared scenarios against the real NATS JetStream (`NATS_URL`, else
//! `127.0.0.1:4222`).

mod common;

use std::time::Duration;
use twilight_gateway_broker::nats::NatsBroker;
use twilight_gateway_broker::{
    CommandPublisher, CommandSubscriber, Consumer, ConsumerConfig, Family, Layout, PublishConfig,
    Publisher, Retention,
};

struct Nats(NatsBroker);

fn url() -> String {
    std::env::var("NATS_URL").unwrap_or_else(|_| "nats://127.0.0.1:4222".to_owned())
}

impl Nats {
    async fn available() -> bool {
        let answer =
            match tokio::time::timeout(Duration::from_secs(3), async_nats::connect(url())).await {
                Ok(Ok(_)) => Ok(()),
                Ok(Err(why)) => Err(why.to_string()),
                Err(_) => Err("no answer within 3 s".to_owned()),
            };
        common::require("NATS", &url(), answer)
    }
}

impl common::Harness for Nats {
    async fn start(retention: Retention) -> Self {
        let layout = Layout::new(&common::unique_app("nats")).unwrap();
        Self(
            NatsBroker::connect(&url(), layout, &retention)
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

    async fn stored(&self, _event_type: &str) -> usize {
        let mut stream = self
            .0
            .context()
            .get_stream(self.0.layout().stream(Family::Events))
            .await
            .unwrap();
        usize::try_from(stream.info().await.unwrap().state.messages).unwrap()
    }
}

impl Drop for Nats {
    fn drop(&mut self) {
        // The streams of a test app are removed, even after a failed
        // assertion, so repeated runs leave nothing behind on the server.
        let context = self.0.context().clone();
        let layout = self.0.layout().clone();
        tokio::task::block_in_place(|| {
            tokio::runtime::Handle::current().block_on(async {
                for family in [Family::Events, Family::Dead, Family::Commands] {
                    let _ = context.delete_stream(layout.stream(family)).await;
                }
            });
        });
    }
}

scenarios!(Nats);
