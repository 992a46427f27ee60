//! The adapter's connection to Redis: every command answers within a
//! deadline, and a connection that broke or stopped answering is replaced
//! by a new one on the next command.
//!
//! The redis crate's `ConnectionManager` is not enough on its own: it only
//! reconnects after errors it deems unrecoverable (not after a timeout, so
//! a silent peer is never replaced), and its reconnect backoff (a
//! one-second minimum delay multiplied by the factor) leaves it sleeping
//! for a minute after two refused attempts, during which every command
//! waits.

use redis::aio::{ConnectionLike, MultiplexedConnection};
use redis::{AsyncConnectionConfig, Client, Cmd, Pipeline, RedisError, RedisFuture, Value};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Mutex;
use tokio::time::Instant;

/// How the Redis adapter's connections wait for Redis and reconnect.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConnectionConfig {
    /// The longest a command waits for Redis's reply (beyond the block time
    /// of a blocking read). A command without a reply by then fails with
    /// [`ErrorKind::Timeout`](crate::ErrorKind::Timeout) and its connection
    /// is replaced. Publishes wait for
    /// [`PublishConfig::ack_timeout`](crate::PublishConfig::ack_timeout)
    /// instead. Default 5 s.
    pub response_timeout: Duration,
    /// The longest one connection attempt takes. Default 2 s.
    pub connect_timeout: Duration,
    /// The longest pause between two connection attempts while Redis
    /// cannot be reached; the pauses start at 50 ms and double. Default
    /// 1 s.
    pub max_reconnect_delay: Duration,
}

impl Default for ConnectionConfig {
    fn default() -> Self {
        Self {
            response_timeout: Duration::from_secs(5),
            connect_timeout: Duration::from_secs(2),
            max_reconnect_delay: Duration::from_secs(1),
        }
    }
}

/// The first pause after a failed connection attempt.
const FIRST_RECONNECT_DELAY: Duration = Duration::from_millis(50);

/// A connection to Redis shared by clones (commands are multiplexed on
/// one socket), replacing itself after a broken connection or a command
/// without a reply; usable with the redis crate's commands
/// (`redis::cmd(..).query_async(&mut connection)`).
#[derive(Clone)]
pub struct RedisConnection {
    shared: Arc<Shared>,
    /// This handle's reply deadline.
    timeout: Duration,
}

impl std::fmt::Debug for RedisConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisConnection")
            .field("config", &self.shared.config)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

struct Shared {
    client: Client,
    config: ConnectionConfig,
    db: i64,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    /// The connection in use and its generation.
    current: Option<(MultiplexedConnection, u64)>,
    generation: u64,
    /// Failed connection attempts since the last success.
    failures: u32,
    /// No attempt before this, after a failed one.
    retry_at: Option<Instant>,
}

impl RedisConnection {
    /// Connects to Redis with `config`: for other uses of the same Redis
    /// that want the same recovery (a session store, say).
    ///
    /// # Errors
    ///
    /// The redis crate's error if the first connection attempt fails.
    pub async fn connect(client: Client, config: ConnectionConfig) -> Result<Self, RedisError> {
        let this = Self {
            timeout: config.response_timeout,
            shared: Arc::new(Shared {
                db: client.get_connection_info().redis.db,
                client,
                config,
                state: Mutex::new(State::default()),
            }),
        };
        this.shared.get().await?;
        Ok(this)
    }

    /// Another connection to the same Redis with the same settings (its own
    /// socket, for blocking reads that would hold up other commands).
    pub(crate) async fn separate(&self) -> Result<Self, RedisError> {
        let mut other =
            Self::connect(self.shared.client.clone(), self.shared.config.clone()).await?;
        other.timeout = self.timeout;
        Ok(other)
    }

    /// This connection, waiting up to `timeout` for each reply.
    #[must_use]
    pub fn with_timeout(&self, timeout: Duration) -> Self {
        Self {
            shared: Arc::clone(&self.shared),
            timeout,
        }
    }

    /// The settings.
    #[must_use]
    pub fn config(&self) -> &ConnectionConfig {
        &self.shared.config
    }

    /// `answer` within the deadline; drops connection `generation` if the
    /// answer shows it is no longer usable.
    async fn settle<T>(
        &self,
        generation: u64,
        answer: impl Future<Output = Result<T, RedisError>>,
    ) -> Result<T, RedisError> {
        let answer = tokio::time::timeout(self.timeout, answer)
            .await
            .unwrap_or_else(|_| {
                Err(std::io::Error::new(
                    std::io::ErrorKind::TimedOut,
                    format!("no reply from Redis within {:?}", self.timeout),
                )
                .into())
            });
        if let Err(why) = &answer
            && is_broken(why)
        {
            self.shared.discard(generation).await;
        }
        answer
    }
}

/// Whether the connection that gave `why` can no longer be trusted: the
/// socket failed, or a reply is missing or unreadable (a later reply could
/// be matched to the wrong command).
fn is_broken(why: &RedisError) -> bool {
    why.is_io_error() || why.is_timeout() || why.is_unrecoverable_error()
}

impl Shared {
    /// The current connection, connecting first when there is none (after
    /// the pause that follows a failed attempt).
    async fn get(&self) -> Result<(MultiplexedConnection, u64), RedisError> {
        let mut waited = false;
        loop {
            let mut state = self.state.lock().await;
            if let Some((connection, generation)) = &state.current {
                return Ok((connection.clone(), *generation));
            }
            if let Some(at) = state.retry_at.filter(|at| *at > Instant::now()) {
                if waited {
                    // Another caller's attempt failed while this one
                    // waited: report that instead of waiting again.
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::NotConnected,
                        "Redis cannot be reached; reconnecting",
                    )
                    .into());
                }
                drop(state);
                tokio::time::sleep_until(at).await;
                waited = true;
                continue;
            }
            let config =
                AsyncConnectionConfig::new().set_connection_timeout(self.config.connect_timeout);
            let attempt = tokio::time::timeout(
                self.config.connect_timeout,
                self.client
                    .get_multiplexed_async_connection_with_config(&config),
            )
            .await
            .unwrap_or_else(|_| {
                Err(std::io::Error::new(
                    std::io::ErrorKind::TimedOut,
                    "connecting to Redis timed out",
                )
                .into())
            });
            return match attempt {
                Ok(connection) => {
                    state.generation += 1;
                    state.current = Some((connection.clone(), state.generation));
                    state.failures = 0;
                    state.retry_at = None;
                    Ok((connection, state.generation))
                }
                Err(why) => {
                    let doubling = 2_u32.saturating_pow(state.failures.min(16));
                    let delay = FIRST_RECONNECT_DELAY
                        .saturating_mul(doubling)
                        .min(self.config.max_reconnect_delay);
                    state.failures = state.failures.saturating_add(1);
                    state.retry_at = Some(Instant::now() + delay);
                    Err(why)
                }
            };
        }
    }

    /// Drops connection `generation` (if still current): the next command
    /// connects anew.
    async fn discard(&self, generation: u64) {
        let mut state = self.state.lock().await;
        if state
            .current
            .as_ref()
            .is_some_and(|(_, current)| *current == generation)
        {
            tracing::warn!("the Redis connection broke or stopped answering; reconnecting");
            state.current = None;
        }
    }
}

impl ConnectionLike for RedisConnection {
    fn req_packed_command<'a>(&'a mut self, cmd: &'a Cmd) -> RedisFuture<'a, Value> {
        Box::pin(async move {
            let (mut connection, generation) = self.shared.get().await?;
            self.settle(generation, connection.req_packed_command(cmd))
                .await
        })
    }

    fn req_packed_commands<'a>(
        &'a mut self,
        cmd: &'a Pipeline,
        offset: usize,
        count: usize,
    ) -> RedisFuture<'a, Vec<Value>> {
        Box::pin(async move {
            let (mut connection, generation) = self.shared.get().await?;
            self.settle(
                generation,
                connection.req_packed_commands(cmd, offset, count),
            )
            .await
        })
    }

    fn get_db(&self) -> i64 {
        self.shared.db
    }
}
