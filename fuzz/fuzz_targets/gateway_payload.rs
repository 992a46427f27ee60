//! A gateway payload from a hostile peer: neither parser panics, and the
//! serde_json and simd-json paths agree on every input (the same event, or
//! both an error).
#![no_main]

use libfuzzer_sys::fuzz_target;
use twilight_model::gateway::{GatewayEvent, parse_simd_if};

fuzz_target!(|data: &[u8]| {
    let text = std::str::from_utf8(data).map(GatewayEvent::from_json);
    let mut buffer = data.to_vec();
    let simd = parse_simd_if(&mut buffer, |_| true);
    match (text, simd) {
        (Ok(Ok(text)), Ok(Some(simd))) => assert_eq!(text, simd),
        (Ok(Err(_)) | Err(_), Err(_)) => {}
        (text, simd) => {
            panic!("the parsers disagree:\n serde_json: {text:?}\n simd-json: {simd:?}")
        }
    }
});
