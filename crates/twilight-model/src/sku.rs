//! SKUs: premium offerings of an application.

// STUB owned by helper M4: replace every stub below with the full types.

use serde::{Deserialize, Serialize};

/// Stub of `Sku`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sku {}
