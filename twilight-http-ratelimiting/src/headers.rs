//! Discord's ratelimit headers, parsed from name/value pairs.
//!
//! Discord sends `X-RateLimit-Limit`, `-Remaining`, `-Reset`, `-Reset-After`
//! and `-Bucket` on every limited response, but `-Scope` and `-Global` only
//! on 429s, so every response is parsed, not only those with a scope.

use std::{error::Error, fmt, str, time::Duration};

/// The scope of a 429 (`X-RateLimit-Scope`).
#[derive(Clone, Copy, Debug, Eq, Hash, PartialEq)]
pub enum Scope {
    /// The per-user (bot) limit of a route or the global limit.
    User,
    /// The global limit.
    Global,
    /// A limit shared by all users of a resource; does not count toward the
    /// invalid-request limit.
    Shared,
    /// A scope Discord added after this crate; treated as [`User`](Self::User),
    /// the cautious reading (it counts toward the invalid-request limit).
    Unknown,
}

/// The longest wait a header or 429 body can impose: a day. Discord's
/// longest resets are minutes, its temporary bans an hour; a larger value
/// (`1e18`, `1e300`) is a broken or hostile peer, and is capped here rather
/// than blocking a bucket, or the whole client, for ever.
pub const MAX_WAIT: Duration = Duration::from_secs(24 * 60 * 60);

/// `seconds` as a wait, capped at [`MAX_WAIT`] (with a warning) and never
/// a panic, whatever the number: negative and NaN are `None`.
pub fn capped_wait(seconds: f64) -> Option<Duration> {
    if seconds.is_nan() || seconds < 0.0 {
        return None;
    }
    match Duration::try_from_secs_f64(seconds) {
        Ok(wait) if wait <= MAX_WAIT => Some(wait),
        _ => {
            tracing::warn!(seconds, cap = ?MAX_WAIT, "a ratelimit wait past the cap");
            Some(MAX_WAIT)
        }
    }
}

/// The ratelimit headers of one response. Absent headers are `None`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RateLimitHeaders {
    /// `X-RateLimit-Bucket`: the bucket's hash.
    pub bucket: Option<Box<str>>,
    /// `X-RateLimit-Limit`: requests per window.
    pub limit: Option<u32>,
    /// `X-RateLimit-Remaining`: requests left in this window.
    pub remaining: Option<u32>,
    /// `X-RateLimit-Reset-After`: time until the window resets.
    pub reset_after: Option<Duration>,
    /// `X-RateLimit-Global`: the 429 is of the global limit.
    pub global: bool,
    /// `X-RateLimit-Scope` (429s only).
    pub scope: Option<Scope>,
    /// `Retry-After` (429s only), in whole seconds as Discord sends it.
    pub retry_after: Option<Duration>,
}

impl RateLimitHeaders {
    /// Parses the ratelimit headers among `pairs`; other headers are
    /// ignored, names are matched without regard to case.
    ///
    /// ```
    /// use std::time::Duration;
    /// use twilight_http_ratelimiting::RateLimitHeaders;
    ///
    /// let headers = RateLimitHeaders::from_pairs([
    ///     ("x-ratelimit-bucket", b"abcd1234".as_slice()),
    ///     ("X-RateLimit-Remaining", b"4"),
    ///     ("x-ratelimit-reset-after", b"1.25"),
    ///     ("content-type", b"application/json"),
    /// ])?;
    /// assert_eq!(headers.bucket.as_deref(), Some("abcd1234"));
    /// assert_eq!(headers.remaining, Some(4));
    /// assert_eq!(headers.reset_after, Some(Duration::from_millis(1250)));
    /// # Ok::<_, twilight_http_ratelimiting::HeaderParsingError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// Returns an error naming the header if a ratelimit header's value is
    /// not what Discord documents.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a [u8])>,
    ) -> Result<Self, HeaderParsingError> {
        let mut headers = Self::default();
        for (name, value) in pairs {
            let Some(field) = Field::from_name(name) else {
                continue;
            };
            let text = str::from_utf8(value)
                .map_err(|_| HeaderParsingError::new(field.name(), value))?
                .trim();
            let bad = || HeaderParsingError::new(field.name(), value);
            match field {
                Field::Bucket => headers.bucket = Some(text.into()),
                Field::Limit => headers.limit = Some(text.parse().map_err(|_| bad())?),
                Field::Remaining => headers.remaining = Some(text.parse().map_err(|_| bad())?),
                Field::ResetAfter => headers.reset_after = Some(seconds(text).ok_or_else(bad)?),
                Field::RetryAfter => headers.retry_after = Some(seconds(text).ok_or_else(bad)?),
                Field::Global => headers.global = text.eq_ignore_ascii_case("true"),
                Field::Scope => {
                    headers.scope = Some(match text {
                        "user" => Scope::User,
                        "global" => Scope::Global,
                        "shared" => Scope::Shared,
                        _ => Scope::Unknown,
                    });
                }
            }
        }
        Ok(headers)
    }
}

#[derive(Clone, Copy)]
enum Field {
    Bucket,
    Limit,
    Remaining,
    ResetAfter,
    RetryAfter,
    Global,
    Scope,
}

impl Field {
    const ALL: [(Self, &'static str); 7] = [
        (Self::Bucket, "x-ratelimit-bucket"),
        (Self::Limit, "x-ratelimit-limit"),
        (Self::Remaining, "x-ratelimit-remaining"),
        (Self::ResetAfter, "x-ratelimit-reset-after"),
        (Self::RetryAfter, "retry-after"),
        (Self::Global, "x-ratelimit-global"),
        (Self::Scope, "x-ratelimit-scope"),
    ];

    fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .find(|(_, known)| known.eq_ignore_ascii_case(name))
            .map(|&(field, _)| field)
    }

    fn name(self) -> &'static str {
        Self::ALL[self as usize].1
    }
}

/// A non-negative decimal number of seconds, as in `Reset-After`, capped
/// at [`MAX_WAIT`].
fn seconds(text: &str) -> Option<Duration> {
    capped_wait(text.parse().ok()?)
}

/// A ratelimit header whose value is not what Discord documents.
#[derive(Debug)]
pub struct HeaderParsingError {
    name: &'static str,
    value: Box<[u8]>,
}

impl HeaderParsingError {
    fn new(name: &'static str, value: &[u8]) -> Self {
        Self {
            name,
            value: value.into(),
        }
    }

    /// The header's name, in lower case.
    #[must_use]
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// The value that did not parse.
    #[must_use]
    pub fn value(&self) -> &[u8] {
        &self.value
    }
}

impl fmt::Display for HeaderParsingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "ratelimit header {} has an invalid value {:?}",
            self.name,
            String::from_utf8_lossy(&self.value)
        )
    }
}

impl Error for HeaderParsingError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_429_with_scope_and_retry_after() {
        let headers = RateLimitHeaders::from_pairs([
            ("X-RateLimit-Scope", b"shared".as_slice()),
            ("X-RateLimit-Global", b"false"),
            ("Retry-After", b"3"),
            ("X-RateLimit-Limit", b"5"),
        ])
        .unwrap();
        assert_eq!(headers.scope, Some(Scope::Shared));
        assert!(!headers.global);
        assert_eq!(headers.retry_after, Some(Duration::from_secs(3)));
        assert_eq!(headers.limit, Some(5));
    }

    #[test]
    fn bad_values_name_their_header() {
        let error = RateLimitHeaders::from_pairs([("x-ratelimit-remaining", b"-1".as_slice())])
            .unwrap_err();
        assert_eq!(error.name(), "x-ratelimit-remaining");
        assert!(error.to_string().contains("\"-1\""));
        assert!(
            RateLimitHeaders::from_pairs([("x-ratelimit-reset-after", b"NaN".as_slice())]).is_err()
        );
    }
}

#[cfg(test)]
mod wait_tests {
    use super::{MAX_WAIT, RateLimitHeaders, Scope, capped_wait};
    use std::time::Duration;

    /// Found by the `ratelimit_headers` fuzz target: these panicked in
    /// `Duration::from_secs_f64`, or parsed into waits of centuries.
    #[test]
    fn waits_from_the_network_are_capped_never_a_panic() {
        for huge in ["1e300", "18446744073709551616", "1e18", "inf"] {
            let headers = RateLimitHeaders::from_pairs([
                ("x-ratelimit-reset-after", huge.as_bytes()),
                ("retry-after", huge.as_bytes()),
            ]);
            let headers = headers.unwrap_or_else(|error| panic!("{huge}: {error}"));
            assert_eq!(headers.reset_after, Some(MAX_WAIT), "{huge}");
            assert_eq!(headers.retry_after, Some(MAX_WAIT), "{huge}");
        }
        assert_eq!(capped_wait(1.25), Some(Duration::from_millis(1250)));
        assert_eq!(capped_wait(-1.0), None);
        assert_eq!(capped_wait(f64::NAN), None);
        assert!(RateLimitHeaders::from_pairs([("retry-after", b"-3".as_slice())]).is_err());
    }

    #[test]
    fn an_unknown_scope_is_kept_as_unknown() {
        let headers =
            RateLimitHeaders::from_pairs([("x-ratelimit-scope", b"galaxy".as_slice())]).unwrap();
        assert_eq!(headers.scope, Some(Scope::Unknown));
    }
}
