//! Files uploaded with a message (multipart `files[n]`), stored so that an
//! attachment's `url` serves its bytes.

use super::values::id_str;
use super::{Inner, State};
use serde_json::{Value, json};

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
fn percent_encode(text: &str) -> String {
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

impl Inner {
    /// Stores an upload's bytes as attachment `id` of a message in
    /// `channel_id` and returns its attachment object, whose `url` (under
    /// `file_base`) serves them.
    pub(super) fn store_upload(
        &mut self,
        file: &Upload,
        id: u64,
        filename: &str,
        channel_id: u64,
        file_base: &str,
    ) -> Value {
        let content_type = file
            .content_type
            .clone()
            .unwrap_or_else(|| "application/octet-stream".to_owned());
        let url = format!(
            "{file_base}/attachments/{channel_id}/{id}/{}",
            percent_encode(filename)
        );
        let attachment = json!({
            "id": id_str(id),
            "filename": filename,
            "size": file.data.len(),
            "url": url,
            "proxy_url": url,
            "content_type": content_type,
            "height": null,
            "width": null,
            "flags": 0,
        });
        self.files.insert(
            id,
            StoredFile {
                content_type,
                data: file.data.clone(),
            },
        );
        attachment
    }
}
