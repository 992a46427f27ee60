//! The in-memory state of the local Discord: guilds, channels, threads, roles,
//! members, users, messages, reactions, webhooks and interactions.

// STUB owned by the REST helper. The gateway side relies on exactly these
// signatures; keep them (add more freely).
//
// TEMPORARY (gateway branch only): minimal bodies (an empty world with a bot
// user) so that `Mock::start` and the binary run before the REST half lands.
// The lead keeps the REST helper's version of this file at merge.

use crate::fixtures::Fixtures;
use serde_json::Value;
use twilight_model::id::{
    Id,
    marker::{GuildMarker, UserMarker},
};

/// The mock's data, shared by the REST and gateway servers. Internally
/// synchronised: every method takes `&self`.
#[derive(Debug)]
pub struct State {}

impl State {
    /// A state holding the fixtures.
    pub fn new(fixtures: &Fixtures) -> Self {
        let _ = fixtures;
        Self {}
    }

    /// The bot's user object, as in READY.
    pub fn bot_user(&self) -> Value {
        serde_json::json!({
            "id": "1000000000000000001",
            "username": "mock-bot",
            "discriminator": "0000",
            "global_name": null,
            "avatar": null,
            "bot": true,
            "system": false,
            "mfa_enabled": true,
            "banner": null,
            "accent_color": null,
            "locale": "en-US",
            "verified": true,
            "email": null,
            "flags": 0,
            "premium_type": 0,
            "public_flags": 0,
            "avatar_decoration_data": null,
        })
    }

    /// The partial application object of READY (`id`, `flags`).
    pub fn application(&self) -> Value {
        serde_json::json!({ "id": "1000000000000000001", "flags": 0 })
    }

    /// Every guild the bot is in.
    pub fn guild_ids(&self) -> Vec<Id<GuildMarker>> {
        Vec::new()
    }

    /// The full GUILD_CREATE payload of a guild (every documented field, every
    /// array even when empty), or `None` if there is no such guild.
    pub fn guild_create(&self, guild_id: Id<GuildMarker>) -> Option<Value> {
        let _ = guild_id;
        None
    }

    /// Members for REQUEST_GUILD_MEMBERS: by username prefix `query` (empty:
    /// all) up to `limit` (0: no limit), or exactly `user_ids`.
    pub fn members(
        &self,
        guild_id: Id<GuildMarker>,
        query: Option<&str>,
        limit: usize,
        user_ids: Option<&[Id<UserMarker>]>,
    ) -> Vec<Value> {
        let _ = (guild_id, query, limit, user_ids);
        Vec::new()
    }

    /// The presences of the given members (for `presences: true`).
    pub fn presences(&self, guild_id: Id<GuildMarker>, user_ids: &[Id<UserMarker>]) -> Vec<Value> {
        let _ = (guild_id, user_ids);
        Vec::new()
    }
}
