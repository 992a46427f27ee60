//! Builders of gateway events from JSON, as Discord sends them.
// Each test file uses a part of these helpers; they take owned JSON for brevity.
#![allow(dead_code, unreachable_pub, clippy::needless_pass_by_value)]

use serde_json::{Value, json};
use twilight_cache_inmemory::InMemoryCache;
use twilight_model::gateway::event::{Event, EventType};

pub const GUILD: u64 = 100;
pub const OWNER: u64 = 1;

/// Parses an event's data the way the gateway does.
pub fn event(name: &str, d: &Value) -> Event {
    let kind = EventType::from_name(name).unwrap_or_else(|| panic!("unknown event {name}"));
    Event::from_json(kind, &d.to_string()).unwrap_or_else(|e| panic!("{name}: {e}: {d}"))
}

pub fn feed(cache: &InMemoryCache, name: &str, d: &Value) {
    cache.update(&event(name, d));
}

pub fn user(id: u64) -> Value {
    json!({"id": id.to_string(), "username": format!("user{id}"), "discriminator": "0",
           "global_name": null, "avatar": null})
}

pub fn member(id: u64, roles: &[u64]) -> Value {
    json!({"user": user(id), "nick": null, "avatar": null, "banner": null,
           "roles": roles.iter().map(u64::to_string).collect::<Vec<_>>(),
           "joined_at": "2021-01-01T00:00:00.000000+00:00", "premium_since": null,
           "deaf": false, "mute": false, "flags": 0, "pending": false})
}

pub fn role(id: u64, permissions: u64) -> Value {
    json!({"id": id.to_string(), "name": format!("role{id}"), "color": 0, "hoist": false,
           "position": 0, "permissions": permissions.to_string(), "managed": false,
           "mentionable": false, "flags": 0})
}

pub fn overwrite(id: u64, kind: u8, allow: u64, deny: u64) -> Value {
    json!({"id": id.to_string(), "type": kind, "allow": allow.to_string(), "deny": deny.to_string()})
}

pub fn channel(id: u64, kind: u8, overwrites: Vec<Value>) -> Value {
    json!({"id": id.to_string(), "type": kind, "name": format!("channel{id}"),
           "position": 0, "permission_overwrites": overwrites, "nsfw": false})
}

pub fn thread(id: u64, parent: u64) -> Value {
    json!({"id": id.to_string(), "guild_id": GUILD.to_string(), "parent_id": parent.to_string(),
           "owner_id": "1", "name": format!("thread{id}"), "type": 11, "member_count": 1,
           "thread_metadata": {"archived": false, "auto_archive_duration": 1440,
               "archive_timestamp": "2021-04-12T23:40:39.855793+00:00", "locked": false}})
}

pub fn presence(id: u64, status: &str) -> Value {
    json!({"user": {"id": id.to_string()}, "status": status, "client_status": {"desktop": status},
           "activities": [{"name": "Custom Status", "type": 4, "state": "hi", "created_at": 1}]})
}

/// A guild with @everyone (VIEW_CHANNEL | SEND_MESSAGES | READ_MESSAGE_HISTORY),
/// the given members, roles and channels, and a presence per member.
pub fn guild(id: u64, members: Vec<Value>, roles: Vec<Value>, channels: Vec<Value>) -> Value {
    let mut all_roles = vec![role(id, 0x400 | 0x800 | 0x10000)];
    all_roles.extend(roles);
    let presences: Vec<Value> = members
        .iter()
        .map(|m| presence(m["user"]["id"].as_str().unwrap().parse().unwrap(), "online"))
        .collect();
    json!({
        "id": id.to_string(), "name": format!("guild{id}"), "icon": null, "splash": null,
        "discovery_splash": null, "owner_id": OWNER.to_string(), "afk_channel_id": null,
        "afk_timeout": 300, "verification_level": 0, "default_message_notifications": 0,
        "explicit_content_filter": 0, "roles": all_roles,
        "emojis": [{"id": "900", "name": "blob", "roles": [], "require_colons": true,
                    "managed": false, "animated": false, "available": true, "user": user(OWNER)}],
        "features": [], "mfa_level": 0, "application_id": null, "system_channel_id": null,
        "system_channel_flags": 0, "rules_channel_id": null, "premium_tier": 0,
        "preferred_locale": "en-US", "joined_at": "2021-01-01T00:00:00.000000+00:00",
        "large": false, "unavailable": false, "member_count": members.len(),
        "voice_states": [], "members": members, "channels": channels, "threads": [],
        "presences": presences, "stage_instances": [], "guild_scheduled_events": [],
        "soundboard_sounds": [], "stickers": [],
    })
}

pub fn message(id: u64, channel: u64, author: u64) -> Value {
    json!({"id": id.to_string(), "channel_id": channel.to_string(), "guild_id": GUILD.to_string(),
           "author": user(author), "content": format!("message {id}"),
           "timestamp": "2021-01-01T00:00:00.000000+00:00", "edited_timestamp": null,
           "tts": false, "mention_everyone": false, "mentions": [], "mention_roles": [],
           "attachments": [], "embeds": [], "pinned": false, "type": 0})
}
