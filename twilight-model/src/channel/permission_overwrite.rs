//! Permission overwrites of guild channels.

use crate::id::Id;
use crate::id::marker::GenericMarker;
use crate::permissions::Permissions;
use serde::{Deserialize, Serialize};

/// Explicit permissions of a role or member in a channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PermissionOverwrite {
    /// Role or user id.
    pub id: Id<GenericMarker>,
    /// Whether `id` names a role or a member.
    #[serde(rename = "type")]
    pub kind: PermissionOverwriteType,
    /// Allowed permissions (`"0"` when absent).
    #[serde(default = "Permissions::empty")]
    pub allow: Permissions,
    /// Denied permissions (`"0"` when absent).
    #[serde(default = "Permissions::empty")]
    pub deny: Permissions,
}

crate::int_enum! {
    /// What a permission overwrite applies to.
    pub enum PermissionOverwriteType: u8 {
        /// A role.
        Role = 0,
        /// A member.
        Member = 1,
    }
}
