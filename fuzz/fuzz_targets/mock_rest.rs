//! A request from a hostile client to the local Discord's REST server
//! (method and path, headers, body; see `twilight_mock::fuzzing::rest_request`),
//! through authentication, the ratelimits, the router, the permission checks
//! and the handlers: no panic, and a valid HTTP status.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    twilight_mock::fuzzing::rest_request(data);
});
