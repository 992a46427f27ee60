//! A connection without a socket, for the fuzz targets: frames go through
//! the reader's payload handling and session rules as if a client sent
//! them, and the connection is then detached as a real one would be.

use super::reader::{ReaderState, handle};
use super::{detach, register};
use crate::gateway::outbox::outbox;
use crate::gateway::{Command, Shared};

/// Feeds `frames` (payloads, JSON or ETF) to a new connection, as its
/// client would send them, until one ends it; then ends the connection and
/// the session it started.
pub(crate) fn feed(shared: &Shared, frames: &[&[u8]], etf: bool) {
    let (tx, rx) = outbox(shared.config.outgoing_queue);
    let overflow = rx.overflow();
    let id = register(shared, tx.clone(), "/?v=10".to_owned(), false);
    let mut state = ReaderState::new(id, etf);
    for frame in frames {
        if let Err((code, reason)) = handle(shared, &mut state, &tx, frame) {
            // As the reader does: the close is queued and nothing more is
            // read.
            tx.send(Command::Close(code, reason.to_owned()));
            break;
        }
    }
    drop(rx);
    detach(shared, id, true, overflow.high_water());
}
