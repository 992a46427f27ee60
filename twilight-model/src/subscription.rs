//! Subscriptions to SKUs.

use crate::Timestamp;
use crate::id::Id;
use crate::id::marker::{EntitlementMarker, SkuMarker, SubscriptionMarker, UserMarker};
use serde::{Deserialize, Serialize};

/// A user making recurring payments for at least one subscription SKU.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Subscription {
    /// Id of the subscription.
    pub id: Id<SubscriptionMarker>,
    /// Id of the user who is subscribed.
    pub user_id: Id<UserMarker>,
    /// SKUs subscribed to.
    pub sku_ids: Vec<Id<SkuMarker>>,
    /// Entitlements granted for this subscription.
    pub entitlement_ids: Vec<Id<EntitlementMarker>>,
    /// SKUs that this user will be subscribed to at renewal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renewal_sku_ids: Option<Vec<Id<SkuMarker>>>,
    /// Start of the current subscription period.
    pub current_period_start: Timestamp,
    /// End of the current subscription period.
    pub current_period_end: Timestamp,
    /// Current status of the subscription.
    pub status: SubscriptionStatus,
    /// When the subscription was canceled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canceled_at: Option<Timestamp>,
    /// ISO 3166-1 alpha-2 country code of the payment source used to purchase.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

crate::int_enum! {
    /// The status of a [`Subscription`].
    pub enum SubscriptionStatus: u8 {
        /// Active and scheduled to renew.
        Active = 0,
        /// Inactive and not being charged.
        Inactive = 1,
        /// Active but will not renew.
        Ending = 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subscription_example() {
        let json = r#"{
          "id": "1278078770116427839",
          "user_id": "1088605110638227537",
          "sku_ids": ["1158857122189168803"],
          "entitlement_ids": [],
          "renewal_sku_ids": null,
          "current_period_start": "2024-08-27T19:48:44.406602+00:00",
          "current_period_end": "2024-09-27T19:48:44.406602+00:00",
          "status": 0,
          "canceled_at": null
        }"#;
        let subscription: Subscription = serde_json::from_str(json).unwrap();
        assert_eq!(subscription.status, SubscriptionStatus::Active);
        assert_eq!(subscription.sku_ids.len(), 1);
        let mut expected: serde_json::Value = serde_json::from_str(json).unwrap();
        expected
            .as_object_mut()
            .unwrap()
            .retain(|_, v| !v.is_null());
        assert_eq!(serde_json::to_value(&subscription).unwrap(), expected);
        assert_eq!(
            serde_json::from_str::<SubscriptionStatus>("3").unwrap(),
            SubscriptionStatus::Unknown(3)
        );
        let bad = json.replace("2024-08-27T19", "yesterday");
        assert!(serde_json::from_str::<Subscription>(&bad).is_err());
    }
}
