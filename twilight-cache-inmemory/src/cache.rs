//! The cache: its maps, its builder and its getters.

use crate::config::{Config, ResourceType};
use crate::guild_map::GuildMap;
use crate::model::{
    CacheableGuild, CacheableModels, CacheableUser, CacheableVoiceState, CachedUser,
    DefaultCacheModels,
};
use crate::reference::Reference;
use crate::user_guilds::UserGuilds;
use dashmap::{DashMap, DashSet};
use std::collections::{HashMap, HashSet, VecDeque};
use std::fmt::{self, Debug, Formatter};
use std::sync::{Mutex, PoisonError};
use twilight_model::id::{
    Id,
    marker::{
        ChannelMarker, EmojiMarker, GuildMarker, IntegrationMarker, MessageMarker, RoleMarker,
        ScheduledEventMarker, SoundboardSoundMarker, StageMarker, StickerMarker, UserMarker,
    },
};
use twilight_model::user::User;

/// A reference to a resource of a guild: the key is the guild id.
pub type GuildResource<'a, K, V> = Reference<'a, Id<GuildMarker>, HashMap<K, V>, V>;

/// A reference to all resources of one kind in a guild, by id.
pub type GuildResources<'a, K, V> = Reference<'a, Id<GuildMarker>, HashMap<K, V>>;

/// A reference to a cached user.
pub type UserReference<'a, U> = Reference<'a, Id<UserMarker>, UserEntry<U>, U>;

/// A cached user with the number of cached guild memberships and messages
/// that refer to it (at zero it is dropped), and the guilds of those
/// memberships.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserEntry<U> {
    pub(crate) user: U,
    pub(crate) refs: u32,
    pub(crate) guilds: UserGuilds,
}

/// What refers to a cached user.
#[derive(Clone, Copy, Debug)]
pub(crate) enum UserRef {
    /// A cached message the user wrote.
    Message,
    /// The user's cached membership of a guild.
    Member(Id<GuildMarker>),
}

/// An in-memory cache of the resources gateway events carry.
///
/// Feed it every event with [`update`](Self::update); read it from any
/// thread while it is being fed. Getters return a [`Reference`] that
/// borrows the cached value instead of cloning it.
///
/// ```
/// use twilight_cache_inmemory::{InMemoryCache, ResourceType};
///
/// let cache = InMemoryCache::builder()
///     .resource_types(ResourceType::GUILD | ResourceType::MEMBER | ResourceType::USER)
///     .message_cache_size(0)
///     .build();
/// assert_eq!(cache.stats().guilds, 0);
/// ```
pub struct InMemoryCache<M: CacheableModels = DefaultCacheModels> {
    pub(crate) config: Config,
    pub(crate) current_user: Mutex<Option<CachedUser>>,
    pub(crate) guilds: DashMap<Id<GuildMarker>, M::Guild>,
    pub(crate) unavailable_guilds: DashSet<Id<GuildMarker>>,
    pub(crate) channels: DashMap<Id<ChannelMarker>, M::Channel>,
    pub(crate) guild_channels: DashMap<Id<GuildMarker>, HashSet<Id<ChannelMarker>>>,
    pub(crate) members: GuildMap<Id<UserMarker>, M::Member>,
    pub(crate) presences: GuildMap<Id<UserMarker>, M::Presence>,
    pub(crate) voice_states: GuildMap<Id<UserMarker>, M::VoiceState>,
    pub(crate) roles: GuildMap<Id<RoleMarker>, M::Role>,
    pub(crate) emojis: GuildMap<Id<EmojiMarker>, M::Emoji>,
    pub(crate) stickers: GuildMap<Id<StickerMarker>, M::Sticker>,
    pub(crate) stage_instances: GuildMap<Id<StageMarker>, M::StageInstance>,
    pub(crate) integrations: GuildMap<Id<IntegrationMarker>, M::Integration>,
    pub(crate) scheduled_events: GuildMap<Id<ScheduledEventMarker>, M::ScheduledEvent>,
    pub(crate) soundboard_sounds: GuildMap<Id<SoundboardSoundMarker>, M::SoundboardSound>,
    pub(crate) users: DashMap<Id<UserMarker>, UserEntry<M::User>>,
    pub(crate) messages: DashMap<Id<MessageMarker>, M::Message>,
    pub(crate) channel_messages: DashMap<Id<ChannelMarker>, VecDeque<Id<MessageMarker>>>,
}

/// Builds an [`InMemoryCache`].
#[derive(Clone, Debug, Default)]
#[must_use = "a builder does nothing until built"]
pub struct InMemoryCacheBuilder {
    config: Config,
}

impl InMemoryCacheBuilder {
    /// The resource types to cache (default: all).
    pub const fn resource_types(mut self, types: ResourceType) -> Self {
        self.config.resource_types = types;
        self
    }

    /// The most messages kept per channel (default: 100); the oldest go first.
    pub const fn message_cache_size(mut self, size: usize) -> Self {
        self.config.message_cache_size = size;
        self
    }

    /// Builds the cache with the default cached types.
    pub fn build(self) -> InMemoryCache {
        InMemoryCache::from_config(self.config)
    }

    /// Builds the cache with cached types of your own.
    pub fn build_with_models<M: CacheableModels>(self) -> InMemoryCache<M> {
        InMemoryCache::from_config(self.config)
    }
}

impl InMemoryCache {
    /// A cache of every resource type, with 100 messages per channel.
    pub fn new() -> Self {
        Self::from_config(Config::default())
    }

    /// A builder to choose what is cached.
    pub fn builder() -> InMemoryCacheBuilder {
        InMemoryCacheBuilder::default()
    }
}

impl Default for InMemoryCache {
    fn default() -> Self {
        Self::new()
    }
}

impl<M: CacheableModels> Debug for InMemoryCache<M> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.debug_struct("InMemoryCache")
            .field("config", &self.config)
            .field("stats", &self.stats())
            .finish_non_exhaustive()
    }
}

impl<M: CacheableModels> InMemoryCache<M> {
    /// A cache of every resource type with cached types of your own.
    pub fn with_models() -> Self {
        Self::from_config(Config::default())
    }

    fn from_config(config: Config) -> Self {
        Self {
            config,
            current_user: Mutex::new(None),
            guilds: DashMap::new(),
            unavailable_guilds: DashSet::new(),
            channels: DashMap::new(),
            guild_channels: DashMap::new(),
            members: GuildMap::new(),
            presences: GuildMap::new(),
            voice_states: GuildMap::new(),
            roles: GuildMap::new(),
            emojis: GuildMap::new(),
            stickers: GuildMap::new(),
            stage_instances: GuildMap::new(),
            integrations: GuildMap::new(),
            scheduled_events: GuildMap::new(),
            soundboard_sounds: GuildMap::new(),
            users: DashMap::new(),
            messages: DashMap::new(),
            channel_messages: DashMap::new(),
        }
    }

    /// The configuration.
    pub const fn config(&self) -> &Config {
        &self.config
    }

    /// Empties the cache.
    pub fn clear(&self) {
        *self
            .current_user
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = None;
        self.guilds.clear();
        self.unavailable_guilds.clear();
        self.channels.clear();
        self.guild_channels.clear();
        self.members.clear();
        self.presences.clear();
        self.voice_states.clear();
        self.roles.clear();
        self.emojis.clear();
        self.stickers.clear();
        self.stage_instances.clear();
        self.integrations.clear();
        self.scheduled_events.clear();
        self.soundboard_sounds.clear();
        self.users.clear();
        self.messages.clear();
        self.channel_messages.clear();
    }

    /// The current user (from READY and USER_UPDATE), cloned: it is small.
    pub fn current_user(&self) -> Option<CachedUser> {
        self.current_user
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    pub(crate) fn current_user_id(&self) -> Option<Id<UserMarker>> {
        self.current_user
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
            .map(|user| user.id)
    }

    /// A guild.
    pub fn guild(&self, id: Id<GuildMarker>) -> Option<Reference<'_, Id<GuildMarker>, M::Guild>> {
        self.guilds.get(&id).map(|r| Reference::new(r.map(|g| g)))
    }

    /// Whether a guild is in an outage: marked unavailable by READY, an
    /// unavailable GUILD_CREATE or GUILD_DELETE, and not available since.
    pub fn is_guild_unavailable(&self, id: Id<GuildMarker>) -> bool {
        self.unavailable_guilds.contains(&id)
            || self
                .guilds
                .get(&id)
                .is_some_and(|guild| guild.unavailable())
    }

    /// A channel or thread.
    pub fn channel(
        &self,
        id: Id<ChannelMarker>,
    ) -> Option<Reference<'_, Id<ChannelMarker>, M::Channel>> {
        self.channels.get(&id).map(|r| Reference::new(r.map(|c| c)))
    }

    /// The ids of a guild's channels and threads.
    pub fn guild_channels(
        &self,
        guild_id: Id<GuildMarker>,
    ) -> Option<Reference<'_, Id<GuildMarker>, HashSet<Id<ChannelMarker>>>> {
        self.guild_channels
            .get(&guild_id)
            .map(|r| Reference::new(r.map(|c| c)))
    }

    /// A member of a guild.
    pub fn member(
        &self,
        guild_id: Id<GuildMarker>,
        user_id: Id<UserMarker>,
    ) -> Option<GuildResource<'_, Id<UserMarker>, M::Member>> {
        self.members.get(guild_id, &user_id)
    }

    /// A guild's cached members by user id; iterate with `.values()`.
    pub fn guild_members(
        &self,
        guild_id: Id<GuildMarker>,
    ) -> Option<GuildResources<'_, Id<UserMarker>, M::Member>> {
        self.members.guild(guild_id)
    }

    /// A user.
    pub fn user(&self, id: Id<UserMarker>) -> Option<UserReference<'_, M::User>> {
        self.users
            .get(&id)
            .map(|r| Reference::new(r.map(|e| &e.user)))
    }

    /// The guilds a user shares with the bot: those in which the cache holds
    /// the user's member, in the order they were cached. `None` when the
    /// user is not cached; it needs the [`ResourceType::USER`] and
    /// [`ResourceType::MEMBER`] resource types.
    pub fn user_guilds(
        &self,
        id: Id<UserMarker>,
    ) -> Option<Reference<'_, Id<UserMarker>, UserEntry<M::User>, UserGuilds>> {
        self.users
            .get(&id)
            .map(|r| Reference::new(r.map(|e| &e.guilds)))
    }

    /// A member's presence.
    pub fn presence(
        &self,
        guild_id: Id<GuildMarker>,
        user_id: Id<UserMarker>,
    ) -> Option<GuildResource<'_, Id<UserMarker>, M::Presence>> {
        self.presences.get(guild_id, &user_id)
    }

    /// A guild's presences by user id.
    pub fn guild_presences(
        &self,
        guild_id: Id<GuildMarker>,
    ) -> Option<GuildResources<'_, Id<UserMarker>, M::Presence>> {
        self.presences.guild(guild_id)
    }

    /// A member's voice state (present while they are in a voice channel).
    pub fn voice_state(
        &self,
        guild_id: Id<GuildMarker>,
        user_id: Id<UserMarker>,
    ) -> Option<GuildResource<'_, Id<UserMarker>, M::VoiceState>> {
        self.voice_states.get(guild_id, &user_id)
    }

    /// A guild's voice states by user id.
    pub fn guild_voice_states(
        &self,
        guild_id: Id<GuildMarker>,
    ) -> Option<GuildResources<'_, Id<UserMarker>, M::VoiceState>> {
        self.voice_states.guild(guild_id)
    }

    /// The users in a voice channel.
    pub fn voice_channel_users(
        &self,
        guild_id: Id<GuildMarker>,
        channel_id: Id<ChannelMarker>,
    ) -> Vec<Id<UserMarker>> {
        self.voice_states
            .guild(guild_id)
            .map_or_else(Vec::new, |states| {
                states
                    .iter()
                    .filter(|(_, state)| state.channel_id() == channel_id)
                    .map(|(user, _)| *user)
                    .collect()
            })
    }

    /// A role.
    pub fn role(
        &self,
        guild_id: Id<GuildMarker>,
        role_id: Id<RoleMarker>,
    ) -> Option<GuildResource<'_, Id<RoleMarker>, M::Role>> {
        self.roles.get(guild_id, &role_id)
    }

    /// A guild's roles by id.
    pub fn guild_roles(
        &self,
        guild_id: Id<GuildMarker>,
    ) -> Option<GuildResources<'_, Id<RoleMarker>, M::Role>> {
        self.roles.guild(guild_id)
    }

    /// A guild emoji.
    pub fn emoji(
        &self,
        guild_id: Id<GuildMarker>,
        emoji_id: Id<EmojiMarker>,
    ) -> Option<GuildResource<'_, Id<EmojiMarker>, M::Emoji>> {
        self.emojis.get(guild_id, &emoji_id)
    }

    /// A guild's emojis by id.
    pub fn guild_emojis(
        &self,
        guild_id: Id<GuildMarker>,
    ) -> Option<GuildResources<'_, Id<EmojiMarker>, M::Emoji>> {
        self.emojis.guild(guild_id)
    }

    /// A guild sticker.
    pub fn sticker(
        &self,
        guild_id: Id<GuildMarker>,
        sticker_id: Id<StickerMarker>,
    ) -> Option<GuildResource<'_, Id<StickerMarker>, M::Sticker>> {
        self.stickers.get(guild_id, &sticker_id)
    }

    /// A guild's stickers by id.
    pub fn guild_stickers(
        &self,
        guild_id: Id<GuildMarker>,
    ) -> Option<GuildResources<'_, Id<StickerMarker>, M::Sticker>> {
        self.stickers.guild(guild_id)
    }

    /// A stage instance.
    pub fn stage_instance(
        &self,
        guild_id: Id<GuildMarker>,
        id: Id<StageMarker>,
    ) -> Option<GuildResource<'_, Id<StageMarker>, M::StageInstance>> {
        self.stage_instances.get(guild_id, &id)
    }

    /// A guild's stage instances by id.
    pub fn guild_stage_instances(
        &self,
        guild_id: Id<GuildMarker>,
    ) -> Option<GuildResources<'_, Id<StageMarker>, M::StageInstance>> {
        self.stage_instances.guild(guild_id)
    }

    /// An integration.
    pub fn integration(
        &self,
        guild_id: Id<GuildMarker>,
        id: Id<IntegrationMarker>,
    ) -> Option<GuildResource<'_, Id<IntegrationMarker>, M::Integration>> {
        self.integrations.get(guild_id, &id)
    }

    /// A guild's integrations by id.
    pub fn guild_integrations(
        &self,
        guild_id: Id<GuildMarker>,
    ) -> Option<GuildResources<'_, Id<IntegrationMarker>, M::Integration>> {
        self.integrations.guild(guild_id)
    }

    /// A scheduled event.
    pub fn scheduled_event(
        &self,
        guild_id: Id<GuildMarker>,
        id: Id<ScheduledEventMarker>,
    ) -> Option<GuildResource<'_, Id<ScheduledEventMarker>, M::ScheduledEvent>> {
        self.scheduled_events.get(guild_id, &id)
    }

    /// A guild's scheduled events by id.
    pub fn guild_scheduled_events(
        &self,
        guild_id: Id<GuildMarker>,
    ) -> Option<GuildResources<'_, Id<ScheduledEventMarker>, M::ScheduledEvent>> {
        self.scheduled_events.guild(guild_id)
    }

    /// A soundboard sound.
    pub fn soundboard_sound(
        &self,
        guild_id: Id<GuildMarker>,
        id: Id<SoundboardSoundMarker>,
    ) -> Option<GuildResource<'_, Id<SoundboardSoundMarker>, M::SoundboardSound>> {
        self.soundboard_sounds.get(guild_id, &id)
    }

    /// A guild's soundboard sounds by id.
    pub fn guild_soundboard_sounds(
        &self,
        guild_id: Id<GuildMarker>,
    ) -> Option<GuildResources<'_, Id<SoundboardSoundMarker>, M::SoundboardSound>> {
        self.soundboard_sounds.guild(guild_id)
    }

    /// A message.
    pub fn message(
        &self,
        id: Id<MessageMarker>,
    ) -> Option<Reference<'_, Id<MessageMarker>, M::Message>> {
        self.messages.get(&id).map(|r| Reference::new(r.map(|m| m)))
    }

    /// The ids of a channel's cached messages, newest first.
    pub fn channel_messages(
        &self,
        channel_id: Id<ChannelMarker>,
    ) -> Option<Reference<'_, Id<ChannelMarker>, VecDeque<Id<MessageMarker>>>> {
        self.channel_messages
            .get(&channel_id)
            .map(|r| Reference::new(r.map(|m| m)))
    }

    /// The ids of every cached guild.
    pub fn guild_ids(&self) -> Vec<Id<GuildMarker>> {
        self.guilds.iter().map(|guild| *guild.key()).collect()
    }

    /// Runs `f` on every cached guild; the shard being read is locked
    /// meanwhile.
    pub fn for_each_guild(&self, mut f: impl FnMut(&M::Guild)) {
        for guild in &self.guilds {
            f(guild.value());
        }
    }

    /// Runs `f` on every cached user.
    pub fn for_each_user(&self, mut f: impl FnMut(&M::User)) {
        for entry in &self.users {
            f(&entry.value().user);
        }
    }

    /// Runs `f` on every cached channel and thread.
    pub fn for_each_channel(&self, mut f: impl FnMut(&M::Channel)) {
        for channel in &self.channels {
            f(channel.value());
        }
    }

    /// Runs `f` on every cached message.
    pub fn for_each_message(&self, mut f: impl FnMut(&M::Message)) {
        for message in &self.messages {
            f(message.value());
        }
    }

    // ---- users, shared by members and messages ----

    /// Records that a member or message refers to `user` (`acquire`), or,
    /// when `None`, only that the user was seen again; refreshes the cached
    /// profile.
    pub(crate) fn see_user(&self, user: &User, acquire: Option<UserRef>) {
        if !self.config.wants(ResourceType::USER) {
            return;
        }
        let mut entry = match self.users.entry(user.id) {
            dashmap::Entry::Occupied(entry) => {
                let mut entry = entry.into_ref();
                entry.user.update(user);
                if acquire.is_none() {
                    return;
                }
                entry.refs = entry.refs.saturating_add(1);
                entry
            }
            dashmap::Entry::Vacant(entry) => {
                if acquire.is_none() {
                    return;
                }
                entry.insert(UserEntry {
                    user: M::User::from_user(user),
                    refs: 1,
                    guilds: UserGuilds::default(),
                })
            }
        };
        if let Some(UserRef::Member(guild_id)) = acquire {
            entry.guilds.insert(guild_id);
        }
    }

    /// A member or message no longer refers to the user; the last one
    /// drops it.
    pub(crate) fn release_user(&self, id: Id<UserMarker>, released: UserRef) {
        if let dashmap::Entry::Occupied(mut entry) = self.users.entry(id) {
            let held = entry.get_mut();
            if let UserRef::Member(guild_id) = released {
                held.guilds.remove(guild_id);
            }
            held.refs = held.refs.saturating_sub(1);
            if held.refs == 0 {
                entry.remove();
            }
        }
    }
}
