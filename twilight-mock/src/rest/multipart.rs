//! A small `multipart/form-data` parser (RFC 7578), enough for Discord's
//! uploads: `payload_json` and `files[n]` parts.

use bytes::Bytes;

/// One part of a multipart body.
#[derive(Clone, Debug)]
pub struct Part {
    /// The `name` of its Content-Disposition.
    pub name: String,
    /// The `filename`, for files.
    pub filename: Option<String>,
    /// Its Content-Type.
    pub content_type: Option<String>,
    /// Its bytes.
    pub data: Bytes,
}

/// Why a multipart body could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MultipartError;

/// The `boundary` parameter of a multipart Content-Type.
pub fn boundary(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|param| {
        let (k, v) = param.split_once('=')?;
        if k.trim().eq_ignore_ascii_case("boundary") {
            let v = v.trim().trim_matches('"');
            (!v.is_empty() && v.len() <= 200).then(|| v.to_owned())
        } else {
            None
        }
    })
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || from > haystack.len() {
        return None;
    }
    haystack[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// A parameter (`name="..."`) of a Content-Disposition header.
fn disposition_param(header: &str, key: &str) -> Option<String> {
    let mut rest = header;
    while let Some(pos) = rest.find(';') {
        rest = &rest[pos + 1..];
        let param = rest.trim_start();
        let Some((k, v)) = param.split_once('=') else {
            continue;
        };
        if !k.trim().eq_ignore_ascii_case(key) {
            continue;
        }
        let v = v.trim_start();
        if let Some(quoted) = v.strip_prefix('"') {
            let mut out = String::new();
            let mut escaped = false;
            for c in quoted.chars() {
                match (escaped, c) {
                    (false, '\\') => escaped = true,
                    (false, '"') => return Some(out),
                    _ => {
                        escaped = false;
                        out.push(c);
                    }
                }
            }
            return None;
        }
        return Some(v.split(';').next().unwrap_or("").trim().to_owned());
    }
    None
}

/// Parses a multipart body with `boundary`.
///
/// # Errors
///
/// Returns [`MultipartError`] if the body is not well formed.
pub fn parse(body: &Bytes, boundary: &str) -> Result<Vec<Part>, MultipartError> {
    let delimiter = format!("--{boundary}");
    let delimiter = delimiter.as_bytes();
    let mut pos = find(body, delimiter, 0).ok_or(MultipartError)? + delimiter.len();
    let mut parts = Vec::new();
    loop {
        // After a delimiter: `--` ends the body, otherwise CRLF and a part.
        if body.get(pos..pos + 2) == Some(b"--") {
            return Ok(parts);
        }
        // Transport padding, then CRLF.
        while body.get(pos).is_some_and(|b| *b == b' ' || *b == b'\t') {
            pos += 1;
        }
        if body.get(pos..pos + 2) != Some(b"\r\n") {
            return Err(MultipartError);
        }
        pos += 2;
        let header_end = find(body, b"\r\n\r\n", pos).ok_or(MultipartError)?;
        let headers = std::str::from_utf8(&body[pos..header_end]).map_err(|_| MultipartError)?;
        let mut name = None;
        let mut filename = None;
        let mut content_type = None;
        for line in headers.split("\r\n") {
            let Some((k, v)) = line.split_once(':') else {
                return Err(MultipartError);
            };
            if k.trim().eq_ignore_ascii_case("content-disposition") {
                if !v.trim_start().to_ascii_lowercase().starts_with("form-data") {
                    return Err(MultipartError);
                }
                name = disposition_param(v, "name");
                filename = disposition_param(v, "filename");
            } else if k.trim().eq_ignore_ascii_case("content-type") {
                content_type = Some(v.trim().to_owned());
            }
        }
        let data_start = header_end + 4;
        let mut end_marker = b"\r\n".to_vec();
        end_marker.extend_from_slice(delimiter);
        let data_end = find(body, &end_marker, data_start).ok_or(MultipartError)?;
        parts.push(Part {
            name: name.ok_or(MultipartError)?,
            filename,
            content_type,
            data: body.slice(data_start..data_end),
        });
        pos = data_end + end_marker.len();
        if parts.len() > 1000 {
            return Err(MultipartError);
        }
    }
}
