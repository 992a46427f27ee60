//! What a response means for the limits, decided once for every limiter.
//!
//! [`Effects::of`] turns an [`Outcome`] into what a limiter must change:
//! the bucket's hash and window, what a 429 holds (its bucket, every
//! non-exempt request, or everything), whether the response counts toward
//! Discord's invalid request limit, and whether the bot's token was
//! refused. [`InMemoryRateLimiter`](crate::InMemoryRateLimiter) and every
//! [`Store`](crate::store::Store) apply these effects; none of them reads
//! a status code or a scope itself, so the rules cannot drift apart.

use crate::{Endpoint, Outcome, Scope};
use std::time::Duration;

/// How long a 429 without `Retry-After` or `Reset-After` holds requests.
pub const DEFAULT_RETRY: Duration = Duration::from_secs(1);

/// The window Discord counts invalid requests in.
pub const INVALID_REQUEST_WINDOW: Duration = Duration::from_secs(10 * 60);

/// A bucket's window, as a response reported it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WindowReport {
    /// `X-RateLimit-Limit`, if sent.
    pub limit: Option<u32>,
    /// `X-RateLimit-Remaining`.
    pub remaining: u32,
    /// `X-RateLimit-Reset-After`, without the margin.
    pub reset_after: Duration,
}

/// What a 429 holds, and for how long (margin included).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hold {
    /// The request's bucket. `exhaust`: the window is used up too (scope
    /// `user`, or a 429 with bucket headers); a `shared` 429 does not
    /// spend the bot's window.
    Bucket {
        /// How long the bucket waits.
        wait: Duration,
        /// Whether the bucket's remaining count drops to zero.
        exhaust: bool,
    },
    /// Every request not exempt from the global limit.
    Global(Duration),
    /// Every request: a 429 with neither scope nor ratelimit headers
    /// (Cloudflare's ban page).
    Everything(Duration),
}

impl Hold {
    /// How long the hold lasts.
    #[must_use]
    pub const fn wait(self) -> Duration {
        match self {
            Self::Bucket { wait, .. } | Self::Global(wait) | Self::Everything(wait) => wait,
        }
    }

    /// The `X-RateLimit-Scope` a proxy reports for this hold.
    #[must_use]
    pub const fn scope(self) -> Scope {
        match self {
            Self::Global(_) | Self::Everything(_) => Scope::Global,
            Self::Bucket { exhaust: false, .. } => Scope::Shared,
            Self::Bucket { exhaust: true, .. } => Scope::User,
        }
    }
}

/// What one response changes.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Effects {
    /// `X-RateLimit-Bucket`: the route's bucket hash.
    pub hash: Option<Box<str>>,
    /// The window reported, when both `Remaining` and `Reset-After` came.
    pub window: Option<WindowReport>,
    /// A successful answer without any ratelimit header: the route has no
    /// per-route limit.
    pub unlimited: bool,
    /// What a 429 holds.
    pub hold: Option<Hold>,
    /// Counts toward the invalid request limit (401, 403, 429 but `shared`).
    pub invalid: bool,
    /// A bot-token route answered 401: the token is refused.
    pub unauthorized: bool,
}

impl Effects {
    /// The effects of `outcome`, a response to `endpoint`; holds are
    /// lengthened by `margin`.
    #[must_use]
    pub fn of(endpoint: &Endpoint, outcome: &Outcome, margin: Duration) -> Self {
        let Outcome { status, headers } = outcome;
        let status = *status;
        let window = match (headers.remaining, headers.reset_after) {
            (Some(remaining), Some(reset_after)) => Some(WindowReport {
                limit: headers.limit,
                remaining,
                reset_after,
            }),
            _ => None,
        };
        let no_headers =
            headers.bucket.is_none() && headers.limit.is_none() && headers.remaining.is_none();
        let shared = headers.scope == Some(Scope::Shared);
        let hold = (status == 429).then(|| {
            let wait = headers
                .retry_after
                .or(headers.reset_after)
                .unwrap_or(DEFAULT_RETRY)
                + margin;
            let has_bucket = headers.bucket.is_some() || headers.remaining.is_some();
            if headers.global || headers.scope == Some(Scope::Global) {
                Hold::Global(wait)
            } else if shared {
                Hold::Bucket {
                    wait,
                    exhaust: false,
                }
            } else if headers.scope == Some(Scope::User) || has_bucket {
                Hold::Bucket {
                    wait,
                    exhaust: true,
                }
            } else {
                Hold::Everything(wait)
            }
        });
        Self {
            hash: headers.bucket.clone(),
            window,
            unlimited: window.is_none() && no_headers && (200..400).contains(&status),
            hold,
            invalid: counts_as_invalid(status, shared),
            // A webhook or interaction token's 401 says nothing of the
            // bot's token.
            unauthorized: status == 401 && !endpoint.is_global_exempt(),
        }
    }
}

/// Whether a response with `status` counts toward Discord's invalid request
/// limit (for a 429, `shared`: whether its scope was `shared`).
#[must_use]
pub const fn counts_as_invalid(status: u16, shared: bool) -> bool {
    matches!(status, 401 | 403) || (status == 429 && !shared)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Method, RateLimitHeaders};

    fn effects(status: u16, pairs: &[(&str, &str)]) -> Effects {
        let headers =
            RateLimitHeaders::from_pairs(pairs.iter().map(|(n, v)| (*n, v.as_bytes()))).unwrap();
        let endpoint = Endpoint::new(Method::Get, "/channels/{channel_id}").major(1);
        Effects::of(&endpoint, &Outcome { status, headers }, Duration::ZERO)
    }

    #[test]
    fn each_429_scope_holds_what_it_names() {
        let secs = Duration::from_secs;
        let user = effects(429, &[("x-ratelimit-scope", "user"), ("retry-after", "2")]);
        assert_eq!(
            user.hold,
            Some(Hold::Bucket {
                wait: secs(2),
                exhaust: true
            })
        );
        assert!(user.invalid);
        let shared = effects(
            429,
            &[("x-ratelimit-scope", "shared"), ("retry-after", "3")],
        );
        assert_eq!(
            shared.hold,
            Some(Hold::Bucket {
                wait: secs(3),
                exhaust: false
            })
        );
        assert!(!shared.invalid, "a shared 429 is not an invalid request");
        let global = effects(429, &[("x-ratelimit-global", "true"), ("retry-after", "1")]);
        assert_eq!(global.hold, Some(Hold::Global(secs(1))));
        let cloudflare = effects(429, &[("retry-after", "5")]);
        assert_eq!(cloudflare.hold, Some(Hold::Everything(secs(5))));
        assert_eq!(effects(200, &[]).hold, None);
    }

    #[test]
    fn windows_unlimited_routes_and_refused_tokens() {
        let known = effects(
            200,
            &[
                ("x-ratelimit-bucket", "h"),
                ("x-ratelimit-remaining", "3"),
                ("x-ratelimit-reset-after", "1.5"),
            ],
        );
        assert_eq!(known.hash.as_deref(), Some("h"));
        assert_eq!(
            known.window,
            Some(WindowReport {
                limit: None,
                remaining: 3,
                reset_after: Duration::from_millis(1500)
            })
        );
        assert!(!known.unlimited);
        assert!(effects(200, &[]).unlimited);
        assert!(!effects(500, &[]).unlimited);
        assert!(effects(401, &[]).unauthorized);
        let webhook = Endpoint::new(Method::Get, "/webhooks/{webhook_id}/{webhook_token}")
            .webhook(1, "t")
            .global_exempt(true);
        let outcome = Outcome {
            status: 401,
            headers: RateLimitHeaders::default(),
        };
        assert!(!Effects::of(&webhook, &outcome, Duration::ZERO).unauthorized);
    }
}
