//! Decoding a request: percent-encoding, the query string, path snowflakes
//! and the body (JSON or multipart with uploads).

use super::multipart;
use crate::state::{ApiError, Upload};
use bytes::Bytes;
use serde_json::{Value, json};

/// Decodes `%XX` escapes (lossy on invalid UTF-8).
pub(super) fn percent_decode(text: &str) -> String {
    decode(text, false)
}

/// Decodes a query string component (`+` is a space).
pub(super) fn query_decode(text: &str) -> String {
    decode(text, true)
}

fn decode(text: &str, plus_is_space: bool) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(if plus_is_space && bytes[i] == b'+' {
            b' '
        } else {
            bytes[i]
        });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The decoded key-value pairs of a query string.
pub(super) fn query_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (query_decode(k), query_decode(v))
        })
        .collect()
}

/// The parsed request: JSON body, uploads and query.
pub(super) struct Input {
    pub(super) json: Value,
    pub(super) files: Vec<Upload>,
    pub(super) query: Vec<(String, String)>,
    pub(super) reason: Option<String>,
    pub(super) file_base: String,
}

impl Input {
    /// The first value of query parameter `key`.
    pub(super) fn query(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Whether query parameter `key` is `true` or `1`.
    pub(super) fn query_bool(&self, key: &str) -> bool {
        self.query(key)
            .is_some_and(|v| matches!(v.to_ascii_lowercase().as_str(), "true" | "1"))
    }

    /// Query parameter `key` as a snowflake, if given.
    pub(super) fn query_id(&self, key: &str) -> Result<Option<u64>, ApiError> {
        match self.query(key) {
            None | Some("") => Ok(None),
            Some(v) => v.parse::<u64>().map(Some).map_err(|_| {
                ApiError::form(
                    key,
                    "NUMBER_TYPE_COERCE",
                    &format!("Value \"{v}\" is not snowflake."),
                )
            }),
        }
    }

    /// The `limit` query parameter: `default` when absent, else 1 to `max`.
    pub(super) fn query_limit(&self, default: usize, max: usize) -> Result<usize, ApiError> {
        match self.query("limit") {
            None | Some("") => Ok(default),
            Some(v) => {
                let n: i64 = v.parse().map_err(|_| {
                    ApiError::form(
                        "limit",
                        "NUMBER_TYPE_COERCE",
                        &format!("Value \"{v}\" is not int."),
                    )
                })?;
                if n < 1 {
                    return Err(ApiError::form(
                        "limit",
                        "NUMBER_TYPE_MIN",
                        "int value should be greater than or equal to 1.",
                    ));
                }
                let n = usize::try_from(n).unwrap_or(usize::MAX);
                if n > max {
                    return Err(ApiError::form(
                        "limit",
                        "NUMBER_TYPE_MAX",
                        &format!("int value should be less than or equal to {max}."),
                    ));
                }
                Ok(n)
            }
        }
    }
}

/// A path parameter as a snowflake; a form error naming `key` otherwise.
pub(super) fn snowflake(text: &str, key: &str) -> Result<u64, ApiError> {
    text.parse::<u64>().ok().filter(|n| *n != 0).ok_or_else(|| {
        ApiError::form(
            key,
            "NUMBER_TYPE_COERCE",
            &format!("Value \"{text}\" is not snowflake."),
        )
    })
}

/// Parses a request body by its Content-Type.
pub(super) fn parse_body(
    content_type: Option<&str>,
    body: &Bytes,
) -> Result<(Value, Vec<Upload>), ApiError> {
    let invalid_json = || ApiError::new(400, 50109, "The request body contains invalid JSON.");
    let ct = content_type.unwrap_or("").to_ascii_lowercase();
    if ct.starts_with("multipart/form-data") {
        let boundary = multipart::boundary(content_type.unwrap_or(""))
            .ok_or_else(|| ApiError::new(400, 50035, "Invalid Form Body"))?;
        let parts = multipart::parse(body, &boundary)
            .map_err(|_| ApiError::new(400, 50035, "Invalid Form Body"))?;
        let mut json = Value::Object(serde_json::Map::new());
        let mut files = Vec::new();
        for (position, part) in parts.into_iter().enumerate() {
            if part.name == "payload_json" {
                json = serde_json::from_slice(&part.data).map_err(|_| invalid_json())?;
            } else if let Some(filename) = part.filename {
                let index = part
                    .name
                    .strip_prefix("files[")
                    .and_then(|n| n.strip_suffix(']'))
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(position as u64);
                files.push(Upload {
                    index,
                    filename,
                    content_type: part.content_type,
                    data: part.data,
                });
            } else if let Some(o) = json.as_object_mut() {
                o.insert(
                    part.name,
                    Value::String(String::from_utf8_lossy(&part.data).into_owned()),
                );
            }
        }
        if files.len() > 10 {
            return Err(ApiError::form(
                "files",
                "BASE_TYPE_MAX_LENGTH",
                "Must be 10 or fewer in length.",
            ));
        }
        return Ok((json, files));
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok((Value::Object(serde_json::Map::new()), Vec::new()));
    }
    if ct.is_empty() || ct.starts_with("application/json") {
        let json: Value = serde_json::from_slice(body).map_err(|_| invalid_json())?;
        return Ok((json, Vec::new()));
    }
    Err(ApiError::new(400, 50035, "Invalid Form Body").with_errors(json!({
        "_errors": [{
            "code": "CONTENT_TYPE_INVALID",
            "message": "Expected \"Content-Type\" header to be one of {'application/json', 'multipart/form-data'}."
        }]
    })))
}
