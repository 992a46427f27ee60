//! Transport compression, one context per connection, as Discord does it.

use flate2::{Compress, Compression, FlushCompress};

/// The transport compression a connection asked for with `compress=`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TransportCompression {
    /// None: every payload is a text frame.
    None,
    /// `zlib-stream`: one zlib context, each payload flushed with
    /// `Z_SYNC_FLUSH` (ends with `00 00 ff ff`), binary frames.
    ZlibStream,
    /// `zstd-stream`: one zstd stream, each payload flushed without ending the
    /// frame, binary frames.
    ZstdStream,
}

/// A connection's compression context.
pub(crate) enum Compressor {
    None,
    Zlib(Box<Compress>),
    Zstd(Box<zstd::stream::raw::Encoder<'static>>),
}

impl Compressor {
    pub(crate) fn new(kind: TransportCompression) -> std::io::Result<Self> {
        Ok(match kind {
            TransportCompression::None => Self::None,
            TransportCompression::ZlibStream => {
                Self::Zlib(Box::new(Compress::new(Compression::default(), true)))
            }
            TransportCompression::ZstdStream => {
                Self::Zstd(Box::new(zstd::stream::raw::Encoder::new(3)?))
            }
        })
    }

    pub(crate) fn is_compressed(&self) -> bool {
        !matches!(self, Self::None)
    }

    /// Compresses one payload; the result is a complete message for the
    /// client's shared decompression context.
    pub(crate) fn compress(&mut self, input: &[u8]) -> std::io::Result<Vec<u8>> {
        match self {
            Self::None => Ok(input.to_vec()),
            Self::Zlib(z) => {
                let mut out = Vec::with_capacity(input.len() / 2 + 64);
                let start_in = z.total_in();
                loop {
                    if out.capacity() - out.len() < 64 {
                        out.reserve(out.capacity().max(256));
                    }
                    let consumed = usize::try_from(z.total_in() - start_in).unwrap_or(usize::MAX);
                    let rest = input.get(consumed..).unwrap_or_default();
                    z.compress_vec(rest, &mut out, FlushCompress::Sync)
                        .map_err(std::io::Error::other)?;
                    let consumed = usize::try_from(z.total_in() - start_in).unwrap_or(usize::MAX);
                    if consumed >= input.len()
                        && out.ends_with(&[0, 0, 0xff, 0xff])
                        && out.len() < out.capacity()
                    {
                        break;
                    }
                }
                Ok(out)
            }
            Self::Zstd(z) => {
                use zstd::stream::raw::{InBuffer, Operation, OutBuffer};
                let mut out = Vec::with_capacity(input.len() / 2 + 64);
                let mut buf = vec![0u8; 16 * 1024];
                let mut inb = InBuffer::around(input);
                while inb.pos() < input.len() {
                    let mut outb = OutBuffer::around(&mut buf[..]);
                    z.run(&mut inb, &mut outb)?;
                    out.extend_from_slice(outb.as_slice());
                }
                loop {
                    let mut outb = OutBuffer::around(&mut buf[..]);
                    let left = z.flush(&mut outb)?;
                    out.extend_from_slice(outb.as_slice());
                    if left == 0 {
                        break;
                    }
                }
                Ok(out)
            }
        }
    }
}
