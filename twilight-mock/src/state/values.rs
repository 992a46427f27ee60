//! Snowflakes, timestamps and the small JSON operations every resource uses.

use serde_json::Value;
use std::time::{SystemTime, UNIX_EPOCH};
use twilight_model::Timestamp;

/// Milliseconds from the Unix epoch to the Discord epoch (2015-01-01).
pub(super) const DISCORD_EPOCH_MS: u64 = 1_420_070_400_000;

/// The current time in Discord's ISO 8601 form.
pub fn now_iso() -> String {
    let micros = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_micros()).unwrap_or(i64::MAX));
    Timestamp::from_micros(micros).iso_8601().to_string()
}

/// The creation time of a snowflake in ISO 8601.
pub(super) fn iso_of_snowflake(id: u64) -> String {
    let ms = (id >> 22) + DISCORD_EPOCH_MS;
    Timestamp::from_micros(i64::try_from(ms).unwrap_or(0) * 1000)
        .iso_8601()
        .to_string()
}

/// A snowflake as the JSON string Discord sends.
pub(super) fn id_str(id: u64) -> Value {
    Value::String(id.to_string())
}

/// Reads a snowflake from a JSON string or number.
pub fn snowflake_of(value: &Value) -> Option<u64> {
    match value {
        Value::String(s) => s.parse().ok().filter(|n| *n != 0),
        Value::Number(n) => n.as_u64().filter(|n| *n != 0),
        _ => None,
    }
}

/// Reads a snowflake field of an object.
pub(super) fn field_id(value: &Value, key: &str) -> Option<u64> {
    value.get(key).and_then(snowflake_of)
}

/// Sets every field of `extra` on `target`.
pub(super) fn merge(target: &mut Value, extra: &Value) {
    if let (Some(t), Some(e)) = (target.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            t.insert(k.clone(), v.clone());
        }
    }
}
