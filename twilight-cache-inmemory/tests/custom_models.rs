//! Members, users, roles, emojis and scheduled events stored in the user's
//! own types.

mod common;

use common::*;
use serde_json::json;
use twilight_cache_inmemory::model::{
    CacheableEmoji, CacheableMember, CacheableMessage, CacheableRole, CacheableScheduledEvent,
    CacheableUser, CachedChannel, CachedGuild, CachedMessage, CachedPresence, CachedSticker,
    CachedVoiceState,
};
use twilight_cache_inmemory::{CacheableModels, InMemoryCache};
use twilight_model::Timestamp;
use twilight_model::emoji::Emoji;
use twilight_model::gateway::payload::GuildMemberUpdate;
use twilight_model::guild::{Integration, Member, PartialMember, Role};
use twilight_model::id::{
    Id,
    marker::{EmojiMarker, RoleMarker, UserMarker},
};
use twilight_model::permissions::Permissions;
use twilight_model::scheduled_event::GuildScheduledEvent;
use twilight_model::soundboard::SoundboardSound;
use twilight_model::stage_instance::StageInstance;
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

/// An emoji reduced to its id and name.
struct TinyEmoji {
    id: Id<EmojiMarker>,
    name: Box<str>,
}

impl CacheableEmoji for TinyEmoji {
    fn from_emoji(id: Id<EmojiMarker>, emoji: &Emoji) -> Self {
        Self {
            id,
            name: emoji.name.as_deref().unwrap_or_default().into(),
        }
    }
    fn heap_size(&self) -> usize {
        self.name.len()
    }
}

/// A scheduled event reduced to its name and subscriber count.
struct TinyEvent {
    name: Box<str>,
    subscribers: u64,
}

impl CacheableScheduledEvent for TinyEvent {
    fn from_scheduled_event(event: &GuildScheduledEvent) -> Self {
        Self {
            name: event.name.as_str().into(),
            subscribers: event.user_count.unwrap_or(0),
        }
    }
    fn update(&mut self, event: &GuildScheduledEvent) {
        self.name = event.name.as_str().into();
        if let Some(count) = event.user_count {
            self.subscribers = count;
        }
    }
    fn user_count_changed(&mut self, added: bool) {
        self.subscribers = if added {
            self.subscribers + 1
        } else {
            self.subscribers.saturating_sub(1)
        };
    }
}

struct Tiny;

impl CacheableModels for Tiny {
    type Channel = CachedChannel;
    type Emoji = TinyEmoji;
    type Guild = CachedGuild;
    type Integration = Integration;
    type Member = TinyMember;
    type Message = CachedMessage;
    type Presence = CachedPresence;
    type Role = TinyRole;
    type ScheduledEvent = TinyEvent;
    type SoundboardSound = SoundboardSound;
    type StageInstance = StageInstance;
    type Sticker = CachedSticker;
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

#[test]
fn custom_emoji_and_scheduled_event_types_are_fed_by_events() {
    let cache: InMemoryCache<Tiny> = InMemoryCache::builder().build_with_models();
    let gid = GUILD.to_string();
    cache.update(&event(
        "GUILD_CREATE",
        &guild(GUILD, vec![member(1, &[])], vec![], vec![]),
    ));
    let emoji = cache.emoji(Id::new(GUILD), Id::new(900)).unwrap();
    assert_eq!((emoji.id, &*emoji.name), (Id::new(900), "blob"));
    drop(emoji);
    let bytes_before = cache.stats().bytes;
    cache.update(&event(
        "GUILD_EMOJIS_UPDATE",
        &json!({"guild_id": gid, "emojis": [
            {"id": "901", "name": "renamed_and_longer"},
            {"id": null, "name": "unicode"},
        ]}),
    ));
    assert!(cache.emoji(Id::new(GUILD), Id::new(900)).is_none());
    let emojis = cache.guild_emojis(Id::new(GUILD)).unwrap();
    assert_eq!(emojis.len(), 1, "emojis without an id are not cached");
    assert_eq!(&*emojis[&Id::new(901)].name, "renamed_and_longer");
    drop(emojis);
    // The stats count the custom type's heap.
    let emoji_bytes =
        |bytes: &[(&str, usize)]| bytes.iter().find(|(k, _)| *k == "emojis").unwrap().1;
    assert_eq!(
        emoji_bytes(&cache.stats().bytes) - emoji_bytes(&bytes_before),
        "renamed_and_longer".len() - "blob".len()
    );

    let scheduled = json!({"id": "970", "guild_id": gid, "channel_id": "21", "name": "e",
        "scheduled_start_time": "2030-01-01T00:00:00.000000+00:00", "privacy_level": 2,
        "status": 1, "entity_type": 2, "entity_id": null, "user_count": 3});
    cache.update(&event("GUILD_SCHEDULED_EVENT_CREATE", &scheduled));
    cache.update(&event(
        "GUILD_SCHEDULED_EVENT_USER_ADD",
        &json!({"guild_scheduled_event_id": "970", "user_id": "2", "guild_id": gid}),
    ));
    // Updates omit the count: the custom type keeps the one counted so far.
    let mut update = scheduled.clone();
    update["name"] = json!("renamed");
    update.as_object_mut().unwrap().remove("user_count");
    cache.update(&event("GUILD_SCHEDULED_EVENT_UPDATE", &update));
    let cached = cache.scheduled_event(Id::new(GUILD), Id::new(970)).unwrap();
    assert_eq!((&*cached.name, cached.subscribers), ("renamed", 4));
    drop(cached);
    cache.update(&event("GUILD_SCHEDULED_EVENT_DELETE", &scheduled));
    assert!(
        cache
            .scheduled_event(Id::new(GUILD), Id::new(970))
            .is_none()
    );
}
