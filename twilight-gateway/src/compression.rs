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

/// A binary frame could not be decompressed.
#[derive(Debug)]
pub struct DecompressError {
    message: String,
}

impl Display for DecompressError {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "failed to decompress a gateway frame: {}", self.message)
    }
}

impl std::error::Error for DecompressError {}

/// The decompression state of one connection.
pub(crate) enum Decompressor {
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

/// Makes room for output: doubles a full buffer.
#[cfg(any(feature = "zlib", feature = "zstd"))]
fn ensure_room(out: &mut Vec<u8>) {
    if out.capacity() - out.len() < MIN_ROOM / 4 {
        out.reserve(out.capacity().max(MIN_ROOM));
    }
}

#[cfg(feature = "zlib")]
const ZLIB_SUFFIX: [u8; 4] = [0x00, 0x00, 0xff, 0xff];

impl Decompressor {
    /// A fresh context for a new connection.
    pub(crate) fn new(compression: Compression) -> Result<Self, DecompressError> {
        Ok(match compression {
            Compression::None => Self::None,
            #[cfg(feature = "zlib")]
            Compression::Zlib => Self::Zlib {
                inflate: Box::new(flate2::Decompress::new(true)),
                pending: Vec::new(),
            },
            #[cfg(feature = "zstd")]
            Compression::Zstd => Self::Zstd(Box::new(zstd::stream::raw::Decoder::new().map_err(
                |error| DecompressError {
                    message: error.to_string(),
                },
            )?)),
        })
    }

    /// Feeds one binary frame; appends a complete payload's bytes to `out`
    /// and returns `true` when one is complete.
    pub(crate) fn push(
        &mut self,
        frame: &[u8],
        out: &mut Vec<u8>,
    ) -> Result<bool, DecompressError> {
        match self {
            Self::None => {
                out.extend_from_slice(frame);
                Ok(true)
            }
            #[cfg(feature = "zlib")]
            Self::Zlib { inflate, pending } => {
                // Most payloads arrive in one frame: inflate straight from
                // it, copying only when a payload spans frames.
                let input: &[u8] = if pending.is_empty() && frame.ends_with(&ZLIB_SUFFIX) {
                    frame
                } else {
                    pending.extend_from_slice(frame);
                    if !pending.ends_with(&ZLIB_SUFFIX) {
                        return Ok(false);
                    }
                    pending
                };
                let result = inflate_all(inflate, input, out);
                pending.clear();
                result.map(|()| true)
            }
            #[cfg(feature = "zstd")]
            Self::Zstd(decoder) => zstd_all(decoder, frame, out).map(|()| true),
        }
    }
}

#[cfg(feature = "zlib")]
fn inflate_all(
    inflate: &mut flate2::Decompress,
    input: &[u8],
    out: &mut Vec<u8>,
) -> Result<(), DecompressError> {
    let mut consumed = 0;
    loop {
        ensure_room(out);
        let before = inflate.total_in();
        let room = out.capacity() - out.len();
        let written_before = out.len();
        inflate
            .decompress_vec(&input[consumed..], out, flate2::FlushDecompress::Sync)
            .map_err(|error| DecompressError {
                message: error.to_string(),
            })?;
        // `total_in` grows by at most the input's length, which fits usize.
        consumed += usize::try_from(inflate.total_in() - before).unwrap_or(usize::MAX);
        let filled = out.len() - written_before == room;
        if consumed >= input.len() && !filled {
            return Ok(());
        }
        if out.len() == written_before && consumed < input.len() && !filled {
            return Err(DecompressError {
                message: "zlib stream made no progress".to_owned(),
            });
        }
    }
}

#[cfg(feature = "zstd")]
fn zstd_all(
    decoder: &mut zstd::stream::raw::Decoder<'static>,
    frame: &[u8],
    out: &mut Vec<u8>,
) -> Result<(), DecompressError> {
    use zstd::stream::raw::{InBuffer, Operation, OutBuffer};

    let mut input = InBuffer::around(frame);
    loop {
        ensure_room(out);
        let start = out.len();
        let mut output = OutBuffer::around_pos(out, start);
        let before = input.pos();
        decoder
            .run(&mut input, &mut output)
            .map_err(|error| DecompressError {
                message: error.to_string(),
            })?;
        let filled = output.pos() == output.capacity();
        let progressed = output.pos() > start || input.pos() > before;
        if input.pos() == frame.len() && !filled {
            return Ok(());
        }
        if !progressed {
            return Err(DecompressError {
                message: "zstd stream made no progress".to_owned(),
            });
        }
    }
}
