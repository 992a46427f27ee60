//! The mock's end of a gateway socket, which acknowledges what it reads at
//! once.
//!
//! Why: a client that leaves Nagle's algorithm on (no `TCP_NODELAY`, the
//! default of a plain tokio `TcpStream`) holds back small frames while
//! earlier ones are unacknowledged, and Linux delays the acknowledgement by
//! up to 40 ms when the mock has nothing to send back (presence updates,
//! voice state updates). A burst of payloads then arrives in steps: a stall
//! of about 40 ms after each write on a real clock, and under tokio's paused
//! clock the runtime sees no work while the bytes wait in the client's kernel,
//! so it jumps time to the next timer (a heartbeat timeout, a test's own
//! timeout) before the rest is read. Linux clears `TCP_QUICKACK` again on its
//! own, so it is set after every read.

use std::{
    io,
    pin::Pin,
    task::{Context, Poll},
};
use tokio::{
    io::{AsyncRead, AsyncWrite, ReadBuf},
    net::TcpStream,
};

/// A `TcpStream` that sets `TCP_QUICKACK` after every read (where the
/// platform has it; elsewhere a plain `TcpStream`).
pub(crate) struct QuickAck(TcpStream);

impl QuickAck {
    pub(crate) fn new(stream: TcpStream) -> Self {
        rearm(&stream);
        Self(stream)
    }
}

#[cfg(any(target_os = "linux", target_os = "android"))]
fn rearm(stream: &TcpStream) {
    // Failing only costs the delay this avoids.
    let _ = stream.set_quickack(true);
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn rearm(_: &TcpStream) {}

impl AsyncRead for QuickAck {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let poll = Pin::new(&mut self.0).poll_read(cx, buf);
        if poll.is_ready() {
            rearm(&self.0);
        }
        poll
    }
}

impl AsyncWrite for QuickAck {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.0).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.0).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.0.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_shutdown(cx)
    }
}
