//! The bot user, other users, the application and DM channels.

use crate::rest::input::{Input, snowflake};
use crate::rest::responses::{Reply, ok};
use crate::state::{ApiError, State};

/// GET /users/@me.
pub(super) fn me(state: &State) -> Result<Reply, ApiError> {
    ok(state.bot_user())
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
