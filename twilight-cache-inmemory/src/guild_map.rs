//! Per-guild maps: one hash map of a guild's resources per guild.
//!
//! Keying by guild first saves the composite key and the separate
//! guild-to-ids index a flat map needs, and drops a whole guild in one step.

use crate::reference::Reference;
use dashmap::DashMap;
use std::collections::HashMap;
use std::hash::Hash;
use twilight_model::id::{Id, marker::GuildMarker};

pub(crate) struct GuildMap<K, V> {
    map: DashMap<Id<GuildMarker>, HashMap<K, V>>,
}

impl<K: Eq + Hash, V> GuildMap<K, V> {
    pub(crate) fn new() -> Self {
        Self {
            map: DashMap::new(),
        }
    }

    pub(crate) fn get(
        &self,
        guild: Id<GuildMarker>,
        key: &K,
    ) -> Option<Reference<'_, Id<GuildMarker>, HashMap<K, V>, V>> {
        let guard = self.map.get(&guild)?;
        guard.try_map(|map| map.get(key)).ok().map(Reference::new)
    }

    pub(crate) fn guild(
        &self,
        guild: Id<GuildMarker>,
    ) -> Option<Reference<'_, Id<GuildMarker>, HashMap<K, V>>> {
        self.map
            .get(&guild)
            .map(|guard| Reference::new(guard.map(|map| map)))
    }

    /// Inserts a value; returns the old one.
    pub(crate) fn insert(&self, guild: Id<GuildMarker>, key: K, value: V) -> Option<V> {
        self.map.entry(guild).or_default().insert(key, value)
    }

    /// Runs `f` on the value if present; returns its result.
    pub(crate) fn modify<R>(
        &self,
        guild: Id<GuildMarker>,
        key: &K,
        f: impl FnOnce(&mut V) -> R,
    ) -> Option<R> {
        let mut map = self.map.get_mut(&guild)?;
        map.get_mut(key).map(f)
    }

    /// Runs `f` on the guild's map, creating it if needed.
    pub(crate) fn with_guild<R>(
        &self,
        guild: Id<GuildMarker>,
        f: impl FnOnce(&mut HashMap<K, V>) -> R,
    ) -> R {
        f(&mut self.map.entry(guild).or_default())
    }

    pub(crate) fn remove(&self, guild: Id<GuildMarker>, key: &K) -> Option<V> {
        let mut map = self.map.get_mut(&guild)?;
        map.remove(key)
    }

    /// Replaces a guild's whole map; returns the old one.
    pub(crate) fn replace(
        &self,
        guild: Id<GuildMarker>,
        values: HashMap<K, V>,
    ) -> Option<HashMap<K, V>> {
        self.map.insert(guild, values)
    }

    pub(crate) fn remove_guild(&self, guild: Id<GuildMarker>) -> Option<HashMap<K, V>> {
        self.map.remove(&guild).map(|(_, map)| map)
    }

    pub(crate) fn contains(&self, guild: Id<GuildMarker>, key: &K) -> bool {
        self.map
            .get(&guild)
            .is_some_and(|map| map.contains_key(key))
    }

    /// Sum of `f` over every value, and the number of values and buckets.
    pub(crate) fn fold(&self, f: impl Fn(&V) -> usize) -> (usize, usize, usize) {
        self.map.iter().fold((0, 0, 0), |(len, cap, heap), map| {
            (
                len + map.len(),
                cap + map.capacity(),
                heap + map.values().map(&f).sum::<usize>(),
            )
        })
    }

    pub(crate) fn clear(&self) {
        self.map.clear();
    }
}
