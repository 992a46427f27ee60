//! Reading the fields of a request body, with the form errors Discord
//! answers when a field has the wrong type or length.

use super::error::ApiError;
use super::values::snowflake_of;
use serde_json::Value;

/// Reads an optional string field; `Err` if present with another type.
pub(super) fn opt_str<'a>(body: &'a Value, key: &str) -> Result<Option<&'a str>, ApiError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(ApiError::form(key, "BASE_TYPE_STRING", "Must be a string.")),
    }
}

/// Reads an optional boolean field; `Err` if present with another type.
pub(super) fn opt_bool(body: &Value, key: &str) -> Result<Option<bool>, ApiError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(ApiError::form(
            key,
            "BASE_TYPE_BOOLEAN",
            "Must be either true or false.",
        )),
    }
}

/// Reads an optional integer field; `Err` if present with another type.
pub(super) fn opt_int(body: &Value, key: &str) -> Result<Option<i64>, ApiError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) if n.as_i64().is_some() => Ok(n.as_i64()),
        Some(_) => Err(ApiError::form(
            key,
            "NUMBER_TYPE_COERCE",
            "Value is not int.",
        )),
    }
}

/// Checks that `value` has `min` to `max` characters.
pub(super) fn check_len(key: &str, value: &str, min: usize, max: usize) -> Result<(), ApiError> {
    let n = value.chars().count();
    if n > max {
        Err(ApiError::form(
            key,
            "BASE_TYPE_MAX_LENGTH",
            &format!("Must be {max} or fewer in length."),
        ))
    } else if n < min {
        Err(ApiError::form(
            key,
            "BASE_TYPE_BAD_LENGTH",
            &format!("Must be between {min} and {max} in length."),
        ))
    } else {
        Ok(())
    }
}

/// Reads an optional array of snowflakes; `Err` naming the first that is not
/// one.
pub(super) fn opt_id_array(body: &Value, key: &str) -> Result<Option<Vec<u64>>, ApiError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, v)| {
                snowflake_of(v).ok_or_else(|| {
                    ApiError::form(
                        &format!("{key}.{i}"),
                        "NUMBER_TYPE_COERCE",
                        &format!("Value \"{v}\" is not snowflake."),
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some),
        Some(_) => Err(ApiError::form(key, "BASE_TYPE_ARRAY", "Must be an array.")),
    }
}
