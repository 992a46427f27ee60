//! The bot user, other users, the application and DM channels.

use crate::rest::input::{Input, snowflake};
use crate::rest::responses::{Reply, ok};
use crate::state::{ApiError, State};
use serde_json::Value;

/// GET /users/@me.
pub(super) fn me(state: &State) -> Result<Reply, ApiError> {
    ok(state.bot_user())
}

/// GET /users/@me/guilds[?before=&after=&limit=&with_counts=]: `limit`
/// 1-200, default 200.
pub(super) fn guilds(state: &State, input: &Input) -> Result<Reply, ApiError> {
    let limit = input.query_limit(200, 200)?;
    let before = input.query_id("before")?;
    let after = input.query_id("after")?;
    let guilds = state.current_user_guilds(before, after, limit, input.query_bool("with_counts"));
    ok(Value::Array(guilds))
}

/// GET /users/@me/guilds/{guild.id}/member: the bot's member object.
pub(super) fn guild_member(state: &State, guild: &str) -> Result<Reply, ApiError> {
    ok(state.get_member(snowflake(guild, "guild_id")?, state.bot_id().get())?)
}

/// GET /users/{user.id}.
pub(super) fn get(state: &State, user: &str) -> Result<Reply, ApiError> {
    ok(state.get_user(snowflake(user, "user_id")?)?)
}

/// GET /applications/@me (and /oauth2/applications/@me).
pub(super) fn application(state: &State) -> Result<Reply, ApiError> {
    ok(state.application_full())
}

/// POST /users/@me/channels.
pub(super) fn create_dm(state: &State, input: &Input) -> Result<Reply, ApiError> {
    ok(state.create_dm(&input.json)?)
}
