//! Compact image hashes.

use serde::de::{Deserialize, Deserializer, Error as DeError, Visitor};
use serde::ser::{Serialize, Serializer};
use std::fmt::{self, Display, Formatter};

/// The hash of an avatar, icon, banner or other image.
///
/// Discord's hashes are 32 lowercase hex digits, with an `a_` prefix when the
/// image is animated. Those are stored in 17 bytes instead of a 34-byte
/// string; any other text (Discord is free to change the form) is kept as it
/// is, so a hash always serialises back to the text it came from.
///
/// ```
/// use twilight_model::util::image_hash::ImageHash;
///
/// let hash: ImageHash = serde_json::from_str(r#""a_bab14f271d565501444b2ca3be944b25""#)?;
/// assert!(hash.is_animated());
/// assert_eq!(hash.to_string(), "a_bab14f271d565501444b2ca3be944b25");
/// let odd: ImageHash = serde_json::from_str(r#""not-a-hash""#)?;
/// assert_eq!(odd.to_string(), "not-a-hash");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ImageHash {
    /// The usual form: 16 bytes and whether the image is animated.
    Hex {
        /// The hash's bytes.
        bytes: [u8; 16],
        /// Whether the hash had the `a_` prefix.
        animated: bool,
    },
    /// Any other text.
    Other(Box<str>),
}

impl ImageHash {
    /// Parses a hash; text that is not in the usual form is kept as it is.
    pub fn new(text: &str) -> Self {
        let (animated, hex) = match text.strip_prefix("a_") {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let hex = hex.as_bytes();
        if hex.len() == 32 {
            let mut bytes = [0_u8; 16];
            let mut ok = true;
            for (i, pair) in hex.chunks_exact(2).enumerate() {
                match (nibble(pair[0]), nibble(pair[1])) {
                    (Some(hi), Some(lo)) => bytes[i] = (hi << 4) | lo,
                    _ => {
                        ok = false;
                        break;
                    }
                }
            }
            if ok {
                return Self::Hex { bytes, animated };
            }
        }
        Self::Other(text.into())
    }

    /// Whether the image is animated (the hash starts with `a_`).
    pub fn is_animated(&self) -> bool {
        match self {
            Self::Hex { animated, .. } => *animated,
            Self::Other(text) => text.starts_with("a_"),
        }
    }
}

const fn nibble(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        // Upper-case digits would not print back the same; keep them as text.
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    }
}

impl Display for ImageHash {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Self::Hex { bytes, animated } => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let mut buf = [0_u8; 34];
                let mut len = 0;
                if *animated {
                    buf[..2].copy_from_slice(b"a_");
                    len = 2;
                }
                for byte in bytes {
                    buf[len] = HEX[usize::from(byte >> 4)];
                    buf[len + 1] = HEX[usize::from(byte & 0xF)];
                    len += 2;
                }
                f.write_str(std::str::from_utf8(&buf[..len]).unwrap_or_default())
            }
            Self::Other(text) => f.write_str(text),
        }
    }
}

impl Serialize for ImageHash {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

struct ImageHashVisitor;

impl Visitor<'_> for ImageHashVisitor {
    type Value = ImageHash;

    fn expecting(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str("an image hash")
    }

    fn visit_str<E: DeError>(self, v: &str) -> Result<Self::Value, E> {
        Ok(ImageHash::new(v))
    }
}

impl<'de> Deserialize<'de> for ImageHash {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(ImageHashVisitor)
    }
}
