//! Channels (resources/channel.mdx): guild channels and DMs, created,
//! read, modified and deleted, and typing indicators.

use super::body::{check_len, opt_bool, opt_int, opt_str};
use super::error::{ApiError, unknown_channel, unknown_guild, unknown_user};
use super::values::{field_id, id_str, merge, now_iso, snowflake_of};
use super::{Events, Inner, State};
use serde_json::{Value, json};
use std::time::{SystemTime, UNIX_EPOCH};
use twilight_model::channel::{
    AutoArchiveDuration, ChannelType, ForumLayoutType, VideoQualityMode,
};
use twilight_model::id::Id;
use twilight_model::id::marker::GuildMarker;

/// The channel type of a raw `type` field, GUILD_TEXT when there is none.
pub(crate) fn channel_type(raw: Option<u64>) -> ChannelType {
    raw.map_or(ChannelType::GuildText, |t| {
        u8::try_from(t).map_or(ChannelType::Unknown(u8::MAX), ChannelType::new)
    })
}

/// The type of a channel object.
pub(super) fn kind_of(channel: &Value) -> ChannelType {
    channel_type(channel["type"].as_u64())
}

/// A channel object with every field documented for its type.
#[allow(clippy::too_many_arguments)]
pub(super) fn channel_object(
    id: u64,
    guild_id: u64,
    kind: ChannelType,
    name: &str,
    position: i64,
    parent_id: Option<u64>,
    topic: Option<&str>,
    owner_id: u64,
) -> Value {
    let mut c = json!({
        "id": id_str(id),
        "type": kind,
        "guild_id": id_str(guild_id),
        "name": name,
        "parent_id": parent_id.map(id_str),
        "flags": 0,
    });
    if kind.is_thread() {
        let now = now_iso();
        let extra = json!({
            "owner_id": id_str(owner_id),
            "last_message_id": null,
            "last_pin_timestamp": null,
            "message_count": 0,
            "member_count": 0,
            "rate_limit_per_user": 0,
            "total_message_sent": 0,
            "applied_tags": [],
            "thread_metadata": {
                "archived": false,
                "auto_archive_duration": AutoArchiveDuration::Day,
                "archive_timestamp": now,
                "locked": false,
                "invitable": kind == ChannelType::PrivateThread,
                "create_timestamp": now,
            },
        });
        merge(&mut c, &extra);
        return c;
    }
    merge(
        &mut c,
        &json!({ "position": position, "permission_overwrites": [], "nsfw": false }),
    );
    match kind {
        ChannelType::GuildVoice | ChannelType::GuildStageVoice => merge(
            &mut c,
            &json!({
                "bitrate": 64000,
                "user_limit": 0,
                "rtc_region": null,
                "video_quality_mode": VideoQualityMode::Auto,
                "last_message_id": null,
                "rate_limit_per_user": 0,
                "topic": topic,
            }),
        ),
        ChannelType::GuildCategory => {}
        _ => {
            merge(
                &mut c,
                &json!({
                    "topic": topic,
                    "last_message_id": null,
                    "last_pin_timestamp": null,
                    "rate_limit_per_user": 0,
                    "default_auto_archive_duration": AutoArchiveDuration::Day,
                    "default_thread_rate_limit_per_user": 0,
                }),
            );
            if matches!(kind, ChannelType::GuildForum | ChannelType::GuildMedia) {
                merge(
                    &mut c,
                    &json!({
                        "available_tags": [],
                        "default_reaction_emoji": null,
                        "default_sort_order": null,
                        "default_forum_layout": ForumLayoutType::NotSet,
                    }),
                );
            }
        }
    }
    c
}

impl State {
    /// The guild that owns a channel or thread.
    pub fn channel_guild(&self, channel_id: u64) -> Option<Id<GuildMarker>> {
        let inner = self.lock();
        inner
            .channels
            .get(&channel_id)
            .and_then(|c| field_id(c, "guild_id"))
            .map(Id::new)
    }

    /// GET /channels/{channel.id}.
    pub fn get_channel(&self, channel_id: u64) -> Result<Value, ApiError> {
        let inner = self.lock();
        let mut c = inner
            .channels
            .get(&channel_id)
            .cloned()
            .ok_or_else(unknown_channel)?;
        inner.add_thread_member_field(&mut c, channel_id);
        Ok(c)
    }

    /// PATCH /channels/{channel.id}.
    pub fn modify_channel(
        &self,
        channel_id: u64,
        body: &Value,
        events: &mut Events,
    ) -> Result<Value, ApiError> {
        let mut inner = self.lock();
        let channel = inner
            .channels
            .get(&channel_id)
            .ok_or_else(unknown_channel)?;
        let kind = kind_of(channel);
        let mut updated = channel.clone();
        if let Some(name) = opt_str(body, "name")? {
            check_len("name", name, 1, 100)?;
            updated["name"] = json!(name);
        }
        if body.get("topic").is_some() && !kind.is_thread() {
            let topic = opt_str(body, "topic")?;
            if let Some(t) = topic {
                check_len("topic", t, 0, 1024)?;
            }
            updated["topic"] = json!(topic);
        }
        for key in [
            "position",
            "rate_limit_per_user",
            "bitrate",
            "user_limit",
            "default_auto_archive_duration",
        ] {
            if let Some(v) = opt_int(body, key)?
                && updated.get(key).is_some()
            {
                updated[key] = json!(v);
            }
        }
        if let Some(nsfw) = opt_bool(body, "nsfw")?
            && updated.get("nsfw").is_some()
        {
            updated["nsfw"] = json!(nsfw);
        }
        if body.get("parent_id").is_some() && !kind.is_thread() {
            updated["parent_id"] = match body.get("parent_id") {
                Some(Value::Null) => Value::Null,
                Some(v) => {
                    let parent = snowflake_of(v).ok_or_else(|| {
                        ApiError::form("parent_id", "NUMBER_TYPE_COERCE", "Value is not snowflake.")
                    })?;
                    if !inner.channels.contains_key(&parent) {
                        return Err(ApiError::form(
                            "parent_id",
                            "CHANNEL_PARENT_INVALID",
                            "Category does not exist.",
                        ));
                    }
                    id_str(parent)
                }
                None => Value::Null,
            };
        }
        if let Some(po) = body.get("permission_overwrites") {
            if !po.is_array() {
                return Err(ApiError::form(
                    "permission_overwrites",
                    "BASE_TYPE_ARRAY",
                    "Must be an array.",
                ));
            }
            if updated.get("permission_overwrites").is_some() {
                updated["permission_overwrites"] = po.clone();
            }
        }
        if kind.is_thread() {
            for key in ["archived", "locked", "invitable"] {
                if let Some(v) = opt_bool(body, key)? {
                    updated["thread_metadata"][key] = json!(v);
                    if key == "archived" {
                        updated["thread_metadata"]["archive_timestamp"] = json!(now_iso());
                    }
                }
            }
            if let Some(v) = opt_int(body, "auto_archive_duration")? {
                updated["thread_metadata"]["auto_archive_duration"] = json!(v);
            }
        }
        inner.channels.insert(channel_id, updated.clone());
        let guild = field_id(&updated, "guild_id").map(Id::new);
        let event = if kind.is_thread() {
            "THREAD_UPDATE"
        } else {
            "CHANNEL_UPDATE"
        };
        events.push((guild, event, updated.clone()));
        inner.add_thread_member_field(&mut updated, channel_id);
        Ok(updated)
    }

    /// DELETE /channels/{channel.id}.
    pub fn delete_channel(&self, channel_id: u64, events: &mut Events) -> Result<Value, ApiError> {
        let mut inner = self.lock();
        let channel = inner
            .channels
            .remove(&channel_id)
            .ok_or_else(unknown_channel)?;
        inner.messages.remove(&channel_id);
        inner.thread_members.remove(&channel_id);
        let guild = field_id(&channel, "guild_id").map(Id::new);
        let kind = kind_of(&channel);
        if kind.is_thread() {
            events.push((
                guild,
                "THREAD_DELETE",
                json!({ "id": channel["id"], "guild_id": channel["guild_id"], "parent_id": channel["parent_id"], "type": kind }),
            ));
        } else {
            // Threads of a deleted channel go with it.
            let threads: Vec<u64> = inner
                .channels
                .iter()
                .filter(|(_, c)| {
                    field_id(c, "parent_id") == Some(channel_id) && kind_of(c).is_thread()
                })
                .map(|(id, _)| *id)
                .collect();
            for t in threads {
                inner.channels.remove(&t);
                inner.messages.remove(&t);
                inner.thread_members.remove(&t);
            }
            events.push((guild, "CHANNEL_DELETE", channel.clone()));
        }
        Ok(channel)
    }

    /// POST /guilds/{guild.id}/channels.
    pub fn create_guild_channel(
        &self,
        guild_id: u64,
        body: &Value,
        events: &mut Events,
    ) -> Result<Value, ApiError> {
        let id = self.next_id();
        let mut inner = self.lock();
        if !inner.guilds.contains_key(&guild_id) {
            return Err(unknown_guild());
        }
        let Some(name) = opt_str(body, "name")? else {
            return Err(ApiError::form(
                "name",
                "BASE_TYPE_REQUIRED",
                "This field is required",
            ));
        };
        check_len("name", name, 1, 100)?;
        let kind = opt_int(body, "type")?
            .map_or(Some(ChannelType::GuildText), |t| {
                u8::try_from(t).ok().map(ChannelType::new)
            })
            .filter(|kind| {
                matches!(
                    kind,
                    ChannelType::GuildText
                        | ChannelType::GuildVoice
                        | ChannelType::GuildCategory
                        | ChannelType::GuildAnnouncement
                        | ChannelType::GuildStageVoice
                        | ChannelType::GuildDirectory
                        | ChannelType::GuildForum
                        | ChannelType::GuildMedia
                )
            });
        let Some(kind) = kind else {
            return Err(ApiError::form(
                "type",
                "BASE_TYPE_CHOICES",
                "Value must be one of {0, 2, 4, 5, 13, 14, 15, 16}.",
            ));
        };
        let parent = match body.get("parent_id") {
            None | Some(Value::Null) => None,
            Some(v) => {
                let p = snowflake_of(v).ok_or_else(|| {
                    ApiError::form("parent_id", "NUMBER_TYPE_COERCE", "Value is not snowflake.")
                })?;
                if inner
                    .channels
                    .get(&p)
                    .is_none_or(|c| kind_of(c) != ChannelType::GuildCategory)
                {
                    return Err(ApiError::form(
                        "parent_id",
                        "CHANNEL_PARENT_INVALID",
                        "Category does not exist.",
                    ));
                }
                Some(p)
            }
        };
        let topic = opt_str(body, "topic")?;
        let position = opt_int(body, "position")?
            .unwrap_or_else(|| i64::try_from(inner.guild_channels(guild_id).len()).unwrap_or(0));
        let bot = inner.bot_id;
        let mut channel = channel_object(id, guild_id, kind, name, position, parent, topic, bot);
        if let Some(nsfw) = opt_bool(body, "nsfw")? {
            channel["nsfw"] = json!(nsfw);
        }
        if let Some(po) = body.get("permission_overwrites").filter(|v| v.is_array()) {
            channel["permission_overwrites"] = po.clone();
        }
        inner.channels.insert(id, channel.clone());
        events.push((Id::new_checked(guild_id), "CHANNEL_CREATE", channel.clone()));
        Ok(channel)
    }

    /// GET /guilds/{guild.id}/channels (threads excluded).
    pub fn list_guild_channels(&self, guild_id: u64) -> Result<Value, ApiError> {
        let inner = self.lock();
        if !inner.guilds.contains_key(&guild_id) {
            return Err(unknown_guild());
        }
        Ok(Value::Array(
            inner
                .guild_channels(guild_id)
                .into_iter()
                .filter(|c| !kind_of(c).is_thread())
                .collect(),
        ))
    }

    /// POST /channels/{channel.id}/typing.
    pub fn typing(&self, channel_id: u64, events: &mut Events) -> Result<(), ApiError> {
        let inner = self.lock();
        let guild_id = inner.channel_guild_of(channel_id)?;
        let bot = inner.bot_id;
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let mut event =
            json!({ "channel_id": id_str(channel_id), "user_id": id_str(bot), "timestamp": now });
        if let Some(g) = guild_id {
            event["guild_id"] = id_str(g);
            if let Some(m) = inner
                .guilds
                .get(&g)
                .and_then(|guild| inner.member_value(guild, bot))
            {
                event["member"] = m;
            }
        }
        events.push((guild_id.map(Id::new), "TYPING_START", event));
        Ok(())
    }

    /// POST /users/@me/channels: the DM channel with `recipient_id` (created
    /// once, then the same one).
    pub fn create_dm(&self, body: &Value) -> Result<Value, ApiError> {
        let new_id = self.next_id();
        let Some(recipient) = body.get("recipient_id") else {
            return Err(ApiError::form(
                "recipient_id",
                "BASE_TYPE_REQUIRED",
                "This field is required",
            ));
        };
        let recipient = snowflake_of(recipient).ok_or_else(|| {
            ApiError::form(
                "recipient_id",
                "NUMBER_TYPE_COERCE",
                "Value is not snowflake.",
            )
        })?;
        let mut inner = self.lock();
        let user = inner
            .users
            .get(&recipient)
            .cloned()
            .ok_or_else(unknown_user)?;
        if recipient == inner.bot_id {
            return Err(ApiError::new(
                400,
                50007,
                "Cannot send messages to this user",
            ));
        }
        let existing = inner.channels.values().find(|c| {
            kind_of(c) == ChannelType::Dm
                && c["recipients"]
                    .as_array()
                    .is_some_and(|r| r.iter().any(|u| field_id(u, "id") == Some(recipient)))
        });
        if let Some(c) = existing {
            return Ok(c.clone());
        }
        let channel = json!({
            "id": id_str(new_id),
            "type": ChannelType::Dm,
            "last_message_id": null,
            "last_pin_timestamp": null,
            "recipients": [user],
            "flags": 0,
        });
        inner.channels.insert(new_id, channel.clone());
        Ok(channel)
    }
}

impl Inner {
    /// The guild of a channel (`None` for a DM); `Err` for an unknown channel.
    pub(super) fn channel_guild_of(&self, channel_id: u64) -> Result<Option<u64>, ApiError> {
        self.channels
            .get(&channel_id)
            .map(|c| field_id(c, "guild_id"))
            .ok_or_else(unknown_channel)
    }
}
