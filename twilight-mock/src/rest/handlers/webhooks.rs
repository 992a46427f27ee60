//! Webhooks: managed with the bot token, or through their own token
//! (read, modify, delete, execute, and the messages they sent). An
//! interaction's token is a webhook token too: executing it sends a
//! follow-up, its messages are the interaction's.

use super::interactions;
use crate::rest::context::RestContext;
use crate::rest::input::{Input, snowflake};
use crate::rest::responses::{Reply, ok};
use crate::state::{ApiError, Author, Events, State, snowflake_of};
use hyper::Method;
use serde_json::Value;

/// GET /channels/{channel.id}/webhooks.
pub(super) fn list(state: &State, channel: &str) -> Result<Reply, ApiError> {
    ok(state.channel_webhooks(snowflake(channel, "channel_id")?)?)
}

/// POST /channels/{channel.id}/webhooks: the webhook's `url` names `host`.
pub(super) fn create(
    state: &State,
    channel: &str,
    input: &Input,
    host: &str,
    events: &mut Events,
) -> Result<Reply, ApiError> {
    ok(state.create_webhook(
        snowflake(channel, "channel_id")?,
        &input.json,
        &format!("http://{host}/api/v10"),
        events,
    )?)
}

/// GET /webhooks/{webhook.id}[/{token}].
pub(super) fn get(state: &State, webhook: &str, token: Option<&str>) -> Result<Reply, ApiError> {
    let w = snowflake(webhook, "webhook_id")?;
    ok(state.get_webhook(w, token)?)
}

/// PATCH /webhooks/{webhook.id}[/{token}].
pub(super) fn modify(
    state: &State,
    webhook: &str,
    token: Option<&str>,
    input: &Input,
    events: &mut Events,
) -> Result<Reply, ApiError> {
    let w = snowflake(webhook, "webhook_id")?;
    ok(state.modify_webhook(w, token, &input.json, events)?)
}

/// DELETE /webhooks/{webhook.id}[/{token}].
pub(super) fn delete(
    state: &State,
    webhook: &str,
    token: Option<&str>,
    events: &mut Events,
) -> Result<Reply, ApiError> {
    let w = snowflake(webhook, "webhook_id")?;
    state.delete_webhook(w, token, events)?;
    Ok(Reply::Empty)
}

/// POST /webhooks/{webhook.id}/{token}[?wait=true&thread_id=]: sends a
/// message as the webhook (into one of its channel's threads with
/// `thread_id`), answered only with `wait`; with an interaction's token, a
/// follow-up.
pub(super) fn execute(
    ctx: &RestContext,
    webhook: &str,
    token: &str,
    input: &Input,
    events: &mut Events,
) -> Result<Reply, ApiError> {
    let state = &ctx.state;
    let body = &input.json;
    let w = snowflake(webhook, "webhook_id")?;
    if let Some((interaction, channel, created)) = state.interaction_by_token(w, token) {
        return interactions::followup(ctx, interaction, channel, created, input, events);
    }
    let mut channel = state.webhook_channel(w, token)?;
    if let Some(thread) = input.query_id("thread_id")? {
        let parent = state
            .get_channel(thread)
            .ok()
            .and_then(|c| c.get("parent_id").and_then(snowflake_of));
        if parent != Some(channel) {
            return Err(ApiError::unknown(10003, "Channel"));
        }
        channel = thread;
    }
    let username = body
        .get("username")
        .and_then(Value::as_str)
        .map(str::to_owned);
    if let Some(name) = &username
        && (name.is_empty() || name.chars().count() > 80)
    {
        return Err(ApiError::form(
            "username",
            "BASE_TYPE_BAD_LENGTH",
            "Must be between 1 and 80 in length.",
        ));
    }
    let author = Author::Webhook {
        id: w,
        username,
        avatar_url: body
            .get("avatar_url")
            .and_then(Value::as_str)
            .map(str::to_owned),
    };
    let message = state.create_message(
        channel,
        body,
        &input.files,
        &author,
        &input.file_base,
        events,
    )?;
    if input.query_bool("wait") {
        ok(message)
    } else {
        Ok(Reply::Empty)
    }
}

/// GET/PATCH/DELETE /webhooks/{id}/{token}/messages/{message.id | @original}.
pub(super) fn message(
    ctx: &RestContext,
    webhook: &str,
    token: &str,
    message: &str,
    method: &Method,
    input: &Input,
    events: &mut Events,
) -> Result<Reply, ApiError> {
    let state = &ctx.state;
    let webhook = snowflake(webhook, "webhook_id")?;
    let (channel, message_id, author) =
        if let Some((interaction, channel, created)) = state.interaction_by_token(webhook, token) {
            if interactions::token_expired(ctx, created) {
                return Err(ApiError::new(401, 50027, "Invalid Webhook Token"));
            }
            let id = if message == "@original" {
                state.interaction_original(interaction)?
            } else {
                let id = snowflake(message, "message_id")?;
                if !state.interaction_owns(interaction, id) {
                    return Err(ApiError::unknown(10008, "Message"));
                }
                id
            };
            (
                channel,
                id,
                Author::Interaction {
                    id: interaction,
                    original: false,
                },
            )
        } else {
            let channel = state.webhook_channel(webhook, token)?;
            let channel = match input.query_id("thread_id")? {
                Some(thread) => thread,
                None => channel,
            };
            let id = snowflake(message, "message_id")?;
            if !state.message_is_from(channel, id, webhook) {
                return Err(ApiError::unknown(10008, "Message"));
            }
            (
                channel,
                id,
                Author::Webhook {
                    id: webhook,
                    username: None,
                    avatar_url: None,
                },
            )
        };
    match *method {
        Method::GET => ok(state.get_message(channel, message_id)?),
        Method::DELETE => {
            state.delete_message(channel, message_id, events)?;
            Ok(Reply::Empty)
        }
        _ => ok(state.edit_message(
            channel,
            message_id,
            &input.json,
            &input.files,
            &author,
            &input.file_base,
            events,
        )?),
    }
}
