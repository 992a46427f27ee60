//! What the demo counts while it runs, and the summary it prints at the
//! end.

use super::{
    commands::Command,
    log::{bytes, millis},
};
use std::{collections::BTreeMap, collections::HashMap, time::Duration};
use twilight_cache_inmemory::Stats;
use twilight_gateway::ShardState;
use twilight_model::gateway::ShardId;

/// Counts of events, messages and answered commands.
#[derive(Default)]
pub(crate) struct Tally {
    /// Events by name (READY, MESSAGE_CREATE, ...).
    events: HashMap<String, u64>,
    /// Messages seen, the bot's own replies included.
    pub(crate) messages: u64,
    /// Messages that were not commands, nor from bots.
    pub(crate) chatter: u64,
    /// Chatter since the last periodic line.
    pub(crate) chatter_since_tick: u64,
    /// Commands received.
    pub(crate) commands: u64,
    /// Messages from bots (the replies coming back).
    pub(crate) bot_messages: u64,
    /// Commands answered, by command.
    answered: BTreeMap<Command, u64>,
    /// Replies that failed.
    pub(crate) failed: u64,
    /// How long each reply's HTTP request took.
    reply_latencies: Vec<Duration>,
}

/// A shard as the summary shows it.
pub(crate) struct ShardSummary {
    pub(crate) id: ShardId,
    pub(crate) state: ShardState,
    pub(crate) average: Option<Duration>,
    pub(crate) heartbeats: u32,
}

impl Tally {
    /// Counts an event.
    pub(crate) fn event(&mut self, name: &str) {
        *self.events.entry(name.to_owned()).or_default() += 1;
    }

    /// Counts an answered command and its reply's HTTP latency; returns
    /// how many of this command were answered.
    pub(crate) fn answered(&mut self, command: Command, latency: Duration) -> u64 {
        self.reply_latencies.push(latency);
        let count = self.answered.entry(command).or_default();
        *count += 1;
        *count
    }

    /// Prints the summary.
    pub(crate) fn print_summary(
        &self,
        ran: Duration,
        stopped_by: &str,
        cache: &Stats,
        shards: &[ShardSummary],
    ) {
        println!();
        println!("Summary");
        println!("  ran {:.1} s, stopped by {stopped_by}", ran.as_secs_f64());
        let total: u64 = self.events.values().sum();
        let mut events: Vec<(&String, &u64)> = self.events.iter().collect();
        events.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
        let top: Vec<String> = events
            .iter()
            .take(5)
            .map(|(name, count)| format!("{name} {count}"))
            .collect();
        let rest = events.len().saturating_sub(top.len());
        let more = if rest > 0 {
            format!(", {rest} more types")
        } else {
            String::new()
        };
        println!("  events received: {total} ({}{more})", top.join(", "));
        println!(
            "  messages seen: {} ({} commands, {} chatter, {} from bots: the replies)",
            self.messages, self.commands, self.chatter, self.bot_messages
        );
        let answered: u64 = self.answered.values().sum();
        let by_command: Vec<String> = [Command::Ping, Command::Stats]
            .iter()
            .map(|command| {
                let count = self.answered.get(command).copied().unwrap_or(0);
                format!("{} {count}", command.name())
            })
            .collect();
        println!(
            "  commands answered: {answered} ({}), {} failed",
            by_command.join(", "),
            self.failed
        );
        match median(&self.reply_latencies) {
            Some(median) => println!(
                "  reply HTTP latency: median {} over {} replies",
                millis(median),
                self.reply_latencies.len()
            ),
            None => println!("  reply HTTP latency: no replies"),
        }
        println!(
            "  cache: {} guilds, {} members, {} users, {} channels, {} roles, {} messages, about {}",
            cache.guilds,
            cache.members,
            cache.users,
            cache.channels,
            cache.roles,
            cache.messages,
            bytes(cache.total_bytes())
        );
        for shard in shards {
            let latency = match shard.average {
                Some(average) => format!(
                    "heartbeat round trip {} (average of {})",
                    millis(average),
                    shard.heartbeats
                ),
                None => "no heartbeat acknowledged".to_owned(),
            };
            println!(
                "  shard {}: {:?}, {latency}",
                shard.id.display_fraction(),
                shard.state
            );
        }
    }
}

/// The median of some durations.
fn median(durations: &[Duration]) -> Option<Duration> {
    let mut sorted = durations.to_vec();
    sorted.sort_unstable();
    sorted.get(sorted.len() / 2).copied()
}
