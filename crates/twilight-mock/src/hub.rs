//! The seam from REST to the gateway: a REST change emits the matching
//! dispatch event to the shard that owns the guild.

use twilight_model::id::{Id, marker::GuildMarker};

/// Receives the dispatch events that REST changes cause.
pub trait EventSink: Send + Sync + 'static {
    /// Sends dispatch `event` with data `data` to the sessions of the shard that
    /// owns `guild_id` (`(guild_id >> 22) % num_shards`), or to every session
    /// when `guild_id` is `None` (for example USER_UPDATE).
    fn dispatch(&self, guild_id: Option<Id<GuildMarker>>, event: &str, data: serde_json::Value);
}
