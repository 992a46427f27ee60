//! What the gateway reads from the mock's world, which
//! [`State`](crate::state::State) provides: a trait so that the gateway server can
//! also run over any other source of guilds (a test double, a generator).

use crate::state::State;
use serde_json::Value;
use twilight_model::id::{
    Id,
    marker::{GuildMarker, UserMarker},
};

/// The data the gateway sends: READY's user and application, the guilds, their
/// GUILD_CREATE payloads, members and presences.
///
/// Implemented by [`State`]; implement it yourself to serve a generated world.
pub trait GatewayData: Send + Sync + 'static {
    /// The bot's user object, as in READY.
    fn bot_user(&self) -> Value;
    /// The partial application object of READY (`id`, `flags`).
    fn application(&self) -> Value;
    /// Every guild the bot is in.
    fn guild_ids(&self) -> Vec<Id<GuildMarker>>;
    /// The full GUILD_CREATE payload of a guild.
    fn guild_create(&self, guild_id: Id<GuildMarker>) -> Option<Value>;
    /// Members for REQUEST_GUILD_MEMBERS (see [`State::members`]).
    fn members(
        &self,
        guild_id: Id<GuildMarker>,
        query: Option<&str>,
        limit: usize,
        user_ids: Option<&[Id<UserMarker>]>,
    ) -> Vec<Value>;
    /// The presences of the given members.
    fn presences(&self, guild_id: Id<GuildMarker>, user_ids: &[Id<UserMarker>]) -> Vec<Value>;
}

impl GatewayData for State {
    fn bot_user(&self) -> Value {
        State::bot_user(self)
    }

    fn application(&self) -> Value {
        State::application(self)
    }

    fn guild_ids(&self) -> Vec<Id<GuildMarker>> {
        State::guild_ids(self)
    }

    fn guild_create(&self, guild_id: Id<GuildMarker>) -> Option<Value> {
        State::guild_create(self, guild_id)
    }

    fn members(
        &self,
        guild_id: Id<GuildMarker>,
        query: Option<&str>,
        limit: usize,
        user_ids: Option<&[Id<UserMarker>]>,
    ) -> Vec<Value> {
        State::members(self, guild_id, query, limit, user_ids)
    }

    fn presences(&self, guild_id: Id<GuildMarker>, user_ids: &[Id<UserMarker>]) -> Vec<Value> {
        State::presences(self, guild_id, user_ids)
    }
}
