//! The sessions in Redis: one key per shard, holding the session id, the
//! sequence up to which the broker acknowledged every event, and the
//! resume URL (twilight-gateway's [`Session`] as JSON).
//!
//! Key: `<prefix><app>:<total>:<shard>`. The shard count is part of the
//! key, so a resharded bot never resumes a session of the old layout.

use redis::AsyncCommands;
use std::fmt::{self, Display, Formatter};
use twilight_gateway::Session;
use twilight_gateway_broker::redis::{ConnectionConfig, RedisConnection};

/// Redis could not be reached or refused a command.
#[derive(Debug)]
pub struct StoreError(redis::RedisError);

impl Display for StoreError {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "session store: {}", self.0)
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

/// The sessions of one app's shards at one shard count.
#[derive(Clone)]
pub struct SessionStore {
    connection: RedisConnection,
    prefix: String,
}

impl std::fmt::Debug for SessionStore {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.debug_struct("SessionStore")
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

impl SessionStore {
    /// Connects to `url`; keys start with `<prefix><app>:<total>:`. The
    /// connection is the broker adapter's: commands time out, and it
    /// reconnects by itself after Redis was away.
    ///
    /// # Errors
    ///
    /// If the URL is invalid or Redis cannot be reached.
    pub async fn connect(
        url: &str,
        prefix: &str,
        app: &str,
        total: u32,
    ) -> Result<Self, StoreError> {
        let client = redis::Client::open(url).map_err(StoreError)?;
        let connection = RedisConnection::connect(client, ConnectionConfig::default())
            .await
            .map_err(StoreError)?;
        Ok(Self {
            connection,
            prefix: format!("{prefix}{app}:{total}:"),
        })
    }

    /// The key of `shard`.
    #[must_use]
    pub fn key(&self, shard: u32) -> String {
        format!("{}{shard}", self.prefix)
    }

    /// The stored session of `shard`. A value that is not a session is
    /// logged and ignored (the shard identifies).
    ///
    /// # Errors
    ///
    /// If Redis fails.
    pub async fn load(&self, shard: u32) -> Result<Option<Session>, StoreError> {
        let mut connection = self.connection.clone();
        let value: Option<String> = connection.get(self.key(shard)).await.map_err(StoreError)?;
        Ok(value.and_then(|json| match serde_json::from_str(&json) {
            Ok(session) => Some(session),
            Err(error) => {
                tracing::warn!(shard, %error, "stored session unreadable; identifying");
                None
            }
        }))
    }

    /// Writes the sessions of several shards in one round trip.
    ///
    /// # Errors
    ///
    /// If Redis fails.
    pub async fn store(&self, sessions: &[(u32, Session)]) -> Result<(), StoreError> {
        if sessions.is_empty() {
            return Ok(());
        }
        let mut pipe = redis::pipe();
        for (shard, session) in sessions {
            // A Session (strings and an integer) always serialises.
            let json = serde_json::to_string(session).unwrap_or_default();
            pipe.set(self.key(*shard), json).ignore();
        }
        let mut connection = self.connection.clone();
        pipe.query_async::<()>(&mut connection)
            .await
            .map_err(StoreError)
    }

    /// Whether Redis answers.
    pub async fn ping(&self) -> bool {
        let mut connection = self.connection.clone();
        redis::cmd("PING")
            .query_async::<String>(&mut connection)
            .await
            .is_ok()
    }
}
