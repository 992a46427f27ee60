//! Drivers for load tests: a numbered stream of MESSAGE_CREATEs at a set
//! rate, and a series of dropped connections.
//!
//! Each event goes to every session owning its guild
//! (`(guild_id >> 22) % num_shards` of that session's shard count), so
//! several deployments of one bot with different shard counts all receive
//! it, as on Discord. Event `n` carries `n` as its `content` and `nonce`
//! and `n + 1` as its message id, so a consumer can tell exactly which
//! events it received.

use super::{Command, Gateway};
use serde_json::json;
use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::task::JoinHandle;
use twilight_model::id::{Id, marker::GuildMarker};

/// How often a driver wakes up to send what its rate allows.
const TICK: Duration = Duration::from_millis(5);

/// A numbered stream of MESSAGE_CREATEs.
#[derive(Clone, Debug)]
pub struct NumberedStream {
    /// The guilds the events cycle through (event `n` in guild
    /// `n % guilds.len()`).
    pub guilds: Vec<Id<GuildMarker>>,
    /// How many events.
    pub count: u64,
    /// Events per second (real time).
    pub per_second: u32,
}

/// A running driver: how far it got, and its end.
#[derive(Debug)]
pub struct Driver {
    done: Arc<AtomicU64>,
    task: JoinHandle<()>,
}

impl Driver {
    /// How many events (or disconnects) it sent so far.
    pub fn sent(&self) -> u64 {
        self.done.load(Ordering::Relaxed)
    }

    /// Waits until it sent everything; returns how many.
    pub async fn finished(self) -> u64 {
        let _ = self.task.await;
        self.done.load(Ordering::Relaxed)
    }

    /// Stops it where it is.
    pub fn stop(&self) {
        self.task.abort();
    }
}

/// The MESSAGE_CREATE of event `n` in `guild_id`.
pub fn numbered_message(n: u64, guild_id: Id<GuildMarker>) -> serde_json::Value {
    json!({
        "id": (n + 1).to_string(),
        "channel_id": guild_id.to_string(),
        "guild_id": guild_id.to_string(),
        "author": {
            "id": "1",
            "username": "stream",
            "discriminator": "0",
            "global_name": null,
            "avatar": null
        },
        "content": n.to_string(),
        "nonce": n.to_string(),
        "timestamp": "2026-01-01T00:00:00.000000+00:00",
        "edited_timestamp": null,
        "tts": false,
        "mention_everyone": false,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": [],
        "pinned": false,
        "type": 0
    })
}

/// Runs `step(i)` for `i` in `0..count` at `per_second`; a step that
/// returns `false` did nothing and is tried again on the next tick.
fn pace(count: u64, per_second: u32, mut step: impl FnMut(u64) -> bool + Send + 'static) -> Driver {
    let done = Arc::new(AtomicU64::new(0));
    let counter = Arc::clone(&done);
    let task = tokio::spawn(async move {
        let start = tokio::time::Instant::now();
        let mut tick = tokio::time::interval(TICK);
        let mut next = 0;
        while next < count {
            tick.tick().await;
            let due = start.elapsed().as_secs_f64() * f64::from(per_second.max(1));
            // Truncation is wanted: whole events due so far.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let due = (due as u64).min(count);
            while next < due {
                if !step(next) {
                    break;
                }
                next += 1;
                counter.store(next, Ordering::Relaxed);
            }
        }
    });
    Driver { done, task }
}

impl Gateway {
    /// Dispatches `stream` from a task, at its rate, to every session
    /// owning each event's guild.
    pub fn spawn_numbered_stream(&self, stream: NumberedStream) -> Driver {
        let gateway = self.clone();
        let guilds = stream.guilds;
        if guilds.is_empty() {
            return pace(0, 1, |_| true);
        }
        pace(stream.count, stream.per_second, move |n| {
            let guild_id = guilds[usize::try_from(n).unwrap_or(0) % guilds.len()];
            gateway.dispatch_to_guild(guild_id, "MESSAGE_CREATE", numbered_message(n, guild_id));
            true
        })
    }

    /// Drops `count` connections without a close frame (each session
    /// stays resumable), at most `per_second` a second: each drop is of a
    /// connection of one of `shards` (any shard count) that has a session
    /// (identified or resumed) and was not dropped before, so every drop
    /// counted is a real one; while none is connected, it waits.
    pub fn spawn_disconnects(&self, shards: Vec<u32>, count: u64, per_second: u32) -> Driver {
        let gateway = self.clone();
        let mut dropped = HashSet::new();
        pace(count, per_second, move |_| {
            let inner = gateway.shared.lock();
            let live = inner.conns.iter().find(|(id, conn)| {
                conn.session.is_some()
                    && conn.shard.is_some_and(|shard| shards.contains(&shard[0]))
                    && !dropped.contains(*id)
            });
            let Some((id, conn)) = live else {
                return false;
            };
            conn.tx.send(Command::Drop);
            dropped.insert(*id);
            true
        })
    }
}
