//! The gateway's controls and logs over HTTP: dispatches, closes, drops,
//! RECONNECT, INVALID_SESSION, heartbeat faults, delays and corrupt frames;
//! the identify, resume, payload and connection logs.

use super::{Answer, bad_request, done};
use crate::gateway::{ConnectionRecord, DropReason, IdentifyRecord, ReceivedPayload, ResumeRecord};
use crate::state::snowflake_of;
use crate::{Corruption, Gateway, Target};
use hyper::Method;
use serde_json::{Value, json};
use std::time::Duration;
use twilight_model::id::Id;
use twilight_model::id::marker::GuildMarker;

/// Where a control goes: `"all"`, `{"shard": n}`, `{"connection": n}`, or
/// (dispatches only) `{"guild_id": "..."}`.
enum To {
    Target(Target),
    Guild(Id<GuildMarker>),
}

fn to(body: &Value) -> Result<To, Answer> {
    let target = body.get("target").unwrap_or(&Value::Null);
    if target == "all" {
        return Ok(To::Target(Target::All));
    }
    let number = |key: &str| target.get(key).and_then(Value::as_u64);
    if let Some(shard) = number("shard").and_then(|s| u32::try_from(s).ok()) {
        return Ok(To::Target(Target::Shard(shard)));
    }
    if let Some(connection) = number("connection") {
        return Ok(To::Target(Target::Connection(connection)));
    }
    if let Some(guild) = target
        .get("guild_id")
        .and_then(snowflake_of)
        .and_then(Id::new_checked)
    {
        return Ok(To::Guild(guild));
    }
    Err(bad_request(
        r#"`target` must be "all", {"shard": n}, {"connection": n} or {"guild_id": id}"#,
    ))
}

/// A target that is not a guild.
fn target(body: &Value) -> Result<Target, Answer> {
    match to(body)? {
        To::Target(target) => Ok(target),
        To::Guild(_) => Err(bad_request("`guild_id` targets dispatches only")),
    }
}

/// Runs a control route under `/gateway`.
pub(super) fn route(gateway: &Gateway, method: &Method, segs: &[&str], body: &Value) -> Answer {
    let result = match (method, segs) {
        (&Method::POST, ["dispatch"]) => dispatch(gateway, body),
        (&Method::POST, ["drop"]) => target(body).map(|t| {
            gateway.drop_connection(t);
            done()
        }),
        (&Method::POST, ["close"]) => close(gateway, body),
        (&Method::POST, ["reconnect"]) => target(body).map(|t| {
            gateway.send_reconnect(t);
            done()
        }),
        (&Method::POST, ["invalid-session"]) => {
            let resumable = body.get("resumable").and_then(Value::as_bool);
            match resumable {
                Some(resumable) => target(body).map(|t| {
                    gateway.send_invalid_session(t, resumable);
                    done()
                }),
                None => Err(bad_request("`resumable` (boolean) is required")),
            }
        }
        (&Method::POST, ["request-heartbeat"]) => target(body).map(|t| {
            gateway.request_heartbeat(t);
            done()
        }),
        (&Method::POST, ["heartbeat-acks"]) => Ok(heartbeat_acks(gateway, body)),
        (&Method::POST, ["delay"]) => match body.get("ms").and_then(Value::as_u64) {
            Some(ms) => {
                gateway.set_delay(Duration::from_millis(ms));
                Ok(done())
            }
            None => Err(bad_request("`ms` (Discord milliseconds) is required")),
        },
        (&Method::POST, ["corrupt"]) => corrupt(gateway, body),
        (&Method::POST, ["restore-token"]) => {
            gateway.restore_token();
            Ok(done())
        }
        (&Method::GET, ["log"]) => Ok((200, log(gateway))),
        (&Method::GET, ["identifies"]) => Ok((200, identifies(&gateway.identifies()))),
        (&Method::GET, ["resumes"]) => Ok((200, resumes(&gateway.resumes()))),
        (&Method::GET, ["payloads"]) => Ok((200, payloads(&gateway.payloads()))),
        (&Method::GET, ["connections"]) => Ok((200, connections(&gateway.log().connections))),
        _ => Err((404, json!({ "message": "no such gateway control" }))),
    };
    result.unwrap_or_else(|answer| answer)
}

fn dispatch(gateway: &Gateway, body: &Value) -> Result<Answer, Answer> {
    let event = body
        .get("event")
        .and_then(Value::as_str)
        .filter(|e| !e.is_empty())
        .ok_or_else(|| bad_request("`event` (the dispatch name) is required"))?;
    let data = body.get("data").cloned().unwrap_or_else(|| json!({}));
    match to(body)? {
        To::Target(target) => gateway.dispatch_to(target, event, data),
        To::Guild(guild) => gateway.dispatch_to_guild(guild, event, data),
    }
    Ok(done())
}

fn close(gateway: &Gateway, body: &Value) -> Result<Answer, Answer> {
    let code = body
        .get("code")
        .and_then(Value::as_u64)
        .and_then(|c| u16::try_from(c).ok())
        .ok_or_else(|| bad_request("`code` (a close code) is required"))?;
    let reason = body.get("reason").and_then(Value::as_str).unwrap_or("");
    gateway.close_connection(target(body)?, code, reason);
    Ok(done())
}

/// `{"stop": true, "shard": n}` (no shard: every connection) or
/// `{"stop": false}`.
fn heartbeat_acks(gateway: &Gateway, body: &Value) -> Answer {
    if body.get("stop").and_then(Value::as_bool) == Some(false) {
        gateway.resume_heartbeat_acks();
    } else {
        let shard = body
            .get("shard")
            .and_then(Value::as_u64)
            .and_then(|s| u32::try_from(s).ok());
        gateway.stop_heartbeat_acks(shard);
    }
    done()
}

fn corrupt(gateway: &Gateway, body: &Value) -> Result<Answer, Answer> {
    let kind = match body.get("kind").and_then(Value::as_str) {
        Some("compression") => Corruption::Compression,
        Some("json") => Corruption::Json,
        _ => return Err(bad_request(r#"`kind` must be "compression" or "json""#)),
    };
    gateway.corrupt_next_frame(target(body)?, kind);
    Ok(done())
}

/// Discord time in milliseconds.
fn ms(at: Duration) -> Value {
    json!(u64::try_from(at.as_millis()).unwrap_or(u64::MAX))
}

fn identifies(records: &[IdentifyRecord]) -> Value {
    records
        .iter()
        .map(|r| {
            json!({
                "shard": r.shard,
                "at_ms": ms(r.at),
                "intents": r.intents,
                "session_id": r.session_id,
                "connection": r.connection,
            })
        })
        .collect()
}

fn resumes(records: &[ResumeRecord]) -> Value {
    records
        .iter()
        .map(|r| {
            json!({
                "session_id": r.session_id,
                "seq": r.seq,
                "at_ms": ms(r.at),
                "resumed": r.resumed,
                "replayed": r.replayed,
                "connection": r.connection,
            })
        })
        .collect()
}

fn payloads(records: &[ReceivedPayload]) -> Value {
    records
        .iter()
        .map(|r| json!({ "connection": r.connection, "op": r.op, "raw": r.raw, "at_ms": ms(r.at) }))
        .collect()
}

fn connections(records: &[ConnectionRecord]) -> Value {
    records
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "path": r.path,
                "resume_url": r.resume_url,
                "closed_with": r.closed_with,
                "dropped_because": r.dropped_because.map(DropReason::as_str),
                "max_queued": r.max_queued,
                "at_ms": ms(r.at),
            })
        })
        .collect()
}

/// Everything the gateway logged, with its counters and the session start
/// limit as GET /gateway/bot reports it.
fn log(gateway: &Gateway) -> Value {
    let log = gateway.log();
    let limit = gateway.session_start_limit();
    json!({
        "identifies": identifies(&log.identifies),
        "resumes": resumes(&log.resumes),
        "payloads": payloads(&log.payloads),
        "connections": connections(&log.connections),
        "sessions_started": log.sessions_started,
        "sessions_refused": log.sessions_refused,
        "daily_limit_exceeded": log.daily_limit_exceeded,
        "handshakes_timed_out": log.handshakes_timed_out,
        "dropped": log.dropped(),
        "log_capacity": log.connections.capacity(),
        "token_reset": gateway.token_reset(),
        "session_start_limit": {
            "total": limit.total,
            "remaining": limit.remaining,
            "reset_after": ms(limit.reset_after),
            "max_concurrency": limit.max_concurrency,
        },
    })
}
