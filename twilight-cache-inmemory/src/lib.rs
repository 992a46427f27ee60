//! An in-memory cache of Discord resources, fed by gateway events.
//!
//! # Data flow
//!
//! Events come from a shard (twilight-gateway's `Shard::next_event`, or any
//! source of the model's [`Event`](twilight_model::gateway::event::Event)):
//! [`InMemoryCache::update`] applies each one to the resource types the
//! [`Config`] wants, and ignores events that change no cached resource.
//! Getters (`guild`, `channel`, `member`, `role`, `message`, ...) return a
//! [`Reference`]: a read guard that borrows the cached value instead of
//! cloning it, while other threads keep reading and updating. The cache
//! does no I/O and spawns nothing.
//!
//! The cache stores compact forms: members and messages keep user ids, each
//! user is stored once and dropped when the last member or message
//! referring to it goes, guilds keep only their own fields, and strings and
//! lists are boxed to their exact length.
//!
//! # Modules
//!
//! - `cache` (re-exported): [`InMemoryCache`], its builder
//!   [`InMemoryCacheBuilder`], its maps and getters, and the reference types
//!   [`GuildResource`], [`GuildResources`], [`UserEntry`] and
//!   [`UserReference`].
//! - `config` (re-exported): [`Config`] and [`ResourceType`], what is cached
//!   and how many messages per channel.
//! - `event` (private): how each gateway event changes the cache, one file
//!   per resource family (guilds, channels and threads, members and
//!   presences, messages and reactions, emojis, stickers and soundboard
//!   sounds, voice states, stage instances, integrations and scheduled
//!   events).
//! - `guild_map` (private): the per-guild maps that hold a guild's members,
//!   roles, emojis and the rest, so a guild is dropped in one step.
//! - [`model`]: the compact `Cached*` forms the cache stores, and one
//!   `Cacheable*` trait per resource for storing it in a form of your own.
//! - [`permission`]: permission calculation, from the cache
//!   ([`InMemoryCache::permissions`]) or from values you pass in
//!   ([`PermissionCalculator`](permission::PermissionCalculator)).
//! - `reference` (re-exported): [`Reference`], the read guard getters
//!   return.
//! - `user_guilds` (re-exported): [`UserGuilds`], the guilds a cached user
//!   shares with the bot ([`InMemoryCache::user_guilds`]), kept beside
//!   the user.
//! - `stats` and `heap` (re-exported): [`Stats`], the counts of cached
//!   resources and an estimate of their heap bytes, computed with
//!   [`HeapSize`].
//!
//! # What you can swap
//!
//! - What is stored: [`ResourceType`] flags and the message cache size, on
//!   the [`InMemoryCacheBuilder`].
//! - How it is stored: the cache is generic over [`CacheableModels`], the
//!   set of types it stores each resource in. Keep [`DefaultCacheModels`]
//!   or replace any of them with a type implementing that resource's
//!   trait (`CacheableMessage`, `CacheableMember`, ...; see [`model`]),
//!   then build with [`InMemoryCache::with_models`] or
//!   [`InMemoryCacheBuilder::build_with_models`].
//!
//! # Example
//!
//! ```
//! use twilight_cache_inmemory::{InMemoryCache, ResourceType};
//! use twilight_model::gateway::event::{Event, EventType};
//! use twilight_model::id::Id;
//!
//! let cache = InMemoryCache::builder()
//!     .resource_types(ResourceType::ALL)
//!     .message_cache_size(50)
//!     .build();
//!
//! let create = r#"{"guild_id":"1","role":{"id":"2","name":"mods","color":0,"hoist":false,
//!     "position":1,"permissions":"8","managed":false,"mentionable":true}}"#;
//! cache.update(&Event::from_json(EventType::GuildRoleCreate, create)?);
//! assert_eq!(cache.role(Id::new(1), Id::new(2)).unwrap().value().name, "mods");
//!
//! let delete = r#"{"guild_id":"1","role_id":"2"}"#;
//! cache.update(&Event::from_json(EventType::GuildRoleDelete, delete)?);
//! assert!(cache.role(Id::new(1), Id::new(2)).is_none());
//! # Ok::<(), serde_json::Error>(())
//! ```

mod cache;
mod config;
mod event;
mod guild_map;
mod heap;
pub mod model;
pub mod permission;
mod reference;
mod stats;
mod user_guilds;

pub use self::cache::{
    GuildResource, GuildResources, InMemoryCache, InMemoryCacheBuilder, UserEntry, UserReference,
};
pub use self::config::{Config, ResourceType};
pub use self::heap::HeapSize;
pub use self::model::{CacheableModels, DefaultCacheModels};
pub use self::reference::Reference;
pub use self::stats::Stats;
pub use self::user_guilds::UserGuilds;
