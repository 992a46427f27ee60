//! Guild roles: list, get, create, modify, delete.

use crate::rest::input::{Input, snowflake};
use crate::rest::responses::{Reply, ok};
use crate::state::{ApiError, Events, State};

/// GET /guilds/{guild.id}/roles.
pub(super) fn list(state: &State, guild: &str) -> Result<Reply, ApiError> {
    ok(state.list_roles(snowflake(guild, "guild_id")?)?)
}

/// POST /guilds/{guild.id}/roles.
pub(super) fn create(
    state: &State,
    guild: &str,
    input: &Input,
    events: &mut Events,
) -> Result<Reply, ApiError> {
    ok(state.upsert_role(snowflake(guild, "guild_id")?, None, &input.json, events)?)
}

/// GET /guilds/{guild.id}/roles/{role.id}.
pub(super) fn get(state: &State, guild: &str, role: &str) -> Result<Reply, ApiError> {
    ok(state.get_role(snowflake(guild, "guild_id")?, snowflake(role, "role_id")?)?)
}

/// PATCH /guilds/{guild.id}/roles/{role.id}.
pub(super) fn modify(
    state: &State,
    guild: &str,
    role: &str,
    input: &Input,
    events: &mut Events,
) -> Result<Reply, ApiError> {
    ok(state.upsert_role(
        snowflake(guild, "guild_id")?,
        Some(snowflake(role, "role_id")?),
        &input.json,
        events,
    )?)
}

/// DELETE /guilds/{guild.id}/roles/{role.id}.
pub(super) fn delete(
    state: &State,
    guild: &str,
    role: &str,
    events: &mut Events,
) -> Result<Reply, ApiError> {
    state.delete_role(
        snowflake(guild, "guild_id")?,
        snowflake(role, "role_id")?,
        events,
    )?;
    Ok(Reply::Empty)
}
