//! Sending a message (POST /channels/{channel.id}/messages), which webhook
//! executions and interaction responses share: validate the body, resolve
//! the reply, build the message with its author and attachments, store it
//! and dispatch MESSAGE_CREATE.

use super::attachments::{StoredFile, Upload, percent_encode};
use super::body::{check_len, opt_bool, opt_id_array, opt_int, opt_str};
use super::channels::is_thread;
use super::error::{ApiError, unknown_channel, unknown_interaction, unknown_user, unknown_webhook};
use super::messages::Author;
use super::users::user_object;
use super::values::{field_id, id_str, iso_of_snowflake};
use super::{Events, Message, State};
use serde_json::{Value, json};
use twilight_model::id::Id;

pub(super) fn normalise_embed(embed: &Value) -> Value {
    let mut e = embed.clone();
    if e.get("type").is_none() {
        e["type"] = json!("rich");
    }
    e
}

impl State {
    /// POST /channels/{channel.id}/messages (and webhook execution and
    /// interaction responses, by `author`). `files` are the uploads of a
    /// multipart request; `file_base` is the URL prefix of stored files.
    pub fn create_message(
        &self,
        channel_id: u64,
        body: &Value,
        files: &[Upload],
        author: &Author,
        file_base: &str,
        events: &mut Events,
    ) -> Result<Value, ApiError> {
        let id = self.next_id();
        let mut attachment_ids = Vec::new();
        for _ in files {
            attachment_ids.push(self.next_id());
        }
        let mut inner = self.lock();
        let channel = inner
            .channels
            .get(&channel_id)
            .ok_or_else(unknown_channel)?;
        let kind = channel["type"].as_u64().unwrap_or(0);
        match kind {
            4 => {
                return Err(ApiError::new(
                    400,
                    50008,
                    "Cannot send messages in a non-text channel",
                ));
            }
            15 | 16 => {
                return Err(ApiError::new(
                    400,
                    40058,
                    "Cannot send a message in a forum channel",
                ));
            }
            _ => {}
        }
        if is_thread(kind) && channel["thread_metadata"]["archived"] == true {
            if channel["thread_metadata"]["locked"] == true {
                return Err(ApiError::new(400, 50083, "Thread is archived"));
            }
            // Sending to an archived, unlocked thread unarchives it.
            if let Some(c) = inner.channels.get_mut(&channel_id) {
                c["thread_metadata"]["archived"] = json!(false);
            }
        }
        let guild_id = inner
            .channels
            .get(&channel_id)
            .and_then(|c| field_id(c, "guild_id"));
        let content = opt_str(body, "content")?.unwrap_or("");
        check_len("content", content, 0, 2000)?;
        let embeds = match body.get("embeds") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(e)) => {
                if e.len() > 10 {
                    return Err(ApiError::form(
                        "embeds",
                        "BASE_TYPE_MAX_LENGTH",
                        "Must be 10 or fewer in length.",
                    ));
                }
                for (i, embed) in e.iter().enumerate() {
                    if !embed.is_object() {
                        return Err(ApiError::form(
                            &format!("embeds.{i}"),
                            "MODEL_TYPE_CONVERT",
                            "Only dictionaries may be used in a ModelType",
                        ));
                    }
                }
                e.iter().map(normalise_embed).collect()
            }
            Some(_) => {
                return Err(ApiError::form(
                    "embeds",
                    "BASE_TYPE_ARRAY",
                    "Must be an array.",
                ));
            }
        };
        let components = match body.get("components") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(c)) => c.clone(),
            Some(_) => {
                return Err(ApiError::form(
                    "components",
                    "BASE_TYPE_ARRAY",
                    "Must be an array.",
                ));
            }
        };
        let tts = opt_bool(body, "tts")?.unwrap_or(false);
        let flags = opt_int(body, "flags")?.unwrap_or(0);
        let sticker_ids = opt_id_array(body, "sticker_ids")?.unwrap_or_default();
        let has_poll = body.get("poll").is_some_and(Value::is_object);
        // Attachments: every uploaded file, described by `attachments` when given.
        let described: Vec<Value> = body
            .get("attachments")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let mut attachments = Vec::new();
        for (file, attachment_id) in files.iter().zip(&attachment_ids) {
            let meta = described.iter().find(|a| {
                a.get("id").and_then(|i| {
                    i.as_u64()
                        .or_else(|| i.as_str().and_then(|s| s.parse().ok()))
                }) == Some(file.index)
            });
            let filename = meta
                .and_then(|m| m.get("filename"))
                .and_then(Value::as_str)
                .unwrap_or(&file.filename)
                .to_owned();
            let content_type = file
                .content_type
                .clone()
                .unwrap_or_else(|| "application/octet-stream".to_owned());
            let url = format!(
                "{file_base}/attachments/{channel_id}/{attachment_id}/{}",
                percent_encode(&filename)
            );
            let mut a = json!({
                "id": id_str(*attachment_id),
                "filename": filename,
                "size": file.data.len(),
                "url": url,
                "proxy_url": url,
                "content_type": content_type,
                "height": null,
                "width": null,
                "flags": 0,
            });
            if let Some(d) = meta
                .and_then(|m| m.get("description"))
                .and_then(Value::as_str)
            {
                a["description"] = json!(d);
            }
            if let Some(t) = meta.and_then(|m| m.get("title")).and_then(Value::as_str) {
                a["title"] = json!(t);
            }
            if flags & 64 != 0 {
                a["ephemeral"] = json!(true);
            }
            inner.files.insert(
                *attachment_id,
                StoredFile {
                    content_type,
                    data: file.data.clone(),
                },
            );
            attachments.push(a);
        }
        if content.is_empty()
            && embeds.is_empty()
            && attachments.is_empty()
            && sticker_ids.is_empty()
            && components.is_empty()
            && !has_poll
        {
            return Err(ApiError::new(400, 50006, "Cannot send an empty message"));
        }
        let (mentions, mention_roles, mention_everyone) =
            inner.allowed_mentions(content, guild_id, body, author);
        let mut message_type = 0;
        let mut reference = Value::Null;
        let mut referenced = Value::Null;
        if let Some(r) = body.get("message_reference").filter(|r| r.is_object()) {
            let ref_id = field_id(r, "message_id").ok_or_else(|| {
                ApiError::form(
                    "message_reference.message_id",
                    "BASE_TYPE_REQUIRED",
                    "This field is required",
                )
            })?;
            let ref_channel = field_id(r, "channel_id").unwrap_or(channel_id);
            let forward = r.get("type").and_then(Value::as_u64) == Some(1);
            match inner
                .messages
                .get(&ref_channel)
                .and_then(|m| m.get(&ref_id))
            {
                Some(m) => {
                    if !forward {
                        message_type = 19;
                        referenced = inner.message_value(m);
                    }
                    reference = json!({
                        "type": if forward { 1 } else { 0 },
                        "message_id": id_str(ref_id),
                        "channel_id": id_str(ref_channel),
                        "guild_id": guild_id.map(id_str),
                    });
                }
                None if r.get("fail_if_not_exists") == Some(&Value::Bool(false)) => {}
                None => {
                    return Err(ApiError::form(
                        "message_reference",
                        "MESSAGE_REFERENCE_UNKNOWN_MESSAGE",
                        "Unknown message",
                    ));
                }
            }
        }
        let bot = inner.bot_id;
        let (author_value, webhook_id, application_id, interaction) = match author {
            Author::Bot => (
                inner.users.get(&bot).cloned().unwrap_or(Value::Null),
                None,
                None,
                None,
            ),
            Author::User(user) => (
                inner.users.get(user).cloned().ok_or_else(unknown_user)?,
                None,
                None,
                None,
            ),
            Author::Webhook {
                id: wid,
                username,
                avatar_url,
            } => {
                let hook = inner.webhooks.get(wid).ok_or_else(unknown_webhook)?;
                let name = username
                    .clone()
                    .or_else(|| hook["name"].as_str().map(str::to_owned))
                    .unwrap_or_default();
                let _ = avatar_url;
                let mut u = user_object(*wid, &name, None, hook["avatar"].as_str(), true);
                u["discriminator"] = json!("0000");
                (u, Some(*wid), None, None)
            }
            Author::Interaction { id: iid, original } => {
                let i = inner
                    .interactions
                    .get(iid)
                    .ok_or_else(unknown_interaction)?;
                let app = inner.application.id.get();
                if *original {
                    message_type = if i.value["type"] == 2 { 20 } else { 0 };
                }
                let user = i.value["member"]["user"].clone();
                let user = if user.is_null() {
                    i.value["user"].clone()
                } else {
                    user
                };
                let metadata = json!({
                    "id": id_str(*iid),
                    "type": i.value["type"],
                    "user": user,
                    "authorizing_integration_owners": i.value["authorizing_integration_owners"],
                });
                (
                    inner.users.get(&bot).cloned().unwrap_or(Value::Null),
                    Some(app),
                    Some(app),
                    Some(metadata),
                )
            }
        };
        // SUPPRESS_EMBEDS, EPHEMERAL, SUPPRESS_NOTIFICATIONS, IS_COMPONENTS_V2;
        // LOADING only for a deferred interaction response.
        let mut allowed_flags = 4 | 64 | 4096 | 32768;
        if matches!(author, Author::Interaction { original: true, .. }) {
            allowed_flags |= 128;
        }
        let mut message = json!({
            "id": id_str(id),
            "channel_id": id_str(channel_id),
            "author": author_value,
            "content": content,
            "timestamp": iso_of_snowflake(id),
            "edited_timestamp": null,
            "tts": tts,
            "mention_everyone": mention_everyone,
            "mentions": mentions,
            "mention_roles": mention_roles,
            "attachments": attachments,
            "embeds": embeds,
            "pinned": false,
            "type": message_type,
            "flags": flags & allowed_flags,
            "components": components,
            "sticker_items": [],
        });
        if let Some(nonce) = body.get("nonce").filter(|n| n.is_string() || n.is_number()) {
            message["nonce"] = nonce.clone();
        }
        if let Some(w) = webhook_id {
            message["webhook_id"] = id_str(w);
        }
        if let Some(a) = application_id {
            message["application_id"] = id_str(a);
        }
        if let Some(m) = interaction {
            message["interaction_metadata"] = m;
        }
        if !reference.is_null() {
            message["message_reference"] = reference;
            if message_type == 19 {
                message["referenced_message"] = referenced;
            }
        }
        if has_poll {
            message["poll"] = body["poll"].clone();
        }
        if is_thread(kind)
            && let Some(c) = inner.channels.get_mut(&channel_id)
        {
            let n = c["message_count"].as_u64().unwrap_or(0) + 1;
            c["message_count"] = json!(n);
            c["total_message_sent"] = json!(c["total_message_sent"].as_u64().unwrap_or(0) + 1);
            message["position"] = json!(n - 1);
        }
        if let Some(c) = inner.channels.get_mut(&channel_id)
            && c.get("last_message_id").is_some()
        {
            c["last_message_id"] = id_str(id);
        }
        inner.messages.entry(channel_id).or_default().insert(
            id,
            Message {
                value: message.clone(),
                reactions: Vec::new(),
                pinned_at: None,
            },
        );
        let full = inner.message_value_by_id(channel_id, id).unwrap_or(message);
        if flags & 64 == 0 {
            events.push((
                guild_id.map(Id::new),
                "MESSAGE_CREATE",
                inner.message_event(&full, guild_id, kind),
            ));
        }
        Ok(full)
    }
}
