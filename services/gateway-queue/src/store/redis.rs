//! The Redis store: every instance of the service shares one schedule per
//! bot, decided by Lua scripts that Redis runs atomically.
//!
//! # Key layout
//!
//! Every key starts with `{prefix}{bot}:` (`--redis-prefix`, default
//! `gateway-queue:`; the bot's name, `default` for the bot at `/enqueue`):
//!
//! | key | type | what |
//! |---|---|---|
//! | `limits` | hash | `max_concurrency`, `window_ms`, `reserve` |
//! | `daily` | hash | `remaining`, `total`, `reset_at` (ms, Redis's clock) |
//! | `seq` | string | a counter: each shard that joins a queue takes the next number |
//! | `q:{bucket}` | sorted set | the shards waiting in the bucket (members: shard ids), scored by `seq`: FIFO across instances |
//! | `holder:{shard}` | string, `PX` lease | the request that holds the shard's place; renewed while it waits |
//! | `last:{bucket}` | string, `PX` 2 windows | `{at_ms}:{shard}` of the bucket's last grant |
//!
//! # The steps
//!
//! - `turn.lua` (a shard asks): joins `q:{bucket}` unless there, renews its
//!   holder lease, drops heads whose lease ran out (their instance died
//!   and their client did not come back), and grants only if the shard is
//!   first, the bucket's window has passed since `last:{bucket}`, and
//!   `remaining` is above the reserve. The grant removes it, sets
//!   `last:{bucket}` and decrements `remaining` in the same step, so two
//!   instances can never grant one window.
//! - `leave.lua` (a client went away): removes the shard if this request
//!   still holds it.
//! - `set_limits.lua`: moves waiting shards and recent grants to the
//!   buckets of a new `max_concurrency`, and lowers (or, forced, replaces)
//!   the daily count.
//!
//! A waiting request asks again when its answer says (the instant its
//! bucket's window opens) and at least every third of the lease, which
//! keeps its place. A client whose instance died asks another instance for
//! the same shard within its backoff: the shard is still in `q:{bucket}`,
//! so it keeps its place.
//!
//! The decision has to be where the data is, so that deciding and writing
//! are one step: the scripts are the only copy of the rules outside
//! twilight-gateway-queue's schedule, and mirror it (one grant per bucket
//! per window, FIFO within a bucket, the reserve, the reset).

use super::{Snapshot, StoreError, Turn};
use crate::limits::Limits;
use redis::{Script, aio::ConnectionManager};
use std::{
    fmt,
    sync::atomic::{AtomicBool, AtomicU64, Ordering},
    time::Duration,
};

/// One bot's schedule in Redis.
pub struct RedisStore {
    connection: ConnectionManager,
    /// `{prefix}{bot}:`.
    prefix: String,
    /// Tells this instance's requests from others' in `holder:` keys.
    instance: String,
    next_request: AtomicU64,
    /// Set when the instance shuts down: the places of its waiting shards
    /// stay (until their lease runs out), so that their clients keep them
    /// when they ask another instance.
    keep_places: AtomicBool,
    lease: Duration,
    window: Duration,
    reserve: u32,
    turn: Script,
    leave: Script,
    set_limits: Script,
}

impl fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisStore")
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

fn redis_error(error: &redis::RedisError) -> StoreError {
    // A RedisError can name the server it failed to reach, but not its
    // password: the URL's password is never part of its message.
    StoreError::Redis(error.to_string())
}

impl RedisStore {
    /// A store for the bot whose keys start with `prefix`.
    #[must_use]
    pub fn new(
        connection: ConnectionManager,
        prefix: String,
        lease: Duration,
        window: Duration,
        reserve: u32,
    ) -> Self {
        Self {
            connection,
            prefix,
            instance: format!("{}-{:x}", std::process::id(), fastrand_u64()),
            next_request: AtomicU64::new(0),
            keep_places: AtomicBool::new(false),
            lease: lease.max(Duration::from_millis(100)),
            window,
            reserve,
            turn: Script::new(include_str!("turn.lua")),
            leave: Script::new(include_str!("leave.lua")),
            set_limits: Script::new(include_str!("set_limits.lua")),
        }
    }

    pub(super) async fn turn(&self, shard: u32) -> Result<Turn, StoreError> {
        let holder = format!(
            "{}:{}",
            self.instance,
            self.next_request.fetch_add(1, Ordering::Relaxed)
        );
        let mut place = Place {
            store: self,
            shard,
            holder: &holder,
            done: false,
        };
        let renew = self.lease / 3;
        let mut asked = false;
        loop {
            let mut connection = self.connection.clone();
            let (kind, a, b): (i64, i64, i64) = self
                .turn
                .arg(&self.prefix)
                .arg(shard)
                .arg(&holder)
                .arg(u64::try_from(self.lease.as_millis()).unwrap_or(u64::MAX))
                .invoke_async(&mut connection)
                .await
                .map_err(|error| {
                    // Redis may be back when the client asks again: keep
                    // the place for it (the lease ends it otherwise).
                    place.done = true;
                    redis_error(&error)
                })?;
            if !asked {
                asked = true;
                tracing::debug!(shard, "turn asked");
            }
            let ms = |value: i64| Duration::from_millis(u64::try_from(value).unwrap_or(0));
            let sleep = match kind {
                2 => {
                    place.done = true;
                    return Ok(Turn {
                        bucket: u32::try_from(a).unwrap_or(0),
                        remaining: u32::try_from(b).unwrap_or(0),
                    });
                }
                // First in its bucket: ask again the instant it may go.
                1 => ms(a).min(renew),
                // Behind others: the earliest it can be first is when the
                // bucket's window opens; a quarter window later is still
                // early enough to wait its own window out exactly.
                0 => (ms(a) + self.window / 4).clamp(Duration::from_millis(5), renew),
                _ => return Err(StoreError::NoLimits),
            };
            tokio::time::sleep(sleep).await;
        }
    }

    pub(super) async fn set_limits(&self, limits: Limits, force: bool) -> Result<u32, StoreError> {
        let mut connection = self.connection.clone();
        self.set_limits
            .arg(&self.prefix)
            .arg(limits.max_concurrency)
            .arg(limits.remaining)
            .arg(limits.reset_after_ms)
            .arg(limits.total)
            .arg(u64::try_from(self.window.as_millis()).unwrap_or(u64::MAX))
            .arg(self.reserve)
            .arg(u8::from(force))
            .invoke_async(&mut connection)
            .await
            .map_err(|error| redis_error(&error))
    }

    pub(super) async fn snapshot(&self) -> Snapshot {
        let mut connection = self.connection.clone();
        let daily: Result<(Option<u32>, Option<i64>, Option<u32>), _> = redis::cmd("HMGET")
            .arg(format!("{}daily", self.prefix))
            .arg("remaining")
            .arg("reset_at")
            .arg("total")
            .query_async(&mut connection)
            .await;
        let time: Result<(i64, i64), _> = redis::cmd("TIME").query_async(&mut connection).await;
        match (daily, time) {
            (Ok((Some(remaining), Some(reset_at), Some(total))), Ok((secs, micros))) => {
                let now = secs * 1000 + micros / 1000;
                if now >= reset_at {
                    return Snapshot {
                        remaining: Some(total),
                        parked_for: None,
                    };
                }
                Snapshot {
                    remaining: Some(remaining),
                    parked_for: (remaining <= self.reserve)
                        .then(|| Duration::from_millis(u64::try_from(reset_at - now).unwrap_or(0))),
                }
            }
            _ => Snapshot::default(),
        }
    }

    /// From now on, a request that ends without its turn keeps its place
    /// until its lease runs out (the instance is shutting down; its shards'
    /// clients ask another instance and keep their places).
    pub fn keep_places(&self) {
        self.keep_places.store(true, Ordering::Relaxed);
    }

    /// Whether Redis answers `PING`.
    pub async fn ping(&self) -> Result<(), String> {
        let mut connection = self.connection.clone();
        redis::cmd("PING")
            .query_async::<String>(&mut connection)
            .await
            .map(drop)
            .map_err(|error| error.to_string())
    }
}

/// A request's place in Redis: given up when the request ends without its
/// turn (the client went away, or the service is shutting down).
struct Place<'a> {
    store: &'a RedisStore,
    shard: u32,
    holder: &'a str,
    done: bool,
}

impl Drop for Place<'_> {
    fn drop(&mut self) {
        if self.done || self.store.keep_places.load(Ordering::Relaxed) {
            return;
        }
        let mut connection = self.store.connection.clone();
        let script = self.store.leave.clone();
        let prefix = self.store.prefix.clone();
        let shard = self.shard;
        let holder = self.holder.to_owned();
        // Drop cannot wait: the step runs on its own. If it fails, the
        // lease runs out and the place is given up all the same.
        tokio::spawn(async move {
            let result: Result<i64, _> = script
                .arg(prefix)
                .arg(shard)
                .arg(holder)
                .invoke_async(&mut connection)
                .await;
            if let Err(error) = result {
                tracing::debug!(shard, %error, "could not give a place up; its lease will run out");
            }
        });
    }
}

/// A random number without another dependency: the standard library's
/// randomly seeded hasher.
fn fastrand_u64() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |since| u64::try_from(since.as_nanos()).unwrap_or(0)),
    );
    hasher.finish()
}
