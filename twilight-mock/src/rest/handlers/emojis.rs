//! Guild emojis (list, get, create, modify, delete) and stickers, which the
//! mock does not hold: lists are empty, lookups unknown.

use crate::rest::input::{Input, snowflake};
use crate::rest::responses::{Reply, ok};
use crate::state::{ApiError, Events, State};
use serde_json::json;

/// GET /guilds/{guild.id}/emojis.
pub(super) fn list(state: &State, guild: &str) -> Result<Reply, ApiError> {
    ok(state.list_emojis(snowflake(guild, "guild_id")?)?)
}

/// GET /guilds/{guild.id}/emojis/{emoji.id}.
pub(super) fn get(state: &State, guild: &str, emoji: &str) -> Result<Reply, ApiError> {
    ok(state.get_emoji(snowflake(guild, "guild_id")?, snowflake(emoji, "emoji_id")?)?)
}

/// POST /guilds/{guild.id}/emojis: 201 with the emoji.
pub(super) fn create(
    state: &State,
    guild: &str,
    input: &Input,
    events: &mut Events,
) -> Result<Reply, ApiError> {
    Ok(Reply::Json(
        201,
        state.create_emoji(snowflake(guild, "guild_id")?, &input.json, events)?,
    ))
}

/// PATCH /guilds/{guild.id}/emojis/{emoji.id}.
pub(super) fn modify(
    state: &State,
    guild: &str,
    emoji: &str,
    input: &Input,
    events: &mut Events,
) -> Result<Reply, ApiError> {
    ok(state.modify_emoji(
        snowflake(guild, "guild_id")?,
        snowflake(emoji, "emoji_id")?,
        &input.json,
        events,
    )?)
}

/// DELETE /guilds/{guild.id}/emojis/{emoji.id}.
pub(super) fn delete(
    state: &State,
    guild: &str,
    emoji: &str,
    events: &mut Events,
) -> Result<Reply, ApiError> {
    state.delete_emoji(
        snowflake(guild, "guild_id")?,
        snowflake(emoji, "emoji_id")?,
        events,
    )?;
    Ok(Reply::Empty)
}

/// GET /guilds/{guild.id}/stickers: always empty.
pub(super) fn list_stickers(state: &State, guild: &str) -> Result<Reply, ApiError> {
    state.get_guild(snowflake(guild, "guild_id")?, false)?;
    ok(json!([]))
}

/// GET /guilds/{guild.id}/stickers/{sticker.id}: always 10060 Unknown
/// Sticker.
pub(super) fn get_guild_sticker(
    state: &State,
    guild: &str,
    sticker: &str,
) -> Result<Reply, ApiError> {
    state.get_guild(snowflake(guild, "guild_id")?, false)?;
    snowflake(sticker, "sticker_id")?;
    Err(ApiError::unknown(10060, "Sticker"))
}

/// GET /stickers/{sticker.id}: always 10060 Unknown Sticker.
pub(super) fn get_sticker(sticker: &str) -> Result<Reply, ApiError> {
    snowflake(sticker, "sticker_id")?;
    Err(ApiError::unknown(10060, "Sticker"))
}
