//! The `/health` convention: one JSON answer for liveness and readiness.
//!
//! ```text
//! GET /health        200 {"status":"ok","checks":{"redis":{"ok":true,"detail":"..."}}}
//!                    503 {"status":"unavailable","checks":{...}} when a check fails
//! GET /health/live   200 {"status":"ok"}: the process answers (liveness)
//! ```
//!
//! `/health` is the readiness probe: it is `200` only when every check
//! passes. Neither path has side effects.

use crate::server::{Body, json};
use hyper::{Response, StatusCode};
use serde::Serialize;
use std::collections::BTreeMap;

/// One readiness check's result.
#[derive(Clone, Debug, Serialize)]
pub struct Check {
    /// Whether it passes.
    pub ok: bool,
    /// What was found, for a human (never a secret).
    pub detail: String,
}

/// A readiness answer under construction.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Health {
    status: &'static str,
    checks: BTreeMap<&'static str, Check>,
}

impl Health {
    /// No checks yet (ready).
    #[must_use]
    pub fn new() -> Self {
        Self {
            status: "ok",
            checks: BTreeMap::new(),
        }
    }

    /// Adds check `name`.
    #[must_use]
    pub fn check(mut self, name: &'static str, ok: bool, detail: impl Into<String>) -> Self {
        if !ok {
            self.status = "unavailable";
        }
        self.checks.insert(
            name,
            Check {
                ok,
                detail: detail.into(),
            },
        );
        self
    }

    /// Whether every check passed.
    #[must_use]
    pub fn is_ok(&self) -> bool {
        self.checks.values().all(|check| check.ok)
    }

    /// `200` when every check passed, else `503`, with the JSON body.
    #[must_use]
    pub fn response(&self) -> Response<Body> {
        let status = if self.is_ok() {
            StatusCode::OK
        } else {
            StatusCode::SERVICE_UNAVAILABLE
        };
        json(status, self)
    }

    /// The liveness answer: `200 {"status":"ok"}`.
    #[must_use]
    pub fn live() -> Response<Body> {
        json(StatusCode::OK, &Self::new())
    }
}
