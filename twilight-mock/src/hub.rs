//! How REST reaches the gateway: a REST change emits the matching dispatch
//! event to the shard that owns the guild, and reads the gateway's session
//! start limit and token reset.

use crate::config::SessionStartLimit;
use twilight_model::id::{Id, marker::GuildMarker};

/// Receives the dispatch events that REST changes cause.
pub trait EventSink: Send + Sync + 'static {
    /// Sends dispatch `event` with data `data` to the sessions of the shard that
    /// owns `guild_id` (`(guild_id >> 22) % num_shards`), or, when `guild_id`
    /// is `None` (direct messages, entitlements, ...), to shard 0 only, as
    /// Discord documents. Sessions whose intents exclude the event do not get
    /// it.
    fn dispatch(&self, guild_id: Option<Id<GuildMarker>>, event: &str, data: serde_json::Value);

    /// The session start limit now (remaining identifies, time to reset), for
    /// GET /gateway/bot; `None` when no gateway runs (use the configured one).
    fn session_start_limit(&self) -> Option<SessionStartLimit> {
        None
    }

    /// Whether the token was reset because the daily identify limit was
    /// exceeded (Discord then rejects it everywhere: REST answers 401).
    fn token_reset(&self) -> bool {
        false
    }
}
