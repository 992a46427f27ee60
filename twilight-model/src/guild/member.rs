//! Guild members.

use crate::Timestamp;
use crate::id::{
    Id,
    marker::{GuildMarker, RoleMarker},
};
use crate::permissions::Permissions;
use crate::user::{AvatarDecorationData, User};
use crate::util::image_hash::ImageHash;
use serde::{Deserialize, Serialize};

/// A user's membership of a guild.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Member {
    /// The user this guild member represents.
    pub user: User,
    /// This user's guild nickname.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nick: Option<String>,
    /// The member's guild avatar hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar: Option<ImageHash>,
    /// The member's guild banner hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub banner: Option<ImageHash>,
    /// Ids of the member's roles.
    pub roles: Vec<Id<RoleMarker>>,
    /// When the user joined the guild (`None` for guests in voice state events).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub joined_at: Option<Timestamp>,
    /// When the user started boosting the guild.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub premium_since: Option<Timestamp>,
    /// Whether the user is deafened in voice channels.
    pub deaf: bool,
    /// Whether the user is muted in voice channels.
    pub mute: bool,
    /// Guild member flags.
    ///
    /// Discord documents them as always present (defaulting to 0), but some
    /// payloads leave them out; `None` keeps that distinction so the member
    /// serialises back to what was received.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flags: Option<MemberFlags>,
    /// Whether the user has not yet passed the guild's membership screening.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending: Option<bool>,
    /// Total permissions of the member in the channel, sent in interactions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions: Option<Permissions>,
    /// When the user's timeout will expire.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub communication_disabled_until: Option<Timestamp>,
    /// Data for the member's guild avatar decoration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar_decoration_data: Option<AvatarDecorationData>,
    /// The member's guild collectibles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collectibles: Option<crate::user::Collectibles>,
    /// The guild's id, sent only in `GUILD_MEMBER_ADD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
}

/// A guild member whose `user` may be missing, as sent inside
/// `MESSAGE_CREATE`, `MESSAGE_UPDATE` and interaction data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PartialMember {
    /// The user this guild member represents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<User>,
    /// This user's guild nickname.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nick: Option<String>,
    /// The member's guild avatar hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar: Option<ImageHash>,
    /// The member's guild banner hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub banner: Option<ImageHash>,
    /// Ids of the member's roles.
    pub roles: Vec<Id<RoleMarker>>,
    /// When the user joined the guild.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub joined_at: Option<Timestamp>,
    /// When the user started boosting the guild.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub premium_since: Option<Timestamp>,
    /// Whether the user is deafened in voice channels (absent in interaction
    /// resolved data).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deaf: Option<bool>,
    /// Whether the user is muted in voice channels (absent in interaction
    /// resolved data).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mute: Option<bool>,
    /// Guild member flags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flags: Option<MemberFlags>,
    /// Whether the user has not yet passed the guild's membership screening.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending: Option<bool>,
    /// Total permissions of the member in the channel, sent in interactions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions: Option<Permissions>,
    /// When the user's timeout will expire.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub communication_disabled_until: Option<Timestamp>,
    /// Data for the member's guild avatar decoration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar_decoration_data: Option<AvatarDecorationData>,
    /// The member's guild collectibles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collectibles: Option<crate::user::Collectibles>,
}

crate::flags! {
    /// Flags of a guild member.
    pub struct MemberFlags: u64 {
        /// Member has left and rejoined the guild.
        const DID_REJOIN = 1 << 0;
        /// Member has completed onboarding.
        const COMPLETED_ONBOARDING = 1 << 1;
        /// Member is exempt from guild verification requirements.
        const BYPASSES_VERIFICATION = 1 << 2;
        /// Member has started onboarding.
        const STARTED_ONBOARDING = 1 << 3;
        /// Member is a guest and can only access the voice channel they were invited to.
        const IS_GUEST = 1 << 4;
        /// Member has started Server Guide new member actions.
        const STARTED_HOME_ACTIONS = 1 << 5;
        /// Member has completed Server Guide new member actions.
        const COMPLETED_HOME_ACTIONS = 1 << 6;
        /// Member's username, display name, or nickname is blocked by AutoMod.
        const AUTOMOD_QUARANTINED_USERNAME = 1 << 7;
        /// Member has dismissed the DM settings upsell.
        const DM_SETTINGS_UPSELL_ACKNOWLEDGED = 1 << 9;
        /// Member's guild tag is blocked by AutoMod.
        const AUTOMOD_QUARANTINED_GUILD_TAG = 1 << 10;
    }
}

#[cfg(test)]
mod tests {
    use super::{Member, MemberFlags, PartialMember};
    use crate::guild::test_support::{fill, round_trip};
    use crate::permissions::Permissions;

    /// Discord's example, with its empty `user` object filled in.
    const EXAMPLE: &str = r#"{
      "user": @USER@,
      "nick": "NOT API SUPPORT",
      "avatar": null,
      "banner": null,
      "roles": [],
      "joined_at": "2015-04-26T06:26:56.936000+00:00",
      "deaf": false,
      "mute": false
    }"#;

    #[test]
    fn example_round_trip() {
        let member: Member = round_trip(EXAMPLE);
        assert_eq!(member.nick.as_deref(), Some("NOT API SUPPORT"));
        assert!(member.roles.is_empty());
        assert_eq!(
            member.joined_at.unwrap().to_string(),
            "2015-04-26T06:26:56.936000+00:00"
        );
        assert!(member.flags.is_none());
    }

    #[test]
    fn full_member() {
        let member: Member = round_trip(
            r#"{
              "user": @USER@,
              "nick": null,
              "avatar": "a_bab14f271d565501444b2ca3be944b25",
              "roles": ["41771983423143936", "41771983423143937"],
              "joined_at": "2015-04-26T06:26:56.936000+00:00",
              "premium_since": "2019-04-26T06:26:56.936000+00:00",
              "deaf": true,
              "mute": false,
              "flags": 1027,
              "pending": false,
              "permissions": "8",
              "communication_disabled_until": null,
              "guild_id": "1"
            }"#,
        );
        assert_eq!(member.roles.len(), 2);
        let flags = member.flags.unwrap();
        assert!(
            flags.contains(MemberFlags::DID_REJOIN | MemberFlags::AUTOMOD_QUARANTINED_GUILD_TAG)
        );
        assert_eq!(member.permissions, Some(Permissions::ADMINISTRATOR));
        assert!(member.avatar.unwrap().is_animated());
    }

    #[test]
    fn unknown_flag_bits_kept() {
        let flags: MemberFlags = serde_json::from_str("4096").unwrap();
        assert_eq!(flags.bits(), 4096);
        assert_eq!(serde_json::to_string(&flags).unwrap(), "4096");
    }

    #[test]
    fn partial_member_without_user() {
        let member: PartialMember = round_trip(
            r#"{"roles":[],"joined_at":"2015-04-26T06:26:56.936000+00:00","deaf":false,"mute":false,"flags":0}"#,
        );
        assert!(member.user.is_none());
        assert_eq!(member.deaf, Some(false));
        let resolved: PartialMember =
            round_trip(r#"{"roles":["1"],"joined_at":null,"permissions":"2048"}"#);
        assert!(resolved.deaf.is_none());
    }

    #[test]
    fn malformed() {
        assert!(
            serde_json::from_str::<Member>(&fill(r#"{"user":@USER@,"roles":[],"deaf":false}"#))
                .is_err()
        );
        assert!(
            serde_json::from_str::<Member>(&fill(
                r#"{"user":@USER@,"roles":[0],"deaf":false,"mute":false}"#
            ))
            .is_err()
        );
        assert!(
            serde_json::from_str::<Member>(&fill(
                r#"{"user":@USER@,"roles":[],"joined_at":"never","deaf":false,"mute":false}"#
            ))
            .is_err()
        );
    }
}
