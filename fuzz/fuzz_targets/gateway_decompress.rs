//! Transport compression from a hostile peer: frames of zlib-stream or
//! zstd-stream that are corrupt, never end a payload, or inflate past the
//! limit are typed errors, and what a decompressor holds stays bounded.
#![no_main]

use libfuzzer_sys::fuzz_target;
use twilight_gateway::Compression;
use twilight_gateway::fuzzing::Decompressor;

/// Small, so that bombs hit it quickly.
const LIMIT: usize = 1 << 20;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let compression = if selector & 1 == 0 {
        Compression::Zlib
    } else {
        Compression::Zstd
    };
    let Ok(mut decompressor) = Decompressor::new(compression, LIMIT) else {
        return;
    };
    // The other bits of the selector cut the input into frames.
    let frame_len = usize::from(selector >> 1).max(1) * 16;
    for frame in rest.chunks(frame_len) {
        let mut out = Vec::new();
        let _ = decompressor.push(frame, &mut out);
        assert!(out.capacity() <= LIMIT + 1, "held {} bytes", out.capacity());
        assert!(
            decompressor.held() <= LIMIT,
            "pending {} bytes",
            decompressor.held()
        );
    }
});
