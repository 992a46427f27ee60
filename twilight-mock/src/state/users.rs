//! Users (resources/user.mdx), the bot user and its application
//! (resources/application.mdx).

use super::error::{ApiError, unknown_user};
use super::values::{id_str, merge};
use super::{Inner, State};
use serde_json::{Value, json};
use twilight_model::application::ApplicationEventWebhookStatus;
use twilight_model::id::Id;
use twilight_model::id::marker::UserMarker;
use twilight_model::user::PremiumType;

/// A user object with every documented field.
pub(super) fn user_object(
    id: u64,
    username: &str,
    global_name: Option<&str>,
    avatar: Option<&str>,
    bot: bool,
) -> Value {
    json!({
        "id": id_str(id),
        "username": username,
        "discriminator": "0",
        "global_name": global_name,
        "avatar": avatar,
        "bot": bot,
        "system": false,
        "banner": null,
        "accent_color": null,
        "flags": 0,
        "public_flags": 0,
        "avatar_decoration_data": null,
        "collectibles": null,
        "primary_guild": null,
    })
}

impl State {
    /// The bot's user object as the bot reads itself (READY, GET
    /// /users/@me): with the fields resources/user.mdx ties to the
    /// `identify` and `email` scopes, which other objects never carry.
    pub fn bot_user(&self) -> Value {
        let inner = self.lock();
        let mut user = inner
            .users
            .get(&inner.bot_id)
            .cloned()
            .unwrap_or(Value::Null);
        merge(
            &mut user,
            &json!({
                "mfa_enabled": false,
                "locale": "en-US",
                "verified": true,
                "email": null,
                "premium_type": PremiumType::None,
            }),
        );
        user
    }

    /// The bot's user id.
    pub fn bot_id(&self) -> Id<UserMarker> {
        Id::new(self.lock().bot_id)
    }

    /// The partial application object of READY (`id`, `flags`).
    pub fn application(&self) -> Value {
        let inner = self.lock();
        json!({ "id": inner.application.id.to_string(), "flags": inner.application.flags })
    }

    /// The application id.
    pub fn application_id(&self) -> u64 {
        self.lock().application.id.get()
    }

    /// The full application object (GET /applications/@me).
    pub fn application_full(&self) -> Value {
        let inner = self.lock();
        let bot = inner
            .users
            .get(&inner.bot_id)
            .cloned()
            .unwrap_or(Value::Null);
        let owner = inner.user_or_stub(inner.application.owner_user().id.get());
        json!({
            "id": inner.application.id.to_string(),
            "name": inner.application.name,
            "icon": null,
            "description": "",
            "rpc_origins": [],
            "bot_public": true,
            "bot_require_code_grant": false,
            "bot": bot,
            "owner": owner,
            "verify_key": "0000000000000000000000000000000000000000000000000000000000000000",
            "team": null,
            "flags": inner.application.flags,
            "approximate_guild_count": inner.guilds.len(),
            "approximate_user_install_count": 0,
            "redirect_uris": [],
            "interactions_endpoint_url": null,
            "role_connections_verification_url": null,
            "event_webhooks_url": null,
            "event_webhooks_status": ApplicationEventWebhookStatus::Disabled,
            "tags": [],
            "integration_types_config": { "0": {} },
        })
    }

    /// GET /users/{user.id}.
    pub fn get_user(&self, user_id: u64) -> Result<Value, ApiError> {
        self.lock()
            .users
            .get(&user_id)
            .cloned()
            .ok_or_else(unknown_user)
    }
}

impl Inner {
    /// A user object, or a placeholder named `unknown` for a user the state
    /// does not hold.
    pub(super) fn user_or_stub(&self, user_id: u64) -> Value {
        self.users
            .get(&user_id)
            .cloned()
            .unwrap_or_else(|| user_object(user_id, "unknown", None, None, false))
    }
}
