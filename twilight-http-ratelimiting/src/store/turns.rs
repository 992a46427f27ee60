//! [`Turns`]: one fair lock per bucket key in use, so requests of a bucket
//! ask the store in the order they were made, and no bucket waits behind
//! another.
//!
//! A key's [`Turn`] lives while a request holds it (waiting, asking, or
//! granted and not yet completed) and is dropped with the last one, so
//! memory follows the requests in flight, not every key ever used.
//!
//! Invariant: a turn's `Arc` is cloned and dropped only under the map's
//! lock, so "only the map and this holder are left" (a strong count of 2)
//! is exact when checked there.

use super::StoreKey;
use std::{
    collections::HashMap,
    sync::{Arc, Mutex, PoisonError},
};
use tokio::sync::Notify;

/// What requests of one key share.
#[derive(Debug, Default)]
pub(super) struct Turn {
    /// Held by the request asking the store; tokio's mutex is fair (FIFO).
    pub(super) lock: tokio::sync::Mutex<()>,
    /// Woken when a grant of the key completes.
    pub(super) completed: Notify,
}

type Key = (Box<str>, Option<u64>);

/// The turns of the keys in use.
#[derive(Debug, Default)]
pub(super) struct Turns {
    map: Mutex<HashMap<Key, Arc<Turn>>>,
}

impl Turns {
    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<Key, Arc<Turn>>> {
        self.map.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Holds the turn of `key`, creating it if no request holds it.
    pub(super) fn hold(self: &Arc<Self>, key: &StoreKey) -> Held {
        let key = (key.route.clone(), key.major);
        let turn = Arc::clone(self.map().entry(key.clone()).or_default());
        Held {
            turns: Arc::clone(self),
            key,
            turn: Some(turn),
        }
    }

    /// Keys with a turn held.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.map().len()
    }
}

/// A hold on a key's turn; the last one dropped removes it.
#[derive(Debug)]
pub(super) struct Held {
    turns: Arc<Turns>,
    key: Key,
    /// `Some` until dropped.
    turn: Option<Arc<Turn>>,
}

impl Held {
    pub(super) fn turn(&self) -> &Turn {
        self.turn.as_deref().expect("present until dropped")
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        let mut map = self.turns.map();
        if let Some(turn) = self.turn.take()
            && Arc::strong_count(&turn) == 2
        {
            map.remove(&self.key);
        }
        // `turn` is dropped here, under the lock (the invariant).
    }
}

#[cfg(test)]
mod tests {
    use super::Turns;
    use crate::{Endpoint, Method, store::StoreKey};
    use std::sync::Arc;

    #[test]
    fn a_turn_lives_while_held_and_keys_do_not_share_one() {
        let turns = Arc::new(Turns::default());
        let one = StoreKey::of(&Endpoint::new(Method::Get, "/channels/{channel_id}").major(1));
        let two = StoreKey::of(&Endpoint::new(Method::Get, "/channels/{channel_id}").major(2));
        let a = turns.hold(&one);
        let b = turns.hold(&one);
        let c = turns.hold(&two);
        assert_eq!(turns.len(), 2);
        assert!(!std::ptr::eq(a.turn(), c.turn()));
        assert!(std::ptr::eq(a.turn(), turns.hold(&one).turn()));
        drop(a);
        assert_eq!(turns.len(), 2, "b still holds the first key's turn");
        drop(b);
        drop(c);
        assert_eq!(turns.len(), 0);
    }
}
