//! Hand-written builders for messages: create and update a channel
//! message, execute a webhook, and update a webhook (or interaction)
//! message.
//!
//! They check content, embeds, components, stickers and attachments
//! against Discord's limits before sending, apply the client's default
//! allowed mentions when none are set, and send files as a
//! `multipart/form-data` body of `payload_json` and `files[n]`.

use crate::marker::EmptyBody;
use crate::{
    Client, Error, Request, Response, ResponseFuture,
    api::builder::{BodyMode, Parts},
    multipart::Attachment,
    routing::Route,
    validate,
};
use serde_json::Value;
use std::{future::IntoFuture, marker::PhantomData};
use twilight_model::{
    id::{
        Id,
        marker::{ChannelMarker, GenericMarker, MessageMarker, StickerMarker, WebhookMarker},
    },
    message::{
        AllowedMentions, Message, MessageFlags, MessageReference, MessageReferenceType,
        component::Component, embed::Embed,
    },
    poll::PollCreateRequest,
};

/// The setters of a message builder: those every message builder has, and
/// those of its kinds (`new`: creates a message; `edit`: edits one;
/// `webhook`: goes through a webhook).
macro_rules! message_setters {
    ($($kind:ident),*) => {
        message_setters!(@every);
        $(message_setters!(@$kind);)*
        message_setters!(@request);
    };
    (@request) => {
        /// The request this builder sends, without sending it.
        ///
        /// # Errors
        ///
        /// [`ErrorKind::Validation`](crate::ErrorKind::Validation) for a broken
        /// limit.
        pub fn try_into_request(mut self) -> Result<Request, Error> {
            finish(self.client, &mut self.parts);
            self.parts
                .into_request(&self.route, BodyMode::JsonFiles, &[])
        }
    };
    (@new) => {
        /// Sends the message as text-to-speech.
        pub fn tts(mut self, tts: bool) -> Self {
            self.parts.field("tts", Value::Bool(tts));
            self
        }

        /// Attaches a poll.
        pub fn poll(mut self, poll: &PollCreateRequest) -> Self {
            if let Some(value) = self.parts.serialize(poll) {
                self.parts.field("poll", value);
            }
            self
        }
    };
    (@edit) => {
        /// Removes the content.
        pub fn clear_content(mut self) -> Self {
            self.parts.field("content", Value::Null);
            self
        }
    };
    (@webhook) => {
        /// Sends (or edits) the message in a thread of the webhook's
        /// channel.
        pub fn thread_id(mut self, thread_id: Id<ChannelMarker>) -> Self {
            self.parts.query("thread_id", thread_id.get().to_string());
            self
        }

        /// Sends components with a webhook not owned by an application
        /// (`with_components` query parameter).
        pub fn with_components(mut self, with: bool) -> Self {
            self.parts.query("with_components", with.to_string());
            self
        }
    };
    (@every) => {
        /// Sets the content (at most 2000 characters).
        pub fn content(mut self, content: impl Into<String>) -> Self {
            let content = content.into();
            self.parts.check(validate::message_content(&content));
            self.parts.field("content", Value::String(content));
            self
        }

        /// Sets the embeds (at most 10, within their field limits and
        /// 6000 characters in total).
        pub fn embeds(mut self, embeds: &[Embed]) -> Self {
            self.parts.check(validate::embeds(embeds));
            if let Some(value) = self.parts.serialize(embeds) {
                self.parts.field("embeds", value);
            }
            self
        }

        /// Sets the components (at most 5 action rows, or 40 components
        /// with the `IS_COMPONENTS_V2` flag, nested ones included).
        pub fn components(mut self, components: &[Component]) -> Self {
            self.parts.components = (components.len(), validate::component_count(components));
            if let Some(value) = self.parts.serialize(components) {
                self.parts.field("components", value);
            }
            self
        }

        /// Sets which mentions ping; `None` sends no allowed mentions, so
        /// neither the client's default nor anything else applies and
        /// Discord's default (everything in the content pings) is used.
        pub fn allowed_mentions(mut self, allowed_mentions: Option<&AllowedMentions>) -> Self {
            match allowed_mentions {
                Some(mentions) => {
                    if let Some(value) = self.parts.serialize(mentions) {
                        self.parts.field("allowed_mentions", value);
                    }
                }
                None => self.parts.field("allowed_mentions", Value::Null),
            }
            self
        }

        /// Sets the message flags.
        pub fn flags(mut self, flags: MessageFlags) -> Self {
            if let Some(value) = self.parts.serialize(&flags) {
                self.parts.field("flags", value);
            }
            self
        }

        /// Adds a file (at most 10 per message), sent as `files[n]`; its
        /// `attachments` entry is added to the payload.
        pub fn attachment(mut self, attachment: Attachment) -> Self {
            self.parts.attachment(attachment);
            self
        }

        /// Adds files, as [`attachment`](Self::attachment) does.
        pub fn attachments(mut self, attachments: impl IntoIterator<Item = Attachment>) -> Self {
            for attachment in attachments {
                self.parts.attachment(attachment);
            }
            self
        }
    };
}

/// Checks what only the whole message tells (component limits depend on
/// the flags) and applies the client's default allowed mentions.
fn finish(client: &Client, parts: &mut Parts) {
    let v2 = parts
        .get("flags")
        .and_then(Value::as_u64)
        .is_some_and(|flags| flags & MessageFlags::IS_COMPONENTS_V2.bits() != 0);
    // The flags may be set after the components: checked here.
    let (rows, total) = parts.components;
    let (components, limit) = if v2 {
        (total, validate::COMPONENT_TOTAL)
    } else {
        (rows, validate::COMPONENT_ROWS)
    };
    parts.check(validate::count("components", components, None, Some(limit)));
    parts.check(validate::count(
        "attachments",
        parts.file_count(),
        None,
        Some(validate::ATTACHMENT_COUNT),
    ));
    match parts.get("allowed_mentions") {
        // Set explicitly to `None`: send nothing.
        Some(Value::Null) => parts.remove("allowed_mentions"),
        Some(_) => {}
        None => {
            if let Some(mentions) = client.default_allowed_mentions()
                && let Some(value) = parts.serialize(mentions)
            {
                parts.field("allowed_mentions", value);
            }
        }
    }
}

/// Sends a message builder's request, or fails at once with its error.
fn send<T>(client: &Client, request: Result<Request, Error>) -> ResponseFuture<T> {
    match request {
        Ok(request) => client.request(request),
        Err(error) => ResponseFuture::error(error),
    }
}

/// Sends a message to a channel: `POST /channels/{channel_id}/messages`.
///
/// ```no_run
/// # async fn run(client: twilight_http::Client) -> Result<(), twilight_http::Error> {
/// use twilight_http::multipart::Attachment;
/// use twilight_model::id::Id;
///
/// let message = client
///     .create_message(Id::new(1))
///     .content("the logs")
///     .attachment(Attachment::from_bytes("log.txt", b"all quiet".to_vec()))
///     .await?
///     .model()
///     .await?;
/// # Ok(()) }
/// ```
#[must_use = "a request is sent only when awaited"]
#[derive(Debug)]
pub struct CreateMessage<'a> {
    client: &'a Client,
    route: Route,
    parts: Parts,
}

impl Client {
    /// Sends a message to a channel.
    pub fn create_message(&self, channel_id: Id<ChannelMarker>) -> CreateMessage<'_> {
        CreateMessage {
            client: self,
            route: Route::CreateMessage { channel_id },
            parts: Parts::default(),
        }
    }

    /// Edits a message the bot sent (or only its flags, for others').
    pub fn update_message(
        &self,
        channel_id: Id<ChannelMarker>,
        message_id: Id<MessageMarker>,
    ) -> UpdateMessage<'_> {
        UpdateMessage {
            client: self,
            route: Route::UpdateMessage {
                channel_id,
                message_id,
            },
            parts: Parts::default(),
        }
    }

    /// Executes a webhook: sends a message as the webhook.
    pub fn execute_webhook(
        &self,
        webhook_id: Id<WebhookMarker>,
        token: &str,
    ) -> ExecuteWebhook<'_> {
        ExecuteWebhook {
            client: self,
            route: Route::ExecuteWebhook {
                webhook_id,
                webhook_token: token.to_owned(),
            },
            parts: Parts::default(),
            answer: PhantomData,
        }
    }

    /// Edits a message a webhook sent.
    pub fn update_webhook_message(
        &self,
        webhook_id: Id<WebhookMarker>,
        token: &str,
        message_id: Id<MessageMarker>,
    ) -> UpdateWebhookMessage<'_> {
        UpdateWebhookMessage::new(
            self,
            Route::UpdateWebhookMessage {
                webhook_id,
                webhook_token: token.to_owned(),
                message_id,
            },
        )
    }

    /// Edits the original response to an interaction (the webhook id is
    /// the application id, the token the interaction token).
    pub fn update_original_webhook_message(
        &self,
        webhook_id: Id<WebhookMarker>,
        token: &str,
    ) -> UpdateWebhookMessage<'_> {
        UpdateWebhookMessage::new(
            self,
            Route::UpdateOriginalWebhookMessage {
                webhook_id,
                webhook_token: token.to_owned(),
            },
        )
    }
}

impl CreateMessage<'_> {
    message_setters!(new);

    /// Replies to a message (in the same channel).
    pub fn reply(self, message_id: Id<MessageMarker>) -> Self {
        self.message_reference(&MessageReference {
            kind: Some(MessageReferenceType::Default),
            message_id: Some(message_id),
            ..MessageReference::default()
        })
    }

    /// Forwards a message (of any channel the bot can read): the new
    /// message carries a snapshot of it (`message_snapshots`).
    pub fn forward(self, channel_id: Id<ChannelMarker>, message_id: Id<MessageMarker>) -> Self {
        self.message_reference(&MessageReference {
            kind: Some(MessageReferenceType::Forward),
            message_id: Some(message_id),
            channel_id: Some(channel_id),
            ..MessageReference::default()
        })
    }

    /// Sets the message reference as given, of any kind (a reply to a
    /// message of another channel, a forward with its guild, ...).
    pub fn message_reference(mut self, reference: &MessageReference) -> Self {
        if let Some(value) = self.parts.serialize(reference) {
            self.parts.field("message_reference", value);
        }
        self
    }

    /// Whether a reply fails when the replied-to message is gone (default
    /// true). Only meaningful with [`reply`](Self::reply).
    pub fn fail_if_not_exists(mut self, fail: bool) -> Self {
        if let Some(Value::Object(reference)) = self.parts.get_mut("message_reference") {
            reference.insert("fail_if_not_exists".to_owned(), Value::Bool(fail));
        }
        self
    }

    /// Sets stickers to send (at most 3).
    pub fn sticker_ids(mut self, sticker_ids: &[Id<StickerMarker>]) -> Self {
        self.parts.check(validate::sticker_ids(sticker_ids.len()));
        if let Some(value) = self.parts.serialize(sticker_ids) {
            self.parts.field("sticker_ids", value);
        }
        self
    }

    /// Sets a nonce; with `enforce`, Discord drops a second message with
    /// the same nonce sent within a few minutes.
    pub fn nonce(mut self, nonce: u64, enforce: bool) -> Self {
        self.parts.field("nonce", Value::String(nonce.to_string()));
        self.parts.field("enforce_nonce", Value::Bool(enforce));
        self
    }
}

/// Edits a message: `PATCH /channels/{channel_id}/messages/{message_id}`.
#[must_use = "a request is sent only when awaited"]
#[derive(Debug)]
pub struct UpdateMessage<'a> {
    client: &'a Client,
    route: Route,
    parts: Parts,
}

impl UpdateMessage<'_> {
    message_setters!(edit);

    /// Keeps only these of the message's existing attachments; files added
    /// with [`attachment`](Self::attachment) are added beside them.
    pub fn keep_attachment_ids(mut self, ids: &[Id<GenericMarker>]) -> Self {
        let list = ids
            .iter()
            .map(|id| serde_json::json!({ "id": id.get().to_string() }))
            .collect();
        self.parts.field("attachments", Value::Array(list));
        self
    }
}

/// Executes a webhook: `POST /webhooks/{webhook_id}/{webhook_token}`.
///
/// Discord answers with the message only when [`wait`](Self::wait) is set;
/// otherwise the response is empty (`204`). The type says which: this
/// builder resolves to [`EmptyBody`] until `wait` makes it an
/// `ExecuteWebhook<'_, Message>`, resolving to the [`Message`].
///
/// ```no_run
/// # async fn run(client: twilight_http::Client) -> Result<(), twilight_http::Error> {
/// use twilight_model::{id::Id, message::Message};
///
/// let message: Message = client.execute_webhook(Id::new(1), "token").wait().content("hi").await?.model().await?;
/// # Ok(()) }
/// ```
///
/// ```compile_fail
/// # async fn run(client: twilight_http::Client) -> Result<(), twilight_http::Error> {
/// use twilight_model::{id::Id, message::Message};
///
/// // Without `wait` there is no message to read.
/// let message: Message = client.execute_webhook(Id::new(1), "token").content("hi").await?.model().await?;
/// # Ok(()) }
/// ```
#[must_use = "a request is sent only when awaited"]
#[derive(Debug)]
pub struct ExecuteWebhook<'a, R = EmptyBody> {
    client: &'a Client,
    route: Route,
    parts: Parts,
    answer: PhantomData<fn() -> R>,
}

impl<'a> ExecuteWebhook<'a, Message> {
    /// The builder for an interaction followup (`wait` is always set).
    pub(crate) fn followup(client: &'a Client, route: Route) -> Self {
        let mut parts = Parts::default();
        parts.query("wait", "true".to_owned());
        Self {
            client,
            route,
            parts,
            answer: PhantomData,
        }
    }
}

impl<'a> ExecuteWebhook<'a> {
    /// Waits for the message to be created and returns it.
    pub fn wait(mut self) -> ExecuteWebhook<'a, Message> {
        self.parts.query("wait", "true".to_owned());
        ExecuteWebhook {
            client: self.client,
            route: self.route,
            parts: self.parts,
            answer: PhantomData,
        }
    }
}

impl<R> ExecuteWebhook<'_, R> {
    message_setters!(new, webhook);

    /// Creates a forum or media channel post with this name.
    pub fn thread_name(mut self, name: impl Into<String>) -> Self {
        let name = name.into();
        self.parts.check(validate::channel_name(&name));
        self.parts.field("thread_name", Value::String(name));
        self
    }

    /// Overrides the webhook's name for this message (1 to 80 characters,
    /// without "clyde" or "discord").
    pub fn username(mut self, username: impl Into<String>) -> Self {
        let username = username.into();
        self.parts.check(validate::webhook_name(&username));
        self.parts.field("username", Value::String(username));
        self
    }

    /// Overrides the webhook's avatar for this message.
    pub fn avatar_url(mut self, url: impl Into<String>) -> Self {
        self.parts.field("avatar_url", Value::String(url.into()));
        self
    }
}

/// Edits a message sent by a webhook or an interaction response:
/// `PATCH /webhooks/{webhook_id}/{webhook_token}/messages/{message_id}` or
/// `.../messages/@original`.
#[must_use = "a request is sent only when awaited"]
#[derive(Debug)]
pub struct UpdateWebhookMessage<'a> {
    client: &'a Client,
    route: Route,
    parts: Parts,
}

impl<'a> UpdateWebhookMessage<'a> {
    /// The builder for a route of the interaction client.
    pub(crate) fn new(client: &'a Client, route: Route) -> Self {
        Self {
            client,
            route,
            parts: Parts::default(),
        }
    }

    message_setters!(edit, webhook);
}

/// `IntoFuture` for the message builders, resolving to a [`Message`].
macro_rules! into_message_future {
    ($($builder:ident),*) => {$(
        impl IntoFuture for $builder<'_> {
            type Output = Result<Response<Message>, Error>;
            type IntoFuture = ResponseFuture<Message>;

            fn into_future(self) -> Self::IntoFuture {
                let client = self.client;
                send(client, self.try_into_request())
            }
        }
    )*};
}

into_message_future!(CreateMessage, UpdateMessage, UpdateWebhookMessage);

impl<R> IntoFuture for ExecuteWebhook<'_, R> {
    type Output = Result<Response<R>, Error>;
    type IntoFuture = ResponseFuture<R>;

    fn into_future(self) -> Self::IntoFuture {
        let client = self.client;
        send(client, self.try_into_request())
    }
}

#[cfg(test)]
mod tests {
    use crate::{Body, Client, multipart::Attachment};
    use serde_json::{Value, json};
    use twilight_model::id::Id;

    /// The `payload_json` part of a multipart body.
    fn payload(body: Option<&Body>) -> Value {
        let Some(Body::Multipart { bytes, .. }) = body else {
            panic!("files make a form");
        };
        let text = String::from_utf8_lossy(bytes);
        let head = "name=\"payload_json\"\r\nContent-Type: application/json\r\n\r\n";
        let start = text.find(head).expect("a payload_json part") + head.len();
        let end = start + text[start..].find("\r\n--").expect("the part's end");
        serde_json::from_str(&text[start..end]).unwrap()
    }

    #[test]
    fn kept_attachments_and_new_files_are_both_listed() {
        let client = Client::new("bot-token");
        let request = client
            .update_message(Id::new(1), Id::new(2))
            .keep_attachment_ids(&[Id::new(900), Id::new(901)])
            .attachment(Attachment::from_bytes("new.txt", b"abc".to_vec()))
            .try_into_request()
            .unwrap();
        assert_eq!(
            payload(request.body_ref())["attachments"],
            json!([{ "id": "900" }, { "id": "901" }, { "id": 0, "filename": "new.txt" }])
        );
    }

    #[test]
    fn new_files_alone_are_listed() {
        let client = Client::new("bot-token");
        let request = client
            .update_message(Id::new(1), Id::new(2))
            .attachment(Attachment::from_bytes("new.txt", b"abc".to_vec()))
            .try_into_request()
            .unwrap();
        assert_eq!(
            payload(request.body_ref())["attachments"],
            json!([{ "id": 0, "filename": "new.txt" }])
        );
    }

    fn json_body(body: Option<&Body>) -> Value {
        let Some(Body::Json(bytes)) = body else {
            panic!("not JSON");
        };
        serde_json::from_slice(bytes).unwrap()
    }

    #[test]
    fn forward_and_reply_references() {
        let client = Client::new("bot-token");
        let forward = client
            .create_message(Id::new(1))
            .forward(Id::new(5), Id::new(6))
            .try_into_request()
            .unwrap();
        assert_eq!(
            json_body(forward.body_ref())["message_reference"],
            json!({ "type": 1, "channel_id": "5", "message_id": "6" })
        );
        let reply = client
            .create_message(Id::new(1))
            .content("yes")
            .reply(Id::new(6))
            .fail_if_not_exists(false)
            .try_into_request()
            .unwrap();
        assert_eq!(
            json_body(reply.body_ref())["message_reference"],
            json!({ "type": 0, "message_id": "6", "fail_if_not_exists": false })
        );
    }
}
