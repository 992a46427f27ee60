//! Messages sent with the bot token: list, send, get, edit, delete, bulk
//! delete, and pins. Without READ_MESSAGE_HISTORY, lists come back empty.

use crate::message_content::{self, MESSAGE_CONTENT};
use crate::rest::context::RestContext;
use crate::rest::input::{Input, snowflake};
use crate::rest::permissions;
use crate::rest::responses::{Reply, ok};
use crate::state::{ApiError, Author, Events, State};
use serde_json::{Value, json};

/// GET /channels/{channel.id}/messages[?around=&before=&after=&limit=]:
/// `limit` 1-100, default 50.
pub(super) fn list(state: &State, channel: &str, input: &Input) -> Result<Reply, ApiError> {
    let c = snowflake(channel, "channel_id")?;
    let limit = input.query_limit(50, 100)?;
    let messages = state.list_messages(
        c,
        input.query_id("around")?,
        input.query_id("before")?,
        input.query_id("after")?,
        limit,
    )?;
    ok(if permissions::reads_history(state, c) {
        messages
    } else {
        json!([])
    })
}

/// POST /channels/{channel.id}/messages.
pub(super) fn create(
    state: &State,
    channel: &str,
    input: &Input,
    events: &mut Events,
) -> Result<Reply, ApiError> {
    ok(state.create_message(
        snowflake(channel, "channel_id")?,
        &input.json,
        &input.files,
        &Author::Bot,
        &input.file_base,
        events,
    )?)
}

/// POST /channels/{channel.id}/messages/bulk-delete.
pub(super) fn bulk_delete(
    state: &State,
    channel: &str,
    input: &Input,
    events: &mut Events,
) -> Result<Reply, ApiError> {
    state.bulk_delete(snowflake(channel, "channel_id")?, &input.json, events)?;
    Ok(Reply::Empty)
}

/// GET /channels/{channel.id}/messages/{message.id}.
pub(super) fn get(state: &State, channel: &str, message: &str) -> Result<Reply, ApiError> {
    ok(state.get_message(
        snowflake(channel, "channel_id")?,
        snowflake(message, "message_id")?,
    )?)
}

/// PATCH /channels/{channel.id}/messages/{message.id}.
pub(super) fn edit(
    state: &State,
    channel: &str,
    message: &str,
    input: &Input,
    events: &mut Events,
) -> Result<Reply, ApiError> {
    ok(state.edit_message(
        snowflake(channel, "channel_id")?,
        snowflake(message, "message_id")?,
        &input.json,
        &input.files,
        &Author::Bot,
        &input.file_base,
        events,
    )?)
}

/// DELETE /channels/{channel.id}/messages/{message.id}.
pub(super) fn delete(
    state: &State,
    channel: &str,
    message: &str,
    events: &mut Events,
) -> Result<Reply, ApiError> {
    state.delete_message(
        snowflake(channel, "channel_id")?,
        snowflake(message, "message_id")?,
        events,
    )?;
    Ok(Reply::Empty)
}

/// GET /channels/{channel.id}/messages/pins[?before=&limit=]: `limit` 1-50.
pub(super) fn pins(state: &State, channel: &str, input: &Input) -> Result<Reply, ApiError> {
    let c = snowflake(channel, "channel_id")?;
    let limit = input.query_limit(50, 50)?;
    let pins = state.pins(c, input.query("before").filter(|b| !b.is_empty()), limit)?;
    if permissions::reads_history(state, c) {
        ok(pins)
    } else {
        ok(json!({ "items": [], "has_more": false }))
    }
}

/// GET /channels/{channel.id}/pins (deprecated): the pinned messages.
pub(super) fn pinned_messages(state: &State, channel: &str) -> Result<Reply, ApiError> {
    let c = snowflake(channel, "channel_id")?;
    let pins = state.pinned_messages(c)?;
    ok(if permissions::reads_history(state, c) {
        pins
    } else {
        json!([])
    })
}

/// PUT (`pin`) or DELETE /channels/{channel.id}/messages/pins/{message.id}.
pub(super) fn pin(
    state: &State,
    channel: &str,
    message: &str,
    pin: bool,
    events: &mut Events,
) -> Result<Reply, ApiError> {
    state.pin(
        snowflake(channel, "channel_id")?,
        snowflake(message, "message_id")?,
        pin,
        events,
    )?;
    Ok(Reply::Empty)
}

/// Empties the content of the messages a read returns when the application
/// may not use the MESSAGE_CONTENT intent (a single message, a list, or
/// the pins' `items`), except where the docs make exceptions.
pub(super) fn hide_content(ctx: &RestContext, channel: &str, reply: Reply) -> Reply {
    let Reply::Json(status, mut value) = reply else {
        return reply;
    };
    if ctx.config.privileged_intents & MESSAGE_CONTENT == 0 {
        let state = &ctx.state;
        let in_dm =
            snowflake(channel, "channel_id").is_ok_and(|c| state.channel_guild(c).is_none());
        let bot = state.bot_id().to_string();
        let blank = |m: &mut Value| message_content::blank(m, &bot, in_dm);
        match &mut value {
            Value::Array(messages) => messages.iter_mut().for_each(blank),
            Value::Object(pins) if pins.contains_key("items") => {
                if let Some(items) = pins.get_mut("items").and_then(Value::as_array_mut) {
                    items.iter_mut().for_each(|i| blank(&mut i["message"]));
                }
            }
            message => blank(message),
        }
    }
    Reply::Json(status, value)
}
