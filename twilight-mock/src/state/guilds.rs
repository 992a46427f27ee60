//! Guilds (resources/guild.mdx): the guild object and its channel list.

use super::error::{ApiError, unknown_guild};
use super::values::id_str;
use super::{Guild, Inner, State};
use serde_json::{Value, json};
use twilight_model::guild::{
    DefaultMessageNotificationLevel, ExplicitContentFilter, MfaLevel, NsfwLevel, PremiumTier,
    VerificationLevel,
};

/// A guild object's own fields (everything but roles, emojis and stickers).
pub(super) fn guild_base(id: u64, name: &str, owner_id: u64, system_channel: Option<u64>) -> Value {
    json!({
        "id": id_str(id),
        "name": name,
        "icon": null,
        "icon_hash": null,
        "splash": null,
        "discovery_splash": null,
        "owner_id": id_str(owner_id),
        "region": null,
        "afk_channel_id": null,
        "afk_timeout": 300,
        "widget_enabled": false,
        "widget_channel_id": null,
        "verification_level": VerificationLevel::None,
        "default_message_notifications": DefaultMessageNotificationLevel::AllMessages,
        "explicit_content_filter": ExplicitContentFilter::Disabled,
        "features": [],
        "mfa_level": MfaLevel::None,
        "application_id": null,
        "system_channel_id": system_channel.map(id_str),
        "system_channel_flags": 0,
        "rules_channel_id": null,
        "max_presences": null,
        "max_members": 500_000,
        "vanity_url_code": null,
        "description": null,
        "banner": null,
        "premium_tier": PremiumTier::None,
        "premium_subscription_count": 0,
        "preferred_locale": "en-US",
        "public_updates_channel_id": null,
        "max_video_channel_users": 25,
        "max_stage_video_channel_users": 50,
        "nsfw_level": NsfwLevel::Default,
        "premium_progress_bar_enabled": false,
        "safety_alerts_channel_id": null,
        "incidents_data": null,
    })
}

impl State {
    /// GET /guilds/{guild.id}.
    pub fn get_guild(&self, guild_id: u64, with_counts: bool) -> Result<Value, ApiError> {
        let inner = self.lock();
        let guild = inner.guilds.get(&guild_id).ok_or_else(unknown_guild)?;
        let mut g = Inner::guild_object(guild);
        if with_counts {
            g["approximate_member_count"] = json!(guild.members.len());
            g["approximate_presence_count"] = json!(online(guild));
        }
        Ok(g)
    }
}

impl State {
    /// GET /users/@me/guilds: the bot's guilds as partial guild objects, by
    /// id, after `after` or before `before`, up to `limit`.
    pub fn current_user_guilds(
        &self,
        before: Option<u64>,
        after: Option<u64>,
        limit: usize,
        with_counts: bool,
    ) -> Vec<Value> {
        let inner = self.lock();
        let bot = inner.bot_id;
        let mine = inner
            .guilds
            .iter()
            .filter(|(_, g)| g.members.contains_key(&bot))
            .filter(|(id, _)| before.is_none_or(|b| **id < b) && after.is_none_or(|a| **id > a));
        // With `before` only, the page is the one just below it.
        let picked: Vec<(&u64, &Guild)> = if before.is_some() && after.is_none() {
            let all: Vec<_> = mine.collect();
            all[all.len().saturating_sub(limit)..].to_vec()
        } else {
            mine.take(limit).collect()
        };
        picked
            .into_iter()
            .map(|(id, guild)| {
                let standing = Inner::standing(guild, bot);
                let mut partial = json!({
                    "id": id_str(*id),
                    "name": guild.base["name"],
                    "icon": guild.base["icon"],
                    "banner": guild.base["banner"],
                    "owner": standing.is_some_and(|s| s.owner),
                    "permissions": standing.map_or(0, |s| s.permissions.bits()).to_string(),
                    "features": guild.base["features"],
                });
                if with_counts {
                    partial["approximate_member_count"] = json!(guild.members.len());
                    partial["approximate_presence_count"] = json!(online(guild));
                }
                partial
            })
            .collect()
    }
}

/// Members whose presence is not offline.
fn online(guild: &Guild) -> usize {
    guild
        .presences
        .values()
        .filter(|s| s.as_str() != "offline")
        .count()
}

impl Inner {
    /// The guild object: its fields with its roles (by position), emojis and
    /// stickers.
    pub(super) fn guild_object(guild: &Guild) -> Value {
        let mut g = guild.base.clone();
        let mut roles: Vec<Value> = guild.roles.values().cloned().collect();
        roles.sort_by_key(|r| r["position"].as_i64().unwrap_or(0));
        g["roles"] = Value::Array(roles);
        g["emojis"] = Value::Array(guild.emojis.values().cloned().collect());
        g["stickers"] = json!([]);
        g
    }

    /// A guild's channels and threads.
    pub(super) fn guild_channels(&self, guild_id: u64) -> Vec<Value> {
        let gid = id_str(guild_id);
        self.channels
            .values()
            .filter(|c| c["guild_id"] == gid)
            .cloned()
            .collect()
    }
}
