//! The cache with custom cached types, to keep only what the bot reads.
//!
//! A bot that only checks members' roles (for permissions) and greets users
//! by name needs neither nicknames, avatars, join dates nor flags. It
//! stores members and users in types of its own; every other resource keeps
//! the cache's defaults. Both caches below are fed the same events (every
//! member, asked for with the privileged GUILD_MEMBERS intent), and
//! `stats()` tells how much each holds.
//!
//! ```text
//! cargo run -p examples --bin cache-custom-models
//! DISCORD_TOKEN=... cargo run -p examples --bin cache-custom-models
//! ```

use examples::{BoxError, Setup, next_event};
use twilight_cache_inmemory::{
    CacheableModels, DefaultCacheModels, InMemoryCache,
    model::{
        CacheableMember, CacheableUser, CachedChannel, CachedGuild, CachedMessage, CachedPresence,
        CachedVoiceState,
    },
};
use twilight_gateway::{EventTypeFlags, Shard};
use twilight_model::{
    Timestamp,
    gateway::{
        Intents, ShardId, command::RequestGuildMembers, event::Event, payload::GuildMemberUpdate,
    },
    guild::{Member, PartialMember, Role},
    id::{
        Id,
        marker::{RoleMarker, UserMarker},
    },
    user::User,
};

/// A member: its roles and timeout, which permissions need, and no more.
struct SlimMember {
    user_id: Id<UserMarker>,
    roles: Box<[Id<RoleMarker>]>,
    timed_out_until: Option<Timestamp>,
}

impl CacheableMember for SlimMember {
    fn from_member(member: &Member) -> Self {
        Self {
            user_id: member.user.id,
            roles: member.roles.as_slice().into(),
            timed_out_until: member.communication_disabled_until,
        }
    }
    fn from_partial(user_id: Id<UserMarker>, member: &PartialMember) -> Self {
        Self {
            user_id,
            roles: member.roles.as_slice().into(),
            timed_out_until: member.communication_disabled_until,
        }
    }
    fn update(&mut self, update: &GuildMemberUpdate) {
        self.roles = update.roles.as_slice().into();
        self.timed_out_until = update.communication_disabled_until;
    }
    fn update_partial(&mut self, member: &PartialMember) {
        self.roles = member.roles.as_slice().into();
    }
    fn user_id(&self) -> Id<UserMarker> {
        self.user_id
    }
    fn roles(&self) -> &[Id<RoleMarker>] {
        &self.roles
    }
    fn communication_disabled_until(&self) -> Option<Timestamp> {
        self.timed_out_until
    }
    fn heap_size(&self) -> usize {
        size_of_val(&*self.roles)
    }
}

/// A user: the name to greet them by.
struct SlimUser(Box<str>);

impl CacheableUser for SlimUser {
    fn from_user(user: &User) -> Self {
        Self(user.global_name.as_deref().unwrap_or(&user.username).into())
    }
    fn update(&mut self, user: &User) {
        *self = Self::from_user(user);
    }
    fn heap_size(&self) -> usize {
        self.0.len()
    }
}

struct Slim;

impl CacheableModels for Slim {
    type Channel = CachedChannel;
    type Emoji = <DefaultCacheModels as CacheableModels>::Emoji;
    type Guild = CachedGuild;
    type Integration = <DefaultCacheModels as CacheableModels>::Integration;
    type Member = SlimMember;
    type Message = CachedMessage;
    type Presence = CachedPresence;
    type Role = Role;
    type ScheduledEvent = <DefaultCacheModels as CacheableModels>::ScheduledEvent;
    type SoundboardSound = <DefaultCacheModels as CacheableModels>::SoundboardSound;
    type StageInstance = <DefaultCacheModels as CacheableModels>::StageInstance;
    type Sticker = <DefaultCacheModels as CacheableModels>::Sticker;
    type User = SlimUser;
    type VoiceState = CachedVoiceState;
}

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let setup = Setup::from_env(3, 500, 1.0).await?;
    let default = InMemoryCache::new();
    let slim = InMemoryCache::builder().build_with_models::<Slim>();

    let intents = Intents::GUILDS | Intents::GUILD_MEMBERS;
    let mut shard = Shard::new(ShardId::ONE, setup.gateway_config(intents).build());
    // Guilds whose members are still coming in.
    let mut loading = None;
    while loading != Some(0) {
        let event = next_event(&mut shard, EventTypeFlags::all()).await?;
        default.update(&event);
        slim.update(&event);
        match &event {
            Event::Ready(ready) => loading = Some(ready.guilds.len()),
            Event::GuildCreate(guild) => {
                shard.command(&RequestGuildMembers::query(guild.id(), "", 0))?;
            }
            Event::GuildMembersChunk(chunk) if chunk.chunk_index + 1 == chunk.chunk_count => {
                loading = loading.map(|n| n - 1);
            }
            _ => {}
        }
    }

    let (full, small) = (default.stats(), slim.stats());
    println!(
        "{} members of {} users in {} guilds",
        full.members, full.users, full.guilds
    );
    println!("default types: {} bytes", full.total_bytes());
    println!("custom types:  {} bytes", small.total_bytes());
    println!(
        "saved {}%",
        100 - small.total_bytes() * 100 / full.total_bytes().max(1)
    );
    // Reading a custom type is the same as reading a default one.
    if let Some(user) = setup.local_user().and_then(|id| slim.user(id)) {
        println!("hello, {}", user.0);
    }
    Ok(())
}
