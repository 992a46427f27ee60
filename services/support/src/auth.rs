//! Bearer-secret authentication of a service's clients.
//!
//! A client sends `Authorization: Bearer <secret>`. A service refuses to
//! start without a secret, unless it listens on loopback only **and** the
//! operator passed `--allow-unauthenticated-loopback` ([`check_startup`]):
//! anything reachable from another machine is authenticated.
//!
//! Give secret flags `hide_env_values = true` (clap), so that `--help` does
//! not print the value of their environment variable.

use crate::Secret;
use hyper::{HeaderMap, header::AUTHORIZATION};
use std::{error::Error, fmt, net::SocketAddr};

/// How a service checks its clients, decided once at start-up.
#[derive(Clone, Debug)]
pub enum AuthMode {
    /// Every request must carry this bearer secret.
    Bearer(Secret),
    /// No check: listening on loopback only, and allowed by the operator.
    UnauthenticatedLoopback,
}

impl AuthMode {
    /// Whether a request with these headers is let in.
    #[must_use]
    pub fn allows(&self, headers: &HeaderMap) -> bool {
        match self {
            Self::Bearer(secret) => bearer_matches(headers, secret),
            Self::UnauthenticatedLoopback => true,
        }
    }
}

/// The service must not start as configured.
#[derive(Debug)]
pub struct AuthConfigError {
    listen: SocketAddr,
    allowed: bool,
}

impl fmt::Display for AuthConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.listen.ip().is_loopback() {
            write!(
                f,
                "no secret is set: set one, or pass --allow-unauthenticated-loopback to serve \
                 {} without authentication",
                self.listen
            )
        } else {
            write!(
                f,
                "no secret is set and {} is not a loopback address: a service reachable from \
                 other machines needs a secret{}",
                self.listen,
                if self.allowed {
                    " (--allow-unauthenticated-loopback only applies to loopback)"
                } else {
                    ""
                }
            )
        }
    }
}

impl Error for AuthConfigError {}

/// Decides how clients are checked: with `secret` when there is one (an
/// empty secret counts as none); without, only if `listen` is a loopback
/// address and `allow_unauthenticated_loopback` is set.
///
/// # Errors
///
/// [`AuthConfigError`] when there is no secret and that is not allowed.
pub fn check_startup(
    listen: SocketAddr,
    secret: Option<&Secret>,
    allow_unauthenticated_loopback: bool,
) -> Result<AuthMode, AuthConfigError> {
    match secret {
        Some(secret) if !secret.is_empty() => Ok(AuthMode::Bearer(secret.clone())),
        _ if listen.ip().is_loopback() && allow_unauthenticated_loopback => {
            Ok(AuthMode::UnauthenticatedLoopback)
        }
        _ => Err(AuthConfigError {
            listen,
            allowed: allow_unauthenticated_loopback,
        }),
    }
}

/// Whether `headers` carry `Authorization: Bearer <secret>` (the scheme is
/// case-insensitive). The secret is compared in constant time.
#[must_use]
pub fn bearer_matches(headers: &HeaderMap, secret: &Secret) -> bool {
    let Some(value) = headers.get(AUTHORIZATION) else {
        return false;
    };
    let value = value.as_bytes();
    let Some((scheme, given)) = value.split_at_checked(7) else {
        return false;
    };
    scheme.eq_ignore_ascii_case(b"bearer ") && constant_time_eq(given, secret.expose().as_bytes())
}

/// Compares without an early exit, so that the time taken does not tell how
/// much of a guess was right (only whether its length was).
#[must_use]
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    // Keeps the optimiser from turning the fold into an early exit.
    std::hint::black_box(diff) == 0
}

#[cfg(test)]
mod tests {
    use super::{AuthMode, bearer_matches, check_startup, constant_time_eq};
    use crate::Secret;
    use hyper::{HeaderMap, header::AUTHORIZATION};

    fn headers(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(AUTHORIZATION, value.parse().unwrap());
        headers
    }

    #[test]
    fn bearer() {
        let secret = Secret::new("s3cret");
        assert!(bearer_matches(&headers("Bearer s3cret"), &secret));
        assert!(bearer_matches(&headers("bearer s3cret"), &secret));
        assert!(!bearer_matches(&headers("Bearer s3cre"), &secret));
        assert!(!bearer_matches(&headers("Bearer s3cretX"), &secret));
        assert!(!bearer_matches(&headers("Basic s3cret"), &secret));
        assert!(!bearer_matches(&headers("Bearer"), &secret));
        assert!(!bearer_matches(&HeaderMap::new(), &secret));
        assert!(constant_time_eq(b"", b""));
        assert!(!constant_time_eq(b"a", b"b"));
    }

    #[test]
    fn startup_rule() {
        let loopback = "127.0.0.1:8080".parse().unwrap();
        let public = "0.0.0.0:8080".parse().unwrap();
        let secret = Secret::new("x");
        assert!(matches!(
            check_startup(public, Some(&secret), false),
            Ok(AuthMode::Bearer(_))
        ));
        assert!(matches!(
            check_startup(loopback, None, true),
            Ok(AuthMode::UnauthenticatedLoopback)
        ));
        assert!(check_startup(loopback, None, false).is_err());
        assert!(check_startup(loopback, Some(&Secret::new("")), false).is_err());
        let error = check_startup(public, None, true).unwrap_err().to_string();
        assert!(error.contains("not a loopback address"), "{error}");
        assert!(!AuthMode::Bearer(secret).allows(&HeaderMap::new()));
    }
}
