//! Files uploaded with a message (multipart `files[n]`), stored so that an
//! attachment's `url` serves its bytes.

use super::State;

/// A file uploaded with a multipart request.
#[derive(Clone, Debug)]
pub struct Upload {
    /// The `n` of the `files[n]` part (or the part's position).
    pub index: u64,
    /// The file name.
    pub filename: String,
    /// The part's content type.
    pub content_type: Option<String>,
    /// The file's bytes.
    pub data: bytes::Bytes,
}

/// A stored attachment's bytes, served at its `url`.
#[derive(Clone, Debug)]
pub struct StoredFile {
    /// The content type.
    pub content_type: String,
    /// The bytes.
    pub data: bytes::Bytes,
}

/// Percent-encodes a file name for a URL path.
pub(super) fn percent_encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl State {
    /// A stored attachment's bytes.
    pub fn file(&self, attachment_id: u64) -> Option<StoredFile> {
        self.lock().files.get(&attachment_id).cloned()
    }
}
