//! Many shards: create a bot's shards (or one process's range of them) and
//! poll them as one stream of `(shard id, event)`.

use crate::config::Config;
use crate::error::ReceiveMessageError;
use crate::event_type_flags::EventTypeFlags;
use crate::message::CloseFrame;
use crate::session::Session;
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
/// more per event than one. A shard that ends (fatally closed, or closed
/// by the user) leaves the stream; the stream ends with the last one.
/// [`close`](Self::close) shuts them all down.
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

    /// Closes every shard with `frame` and waits for the gateway to answer
    /// each close, then returns each shard's session as of the last event
    /// handed out (`None` after [`CloseFrame::NORMAL`], which ends sessions,
    /// or for a shard that had none yet), in no set order.
    ///
    /// Events that arrive while waiting are dropped: the sessions returned
    /// do not count them, so a resume with [`CloseFrame::RESUME`]'s
    /// sessions (through [`ConfigBuilder::session`](crate::ConfigBuilder::session))
    /// replays them. The wait is bounded: a shard gives the gateway 5
    /// seconds to answer, and a shard without a connection ends at once.
    /// Afterwards the stream is empty and ends (shards may be
    /// [`push`](Self::push)ed again).
    ///
    /// It takes `&mut self` rather than `self` so that it can be called
    /// from the loop that polls the stream, on a shutdown signal:
    ///
    /// ```no_run
    /// use futures_util::StreamExt;
    /// use twilight_gateway::{CloseFrame, ShardEventStream};
    ///
    /// # async fn run(mut stream: ShardEventStream, shutdown: tokio::sync::Notify) {
    /// loop {
    ///     tokio::select! {
    ///         Some((_shard_id, _event)) = stream.next() => {}
    ///         () = shutdown.notified() => break,
    ///     }
    /// }
    /// for (shard_id, session) in stream.close(CloseFrame::RESUME).await {
    ///     // Store the sessions, resume them after the restart.
    ///     println!("shard {shard_id}: {session:?}");
    /// }
    /// # }
    /// ```
    pub async fn close(&mut self, frame: CloseFrame) -> Vec<(ShardId, Option<Session>)> {
        let mut shards: Vec<Shard> = std::mem::replace(&mut self.inner, SelectAll::new())
            .into_iter()
            .map(|member| member.shard)
            .collect();
        // Taken before the drain, whose messages are not handed out: a
        // resume replays them, so nothing is lost and nothing comes twice.
        let sessions = shards
            .iter_mut()
            .map(|shard| {
                shard.close(&frame);
                (shard.id(), shard.session().cloned())
            })
            .collect();
        // Each shard is driven directly until it ends (its close answered
        // or timed out). Inside the `SelectAll`, a shard is only polled when
        // its waker fires, and queueing a close frame wakes nothing: the
        // close would wait for the next heartbeat or event.
        futures_util::future::join_all(
            shards
                .iter_mut()
                .map(|shard| async move { while shard.next_message().await.is_some() {} }),
        )
        .await;
        sessions
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
