//! Webhooks (resources/webhook.mdx): created on a channel, read, modified
//! and deleted with or without their token, with WEBHOOKS_UPDATE.

use super::body::{check_len, opt_str};
use super::channels::kind_of;
use super::error::{ApiError, unknown_channel, unknown_webhook};
use super::values::{field_id, id_str, snowflake_of};
use super::{Events, Inner, State};
use serde_json::{Value, json};
use std::collections::HashSet;
use twilight_model::channel::ChannelType;
use twilight_model::id::Id;
use twilight_model::webhook::WebhookType;

impl State {
    /// POST /channels/{channel.id}/webhooks.
    pub fn create_webhook(
        &self,
        channel_id: u64,
        body: &Value,
        base_url: &str,
        events: &mut Events,
    ) -> Result<Value, ApiError> {
        let id = self.next_id();
        let mut inner = self.lock();
        let channel = inner
            .channels
            .get(&channel_id)
            .ok_or_else(unknown_channel)?;
        let kind = kind_of(channel);
        if kind.is_thread() || kind == ChannelType::GuildCategory {
            return Err(ApiError::new(
                400,
                50024,
                "Cannot execute action on this channel type",
            ));
        }
        let guild_id = field_id(channel, "guild_id");
        let Some(name) = opt_str(body, "name")? else {
            return Err(ApiError::form(
                "name",
                "BASE_TYPE_REQUIRED",
                "This field is required",
            ));
        };
        check_len("name", name, 1, 80)?;
        if name.to_lowercase().contains("clyde") || name.to_lowercase().contains("discord") {
            return Err(ApiError::form(
                "name",
                "USERNAME_INVALID_CONTAINS",
                "Username cannot contain \"clyde\" or \"discord\"",
            ));
        }
        let token = format!("mock-webhook-token-{id:x}");
        let bot = inner
            .users
            .get(&inner.bot_id)
            .cloned()
            .unwrap_or(Value::Null);
        let hook = json!({
            "id": id_str(id),
            "type": WebhookType::Incoming,
            "guild_id": guild_id.map(id_str),
            "channel_id": id_str(channel_id),
            "user": bot,
            "name": name,
            "avatar": null,
            "token": token,
            "application_id": null,
            "url": format!("{base_url}/webhooks/{id}/{token}"),
        });
        inner.webhooks.insert(id, hook.clone());
        if let Some(g) = guild_id {
            events.push((
                Id::new_checked(g),
                "WEBHOOKS_UPDATE",
                json!({ "guild_id": id_str(g), "channel_id": id_str(channel_id) }),
            ));
        }
        Ok(hook)
    }

    /// GET /webhooks/{webhook.id} (with the bot token) or with `token`
    /// (without `user`).
    pub fn get_webhook(&self, webhook_id: u64, token: Option<&str>) -> Result<Value, ApiError> {
        let inner = self.lock();
        let hook = inner.webhook_checked(webhook_id, token)?;
        let mut hook = hook.clone();
        if token.is_some()
            && let Some(o) = hook.as_object_mut()
        {
            o.remove("user");
        }
        Ok(hook)
    }

    /// GET /channels/{channel.id}/webhooks.
    pub fn channel_webhooks(&self, channel_id: u64) -> Result<Value, ApiError> {
        let inner = self.lock();
        if !inner.channels.contains_key(&channel_id) {
            return Err(unknown_channel());
        }
        Ok(Value::Array(
            inner
                .webhooks
                .values()
                .filter(|w| field_id(w, "channel_id") == Some(channel_id))
                .cloned()
                .collect(),
        ))
    }

    /// PATCH /webhooks/{webhook.id}[/{token}].
    pub fn modify_webhook(
        &self,
        webhook_id: u64,
        token: Option<&str>,
        body: &Value,
        events: &mut Events,
    ) -> Result<Value, ApiError> {
        let mut inner = self.lock();
        let mut hook = inner.webhook_checked(webhook_id, token)?.clone();
        let old_channel = field_id(&hook, "channel_id");
        if let Some(name) = opt_str(body, "name")? {
            check_len("name", name, 1, 80)?;
            hook["name"] = json!(name);
        }
        if body.get("avatar").is_some() {
            hook["avatar"] =
                json!(opt_str(body, "avatar")?.map(|_| "0123456789abcdef0123456789abcdef"));
        }
        if let Some(c) = body.get("channel_id").filter(|c| !c.is_null()) {
            if token.is_some() {
                return Err(ApiError::form(
                    "channel_id",
                    "BASE_TYPE_INVALID",
                    "Cannot change the channel with a webhook token.",
                ));
            }
            let c = snowflake_of(c).ok_or_else(|| {
                ApiError::form(
                    "channel_id",
                    "NUMBER_TYPE_COERCE",
                    "Value is not snowflake.",
                )
            })?;
            if !inner.channels.contains_key(&c) {
                return Err(unknown_channel());
            }
            hook["channel_id"] = id_str(c);
        }
        inner.webhooks.insert(webhook_id, hook.clone());
        let guild = field_id(&hook, "guild_id");
        for channel in [old_channel, field_id(&hook, "channel_id")]
            .into_iter()
            .flatten()
            .collect::<HashSet<_>>()
        {
            if let Some(g) = guild {
                events.push((
                    Id::new_checked(g),
                    "WEBHOOKS_UPDATE",
                    json!({ "guild_id": id_str(g), "channel_id": id_str(channel) }),
                ));
            }
        }
        if token.is_some()
            && let Some(o) = hook.as_object_mut()
        {
            o.remove("user");
        }
        Ok(hook)
    }

    /// DELETE /webhooks/{webhook.id}[/{token}].
    pub fn delete_webhook(
        &self,
        webhook_id: u64,
        token: Option<&str>,
        events: &mut Events,
    ) -> Result<(), ApiError> {
        let mut inner = self.lock();
        inner.webhook_checked(webhook_id, token)?;
        let hook = inner
            .webhooks
            .remove(&webhook_id)
            .ok_or_else(unknown_webhook)?;
        if let (Some(g), Some(c)) = (field_id(&hook, "guild_id"), field_id(&hook, "channel_id")) {
            events.push((
                Id::new_checked(g),
                "WEBHOOKS_UPDATE",
                json!({ "guild_id": id_str(g), "channel_id": id_str(c) }),
            ));
        }
        Ok(())
    }

    /// The channel a webhook posts to (after checking its token).
    pub fn webhook_channel(&self, webhook_id: u64, token: &str) -> Result<u64, ApiError> {
        let inner = self.lock();
        let hook = inner.webhook_checked(webhook_id, Some(token))?;
        field_id(hook, "channel_id").ok_or_else(unknown_channel)
    }

    /// Whether a message was sent by the webhook (or, for interactions, by
    /// the application through the interaction).
    pub fn message_is_from(&self, channel_id: u64, message_id: u64, webhook_id: u64) -> bool {
        let inner = self.lock();
        inner
            .messages
            .get(&channel_id)
            .and_then(|m| m.get(&message_id))
            .is_some_and(|m| field_id(&m.value, "webhook_id") == Some(webhook_id))
    }
}

impl Inner {
    /// A webhook, after checking `token` when one is given (50027 if wrong).
    pub(super) fn webhook_checked(
        &self,
        webhook_id: u64,
        token: Option<&str>,
    ) -> Result<&Value, ApiError> {
        let hook = self.webhooks.get(&webhook_id).ok_or_else(unknown_webhook)?;
        if let Some(t) = token
            && hook["token"].as_str() != Some(t)
        {
            return Err(ApiError::new(401, 50027, "Invalid Webhook Token"));
        }
        Ok(hook)
    }
}
