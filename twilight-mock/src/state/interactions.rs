//! Interactions (resources/interactions): created by a control (a user ran
//! a command), answered once through the callback within its deadline,
//! then edited and followed up through its token.

use super::attachments::Upload;
use super::error::{
    ApiError, unknown_channel, unknown_guild, unknown_interaction, unknown_member, unknown_message,
    unknown_user,
};
use super::messages::{Author, flag_bits, is_ephemeral};
use super::values::{field_id, id_str};
use super::{Events, Interaction, State};
use serde_json::{Value, json};
use std::collections::HashSet;
use twilight_model::id::Id;
use twilight_model::interaction::{
    InteractionContextType, InteractionResponseType, InteractionType,
};
use twilight_model::message::MessageFlags;
use twilight_model::message::component::ComponentType;

/// The permissions an interaction reports, as `app_permissions` and the
/// member's `permissions`: `@everyone`'s default set, not computed from
/// roles.
const INTERACTION_PERMISSIONS: &str = crate::fixtures::DEFAULT_EVERYONE_PERMISSIONS;

impl State {
    /// Creates an interaction (a user ran a command) and returns the
    /// INTERACTION_CREATE payload; the event is pushed to `events`.
    /// `kind` is the interaction type (2: application command, 3: message
    /// component...), `data` its `data`.
    ///
    /// # Errors
    ///
    /// Unknown channel, or unknown user/member.
    pub fn create_interaction(
        &self,
        channel_id: u64,
        user_id: u64,
        kind: u64,
        data: &Value,
        events: &mut Events,
    ) -> Result<Value, ApiError> {
        let id = self.next_id();
        let mut inner = self.lock();
        let channel = inner
            .channels
            .get(&channel_id)
            .cloned()
            .ok_or_else(unknown_channel)?;
        let guild_id = field_id(&channel, "guild_id");
        let user = inner
            .users
            .get(&user_id)
            .cloned()
            .ok_or_else(unknown_user)?;
        let token = format!("mock-interaction-{id:x}-token");
        let app = inner.application.id.get();
        let mut value = json!({
            "id": id_str(id),
            "application_id": id_str(app),
            "type": kind,
            "data": data,
            "channel": channel,
            "channel_id": id_str(channel_id),
            "token": token,
            "version": 1,
            "app_permissions": INTERACTION_PERMISSIONS,
            "locale": "en-US",
            "entitlements": [],
            "authorizing_integration_owners": { "0": guild_id.map_or_else(|| id_str(user_id), id_str) },
            "context": if guild_id.is_some() {
                InteractionContextType::Guild
            } else {
                InteractionContextType::BotDm
            },
            "attachment_size_limit": 10_485_760,
        });
        if let Some(g) = guild_id {
            let guild = inner.guilds.get(&g).ok_or_else(unknown_guild)?;
            let mut member = inner
                .member_value(guild, user_id)
                .ok_or_else(unknown_member)?;
            member["permissions"] = json!(INTERACTION_PERMISSIONS);
            value["guild_id"] = id_str(g);
            value["guild"] = json!({ "id": id_str(g), "locale": "en-US", "features": [] });
            value["guild_locale"] = json!("en-US");
            value["member"] = member;
        } else {
            value["user"] = user;
        }
        inner.interactions.insert(
            id,
            Interaction {
                value: value.clone(),
                token,
                channel_id: Some(channel_id),
                guild_id,
                created: tokio::time::Instant::now(),
                responded: false,
                original: None,
                followups: HashSet::new(),
            },
        );
        events.push((guild_id.map(Id::new), "INTERACTION_CREATE", value.clone()));
        Ok(value)
    }

    /// Checks an interaction's id and token, returning its channel and
    /// creation time.
    pub fn interaction(
        &self,
        id: u64,
        token: &str,
    ) -> Result<(u64, tokio::time::Instant, bool), ApiError> {
        let inner = self.lock();
        let i = inner
            .interactions
            .get(&id)
            .filter(|i| i.token == token)
            .ok_or_else(unknown_interaction)?;
        Ok((i.channel_id.unwrap_or(0), i.created, i.responded))
    }

    /// The interaction of a token (for /webhooks/{application.id}/{token}).
    pub fn interaction_by_token(
        &self,
        application_id: u64,
        token: &str,
    ) -> Option<(u64, u64, tokio::time::Instant)> {
        let inner = self.lock();
        if inner.application.id.get() != application_id {
            return None;
        }
        inner
            .interactions
            .iter()
            .find(|(_, i)| i.token == token)
            .map(|(id, i)| (*id, i.channel_id.unwrap_or(0), i.created))
    }

    /// POST /interactions/{id}/{token}/callback. Returns the interaction
    /// callback response object.
    pub fn interaction_callback(
        &self,
        id: u64,
        body: &Value,
        files: &[Upload],
        file_base: &str,
        events: &mut Events,
    ) -> Result<Value, ApiError> {
        let (kind, channel_id, message_for_update) = {
            let inner = self.lock();
            let i = inner
                .interactions
                .get(&id)
                .ok_or_else(unknown_interaction)?;
            if i.responded {
                return Err(ApiError::new(
                    400,
                    40060,
                    "Interaction has already been acknowledged.",
                ));
            }
            let Some(kind) = body.get("type") else {
                return Err(ApiError::form(
                    "type",
                    "BASE_TYPE_REQUIRED",
                    "This field is required",
                ));
            };
            let kind = kind
                .as_u64()
                .and_then(|k| u8::try_from(k).ok())
                .map(InteractionResponseType::new)
                .filter(|k| !matches!(k, InteractionResponseType::Unknown(_)))
                .ok_or_else(|| {
                    ApiError::form(
                        "type",
                        "BASE_TYPE_CHOICES",
                        "Value must be one of {1, 4, 5, 6, 7, 8, 9, 10, 12}.",
                    )
                })?;
            let itype = i.value["type"]
                .as_u64()
                .and_then(|t| u8::try_from(t).ok())
                .map_or(InteractionType::Unknown(0), InteractionType::new);
            let updates_message = matches!(
                kind,
                InteractionResponseType::DeferredUpdateMessage
                    | InteractionResponseType::UpdateMessage
            );
            let from_message = matches!(
                itype,
                InteractionType::MessageComponent | InteractionType::ModalSubmit
            );
            if kind == InteractionResponseType::Pong
                || (updates_message && !from_message)
                || (kind == InteractionResponseType::ApplicationCommandAutocompleteResult
                    && itype != InteractionType::ApplicationCommandAutocomplete)
            {
                return Err(ApiError::new(400, 50035, "Invalid Form Body").with_errors(
                    json!({ "type": { "_errors": [{ "code": "INTERACTION_RESPONSE_TYPE_INVALID", "message": "This interaction response type is not valid for this interaction type." }] } }),
                ));
            }
            let message = field_id(&i.value["message"], "id");
            (kind, i.channel_id.unwrap_or(0), message)
        };
        let data = body.get("data").cloned().unwrap_or(json!({}));
        if !data.is_object() {
            return Err(ApiError::form(
                "data",
                "MODEL_TYPE_CONVERT",
                "Only dictionaries may be used in a ModelType",
            ));
        }
        let mut response = json!({ "interaction": { "id": id_str(id), "type": 0 } });
        let mut resource = json!({ "type": kind });
        let deferred = kind == InteractionResponseType::DeferredChannelMessageWithSource;
        match kind {
            InteractionResponseType::ChannelMessageWithSource
            | InteractionResponseType::DeferredChannelMessageWithSource => {
                let mut msg_body = data.clone();
                if deferred {
                    // A deferred response shows a loading message.
                    let ephemeral =
                        data["flags"].as_i64().unwrap_or(0) & flag_bits(MessageFlags::EPHEMERAL);
                    msg_body = json!({
                        "content": "",
                        "flags": flag_bits(MessageFlags::LOADING) | ephemeral,
                        "components": [{ "type": ComponentType::ActionRow, "components": [] }],
                    });
                }
                let message = self.create_message(
                    channel_id,
                    &msg_body,
                    files,
                    &Author::Interaction { id, original: true },
                    file_base,
                    events,
                )?;
                let mid = field_id(&message, "id");
                response["interaction"]["response_message_id"] = json!(mid.map(id_str));
                response["interaction"]["response_message_loading"] = json!(deferred);
                response["interaction"]["response_message_ephemeral"] =
                    json!(is_ephemeral(&message));
                let mut inner = self.lock();
                if let Some(i) = inner.interactions.get_mut(&id) {
                    i.original = mid;
                }
                if !deferred {
                    resource["message"] = message;
                }
            }
            InteractionResponseType::UpdateMessage => {
                if let Some(mid) = message_for_update {
                    let message = self.edit_message(
                        channel_id,
                        mid,
                        &data,
                        files,
                        &Author::Bot,
                        file_base,
                        events,
                    )?;
                    resource["message"] = message;
                }
            }
            InteractionResponseType::Modal
                if data.get("custom_id").and_then(Value::as_str).is_none() =>
            {
                return Err(ApiError::form(
                    "data.custom_id",
                    "BASE_TYPE_REQUIRED",
                    "This field is required",
                ));
            }
            _ => {}
        }
        let mut inner = self.lock();
        if let Some(i) = inner.interactions.get_mut(&id) {
            i.responded = true;
            response["interaction"]["type"] = i.value["type"].clone();
            if matches!(
                kind,
                InteractionResponseType::DeferredUpdateMessage
                    | InteractionResponseType::UpdateMessage
            ) {
                i.original = message_for_update;
            }
        }
        response["resource"] = resource;
        Ok(response)
    }

    /// The message id of an interaction's original response.
    pub fn interaction_original(&self, id: u64) -> Result<u64, ApiError> {
        let inner = self.lock();
        let i = inner
            .interactions
            .get(&id)
            .ok_or_else(unknown_interaction)?;
        i.original.ok_or_else(unknown_message)
    }

    /// Records a follow-up message of an interaction.
    pub fn interaction_followup(&self, id: u64, message_id: u64) {
        if let Some(i) = self.lock().interactions.get_mut(&id) {
            i.followups.insert(message_id);
        }
    }

    /// Whether a message belongs to an interaction (original or follow-up).
    pub fn interaction_owns(&self, id: u64, message_id: u64) -> bool {
        self.lock()
            .interactions
            .get(&id)
            .is_some_and(|i| i.original == Some(message_id) || i.followups.contains(&message_id))
    }

    /// Whether an interaction was responded to (control surface).
    pub fn interaction_responded(&self, id: u64) -> bool {
        self.lock()
            .interactions
            .get(&id)
            .is_some_and(|i| i.responded)
    }

    /// The guild an interaction happened in.
    pub fn interaction_guild(&self, id: u64) -> Option<u64> {
        self.lock().interactions.get(&id).and_then(|i| i.guild_id)
    }
}
