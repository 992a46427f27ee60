//! Guild bans: list, get, ban (with the `X-Audit-Log-Reason` as the ban's
//! reason), unban.

use crate::rest::input::{Input, snowflake};
use crate::rest::responses::{Reply, ok};
use crate::state::{ApiError, Events, State};

/// GET /guilds/{guild.id}/bans[?before=&after=&limit=]: `limit` 1-1000,
/// default 1000.
pub(super) fn list(state: &State, guild: &str, input: &Input) -> Result<Reply, ApiError> {
    let g = snowflake(guild, "guild_id")?;
    let limit = input.query_limit(1000, 1000)?;
    ok(state.list_bans(
        g,
        input.query_id("before")?,
        input.query_id("after")?,
        limit,
    )?)
}

/// GET /guilds/{guild.id}/bans/{user.id}.
pub(super) fn get(state: &State, guild: &str, user: &str) -> Result<Reply, ApiError> {
    ok(state.get_ban(snowflake(guild, "guild_id")?, snowflake(user, "user_id")?)?)
}

/// PUT /guilds/{guild.id}/bans/{user.id}.
pub(super) fn create(
    state: &State,
    guild: &str,
    user: &str,
    input: &Input,
    events: &mut Events,
) -> Result<Reply, ApiError> {
    state.create_ban(
        snowflake(guild, "guild_id")?,
        snowflake(user, "user_id")?,
        input.reason.clone(),
        &input.json,
        events,
    )?;
    Ok(Reply::Empty)
}

/// DELETE /guilds/{guild.id}/bans/{user.id}.
pub(super) fn remove(
    state: &State,
    guild: &str,
    user: &str,
    events: &mut Events,
) -> Result<Reply, ApiError> {
    state.remove_ban(
        snowflake(guild, "guild_id")?,
        snowflake(user, "user_id")?,
        events,
    )?;
    Ok(Reply::Empty)
}
