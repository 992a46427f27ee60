//! Ratelimit headers from a hostile HTTP server: parsing never panics,
//! whatever the values (huge or negative numbers, garbage, invalid UTF-8).
#![no_main]

use libfuzzer_sys::fuzz_target;
use twilight_http_ratelimiting::RateLimitHeaders;

const NAMES: [&str; 8] = [
    "x-ratelimit-limit",
    "x-ratelimit-remaining",
    "x-ratelimit-reset",
    "x-ratelimit-reset-after",
    "x-ratelimit-bucket",
    "x-ratelimit-global",
    "x-ratelimit-scope",
    "retry-after",
];

fuzz_target!(|data: &[u8]| {
    // Values separated by newlines, one per header name in turn.
    let pairs = data
        .split(|&byte| byte == b'\n')
        .zip(NAMES.iter().cycle())
        .map(|(value, name)| (*name, value));
    let _ = RateLimitHeaders::from_pairs(pairs);
});
