//! The MESSAGE_CONTENT intent (events/gateway.mdx, "Message Content
//! Intent"): without it, `content`, `embeds`, `attachments`, `components`
//! and `poll` of messages come back empty, except in messages the app sent,
//! in DMs with the app, and in messages that mention the app.
//!
//! The gateway blanks MESSAGE_CREATE and MESSAGE_UPDATE for sessions that
//! did not identify with the intent; REST blanks the messages it reads when
//! the application may not use the intent
//! ([`MockConfig::privileged_intents`](crate::MockConfig::privileged_intents)).

use serde_json::{Value, json};
use twilight_model::gateway::Intents;

/// The MESSAGE_CONTENT bit.
pub const MESSAGE_CONTENT: u64 = Intents::MESSAGE_CONTENT.bits();

/// Whether the app (user `bot_id`) sees `message`'s content without the
/// intent: it sent it, it is in a DM, or it mentions the app.
pub fn exempt(message: &Value, bot_id: &str, in_dm: bool) -> bool {
    let authored = message["author"]["id"] == bot_id;
    let mentioned = message["mentions"]
        .as_array()
        .is_some_and(|users| users.iter().any(|u| u["id"] == bot_id));
    authored || in_dm || mentioned
}

/// Empties the content fields of `message` unless it is [`exempt`].
pub fn blank(message: &mut Value, bot_id: &str, in_dm: bool) {
    if !message.is_object() || exempt(message, bot_id, in_dm) {
        return;
    }
    message["content"] = json!("");
    message["embeds"] = json!([]);
    message["attachments"] = json!([]);
    message["components"] = json!([]);
    if let Some(object) = message.as_object_mut() {
        object.remove("poll");
    }
}
