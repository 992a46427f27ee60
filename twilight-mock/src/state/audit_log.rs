//! The guild audit log (resources/audit-log.mdx): the REST server records
//! an entry for each change the bot makes that Discord logs (with the
//! `X-Audit-Log-Reason` given), dispatching GUILD_AUDIT_LOG_ENTRY_CREATE;
//! GET /guilds/{guild.id}/audit-logs reads them back.

use super::error::{ApiError, unknown_guild};
use super::values::{field_id, id_str};
use super::{Events, State};
use serde_json::{Value, json};
use twilight_model::id::Id;

/// Filters of GET /guilds/{guild.id}/audit-logs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AuditLogQuery {
    /// Entries by this user.
    pub user_id: Option<u64>,
    /// Entries of this action type.
    pub action_type: Option<u64>,
    /// Entries with a lower id (newest first).
    pub before: Option<u64>,
    /// Entries with a higher id (oldest first).
    pub after: Option<u64>,
    /// At most this many entries (1 to 100).
    pub limit: usize,
}

impl State {
    /// Records that the bot did `action_type` to `target_id` in the guild
    /// (`options`: the entry's optional audit entry info).
    pub fn record_audit(
        &self,
        guild_id: u64,
        action_type: u64,
        target_id: Option<u64>,
        options: Option<Value>,
        reason: Option<&str>,
        events: &mut Events,
    ) {
        let id = self.next_id();
        let mut inner = self.lock();
        let bot = inner.bot_id;
        let Some(guild) = inner.guilds.get_mut(&guild_id) else {
            return;
        };
        let mut entry = json!({
            "id": id_str(id),
            "user_id": id_str(bot),
            "target_id": target_id.map(id_str),
            "action_type": action_type,
            "changes": [],
        });
        if let Some(options) = options {
            entry["options"] = options;
        }
        if let Some(reason) = reason {
            entry["reason"] = json!(reason);
        }
        guild.audit_log.push(entry.clone());
        entry["guild_id"] = id_str(guild_id);
        events.push((
            Id::new_checked(guild_id),
            "GUILD_AUDIT_LOG_ENTRY_CREATE",
            entry,
        ));
    }

    /// GET /guilds/{guild.id}/audit-logs.
    pub fn audit_log(&self, guild_id: u64, query: AuditLogQuery) -> Result<Value, ApiError> {
        let inner = self.lock();
        let guild = inner.guilds.get(&guild_id).ok_or_else(unknown_guild)?;
        let id = |e: &Value| field_id(e, "id").unwrap_or(0);
        let matching = guild.audit_log.iter().filter(|e| {
            query
                .user_id
                .is_none_or(|u| field_id(e, "user_id") == Some(u))
                && query
                    .action_type
                    .is_none_or(|a| e["action_type"].as_u64() == Some(a))
                && query.before.is_none_or(|b| id(e) < b)
                && query.after.is_none_or(|a| id(e) > a)
        });
        // With `after` the oldest come first; otherwise the newest.
        let entries: Vec<Value> = if query.after.is_some() && query.before.is_none() {
            matching.take(query.limit).cloned().collect()
        } else {
            let mut all: Vec<&Value> = matching.collect();
            all.reverse();
            all.into_iter().take(query.limit).cloned().collect()
        };
        let mut users: Vec<Value> = Vec::new();
        for e in &entries {
            if let Some(u) = field_id(e, "user_id")
                && !users.iter().any(|x| field_id(x, "id") == Some(u))
            {
                users.push(inner.user_or_stub(u));
            }
        }
        Ok(json!({
            "application_commands": [],
            "audit_log_entries": entries,
            "auto_moderation_rules": [],
            "guild_scheduled_events": [],
            "integrations": [],
            "threads": [],
            "users": users,
            "webhooks": [],
        }))
    }
}
