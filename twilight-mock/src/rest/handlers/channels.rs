//! Channels: get, modify, delete, typing, and permission overwrites.

use crate::rest::input::{Input, snowflake};
use crate::rest::responses::{Reply, ok};
use crate::state::{ApiError, Events, State};

/// GET /channels/{channel.id}.
pub(super) fn get(state: &State, channel: &str) -> Result<Reply, ApiError> {
    ok(state.get_channel(snowflake(channel, "channel_id")?)?)
}

/// PATCH /channels/{channel.id}.
pub(super) fn modify(
    state: &State,
    channel: &str,
    input: &Input,
    events: &mut Events,
) -> Result<Reply, ApiError> {
    ok(state.modify_channel(snowflake(channel, "channel_id")?, &input.json, events)?)
}

/// DELETE /channels/{channel.id}: the deleted channel.
pub(super) fn delete(state: &State, channel: &str, events: &mut Events) -> Result<Reply, ApiError> {
    ok(state.delete_channel(snowflake(channel, "channel_id")?, events)?)
}

/// POST /channels/{channel.id}/typing.
pub(super) fn typing(state: &State, channel: &str, events: &mut Events) -> Result<Reply, ApiError> {
    state.typing(snowflake(channel, "channel_id")?, events)?;
    Ok(Reply::Empty)
}

/// PUT (`put`) or DELETE /channels/{channel.id}/permissions/{overwrite.id}.
pub(super) fn overwrite(
    state: &State,
    channel: &str,
    overwrite: &str,
    put: bool,
    input: &Input,
    events: &mut Events,
) -> Result<Reply, ApiError> {
    let c = snowflake(channel, "channel_id")?;
    let o = snowflake(overwrite, "overwrite_id")?;
    if put {
        state.edit_overwrite(c, o, &input.json, events)?;
    } else {
        state.delete_overwrite(c, o, events)?;
    }
    Ok(Reply::Empty)
}
