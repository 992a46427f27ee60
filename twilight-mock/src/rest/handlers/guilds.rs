//! Guilds: the guild object, its channel list and its audit log.

use crate::rest::input::{Input, snowflake};
use crate::rest::responses::{Reply, ok};
use crate::state::{ApiError, AuditLogQuery, Events, State};

/// GET /guilds/{guild.id}[?with_counts=true].
pub(super) fn get(state: &State, guild: &str, input: &Input) -> Result<Reply, ApiError> {
    ok(state.get_guild(
        snowflake(guild, "guild_id")?,
        input.query_bool("with_counts"),
    )?)
}

/// GET /guilds/{guild.id}/channels.
pub(super) fn channels(state: &State, guild: &str) -> Result<Reply, ApiError> {
    ok(state.list_guild_channels(snowflake(guild, "guild_id")?)?)
}

/// POST /guilds/{guild.id}/channels: 201 with the channel.
pub(super) fn create_channel(
    state: &State,
    guild: &str,
    input: &Input,
    events: &mut Events,
) -> Result<Reply, ApiError> {
    Ok(Reply::Json(
        201,
        state.create_guild_channel(snowflake(guild, "guild_id")?, &input.json, events)?,
    ))
}

/// GET /guilds/{guild.id}/audit-logs, filtered by `user_id`, `action_type`,
/// `before`, `after` and `limit` (1-100, default 50).
pub(super) fn audit_log(state: &State, guild: &str, input: &Input) -> Result<Reply, ApiError> {
    let g = snowflake(guild, "guild_id")?;
    let action_type = match input.query("action_type") {
        None | Some("") => None,
        Some(v) => Some(v.parse::<u64>().map_err(|_| {
            ApiError::form(
                "action_type",
                "NUMBER_TYPE_COERCE",
                &format!("Value \"{v}\" is not int."),
            )
        })?),
    };
    let query = AuditLogQuery {
        user_id: input.query_id("user_id")?,
        action_type,
        before: input.query_id("before")?,
        after: input.query_id("after")?,
        limit: input.query_limit(50, 100)?,
    };
    ok(state.audit_log(g, query)?)
}
