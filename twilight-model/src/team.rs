//! Teams that own applications.

use crate::id::Id;
use crate::id::marker::{TeamMarker, UserMarker};
use crate::user::User;
use crate::util::image_hash::ImageHash;
use serde::{Deserialize, Serialize};

/// A group of developers who share access to applications.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Team {
    /// Hash of the image of the team's icon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<ImageHash>,
    /// Unique id of the team.
    pub id: Id<TeamMarker>,
    /// Members of the team.
    pub members: Vec<TeamMember>,
    /// Name of the team.
    pub name: String,
    /// User id of the current team owner.
    pub owner_user_id: Id<UserMarker>,
}

/// A member of a [`Team`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TeamMember {
    /// The user's membership state on the team.
    pub membership_state: MembershipState,
    /// Permissions of the member; Discord sends `["*"]` (deprecated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions: Option<Vec<String>>,
    /// Id of the parent team of which they are a member.
    pub team_id: Id<TeamMarker>,
    /// Partial user: avatar, discriminator, id and username.
    pub user: User,
    /// Role of the team member.
    ///
    /// Owners are marked by the team's `owner_user_id`, not by a role.
    /// Optional here as older payloads (such as the documentation's
    /// application example) omit it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<TeamMemberRole>,
}

crate::str_enum! {
    /// The role of a [`TeamMember`].
    pub enum TeamMemberRole {
        /// Admins have similar access as owners, without destructive actions.
        Admin = "admin",
        /// Developers can access information about and configure team-owned apps.
        Developer = "developer",
        /// Read-only members can access information about the team and its apps.
        ReadOnly = "read_only",
    }
}

crate::int_enum! {
    /// A user's membership state on a team.
    pub enum MembershipState: u8 {
        /// Invited, not yet accepted.
        Invited = 1,
        /// Accepted.
        Accepted = 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn team() {
        let json = r#"{"name":"A team","icon":"dd9b7dcfdf5351b9c3de0fe167bacbe1","id":"531992624043786253","owner_user_id":"511972282709709995","members":[{"membership_state":2,"permissions":["*"],"team_id":"531992624043786253","role":"admin","user":{"avatar":"d9e261cd35999608eb7e3de1fae3688b","discriminator":"0001","id":"511972282709709995","username":"Mr Owner"}}]}"#;
        let team: Team = serde_json::from_str(json).unwrap();
        assert_eq!(team.members[0].membership_state, MembershipState::Accepted);
        assert_eq!(team.members[0].role, Some(TeamMemberRole::Admin));
        assert_eq!(
            serde_json::to_value(&team).unwrap(),
            serde_json::from_str::<serde_json::Value>(json).unwrap()
        );
        assert_eq!(
            serde_json::from_str::<MembershipState>("7").unwrap(),
            MembershipState::Unknown(7)
        );
        assert_eq!(
            serde_json::from_str::<TeamMemberRole>("\"owner\"")
                .unwrap()
                .as_str(),
            "owner"
        );
        assert!(serde_json::from_str::<Team>(r#"{"id":"1"}"#).is_err());
    }
}
