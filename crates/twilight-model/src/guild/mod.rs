//! Guilds and what belongs to them: members, roles, bans, integrations, onboarding, welcome screens, widgets, previews and templates.

// STUB owned by helper M3: replace every stub below with the full types.

use serde::{Deserialize, Serialize};

/// Stub of `Guild`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Guild {}

/// Stub of `UnavailableGuild`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnavailableGuild {
    /// Stub.
    pub id: crate::id::Id<crate::id::marker::GuildMarker>,
    /// Stub.
    pub unavailable: bool,
}

/// Stub of `Member`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Member {}

/// Stub of `PartialMember`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PartialMember {}

/// Stub of `Role`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Role {}

/// Stub of `Integration`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Integration {}
