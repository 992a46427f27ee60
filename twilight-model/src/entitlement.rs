//! Entitlements to premium offerings.

use crate::Timestamp;
use crate::id::Id;
use crate::id::marker::{
    ApplicationMarker, EntitlementMarker, GenericMarker, GuildMarker, SkuMarker,
    SubscriptionMarker, UserMarker,
};
use serde::{Deserialize, Serialize};

/// A user's or guild's access to a premium offering of an application.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Entitlement {
    /// Id of the entitlement.
    pub id: Id<EntitlementMarker>,
    /// Id of the SKU.
    pub sku_id: Id<SkuMarker>,
    /// Id of the parent application.
    pub application_id: Id<ApplicationMarker>,
    /// Id of the user that is granted access to the entitlement's SKU.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<Id<UserMarker>>,
    /// Type of entitlement.
    #[serde(rename = "type")]
    pub kind: EntitlementType,
    /// Whether the entitlement was deleted.
    pub deleted: bool,
    /// Start date at which the entitlement is valid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starts_at: Option<Timestamp>,
    /// Date at which the entitlement is no longer valid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends_at: Option<Timestamp>,
    /// Id of the guild that is granted access to the entitlement's SKU.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
    /// For consumable items, whether the entitlement has been consumed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consumed: Option<bool>,
    /// Id of the subscription that granted the entitlement (undocumented).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subscription_id: Option<Id<SubscriptionMarker>>,
    /// Id of the promotion that granted the entitlement (undocumented).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promotion_id: Option<Id<GenericMarker>>,
    /// Gift code flags (undocumented).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gift_code_flags: Option<u64>,
}

crate::int_enum! {
    /// How an [`Entitlement`] was obtained.
    pub enum EntitlementType: u8 {
        /// Purchased by the user.
        Purchase = 1,
        /// For a Discord Nitro subscription.
        PremiumSubscription = 2,
        /// Gifted by the developer.
        DeveloperGift = 3,
        /// Purchased by a developer in application test mode.
        TestModePurchase = 4,
        /// Granted when the SKU was free.
        FreePurchase = 5,
        /// Gifted by another user.
        UserGift = 6,
        /// Claimed by the user for free as a Nitro subscriber.
        PremiumPurchase = 7,
        /// Purchased as an app subscription.
        ApplicationSubscription = 8,
    }
}

crate::int_enum! {
    /// Whether a test entitlement is for a guild or a user.
    pub enum EntitlementOwnerType: u8 {
        /// A guild subscription.
        Guild = 1,
        /// A user subscription.
        User = 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    #[test]
    fn entitlement_example() {
        let json = r#"{
          "id": "1019653849998299136",
          "sku_id": "1019475255913222144",
          "application_id": "1019370614521200640",
          "user_id": "771129655544643584",
          "promotion_id": null,
          "type": 8,
          "deleted": false,
          "gift_code_flags": 0,
          "consumed": false,
          "starts_at": "2022-09-14T17:00:18.704163+00:00",
          "ends_at": "2022-10-14T17:00:18.704163+00:00",
          "guild_id": "1015034326372454400",
          "subscription_id": "1019653835926409216"
        }"#;
        let entitlement: Entitlement = serde_json::from_str(json).unwrap();
        assert_eq!(entitlement.kind, EntitlementType::ApplicationSubscription);
        assert_eq!(entitlement.consumed, Some(false));
        let mut expected: Value = serde_json::from_str(json).unwrap();
        expected.as_object_mut().unwrap().remove("promotion_id");
        assert_eq!(serde_json::to_value(&entitlement).unwrap(), expected);

        assert_eq!(
            serde_json::from_str::<EntitlementType>("99").unwrap(),
            EntitlementType::Unknown(99)
        );
        let bad = json.replace(r#""type": 8"#, r#""type": "8""#);
        assert!(serde_json::from_str::<Entitlement>(&bad).is_err());
    }
}
