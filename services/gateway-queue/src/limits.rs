//! The session start limits of a bot: from GET /gateway/bot (through
//! twilight-http) when the service has the bot's token, else from flags.

use serde::{Deserialize, Serialize};
use service_support::Secret;
use std::{fmt, time::Duration};

/// A bot's `session_start_limit`, with `reset_after` in real time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// Identifies per window (buckets); 0 counts as 1.
    pub max_concurrency: u32,
    /// Sessions left until the reset.
    pub remaining: u32,
    /// Milliseconds until the daily limit resets.
    pub reset_after_ms: u64,
    /// Sessions per day after the reset.
    pub total: u32,
}

impl Limits {
    /// `reset_after_ms` as a duration.
    #[must_use]
    pub fn reset_after(&self) -> Duration {
        Duration::from_millis(self.reset_after_ms)
    }
}

/// Fetches a bot's limits from Discord.
pub struct LimitSource {
    client: twilight_http::Client,
    /// Kept only to scrub it from error messages.
    token: Secret,
    /// Discord's `reset_after` divided by this (a time-scaled mock).
    time_scale: f64,
}

impl fmt::Debug for LimitSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LimitSource").finish_non_exhaustive()
    }
}

/// GET /gateway/bot failed. The message never holds the token.
#[derive(Debug)]
pub struct FetchError(String);

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "GET /gateway/bot failed: {}", self.0)
    }
}

impl std::error::Error for FetchError {}

impl LimitSource {
    /// A source for the bot with `token`, asking Discord, or `proxy`
    /// (`(host, use_http)`, twilight-http's proxy mode).
    #[must_use]
    pub fn new(token: &Secret, proxy: Option<(&str, bool)>, time_scale: f64) -> Self {
        let mut builder = twilight_http::Client::builder().token(token.expose().to_owned());
        if let Some((host, use_http)) = proxy {
            builder = builder.proxy(host, use_http);
        }
        Self {
            client: builder.build(),
            token: token.clone(),
            time_scale: if time_scale.is_finite() && time_scale > 0.0 {
                time_scale
            } else {
                1.0
            },
        }
    }

    /// The limits Discord reports now.
    ///
    /// # Errors
    ///
    /// [`FetchError`] when the request or its body fails.
    pub async fn fetch(&self) -> Result<Limits, FetchError> {
        let response = self
            .client
            .get_bot_gateway()
            .await
            .map_err(|error| FetchError(self.scrub(&error.to_string())))?;
        let info = response
            .model()
            .await
            .map_err(|error| FetchError(self.scrub(&error.to_string())))?;
        let limit = info.session_start_limit;
        let reset_after = Duration::from_millis(limit.reset_after).div_f64(self.time_scale);
        Ok(Limits {
            max_concurrency: limit.max_concurrency,
            remaining: limit.remaining,
            reset_after_ms: u64::try_from(reset_after.as_millis()).unwrap_or(u64::MAX),
            total: limit.total,
        })
    }

    /// Takes the token out of an error message, should a layer below ever
    /// put it there.
    fn scrub(&self, message: &str) -> String {
        let token = self.token.expose().trim_start_matches("Bot ");
        if token.is_empty() {
            message.to_owned()
        } else {
            message.replace(token, "<redacted>")
        }
    }
}
