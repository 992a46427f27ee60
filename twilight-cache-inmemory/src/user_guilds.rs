//! The guilds a cached user is a member of, kept beside the user.
//!
//! Most users of a bot share one guild with it, so the first guild is held
//! inline and only a user seen in several guilds allocates: 16 bytes per
//! user, instead of a set (and its table) per user.

use crate::heap::HeapSize;
use twilight_model::id::{Id, marker::GuildMarker};

/// The guilds in which the cache holds a member for one user, in the order
/// the memberships were cached.
///
/// Read it with [`InMemoryCache::user_guilds`](crate::InMemoryCache::user_guilds).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UserGuilds {
    first: Option<Id<GuildMarker>>,
    // A thin pointer, so that every user pays 8 bytes for it; the rare user
    // in several guilds pays the second allocation.
    #[allow(clippy::box_collection)]
    rest: Option<Box<Vec<Id<GuildMarker>>>>,
}

impl UserGuilds {
    /// Whether the user is a cached member of `guild_id`.
    pub fn contains(&self, guild_id: Id<GuildMarker>) -> bool {
        self.iter().any(|id| id == guild_id)
    }

    /// Whether the user is a cached member of no guild (it is cached for a
    /// message it wrote).
    pub const fn is_empty(&self) -> bool {
        self.first.is_none()
    }

    /// The guilds in which the user is a cached member.
    pub fn iter(&self) -> impl Iterator<Item = Id<GuildMarker>> + '_ {
        self.first
            .into_iter()
            .chain(self.rest.iter().flat_map(|rest| rest.iter().copied()))
    }

    /// How many guilds the user is a cached member of.
    pub fn len(&self) -> usize {
        usize::from(self.first.is_some()) + self.rest.as_ref().map_or(0, |rest| rest.len())
    }

    /// Records a membership; the cache calls it once per new member.
    pub(crate) fn insert(&mut self, guild_id: Id<GuildMarker>) {
        if self.contains(guild_id) {
            return;
        }
        match self.first {
            None => self.first = Some(guild_id),
            Some(_) => self.rest.get_or_insert_with(Box::default).push(guild_id),
        }
    }

    /// Forgets a membership.
    pub(crate) fn remove(&mut self, guild_id: Id<GuildMarker>) {
        if self.first == Some(guild_id) {
            // The oldest of the others moves inline, so that order holds.
            self.first = match &mut self.rest {
                Some(rest) if !rest.is_empty() => Some(rest.remove(0)),
                _ => None,
            };
        } else if let Some(rest) = &mut self.rest {
            rest.retain(|id| *id != guild_id);
        }
        if self.rest.as_ref().is_some_and(|rest| rest.is_empty()) {
            self.rest = None;
        }
    }
}

impl HeapSize for UserGuilds {
    fn heap_size(&self) -> usize {
        self.rest.as_ref().map_or(0, |rest| {
            size_of::<Vec<Id<GuildMarker>>>() + rest.capacity() * size_of::<Id<GuildMarker>>()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::UserGuilds;
    use twilight_model::id::Id;

    #[test]
    fn one_guild_is_inline_and_order_is_kept() {
        assert_eq!(size_of::<UserGuilds>(), 16);
        let mut guilds = UserGuilds::default();
        guilds.insert(Id::new(1));
        guilds.insert(Id::new(1));
        assert_eq!(guilds.len(), 1);
        assert!(guilds.rest.is_none());
        guilds.insert(Id::new(2));
        guilds.insert(Id::new(3));
        assert_eq!(
            guilds.iter().collect::<Vec<_>>(),
            [Id::new(1), Id::new(2), Id::new(3)]
        );
        guilds.remove(Id::new(1));
        assert_eq!(guilds.iter().collect::<Vec<_>>(), [Id::new(2), Id::new(3)]);
        guilds.remove(Id::new(3));
        assert_eq!(guilds.iter().collect::<Vec<_>>(), [Id::new(2)]);
        assert!(guilds.rest.is_none());
        guilds.remove(Id::new(9));
        guilds.remove(Id::new(2));
        assert!(guilds.is_empty());
        assert_eq!(guilds.len(), 0);
    }
}
