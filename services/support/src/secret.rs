//! [`Secret`]: a string that never prints.

use std::{convert::Infallible, fmt, str::FromStr};

/// A bot token or a shared secret. `Debug` and `Display` print
/// `<redacted>`, so that it cannot reach a log, a metric or an error
/// message by accident; [`expose`](Self::expose) is the only way to read it.
///
/// ```
/// use service_support::Secret;
///
/// let token: Secret = "Bot abc".parse().unwrap();
/// assert_eq!(format!("{token} {token:?}"), "<redacted> <redacted>");
/// assert_eq!(token.expose(), "Bot abc");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Box<str>);

impl Secret {
    /// Wraps `value`.
    #[must_use]
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into().into_boxed_str())
    }

    /// The secret itself: pass it where it is needed, never to a log.
    #[must_use]
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether it is the empty string (which a service treats as no
    /// secret).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl FromStr for Secret {
    type Err = Infallible;

    fn from_str(s: &str) -> Result<Self, Infallible> {
        Ok(Self::new(s))
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self::new(value)
    }
}
