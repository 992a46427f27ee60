//! Applications, their flags, install parameters and role connection metadata.

// STUB owned by helper M4: replace every stub below with the full types.

pub mod command;

use serde::{Deserialize, Serialize};

/// Stub of `Application`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Application {}
crate::int_enum! {
    /// Stub of `ApplicationIntegrationType`.
    pub enum ApplicationIntegrationType: u8 {
    }
}

crate::flags! {
    /// Stub of `ApplicationFlags`.
    pub struct ApplicationFlags: u64 {
    }
}
