//! Starting a session (IDENTIFY: token, intents, shard, the identify
//! window and the daily limit, then READY and GUILD_CREATEs) and resuming
//! one (RESUME: replaying what the client missed, then RESUMED).

use super::reader::{ReaderState, send};
use super::{
    ALREADY_AUTHENTICATED, AUTHENTICATION_FAILED, Close, DISALLOWED_INTENTS, INVALID_INTENTS,
    INVALID_PAYLOAD, INVALID_SEQ, INVALID_SHARD, SHARDING_REQUIRED,
};
use crate::gateway::outbox::Outbox;
use crate::gateway::{
    Command, IDENTIFY_WINDOW, IdentifyRecord, ResumeRecord, Session, Shared, op_payload, shard_of,
};
use serde_json::{Value, json};
use std::collections::{HashSet, VecDeque};
use std::hash::{BuildHasher, Hasher};
use std::sync::Arc;
use tokio::time::Instant;
use twilight_model::gateway::{Intents, OpCode};
use twilight_model::id::{Id, marker::GuildMarker};

/// Every intent bit Discord documents.
const VALID_INTENTS: u64 = Intents::all().bits();
/// GUILD_MEMBERS, GUILD_PRESENCES, MESSAGE_CONTENT.
const PRIVILEGED_INTENTS: u64 = Intents::PRIVILEGED.bits();
const GUILD_PRESENCES: u64 = Intents::GUILD_PRESENCES.bits();

/// Whether `token` (with or without `Bot `) is the configured token.
fn token_ok(shared: &Shared, token: &str) -> bool {
    let token = token.strip_prefix("Bot ").unwrap_or(token);
    token == shared.config.token
}

/// A random session id of 32 hex digits (seeded with `n`).
fn new_session_id(n: u64) -> String {
    let mut hasher = std::hash::RandomState::new().build_hasher();
    hasher.write_u64(n);
    let a = hasher.finish();
    hasher.write_u64(a);
    format!("{a:016x}{:016x}", hasher.finish())
}

/// IDENTIFY: starts a session and sends READY and the shard's GUILD_CREATEs.
pub(super) fn identify(
    shared: &Shared,
    state: &mut ReaderState,
    tx: &Outbox,
    d: &Value,
) -> Result<(), Close> {
    // The identify window counts from the IDENTIFY's arrival, as Discord
    // counts it: not from the moment this mock is done building the
    // session's READY and GUILD_CREATEs, which takes longer for more
    // guilds and on a loaded machine, and would make the next IDENTIFY of
    // the bucket look early.
    let received = Instant::now();
    if state.session.is_some() {
        return Err(ALREADY_AUTHENTICATED);
    }
    let d = d.as_object().ok_or(INVALID_PAYLOAD)?;
    let token = d
        .get("token")
        .and_then(Value::as_str)
        .ok_or(AUTHENTICATION_FAILED)?;
    if !token_ok(shared, token) || shared.lock().token_reset {
        return Err(AUTHENTICATION_FAILED);
    }
    let intents = d
        .get("intents")
        .and_then(Value::as_u64)
        .ok_or(INVALID_INTENTS)?;
    if intents & !VALID_INTENTS != 0 {
        return Err(INVALID_INTENTS);
    }
    if intents & PRIVILEGED_INTENTS & !shared.config.privileged_intents != 0 {
        return Err(DISALLOWED_INTENTS);
    }
    // events/gateway-events.mdx: 50-250, default 50.
    let large_threshold = match d.get("large_threshold") {
        None | Some(Value::Null) => DEFAULT_LARGE_THRESHOLD,
        Some(value) => value
            .as_u64()
            .filter(|n| (50..=250).contains(n))
            .ok_or(INVALID_PAYLOAD)?,
    };
    let (shard, sent_shard) = match d.get("shard") {
        None | Some(Value::Null) => ([0, 1], false),
        Some(value) => (parse_shard(shared, value).ok_or(INVALID_SHARD)?, true),
    };

    // Read the world before taking the gateway's lock (the state may call
    // into the gateway while holding its own).
    let guilds: Vec<Id<GuildMarker>> = shared
        .data
        .guild_ids()
        .into_iter()
        .filter(|g| shard_of(*g, shard[1]) == shard[0])
        .collect();
    if guilds.len() > shared.config.max_guilds_per_shard {
        return Err(SHARDING_REQUIRED);
    }
    let user = shared.data.bot_user();
    let application = shared.data.application();
    let bot_id = user.get("id").cloned();
    let creates: Vec<Value> = guilds
        .iter()
        .filter_map(|g| shared.data.guild_create(*g))
        .map(|g| filter_guild_create(g, intents, bot_id.as_ref()))
        .map(|g| apply_large_threshold(g, large_threshold, bot_id.as_ref()))
        .collect();

    let mut inner = shared.lock();
    shared.roll_daily(&mut inner);
    if inner.token_reset {
        return Err(AUTHENTICATION_FAILED);
    }
    let limit = &shared.config.session_start_limit;
    if inner.daily_used >= limit.total {
        // Discord: every session is terminated and the token is reset.
        inner.log.daily_limit_exceeded += 1;
        inner.token_reset = true;
        for (other, conn) in &inner.conns {
            if *other != state.id {
                conn.tx.send(Command::Close(
                    AUTHENTICATION_FAILED.0,
                    AUTHENTICATION_FAILED.1.to_owned(),
                ));
            }
        }
        drop(inner);
        shared.notify();
        tracing::warn!("daily session start limit exceeded: token reset");
        return Err(AUTHENTICATION_FAILED);
    }
    let bucket = shard[0] % limit.max_concurrency.max(1);
    let window = shared.clock.real(IDENTIFY_WINDOW);
    if inner
        .buckets
        .get(&bucket)
        .is_some_and(|last| received.saturating_duration_since(*last) < window)
    {
        inner.log.sessions_refused += 1;
        drop(inner);
        shared.notify();
        send(tx, op_payload(OpCode::InvalidSession, &Value::Bool(false)));
        return Ok(());
    }
    if d.get("compress") == Some(&Value::Bool(true)) {
        // Before READY is queued, so that READY is compressed too.
        tx.send(Command::CompressPayloads);
    }
    inner.buckets.insert(bucket, received);
    inner.daily_used += 1;
    inner.log.sessions_started += 1;
    let n = inner.next_session;
    inner.next_session += 1;
    let session_id = new_session_id(n);
    inner.sessions.insert(
        session_id.clone(),
        Session {
            shard,
            intents,
            seq: 0,
            buffer: VecDeque::new(),
            conn: Some(state.id),
            disconnected_at: None,
        },
    );
    if let Some(conn) = inner.conns.get_mut(&state.id) {
        conn.session = Some(session_id.clone());
        conn.shard = Some(shard);
    }
    // When it arrived, on the mock's clock: what the window is judged by.
    let at = shared
        .clock
        .discord(received.saturating_duration_since(shared.started));
    inner.log.identifies.push(IdentifyRecord {
        shard,
        at,
        intents,
        session_id: session_id.clone(),
        connection: state.id,
    });

    let mut ready = json!({
        "v": 10,
        "user": user,
        "guilds": guilds.iter().map(|g| json!({ "id": g.to_string(), "unavailable": true })).collect::<Vec<_>>(),
        "session_id": session_id,
        "resume_gateway_url": shared.resume_url(),
        "application": application,
        // Not documented, but Discord sends them and some clients read them.
        "private_channels": [],
        "relationships": [],
        "presences": [],
        "guild_join_requests": [],
        "user_settings": {},
        "_trace": ["twilight-mock"],
    });
    if sent_shard {
        ready["shard"] = json!(shard);
    }
    shared.push_dispatch(&mut inner, &session_id, "READY", &ready);
    for create in &creates {
        shared.push_dispatch(&mut inner, &session_id, "GUILD_CREATE", create);
    }
    drop(inner);
    shared.notify();
    state.session = Some(session_id);
    state.shard = Some(shard);
    state.intents = intents;
    Ok(())
}

/// `[shard_id, num_shards]`, if valid for the configured shard multiple.
fn parse_shard(shared: &Shared, value: &Value) -> Option<[u32; 2]> {
    let array = value.as_array()?;
    let [id, num] = array.as_slice() else {
        return None;
    };
    let id = u32::try_from(id.as_u64()?).ok()?;
    let num = u32::try_from(num.as_u64()?).ok()?;
    (num > 0 && id < num && num % shared.config.shard_multiple.max(1) == 0).then_some([id, num])
}

/// IDENTIFY's `large_threshold` when the client sends none.
const DEFAULT_LARGE_THRESHOLD: u64 = 50;

/// A guild with more members than `threshold` is `large`: its GUILD_CREATE
/// leaves out offline members (those without a presence), save the bot and
/// members in voice.
fn apply_large_threshold(mut guild: Value, threshold: u64, bot_id: Option<&Value>) -> Value {
    let count = guild["member_count"].as_u64().unwrap_or(0);
    let large = count > threshold;
    guild["large"] = Value::Bool(large);
    if !large {
        return guild;
    }
    let mut online: HashSet<String> = HashSet::new();
    let user_id = |v: &Value, key: &str| -> Option<String> {
        let id = if key == "user" {
            &v["user"]["id"]
        } else {
            &v[key]
        };
        id.as_str().map(str::to_owned)
    };
    for (list, key) in [("presences", "user"), ("voice_states", "user_id")] {
        if let Some(items) = guild[list].as_array() {
            online.extend(items.iter().filter_map(|v| user_id(v, key)));
        }
    }
    if let Some(id) = bot_id.and_then(Value::as_str) {
        online.insert(id.to_owned());
    }
    if let Some(members) = guild.get_mut("members").and_then(Value::as_array_mut) {
        members.retain(|m| user_id(m, "user").is_some_and(|id| online.contains(&id)));
    }
    guild
}

/// Without GUILD_PRESENCES, GUILD_CREATE's members and presences hold only
/// the bot and the members in voice channels.
fn filter_guild_create(mut guild: Value, intents: u64, bot_id: Option<&Value>) -> Value {
    if intents & GUILD_PRESENCES != 0 {
        return guild;
    }
    let mut keep: HashSet<String> = HashSet::new();
    if let Some(id) = bot_id.and_then(Value::as_str) {
        keep.insert(id.to_owned());
    }
    if let Some(states) = guild.get("voice_states").and_then(Value::as_array) {
        keep.extend(
            states
                .iter()
                .filter_map(|s| s.get("user_id").and_then(Value::as_str).map(str::to_owned)),
        );
    }
    let user_id = |v: &Value| -> Option<String> {
        v.get("user")
            .and_then(|u| u.get("id"))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    if let Some(members) = guild.get_mut("members").and_then(Value::as_array_mut) {
        members.retain(|m| user_id(m).is_some_and(|id| keep.contains(&id)));
    }
    if let Some(presences) = guild.get_mut("presences").and_then(Value::as_array_mut) {
        presences.retain(|p| user_id(p).is_some_and(|id| keep.contains(&id)));
    }
    guild
}

/// RESUME: reattaches the session and replays what the client missed, or
/// invalidates it.
pub(super) fn resume(
    shared: &Shared,
    state: &mut ReaderState,
    tx: &Outbox,
    d: &Value,
) -> Result<(), Close> {
    if state.session.is_some() {
        return Err(ALREADY_AUTHENTICATED);
    }
    let d = d.as_object().ok_or(INVALID_PAYLOAD)?;
    let token = d
        .get("token")
        .and_then(Value::as_str)
        .ok_or(AUTHENTICATION_FAILED)?;
    if !token_ok(shared, token) {
        return Err(AUTHENTICATION_FAILED);
    }
    let session_id = d
        .get("session_id")
        .and_then(Value::as_str)
        .ok_or(INVALID_PAYLOAD)?;
    let seq = match d.get("seq") {
        None | Some(Value::Null) => 0,
        Some(seq) => seq.as_u64().ok_or(INVALID_PAYLOAD)?,
    };
    let mut inner = shared.lock();
    shared.prune(&mut inner);
    let at = shared.now();
    let mut record = ResumeRecord {
        session_id: session_id.to_owned(),
        seq,
        at,
        resumed: false,
        replayed: 0,
        connection: state.id,
    };
    let outcome = match inner.sessions.get(session_id) {
        None => Err(None),
        Some(session) if seq > session.seq => Err(Some(INVALID_SEQ)),
        Some(session) => {
            let oldest = session.buffer.front().map(|(s, _)| *s);
            let missed_lost = seq < session.seq && oldest.is_none_or(|oldest| oldest > seq + 1);
            if inner.token_reset || missed_lost {
                Err(None)
            } else {
                Ok(session.conn)
            }
        }
    };
    match outcome {
        Err(close) => {
            if close.is_some() {
                inner.sessions.remove(session_id);
            }
            inner.log.resumes.push(record);
            drop(inner);
            shared.notify();
            match close {
                Some(close) => Err(close),
                None => {
                    send(tx, op_payload(OpCode::InvalidSession, &Value::Bool(false)));
                    Ok(())
                }
            }
        }
        Ok(old_conn) => {
            // A connection still attached to the session is replaced.
            if let Some(old) = old_conn.filter(|old| *old != state.id)
                && let Some(conn) = inner.conns.get_mut(&old)
            {
                conn.session = None;
                conn.tx.send(Command::Drop);
            }
            let Some(session) = inner.sessions.get_mut(session_id) else {
                return Ok(());
            };
            session.conn = Some(state.id);
            session.disconnected_at = None;
            let shard = session.shard;
            let intents = session.intents;
            let missed: std::collections::VecDeque<Arc<str>> = session
                .buffer
                .iter()
                .filter(|(s, _)| *s > seq)
                .map(|(_, payload)| Arc::clone(payload))
                .collect();
            let replayed = missed.len();
            if !missed.is_empty() {
                tx.send(Command::Replay(missed));
            }
            if let Some(conn) = inner.conns.get_mut(&state.id) {
                conn.session = Some(session_id.to_owned());
                conn.shard = Some(shard);
            }
            shared.push_dispatch(
                &mut inner,
                session_id,
                "RESUMED",
                &json!({ "_trace": ["twilight-mock"] }),
            );
            record.resumed = true;
            record.replayed = replayed;
            inner.log.resumes.push(record);
            drop(inner);
            shared.notify();
            state.session = Some(session_id.to_owned());
            state.shard = Some(shard);
            state.intents = intents;
            Ok(())
        }
    }
}
