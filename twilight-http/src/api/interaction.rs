//! The interaction client: application commands, interaction responses and
//! followup messages of one application.
//!
//! ```no_run
//! # async fn run(client: twilight_http::Client) -> Result<(), twilight_http::Error> {
//! use twilight_model::id::Id;
//!
//! let interaction = client.interaction(Id::new(1));
//! let command = interaction
//!     .create_global_command("ping", "Replies with pong")
//!     .await?
//!     .model()
//!     .await?;
//! println!("registered /{}", command.name);
//! # Ok(()) }
//! ```

use super::{
    body::NewCommand,
    builder::{BodyMode, Parts},
    message::{ExecuteWebhook, UpdateWebhookMessage},
    operations::{
        BulkSetApplicationCommands, BulkSetGuildApplicationCommands, CreateApplicationCommand,
        CreateGuildApplicationCommand, DeleteApplicationCommand, DeleteGuildApplicationCommand,
        DeleteOriginalWebhookMessage, DeleteWebhookMessage, GetApplicationCommand,
        GetGuildApplicationCommand, GetGuildApplicationCommandPermissions,
        GetOriginalWebhookMessage, GetWebhookMessage, ListApplicationCommands,
        ListGuildApplicationCommandPermissions, ListGuildApplicationCommands,
        SetGuildApplicationCommandPermissions, UpdateApplicationCommand,
        UpdateGuildApplicationCommand,
    },
};
use crate::{
    Client, Error, Request, Response, ResponseFuture, marker::EmptyBody, multipart::Attachment,
    routing::Route, validate,
};
use std::{future::IntoFuture, marker::PhantomData};
use twilight_model::{
    application::command::CommandPermission,
    id::{
        Id,
        marker::{ApplicationMarker, CommandMarker, GuildMarker, InteractionMarker, MessageMarker},
    },
    interaction::{InteractionCallbackResponse, InteractionResponse},
    message::{Message, MessageFlags},
};

/// Commands, responses and followups of one application; from
/// [`Client::interaction`].
#[derive(Clone, Copy, Debug)]
pub struct InteractionClient<'a> {
    client: &'a Client,
    application_id: Id<ApplicationMarker>,
}

impl Client {
    /// Responds to an interaction (within 3 seconds of receiving it); the
    /// content and embeds of a message response are checked.
    pub fn create_interaction_response(
        &self,
        interaction_id: Id<InteractionMarker>,
        interaction_token: &str,
        response: &InteractionResponse,
    ) -> CreateResponse<'_> {
        let mut parts = Parts::default();
        if let Some(data) = &response.data {
            if let Some(content) = &data.content {
                parts.check(validate::message_content(content));
            }
            if let Some(embeds) = &data.embeds {
                parts.check(validate::embeds(embeds));
            }
            if let Some(components) = &data.components {
                let v2 = data
                    .flags
                    .is_some_and(|flags| flags.contains(MessageFlags::IS_COMPONENTS_V2));
                parts.check(validate::components(components, v2));
            }
        }
        let body = parts.serialize(response);
        CreateResponse {
            client: self,
            route: Route::CreateInteractionResponse {
                interaction_id,
                interaction_token: interaction_token.to_owned(),
            },
            parts,
            body,
            files: Vec::new(),
            answer: PhantomData,
        }
    }

    /// The interaction client of an application.
    #[must_use]
    pub const fn interaction(
        &self,
        application_id: Id<ApplicationMarker>,
    ) -> InteractionClient<'_> {
        InteractionClient {
            client: self,
            application_id,
        }
    }
}

impl<'a> InteractionClient<'a> {
    /// The application.
    #[must_use]
    pub const fn application_id(&self) -> Id<ApplicationMarker> {
        self.application_id
    }

    /// Responds to an interaction (within 3 seconds of receiving it).
    pub fn create_response(
        &self,
        interaction_id: Id<InteractionMarker>,
        interaction_token: &str,
        response: &InteractionResponse,
    ) -> CreateResponse<'a> {
        self.client
            .create_interaction_response(interaction_id, interaction_token, response)
    }

    /// The original response to an interaction.
    pub fn response(&self, interaction_token: &str) -> GetOriginalWebhookMessage<'a> {
        self.client
            .get_original_webhook_message(self.application_id.cast(), interaction_token)
    }

    /// Edits the original response to an interaction.
    pub fn update_response(&self, interaction_token: &str) -> UpdateWebhookMessage<'a> {
        UpdateWebhookMessage::new(
            self.client,
            Route::UpdateOriginalWebhookMessage {
                webhook_id: self.application_id.cast(),
                webhook_token: interaction_token.to_owned(),
            },
        )
    }

    /// Deletes the original response to an interaction.
    pub fn delete_response(&self, interaction_token: &str) -> DeleteOriginalWebhookMessage<'a> {
        self.client
            .delete_original_webhook_message(self.application_id.cast(), interaction_token)
    }

    /// Sends a followup message (within 15 minutes of the interaction).
    pub fn create_followup(&self, interaction_token: &str) -> ExecuteWebhook<'a, Message> {
        ExecuteWebhook::followup(
            self.client,
            Route::ExecuteWebhook {
                webhook_id: self.application_id.cast(),
                webhook_token: interaction_token.to_owned(),
            },
        )
    }

    /// A followup message.
    pub fn followup(
        &self,
        interaction_token: &str,
        message_id: Id<MessageMarker>,
    ) -> GetWebhookMessage<'a> {
        self.client
            .get_webhook_message(self.application_id.cast(), interaction_token, message_id)
    }

    /// Edits a followup message.
    pub fn update_followup(
        &self,
        interaction_token: &str,
        message_id: Id<MessageMarker>,
    ) -> UpdateWebhookMessage<'a> {
        UpdateWebhookMessage::new(
            self.client,
            Route::UpdateWebhookMessage {
                webhook_id: self.application_id.cast(),
                webhook_token: interaction_token.to_owned(),
                message_id,
            },
        )
    }

    /// Deletes a followup message.
    pub fn delete_followup(
        &self,
        interaction_token: &str,
        message_id: Id<MessageMarker>,
    ) -> DeleteWebhookMessage<'a> {
        self.client.delete_webhook_message(
            self.application_id.cast(),
            interaction_token,
            message_id,
        )
    }

    /// The application's global commands.
    pub fn global_commands(&self) -> ListApplicationCommands<'a> {
        self.client.list_application_commands(self.application_id)
    }

    /// Creates (or, with the name of an existing one, replaces) a global
    /// chat input command; the name (1 to 32 lowercase characters without
    /// spaces) and description (1 to 100 characters) are checked. Set
    /// options and more on the returned builder; for user and message
    /// commands use [`Client::create_application_command`] with `kind`.
    pub fn create_global_command(
        &self,
        name: &str,
        description: &str,
    ) -> CreateApplicationCommand<'a> {
        self.client
            .create_application_command(self.application_id, name)
            .description(description)
    }

    /// A global command.
    pub fn global_command(&self, command_id: Id<CommandMarker>) -> GetApplicationCommand<'a> {
        self.client
            .get_application_command(self.application_id, command_id)
    }

    /// Edits a global command.
    pub fn update_global_command(
        &self,
        command_id: Id<CommandMarker>,
    ) -> UpdateApplicationCommand<'a> {
        self.client
            .update_application_command(self.application_id, command_id)
    }

    /// Deletes a global command.
    pub fn delete_global_command(
        &self,
        command_id: Id<CommandMarker>,
    ) -> DeleteApplicationCommand<'a> {
        self.client
            .delete_application_command(self.application_id, command_id)
    }

    /// Replaces all global commands with `commands` (at most 130); a
    /// command with an `id` is updated, one without is created.
    pub fn set_global_commands(
        &self,
        commands: impl IntoIterator<Item = NewCommand>,
    ) -> BulkSetApplicationCommands<'a> {
        self.client
            .bulk_set_application_commands(self.application_id, commands)
    }

    /// The application's commands in a guild.
    pub fn guild_commands(&self, guild_id: Id<GuildMarker>) -> ListGuildApplicationCommands<'a> {
        self.client
            .list_guild_application_commands(self.application_id, guild_id)
    }

    /// Creates (or replaces) a guild chat input command, checked as
    /// [`create_global_command`](Self::create_global_command) is.
    pub fn create_guild_command(
        &self,
        guild_id: Id<GuildMarker>,
        name: &str,
        description: &str,
    ) -> CreateGuildApplicationCommand<'a> {
        self.client
            .create_guild_application_command(self.application_id, guild_id, name)
            .description(description)
    }

    /// A guild command.
    pub fn guild_command(
        &self,
        guild_id: Id<GuildMarker>,
        command_id: Id<CommandMarker>,
    ) -> GetGuildApplicationCommand<'a> {
        self.client
            .get_guild_application_command(self.application_id, guild_id, command_id)
    }

    /// Edits a guild command.
    pub fn update_guild_command(
        &self,
        guild_id: Id<GuildMarker>,
        command_id: Id<CommandMarker>,
    ) -> UpdateGuildApplicationCommand<'a> {
        self.client
            .update_guild_application_command(self.application_id, guild_id, command_id)
    }

    /// Deletes a guild command.
    pub fn delete_guild_command(
        &self,
        guild_id: Id<GuildMarker>,
        command_id: Id<CommandMarker>,
    ) -> DeleteGuildApplicationCommand<'a> {
        self.client
            .delete_guild_application_command(self.application_id, guild_id, command_id)
    }

    /// Replaces all of the application's commands in a guild.
    pub fn set_guild_commands(
        &self,
        guild_id: Id<GuildMarker>,
        commands: impl IntoIterator<Item = NewCommand>,
    ) -> BulkSetGuildApplicationCommands<'a> {
        self.client
            .bulk_set_guild_application_commands(self.application_id, guild_id, commands)
    }

    /// The permissions of every command in a guild.
    pub fn guild_command_permissions(
        &self,
        guild_id: Id<GuildMarker>,
    ) -> ListGuildApplicationCommandPermissions<'a> {
        self.client
            .list_guild_application_command_permissions(self.application_id, guild_id)
    }

    /// The permissions of one command in a guild.
    pub fn command_permissions(
        &self,
        guild_id: Id<GuildMarker>,
        command_id: Id<CommandMarker>,
    ) -> GetGuildApplicationCommandPermissions<'a> {
        self.client.get_guild_application_command_permissions(
            self.application_id,
            guild_id,
            command_id,
        )
    }

    /// Sets the permissions of a command in a guild (needs a Bearer token
    /// with `applications.commands.permissions.update`).
    pub fn set_command_permissions(
        &self,
        guild_id: Id<GuildMarker>,
        command_id: Id<CommandMarker>,
        permissions: impl IntoIterator<Item = CommandPermission>,
    ) -> SetGuildApplicationCommandPermissions<'a> {
        self.client
            .set_guild_application_command_permissions(self.application_id, guild_id, command_id)
            .permissions(permissions)
    }
}

/// Responds to an interaction:
/// `POST /interactions/{interaction_id}/{interaction_token}/callback`.
///
/// Sent without the bot token and exempt from the global ratelimit. The
/// response is empty (`204`, [`EmptyBody`]) unless
/// [`with_response`](CreateResponse::with_response) is set, which makes the
/// builder a `CreateResponse<'_, InteractionCallbackResponse>`.
///
/// ```no_run
/// # async fn run(client: twilight_http::Client, response: twilight_model::interaction::InteractionResponse) -> Result<(), twilight_http::Error> {
/// use twilight_model::{id::Id, interaction::InteractionCallbackResponse};
///
/// let callback: InteractionCallbackResponse = client
///     .create_interaction_response(Id::new(1), "token", &response)
///     .with_response()
///     .await?
///     .model()
///     .await?;
/// # Ok(()) }
/// ```
///
/// ```compile_fail,E0308
/// # async fn run(client: twilight_http::Client, response: twilight_model::interaction::InteractionResponse) -> Result<(), twilight_http::Error> {
/// use twilight_model::{id::Id, interaction::InteractionCallbackResponse};
///
/// // Without `with_response` Discord answers 204: there is no callback to read.
/// let callback: InteractionCallbackResponse = client
///     .create_interaction_response(Id::new(1), "token", &response)
///     .await?
///     .model()
///     .await?;
/// # Ok(()) }
/// ```
#[must_use = "a request is sent only when awaited"]
#[derive(Debug)]
pub struct CreateResponse<'a, R = EmptyBody> {
    client: &'a Client,
    route: Route,
    parts: Parts,
    body: Option<serde_json::Value>,
    files: Vec<(String, Attachment)>,
    answer: PhantomData<fn() -> R>,
}

impl<'a> CreateResponse<'a> {
    /// Asks Discord for the created resource: the builder then resolves to
    /// an [`InteractionCallbackResponse`] instead of an empty `204`.
    pub fn with_response(mut self) -> CreateResponse<'a, InteractionCallbackResponse> {
        self.parts.query("with_response", "true");
        CreateResponse {
            client: self.client,
            route: self.route,
            parts: self.parts,
            body: self.body,
            files: self.files,
            answer: PhantomData,
        }
    }
}

impl<R> CreateResponse<'_, R> {
    /// Adds a file for the response message, sent as `files[n]`.
    pub fn attachment(mut self, attachment: Attachment) -> Self {
        let name = format!("files[{}]", self.files.len());
        self.files.push((name, attachment));
        self
    }

    /// The request this builder sends, without sending it.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Validation`](crate::ErrorKind::Validation) for a broken
    /// limit.
    pub fn try_into_request(self) -> Result<Request, Error> {
        let request = self.parts.into_request(&self.route, BodyMode::None)?;
        let Some(body) = self.body else {
            return Ok(request);
        };
        if self.files.is_empty() {
            return Ok(request.body(super::builder::json(&body)?));
        }
        // The files' `attachments` entries belong in `data`, where Discord
        // looks for them in a callback.
        let serde_json::Value::Object(mut fields) = body else {
            return Ok(request.body(super::builder::json(&body)?));
        };
        if let Some(serde_json::Value::Object(data)) = fields.get_mut("data")
            && !data.contains_key("attachments")
        {
            data.insert(
                "attachments".to_owned(),
                serde_json::Value::Array(super::builder::attachment_list(&self.files)),
            );
        }
        let body = super::builder::payload_form(&fields, self.files)?;
        Ok(request.body(body))
    }
}

impl<R> IntoFuture for CreateResponse<'_, R> {
    type Output = Result<Response<R>, Error>;
    type IntoFuture = ResponseFuture<R>;

    fn into_future(self) -> Self::IntoFuture {
        let client = self.client;
        match self.try_into_request() {
            Ok(request) => client.request(request),
            Err(error) => ResponseFuture::error(error),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Body, Client, ErrorKind, multipart::Attachment};
    use twilight_model::{
        id::Id,
        interaction::{InteractionResponse, InteractionResponseData, InteractionResponseType},
    };

    fn message(content: &str) -> InteractionResponse {
        InteractionResponse {
            kind: InteractionResponseType::ChannelMessageWithSource,
            data: Some(InteractionResponseData {
                content: Some(content.to_owned()),
                ..InteractionResponseData::default()
            }),
        }
    }

    #[test]
    fn response_with_a_file_lists_it_in_data() {
        let client = Client::new("bot-token");
        let request = client
            .interaction(Id::new(1))
            .create_response(Id::new(2), "interaction-token", &message("pong"))
            .attachment(Attachment::from_bytes("a.txt", b"abc".to_vec()))
            .try_into_request()
            .unwrap();
        assert!(!request.is_authorized());
        assert!(request.endpoint().is_global_exempt());
        assert_eq!(request.path(), "/interactions/2/interaction-token/callback");
        let Some(Body::Multipart { bytes, .. }) = request.body_ref() else {
            panic!("a file makes a form");
        };
        let form = String::from_utf8_lossy(bytes);
        assert!(
            form.contains(
                r#""data":{"attachments":[{"filename":"a.txt","id":0}],"content":"pong"}"#
            ),
            "{form}"
        );
        assert!(form.contains(r#"name="files[0]"; filename="a.txt""#));
    }

    #[test]
    fn response_content_is_checked() {
        let client = Client::new("bot-token");
        let error = client
            .interaction(Id::new(1))
            .create_response(Id::new(2), "t", &message(&"a".repeat(2001)))
            .try_into_request()
            .unwrap_err();
        assert!(matches!(error.kind(), ErrorKind::Validation));
    }

    #[test]
    fn followups_wait_and_use_the_application_as_webhook() {
        let client = Client::new("bot-token");
        let request = client
            .interaction(Id::new(7))
            .create_followup("tok")
            .content("later")
            .try_into_request()
            .unwrap();
        assert_eq!(request.path(), "/webhooks/7/tok?wait=true");
        assert!(!request.is_authorized());
    }
}
