//! The cache fed with any well-typed events: every event the model accepts
//! is applied without a panic (counters saturate, missing guilds or
//! channels are ignored).
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;
use twilight_cache_inmemory::InMemoryCache;
use twilight_model::gateway::{Event, EventType};

/// One cache for the whole run, so that events build on earlier ones.
static CACHE: LazyLock<InMemoryCache> = LazyLock::new(InMemoryCache::new);

fuzz_target!(|data: &[u8]| {
    // A first byte picks the event type, the rest (lines) are its data.
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let kind = EventType::ALL[usize::from(selector) % EventType::ALL.len()];
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    for d in text.lines() {
        if let Ok(event) = Event::from_dispatch(Some(kind), kind.name(), d) {
            CACHE.update(&event);
        }
    }
    let _ = CACHE.stats();
});
