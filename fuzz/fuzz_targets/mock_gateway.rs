//! Frames from a hostile client to the local Discord's gateway (JSON, or
//! ETF when the input starts with ETF's version byte; frames separated by
//! `twilight_mock::fuzzing::FRAME_SEPARATOR`), through its payload checks,
//! opcodes and session rules: no panic, and once the connection ends no
//! connection or session is left and the log is within its cap.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    twilight_mock::fuzzing::gateway_frames(data);
});
