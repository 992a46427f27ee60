//! Sending a message (POST /channels/{channel.id}/messages), which webhook
//! executions and interaction responses share: validate the body, resolve
//! the reply, build the message with its author and attachments, store it
//! and dispatch MESSAGE_CREATE.

use super::attachments::Upload;
use super::body::{check_len, opt_bool, opt_id_array, opt_int, opt_str};
use super::channels::kind_of;
use super::error::{ApiError, unknown_channel, unknown_interaction, unknown_user, unknown_webhook};
use super::messages::{Author, flag_bits};
use super::users::user_object;
use super::values::{field_id, id_str, iso_of_snowflake};
use super::{Events, Inner, Message, State};
use serde_json::{Value, json};
use twilight_model::channel::ChannelType;
use twilight_model::id::Id;
use twilight_model::interaction::InteractionType;
use twilight_model::message::{MessageFlags, MessageReferenceType, MessageType};

/// The fields of a message body, validated.
struct Content<'a> {
    content: &'a str,
    embeds: Vec<Value>,
    components: Vec<Value>,
    tts: bool,
    flags: i64,
    sticker_ids: Vec<u64>,
    has_poll: bool,
}

/// What the message replies to or forwards.
#[derive(Default)]
struct Reference {
    /// `message_reference`, `Null` for none.
    reference: Value,
    /// The replied-to message, `Null` for none or a forward.
    referenced: Value,
    /// Whether this is a reply (rather than a forward or nothing).
    reply: bool,
    /// A forward's snapshot of the forwarded message, `Null` otherwise.
    snapshot: Value,
}

/// Who the message is from, as its fields show it.
struct Sender {
    author: Value,
    webhook_id: Option<u64>,
    application_id: Option<u64>,
    interaction_metadata: Option<Value>,
    /// The type an interaction's initial response has, overriding a reply's.
    response_type: Option<MessageType>,
}

/// Flags a message may be sent with: SUPPRESS_EMBEDS, EPHEMERAL,
/// SUPPRESS_NOTIFICATIONS and IS_COMPONENTS_V2; LOADING only for a deferred
/// interaction response.
fn allowed_flags(author: &Author) -> i64 {
    let mut allowed = MessageFlags::SUPPRESS_EMBEDS
        | MessageFlags::EPHEMERAL
        | MessageFlags::SUPPRESS_NOTIFICATIONS
        | MessageFlags::IS_COMPONENTS_V2;
    if matches!(author, Author::Interaction { original: true, .. }) {
        allowed |= MessageFlags::LOADING;
    }
    flag_bits(allowed)
}

/// An embed as stored: `type` defaults to `rich`.
pub(super) fn normalise_embed(embed: &Value) -> Value {
    let mut e = embed.clone();
    if e.get("type").is_none() {
        e["type"] = json!("rich");
    }
    e
}

/// `content`, `embeds`, `components`, `tts`, `flags`, `sticker_ids` and
/// `poll` of the body, checked for type and length.
fn read_content(body: &Value) -> Result<Content<'_>, ApiError> {
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
    Ok(Content {
        content,
        tts: opt_bool(body, "tts")?.unwrap_or(false),
        flags: opt_int(body, "flags")?.unwrap_or(0),
        sticker_ids: opt_id_array(body, "sticker_ids")?.unwrap_or_default(),
        has_poll: body.get("poll").is_some_and(Value::is_object),
        embeds,
        components,
    })
}

impl Content<'_> {
    /// 50006: a message needs content, an embed, a file, a sticker, a
    /// component or a poll.
    fn check_not_empty(&self, attachments: &[Value]) -> Result<(), ApiError> {
        if self.content.is_empty()
            && self.embeds.is_empty()
            && attachments.is_empty()
            && self.sticker_ids.is_empty()
            && self.components.is_empty()
            && !self.has_poll
        {
            return Err(ApiError::new(400, 50006, "Cannot send an empty message"));
        }
        Ok(())
    }
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
        let attachment_ids: Vec<u64> = files.iter().map(|_| self.next_id()).collect();
        let mut inner = self.lock();
        let kind = inner.open_for_messages(channel_id)?;
        let guild_id = inner
            .channels
            .get(&channel_id)
            .and_then(|c| field_id(c, "guild_id"));
        let content = read_content(body)?;
        let attachments = inner.store_new_attachments(
            files,
            &attachment_ids,
            body,
            content.flags,
            channel_id,
            file_base,
        );
        let reference = inner.resolve_reference(body, channel_id, guild_id)?;
        // A forward's content is its snapshot: it needs nothing else.
        if reference.snapshot.is_null() {
            content.check_not_empty(&attachments)?;
        }
        let (mentions, mention_roles, mention_everyone) =
            inner.allowed_mentions(content.content, guild_id, body, author);
        let sender = inner.sender(author)?;
        let message_type = sender.response_type.unwrap_or(if reference.reply {
            MessageType::Reply
        } else {
            MessageType::Default
        });
        let mut message = json!({
            "id": id_str(id),
            "channel_id": id_str(channel_id),
            "author": sender.author,
            "content": content.content,
            "timestamp": iso_of_snowflake(id),
            "edited_timestamp": null,
            "tts": content.tts,
            "mention_everyone": mention_everyone,
            "mentions": mentions,
            "mention_roles": mention_roles,
            "attachments": attachments,
            "embeds": content.embeds,
            "pinned": false,
            "type": message_type,
            "flags": content.flags & allowed_flags(author),
            "components": content.components,
            "sticker_items": [],
        });
        if let Some(nonce) = body.get("nonce").filter(|n| n.is_string() || n.is_number()) {
            message["nonce"] = nonce.clone();
        }
        if let Some(w) = sender.webhook_id {
            message["webhook_id"] = id_str(w);
        }
        if let Some(a) = sender.application_id {
            message["application_id"] = id_str(a);
        }
        if let Some(m) = sender.interaction_metadata {
            message["interaction_metadata"] = m;
        }
        if !reference.reference.is_null() {
            message["message_reference"] = reference.reference;
            if message_type == MessageType::Reply {
                message["referenced_message"] = reference.referenced;
            }
        }
        if !reference.snapshot.is_null() {
            message["message_snapshots"] = json!([reference.snapshot]);
            message["flags"] = json!(
                content.flags & allowed_flags(author) | flag_bits(MessageFlags::HAS_SNAPSHOT)
            );
        }
        if content.has_poll {
            message["poll"] = body["poll"].clone();
        }
        let full = inner.store_message(channel_id, kind, id, message);
        if content.flags & flag_bits(MessageFlags::EPHEMERAL) == 0 {
            events.push((
                guild_id.map(Id::new),
                "MESSAGE_CREATE",
                inner.message_event(&full, guild_id, kind),
            ));
        }
        Ok(full)
    }
}

/// A forward's snapshot of `message`: the fields resources/message.mdx
/// keeps (no author, no ids), taken when the forward is created.
fn snapshot_of(message: &Value) -> Value {
    let mut kept = serde_json::Map::new();
    for field in [
        "type",
        "content",
        "embeds",
        "attachments",
        "timestamp",
        "edited_timestamp",
        "flags",
        "mentions",
        "mention_roles",
        "sticker_items",
        "components",
    ] {
        if let Some(value) = message.get(field) {
            kept.insert(field.to_owned(), value.clone());
        }
    }
    json!({ "message": kept })
}

impl Inner {
    /// The type of a channel messages can be sent to, or why they cannot:
    /// categories and forums take none, a locked archived thread neither.
    /// Sending to an archived, unlocked thread unarchives it.
    fn open_for_messages(&mut self, channel_id: u64) -> Result<ChannelType, ApiError> {
        let channel = self.channels.get(&channel_id).ok_or_else(unknown_channel)?;
        let kind = kind_of(channel);
        match kind {
            ChannelType::GuildCategory => {
                return Err(ApiError::new(
                    400,
                    50008,
                    "Cannot send messages in a non-text channel",
                ));
            }
            ChannelType::GuildForum | ChannelType::GuildMedia => {
                return Err(ApiError::new(
                    400,
                    40058,
                    "Cannot send a message in a forum channel",
                ));
            }
            _ => {}
        }
        if kind.is_thread() && channel["thread_metadata"]["archived"] == true {
            if channel["thread_metadata"]["locked"] == true {
                return Err(ApiError::new(400, 50083, "Thread is archived"));
            }
            if let Some(c) = self.channels.get_mut(&channel_id) {
                c["thread_metadata"]["archived"] = json!(false);
            }
        }
        Ok(kind)
    }

    /// Stores every uploaded file, described by the body's `attachments`
    /// (matched on `id` = the upload's index) when given, and returns their
    /// attachment objects.
    fn store_new_attachments(
        &mut self,
        files: &[Upload],
        ids: &[u64],
        body: &Value,
        flags: i64,
        channel_id: u64,
        file_base: &str,
    ) -> Vec<Value> {
        let described: Vec<Value> = body
            .get("attachments")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let mut attachments = Vec::new();
        for (file, attachment_id) in files.iter().zip(ids) {
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
            let mut a = self.store_upload(file, *attachment_id, &filename, channel_id, file_base);
            if let Some(d) = meta
                .and_then(|m| m.get("description"))
                .and_then(Value::as_str)
            {
                a["description"] = json!(d);
            }
            if let Some(t) = meta.and_then(|m| m.get("title")).and_then(Value::as_str) {
                a["title"] = json!(t);
            }
            if flags & flag_bits(MessageFlags::EPHEMERAL) != 0 {
                a["ephemeral"] = json!(true);
            }
            attachments.push(a);
        }
        attachments
    }

    /// The body's `message_reference`: a reply (the message must exist
    /// unless `fail_if_not_exists` is false) or a forward (`type` 1).
    fn resolve_reference(
        &self,
        body: &Value,
        channel_id: u64,
        guild_id: Option<u64>,
    ) -> Result<Reference, ApiError> {
        let Some(r) = body.get("message_reference").filter(|r| r.is_object()) else {
            return Ok(Reference::default());
        };
        let ref_id = field_id(r, "message_id").ok_or_else(|| {
            ApiError::form(
                "message_reference.message_id",
                "BASE_TYPE_REQUIRED",
                "This field is required",
            )
        })?;
        let ref_channel = field_id(r, "channel_id").unwrap_or(channel_id);
        let forward = r.get("type").and_then(Value::as_u64)
            == Some(u64::from(MessageReferenceType::Forward.value()));
        match self.messages.get(&ref_channel).and_then(|m| m.get(&ref_id)) {
            Some(m) => Ok(Reference {
                reference: json!({
                    "type": if forward {
                        MessageReferenceType::Forward
                    } else {
                        MessageReferenceType::Default
                    },
                    "message_id": id_str(ref_id),
                    "channel_id": id_str(ref_channel),
                    "guild_id": guild_id.map(id_str),
                }),
                referenced: if forward {
                    Value::Null
                } else {
                    self.message_value(m)
                },
                reply: !forward,
                snapshot: if forward {
                    snapshot_of(&m.value)
                } else {
                    Value::Null
                },
            }),
            None if r.get("fail_if_not_exists") == Some(&Value::Bool(false)) => {
                Ok(Reference::default())
            }
            None => Err(ApiError::form(
                "message_reference",
                "MESSAGE_REFERENCE_UNKNOWN_MESSAGE",
                "Unknown message",
            )),
        }
    }

    /// The author object and origin fields of a message sent by `author`.
    fn sender(&self, author: &Author) -> Result<Sender, ApiError> {
        let bot = self.bot_id;
        let bot_user = || self.users.get(&bot).cloned().unwrap_or(Value::Null);
        let plain = |author| Sender {
            author,
            webhook_id: None,
            application_id: None,
            interaction_metadata: None,
            response_type: None,
        };
        Ok(match author {
            Author::Bot => plain(bot_user()),
            Author::User(user) => plain(self.users.get(user).cloned().ok_or_else(unknown_user)?),
            Author::Webhook {
                id: wid, username, ..
            } => {
                let hook = self.webhooks.get(wid).ok_or_else(unknown_webhook)?;
                let name = username
                    .clone()
                    .or_else(|| hook["name"].as_str().map(str::to_owned))
                    .unwrap_or_default();
                let mut u = user_object(*wid, &name, None, hook["avatar"].as_str(), true);
                u["discriminator"] = json!("0000");
                Sender {
                    webhook_id: Some(*wid),
                    ..plain(u)
                }
            }
            Author::Interaction { id: iid, original } => {
                let i = self.interactions.get(iid).ok_or_else(unknown_interaction)?;
                let app = self.application.id.get();
                let response_type = original.then(|| {
                    if i.value["type"] == json!(InteractionType::ApplicationCommand) {
                        MessageType::ChatInputCommand
                    } else {
                        MessageType::Default
                    }
                });
                let user = i.value["member"]["user"].clone();
                let user = if user.is_null() {
                    i.value["user"].clone()
                } else {
                    user
                };
                Sender {
                    author: bot_user(),
                    webhook_id: Some(app),
                    application_id: Some(app),
                    interaction_metadata: Some(json!({
                        "id": id_str(*iid),
                        "type": i.value["type"],
                        "user": user,
                        "authorizing_integration_owners": i.value["authorizing_integration_owners"],
                    })),
                    response_type,
                }
            }
        })
    }

    /// Stores a new message, counts it in its thread and as the channel's
    /// last message, and returns it as the API shows it.
    fn store_message(
        &mut self,
        channel_id: u64,
        kind: ChannelType,
        id: u64,
        mut message: Value,
    ) -> Value {
        if kind.is_thread()
            && let Some(c) = self.channels.get_mut(&channel_id)
        {
            let n = c["message_count"].as_u64().unwrap_or(0) + 1;
            c["message_count"] = json!(n);
            c["total_message_sent"] = json!(c["total_message_sent"].as_u64().unwrap_or(0) + 1);
            message["position"] = json!(n - 1);
        }
        if let Some(c) = self.channels.get_mut(&channel_id)
            && c.get("last_message_id").is_some()
        {
            c["last_message_id"] = id_str(id);
        }
        self.messages.entry(channel_id).or_default().insert(
            id,
            Message {
                value: message.clone(),
                reactions: Vec::new(),
                pinned_at: None,
            },
        );
        self.message_value_by_id(channel_id, id).unwrap_or(message)
    }
}
