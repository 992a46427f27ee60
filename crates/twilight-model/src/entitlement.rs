//! Entitlements to premium offerings.

// STUB owned by helper M4: replace every stub below with the full types.

use serde::{Deserialize, Serialize};

/// Stub of `Entitlement`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entitlement {}
