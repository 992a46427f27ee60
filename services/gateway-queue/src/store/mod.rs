//! Where a bot's schedule lives: in this process ([`memory`]) or shared
//! by every instance through Redis ([`redis`]). Both give the same answer
//! ([`Turn`]) and keep the same rules (those of `twilight-gateway-queue`'s
//! schedule, which the memory store uses itself).

pub mod memory;
pub mod redis;

use crate::limits::Limits;
use std::{fmt, time::Duration};

/// A granted turn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Turn {
    /// The shard's bucket.
    pub bucket: u32,
    /// Sessions left today after this one.
    pub remaining: u32,
}

/// What a store reports for `/metrics` and `/health`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Snapshot {
    /// Sessions left today, if known.
    pub remaining: Option<u32>,
    /// How long turns stay parked for the daily reset, if they are.
    pub parked_for: Option<Duration>,
}

/// The store could not decide.
#[derive(Debug)]
pub enum StoreError {
    /// Redis failed (unreachable, script error). Never holds the URL.
    Redis(String),
    /// Another instance has not stored limits yet.
    NoLimits,
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Redis(error) => write!(f, "Redis failed: {error}"),
            Self::NoLimits => f.write_str("no limits are stored for this bot yet"),
        }
    }
}

impl std::error::Error for StoreError {}

/// One bot's schedule.
#[derive(Debug)]
pub enum Store {
    /// In this process.
    Memory(memory::MemoryStore),
    /// Shared through Redis (boxed: it is much larger than the memory
    /// store's handle).
    Redis(Box<redis::RedisStore>),
}

impl Store {
    /// Waits for `shard`'s turn. Dropping the future gives the place up.
    ///
    /// # Errors
    ///
    /// [`StoreError`] when Redis fails.
    pub async fn turn(&self, shard: u32) -> Result<Turn, StoreError> {
        match self {
            Self::Memory(store) => Ok(store.turn(shard).await),
            Self::Redis(store) => store.turn(shard).await,
        }
    }

    /// Applies new limits; `force` replaces the daily count, else it only
    /// goes down while the day's period runs. Waiting shards keep waiting.
    ///
    /// # Errors
    ///
    /// [`StoreError`] when Redis fails.
    pub async fn set_limits(&self, limits: Limits, force: bool) -> Result<u32, StoreError> {
        match self {
            Self::Memory(store) => Ok(store.set_limits(limits, force)),
            Self::Redis(store) => store.set_limits(limits, force).await,
        }
    }

    /// The instance is shutting down: shards that stop waiting here keep
    /// their places in a shared schedule, for the instance they ask next.
    /// (In memory there is no next instance: nothing to keep.)
    pub fn keep_places(&self) {
        if let Self::Redis(store) = self {
            store.keep_places();
        }
    }

    /// The current count and parking state.
    pub async fn snapshot(&self) -> Snapshot {
        match self {
            Self::Memory(store) => store.snapshot(),
            Self::Redis(store) => store.snapshot().await,
        }
    }
}
