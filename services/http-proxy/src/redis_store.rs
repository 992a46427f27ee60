//! [`RedisStore`]: the ratelimiting store contract in Redis, so that every
//! proxy instance of a bot holds one limit.
//!
//! Each decision is one Lua script (`redis_store/acquire.lua`,
//! `redis_store/complete.lua`), run atomically by Redis on Redis's clock,
//! step for step what `twilight_http_ratelimiting::MemoryStore` does; what a
//! response means is decided in Rust by the crate's rules
//! (`Effects`), the scripts only apply it. Keys:
//!
//! - `{prefix}bot:{namespace}:h:{route}`: a route's learned bucket hash;
//! - `{prefix}bot:{namespace}:b:{hash or route}:{major}`: a bucket's window;
//! - `{prefix}bot:{namespace}:gi` / `gc` / `gpause`: the global limit's
//!   grants in flight (scored by the end of their lease), completions, and
//!   a global 429's pause;
//! - `{prefix}bot:{namespace}:unauth`: the bot's token was answered 401;
//!   every instance stops sending it, for [`REFUSED_TOKEN_TTL`];
//! - `{prefix}ip:invalid` / `halt`: the invalid requests of every bot (one
//!   IP address) and a ban's pause.
//!
//! Every key expires (idle buckets, windows, leases), so a crashed
//! instance's grants free their places and memory stays bounded. The
//! namespace is a hash of the bot's token, never the token. The scripts
//! build key names from their arguments, so the store needs one Redis
//! node (not Redis Cluster).

use redis::{Script, aio::ConnectionManager};
use std::{fmt, sync::Arc, time::Duration};
use twilight_http_ratelimiting::{
    rules::{Effects, Hold, INVALID_REQUEST_WINDOW},
    store::{Decision, Limits, Store, StoreError, StoreFuture, StoreGrant, StoreKey, WaitReason},
};

/// How long an unused bucket is kept.
const IDLE: Duration = Duration::from_secs(5 * 60);

/// How long every instance refuses a token answered 401. A refused token
/// stays refused (a new token is a new namespace), so this only bounds the
/// key's life: after a day, one request may find out again.
pub const REFUSED_TOKEN_TTL: Duration = Duration::from_secs(24 * 60 * 60);

/// One connection to Redis, shared by the stores of every bot.
#[derive(Clone)]
pub struct RedisPool {
    connection: ConnectionManager,
    scripts: Arc<(Script, Script)>,
    prefix: Arc<str>,
}

impl fmt::Debug for RedisPool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisPool")
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

impl RedisPool {
    /// Connects to `url`; every key starts with `prefix`. The connection
    /// reconnects by itself after Redis comes back.
    ///
    /// # Errors
    ///
    /// When the URL is invalid or Redis does not answer.
    pub async fn connect(url: &str, prefix: &str) -> Result<Self, redis::RedisError> {
        let client = redis::Client::open(url)?;
        let config = redis::aio::ConnectionManagerConfig::new()
            .set_connection_timeout(Duration::from_secs(2))
            .set_response_timeout(Duration::from_secs(2))
            .set_number_of_retries(1);
        let connection = ConnectionManager::new_with_config(client, config).await?;
        Ok(Self {
            connection,
            scripts: Arc::new((
                Script::new(include_str!("redis_store/acquire.lua")),
                Script::new(include_str!("redis_store/complete.lua")),
            )),
            prefix: prefix.into(),
        })
    }

    /// The store of the bot whose token hashes to `namespace`.
    #[must_use]
    pub fn store(&self, namespace: u64) -> RedisStore {
        RedisStore {
            pool: self.clone(),
            bot: format!("{}bot:{namespace:016x}:", self.prefix).into(),
            ip: format!("{}ip:", self.prefix).into(),
        }
    }

    /// Whether Redis answers `PING`.
    pub async fn ping(&self) -> bool {
        let mut connection = self.connection.clone();
        redis::cmd("PING")
            .query_async::<String>(&mut connection)
            .await
            .is_ok()
    }
}

/// One bot's limits in Redis.
#[derive(Clone, Debug)]
pub struct RedisStore {
    pool: RedisPool,
    bot: Arc<str>,
    ip: Arc<str>,
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

fn major(key: &StoreKey) -> String {
    key.major.map(|major| major.to_string()).unwrap_or_default()
}

fn store_error(error: redis::RedisError) -> StoreError {
    // A RedisError names the failure (and at most the operator's Redis
    // address), never a bot token: keys hold a hash of it.
    StoreError::new(error)
}

impl Store for RedisStore {
    fn acquire<'a>(&'a self, key: &'a StoreKey, limits: &'a Limits) -> StoreFuture<'a, Decision> {
        Box::pin(async move {
            let mut connection = self.pool.connection.clone();
            let answer: Vec<i64> = self
                .pool
                .scripts
                .0
                .arg(&*self.bot)
                .arg(&*self.ip)
                .arg(&*key.route)
                .arg(major(key))
                .arg(u8::from(key.global))
                .arg(limits.global_limit)
                .arg(millis(limits.global_window))
                .arg(limits.invalid_limit)
                .arg(millis(INVALID_REQUEST_WINDOW))
                .arg(millis(limits.lease))
                .arg(millis(limits.poll).max(1))
                .arg(millis(IDLE))
                .invoke_async(&mut connection)
                .await
                .map_err(store_error)?;
            decision(key, &answer)
        })
    }

    fn complete<'a>(
        &'a self,
        grant: &'a StoreGrant,
        effects: Option<&'a Effects>,
        limits: &'a Limits,
    ) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            let (hold, hold_for) = match effects.and_then(|effects| effects.hold) {
                Some(Hold::Bucket { wait, exhaust }) => {
                    (if exhaust { "exhaust" } else { "bucket" }, wait)
                }
                Some(Hold::Global(wait)) => ("global", wait),
                Some(Hold::Everything(wait)) => ("all", wait),
                None => ("", Duration::ZERO),
            };
            let window = effects.and_then(|effects| effects.window);
            let mut connection = self.pool.connection.clone();
            let _: i64 = self
                .pool
                .scripts
                .1
                .arg(&*self.bot)
                .arg(&*self.ip)
                .arg(&*grant.key.route)
                .arg(major(&grant.key))
                .arg(grant.id)
                .arg(grant.generation)
                .arg(u8::from(grant.learner))
                .arg(u8::from(effects.is_some()))
                .arg(
                    effects
                        .and_then(|effects| effects.hash.as_deref())
                        .unwrap_or(""),
                )
                .arg(
                    window
                        .map(|window| window.remaining.to_string())
                        .unwrap_or_default(),
                )
                .arg(window.map_or(0, |window| millis(window.reset_after)))
                .arg(u8::from(effects.is_some_and(|effects| effects.unlimited)))
                .arg(hold)
                .arg(millis(hold_for))
                .arg(u8::from(effects.is_some_and(|effects| effects.invalid)))
                .arg(millis(limits.margin))
                .arg(millis(INVALID_REQUEST_WINDOW))
                .arg(millis(limits.global_window))
                .arg(millis(IDLE))
                .arg(u8::from(
                    effects.is_some_and(|effects| effects.unauthorized),
                ))
                .arg(millis(REFUSED_TOKEN_TTL))
                .invoke_async(&mut connection)
                .await
                .map_err(store_error)?;
            Ok(())
        })
    }
}

/// The acquire script's answer as a [`Decision`].
fn decision(key: &StoreKey, answer: &[i64]) -> Result<Decision, StoreError> {
    let number = |index: usize| {
        answer
            .get(index)
            .copied()
            .and_then(|n| u64::try_from(n).ok())
            .ok_or_else(|| StoreError::new(format!("unexpected script answer {answer:?}")))
    };
    if number(0)? == 1 {
        return Ok(Decision::Granted(StoreGrant {
            key: key.clone(),
            id: number(1)?,
            generation: number(2)?,
            learner: number(3)? == 1,
        }));
    }
    let reason = match number(2)? {
        1 => WaitReason::Bucket,
        2 => WaitReason::Learning,
        3 => WaitReason::Global,
        4 => WaitReason::InvalidRequests,
        5 => WaitReason::Halted,
        6 => WaitReason::Unauthorized,
        _ => {
            return Err(StoreError::new(format!(
                "unexpected script answer {answer:?}"
            )));
        }
    };
    Ok(Decision::wait(Duration::from_millis(number(1)?), reason))
}
