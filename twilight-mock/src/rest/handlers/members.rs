//! Guild members: list, get, modify (oneself: only `nick`), kick, and
//! adding and removing roles.

use crate::rest::input::{Input, snowflake};
use crate::rest::responses::{Reply, ok};
use crate::state::{ApiError, Events, State};
use serde_json::{Value, json};

/// `@me` or a user id, for member routes.
fn member_id(state: &State, text: &str) -> Result<u64, ApiError> {
    if text == "@me" {
        Ok(state.bot_id().get())
    } else {
        snowflake(text, "user_id")
    }
}

/// GET /guilds/{guild.id}/members[?limit=&after=]: `limit` 1-1000,
/// default 1.
pub(super) fn list(state: &State, guild: &str, input: &Input) -> Result<Reply, ApiError> {
    let g = snowflake(guild, "guild_id")?;
    let limit = input.query_limit(1, 1000)?;
    let after = input.query_id("after")?.unwrap_or(0);
    ok(state.list_members(g, after, limit)?)
}

/// GET /guilds/{guild.id}/members/{user.id or @me}.
pub(super) fn get(state: &State, guild: &str, user: &str) -> Result<Reply, ApiError> {
    ok(state.get_member(snowflake(guild, "guild_id")?, member_id(state, user)?)?)
}

/// PATCH /guilds/{guild.id}/members/{user.id or @me}.
pub(super) fn modify(
    state: &State,
    guild: &str,
    user: &str,
    input: &Input,
    events: &mut Events,
) -> Result<Reply, ApiError> {
    let body = &input.json;
    let g = snowflake(guild, "guild_id")?;
    let me = user == "@me";
    let u = member_id(state, user)?;
    if me {
        // Only `nick` may be changed on oneself.
        let nick = json!({ "nick": body.get("nick").cloned().unwrap_or(Value::Null) });
        let body = if body.get("nick").is_some() {
            nick
        } else {
            json!({})
        };
        return ok(state.modify_member(g, u, &body, events)?);
    }
    ok(state.modify_member(g, u, body, events)?)
}

/// DELETE /guilds/{guild.id}/members/{user.id}.
pub(super) fn remove(
    state: &State,
    guild: &str,
    user: &str,
    events: &mut Events,
) -> Result<Reply, ApiError> {
    state.remove_member(
        snowflake(guild, "guild_id")?,
        snowflake(user, "user_id")?,
        events,
    )?;
    Ok(Reply::Empty)
}

/// PUT (`add`) or DELETE /guilds/{guild.id}/members/{user.id}/roles/{role.id}.
pub(super) fn role(
    state: &State,
    guild: &str,
    user: &str,
    role: &str,
    add: bool,
    events: &mut Events,
) -> Result<Reply, ApiError> {
    state.member_role(
        snowflake(guild, "guild_id")?,
        snowflake(user, "user_id")?,
        snowflake(role, "role_id")?,
        add,
        events,
    )?;
    Ok(Reply::Empty)
}
