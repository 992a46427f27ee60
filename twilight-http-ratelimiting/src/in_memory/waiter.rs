//! A request waiting in a queue, and how it is woken.

use std::sync::Arc;
use tokio::sync::Notify;

/// A waiting request: its id and what wakes it.
#[derive(Clone, Debug)]
pub(super) struct Waiter {
    pub(super) id: u64,
    pub(super) notify: Arc<Notify>,
}

impl Waiter {
    /// Wakes the waiter to look at the state again. A wake-up before the
    /// waiter sleeps is kept, so none is lost.
    pub(super) fn wake(&self) {
        self.notify.notify_one();
    }
}
