//! Guild emojis (resources/emoji.mdx): list, get, create, modify, delete,
//! each change dispatching GUILD_EMOJIS_UPDATE with the guild's emojis.

use super::body::{check_len, opt_id_array, opt_str};
use super::error::{ApiError, unknown_guild};
use super::values::id_str;
use super::{Events, Inner, State};
use serde_json::{Value, json};
use twilight_model::id::Id;

/// The largest emoji image (256 KiB), decoded.
const MAX_EMOJI_BYTES: usize = 256 * 1024;

/// 10014 Unknown Emoji.
fn unknown_emoji() -> ApiError {
    ApiError::unknown(10014, "Emoji")
}

fn check_name(name: &str) -> Result<(), ApiError> {
    check_len("name", name, 2, 32)?;
    if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(ApiError::form(
            "name",
            "STRING_TYPE_REGEX",
            "String value did not match validation regex.",
        ));
    }
    Ok(())
}

/// Whether `image` is a data URI of an image, and whether it is a GIF.
fn image_kind(image: &str) -> Result<bool, ApiError> {
    let invalid = || ApiError::form("image", "IMAGE_INVALID", "Invalid image data");
    let rest = image.strip_prefix("data:").ok_or_else(invalid)?;
    let (mime, data) = rest.split_once(";base64,").ok_or_else(invalid)?;
    if !matches!(
        mime,
        "image/png" | "image/jpeg" | "image/jpg" | "image/gif" | "image/webp" | "image/avif"
    ) || data.is_empty()
    {
        return Err(invalid());
    }
    if data.len() / 4 * 3 > MAX_EMOJI_BYTES {
        // Discord answers a plain 400 here, without a JSON error code.
        return Err(ApiError::new(
            400,
            0,
            "Maximum emoji size is 256.0 kb (Asset exceeds maximum size: 262144)",
        ));
    }
    Ok(mime == "image/gif")
}

impl Inner {
    fn emojis_update(&self, guild_id: u64, events: &mut Events) {
        let Some(guild) = self.guilds.get(&guild_id) else {
            return;
        };
        events.push((
            Id::new_checked(guild_id),
            "GUILD_EMOJIS_UPDATE",
            json!({
                "guild_id": id_str(guild_id),
                "emojis": guild.emojis.values().cloned().collect::<Vec<_>>(),
            }),
        ));
    }
}

impl State {
    /// GET /guilds/{guild.id}/emojis.
    pub fn list_emojis(&self, guild_id: u64) -> Result<Value, ApiError> {
        let inner = self.lock();
        let guild = inner.guilds.get(&guild_id).ok_or_else(unknown_guild)?;
        Ok(Value::Array(guild.emojis.values().cloned().collect()))
    }

    /// GET /guilds/{guild.id}/emojis/{emoji.id}.
    pub fn get_emoji(&self, guild_id: u64, emoji_id: u64) -> Result<Value, ApiError> {
        let inner = self.lock();
        let guild = inner.guilds.get(&guild_id).ok_or_else(unknown_guild)?;
        guild
            .emojis
            .get(&emoji_id)
            .cloned()
            .ok_or_else(unknown_emoji)
    }

    /// The creator of a guild emoji.
    pub fn emoji_creator(&self, guild_id: u64, emoji_id: u64) -> Option<u64> {
        let inner = self.lock();
        let emoji = inner.guilds.get(&guild_id)?.emojis.get(&emoji_id)?;
        super::values::field_id(&emoji["user"], "id")
    }

    /// POST /guilds/{guild.id}/emojis (`name`, `image` data URI, `roles`).
    pub fn create_emoji(
        &self,
        guild_id: u64,
        body: &Value,
        events: &mut Events,
    ) -> Result<Value, ApiError> {
        let id = self.next_id();
        let required =
            |key: &str| ApiError::form(key, "BASE_TYPE_REQUIRED", "This field is required");
        let name = opt_str(body, "name")?.ok_or_else(|| required("name"))?;
        check_name(name)?;
        let image = opt_str(body, "image")?.ok_or_else(|| required("image"))?;
        let animated = image_kind(image)?;
        let roles = opt_id_array(body, "roles")?.unwrap_or_default();
        let mut inner = self.lock();
        let bot = inner.user_or_stub(inner.bot_id);
        let guild = inner.guilds.get_mut(&guild_id).ok_or_else(unknown_guild)?;
        if roles.iter().any(|r| !guild.roles.contains_key(r)) {
            return Err(ApiError::unknown(10011, "Role"));
        }
        let emoji = json!({
            "id": id_str(id),
            "name": name,
            "roles": roles.iter().map(|r| id_str(*r)).collect::<Vec<_>>(),
            "user": bot,
            "require_colons": true,
            "managed": false,
            "animated": animated,
            "available": true,
        });
        guild.emojis.insert(id, emoji.clone());
        inner.emojis_update(guild_id, events);
        Ok(emoji)
    }

    /// PATCH /guilds/{guild.id}/emojis/{emoji.id} (`name`, `roles`).
    pub fn modify_emoji(
        &self,
        guild_id: u64,
        emoji_id: u64,
        body: &Value,
        events: &mut Events,
    ) -> Result<Value, ApiError> {
        let name = opt_str(body, "name")?;
        if let Some(name) = name {
            check_name(name)?;
        }
        let roles = opt_id_array(body, "roles")?;
        let mut inner = self.lock();
        let guild = inner.guilds.get_mut(&guild_id).ok_or_else(unknown_guild)?;
        if roles.iter().flatten().any(|r| !guild.roles.contains_key(r)) {
            return Err(ApiError::unknown(10011, "Role"));
        }
        let emoji = guild.emojis.get_mut(&emoji_id).ok_or_else(unknown_emoji)?;
        if let Some(name) = name {
            emoji["name"] = json!(name);
        }
        if body.get("roles").is_some() {
            let roles = roles.unwrap_or_default();
            emoji["roles"] = json!(roles.iter().map(|r| id_str(*r)).collect::<Vec<_>>());
        }
        let emoji = emoji.clone();
        inner.emojis_update(guild_id, events);
        Ok(emoji)
    }

    /// DELETE /guilds/{guild.id}/emojis/{emoji.id}.
    pub fn delete_emoji(
        &self,
        guild_id: u64,
        emoji_id: u64,
        events: &mut Events,
    ) -> Result<(), ApiError> {
        let mut inner = self.lock();
        let guild = inner.guilds.get_mut(&guild_id).ok_or_else(unknown_guild)?;
        guild.emojis.remove(&emoji_id).ok_or_else(unknown_emoji)?;
        inner.emojis_update(guild_id, events);
        Ok(())
    }
}
