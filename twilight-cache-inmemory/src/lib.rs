//! An in-memory cache of Discord resources, fed by gateway events.
//!
//! [`InMemoryCache::update`] applies each [`Event`](twilight_model::gateway::event::Event);
//! getters return [`Reference`]s that borrow cached values while other
//! threads keep reading and updating. The cache stores compact forms:
//! members and messages keep user ids, each user is stored once and dropped
//! when the last member or message referring to it goes, guilds keep only
//! their own fields, and strings and lists are boxed to their exact length.
//!
//! ```
//! use twilight_cache_inmemory::{InMemoryCache, ResourceType};
//! use twilight_model::gateway::event::{Event, EventType};
//!
//! let cache = InMemoryCache::builder()
//!     .resource_types(ResourceType::ALL)
//!     .message_cache_size(50)
//!     .build();
//! let event = Event::from_json(EventType::GuildRoleDelete, r#"{"guild_id":"1","role_id":"2"}"#)?;
//! cache.update(&event);
//! assert!(cache.role(twilight_model::id::Id::new(1), twilight_model::id::Id::new(2)).is_none());
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! [`permissions`](InMemoryCache::permissions) calculates a member's
//! permissions in a guild or channel from the cache; see [`permission`].
//! Every cached resource can be stored in a type of your own, one trait per
//! resource: see [`CacheableModels`].

mod cache;
mod config;
mod event;
mod guild_map;
mod heap;
pub mod model;
pub mod permission;
mod reference;
mod stats;

pub use self::cache::{
    GuildResource, GuildResources, InMemoryCache, InMemoryCacheBuilder, UserEntry, UserReference,
};
pub use self::config::{Config, ResourceType};
pub use self::heap::HeapSize;
pub use self::model::{CacheableModels, DefaultCacheModels};
pub use self::reference::Reference;
pub use self::stats::Stats;
