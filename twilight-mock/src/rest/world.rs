//! Changing the world from a test, as Discord's other users would: the bot
//! joins a guild, users join it, channels appear. Each change dispatches
//! its events as a REST change does.

use super::RestContext;
use crate::fixtures::{FixtureGuild, FixtureMember, FixtureUser};
use crate::state::ApiError;
use serde_json::Value;

impl RestContext {
    /// Adds (or replaces) a user; returns its user object.
    pub fn add_user(&self, user: &FixtureUser) -> Value {
        self.state.add_user(user)
    }

    /// The bot joins `guild` (the bot is added as a member if the fixture
    /// leaves it out): GUILD_CREATE to the shard owning it. Returns the
    /// GUILD_CREATE payload.
    ///
    /// # Errors
    ///
    /// 400 if the guild's or a channel's id is taken.
    pub fn add_guild(&self, guild: &FixtureGuild) -> Result<Value, ApiError> {
        self.change(|state, events| state.add_guild(guild, events))
    }

    /// A known user joins guild `guild_id`: GUILD_MEMBER_ADD. Returns the
    /// member.
    ///
    /// # Errors
    ///
    /// Unknown guild or user.
    pub fn add_member(&self, guild_id: u64, member: &FixtureMember) -> Result<Value, ApiError> {
        self.change(|state, events| state.add_member(guild_id, member, events))
    }

    /// A channel is created in guild `guild_id` (`body` as for POST
    /// /guilds/{guild.id}/channels, without permission checks):
    /// CHANNEL_CREATE. Returns the channel.
    ///
    /// # Errors
    ///
    /// Unknown guild, or an invalid body.
    pub fn create_channel(&self, guild_id: u64, body: &Value) -> Result<Value, ApiError> {
        self.change(|state, events| state.create_guild_channel(guild_id, body, events))
    }
}
