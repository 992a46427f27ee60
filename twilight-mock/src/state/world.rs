//! Guilds, users and members from fixtures: the world at start, and what a
//! test adds while the mock runs (with the events Discord would send: the
//! bot joining a guild, a user joining one).

use super::channels::channel_object;
use super::error::{ApiError, unknown_guild, unknown_user};
use super::guilds::guild_base;
use super::members::member_object;
use super::roles::role_object;
use super::users::user_object;
use super::values::{id_str, now_iso};
use super::{Events, Guild, Inner, State};
use crate::fixtures::{DEFAULT_EVERYONE_PERMISSIONS, FixtureGuild, FixtureMember, FixtureUser};
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};
use twilight_model::channel::ChannelType;
use twilight_model::id::Id;

impl Inner {
    /// Stores a guild with its roles (and `@everyone`), members of known
    /// users, channels and threads.
    pub(super) fn insert_guild(&mut self, g: &FixtureGuild, joined_at: &str) {
        let gid = g.id.get();
        let bot = self.bot_id;
        let owner = g.owner_id.map_or(bot, Id::get);
        let first_text = g
            .channels
            .iter()
            .find(|c| ChannelType::new(c.kind) == ChannelType::GuildText)
            .map(|c| c.id.get());
        let mut roles = BTreeMap::new();
        for r in &g.roles {
            let role = role_object(
                r.id.get(),
                &r.name,
                &r.permissions,
                r.position,
                r.color,
                r.hoist,
                r.mentionable,
            );
            roles.insert(r.id.get(), role);
        }
        roles.entry(gid).or_insert_with(|| {
            role_object(
                gid,
                "@everyone",
                DEFAULT_EVERYONE_PERMISSIONS,
                0,
                0,
                false,
                false,
            )
        });
        let mut guild = Guild {
            base: guild_base(gid, &g.name, owner, first_text),
            joined_at: joined_at.to_owned(),
            roles,
            members: BTreeMap::new(),
            presences: HashMap::new(),
            bans: BTreeMap::new(),
            emojis: BTreeMap::new(),
            audit_log: Vec::new(),
        };
        for m in &g.members {
            self.insert_member(&mut guild, m, joined_at);
        }
        self.guilds.insert(gid, guild);
        for c in &g.channels {
            let kind = ChannelType::new(c.kind);
            let owner_id = c.owner_id.map_or(bot, Id::get);
            let value = channel_object(
                c.id.get(),
                gid,
                kind,
                &c.name,
                c.position,
                c.parent_id.map(Id::get),
                c.topic.as_deref(),
                owner_id,
            );
            self.channels.insert(c.id.get(), value);
            if kind.is_thread() {
                let mut members = BTreeMap::new();
                members.insert(owner_id, joined_at.to_owned());
                members.insert(bot, joined_at.to_owned());
                let count = members.len();
                self.thread_members.insert(c.id.get(), members);
                if let Some(thread) = self.channels.get_mut(&c.id.get()) {
                    thread["member_count"] = json!(count);
                }
            }
        }
    }

    /// Adds member `m` to `guild` if its user is known (roles of other
    /// guilds are dropped); whether it was added.
    fn insert_member(&self, guild: &mut Guild, m: &FixtureMember, joined_at: &str) -> bool {
        if !self.users.contains_key(&m.user_id.get()) {
            return false;
        }
        let gid = field_u64(&guild.base["id"]);
        let roles: Vec<u64> = m
            .roles
            .iter()
            .map(|r| r.get())
            .filter(|r| guild.roles.contains_key(r) && Some(*r) != gid)
            .collect();
        guild.members.insert(
            m.user_id.get(),
            member_object(&roles, m.nick.as_deref(), joined_at),
        );
        guild.presences.insert(m.user_id.get(), m.status.clone());
        true
    }
}

fn field_u64(value: &Value) -> Option<u64> {
    value.as_str().and_then(|s| s.parse().ok())
}

impl State {
    /// Adds (or replaces) a user; returns its user object.
    pub fn add_user(&self, user: &FixtureUser) -> Value {
        let value = user_object(
            user.id.get(),
            &user.username,
            user.global_name.as_deref(),
            user.avatar.as_deref(),
            user.bot,
        );
        self.lock().users.insert(user.id.get(), value.clone());
        value
    }

    /// The bot joins a new guild: it is stored (with the bot as a member
    /// when the fixture leaves it out) and GUILD_CREATE is pushed.
    ///
    /// # Errors
    ///
    /// 400 if a guild or channel with one of its ids exists.
    pub fn add_guild(&self, guild: &FixtureGuild, events: &mut Events) -> Result<Value, ApiError> {
        {
            let mut inner = self.lock();
            let taken = inner.guilds.contains_key(&guild.id.get())
                || guild
                    .channels
                    .iter()
                    .any(|c| inner.channels.contains_key(&c.id.get()));
            if taken {
                return Err(ApiError::new(
                    400,
                    50035,
                    "Invalid Form Body: the id is taken",
                ));
            }
            let mut guild = guild.clone();
            let bot = Id::new(inner.bot_id);
            if !guild.members.iter().any(|m| m.user_id == bot) {
                guild.members.push(FixtureMember {
                    user_id: bot,
                    nick: None,
                    roles: Vec::new(),
                    status: "online".to_owned(),
                });
            }
            inner.insert_guild(&guild, &now_iso());
        }
        let create = self.guild_create(guild.id).ok_or_else(unknown_guild)?;
        events.push((Some(guild.id), "GUILD_CREATE", create.clone()));
        Ok(create)
    }

    /// A known user joins guild `guild_id`: GUILD_MEMBER_ADD.
    ///
    /// # Errors
    ///
    /// Unknown guild or user.
    pub fn add_member(
        &self,
        guild_id: u64,
        member: &FixtureMember,
        events: &mut Events,
    ) -> Result<Value, ApiError> {
        let mut inner = self.lock();
        let mut guild = inner.guilds.remove(&guild_id).ok_or_else(unknown_guild)?;
        let added = inner.insert_member(&mut guild, member, &now_iso());
        inner.guilds.insert(guild_id, guild);
        if !added {
            return Err(unknown_user());
        }
        let guild = inner.guilds.get(&guild_id).ok_or_else(unknown_guild)?;
        let mut value = inner
            .member_value(guild, member.user_id.get())
            .ok_or_else(unknown_user)?;
        value["guild_id"] = id_str(guild_id);
        events.push((Some(Id::new(guild_id)), "GUILD_MEMBER_ADD", value.clone()));
        Ok(value)
    }
}
