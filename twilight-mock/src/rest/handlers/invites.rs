//! Invites: created on and listed by channel, read and deleted by code.

use crate::rest::input::{Input, snowflake};
use crate::rest::responses::{Reply, ok};
use crate::state::{ApiError, Events, State};

/// POST /channels/{channel.id}/invites.
pub(super) fn create(
    state: &State,
    channel: &str,
    input: &Input,
    events: &mut Events,
) -> Result<Reply, ApiError> {
    ok(state.create_invite(snowflake(channel, "channel_id")?, &input.json, events)?)
}

/// GET /channels/{channel.id}/invites.
pub(super) fn list(state: &State, channel: &str) -> Result<Reply, ApiError> {
    ok(state.channel_invites(snowflake(channel, "channel_id")?)?)
}

/// GET /invites/{code}[?with_counts=true].
pub(super) fn get(state: &State, code: &str, input: &Input) -> Result<Reply, ApiError> {
    ok(state.get_invite(code, input.query_bool("with_counts"))?)
}

/// DELETE /invites/{code}: the deleted invite.
pub(super) fn delete(state: &State, code: &str, events: &mut Events) -> Result<Reply, ApiError> {
    ok(state.delete_invite(code, events)?)
}
