//! Guild members (resources/guild.mdx) and their presences: get, list,
//! modify, add and remove roles, kick, with GUILD_MEMBER_UPDATE and
//! GUILD_MEMBER_REMOVE.

use super::body::{check_len, opt_bool, opt_id_array, opt_int, opt_str};
use super::error::{ApiError, unknown_guild, unknown_member, unknown_role};
use super::values::id_str;
use super::{Events, Guild, Inner, State};
use serde_json::{Value, json};
use twilight_model::Timestamp;
use twilight_model::id::Id;

/// A guild member object (without `user`) with every documented field.
pub(super) fn member_object(roles: &[u64], nick: Option<&str>, joined_at: &str) -> Value {
    json!({
        "nick": nick,
        "avatar": null,
        "banner": null,
        "roles": roles.iter().map(|r| id_str(*r)).collect::<Vec<_>>(),
        "joined_at": joined_at,
        "premium_since": null,
        "deaf": false,
        "mute": false,
        "flags": 0,
        "pending": false,
        "communication_disabled_until": null,
        "avatar_decoration_data": null,
        "collectibles": null,
    })
}

/// A presence update object; `offline` has no client status.
pub(super) fn presence_object(guild_id: u64, user_id: u64, status: &str) -> Value {
    let client_status = if status == "offline" {
        json!({})
    } else {
        json!({ "desktop": status })
    };
    json!({
        "user": { "id": id_str(user_id) },
        "guild_id": id_str(guild_id),
        "status": status,
        "activities": [],
        "client_status": client_status,
    })
}

impl State {
    /// GET /guilds/{guild.id}/members/{user.id}.
    pub fn get_member(&self, guild_id: u64, user_id: u64) -> Result<Value, ApiError> {
        let inner = self.lock();
        let guild = inner.guilds.get(&guild_id).ok_or_else(unknown_guild)?;
        inner
            .member_value(guild, user_id)
            .ok_or_else(unknown_member)
    }

    /// GET /guilds/{guild.id}/members: by user id, after `after`, up to
    /// `limit` (1-1000, default 1).
    pub fn list_members(&self, guild_id: u64, after: u64, limit: usize) -> Result<Value, ApiError> {
        let inner = self.lock();
        let guild = inner.guilds.get(&guild_id).ok_or_else(unknown_guild)?;
        Ok(Value::Array(
            guild
                .members
                .range(after.saturating_add(1)..)
                .take(limit)
                .filter_map(|(u, _)| inner.member_value(guild, *u))
                .collect(),
        ))
    }

    /// PATCH /guilds/{guild.id}/members/{user.id} (and `@me`).
    pub fn modify_member(
        &self,
        guild_id: u64,
        user_id: u64,
        body: &Value,
        events: &mut Events,
    ) -> Result<Value, ApiError> {
        let mut inner = self.lock();
        let guild = inner.guilds.get(&guild_id).ok_or_else(unknown_guild)?;
        let mut member = guild
            .members
            .get(&user_id)
            .cloned()
            .ok_or_else(unknown_member)?;
        if body.get("nick").is_some() {
            let nick = opt_str(body, "nick")?;
            if let Some(n) = nick {
                check_len("nick", n, 0, 32)?;
            }
            member["nick"] = json!(nick.filter(|n| !n.is_empty()));
        }
        if let Some(roles) = opt_id_array(body, "roles")? {
            for (i, r) in roles.iter().enumerate() {
                if !guild.roles.contains_key(r) {
                    return Err(ApiError::form(
                        &format!("roles.{i}"),
                        "INVALID_ROLE",
                        "Invalid role",
                    ));
                }
            }
            let roles: Vec<Value> = roles
                .into_iter()
                .filter(|r| *r != guild_id)
                .map(id_str)
                .collect();
            member["roles"] = Value::Array(roles);
        }
        for key in ["mute", "deaf"] {
            if let Some(v) = opt_bool(body, key)? {
                member[key] = json!(v);
            }
        }
        if body.get("communication_disabled_until").is_some() {
            let until = opt_str(body, "communication_disabled_until")?;
            if let Some(u) = until
                && Timestamp::parse(u).is_err()
            {
                return Err(ApiError::form(
                    "communication_disabled_until",
                    "DATE_TIME_TYPE_PARSE",
                    "Could not parse date time.",
                ));
            }
            member["communication_disabled_until"] = json!(until);
        }
        if let Some(f) = opt_int(body, "flags")? {
            member["flags"] = json!(f);
        }
        if let Some(g) = inner.guilds.get_mut(&guild_id) {
            g.members.insert(user_id, member);
        }
        inner.member_update_event(guild_id, user_id, events);
        let guild = inner.guilds.get(&guild_id).ok_or_else(unknown_guild)?;
        inner
            .member_value(guild, user_id)
            .ok_or_else(unknown_member)
    }

    /// PUT (`add`) or DELETE /guilds/{guild.id}/members/{user.id}/roles/{role.id}.
    pub fn member_role(
        &self,
        guild_id: u64,
        user_id: u64,
        role_id: u64,
        add: bool,
        events: &mut Events,
    ) -> Result<(), ApiError> {
        let mut inner = self.lock();
        let guild = inner.guilds.get_mut(&guild_id).ok_or_else(unknown_guild)?;
        if !guild.roles.contains_key(&role_id) {
            return Err(unknown_role());
        }
        let member = guild.members.get_mut(&user_id).ok_or_else(unknown_member)?;
        let roles = member["roles"].as_array_mut().ok_or_else(unknown_member)?;
        let role = id_str(role_id);
        let has = roles.contains(&role);
        if add && !has && role_id != guild_id {
            roles.push(role);
        } else if !add && has {
            roles.retain(|r| *r != role);
        } else {
            return Ok(());
        }
        inner.member_update_event(guild_id, user_id, events);
        Ok(())
    }

    /// DELETE /guilds/{guild.id}/members/{user.id}.
    pub fn remove_member(
        &self,
        guild_id: u64,
        user_id: u64,
        events: &mut Events,
    ) -> Result<(), ApiError> {
        let mut inner = self.lock();
        let guild = inner.guilds.get_mut(&guild_id).ok_or_else(unknown_guild)?;
        guild.members.remove(&user_id).ok_or_else(unknown_member)?;
        guild.presences.remove(&user_id);
        let user = inner.users.get(&user_id).cloned().unwrap_or(Value::Null);
        events.push((
            Id::new_checked(guild_id),
            "GUILD_MEMBER_REMOVE",
            json!({ "guild_id": id_str(guild_id), "user": user }),
        ));
        Ok(())
    }
}

impl Inner {
    /// A member with its `user`, if both exist.
    pub(super) fn member_value(&self, guild: &Guild, user_id: u64) -> Option<Value> {
        let mut m = guild.members.get(&user_id)?.clone();
        m["user"] = self.users.get(&user_id)?.clone();
        Some(m)
    }

    /// Pushes GUILD_MEMBER_UPDATE with the member as it is now.
    pub(super) fn member_update_event(&self, guild_id: u64, user_id: u64, events: &mut Events) {
        let Some(guild) = self.guilds.get(&guild_id) else {
            return;
        };
        let Some(mut m) = self.member_value(guild, user_id) else {
            return;
        };
        m["guild_id"] = id_str(guild_id);
        if let Some(o) = m.as_object_mut() {
            o.remove("permissions");
        }
        events.push((Id::new_checked(guild_id), "GUILD_MEMBER_UPDATE", m));
    }
}
