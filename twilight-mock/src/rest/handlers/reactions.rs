//! Reactions, by percent-encoded emoji: add, remove (own or a user's),
//! list who reacted, clear.

use crate::rest::input::{Input, percent_decode, snowflake};
use crate::rest::responses::{Reply, ok};
use crate::state::{ApiError, Events, State};

/// DELETE /channels/{channel.id}/messages/{message.id}/reactions[/{emoji}].
pub(super) fn clear(
    state: &State,
    channel: &str,
    message: &str,
    emoji: Option<&str>,
    events: &mut Events,
) -> Result<Reply, ApiError> {
    let e = emoji.map(percent_decode);
    state.clear_reactions(
        snowflake(channel, "channel_id")?,
        snowflake(message, "message_id")?,
        e.as_deref(),
        events,
    )?;
    Ok(Reply::Empty)
}

/// GET /channels/{channel.id}/messages/{message.id}/reactions/{emoji}
/// [?after=&limit=]: `limit` 1-100, default 25.
pub(super) fn users(
    state: &State,
    channel: &str,
    message: &str,
    emoji: &str,
    input: &Input,
) -> Result<Reply, ApiError> {
    let c = snowflake(channel, "channel_id")?;
    let m = snowflake(message, "message_id")?;
    let limit = input.query_limit(25, 100)?;
    ok(state.reaction_users(
        c,
        m,
        &percent_decode(emoji),
        input.query_id("after")?,
        limit,
    )?)
}

/// PUT /channels/{channel.id}/messages/{message.id}/reactions/{emoji}/@me.
pub(super) fn add(
    state: &State,
    channel: &str,
    message: &str,
    emoji: &str,
    events: &mut Events,
) -> Result<Reply, ApiError> {
    state.add_reaction(
        snowflake(channel, "channel_id")?,
        snowflake(message, "message_id")?,
        &percent_decode(emoji),
        None,
        events,
    )?;
    Ok(Reply::Empty)
}

/// DELETE /channels/{channel.id}/messages/{message.id}/reactions/{emoji}/
/// {@me or user.id} (`user` `None`: the bot's).
pub(super) fn remove(
    state: &State,
    channel: &str,
    message: &str,
    emoji: &str,
    user: Option<&str>,
    events: &mut Events,
) -> Result<Reply, ApiError> {
    let u = user.map(|u| snowflake(u, "user_id")).transpose()?;
    state.remove_reaction(
        snowflake(channel, "channel_id")?,
        snowflake(message, "message_id")?,
        &percent_decode(emoji),
        u,
        events,
    )?;
    Ok(Reply::Empty)
}
