//! Gateway only: forward raw event payloads, as a gateway cluster does to
//! a message broker, without parsing them.
//!
//! `next_raw` hands out each wanted dispatch as the JSON text that arrived
//! (decompressed), with the event name and sequence number the shard read
//! from its envelope. Here a channel stands in for the broker (NATS,
//! Redis Streams, Kafka) and a task for the consumers behind it.
//!
//! ```text
//! cargo run -p examples --bin gateway-raw
//! DISCORD_TOKEN=... cargo run -p examples --bin gateway-raw
//! ```

use examples::{BoxError, Setup, shutdown_signal};
use serde_json::json;
use tokio::sync::mpsc;
use twilight_gateway::{EventTypeFlags, Shard};
use twilight_model::gateway::{Intents, ShardId};

/// What a cluster publishes: the shard, the event name (as a subject or
/// stream key), the sequence number (to drop duplicates after a resume)
/// and the payload.
struct Publish {
    shard: u32,
    name: String,
    sequence: u64,
    payload: String,
}

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let setup = Setup::from_env(2, 5, 1.0).await?;
    let intents = Intents::GUILDS | Intents::GUILD_MESSAGES;
    let shard_id = ShardId::ONE;
    let mut shard = Shard::new(shard_id, setup.gateway_config(intents).build());
    // Everything but the events no consumer reads, such as typing.
    let wanted = EventTypeFlags::all() - EventTypeFlags::TYPING_START;

    // The broker stand-in.
    let (broker, mut consumer) = mpsc::channel::<Publish>(1024);
    let consumer = tokio::spawn(async move {
        let mut forwarded = 0;
        while let Some(event) = consumer.recv().await {
            println!(
                "forwarded {} #{} of shard {} ({} bytes)",
                event.name,
                event.sequence,
                event.shard,
                event.payload.len()
            );
            forwarded += 1;
        }
        forwarded
    });

    let mut greeted = false;
    let shutdown = shutdown_signal();
    tokio::pin!(shutdown);
    loop {
        let item = tokio::select! {
            item = shard.next_raw(wanted) => item,
            () = &mut shutdown => break,
        };
        let raw = match item {
            Some(Ok(raw)) => raw,
            Some(Err(error)) if error.is_fatal() => return Err(error.into()),
            Some(Err(error)) => {
                eprintln!("receiving: {error}");
                continue;
            }
            None => break,
        };
        // Against the local Discord, a user writes once the first guild is
        // there, so that more than the start-up events flow.
        if raw.name() == "GUILD_CREATE"
            && !greeted
            && let (Some(mock), Some(user)) = (&setup.mock, setup.local_user())
        {
            let channel = setup.text_channel()?;
            mock.rest()
                .user_message(channel.get(), user.get(), &json!({ "content": "hello" }))?;
            greeted = true;
        }
        let event = Publish {
            shard: shard_id.number(),
            name: raw.name().to_owned(),
            sequence: raw.sequence(),
            payload: raw.into_json(),
        };
        let last = setup.is_local() && event.name == "MESSAGE_CREATE";
        // A full channel holds the shard back rather than losing events. A
        // shard that is not polled does not heartbeat either, so a broker
        // stuck for long needs a buffer (or a disk) in between.
        if broker.send(event).await.is_err() || last {
            break;
        }
    }
    drop(broker);
    let forwarded = consumer.await?;
    println!("forwarded {forwarded} events unparsed");
    Ok(())
}
