//! A worker behind a message broker: it consumes events from the broker
//! (not from a shard), keeps a cache from them, and answers `!ping`
//! through the HTTP API, as one of many worker processes of a bot split
//! into services would.
//!
//! - `BROKER_URL`: `nats://…` (JetStream) or `redis://…` (Redis Streams);
//!   unset, an in-process broker.
//! - `BROKER_APP`: the application's name in the subjects (default
//!   `example-bot`).
//! - `HTTP_BASE_URL`: where requests go, e.g. the HTTP proxy service
//!   (default: the local Discord, or Discord's API with `DISCORD_TOKEN`).
//!
//! Something must publish the events: the gateway cluster service, or,
//! against the local Discord or without `BROKER_URL`, a shard this example
//! runs itself and forwards raw dispatches from, as the cluster does.
//!
//! ```text
//! cargo run -p examples --bin broker-worker
//! BROKER_URL=nats://127.0.0.1:4222 cargo run -p examples --bin broker-worker
//! ```

use bytes::Bytes;
use examples::{BoxError, Setup, shutdown_signal};
use serde_json::json;
use std::sync::Arc;
use twilight_cache_inmemory::InMemoryCache;
use twilight_gateway::{EventTypeFlags, Shard};
use twilight_gateway_broker::nats::NatsBroker;
use twilight_gateway_broker::redis::RedisBroker;
use twilight_gateway_broker::{
    Consumer, ConsumerConfig, Layout, MemoryBroker, OutgoingEvent, PublishConfig, Publisher,
    Retention,
};
use twilight_model::gateway::{Intents, ShardId, event::Event};

/// The event types this worker needs: the cache's and the command's.
const WANTED: &[&str] = &[
    "READY",
    "GUILD_CREATE",
    "GUILD_UPDATE",
    "GUILD_DELETE",
    "CHANNEL_CREATE",
    "CHANNEL_UPDATE",
    "CHANNEL_DELETE",
    "MESSAGE_CREATE",
];

async fn broker(layout: Layout) -> Result<(Arc<dyn Publisher>, Box<dyn Consumer>), BoxError> {
    let config = ConsumerConfig::new("ping-workers", format!("worker-{}", std::process::id()))
        .event_types(WANTED.iter().copied());
    let retention = Retention::default();
    let publish = PublishConfig::default();
    Ok(match std::env::var("BROKER_URL").ok() {
        Some(url) if url.starts_with("nats://") => {
            let broker = NatsBroker::connect(&url, layout, &retention).await?;
            (
                Arc::new(broker.publisher(&publish)),
                Box::new(broker.consumer(config).await?),
            )
        }
        Some(url) if url.starts_with("redis://") => {
            let broker = RedisBroker::connect(&url, layout, retention).await?;
            (
                Arc::new(broker.publisher(&publish)),
                Box::new(broker.consumer(config).await?),
            )
        }
        Some(url) => return Err(format!("BROKER_URL {url:?}: use nats:// or redis://").into()),
        None => {
            let broker = MemoryBroker::new(layout, retention);
            (
                Arc::new(broker.publisher(&publish)),
                Box::new(broker.consumer(config)?),
            )
        }
    })
}

/// What the gateway cluster does, in miniature: a shard's raw dispatches
/// to the broker, each counted only once the broker acknowledged it.
async fn forward(mut shard: Shard, publisher: Arc<dyn Publisher>) -> Result<(), BoxError> {
    let mut session = String::from("unknown");
    while let Some(item) = shard.next_raw(EventTypeFlags::all()).await {
        let raw = match item {
            Ok(raw) => raw,
            Err(error) if error.is_fatal() => return Err(error.into()),
            Err(error) => {
                eprintln!("receiving: {error}");
                continue;
            }
        };
        if let Some(current) = shard.session() {
            current.id().clone_into(&mut session);
        }
        let event = OutgoingEvent::from_dispatch(
            Bytes::from(raw.into_json()),
            shard.id(),
            session.as_str(),
        )?;
        // One at a time here; the cluster keeps many in flight.
        publisher.publish(event).await?.await?;
    }
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let setup = Setup::from_env(1, 5, 1.0).await?;
    let app = std::env::var("BROKER_APP").unwrap_or_else(|_| "example-bot".to_owned());
    let (publisher, mut consumer) = broker(Layout::new(&app)?).await?;
    let http = match std::env::var("HTTP_BASE_URL") {
        Ok(url) => setup.http_builder().base_url(&url).build(),
        Err(_) => setup.http(),
    };

    if setup.is_local() || std::env::var("BROKER_URL").is_err() {
        let intents = Intents::GUILDS | Intents::GUILD_MESSAGES | Intents::MESSAGE_CONTENT;
        let shard = Shard::new(ShardId::ONE, setup.gateway_config(intents).build());
        tokio::spawn(async move {
            if let Err(error) = forward(shard, publisher).await {
                eprintln!("forwarding: {error}");
            }
        });
    }

    let cache = InMemoryCache::new();
    let mut asked = false;
    let shutdown = shutdown_signal();
    tokio::pin!(shutdown);
    loop {
        let delivery = tokio::select! {
            delivery = consumer.next() => delivery?,
            () = &mut shutdown => break,
        };
        let event = match delivery.event() {
            Ok(event) => event,
            Err(error) => {
                // It will not parse on another try either: let it become a
                // dead letter rather than block the group.
                eprintln!("{}: {error}", delivery.stable_id());
                delivery.nack(std::time::Duration::ZERO).await?;
                continue;
            }
        };
        cache.update(&event);
        let mut done = false;
        match &event {
            Event::GuildCreate(_) if !asked => {
                println!("cached {} guild(s)", cache.stats().guilds);
                // Against the local Discord, a user asks once.
                if let (Some(mock), Some(user)) = (&setup.mock, setup.local_user()) {
                    let channel = setup.text_channel()?;
                    mock.rest().user_message(
                        channel.get(),
                        user.get(),
                        &json!({ "content": "!ping" }),
                    )?;
                    asked = true;
                }
            }
            Event::MessageCreate(message) if message.content == "!ping" => {
                let channel = cache.channel(message.channel_id).map_or_else(
                    || "an uncached channel".to_owned(),
                    |channel| channel.name.as_deref().unwrap_or_default().to_owned(),
                );
                http.create_message(message.channel_id)
                    .content("pong")
                    .await?;
                println!(
                    "answered !ping in #{channel} (delivery {} of {})",
                    delivery.delivery_count(),
                    delivery.stable_id()
                );
                done = setup.is_local();
            }
            _ => {}
        }
        // Acknowledged only once handled: a crash before this line means
        // another worker gets the event again.
        delivery.ack().await?;
        if done {
            break;
        }
    }
    Ok(())
}
