//! Transport compression: one decompression context per connection.
//!
//! zlib-stream: every payload is flushed with `Z_SYNC_FLUSH`, so a message
//! is complete only when the bytes received so far end with `00 00 ff ff`
//! (a payload may span frames). zstd-stream: every frame is flushed without
//! ending the zstd frame, so each WebSocket frame holds whole payloads.

use std::fmt::{self, Display, Formatter};

/// Which transport compression a shard asks for (`compress=` in the URL).
///
/// The default is the best one compiled in: zstd-stream, else zlib-stream,
/// else none.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Compression {
    /// No transport compression: text frames.
    None,
    /// `compress=zlib-stream` (feature `zlib`).
    #[cfg(feature = "zlib")]
    Zlib,
    /// `compress=zstd-stream` (feature `zstd`).
    #[cfg(feature = "zstd")]
    Zstd,
}

impl Compression {
    /// The value of the `compress` query parameter, if any.
    pub const fn query(self) -> Option<&'static str> {
        match self {
            Self::None => None,
            #[cfg(feature = "zlib")]
            Self::Zlib => Some("zlib-stream"),
            #[cfg(feature = "zstd")]
            Self::Zstd => Some("zstd-stream"),
        }
    }
}

impl Default for Compression {
    fn default() -> Self {
        #[cfg(feature = "zstd")]
        return Self::Zstd;
        #[cfg(all(feature = "zlib", not(feature = "zstd")))]
        return Self::Zlib;
        #[cfg(not(any(feature = "zlib", feature = "zstd")))]
        return Self::None;
    }
}

/// The default of [`ConfigBuilder::max_payload_size`](crate::ConfigBuilder::max_payload_size):
/// 256 MiB, far above any payload Discord sends (the GUILD_CREATE of the
/// largest guilds is a few tens of MiB), and low enough that a
/// decompression bomb cannot exhaust a host running many shards.
pub const DEFAULT_MAX_PAYLOAD_SIZE: usize = 256 * 1024 * 1024;

/// The default of [`ConfigBuilder::zstd_window_log_max`](crate::ConfigBuilder::zstd_window_log_max):
/// windows of up to 2^27 bytes (128 MiB), zstd's own default limit.
pub const DEFAULT_ZSTD_WINDOW_LOG_MAX: u32 = 27;

/// What one connection may make a shard hold while decompressing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Limits {
    /// The largest decompressed payload, and the largest zlib input kept
    /// while waiting for a payload's end.
    pub(crate) max_payload: usize,
    /// zstd's largest window, as a power of two.
    pub(crate) zstd_window_log_max: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_payload: DEFAULT_MAX_PAYLOAD_SIZE,
            zstd_window_log_max: DEFAULT_ZSTD_WINDOW_LOG_MAX,
        }
    }
}

/// A binary frame could not be decompressed.
#[derive(Debug)]
pub struct DecompressError {
    kind: DecompressErrorKind,
    message: String,
}

/// Why a frame could not be decompressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecompressErrorKind {
    /// The bytes are not a valid stream of the negotiated compression.
    Corrupt,
    /// A payload, or the input kept for one, is larger than the configured
    /// limit (see [`ConfigBuilder::max_payload_size`](crate::ConfigBuilder::max_payload_size)).
    TooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
}

impl DecompressError {
    /// Why the frame could not be decompressed.
    pub const fn kind(&self) -> DecompressErrorKind {
        self.kind
    }

    #[cfg(any(feature = "zlib", feature = "zstd"))]
    fn corrupt(message: impl Into<String>) -> Self {
        Self {
            kind: DecompressErrorKind::Corrupt,
            message: message.into(),
        }
    }

    #[cfg(any(feature = "zlib", feature = "zstd"))]
    fn too_large(limit: usize) -> Self {
        Self {
            kind: DecompressErrorKind::TooLarge { limit },
            message: format!("a payload is larger than the limit of {limit} bytes"),
        }
    }
}

impl Display for DecompressError {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "failed to decompress a gateway frame: {}", self.message)
    }
}

impl std::error::Error for DecompressError {}

/// The decompression state of one connection.
pub(crate) struct Decompressor {
    stream: Stream,
    /// Bounds `out` and zlib's `pending`.
    #[cfg_attr(not(any(feature = "zlib", feature = "zstd")), allow(dead_code))]
    max_payload: usize,
}

enum Stream {
    /// Binary frames are taken as uncompressed UTF-8.
    None,
    #[cfg(feature = "zlib")]
    Zlib {
        inflate: Box<flate2::Decompress>,
        pending: Vec<u8>,
    },
    #[cfg(feature = "zstd")]
    Zstd(Box<zstd::stream::raw::Decoder<'static>>),
}

/// The least room given to a decompression step; the buffer doubles from
/// there. The caller sizes it from the previous payload, so most payloads
/// take one step and no reallocation.
#[cfg(any(feature = "zlib", feature = "zstd"))]
const MIN_ROOM: usize = 1024;

/// Makes room for output: doubles a full buffer, but never past one byte
/// more than `max` (that byte tells a payload of exactly `max` bytes from a
/// larger one), so a bomb costs at most `max + 1` bytes before it is
/// refused.
#[cfg(any(feature = "zlib", feature = "zstd"))]
fn ensure_room(out: &mut Vec<u8>, max: usize) -> Result<(), DecompressError> {
    if out.len() > max {
        return Err(DecompressError::too_large(max));
    }
    let room = out.capacity() - out.len();
    if room < MIN_ROOM / 4 {
        let ceiling = max.saturating_add(1).saturating_sub(out.len());
        let grow = out.capacity().max(MIN_ROOM).min(ceiling);
        if grow > room {
            // Exact: `reserve` may round up past the ceiling.
            out.reserve_exact(grow - room);
        }
    }
    Ok(())
}

#[cfg(feature = "zlib")]
const ZLIB_SUFFIX: [u8; 4] = [0x00, 0x00, 0xff, 0xff];

impl Decompressor {
    /// A fresh context for a new connection.
    pub(crate) fn new(compression: Compression, limits: Limits) -> Result<Self, DecompressError> {
        let stream = match compression {
            Compression::None => Stream::None,
            #[cfg(feature = "zlib")]
            Compression::Zlib => Stream::Zlib {
                inflate: Box::new(flate2::Decompress::new(true)),
                pending: Vec::new(),
            },
            #[cfg(feature = "zstd")]
            Compression::Zstd => {
                let mut decoder = zstd::stream::raw::Decoder::new()
                    .map_err(|error| DecompressError::corrupt(error.to_string()))?;
                decoder
                    .set_parameter(zstd::stream::raw::DParameter::WindowLogMax(
                        limits.zstd_window_log_max,
                    ))
                    .map_err(|error| DecompressError::corrupt(error.to_string()))?;
                Stream::Zstd(Box::new(decoder))
            }
        };
        Ok(Self {
            stream,
            max_payload: limits.max_payload,
        })
    }

    /// Bytes kept for a payload that has not ended yet (zlib-stream's
    /// pending input).
    #[cfg(fuzzing)]
    pub(crate) fn held(&self) -> usize {
        match &self.stream {
            #[cfg(feature = "zlib")]
            Stream::Zlib { pending, .. } => pending.len(),
            _ => 0,
        }
    }

    /// Feeds one binary frame; appends a complete payload's bytes to `out`
    /// and returns `true` when one is complete.
    pub(crate) fn push(
        &mut self,
        frame: &[u8],
        out: &mut Vec<u8>,
    ) -> Result<bool, DecompressError> {
        #[cfg(any(feature = "zlib", feature = "zstd"))]
        let max = self.max_payload;
        match &mut self.stream {
            Stream::None => {
                out.extend_from_slice(frame);
                Ok(true)
            }
            #[cfg(feature = "zlib")]
            Stream::Zlib { inflate, pending } => {
                // Most payloads arrive in one frame: inflate straight from
                // it, copying only when a payload spans frames.
                let input: &[u8] = if pending.is_empty() && frame.ends_with(&ZLIB_SUFFIX) {
                    frame
                } else {
                    // A stream that never ends a payload must not grow
                    // this for ever.
                    if pending.len().saturating_add(frame.len()) > max {
                        *pending = Vec::new();
                        return Err(DecompressError::too_large(max));
                    }
                    pending.extend_from_slice(frame);
                    if !pending.ends_with(&ZLIB_SUFFIX) {
                        return Ok(false);
                    }
                    pending
                };
                let result = inflate_all(inflate, input, out, max);
                // Released, not only cleared: one huge payload must not pin
                // its buffer for the connection's life.
                if pending.capacity() > MIN_ROOM * 64 {
                    *pending = Vec::new();
                } else {
                    pending.clear();
                }
                result.map(|()| true)
            }
            #[cfg(feature = "zstd")]
            Stream::Zstd(decoder) => zstd_all(decoder, frame, out, max).map(|()| true),
        }
    }
}

#[cfg(feature = "zlib")]
fn inflate_all(
    inflate: &mut flate2::Decompress,
    input: &[u8],
    out: &mut Vec<u8>,
    max: usize,
) -> Result<(), DecompressError> {
    let mut consumed = 0;
    loop {
        ensure_room(out, max)?;
        let before = inflate.total_in();
        let room = out.capacity() - out.len();
        let written_before = out.len();
        inflate
            .decompress_vec(&input[consumed..], out, flate2::FlushDecompress::Sync)
            .map_err(|error| DecompressError::corrupt(error.to_string()))?;
        // `total_in` grows by at most the input's length, which fits usize.
        consumed += usize::try_from(inflate.total_in() - before).unwrap_or(usize::MAX);
        let filled = out.len() - written_before == room;
        if consumed >= input.len() && !filled {
            return if out.len() > max {
                Err(DecompressError::too_large(max))
            } else {
                Ok(())
            };
        }
        if out.len() == written_before && consumed < input.len() && !filled {
            return Err(DecompressError::corrupt("zlib stream made no progress"));
        }
    }
}

#[cfg(feature = "zstd")]
fn zstd_all(
    decoder: &mut zstd::stream::raw::Decoder<'static>,
    frame: &[u8],
    out: &mut Vec<u8>,
    max: usize,
) -> Result<(), DecompressError> {
    use zstd::stream::raw::{InBuffer, Operation, OutBuffer};

    let mut input = InBuffer::around(frame);
    loop {
        ensure_room(out, max)?;
        let start = out.len();
        let mut output = OutBuffer::around_pos(out, start);
        let before = input.pos();
        decoder
            .run(&mut input, &mut output)
            .map_err(|error| DecompressError::corrupt(error.to_string()))?;
        let filled = output.pos() == output.capacity();
        let progressed = output.pos() > start || input.pos() > before;
        if input.pos() == frame.len() && !filled {
            return if out.len() > max {
                Err(DecompressError::too_large(max))
            } else {
                Ok(())
            };
        }
        if !progressed {
            return Err(DecompressError::corrupt("zstd stream made no progress"));
        }
    }
}

#[cfg(all(test, any(feature = "zlib", feature = "zstd")))]
mod tests {
    use super::{Compression, DecompressErrorKind, Decompressor, Limits, MIN_ROOM};

    const LIMIT: usize = 1024 * 1024;

    fn limits(max_payload: usize) -> Limits {
        Limits {
            max_payload,
            ..Limits::default()
        }
    }

    /// What the bound promises: the limit, the one byte that tells "larger"
    /// from "exactly", and no more.
    fn assert_bounded(out: &Vec<u8>) {
        assert!(
            out.capacity() <= LIMIT + 1,
            "held {} bytes for a limit of {LIMIT}",
            out.capacity()
        );
    }

    #[cfg(feature = "zlib")]
    fn zlib_payloads(payloads: &[&[u8]]) -> Vec<Vec<u8>> {
        let mut deflate = flate2::Compress::new(flate2::Compression::fast(), true);
        payloads
            .iter()
            .map(|payload| {
                let mut out = Vec::with_capacity(payload.len() / 8 + 1024);
                let mut consumed = 0;
                loop {
                    out.reserve(64 * 1024);
                    let before = deflate.total_in();
                    deflate
                        .compress_vec(&payload[consumed..], &mut out, flate2::FlushCompress::Sync)
                        .unwrap();
                    consumed += usize::try_from(deflate.total_in() - before).unwrap();
                    if consumed == payload.len() && out.ends_with(&super::ZLIB_SUFFIX) {
                        return out;
                    }
                }
            })
            .collect()
    }

    #[cfg(feature = "zlib")]
    #[test]
    fn a_zlib_bomb_is_refused_within_the_limit() {
        let bomb = vec![0; 16 * LIMIT];
        let frames = zlib_payloads(&[&bomb]);
        let mut decompressor = Decompressor::new(Compression::Zlib, limits(LIMIT)).unwrap();
        let mut out = Vec::new();
        let error = decompressor.push(&frames[0], &mut out).unwrap_err();
        assert_eq!(error.kind(), DecompressErrorKind::TooLarge { limit: LIMIT });
        assert!(error.to_string().contains("1048576 bytes"), "{error}");
        assert_bounded(&out);
    }

    #[cfg(feature = "zlib")]
    #[test]
    fn a_zlib_payload_of_exactly_the_limit_passes() {
        let payload = vec![b'a'; LIMIT];
        let frames = zlib_payloads(&[&payload, b"{}"]);
        let mut decompressor = Decompressor::new(Compression::Zlib, limits(LIMIT)).unwrap();
        let mut out = Vec::new();
        assert!(decompressor.push(&frames[0], &mut out).unwrap());
        assert_eq!(out, payload);
        assert_bounded(&out);
        let mut next = Vec::new();
        assert!(decompressor.push(&frames[1], &mut next).unwrap());
        assert_eq!(next, b"{}");
    }

    #[cfg(feature = "zlib")]
    #[test]
    fn a_zlib_stream_that_never_ends_a_payload_is_cut_off() {
        let mut decompressor = Decompressor::new(Compression::Zlib, limits(LIMIT)).unwrap();
        let frame = vec![0x78; 64 * 1024];
        let mut out = Vec::new();
        let mut error = None;
        for _ in 0..LIMIT / frame.len() + 2 {
            match decompressor.push(&frame, &mut out) {
                Ok(complete) => assert!(!complete),
                Err(e) => {
                    error = Some(e);
                    break;
                }
            }
        }
        let error = error.expect("the pending input grew past the limit unrefused");
        assert_eq!(error.kind(), DecompressErrorKind::TooLarge { limit: LIMIT });
        let super::Stream::Zlib { pending, .. } = &decompressor.stream else {
            unreachable!("a zlib decompressor")
        };
        assert_eq!(pending.capacity(), 0, "the pending input is released");
    }

    #[cfg(feature = "zlib")]
    #[test]
    fn a_payload_spanning_frames_is_joined() {
        let payload = vec![b'x'; 200 * MIN_ROOM];
        let frames = zlib_payloads(&[&payload]);
        let (first, second) = frames[0].split_at(frames[0].len() / 2);
        let mut decompressor = Decompressor::new(Compression::Zlib, limits(LIMIT)).unwrap();
        let mut out = Vec::new();
        assert!(!decompressor.push(first, &mut out).unwrap());
        assert!(decompressor.push(second, &mut out).unwrap());
        assert_eq!(out, payload);
    }

    #[cfg(feature = "zstd")]
    fn zstd_payloads(window_log: u32, payloads: &[&[u8]]) -> Vec<Vec<u8>> {
        use zstd::stream::raw::{CParameter, Encoder, InBuffer, Operation, OutBuffer};
        let mut encoder = Encoder::new(1).unwrap();
        encoder
            .set_parameter(CParameter::WindowLog(window_log))
            .unwrap();
        payloads
            .iter()
            .map(|payload| {
                let mut out = vec![0; payload.len() / 4 + 64 * 1024];
                let mut input = InBuffer::around(payload);
                let mut output = OutBuffer::around(&mut out[..]);
                while input.pos() < payload.len() {
                    encoder.run(&mut input, &mut output).unwrap();
                }
                while encoder.flush(&mut output).unwrap() > 0 {}
                let written = output.pos();
                out.truncate(written);
                out
            })
            .collect()
    }

    #[cfg(feature = "zstd")]
    #[test]
    fn a_zstd_bomb_is_refused_within_the_limit() {
        let bomb = vec![0; 64 * LIMIT];
        let frames = zstd_payloads(20, &[&bomb]);
        assert!(
            frames[0].len() < 64 * 1024,
            "a bomb: {} bytes",
            frames[0].len()
        );
        let mut decompressor = Decompressor::new(Compression::Zstd, limits(LIMIT)).unwrap();
        let mut out = Vec::new();
        let error = decompressor.push(&frames[0], &mut out).unwrap_err();
        assert_eq!(error.kind(), DecompressErrorKind::TooLarge { limit: LIMIT });
        assert_bounded(&out);
    }

    #[cfg(feature = "zstd")]
    #[test]
    fn zstd_payloads_under_the_limit_pass() {
        let payload = vec![b'a'; LIMIT];
        let frames = zstd_payloads(20, &[&payload, b"{}"]);
        let mut decompressor = Decompressor::new(Compression::Zstd, limits(LIMIT)).unwrap();
        let mut out = Vec::new();
        assert!(decompressor.push(&frames[0], &mut out).unwrap());
        assert_eq!(out.len(), LIMIT);
        let mut next = Vec::new();
        assert!(decompressor.push(&frames[1], &mut next).unwrap());
        assert_eq!(next, b"{}");
    }

    #[cfg(feature = "zstd")]
    #[test]
    fn a_zstd_window_above_the_limit_is_refused() {
        let frames = zstd_payloads(24, &[b"{\"op\":11}"]);
        let limits = Limits {
            max_payload: LIMIT,
            zstd_window_log_max: 20,
        };
        let mut decompressor = Decompressor::new(Compression::Zstd, limits).unwrap();
        let mut out = Vec::new();
        let error = decompressor.push(&frames[0], &mut out).unwrap_err();
        assert_eq!(error.kind(), DecompressErrorKind::Corrupt);
        // The same frame within the default window passes.
        let mut decompressor = Decompressor::new(Compression::Zstd, Limits::default()).unwrap();
        assert!(decompressor.push(&frames[0], &mut out).unwrap());
        assert_eq!(out, b"{\"op\":11}");
    }
}
