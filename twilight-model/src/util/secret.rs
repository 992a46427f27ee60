//! Credentials that must never reach a log.

use serde::{Deserialize, Serialize};
use std::fmt::{self, Debug, Formatter};

/// A token (bot, interaction, webhook or voice) that `Debug` never shows.
///
/// It serialises as the plain string Discord expects; formatting hides it,
/// so a struct holding one can derive `Debug` safely. There is no implicit
/// way to the string (no `Deref`, no `Display`, so no `to_string()` or
/// `{}`): reading it takes [`expose`](Self::expose), which is easy to find
/// in a review.
///
/// ```
/// use twilight_model::util::secret::Secret;
///
/// let token = Secret::from("my-bot-token");
/// assert_eq!(format!("{token:?}"), "<redacted>");
/// assert_eq!(token, "my-bot-token");
/// assert_eq!(serde_json::to_string(&token).unwrap(), r#""my-bot-token""#);
/// ```
#[derive(Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a token.
    pub fn new(token: impl Into<String>) -> Self {
        Self(token.into())
    }

    /// Whether it is the empty string (which services read as "no secret").
    pub const fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The token itself, to send it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The token as an owned string.
    pub fn into_inner(self) -> String {
        self.0
    }
}

impl Debug for Secret {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Parsing cannot fail; it lets a command-line parser (clap) read a secret
/// straight into this type, so the plain string never sits in a config.
impl std::str::FromStr for Secret {
    type Err = std::convert::Infallible;

    fn from_str(token: &str) -> Result<Self, Self::Err> {
        Ok(Self::from(token))
    }
}

impl From<String> for Secret {
    fn from(token: String) -> Self {
        Self(token)
    }
}

impl From<&str> for Secret {
    fn from(token: &str) -> Self {
        Self(token.to_owned())
    }
}

impl PartialEq<str> for Secret {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Secret {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}
