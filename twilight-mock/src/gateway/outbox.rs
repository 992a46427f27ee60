//! A connection's outgoing queue: bounded, and never waited on by its
//! senders (the hub's dispatches, the controls, the reader's replies), so
//! that a client that does not read can neither grow the mock's memory nor
//! stall the other connections. A send to a full queue marks the connection
//! overflowed; its writer then drops it.

use super::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use tokio::sync::{Notify, mpsc};

/// The largest capacity tokio's bounded channel accepts is far above this;
/// a larger configured value is clamped here.
const MAX_CAPACITY: usize = 1 << 28;

struct Signal {
    capacity: usize,
    overflowed: AtomicBool,
    notify: Notify,
    high_water: AtomicUsize,
}

/// The sending end of a connection's queue. Cheap to clone.
#[derive(Clone)]
pub(crate) struct Outbox {
    tx: mpsc::Sender<Command>,
    signal: Arc<Signal>,
}

/// The writer's end of a connection's queue.
pub(crate) struct Inbox {
    rx: mpsc::Receiver<Command>,
    signal: Arc<Signal>,
}

/// Whether a queue overflowed, and how full it got; the writer waits on it
/// while it sends.
#[derive(Clone)]
pub(crate) struct Overflow(Arc<Signal>);

/// A queue holding at most `capacity` commands (at least one).
pub(crate) fn outbox(capacity: usize) -> (Outbox, Inbox) {
    let capacity = capacity.clamp(1, MAX_CAPACITY);
    let (tx, rx) = mpsc::channel(capacity);
    let signal = Arc::new(Signal {
        capacity,
        overflowed: AtomicBool::new(false),
        notify: Notify::new(),
        high_water: AtomicUsize::new(0),
    });
    (
        Outbox {
            tx,
            signal: Arc::clone(&signal),
        },
        Inbox { rx, signal },
    )
}

impl Outbox {
    /// Queues `command` without waiting. A full queue marks the connection
    /// overflowed instead: nothing, not even a close, is lost silently, as
    /// the connection is then dropped.
    pub(crate) fn send(&self, command: Command) {
        match self.tx.try_send(command) {
            Ok(()) => {
                let queued = self.signal.capacity - self.tx.capacity();
                self.signal.high_water.fetch_max(queued, Ordering::Relaxed);
            }
            Err(mpsc::error::TrySendError::Full(_)) => {
                if !self.signal.overflowed.swap(true, Ordering::AcqRel) {
                    self.signal.notify.notify_one();
                }
            }
            // The writer is gone: the connection is ending anyway.
            Err(mpsc::error::TrySendError::Closed(_)) => {}
        }
    }
}

impl Inbox {
    /// The next command; `None` once every sender is gone.
    pub(crate) async fn recv(&mut self) -> Option<Command> {
        self.rx.recv().await
    }

    /// A handle to wait for an overflow while the inbox is borrowed.
    pub(crate) fn overflow(&self) -> Overflow {
        Overflow(Arc::clone(&self.signal))
    }
}

impl Overflow {
    /// Resolves once a send found the queue full.
    pub(crate) async fn wait(&self) {
        loop {
            if self.0.overflowed.load(Ordering::Acquire) {
                return;
            }
            // `notify_one` keeps a permit when nobody waits yet, so an
            // overflow between the check and this await is not missed.
            self.0.notify.notified().await;
        }
    }

    /// The most commands the queue held at once.
    pub(crate) fn high_water(&self) -> usize {
        self.0.high_water.load(Ordering::Relaxed)
    }
}
