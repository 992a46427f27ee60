//! Members, users and roles stored in the user's own types.

mod common;

use common::*;
use serde_json::json;
use twilight_cache_inmemory::model::{
    CacheableMember, CacheableMessage, CacheableRole, CacheableUser, CachedChannel, CachedGuild,
    CachedMessage, CachedPresence, CachedVoiceState,
};
use twilight_cache_inmemory::{CacheableModels, InMemoryCache};
use twilight_model::Timestamp;
use twilight_model::gateway::payload::GuildMemberUpdate;
use twilight_model::guild::{Member, PartialMember, Role};
use twilight_model::id::{
    Id,
    marker::{RoleMarker, UserMarker},
};
use twilight_model::permissions::Permissions;
use twilight_model::user::User;

/// A member reduced to what permission checks need.
struct TinyMember {
    user_id: Id<UserMarker>,
    roles: Vec<Id<RoleMarker>>,
}

impl CacheableMember for TinyMember {
    fn from_member(member: &Member) -> Self {
        Self {
            user_id: member.user.id,
            roles: member.roles.clone(),
        }
    }
    fn from_partial(user_id: Id<UserMarker>, member: &PartialMember) -> Self {
        Self {
            user_id,
            roles: member.roles.clone(),
        }
    }
    fn update(&mut self, update: &GuildMemberUpdate) {
        self.roles.clone_from(&update.roles);
    }
    fn update_partial(&mut self, member: &PartialMember) {
        self.roles.clone_from(&member.roles);
    }
    fn user_id(&self) -> Id<UserMarker> {
        self.user_id
    }
    fn roles(&self) -> &[Id<RoleMarker>] {
        &self.roles
    }
    fn communication_disabled_until(&self) -> Option<Timestamp> {
        None
    }
}

/// A user reduced to its name.
struct TinyUser(Box<str>);

impl CacheableUser for TinyUser {
    fn from_user(user: &User) -> Self {
        Self(user.username.as_str().into())
    }
    fn update(&mut self, user: &User) {
        self.0 = user.username.as_str().into();
    }
}

/// A role reduced to its permissions.
struct TinyRole(Permissions);

impl CacheableRole for TinyRole {
    fn from_role(role: &Role) -> Self {
        Self(role.permissions)
    }
    fn permissions(&self) -> Permissions {
        self.0
    }
}

struct Tiny;

impl CacheableModels for Tiny {
    type Channel = CachedChannel;
    type Guild = CachedGuild;
    type Member = TinyMember;
    type Message = CachedMessage;
    type Presence = CachedPresence;
    type Role = TinyRole;
    type User = TinyUser;
    type VoiceState = CachedVoiceState;
}

#[test]
fn custom_member_user_and_role_types_are_used_everywhere() {
    let cache: InMemoryCache<Tiny> = InMemoryCache::builder().build_with_models();
    let guild = guild(
        GUILD,
        vec![member(1, &[]), member(2, &[10])],
        vec![role(10, 2)],
        vec![channel(20, 0, vec![])],
    );
    cache.update(&event("GUILD_CREATE", &guild));
    assert_eq!(
        cache.member(Id::new(GUILD), Id::new(2)).unwrap().roles,
        [Id::new(10)]
    );
    let mut update = member(2, &[]);
    update["guild_id"] = json!(GUILD.to_string());
    cache.update(&event("GUILD_MEMBER_UPDATE", &update));
    assert!(
        cache
            .member(Id::new(GUILD), Id::new(2))
            .unwrap()
            .roles
            .is_empty()
    );
    // Permissions work over the custom type.
    let root = cache
        .permissions()
        .root(Id::new(2), Id::new(GUILD))
        .unwrap();
    assert!(!root.contains(Permissions::KICK_MEMBERS));
    assert_eq!(&*cache.user(Id::new(2)).unwrap().0, "user2");
    cache.update(&event(
        "GUILD_MEMBER_REMOVE",
        &json!({"guild_id": GUILD.to_string(), "user": user(2)}),
    ));
    assert!(cache.user(Id::new(2)).is_none());
    // Messages still use the default.
    cache.update(&event("MESSAGE_CREATE", &message(1, 20, 1)));
    assert_eq!(cache.message(Id::new(1)).unwrap().author_id(), Id::new(1));
}
