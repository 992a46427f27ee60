//! Threads (resources/channel.mdx, topics/threads.mdx): started from a
//! message or on their own, joined and left, listed while active.

use super::body::{check_len, opt_bool, opt_int, opt_str};
use super::channels::{channel_object, kind_of};
use super::error::{ApiError, unknown_channel, unknown_guild, unknown_message};
use super::values::{field_id, id_str, now_iso};
use super::{Events, Inner, State};
use serde_json::{Value, json};
use twilight_model::channel::{AutoArchiveDuration, ChannelType};
use twilight_model::id::Id;

impl State {
    /// POST /channels/{channel.id}/messages/{message.id}/threads (`message_id`
    /// Some) or POST /channels/{channel.id}/threads.
    pub fn start_thread(
        &self,
        channel_id: u64,
        message_id: Option<u64>,
        body: &Value,
        events: &mut Events,
    ) -> Result<Value, ApiError> {
        let new_id = self.next_id();
        let mut inner = self.lock();
        let parent = inner
            .channels
            .get(&channel_id)
            .ok_or_else(unknown_channel)?;
        let parent_kind = kind_of(parent);
        if !matches!(
            parent_kind,
            ChannelType::GuildText
                | ChannelType::GuildAnnouncement
                | ChannelType::GuildForum
                | ChannelType::GuildMedia
        ) {
            return Err(ApiError::new(
                400,
                50024,
                "Cannot execute action on this channel type",
            ));
        }
        let guild_id = field_id(parent, "guild_id").unwrap_or(0);
        let Some(name) = opt_str(body, "name")? else {
            return Err(ApiError::form(
                "name",
                "BASE_TYPE_REQUIRED",
                "This field is required",
            ));
        };
        check_len("name", name, 1, 100)?;
        let auto_archive = opt_int(body, "auto_archive_duration")?
            .unwrap_or(AutoArchiveDuration::Day.minutes().into());
        let known = u16::try_from(auto_archive)
            .is_ok_and(|m| !matches!(AutoArchiveDuration::new(m), AutoArchiveDuration::Unknown(_)));
        if !known {
            return Err(ApiError::form(
                "auto_archive_duration",
                "BASE_TYPE_CHOICES",
                "Value must be one of {60, 1440, 4320, 10080}.",
            ));
        }
        let (id, kind) = match message_id {
            Some(m) => {
                let message = inner
                    .messages
                    .get(&channel_id)
                    .and_then(|ms| ms.get(&m))
                    .ok_or_else(unknown_message)?;
                if message.value.get("thread").is_some() || inner.channels.contains_key(&m) {
                    return Err(ApiError::new(
                        400,
                        160004,
                        "A thread has already been created for this message",
                    ));
                }
                let kind = if parent_kind == ChannelType::GuildAnnouncement {
                    ChannelType::AnnouncementThread
                } else {
                    ChannelType::PublicThread
                };
                (m, kind)
            }
            None => {
                let kind = opt_int(body, "type")?
                    .map_or(Some(ChannelType::PrivateThread), |t| {
                        u8::try_from(t).ok().map(ChannelType::new)
                    })
                    .filter(|kind| kind.is_thread());
                let Some(kind) = kind else {
                    return Err(ApiError::form(
                        "type",
                        "BASE_TYPE_CHOICES",
                        "Value must be one of {10, 11, 12}.",
                    ));
                };
                (new_id, kind)
            }
        };
        let bot = inner.bot_id;
        let mut thread = channel_object(id, guild_id, kind, name, 0, Some(channel_id), None, bot);
        thread["thread_metadata"]["auto_archive_duration"] = json!(auto_archive);
        if let Some(r) = opt_int(body, "rate_limit_per_user")? {
            thread["rate_limit_per_user"] = json!(r);
        }
        if kind == ChannelType::PrivateThread
            && let Some(inv) = opt_bool(body, "invitable")?
        {
            thread["thread_metadata"]["invitable"] = json!(inv);
        }
        thread["member_count"] = json!(1);
        inner.channels.insert(id, thread.clone());
        let now = now_iso();
        inner.thread_members.entry(id).or_default().insert(bot, now);
        if let Some(m) = message_id
            && let Some(msg) = inner
                .messages
                .get_mut(&channel_id)
                .and_then(|ms| ms.get_mut(&m))
        {
            msg.value["thread"] = thread.clone();
        }
        let mut full = thread;
        inner.add_thread_member_field(&mut full, id);
        let mut event = full.clone();
        event["newly_created"] = json!(true);
        events.push((Id::new_checked(guild_id), "THREAD_CREATE", event));
        Ok(full)
    }

    /// PUT (`join`) or DELETE /channels/{channel.id}/thread-members/@me.
    pub fn thread_membership(
        &self,
        thread_id: u64,
        join: bool,
        events: &mut Events,
    ) -> Result<(), ApiError> {
        let mut inner = self.lock();
        let thread = inner.channels.get(&thread_id).ok_or_else(unknown_channel)?;
        if !kind_of(thread).is_thread() {
            return Err(ApiError::new(
                400,
                50024,
                "Cannot execute action on this channel type",
            ));
        }
        if join && thread["thread_metadata"]["archived"] == true {
            return Err(ApiError::new(400, 50083, "Thread is archived"));
        }
        let guild_id = field_id(thread, "guild_id").unwrap_or(0);
        let bot = inner.bot_id;
        let now = now_iso();
        let members = inner.thread_members.entry(thread_id).or_default();
        let changed = if join {
            members.insert(bot, now.clone()).is_none()
        } else {
            members.remove(&bot).is_some()
        };
        let count = members.len();
        if let Some(t) = inner.channels.get_mut(&thread_id) {
            t["member_count"] = json!(count.min(50));
        }
        if changed {
            let mut event = json!({ "id": id_str(thread_id), "guild_id": id_str(guild_id), "member_count": count.min(50) });
            if join {
                event["added_members"] = json!([{ "id": id_str(thread_id), "user_id": id_str(bot), "join_timestamp": now, "flags": 1 }]);
                events.push((
                    Id::new_checked(guild_id),
                    "THREAD_MEMBER_UPDATE",
                    json!({ "id": id_str(thread_id), "user_id": id_str(bot), "join_timestamp": now, "flags": 1, "guild_id": id_str(guild_id) }),
                ));
            } else {
                event["removed_member_ids"] = json!([id_str(bot)]);
            }
            events.push((Id::new_checked(guild_id), "THREAD_MEMBERS_UPDATE", event));
        }
        Ok(())
    }

    /// GET /guilds/{guild.id}/threads/active.
    pub fn active_threads(&self, guild_id: u64) -> Result<Value, ApiError> {
        let inner = self.lock();
        if !inner.guilds.contains_key(&guild_id) {
            return Err(unknown_guild());
        }
        let threads: Vec<Value> = inner
            .guild_channels(guild_id)
            .into_iter()
            .filter(|c| kind_of(c).is_thread() && c["thread_metadata"]["archived"] != true)
            .collect();
        let members: Vec<Value> = threads
            .iter()
            .filter_map(|t| field_id(t, "id"))
            .filter_map(|tid| inner.thread_member_object(tid))
            .collect();
        Ok(json!({ "threads": threads, "members": members }))
    }
}

impl Inner {
    /// The bot's thread member object, if it joined the thread.
    pub(super) fn thread_member_object(&self, thread_id: u64) -> Option<Value> {
        let joined = self.thread_members.get(&thread_id)?.get(&self.bot_id)?;
        Some(
            json!({ "id": id_str(thread_id), "user_id": id_str(self.bot_id), "join_timestamp": joined, "flags": 1 }),
        )
    }

    /// Adds the bot's thread `member` to a thread it joined.
    pub(super) fn add_thread_member_field(&self, channel: &mut Value, thread_id: u64) {
        if let Some(m) = self.thread_member_object(thread_id) {
            channel["member"] = m;
        }
    }
}
