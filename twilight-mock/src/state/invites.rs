//! Invites (resources/invite.mdx): created on a guild channel, read and
//! deleted by code, with INVITE_CREATE and INVITE_DELETE.
//!
//! Expiry is not enforced: `expires_at` is reported, the invite stays.

use super::body::{opt_bool, opt_int};
use super::error::{ApiError, unknown_channel, unknown_guild};
use super::values::{field_id, id_str, now_iso};
use super::{Events, Inner, State};
use serde_json::{Value, json};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use twilight_model::Timestamp;
use twilight_model::id::Id;
use twilight_model::invite::InviteType;

/// 10006 Unknown Invite.
fn unknown_invite() -> ApiError {
    ApiError::unknown(10006, "Invite")
}

/// An invite code from an id: base 62, as Discord's look.
fn code_of(mut n: u64) -> String {
    const ALPHABET: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut code = Vec::new();
    while n > 0 {
        code.push(ALPHABET[(n % 62) as usize]);
        n /= 62;
    }
    code.reverse();
    String::from_utf8_lossy(&code).into_owned()
}

fn bounded(body: &Value, key: &str, default: i64, max: i64) -> Result<i64, ApiError> {
    let value = opt_int(body, key)?.unwrap_or(default);
    if !(0..=max).contains(&value) {
        return Err(ApiError::form(
            key,
            "NUMBER_TYPE_MAX",
            &format!("int value should be less than or equal to {max}."),
        ));
    }
    Ok(value)
}

impl Inner {
    /// The invite as GET /invites/{code} shows it (no metadata).
    fn public_invite(stored: &Value) -> Value {
        let mut invite = stored.clone();
        if let Some(o) = invite.as_object_mut() {
            for key in ["uses", "max_uses", "max_age", "temporary", "created_at"] {
                o.remove(key);
            }
        }
        invite
    }
}

impl State {
    /// POST /channels/{channel.id}/invites (`max_age`, `max_uses`,
    /// `temporary`, `unique`).
    pub fn create_invite(
        &self,
        channel_id: u64,
        body: &Value,
        events: &mut Events,
    ) -> Result<Value, ApiError> {
        let max_age = bounded(body, "max_age", 86_400, 604_800)?;
        let max_uses = bounded(body, "max_uses", 0, 100)?;
        let temporary = opt_bool(body, "temporary")?.unwrap_or(false);
        let code = code_of(self.next_id());
        let mut inner = self.lock();
        let channel = inner
            .channels
            .get(&channel_id)
            .ok_or_else(unknown_channel)?;
        let guild_id = field_id(channel, "guild_id").ok_or_else(unknown_channel)?;
        let partial_channel = json!({
            "id": id_str(channel_id),
            "type": channel["type"],
            "name": channel["name"],
        });
        let guild = inner.guilds.get(&guild_id).ok_or_else(unknown_guild)?;
        let b = &guild.base;
        let partial_guild = json!({
            "id": id_str(guild_id),
            "name": b["name"],
            "splash": b["splash"],
            "banner": b["banner"],
            "description": b["description"],
            "icon": b["icon"],
            "features": b["features"],
            "verification_level": b["verification_level"],
            "vanity_url_code": b["vanity_url_code"],
            "nsfw_level": b["nsfw_level"],
            "premium_subscription_count": b["premium_subscription_count"],
        });
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        let expires_at = (max_age > 0).then(|| {
            let at = now + Duration::from_secs(max_age.unsigned_abs());
            Timestamp::from_micros(i64::try_from(at.as_micros()).unwrap_or(i64::MAX))
                .iso_8601()
                .to_string()
        });
        let inviter = inner.user_or_stub(inner.bot_id);
        let created_at = now_iso();
        let invite = json!({
            "type": InviteType::Guild,
            "code": code,
            "guild": partial_guild,
            "channel": partial_channel,
            "inviter": inviter,
            "expires_at": expires_at,
            "flags": 0,
            "uses": 0,
            "max_uses": max_uses,
            "max_age": max_age,
            "temporary": temporary,
            "created_at": created_at,
        });
        inner.invites.insert(code.clone(), invite.clone());
        events.push((
            Id::new_checked(guild_id),
            "INVITE_CREATE",
            json!({
                "channel_id": id_str(channel_id),
                "code": code,
                "created_at": created_at,
                "guild_id": id_str(guild_id),
                "inviter": inviter,
                "max_age": max_age,
                "max_uses": max_uses,
                "temporary": temporary,
                "uses": 0,
                "expires_at": expires_at,
            }),
        ));
        Ok(invite)
    }

    /// GET /invites/{code} (`with_counts` adds the approximate counts).
    pub fn get_invite(&self, code: &str, with_counts: bool) -> Result<Value, ApiError> {
        let inner = self.lock();
        let stored = inner.invites.get(code).ok_or_else(unknown_invite)?;
        let mut invite = Inner::public_invite(stored);
        if with_counts
            && let Some(guild) = field_id(&stored["guild"], "id").and_then(|g| inner.guilds.get(&g))
        {
            invite["approximate_member_count"] = json!(guild.members.len());
            invite["approximate_presence_count"] = json!(
                guild
                    .presences
                    .values()
                    .filter(|s| s.as_str() != "offline")
                    .count()
            );
        }
        Ok(invite)
    }

    /// GET /channels/{channel.id}/invites (with metadata).
    pub fn channel_invites(&self, channel_id: u64) -> Result<Value, ApiError> {
        let inner = self.lock();
        inner
            .channels
            .get(&channel_id)
            .ok_or_else(unknown_channel)?;
        Ok(Value::Array(
            inner
                .invites
                .values()
                .filter(|i| field_id(&i["channel"], "id") == Some(channel_id))
                .cloned()
                .collect(),
        ))
    }

    /// The channel and guild of an invite.
    pub fn invite_channel(&self, code: &str) -> Option<(u64, u64)> {
        let inner = self.lock();
        let invite = inner.invites.get(code)?;
        Some((
            field_id(&invite["channel"], "id")?,
            field_id(&invite["guild"], "id")?,
        ))
    }

    /// DELETE /invites/{code}: returns the invite, dispatches INVITE_DELETE.
    pub fn delete_invite(&self, code: &str, events: &mut Events) -> Result<Value, ApiError> {
        let mut inner = self.lock();
        let stored = inner.invites.remove(code).ok_or_else(unknown_invite)?;
        let guild_id = field_id(&stored["guild"], "id");
        let mut event = json!({ "channel_id": stored["channel"]["id"], "code": code });
        if let Some(g) = guild_id {
            event["guild_id"] = id_str(g);
        }
        events.push((guild_id.and_then(Id::new_checked), "INVITE_DELETE", event));
        Ok(Inner::public_invite(&stored))
    }
}
