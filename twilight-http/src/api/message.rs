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
    api::builder::{BodyMode, Nullable, Parts},
    multipart::Attachment,
    routing::Route,
    validate,
};
use serde::Serialize;
use std::{future::IntoFuture, marker::PhantomData};
use twilight_model::{
    id::{
        Id,
        marker::{AttachmentMarker, ChannelMarker, MessageMarker, StickerMarker, WebhookMarker},
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
            finish(self.client, &mut self.parts, &mut self.body);
            self.parts
                .into_typed_request(&self.route, BodyMode::JsonFiles, &self.body)
        }
    };
    (@new) => {
        /// Sends the message as text-to-speech.
        pub fn tts(mut self, tts: bool) -> Self {
            self.body.tts = Some(tts);
            self
        }

        /// Attaches a poll.
        pub fn poll(mut self, poll: &PollCreateRequest) -> Self {
            self.body.poll = Some(poll.clone());
            self
        }
    };
    (@edit) => {
        /// Removes the content.
        pub fn clear_content(mut self) -> Self {
            self.body.content = Some(Nullable::Null);
            self
        }
    };
    (@webhook) => {
        /// Sends (or edits) the message in a thread of the webhook's
        /// channel.
        pub fn thread_id(mut self, thread_id: Id<ChannelMarker>) -> Self {
            self.parts.query("thread_id", &thread_id.get().to_string());
            self
        }

        /// Sends components with a webhook not owned by an application
        /// (`with_components` query parameter).
        pub fn with_components(mut self, with: bool) -> Self {
            self.parts.query("with_components", &with.to_string());
            self
        }
    };
    (@every) => {
        /// Sets the content (at most 2000 characters).
        pub fn content(mut self, content: impl Into<String>) -> Self {
            let content = content.into();
            self.parts.check(validate::message_content(&content));
            self.body.content = Some(Nullable::Value(content));
            self
        }

        /// Sets the embeds (at most 10, within their field limits and
        /// 6000 characters in total).
        pub fn embeds(mut self, embeds: &[Embed]) -> Self {
            self.parts.check(validate::embeds(embeds));
            self.body.embeds = Some(embeds.to_vec());
            self
        }

        /// Sets the components (at most 5 action rows, or 40 components
        /// with the `IS_COMPONENTS_V2` flag, nested ones included).
        pub fn components(mut self, components: &[Component]) -> Self {
            self.body.components = Some(components.to_vec());
            self
        }

        /// Sets which mentions ping; `None` sends no allowed mentions, so
        /// neither the client's default nor anything else applies and
        /// Discord's default (everything in the content pings) is used.
        pub fn allowed_mentions(mut self, allowed_mentions: Option<&AllowedMentions>) -> Self {
            self.body.allowed_mentions = Mentions::Set(allowed_mentions.cloned());
            self
        }

        /// Sets the message flags.
        pub fn flags(mut self, flags: MessageFlags) -> Self {
            self.body.flags = Some(flags);
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

/// The JSON body of every message builder; what a builder kind has no
/// setter for stays `None` and is left out.
#[derive(Debug, Default, Serialize)]
struct MessageBody {
    #[serde(skip_serializing_if = "Option::is_none")]
    content: Option<Nullable<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    embeds: Option<Vec<Embed>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    components: Option<Vec<Component>>,
    #[serde(skip_serializing_if = "Mentions::is_absent")]
    allowed_mentions: Mentions,
    #[serde(skip_serializing_if = "Option::is_none")]
    flags: Option<MessageFlags>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tts: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    poll: Option<PollCreateRequest>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message_reference: Option<MessageReference>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sticker_ids: Option<Vec<Id<StickerMarker>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    nonce: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    enforce_nonce: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    attachments: Option<Vec<KeptAttachment>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    thread_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    username: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    avatar_url: Option<String>,
}

/// A message's allowed mentions: not set (the client's default applies),
/// or set by the caller, to some or to none at all (nothing is sent).
#[derive(Debug, Default)]
enum Mentions {
    #[default]
    Unset,
    Set(Option<AllowedMentions>),
}

impl Mentions {
    fn is_absent(&self) -> bool {
        !matches!(self, Self::Set(Some(_)))
    }
}

impl Serialize for Mentions {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Set(Some(mentions)) => mentions.serialize(serializer),
            _ => serializer.serialize_none(),
        }
    }
}

/// An existing attachment an edit keeps.
#[derive(Clone, Copy, Debug, Serialize)]
struct KeptAttachment {
    id: Id<AttachmentMarker>,
}

/// Checks what only the whole message tells (component limits depend on
/// the flags) and applies the client's default allowed mentions.
fn finish(client: &Client, parts: &mut Parts, body: &mut MessageBody) {
    let v2 = body
        .flags
        .is_some_and(|flags| flags.contains(MessageFlags::IS_COMPONENTS_V2));
    if let Some(components) = &body.components {
        parts.check(validate::components(components, v2));
    }
    parts.check(validate::count(
        "attachments",
        parts.file_count(),
        None,
        Some(validate::ATTACHMENT_COUNT),
    ));
    if matches!(body.allowed_mentions, Mentions::Unset) {
        body.allowed_mentions = Mentions::Set(client.default_allowed_mentions().cloned());
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
    body: MessageBody,
}

impl Client {
    /// Sends a message to a channel.
    pub fn create_message(&self, channel_id: Id<ChannelMarker>) -> CreateMessage<'_> {
        CreateMessage {
            client: self,
            route: Route::CreateMessage { channel_id },
            parts: Parts::default(),
            body: MessageBody::default(),
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
            body: MessageBody::default(),
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
            body: MessageBody::default(),
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
        self.body.message_reference = Some(*reference);
        self
    }

    /// Whether a reply fails when the replied-to message is gone (default
    /// true). Only meaningful with [`reply`](Self::reply).
    pub fn fail_if_not_exists(mut self, fail: bool) -> Self {
        if let Some(reference) = &mut self.body.message_reference {
            reference.fail_if_not_exists = Some(fail);
        }
        self
    }

    /// Sets stickers to send (at most 3).
    pub fn sticker_ids(mut self, sticker_ids: &[Id<StickerMarker>]) -> Self {
        self.parts.check(validate::sticker_ids(sticker_ids.len()));
        self.body.sticker_ids = Some(sticker_ids.to_vec());
        self
    }

    /// Sets a nonce; with `enforce`, Discord drops a second message with
    /// the same nonce sent within a few minutes.
    pub fn nonce(mut self, nonce: u64, enforce: bool) -> Self {
        self.body.nonce = Some(nonce.to_string());
        self.body.enforce_nonce = Some(enforce);
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
    body: MessageBody,
}

impl UpdateMessage<'_> {
    message_setters!(edit);

    /// Keeps only these of the message's existing attachments; files added
    /// with [`attachment`](Self::attachment) are added beside them.
    pub fn keep_attachment_ids(mut self, ids: &[Id<AttachmentMarker>]) -> Self {
        self.body.attachments = Some(ids.iter().map(|&id| KeptAttachment { id }).collect());
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
/// ```compile_fail,E0308
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
    body: MessageBody,
    answer: PhantomData<fn() -> R>,
}

impl<'a> ExecuteWebhook<'a, Message> {
    /// The builder for an interaction followup (`wait` is always set).
    pub(crate) fn followup(client: &'a Client, route: Route) -> Self {
        let mut parts = Parts::default();
        parts.query("wait", "true");
        Self {
            client,
            route,
            parts,
            body: MessageBody::default(),
            answer: PhantomData,
        }
    }
}

impl<'a> ExecuteWebhook<'a> {
    /// Waits for the message to be created and returns it.
    pub fn wait(mut self) -> ExecuteWebhook<'a, Message> {
        self.parts.query("wait", "true");
        ExecuteWebhook {
            client: self.client,
            route: self.route,
            parts: self.parts,
            body: self.body,
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
        self.body.thread_name = Some(name);
        self
    }

    /// Overrides the webhook's name for this message (1 to 80 characters,
    /// without "clyde" or "discord").
    pub fn username(mut self, username: impl Into<String>) -> Self {
        let username = username.into();
        self.parts.check(validate::webhook_name(&username));
        self.body.username = Some(username);
        self
    }

    /// Overrides the webhook's avatar for this message.
    pub fn avatar_url(mut self, url: impl Into<String>) -> Self {
        self.body.avatar_url = Some(url.into());
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
    body: MessageBody,
}

impl<'a> UpdateWebhookMessage<'a> {
    /// The builder for a route of the interaction client.
    pub(crate) fn new(client: &'a Client, route: Route) -> Self {
        Self {
            client,
            route,
            parts: Parts::default(),
            body: MessageBody::default(),
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
