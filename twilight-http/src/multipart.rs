//! `multipart/form-data` bodies: files, and the JSON payload beside them.
//!
//! Messages with attachments are sent as a form with a `payload_json` part
//! (the JSON body, whose `attachments` list names each file by id) and one
//! `files[n]` part per file. [`Form`] encodes any form; builders use it with
//! [`Attachment`]s.
//!
//! ```
//! use twilight_http::multipart::Form;
//!
//! let mut form = Form::new();
//! form.json("payload_json", br#"{"content":"hi"}"#.to_vec());
//! form.file("files[0]", "cat.png", None, vec![0x89, b'P', b'N', b'G']);
//! let (content_type, bytes) = form.build();
//! assert!(content_type.starts_with("multipart/form-data; boundary="));
//! let text = String::from_utf8_lossy(&bytes);
//! assert!(text.contains("filename=\"cat.png\""));
//! assert!(text.contains("Content-Type: image/png"));
//! ```

use std::{
    fmt::{self, Write as _},
    hash::{BuildHasher, RandomState},
};

/// A file to upload with a message (or another request taking files).
#[derive(Clone, PartialEq, Eq)]
pub struct Attachment {
    /// The file name Discord shows (and the `attachment://` name embeds use).
    pub filename: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// The alt text.
    pub description: Option<String>,
    /// The MIME type; guessed from the file name's extension when unset.
    pub content_type: Option<String>,
}

impl Attachment {
    /// A file named `filename` with the given bytes.
    pub fn from_bytes(filename: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        Self {
            filename: filename.into(),
            bytes: bytes.into(),
            description: None,
            content_type: None,
        }
    }

    /// Sets the alt text.
    #[must_use]
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Sets the MIME type.
    #[must_use]
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}

impl fmt::Debug for Attachment {
    // Without the bytes, which may be megabytes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Attachment")
            .field("filename", &self.filename)
            .field("len", &self.bytes.len())
            .field("description", &self.description)
            .field("content_type", &self.content_type)
            .finish()
    }
}

/// One part of a form.
#[derive(Clone, Debug)]
struct Part {
    name: String,
    filename: Option<String>,
    content_type: Option<String>,
    bytes: Vec<u8>,
}

/// A `multipart/form-data` form being built.
#[derive(Clone, Debug, Default)]
pub struct Form {
    parts: Vec<Part>,
}

impl Form {
    /// An empty form.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a text field.
    pub fn text(&mut self, name: impl Into<String>, value: impl Into<Vec<u8>>) -> &mut Self {
        self.parts.push(Part {
            name: name.into(),
            filename: None,
            content_type: None,
            bytes: value.into(),
        });
        self
    }

    /// Adds a JSON field (`Content-Type: application/json`), such as
    /// `payload_json`.
    pub fn json(&mut self, name: impl Into<String>, json: Vec<u8>) -> &mut Self {
        self.parts.push(Part {
            name: name.into(),
            filename: None,
            content_type: Some("application/json".to_owned()),
            bytes: json,
        });
        self
    }

    /// Adds a file; without `content_type`, one is guessed from the file
    /// name's extension.
    pub fn file(
        &mut self,
        name: impl Into<String>,
        filename: impl Into<String>,
        content_type: Option<&str>,
        bytes: Vec<u8>,
    ) -> &mut Self {
        let filename = filename.into();
        let content_type = content_type.map_or_else(|| guess_type(&filename), str::to_owned);
        self.parts.push(Part {
            name: name.into(),
            filename: Some(filename),
            content_type: Some(content_type),
            bytes,
        });
        self
    }

    /// Encodes the form: the full `Content-Type` value (with the boundary)
    /// and the body.
    #[must_use]
    pub fn build(self) -> (String, Vec<u8>) {
        let boundary = self.boundary();
        let size = self
            .parts
            .iter()
            .map(|part| part.bytes.len() + 200)
            .sum::<usize>();
        let mut out = Vec::with_capacity(size + boundary.len() + 8);
        for part in &self.parts {
            let mut head = format!("--{boundary}\r\nContent-Disposition: form-data; name=\"");
            quote_into(&part.name, &mut head);
            head.push('"');
            if let Some(filename) = &part.filename {
                head.push_str("; filename=\"");
                quote_into(filename, &mut head);
                head.push('"');
            }
            head.push_str("\r\n");
            if let Some(content_type) = &part.content_type {
                let _ = write!(head, "Content-Type: {content_type}\r\n");
            }
            head.push_str("\r\n");
            out.extend_from_slice(head.as_bytes());
            out.extend_from_slice(&part.bytes);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        (format!("multipart/form-data; boundary={boundary}"), out)
    }

    /// A boundary that occurs in no part (a random one almost surely
    /// doesn't; retrying makes it certain).
    fn boundary(&self) -> String {
        let state = RandomState::new();
        self.pick_boundary(|attempt| {
            format!(
                "twilight-{:016x}{:016x}",
                state.hash_one(attempt),
                state.hash_one(!attempt)
            )
        })
    }

    /// The first candidate that occurs in no part.
    fn pick_boundary(&self, mut candidate: impl FnMut(u64) -> String) -> String {
        for attempt in 0u64.. {
            let boundary = candidate(attempt);
            let needle = boundary.as_bytes();
            let clashes = self.parts.iter().any(|part| {
                part.bytes
                    .windows(needle.len())
                    .any(|window| window == needle)
            });
            if !clashes {
                return boundary;
            }
        }
        unreachable!("u64 attempts never run out before a boundary is found")
    }
}

/// Writes a header parameter value, percent-encoding the characters that
/// would end it (`"`, CR, LF), as browsers do.
fn quote_into(value: &str, out: &mut String) {
    for c in value.chars() {
        match c {
            '"' => out.push_str("%22"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
}

/// The MIME type of common attachment types, by extension.
fn guess_type(filename: &str) -> String {
    let extension = filename
        .rsplit_once('.')
        .map(|(_, extension)| extension.to_ascii_lowercase());
    match extension.as_deref() {
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("avif") => "image/avif",
        Some("svg") => "image/svg+xml",
        Some("mp4") => "video/mp4",
        Some("webm") => "video/webm",
        Some("mp3") => "audio/mpeg",
        Some("ogg") => "audio/ogg",
        Some("wav") => "audio/wav",
        Some("txt" | "log") => "text/plain",
        Some("json") => "application/json",
        Some("pdf") => "application/pdf",
        Some("zip") => "application/zip",
        _ => "application/octet-stream",
    }
    .to_owned()
}

#[cfg(test)]
mod tests {
    use super::{Form, guess_type};

    #[test]
    fn encodes_parts_in_order() {
        let mut form = Form::new();
        form.json("payload_json", br#"{"content":"hi"}"#.to_vec());
        form.file("files[0]", "a.txt", None, b"hello".to_vec());
        form.file("files[1]", "b.bin", Some("image/x-test"), vec![0, 1, 2]);
        form.text("name", "value");
        let (content_type, body) = form.build();
        let b = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap();
        let expected = format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"payload_json\"\r\nContent-Type: application/json\r\n\r\n{{\"content\":\"hi\"}}\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"files[0]\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"files[1]\"; filename=\"b.bin\"\r\nContent-Type: image/x-test\r\n\r\n\0\x01\x02\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nvalue\r\n\
             --{b}--\r\n"
        );
        assert_eq!(String::from_utf8(body).unwrap(), expected);
    }

    #[test]
    fn boundary_never_occurs_in_a_part() {
        let mut form = Form::new();
        form.text("a", "x--first--y");
        let picked = form.pick_boundary(|attempt| {
            if attempt == 0 {
                "--first--"
            } else {
                "--second--"
            }
            .to_owned()
        });
        assert_eq!(picked, "--second--");
    }

    #[test]
    fn quotes_and_newlines_cannot_break_headers() {
        let mut form = Form::new();
        form.file("files[0]", "evil\"\r\nX: y.png", None, vec![]);
        let (_, body) = form.build();
        let text = String::from_utf8(body).unwrap();
        assert!(text.contains("filename=\"evil%22%0D%0AX: y.png\""));
        assert!(!text.contains("\r\nX: y"));
    }

    #[test]
    fn guesses_types() {
        assert_eq!(guess_type("A.PNG"), "image/png");
        assert_eq!(guess_type("clip.jpeg"), "image/jpeg");
        assert_eq!(guess_type("noextension"), "application/octet-stream");
    }
}
