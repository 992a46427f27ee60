//! SKUs: premium offerings of an application.

use crate::id::Id;
use crate::id::marker::{ApplicationMarker, SkuMarker};
use serde::{Deserialize, Serialize};

/// A premium offering ("stock-keeping unit") of an application.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Sku {
    /// Id of the SKU.
    pub id: Id<SkuMarker>,
    /// Type of SKU.
    #[serde(rename = "type")]
    pub kind: SkuType,
    /// Id of the parent application.
    pub application_id: Id<ApplicationMarker>,
    /// Customer-facing name of the premium offering.
    pub name: String,
    /// System-generated URL slug based on the SKU's name.
    pub slug: String,
    /// SKU flags.
    pub flags: SkuFlags,
    /// Id of the SKU this one depends on (undocumented).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dependent_sku_id: Option<Id<SkuMarker>>,
    /// Access type (undocumented).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_type: Option<u8>,
    /// Store features (undocumented).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub features: Option<Vec<String>>,
    /// Release date (undocumented).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release_date: Option<String>,
    /// Whether the SKU is premium (undocumented).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub premium: Option<bool>,
    /// Whether an age gate is shown (undocumented).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_age_gate: Option<bool>,
}

crate::int_enum! {
    /// The type of a [`Sku`].
    pub enum SkuType: u8 {
        /// Durable one-time purchase.
        Durable = 2,
        /// Consumable one-time purchase.
        Consumable = 3,
        /// A recurring subscription.
        Subscription = 5,
        /// System-generated group for each subscription SKU created.
        SubscriptionGroup = 6,
    }
}

crate::flags! {
    /// Flags of a [`Sku`].
    pub struct SkuFlags: u64 {
        /// The SKU is available for purchase.
        const AVAILABLE = 1 << 2;
        /// A recurring SKU a user buys for a single server, granting access to everyone there.
        const GUILD_SUBSCRIPTION = 1 << 7;
        /// A recurring SKU a user buys for themselves, granting access in every server.
        const USER_SUBSCRIPTION = 1 << 8;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sku_example() {
        let json = r#"{
          "id": "1088510058284990888",
          "type": 5,
          "dependent_sku_id": null,
          "application_id": "788708323867885999",
          "manifest_labels": null,
          "access_type": 1,
          "name": "Test Premium",
          "features": [],
          "release_date": null,
          "premium": false,
          "slug": "test-premium",
          "flags": 128,
          "show_age_gate": false
        }"#;
        let sku: Sku = serde_json::from_str(json).unwrap();
        assert_eq!(sku.kind, SkuType::Subscription);
        assert_eq!(sku.flags, SkuFlags::GUILD_SUBSCRIPTION);
        let mut expected: serde_json::Value = serde_json::from_str(json).unwrap();
        expected
            .as_object_mut()
            .unwrap()
            .retain(|_, v| !v.is_null());
        assert_eq!(serde_json::to_value(&sku).unwrap(), expected);

        let flags: SkuFlags = serde_json::from_str("1028").unwrap();
        assert!(flags.contains(SkuFlags::AVAILABLE));
        assert_eq!(flags.bits(), 1028);
        assert_eq!(
            serde_json::from_str::<SkuType>("1").unwrap(),
            SkuType::Unknown(1)
        );
        assert!(serde_json::from_str::<Sku>(r#"{"id":"1"}"#).is_err());
    }
}
