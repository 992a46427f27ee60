//! REST faults and logs, and changes to the world, over HTTP: injected 429s
//! and 5xx, bucket sizes, the request log and counters; new users, guilds,
//! channels, members, messages and interactions.

use super::{Answer, bad_request, done};
use crate::fixtures::{FixtureGuild, FixtureMember, FixtureUser};
use crate::rest::ratelimit::Scope;
use crate::rest::{RequestRecord, RestContext};
use crate::state::{ApiError, snowflake_of};
use hyper::Method;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use std::time::{Duration, UNIX_EPOCH};

/// Runs a control route under `/rest` or `/world` (`segs` includes it).
pub(super) fn route(rest: &RestContext, method: &Method, segs: &[&str], body: &Value) -> Answer {
    let result = match (method, segs) {
        (&Method::POST, ["rest", "ratelimit"]) => {
            let retry = Duration::from_millis(number(body, "retry_after_ms").unwrap_or(1000));
            rest.inject_shared_ratelimit(group(body), count(body), retry);
            Ok(done())
        }
        (&Method::POST, ["rest", "server-error"]) => server_error(rest, body),
        (&Method::POST, ["rest", "route-limit"]) => route_limit(rest, body),
        (&Method::GET, ["rest", "requests"]) => Ok((200, requests(&rest.requests()))),
        (&Method::GET, ["rest", "stats"]) => Ok((200, stats(rest))),
        (&Method::POST, ["world", "users"]) => {
            parse::<FixtureUser>(body).map(|user| (200, rest.add_user(&user)))
        }
        (&Method::POST, ["world", "guilds"]) => {
            parse::<FixtureGuild>(body).and_then(|guild| state(rest.add_guild(&guild)))
        }
        (&Method::POST, ["world", "guilds", guild, "channels"]) => {
            id(guild).and_then(|guild| state(rest.create_channel(guild, body)))
        }
        (&Method::POST, ["world", "guilds", guild, "members"]) => id(guild).and_then(|guild| {
            parse::<FixtureMember>(body).and_then(|m| state(rest.add_member(guild, &m)))
        }),
        (&Method::POST, ["world", "channels", channel, "messages"]) => {
            id(channel).and_then(|channel| {
                let author = body
                    .get("author_id")
                    .and_then(snowflake_of)
                    .ok_or_else(|| bad_request("`author_id` (a user id) is required"))?;
                state(rest.user_message(channel, author, body))
            })
        }
        (&Method::POST, ["world", "interactions"]) => interaction(rest, body),
        _ => Err((404, json!({ "message": "no such control route" }))),
    };
    result.unwrap_or_else(|answer| answer)
}

fn number(body: &Value, key: &str) -> Option<u64> {
    body.get(key).and_then(Value::as_u64)
}

/// `count`, default 1.
fn count(body: &Value) -> u32 {
    number(body, "count").map_or(1, |c| u32::try_from(c).unwrap_or(u32::MAX))
}

/// `group` (a route group of the README), or any route.
fn group(body: &Value) -> Option<&str> {
    body.get("group").and_then(Value::as_str)
}

fn id(text: &str) -> Result<u64, Answer> {
    text.parse()
        .ok()
        .filter(|id| *id != 0)
        .ok_or_else(|| bad_request(format!("{text:?} is not a snowflake")))
}

fn parse<T: DeserializeOwned>(body: &Value) -> Result<T, Answer> {
    serde_json::from_value(body.clone()).map_err(|e| bad_request(e.to_string()))
}

/// A state change's answer: its value, or Discord's error.
fn state(result: Result<Value, ApiError>) -> Result<Answer, Answer> {
    result
        .map(|value| (200, value))
        .map_err(|error| (error.status, error.body()))
}

fn server_error(rest: &RestContext, body: &Value) -> Result<Answer, Answer> {
    let status = number(body, "status").unwrap_or(500);
    let status = u16::try_from(status)
        .ok()
        .filter(|s| (500..600).contains(s))
        .ok_or_else(|| bad_request("`status` must be 500-599"))?;
    rest.inject_server_error(group(body), count(body), status);
    Ok(done())
}

fn route_limit(rest: &RestContext, body: &Value) -> Result<Answer, Answer> {
    let (Some(group), Some(limit), Some(window)) = (
        group(body),
        number(body, "limit").and_then(|l| u32::try_from(l).ok()),
        number(body, "window_ms"),
    ) else {
        return Err(bad_request("`group`, `limit` and `window_ms` are required"));
    };
    rest.set_route_limit(group, limit, Duration::from_millis(window));
    Ok(done())
}

fn interaction(rest: &RestContext, body: &Value) -> Result<Answer, Answer> {
    let channel = body.get("channel_id").and_then(snowflake_of);
    let user = body.get("user_id").and_then(snowflake_of);
    let (Some(channel), Some(user)) = (channel, user) else {
        return Err(bad_request("`channel_id` and `user_id` are required"));
    };
    let kind = number(body, "type").unwrap_or(2);
    let data = body.get("data").cloned().unwrap_or_else(|| json!({}));
    state(rest.create_interaction(channel, user, kind, &data))
}

fn requests(records: &[RequestRecord]) -> Value {
    records
        .iter()
        .map(|r| {
            let at =
                r.at.duration_since(UNIX_EPOCH)
                    .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX));
            json!({
                "method": r.method,
                "path": r.path,
                "route": r.route,
                "bucket": r.bucket,
                "status": r.status,
                "unix_ms": at,
                "ratelimited": r.ratelimited.map(Scope::as_str),
            })
        })
        .collect()
}

fn stats(rest: &RestContext) -> Value {
    let s = rest.stats();
    json!({
        "total": s.total,
        "user_429": s.user_429,
        "shared_429": s.shared_429,
        "global_429": s.global_429,
        "invalid_in_window": s.invalid_in_window,
        "invalid_total": s.invalid_total,
        "banned": s.banned,
    })
}
