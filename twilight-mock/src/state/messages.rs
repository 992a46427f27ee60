//! Messages (resources/message.mdx): read, list, edit, delete and bulk
//! delete, and the message objects and MESSAGE_* event data built from them.

use super::attachments::Upload;
use super::body::{check_len, opt_id_array, opt_int, opt_str};
use super::channels::kind_of;
use super::error::{ApiError, unknown_channel, unknown_message};
use super::message_create::normalise_embed;
use super::values::{DISCORD_EPOCH_MS, field_id, id_str, now_iso};
use super::{Events, Inner, Message, State};
use serde_json::{Value, json};
use std::collections::HashSet;
use std::time::{SystemTime, UNIX_EPOCH};
use twilight_model::channel::ChannelType;
use twilight_model::id::Id;
use twilight_model::message::MessageFlags;

/// A flag set as the signed integer request bodies carry.
pub(super) fn flag_bits(flags: MessageFlags) -> i64 {
    i64::try_from(flags.bits()).unwrap_or(i64::MAX)
}

/// Whether a message is ephemeral (seen only by the interaction's user: no
/// gateway event).
pub(super) fn is_ephemeral(message: &Value) -> bool {
    message["flags"].as_i64().unwrap_or(0) & flag_bits(MessageFlags::EPHEMERAL) != 0
}

/// Who sends a message.
#[derive(Clone, Debug)]
pub enum Author {
    /// The bot, through the bot token.
    Bot,
    /// A webhook (its id), optionally with a username and avatar override.
    Webhook {
        /// The webhook id.
        id: u64,
        /// `username` override.
        username: Option<String>,
        /// `avatar_url` override.
        avatar_url: Option<String>,
    },
    /// A user (control: a user posts a message).
    User(u64),
    /// An interaction response or follow-up (the interaction id).
    Interaction {
        /// The interaction id.
        id: u64,
        /// Whether this is the initial response.
        original: bool,
    },
}

/// `embeds` and `components` of an edit: left out, kept; `null`, cleared.
fn edit_embeds_and_components(value: &mut Value, body: &Value) -> Result<(), ApiError> {
    match body.get("embeds") {
        None => {}
        Some(Value::Null) => value["embeds"] = json!([]),
        Some(Value::Array(e)) if e.len() <= 10 && e.iter().all(Value::is_object) => {
            value["embeds"] = Value::Array(e.iter().map(normalise_embed).collect());
        }
        Some(Value::Array(e)) if e.len() > 10 => {
            return Err(ApiError::form(
                "embeds",
                "BASE_TYPE_MAX_LENGTH",
                "Must be 10 or fewer in length.",
            ));
        }
        Some(_) => {
            return Err(ApiError::form(
                "embeds",
                "BASE_TYPE_ARRAY",
                "Must be an array.",
            ));
        }
    }
    match body.get("components") {
        None => {}
        Some(Value::Null) => value["components"] = json!([]),
        Some(Value::Array(c)) => value["components"] = Value::Array(c.clone()),
        Some(_) => {
            return Err(ApiError::form(
                "components",
                "BASE_TYPE_ARRAY",
                "Must be an array.",
            ));
        }
    }
    Ok(())
}

/// `flags` of an edit (only SUPPRESS_EMBEDS changes); an interaction's
/// edit of its deferred response also ends the loading state.
fn edit_flags(value: &mut Value, body: &Value, author: &Author) -> Result<(), ApiError> {
    if let Some(f) = opt_int(body, "flags")? {
        let suppress = flag_bits(MessageFlags::SUPPRESS_EMBEDS);
        let keep = value["flags"].as_i64().unwrap_or(0) & !suppress;
        value["flags"] = json!(keep | (f & suppress));
    }
    if matches!(author, Author::Interaction { .. }) {
        let flags = value["flags"].as_i64().unwrap_or(0);
        let loading = flag_bits(MessageFlags::LOADING);
        if flags & loading != 0 {
            value["flags"] = json!(flags & !loading);
            value["components"] = body
                .get("components")
                .cloned()
                .filter(Value::is_array)
                .unwrap_or_else(|| json!([]));
        }
    }
    Ok(())
}

impl State {
    /// GET /channels/{channel.id}/messages/{message.id}.
    pub fn get_message(&self, channel_id: u64, message_id: u64) -> Result<Value, ApiError> {
        let inner = self.lock();
        if !inner.channels.contains_key(&channel_id) {
            return Err(unknown_channel());
        }
        inner
            .message_value_by_id(channel_id, message_id)
            .ok_or_else(unknown_message)
    }

    /// GET /channels/{channel.id}/messages: newest first, `around`, `before`
    /// or `after` a message, `limit` 1-100 (default 50).
    pub fn list_messages(
        &self,
        channel_id: u64,
        around: Option<u64>,
        before: Option<u64>,
        after: Option<u64>,
        limit: usize,
    ) -> Result<Value, ApiError> {
        let inner = self.lock();
        if !inner.channels.contains_key(&channel_id) {
            return Err(unknown_channel());
        }
        let Some(messages) = inner.messages.get(&channel_id) else {
            return Ok(json!([]));
        };
        let ids: Vec<u64> = if let Some(a) = around {
            let half = limit / 2;
            let mut older: Vec<u64> = messages
                .range(..a)
                .rev()
                .take(half)
                .map(|(k, _)| *k)
                .collect();
            let newer: Vec<u64> = messages
                .range(a..)
                .take(limit - older.len().min(limit))
                .map(|(k, _)| *k)
                .collect();
            let mut all: Vec<u64> = newer.into_iter().rev().collect();
            all.append(&mut older);
            all.truncate(limit);
            all
        } else if let Some(a) = after {
            let mut v: Vec<u64> = messages
                .range(a.saturating_add(1)..)
                .take(limit)
                .map(|(k, _)| *k)
                .collect();
            v.reverse();
            v
        } else {
            let b = before.unwrap_or(u64::MAX);
            messages
                .range(..b)
                .rev()
                .take(limit)
                .map(|(k, _)| *k)
                .collect()
        };
        Ok(Value::Array(
            ids.into_iter()
                .filter_map(|id| inner.message_value_by_id(channel_id, id))
                .collect(),
        ))
    }

    /// PATCH /channels/{channel.id}/messages/{message.id} (and webhook and
    /// interaction message edits, which pass their `author`).
    #[allow(clippy::too_many_arguments)]
    pub fn edit_message(
        &self,
        channel_id: u64,
        message_id: u64,
        body: &Value,
        files: &[Upload],
        author: &Author,
        file_base: &str,
        events: &mut Events,
    ) -> Result<Value, ApiError> {
        let mut new_ids = Vec::new();
        for _ in files {
            new_ids.push(self.next_id());
        }
        let mut inner = self.lock();
        let kind = kind_of(
            inner
                .channels
                .get(&channel_id)
                .ok_or_else(unknown_channel)?,
        );
        let guild_id = inner
            .channels
            .get(&channel_id)
            .and_then(|c| field_id(c, "guild_id"));
        let message = inner
            .messages
            .get(&channel_id)
            .and_then(|m| m.get(&message_id))
            .ok_or_else(unknown_message)?;
        let mut value = message.value.clone();
        if inner.may_edit(&value, author) {
            inner.edit_content(&mut value, body, guild_id, author)?;
            edit_embeds_and_components(&mut value, body)?;
            edit_flags(&mut value, body, author)?;
            inner.edit_attachments(&mut value, body, files, &new_ids, channel_id, file_base);
            value["edited_timestamp"] = json!(now_iso());
        } else if matches!(author, Author::Bot)
            && body.get("content").is_none()
            && body.get("embeds").is_none()
        {
            // Flags (suppress embeds) may be edited on others' messages.
            if let Some(f) = opt_int(body, "flags")? {
                value["flags"] = json!(f & flag_bits(MessageFlags::SUPPRESS_EMBEDS));
            }
        } else {
            return Err(ApiError::new(
                403,
                50005,
                "Cannot edit a message authored by another user",
            ));
        }
        if let Some(m) = inner
            .messages
            .get_mut(&channel_id)
            .and_then(|m| m.get_mut(&message_id))
        {
            m.value = value;
        }
        let full = inner
            .message_value_by_id(channel_id, message_id)
            .unwrap_or(Value::Null);
        if !is_ephemeral(&full) {
            let mut event = inner.message_event(&full, guild_id, kind);
            event["tts"] = json!(false);
            events.push((guild_id.map(Id::new), "MESSAGE_UPDATE", event));
        }
        Ok(full)
    }

    /// DELETE /channels/{channel.id}/messages/{message.id}.
    pub fn delete_message(
        &self,
        channel_id: u64,
        message_id: u64,
        events: &mut Events,
    ) -> Result<(), ApiError> {
        let mut inner = self.lock();
        let guild_id = inner
            .channels
            .get(&channel_id)
            .ok_or_else(unknown_channel)
            .map(|c| field_id(c, "guild_id"))?;
        let removed = inner
            .messages
            .get_mut(&channel_id)
            .and_then(|m| m.remove(&message_id))
            .ok_or_else(unknown_message)?;
        let mut event = json!({ "id": id_str(message_id), "channel_id": id_str(channel_id) });
        if let Some(g) = guild_id {
            event["guild_id"] = id_str(g);
        }
        if !is_ephemeral(&removed.value) {
            events.push((guild_id.map(Id::new), "MESSAGE_DELETE", event));
        }
        Ok(())
    }

    /// POST /channels/{channel.id}/messages/bulk-delete.
    pub fn bulk_delete(
        &self,
        channel_id: u64,
        body: &Value,
        events: &mut Events,
    ) -> Result<(), ApiError> {
        let ids = match body.get("messages") {
            None | Some(Value::Null) => {
                return Err(ApiError::form(
                    "messages",
                    "BASE_TYPE_REQUIRED",
                    "This field is required",
                ));
            }
            _ => opt_id_array(body, "messages")?.unwrap_or_default(),
        };
        if ids.len() < 2 || ids.len() > 100 {
            return Err(ApiError::new(
                400,
                50016,
                "Provided too few or too many messages to delete. Must provide at least 2 and fewer than 100 messages to delete.",
            ));
        }
        let two_weeks_ago_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(0))
            .saturating_sub(14 * 24 * 3600 * 1000 + DISCORD_EPOCH_MS);
        if ids.iter().any(|id| (id >> 22) < two_weeks_ago_ms) {
            return Err(ApiError::new(
                400,
                50034,
                "You can only bulk delete messages that are under 14 days old.",
            ));
        }
        let mut inner = self.lock();
        let guild_id = inner
            .channels
            .get(&channel_id)
            .ok_or_else(unknown_channel)
            .map(|c| field_id(c, "guild_id"))?;
        let mut deleted = Vec::new();
        if let Some(messages) = inner.messages.get_mut(&channel_id) {
            for id in &ids {
                if messages.remove(id).is_some() {
                    deleted.push(id_str(*id));
                }
            }
        }
        let mut event = json!({ "ids": deleted, "channel_id": id_str(channel_id) });
        if let Some(g) = guild_id {
            event["guild_id"] = id_str(g);
        }
        events.push((guild_id.map(Id::new), "MESSAGE_DELETE_BULK", event));
        Ok(())
    }
}

impl Inner {
    /// Whether `author` may edit the message `value`: the bot and users
    /// their own (not a webhook's), a webhook its own, an interaction the
    /// application's.
    fn may_edit(&self, value: &Value, author: &Author) -> bool {
        match author {
            Author::Bot => {
                field_id(&value["author"], "id") == Some(self.bot_id)
                    && value.get("webhook_id").is_none()
            }
            Author::Webhook { id, .. } => field_id(value, "webhook_id") == Some(*id),
            Author::User(user) => {
                field_id(&value["author"], "id") == Some(*user) && value.get("webhook_id").is_none()
            }
            Author::Interaction { .. } => {
                field_id(value, "application_id") == Some(self.application.id.get())
            }
        }
    }

    /// `content` of an edit, with the mentions it makes.
    fn edit_content(
        &self,
        value: &mut Value,
        body: &Value,
        guild_id: Option<u64>,
        author: &Author,
    ) -> Result<(), ApiError> {
        if body.get("content").is_some() {
            let content = opt_str(body, "content")?.unwrap_or("");
            check_len("content", content, 0, 2000)?;
            let (mentions, roles, everyone) =
                self.allowed_mentions(content, guild_id, body, author);
            value["content"] = json!(content);
            value["mentions"] = mentions;
            value["mention_roles"] = roles;
            value["mention_everyone"] = json!(everyone);
        }
        Ok(())
    }

    /// `attachments` of an edit lists the existing attachments to keep (left
    /// out, all are kept); new uploads are added.
    fn edit_attachments(
        &mut self,
        value: &mut Value,
        body: &Value,
        files: &[Upload],
        ids: &[u64],
        channel_id: u64,
        file_base: &str,
    ) {
        let mut attachments: Vec<Value> =
            value["attachments"].as_array().cloned().unwrap_or_default();
        if let Some(keep) = body.get("attachments").and_then(Value::as_array) {
            let keep_ids: HashSet<u64> = keep.iter().filter_map(|a| field_id(a, "id")).collect();
            attachments.retain(|a| field_id(a, "id").is_some_and(|id| keep_ids.contains(&id)));
        }
        for (file, aid) in files.iter().zip(ids) {
            attachments.push(self.store_upload(file, *aid, &file.filename, channel_id, file_base));
        }
        value["attachments"] = Value::Array(attachments);
    }

    /// A message as the API shows it, with its reactions counted.
    pub(super) fn message_value(&self, message: &Message) -> Value {
        let mut v = message.value.clone();
        let bot = self.bot_id;
        v["reactions"] = Value::Array(
            message
                .reactions
                .iter()
                .map(|r| {
                    json!({
                        "count": r.users.len(),
                        "count_details": { "burst": 0, "normal": r.users.len() },
                        "me": r.users.contains(&bot),
                        "me_burst": false,
                        "emoji": r.emoji,
                        "burst_colors": [],
                    })
                })
                .collect(),
        );
        v
    }

    /// A message as the API shows it, by channel and id.
    pub(super) fn message_value_by_id(&self, channel_id: u64, message_id: u64) -> Option<Value> {
        self.messages
            .get(&channel_id)
            .and_then(|m| m.get(&message_id))
            .map(|m| self.message_value(m))
    }

    /// MESSAGE_CREATE/UPDATE data: the message with `guild_id`, `member`,
    /// mentions with their members and `channel_type`.
    pub(super) fn message_event(
        &self,
        message: &Value,
        guild_id: Option<u64>,
        channel_type: ChannelType,
    ) -> Value {
        let mut event = message.clone();
        event["channel_type"] = json!(channel_type);
        if let Some(g) = guild_id {
            event["guild_id"] = id_str(g);
            if let Some(guild) = self.guilds.get(&g) {
                if (message.get("webhook_id").is_none() || message.get("application_id").is_some())
                    && let Some(author) = field_id(&message["author"], "id")
                    && let Some(m) = guild.members.get(&author)
                {
                    event["member"] = m.clone();
                }
                if let Some(mentions) = event["mentions"].as_array_mut() {
                    for mention in mentions {
                        if let Some(m) = field_id(mention, "id").and_then(|u| guild.members.get(&u))
                        {
                            mention["member"] = m.clone();
                        }
                    }
                }
            }
        }
        event
    }
}
