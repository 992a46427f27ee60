//! Threads: started from a message or on their own, joined and left, and
//! the guild's active threads.

use crate::rest::input::{Input, snowflake};
use crate::rest::responses::{Reply, ok};
use crate::state::{ApiError, Events, State};

/// POST /channels/{channel.id}/messages/{message.id}/threads (`message`
/// given) or POST /channels/{channel.id}/threads: 201 with the thread.
pub(super) fn start(
    state: &State,
    channel: &str,
    message: Option<&str>,
    input: &Input,
    events: &mut Events,
) -> Result<Reply, ApiError> {
    let m = message.map(|m| snowflake(m, "message_id")).transpose()?;
    Ok(Reply::Json(
        201,
        state.start_thread(snowflake(channel, "channel_id")?, m, &input.json, events)?,
    ))
}

/// PUT (`join`) or DELETE /channels/{channel.id}/thread-members/@me.
pub(super) fn membership(
    state: &State,
    channel: &str,
    join: bool,
    events: &mut Events,
) -> Result<Reply, ApiError> {
    state.thread_membership(snowflake(channel, "channel_id")?, join, events)?;
    Ok(Reply::Empty)
}

/// GET /guilds/{guild.id}/threads/active.
pub(super) fn active(state: &State, guild: &str) -> Result<Reply, ApiError> {
    ok(state.active_threads(snowflake(guild, "guild_id")?)?)
}
