//! Many shards in one process, polled as one stream of `(shard, event)`.
//!
//! The bot asks GET /gateway/bot how many shards to run and how many may
//! start at once, creates them all with one shared session start queue, and
//! reads every shard's events from one `ShardEventStream`. Each shard is
//! woken on its own, so an event on one does not poll the others.
//!
//! ```text
//! cargo run -p examples --bin shards-stream
//! DISCORD_TOKEN=... cargo run -p examples --bin shards-stream
//! ```

use examples::{BoxError, Setup, shutdown_signal};
use futures_util::StreamExt;
use std::{collections::BTreeMap, sync::Arc, time::Duration};
use twilight_gateway::{EventTypeFlags, InMemoryQueue, ShardEventStream, create_range};
use twilight_model::gateway::{Intents, event::Event};

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let setup = Setup::from_env_with(12, 3, 1.0, |config| {
        config.recommended_shards = 4;
        config.session_start_limit.max_concurrency = 4;
    })
    .await?;

    let info = setup.http().get_bot_gateway().await?.model().await?;
    let (total, limit) = (info.shards, info.session_start_limit);
    println!(
        "running {total} shards, {} may start at once",
        limit.max_concurrency
    );
    // One queue for every shard: it keeps Discord's session start limits
    // for all of them.
    let queue = InMemoryQueue::new(
        limit.max_concurrency,
        limit.remaining,
        Duration::from_millis(limit.reset_after),
        limit.total,
    );
    let config = setup
        .gateway_config(Intents::GUILDS)
        .queue(Arc::new(queue))
        .build();
    let shards = create_range(0..total, total, config, |_, config| config)?;
    let mut events =
        ShardEventStream::new(shards, EventTypeFlags::READY | EventTypeFlags::GUILD_CREATE);

    // Guilds each shard still has to receive, from its READY.
    let mut pending: BTreeMap<u32, usize> = BTreeMap::new();
    let mut received: BTreeMap<u32, usize> = BTreeMap::new();
    let shutdown = shutdown_signal();
    tokio::pin!(shutdown);
    loop {
        let (shard_id, item) = tokio::select! {
            Some(next) = events.next() => next,
            () = &mut shutdown => break,
            else => break,
        };
        let shard = shard_id.number();
        match item {
            Ok(Event::Ready(ready)) => {
                println!("shard {shard} READY with {} guild(s)", ready.guilds.len());
                pending.insert(shard, ready.guilds.len());
            }
            Ok(Event::GuildCreate(guild)) => {
                println!("shard {shard}: GUILD_CREATE {}", guild.id());
                *received.entry(shard).or_default() += 1;
            }
            Ok(_) => {}
            Err(error) if error.is_fatal() => return Err(error.into()),
            Err(error) => eprintln!("shard {shard}: {error}"),
        }
        // Against the local Discord, stop once every shard has all its
        // guilds; a bot keeps running.
        let done = pending.len() == total as usize
            && pending
                .iter()
                .all(|(shard, n)| received.get(shard).copied().unwrap_or(0) >= *n);
        if setup.is_local() && done {
            break;
        }
    }
    println!("guilds per shard: {received:?}");
    Ok(())
}
