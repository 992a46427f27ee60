//! One process's range of a bot's shards: a bot too big for one process
//! runs several, each with its part of the shards.
//!
//! Every process is started with its range and the total (here from
//! `SHARDS=start..end` and `SHARD_TOTAL`); Discord sends each shard the
//! guilds with `(guild_id >> 22) % total == shard`. All processes must
//! share one session start queue (see the `service-queue` example).
//!
//! Against the local Discord, this process runs shards 2..4 of 4 unless
//! told otherwise.
//!
//! ```text
//! cargo run -p examples --bin shard-range
//! SHARDS=0..2 SHARD_TOTAL=4 DISCORD_TOKEN=... cargo run -p examples --bin shard-range
//! ```

use examples::{BoxError, Setup, shutdown_signal};
use futures_util::StreamExt;
use std::{collections::BTreeSet, env, ops::Range};
use twilight_gateway::{EventTypeFlags, ShardEventStream, create_range};
use twilight_model::{
    gateway::{Intents, event::Event},
    id::{Id, marker::GuildMarker},
};

/// `SHARDS` (`start..end`) and `SHARD_TOTAL`, or 2..4 of 4.
fn range_from_env() -> Result<(Range<u32>, u32), BoxError> {
    let range = env::var("SHARDS").unwrap_or_else(|_| "2..4".to_owned());
    let (start, end) = range.split_once("..").ok_or("SHARDS is start..end")?;
    let total = env::var("SHARD_TOTAL").unwrap_or_else(|_| "4".to_owned());
    Ok((start.parse()?..end.parse()?, total.parse()?))
}

/// The shard Discord sends a guild's events to.
const fn owner(guild: Id<GuildMarker>, total: u32) -> u64 {
    (guild.get() >> 22) % total as u64
}

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let setup = Setup::from_env(12, 3, 1.0).await?;
    let (range, total) = range_from_env()?;
    println!("this process runs shards {range:?} of {total}");

    let config = setup.gateway_config(Intents::GUILDS).build();
    let shards = create_range(range.clone(), total, config, |_, config| config)?;
    let mut events = ShardEventStream::new(shards, EventTypeFlags::GUILD_CREATE);

    // What the local Discord holds, to check every guild arrives on the
    // shard that owns it.
    let ours = u64::from(range.start)..u64::from(range.end);
    let mut expected: BTreeSet<_> = setup
        .mock
        .iter()
        .flat_map(|mock| mock.state().guild_ids())
        .filter(|guild| ours.contains(&owner(*guild, total)))
        .collect();
    let shutdown = shutdown_signal();
    tokio::pin!(shutdown);
    loop {
        let (shard_id, item) = tokio::select! {
            Some(next) = events.next() => next,
            () = &mut shutdown => break,
            else => break,
        };
        match item {
            Ok(Event::GuildCreate(guild)) => {
                let owner = owner(guild.id(), total);
                println!(
                    "shard {}: GUILD_CREATE {} (owned by shard {owner})",
                    shard_id.number(),
                    guild.id()
                );
                assert_eq!(owner, u64::from(shard_id.number()));
                expected.remove(&guild.id());
                if setup.is_local() && expected.is_empty() {
                    break;
                }
            }
            Ok(_) => {}
            Err(error) if error.is_fatal() => return Err(error.into()),
            Err(error) => eprintln!("shard {}: {error}", shard_id.number()),
        }
    }
    println!("every guild of shards {range:?} arrived");
    Ok(())
}
