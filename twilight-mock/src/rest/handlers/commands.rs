//! Application commands, global and per guild: list, create, bulk
//! overwrite, get, edit, delete.

use crate::rest::context::RestContext;
use crate::rest::input::snowflake;
use crate::rest::responses::{Reply, ok};
use crate::state::ApiError;
use hyper::Method;
use serde_json::Value;

/// The application command routes (no events: Discord sends none for
/// command changes).
pub(super) fn handle(
    ctx: &RestContext,
    method: &Method,
    app: &str,
    guild: Option<&str>,
    command: Option<&str>,
    body: &Value,
) -> Result<Reply, ApiError> {
    let state = &ctx.state;
    if snowflake(app, "application_id")? != state.application_id() {
        return Err(ApiError::new(
            403,
            20012,
            "You are not authorized to perform this action on this application",
        ));
    }
    let scope = match guild {
        Some(guild) => {
            let guild = snowflake(guild, "guild_id")?;
            if !state.guild_ids().iter().any(|id| id.get() == guild) {
                return Err(ApiError::unknown(10004, "Guild"));
            }
            Some(guild)
        }
        None => None,
    };
    let store = &ctx.commands;
    match (method, command) {
        (&Method::GET, None) => ok(store.list(scope)),
        (&Method::POST, None) => {
            let (status, command) = store.create(state, scope, body)?;
            Ok(Reply::Json(status, command))
        }
        (&Method::PUT, None) => ok(store.overwrite(state, scope, body)?),
        (_, Some(id)) => {
            let id = snowflake(id, "command_id")?;
            match *method {
                Method::GET => ok(store.get(scope, id)?),
                Method::PATCH => ok(store.edit(state, scope, id, body)?),
                _ => {
                    store.delete(scope, id)?;
                    Ok(Reply::Empty)
                }
            }
        }
        _ => Err(ApiError::new(405, 0, "405: Method Not Allowed")),
    }
}
