//! Many shards: create a bot's shards (or one process's range of them) and
//! poll them as one stream of `(shard id, event)`.

use crate::config::Config;
use crate::error::ReceiveMessageError;
use crate::event_type_flags::EventTypeFlags;
use crate::shard::Shard;
use futures_core::Stream;
use std::fmt::{self, Display, Formatter};
use std::ops::Range;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use twilight_model::gateway::{Event, ShardId};

/// A range of shards does not fit the total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShardRangeError {
    range: Range<u32>,
    total: u32,
}

impl Display for ShardRangeError {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "shards {}..{} do not fit a bot of {} shards",
            self.range.start, self.range.end, self.total
        )
    }
}

impl std::error::Error for ShardRangeError {}

/// Creates shards `range` of a bot of `total` shards: one process's part of
/// a cluster (`0..total` for all of them). `per_shard` may change each
/// shard's configuration (a stored session to resume, a presence).
///
/// ```
/// use twilight_gateway::{Config, create_range};
/// use twilight_model::gateway::Intents;
///
/// let config = Config::new("token", Intents::GUILDS);
/// // The second of four processes of a 16-shard bot.
/// let shards = create_range(4..8, 16, config, |_, config| config)?;
/// assert_eq!(shards.len(), 4);
/// assert_eq!(shards[0].id().number(), 4);
/// # Ok::<(), twilight_gateway::ShardRangeError>(())
/// ```
///
/// # Errors
///
/// Returns an error if the range is empty or reaches past `total`.
pub fn create_range(
    range: Range<u32>,
    total: u32,
    config: Config,
    per_shard: impl Fn(ShardId, Config) -> Config,
) -> Result<Vec<Shard>, ShardRangeError> {
    if range.is_empty() || range.end > total {
        return Err(ShardRangeError { range, total });
    }
    let shared = Arc::new(config);
    Ok(range
        .filter_map(|number| ShardId::new(number, total))
        .map(|id| {
            let config = per_shard(id, Config::clone(&shared));
            Shard::new(id, config)
        })
        .collect())
}

/// Polls many shards as one stream of `(shard id, event)`, fairly: each
/// poll starts with the shard after the one that yielded last.
///
/// Ends when every shard has ended (fatally closed).
#[derive(Debug)]
pub struct ShardEventStream {
    shards: Vec<Shard>,
    ended: Vec<bool>,
    next: usize,
    wanted: EventTypeFlags,
}

impl ShardEventStream {
    /// A stream of the wanted events of these shards.
    pub fn new(shards: Vec<Shard>, wanted: EventTypeFlags) -> Self {
        let ended = vec![false; shards.len()];
        Self {
            shards,
            ended,
            next: 0,
            wanted,
        }
    }

    /// The shards (for their state, latency and senders).
    pub fn shards(&self) -> &[Shard] {
        &self.shards
    }

    /// The shards, to send commands or close them.
    pub fn shards_mut(&mut self) -> &mut [Shard] {
        &mut self.shards
    }

    /// The shards back.
    pub fn into_shards(self) -> Vec<Shard> {
        self.shards
    }
}

impl Stream for ShardEventStream {
    type Item = (ShardId, Result<Event, ReceiveMessageError>);

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        let count = this.shards.len();
        for offset in 0..count {
            let index = (this.next + offset) % count;
            if this.ended[index] {
                continue;
            }
            let shard = &mut this.shards[index];
            match shard.poll_next_event(cx, this.wanted) {
                Poll::Ready(Some(item)) => {
                    this.next = (index + 1) % count;
                    return Poll::Ready(Some((shard.id(), item)));
                }
                Poll::Ready(None) => this.ended[index] = true,
                Poll::Pending => {}
            }
        }
        if this.ended.iter().all(|ended| *ended) {
            Poll::Ready(None)
        } else {
            Poll::Pending
        }
    }
}
