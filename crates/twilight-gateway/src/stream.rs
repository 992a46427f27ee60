//! Many shards: create a bot's shards (or one process's range of them) and
//! poll them as one stream of `(shard id, event)`.

use crate::config::Config;
use crate::error::ReceiveMessageError;
use crate::event_type_flags::EventTypeFlags;
use crate::shard::Shard;
use futures_core::Stream;
use futures_util::stream::SelectAll;
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

/// Polls many shards as one stream of `(shard id, event)`.
///
/// Each shard is woken on its own (`futures_util`'s `SelectAll`): an event
/// on one shard does not poll the others, so thousands of shards cost no
/// more per event than one. A shard that ends (fatally closed) leaves the
/// stream; the stream ends with the last one.
#[derive(Debug)]
pub struct ShardEventStream {
    inner: SelectAll<Member>,
}

/// One shard of a [`ShardEventStream`] with the events wanted from it.
#[derive(Debug)]
struct Member {
    shard: Shard,
    wanted: EventTypeFlags,
}

impl Stream for Member {
    type Item = (ShardId, Result<Event, ReceiveMessageError>);

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        let id = this.shard.id();
        this.shard
            .poll_next_event(cx, this.wanted)
            .map(|item| item.map(|result| (id, result)))
    }
}

impl ShardEventStream {
    /// A stream of the wanted events of these shards.
    pub fn new(shards: impl IntoIterator<Item = Shard>, wanted: EventTypeFlags) -> Self {
        Self {
            inner: shards
                .into_iter()
                .map(|shard| Member { shard, wanted })
                .collect(),
        }
    }

    /// Adds a shard.
    pub fn push(&mut self, shard: Shard, wanted: EventTypeFlags) {
        self.inner.push(Member { shard, wanted });
    }

    /// How many shards have not ended.
    pub fn len(&self) -> usize {
        self.inner.len()
    }

    /// Whether every shard has ended.
    pub fn is_empty(&self) -> bool {
        self.inner.is_empty()
    }

    /// The shards (for their state, latency and senders), in no set order.
    pub fn shards(&self) -> impl Iterator<Item = &Shard> {
        self.inner.iter().map(|member| &member.shard)
    }

    /// The shards, to send commands or close them, in no set order.
    pub fn shards_mut(&mut self) -> impl Iterator<Item = &mut Shard> {
        self.inner.iter_mut().map(|member| &mut member.shard)
    }

    /// The shards back.
    pub fn into_shards(self) -> Vec<Shard> {
        self.inner.into_iter().map(|member| member.shard).collect()
    }
}

impl Stream for ShardEventStream {
    type Item = (ShardId, Result<Event, ReceiveMessageError>);

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Pin::new(&mut self.inner).poll_next(cx)
    }
}
