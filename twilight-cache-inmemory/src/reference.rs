//! A read guard on one cached value.

use dashmap::mapref::one::MappedRef;
use std::fmt::{self, Debug, Formatter};
use std::hash::Hash;
use std::ops::Deref;

/// A reference to a cached value of type `T`, found under key `K` in a map
/// whose entries are `V` (`V` is `T` itself for top-level maps, and the
/// per-guild map for members, roles and the other per-guild resources).
///
/// It holds a read lock on one shard of the map: other readers go on, writers
/// to that shard wait. Drop it before doing anything slow.
pub struct Reference<'a, K, V, T = V> {
    inner: MappedRef<'a, K, V, T>,
}

impl<'a, K: Eq + Hash, V, T> Reference<'a, K, V, T> {
    pub(crate) const fn new(inner: MappedRef<'a, K, V, T>) -> Self {
        Self { inner }
    }

    /// The key of the map entry (the guild id for per-guild resources).
    pub fn key(&self) -> &K {
        self.inner.key()
    }

    /// The cached value.
    pub fn value(&self) -> &T {
        self.inner.value()
    }
}

impl<K: Eq + Hash, V, T> Deref for Reference<'_, K, V, T> {
    type Target = T;

    fn deref(&self) -> &T {
        self.value()
    }
}

impl<K: Eq + Hash + Debug, V, T: Debug> Debug for Reference<'_, K, V, T> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.debug_struct("Reference")
            .field("key", self.key())
            .field("value", self.value())
            .finish()
    }
}
