//! Guild bans (resources/guild.mdx): list, get, ban and unban, with
//! GUILD_BAN_ADD and GUILD_BAN_REMOVE.

use super::body::opt_int;
use super::error::{ApiError, unknown_guild, unknown_user};
use super::values::id_str;
use super::{Events, State};
use serde_json::{Value, json};
use twilight_model::id::Id;

impl State {
    /// GET /guilds/{guild.id}/bans (by user id; `before`/`after`, `limit`
    /// 1-1000 default 1000).
    pub fn list_bans(
        &self,
        guild_id: u64,
        before: Option<u64>,
        after: Option<u64>,
        limit: usize,
    ) -> Result<Value, ApiError> {
        let inner = self.lock();
        let guild = inner.guilds.get(&guild_id).ok_or_else(unknown_guild)?;
        let ids: Vec<u64> = if let Some(b) = before {
            let mut v: Vec<u64> = guild
                .bans
                .range(..b)
                .rev()
                .take(limit)
                .map(|(k, _)| *k)
                .collect();
            v.reverse();
            v
        } else {
            guild
                .bans
                .range(after.unwrap_or(0).saturating_add(1)..)
                .take(limit)
                .map(|(k, _)| *k)
                .collect()
        };
        Ok(Value::Array(
            ids.into_iter()
                .map(|u| json!({ "reason": guild.bans.get(&u).cloned().flatten(), "user": inner.user_or_stub(u) }))
                .collect(),
        ))
    }

    /// GET /guilds/{guild.id}/bans/{user.id}.
    pub fn get_ban(&self, guild_id: u64, user_id: u64) -> Result<Value, ApiError> {
        let inner = self.lock();
        let guild = inner.guilds.get(&guild_id).ok_or_else(unknown_guild)?;
        let reason = guild
            .bans
            .get(&user_id)
            .ok_or_else(|| ApiError::unknown(10026, "Ban"))?;
        Ok(json!({ "reason": reason, "user": inner.user_or_stub(user_id) }))
    }

    /// PUT /guilds/{guild.id}/bans/{user.id}: bans and removes the member.
    pub fn create_ban(
        &self,
        guild_id: u64,
        user_id: u64,
        reason: Option<String>,
        body: &Value,
        events: &mut Events,
    ) -> Result<(), ApiError> {
        if let Some(s) = opt_int(body, "delete_message_seconds")?
            && !(0..=604_800).contains(&s)
        {
            return Err(ApiError::form(
                "delete_message_seconds",
                "NUMBER_TYPE_MAX",
                "int value should be less than or equal to 604800.",
            ));
        }
        let mut inner = self.lock();
        if !inner.users.contains_key(&user_id) {
            return Err(unknown_user());
        }
        let user = inner.user_or_stub(user_id);
        let guild = inner.guilds.get_mut(&guild_id).ok_or_else(unknown_guild)?;
        guild.bans.insert(user_id, reason);
        let gid = Id::new_checked(guild_id);
        if guild.members.remove(&user_id).is_some() {
            guild.presences.remove(&user_id);
            events.push((
                gid,
                "GUILD_MEMBER_REMOVE",
                json!({ "guild_id": id_str(guild_id), "user": user }),
            ));
        }
        events.push((
            gid,
            "GUILD_BAN_ADD",
            json!({ "guild_id": id_str(guild_id), "user": user }),
        ));
        Ok(())
    }

    /// DELETE /guilds/{guild.id}/bans/{user.id}.
    pub fn remove_ban(
        &self,
        guild_id: u64,
        user_id: u64,
        events: &mut Events,
    ) -> Result<(), ApiError> {
        let mut inner = self.lock();
        let user = inner.user_or_stub(user_id);
        let guild = inner.guilds.get_mut(&guild_id).ok_or_else(unknown_guild)?;
        guild
            .bans
            .remove(&user_id)
            .ok_or_else(|| ApiError::unknown(10026, "Ban"))?;
        events.push((
            Id::new_checked(guild_id),
            "GUILD_BAN_REMOVE",
            json!({ "guild_id": id_str(guild_id), "user": user }),
        ));
        Ok(())
    }
}
