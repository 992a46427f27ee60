//! Application role connection metadata.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A metadata field an application defines for its role connections, which
/// guilds can require of members.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationRoleConnectionMetadata {
    /// Type of metadata value.
    #[serde(rename = "type")]
    pub kind: ApplicationRoleConnectionMetadataType,
    /// Dictionary key for the metadata field.
    pub key: String,
    /// Name of the metadata field.
    pub name: String,
    /// Translations of the name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_localizations: Option<HashMap<String, String>>,
    /// Description of the metadata field.
    pub description: String,
    /// Translations of the description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description_localizations: Option<HashMap<String, String>>,
}

crate::int_enum! {
    /// How a role connection metadata value is compared to a guild's configured value.
    pub enum ApplicationRoleConnectionMetadataType: u8 {
        /// The integer value is less than or equal to the guild's value.
        IntegerLessThanOrEqual = 1,
        /// The integer value is greater than or equal to the guild's value.
        IntegerGreaterThanOrEqual = 2,
        /// The integer value is equal to the guild's value.
        IntegerEqual = 3,
        /// The integer value is not equal to the guild's value.
        IntegerNotEqual = 4,
        /// The ISO 8601 date is at most the guild's number of days before now.
        DatetimeLessThanOrEqual = 5,
        /// The ISO 8601 date is at least the guild's number of days before now.
        DatetimeGreaterThanOrEqual = 6,
        /// The boolean value (`1`) is equal to the guild's value.
        BooleanEqual = 7,
        /// The boolean value (`1`) is not equal to the guild's value.
        BooleanNotEqual = 8,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata() {
        let json = r#"{"type":2,"key":"level","name":"Level","name_localizations":{"fr":"Niveau"},"description":"Minimum level"}"#;
        let metadata: ApplicationRoleConnectionMetadata = serde_json::from_str(json).unwrap();
        assert_eq!(
            metadata.kind,
            ApplicationRoleConnectionMetadataType::IntegerGreaterThanOrEqual
        );
        assert_eq!(serde_json::to_string(&metadata).unwrap(), json);
        assert_eq!(
            serde_json::from_str::<ApplicationRoleConnectionMetadataType>("42").unwrap(),
            ApplicationRoleConnectionMetadataType::Unknown(42)
        );
    }
}
