//! Guild roles (resources/guild.mdx, topics/permissions.mdx): list, get,
//! create, modify, delete, with GUILD_ROLE_CREATE/UPDATE/DELETE.

use super::body::{check_len, opt_bool, opt_int, opt_str};
use super::error::{ApiError, unknown_guild, unknown_role};
use super::values::id_str;
use super::{Events, State};
use serde_json::{Value, json};
use twilight_model::id::Id;

/// A role object with every documented field.
pub(super) fn role_object(
    id: u64,
    name: &str,
    permissions: &str,
    position: i64,
    color: u32,
    hoist: bool,
    mentionable: bool,
) -> Value {
    json!({
        "id": id_str(id),
        "name": name,
        "color": color,
        "colors": { "primary_color": color, "secondary_color": null, "tertiary_color": null },
        "hoist": hoist,
        "icon": null,
        "unicode_emoji": null,
        "position": position,
        "permissions": permissions,
        "managed": false,
        "mentionable": mentionable,
        "tags": {},
        "flags": 0,
    })
}

impl State {
    /// GET /guilds/{guild.id}/roles.
    pub fn list_roles(&self, guild_id: u64) -> Result<Value, ApiError> {
        let inner = self.lock();
        let guild = inner.guilds.get(&guild_id).ok_or_else(unknown_guild)?;
        Ok(Value::Array(guild.roles.values().cloned().collect()))
    }

    /// GET /guilds/{guild.id}/roles/{role.id}.
    pub fn get_role(&self, guild_id: u64, role_id: u64) -> Result<Value, ApiError> {
        let inner = self.lock();
        let guild = inner.guilds.get(&guild_id).ok_or_else(unknown_guild)?;
        guild.roles.get(&role_id).cloned().ok_or_else(unknown_role)
    }

    /// POST /guilds/{guild.id}/roles (`role_id` None) or PATCH
    /// /guilds/{guild.id}/roles/{role.id}.
    pub fn upsert_role(
        &self,
        guild_id: u64,
        role_id: Option<u64>,
        body: &Value,
        events: &mut Events,
    ) -> Result<Value, ApiError> {
        let new_id = self.next_id();
        let mut inner = self.lock();
        let guild = inner.guilds.get_mut(&guild_id).ok_or_else(unknown_guild)?;
        let mut role = match role_id {
            Some(r) => guild.roles.get(&r).cloned().ok_or_else(unknown_role)?,
            None => {
                if guild.roles.len() >= 250 {
                    return Err(ApiError::new(
                        400,
                        30005,
                        "Maximum number of guild roles reached (250)",
                    ));
                }
                role_object(new_id, "new role", "0", 1, 0, false, false)
            }
        };
        if let Some(name) = opt_str(body, "name")? {
            check_len("name", name, 0, 100)?;
            role["name"] = json!(name);
        }
        match body.get("permissions") {
            None | Some(Value::Null) => {}
            Some(v) => {
                let p = match v {
                    Value::String(s) => s.parse::<u64>().ok(),
                    Value::Number(n) => n.as_u64(),
                    _ => None,
                }
                .ok_or_else(|| {
                    ApiError::form("permissions", "NUMBER_TYPE_COERCE", "Value is not int.")
                })?;
                role["permissions"] = json!(p.to_string());
            }
        }
        if let Some(c) = opt_int(body, "color")? {
            if !(0..=0xff_ffff).contains(&c) {
                return Err(ApiError::form(
                    "color",
                    "NUMBER_TYPE_MAX",
                    "int value should be less than or equal to 16777215.",
                ));
            }
            role["color"] = json!(c);
            role["colors"]["primary_color"] = json!(c);
        }
        for key in ["hoist", "mentionable"] {
            if let Some(v) = opt_bool(body, key)? {
                role[key] = json!(v);
            }
        }
        if body.get("unicode_emoji").is_some() {
            role["unicode_emoji"] = json!(opt_str(body, "unicode_emoji")?);
        }
        let id = role_id.unwrap_or(new_id);
        guild.roles.insert(id, role.clone());
        let event = if role_id.is_some() {
            "GUILD_ROLE_UPDATE"
        } else {
            "GUILD_ROLE_CREATE"
        };
        events.push((
            Id::new_checked(guild_id),
            event,
            json!({ "guild_id": id_str(guild_id), "role": role }),
        ));
        Ok(role)
    }

    /// DELETE /guilds/{guild.id}/roles/{role.id}.
    pub fn delete_role(
        &self,
        guild_id: u64,
        role_id: u64,
        events: &mut Events,
    ) -> Result<(), ApiError> {
        let mut inner = self.lock();
        let guild = inner.guilds.get_mut(&guild_id).ok_or_else(unknown_guild)?;
        if role_id == guild_id {
            return Err(ApiError::new(400, 50028, "Invalid role"));
        }
        guild.roles.remove(&role_id).ok_or_else(unknown_role)?;
        let role = id_str(role_id);
        for member in guild.members.values_mut() {
            if let Some(roles) = member["roles"].as_array_mut() {
                roles.retain(|r| *r != role);
            }
        }
        events.push((
            Id::new_checked(guild_id),
            "GUILD_ROLE_DELETE",
            json!({ "guild_id": id_str(guild_id), "role_id": role }),
        ));
        Ok(())
    }
}
