//! What the gateway reads from the state: the guilds for READY, the full
//! GUILD_CREATE payloads, and the members and presences of
//! REQUEST_GUILD_MEMBERS chunks.

use super::channels::kind_of;
use super::members::presence_object;
use super::values::{field_id, merge};
use super::{Inner, State};
use serde_json::{Value, json};
use twilight_model::id::Id;
use twilight_model::id::marker::{GuildMarker, UserMarker};

/// The limit of members above which a guild is `large` in GUILD_CREATE.
pub const LARGE_THRESHOLD: usize = 250;

impl State {
    /// Every guild the bot is in.
    pub fn guild_ids(&self) -> Vec<Id<GuildMarker>> {
        self.lock().guilds.keys().map(|g| Id::new(*g)).collect()
    }

    /// The full GUILD_CREATE payload of a guild (every documented field, every
    /// array even when empty), or `None` if there is no such guild.
    ///
    /// A guild with more than [`LARGE_THRESHOLD`] members is `large`: its
    /// `members` then hold only the bot and members whose presence is not
    /// offline (request the rest with REQUEST_GUILD_MEMBERS).
    pub fn guild_create(&self, guild_id: Id<GuildMarker>) -> Option<Value> {
        let inner = self.lock();
        let guild = inner.guilds.get(&guild_id.get())?;
        let mut payload = Inner::guild_object(guild);
        let large = guild.members.len() > LARGE_THRESHOLD;
        let members: Vec<Value> = guild
            .members
            .keys()
            .filter(|u| {
                !large
                    || **u == inner.bot_id
                    || guild.presences.get(u).is_some_and(|s| s != "offline")
            })
            .filter_map(|u| inner.member_value(guild, *u))
            .collect();
        let presences: Vec<Value> = guild
            .presences
            .iter()
            .filter(|(_, s)| s.as_str() != "offline")
            .map(|(u, s)| presence_object(guild_id.get(), *u, s))
            .collect();
        let (channels, threads): (Vec<Value>, Vec<Value>) = inner
            .guild_channels(guild_id.get())
            .into_iter()
            .partition(|c| !kind_of(c).is_thread());
        let threads: Vec<Value> = threads
            .into_iter()
            .map(|mut t| {
                if let Some(tid) = field_id(&t, "id") {
                    inner.add_thread_member_field(&mut t, tid);
                }
                t
            })
            .collect();
        merge(
            &mut payload,
            &json!({
                "joined_at": guild.joined_at,
                "large": large,
                "unavailable": false,
                "member_count": guild.members.len(),
                "voice_states": [],
                "members": members,
                "channels": channels,
                "threads": threads,
                "presences": presences,
                "stage_instances": [],
                "guild_scheduled_events": [],
                "soundboard_sounds": [],
            }),
        );
        Some(payload)
    }

    /// Members for REQUEST_GUILD_MEMBERS: by username prefix `query` (empty:
    /// all) up to `limit` (0: no limit), or exactly `user_ids`.
    pub fn members(
        &self,
        guild_id: Id<GuildMarker>,
        query: Option<&str>,
        limit: usize,
        user_ids: Option<&[Id<UserMarker>]>,
    ) -> Vec<Value> {
        let inner = self.lock();
        let Some(guild) = inner.guilds.get(&guild_id.get()) else {
            return Vec::new();
        };
        if let Some(ids) = user_ids {
            return ids
                .iter()
                .filter_map(|u| inner.member_value(guild, u.get()))
                .collect();
        }
        let query = query.unwrap_or("").to_lowercase();
        let limit = if limit == 0 { usize::MAX } else { limit };
        guild
            .members
            .keys()
            .filter_map(|u| inner.member_value(guild, *u))
            .filter(|m| {
                query.is_empty()
                    || m["user"]["username"]
                        .as_str()
                        .is_some_and(|n| n.to_lowercase().starts_with(&query))
                    || m["nick"]
                        .as_str()
                        .is_some_and(|n| n.to_lowercase().starts_with(&query))
            })
            .take(limit)
            .collect()
    }

    /// The presences of the given members (for `presences: true`).
    pub fn presences(&self, guild_id: Id<GuildMarker>, user_ids: &[Id<UserMarker>]) -> Vec<Value> {
        let inner = self.lock();
        let Some(guild) = inner.guilds.get(&guild_id.get()) else {
            return Vec::new();
        };
        user_ids
            .iter()
            .filter(|u| guild.members.contains_key(&u.get()))
            .map(|u| {
                let status = guild
                    .presences
                    .get(&u.get())
                    .map_or("offline", String::as_str);
                presence_object(guild_id.get(), u.get(), status)
            })
            .collect()
    }
}
