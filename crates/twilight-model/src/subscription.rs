//! Subscriptions to SKUs.

// STUB owned by helper M4: replace every stub below with the full types.

use serde::{Deserialize, Serialize};

/// Stub of `Subscription`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Subscription {}
