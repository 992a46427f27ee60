//! The requests a session may send once identified: guild members
//! (GUILD_MEMBERS_CHUNK), soundboard sounds and channel info, answered to
//! the session alone.

use super::reader::ReaderState;
use super::{Close, INVALID_PAYLOAD, snowflake};
use crate::gateway::Shared;
use crate::state::channel_type;
use serde_json::{Map, Value, json};
use std::collections::HashSet;
use std::time::Duration;
use tokio::time::Instant;
use twilight_model::channel::ChannelType;
use twilight_model::gateway::Intents;
use twilight_model::id::{
    Id,
    marker::{GuildMarker, UserMarker},
};

const GUILD_MEMBERS: u64 = Intents::GUILD_MEMBERS.bits();
const GUILD_PRESENCES: u64 = Intents::GUILD_PRESENCES.bits();
/// Members per GUILD_MEMBERS_CHUNK.
const CHUNK_SIZE: usize = 1000;

/// REQUEST_GUILD_MEMBERS: by `user_ids` or username `query`, answered in
/// GUILD_MEMBERS_CHUNKs.
pub(super) fn request_guild_members(
    shared: &Shared,
    state: &ReaderState,
    d: &Value,
) -> Result<(), Close> {
    let d = d.as_object().ok_or(INVALID_PAYLOAD)?;
    let guild_id: Id<GuildMarker> = d
        .get("guild_id")
        .and_then(snowflake)
        .ok_or(INVALID_PAYLOAD)?;
    let query = match d.get("query") {
        None | Some(Value::Null) => None,
        Some(Value::String(q)) => Some(q.as_str()),
        Some(_) => return Err(INVALID_PAYLOAD),
    };
    let user_ids: Option<Vec<Id<UserMarker>>> = match d.get("user_ids") {
        None | Some(Value::Null) => None,
        Some(Value::Array(ids)) => Some(
            ids.iter()
                .map(snowflake)
                .collect::<Option<Vec<_>>>()
                .ok_or(INVALID_PAYLOAD)?,
        ),
        Some(one) => Some(vec![snowflake(one).ok_or(INVALID_PAYLOAD)?]),
    };
    let limit = match d.get("limit") {
        None | Some(Value::Null) => None,
        Some(limit) => {
            Some(usize::try_from(limit.as_u64().ok_or(INVALID_PAYLOAD)?).unwrap_or(usize::MAX))
        }
    };
    let presences = match d.get("presences") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => return Err(INVALID_PAYLOAD),
    };
    // Presences only with GUILD_PRESENCES.
    let presences = presences && state.intents & GUILD_PRESENCES != 0;
    let nonce = match d.get("nonce") {
        // An invalid nonce is ignored, as Discord documents.
        Some(Value::String(n)) if n.len() <= 32 => Some(n.clone()),
        _ => None,
    };

    let members = match (&user_ids, query) {
        (Some(ids), _) => {
            let ids = &ids[..ids.len().min(100)];
            shared.data.members(guild_id, None, 0, Some(ids))
        }
        (None, Some(query)) => {
            let limit = limit.ok_or(INVALID_PAYLOAD)?;
            if query.is_empty() && limit == 0 {
                // The whole member list needs GUILD_MEMBERS.
                if state.intents & GUILD_MEMBERS == 0 {
                    return Err(INVALID_PAYLOAD);
                }
                if let Some(retry_after) = all_members_limited(shared, guild_id) {
                    let mut meta = json!({ "guild_id": guild_id.to_string() });
                    if let Some(nonce) = &nonce {
                        meta["nonce"] = json!(nonce);
                    }
                    let limited = json!({
                        "opcode": 8,
                        "retry_after": retry_after.as_secs_f64(),
                        "meta": meta,
                    });
                    dispatch_own(shared, state, "RATE_LIMITED", &[limited]);
                    return Ok(());
                }
                shared.data.members(guild_id, Some(""), 0, None)
            } else {
                let limit = if query.is_empty() {
                    limit
                } else {
                    limit.clamp(1, 100)
                };
                let limit = if limit == 0 { 100 } else { limit };
                shared.data.members(guild_id, Some(query), limit, None)
            }
        }
        (None, None) => return Err(INVALID_PAYLOAD),
    };
    let member_id = |m: &Value| -> Option<String> {
        m.get("user")
            .and_then(|u| u.get("id"))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let not_found: Vec<String> = user_ids
        .iter()
        .flatten()
        .take(100)
        .map(ToString::to_string)
        .filter(|id| !members.iter().any(|m| member_id(m).as_deref() == Some(id)))
        .collect();
    let presence_list = if presences {
        let ids: Vec<Id<UserMarker>> = members
            .iter()
            .filter_map(|m| {
                member_id(m)
                    .and_then(|id| id.parse().ok())
                    .and_then(Id::new_checked)
            })
            .collect();
        shared.data.presences(guild_id, &ids)
    } else {
        Vec::new()
    };

    let chunks: Vec<&[Value]> = if members.is_empty() {
        vec![&[]]
    } else {
        members.chunks(CHUNK_SIZE).collect()
    };
    let chunk_count = chunks.len();
    let mut payloads = Vec::with_capacity(chunk_count);
    for (index, chunk) in chunks.into_iter().enumerate() {
        let mut data = Map::new();
        data.insert("guild_id".to_owned(), json!(guild_id.to_string()));
        data.insert("members".to_owned(), json!(chunk));
        data.insert("chunk_index".to_owned(), json!(index));
        data.insert("chunk_count".to_owned(), json!(chunk_count));
        data.insert(
            "not_found".to_owned(),
            if index == 0 {
                json!(not_found)
            } else {
                json!([])
            },
        );
        if presences {
            let ids: HashSet<String> = chunk.iter().filter_map(member_id).collect();
            let mine: Vec<&Value> = presence_list
                .iter()
                .filter(|p| member_id(p).is_some_and(|id| ids.contains(&id)))
                .collect();
            data.insert("presences".to_owned(), json!(mine));
        }
        if let Some(nonce) = &nonce {
            data.insert("nonce".to_owned(), json!(nonce));
        }
        payloads.push(Value::Object(data));
    }
    dispatch_own(shared, state, "GUILD_MEMBERS_CHUNK", &payloads);
    Ok(())
}

/// Whether the guild's whole member list was requested within
/// `all_members_window`: how long until it may be again (Discord time).
/// Otherwise the request is recorded.
fn all_members_limited(shared: &Shared, guild_id: Id<GuildMarker>) -> Option<Duration> {
    let window = shared.clock.real(shared.config.all_members_window);
    let mut inner = shared.lock();
    let now = Instant::now();
    if let Some(last) = inner.all_members.get(&guild_id.get())
        && now.duration_since(*last) < window
    {
        return Some(shared.clock.discord(window - now.duration_since(*last)));
    }
    // Only requests within the window matter: a client naming ever new
    // guild ids must not grow the map.
    inner
        .all_members
        .retain(|_, last| now.duration_since(*last) < window);
    inner.all_members.insert(guild_id.get(), now);
    None
}

/// Dispatches events to the reader's own session.
pub(super) fn dispatch_own(shared: &Shared, state: &ReaderState, event: &str, payloads: &[Value]) {
    let Some(session) = &state.session else {
        return;
    };
    let mut inner = shared.lock();
    for payload in payloads {
        shared.push_dispatch(&mut inner, session, event, payload);
    }
}

/// REQUEST_SOUNDBOARD_SOUNDS: one SOUNDBOARD_SOUNDS per known guild.
pub(super) fn request_soundboard_sounds(
    shared: &Shared,
    state: &ReaderState,
    d: &Value,
) -> Result<(), Close> {
    let ids = d
        .get("guild_ids")
        .and_then(Value::as_array)
        .ok_or(INVALID_PAYLOAD)?
        .iter()
        .map(snowflake::<GuildMarker>)
        .collect::<Option<Vec<_>>>()
        .ok_or(INVALID_PAYLOAD)?;
    let payloads: Vec<Value> = ids
        .into_iter()
        .filter_map(|id| {
            let guild = shared.data.guild_create(id)?;
            let sounds = guild
                .get("soundboard_sounds")
                .cloned()
                .unwrap_or_else(|| json!([]));
            Some(json!({ "soundboard_sounds": sounds, "guild_id": id.to_string() }))
        })
        .collect();
    dispatch_own(shared, state, "SOUNDBOARD_SOUNDS", &payloads);
    Ok(())
}

/// REQUEST_CHANNEL_INFO: the requested fields of the guild's voice and stage
/// channels.
pub(super) fn request_channel_info(
    shared: &Shared,
    state: &ReaderState,
    d: &Value,
) -> Result<(), Close> {
    let guild_id: Id<GuildMarker> = d
        .get("guild_id")
        .and_then(snowflake)
        .ok_or(INVALID_PAYLOAD)?;
    let fields: Vec<&str> = match d.get("fields") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(fields)) => fields
            .iter()
            .map(Value::as_str)
            .collect::<Option<Vec<_>>>()
            .ok_or(INVALID_PAYLOAD)?,
        Some(_) => return Err(INVALID_PAYLOAD),
    };
    let channels: Vec<Value> = shared
        .data
        .guild_create(guild_id)
        .and_then(|g| g.get("channels").and_then(Value::as_array).cloned())
        .unwrap_or_default()
        .into_iter()
        .filter(|c| {
            matches!(
                channel_type(c.get("type").and_then(Value::as_u64)),
                ChannelType::GuildVoice | ChannelType::GuildStageVoice
            )
        })
        .map(|c| {
            let mut info = json!({ "id": c.get("id").cloned().unwrap_or(Value::Null) });
            for field in &fields {
                if matches!(*field, "status" | "voice_start_time") {
                    info[*field] = c.get(*field).cloned().unwrap_or(Value::Null);
                }
            }
            info
        })
        .collect();
    dispatch_own(
        shared,
        state,
        "CHANNEL_INFO",
        &[json!({ "guild_id": guild_id.to_string(), "channels": channels })],
    );
    Ok(())
}
