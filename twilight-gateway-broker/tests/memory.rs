//! The shared scenarios against the in-memory broker.

mod common;

use std::time::Duration;
use twilight_gateway_broker::{
    CommandPublisher, CommandSubscriber, Consumer, ConsumerConfig, Family, Layout, MemoryBroker,
    PublishConfig, Publisher, Retention,
};

struct Memory(MemoryBroker);

impl Memory {
    async fn available() -> bool {
        true
    }
}

impl common::Harness for Memory {
    async fn start(retention: Retention) -> Self {
        Self(MemoryBroker::new(
            Layout::new(&common::unique_app("mem")).unwrap(),
            retention,
        ))
    }

    async fn publisher(&self) -> Box<dyn Publisher> {
        Box::new(self.0.publisher(&PublishConfig::default()))
    }

    async fn consumer(&self, config: ConsumerConfig) -> Box<dyn Consumer> {
        Box::new(self.0.consumer(config).unwrap())
    }

    async fn command_publisher(&self) -> Box<dyn CommandPublisher> {
        Box::new(self.0.command_publisher())
    }

    async fn command_subscriber(&self, shards: Vec<u32>) -> Box<dyn CommandSubscriber> {
        Box::new(self.0.command_subscriber(shards, Duration::from_secs(1)))
    }

    async fn stored(&self, _event_type: &str) -> usize {
        self.0.len(Family::Events)
    }
}

scenarios!(Memory);
