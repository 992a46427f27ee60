//! The in-memory cache: ours beside twilight-cache-inmemory 0.18 from
//! crates.io, each fed its own library's parse of the same bytes.
//!
//! Memory: divan's allocation profiler counts the heap each benchmark
//! allocates and frees; the cache is returned, so it is dropped outside the
//! count. Bytes kept = alloc + grow - dealloc - shrink, per iteration:
//! - `memory_guilds`: the guilds with members and presences;
//! - `memory_guilds_bare`: the same number of guilds without members;
//! - `memory_messages`: the messages, added to a cache holding the guilds.
//!
//! Speed: `updates` feeds member and presence updates to a filled cache;
//! `memory_messages` and `memory_guilds` give their events/s too.
//!
//! Run with `cargo bench -p benchmarks --bench cache`.

use benchmarks::{CacheCorpus, Payload};
use divan::counter::ItemsCount;
use divan::{AllocProfiler, Bencher};
use serde::de::DeserializeSeed;
use std::sync::LazyLock;
use twilight_cache_inmemory::InMemoryCache;
use twilight_cache_inmemory_018::DefaultInMemoryCache as Upstream;
use twilight_model::gateway::GatewayEvent;
use twilight_model::gateway::event::Event;
use twilight_model_018::gateway::event::{Event as UpstreamEvent, GatewayEventDeserializer};

#[global_allocator]
static ALLOC: AllocProfiler = AllocProfiler::system();

const GUILDS: usize = 10;
const MEMBERS: usize = 5_000;
const MESSAGES: usize = 20_000;
const UPDATES: usize = 20_000;

struct Phase {
    ours: Vec<Event>,
    upstream: Vec<UpstreamEvent>,
}

impl Phase {
    fn parse(payloads: &[Payload]) -> Self {
        Self {
            ours: payloads.iter().map(|p| ours(&p.json)).collect(),
            upstream: payloads.iter().map(|p| upstream(&p.json)).collect(),
        }
    }
}

struct Parsed {
    guilds: Phase,
    bare_guilds: Phase,
    messages: Phase,
    updates: Phase,
    members: usize,
}

static PARSED: LazyLock<Parsed> = LazyLock::new(|| {
    let corpus = CacheCorpus::new(GUILDS, MEMBERS, MESSAGES, UPDATES);
    let bare = CacheCorpus::new(GUILDS, 0, 0, 0);
    Parsed {
        guilds: Phase::parse(&corpus.guilds),
        bare_guilds: Phase::parse(&bare.guilds),
        messages: Phase::parse(&corpus.messages),
        updates: Phase::parse(&corpus.updates),
        members: corpus.members,
    }
});

fn ours(json: &str) -> Event {
    match GatewayEvent::from_json(json) {
        Ok(GatewayEvent::Dispatch { event, .. }) => event,
        Ok(other) => panic!("not a dispatch: {other:?}"),
        Err(error) => panic!("ours fails: {error}"),
    }
}

fn upstream(json: &str) -> UpstreamEvent {
    let seed = GatewayEventDeserializer::from_json(json).expect("an envelope");
    match seed.deserialize(&mut serde_json::Deserializer::from_str(json)) {
        Ok(twilight_model_018::gateway::event::GatewayEvent::Dispatch(_, event)) => event.into(),
        Ok(other) => panic!("not a dispatch: {other:?}"),
        Err(error) => panic!("twilight-model 0.18 fails: {error}"),
    }
}

fn ours_cache(events: &[&[Event]]) -> InMemoryCache {
    let cache = InMemoryCache::new();
    for event in events.iter().copied().flatten() {
        cache.update(event);
    }
    cache
}

fn upstream_cache(events: &[&[UpstreamEvent]]) -> Upstream {
    let cache = Upstream::new();
    for event in events.iter().copied().flatten() {
        cache.update(event);
    }
    cache
}

fn main() {
    let parsed = &*PARSED;
    let ours = ours_cache(&[&parsed.guilds.ours, &parsed.messages.ours]);
    let upstream = upstream_cache(&[&parsed.guilds.upstream, &parsed.messages.upstream]);
    let stats = ours.stats();
    eprintln!(
        "corpus: {GUILDS} guilds, {} members ({} users), {} messages, {} updates",
        parsed.members,
        stats.users,
        parsed.messages.ours.len(),
        parsed.updates.ours.len()
    );
    let upstream_stats = upstream.stats();
    eprintln!(
        "0.18 holds {} members, {} users, {} presences, {} messages; ours {}, {}, {}, {}",
        upstream_stats.members(),
        upstream_stats.users(),
        upstream_stats.presences(),
        upstream.iter().messages().count(),
        stats.members,
        stats.users,
        stats.presences,
        stats.messages
    );
    eprintln!("our estimate (stats()): {:?}", stats.bytes);
    drop((ours, upstream));
    divan::main();
}

mod memory_guilds {
    use super::*;

    #[divan::bench(sample_count = 5, sample_size = 1)]
    fn ours(bencher: Bencher) {
        let events = &PARSED.guilds.ours;
        bencher
            .counter(ItemsCount::new(events.len()))
            .bench(|| ours_cache(&[events]));
    }

    #[divan::bench(sample_count = 5, sample_size = 1)]
    fn upstream(bencher: Bencher) {
        let events = &PARSED.guilds.upstream;
        bencher
            .counter(ItemsCount::new(events.len()))
            .bench(|| upstream_cache(&[events]));
    }
}

mod memory_guilds_bare {
    use super::*;

    #[divan::bench(sample_count = 5, sample_size = 1)]
    fn ours(bencher: Bencher) {
        let events = &PARSED.bare_guilds.ours;
        bencher.bench(|| ours_cache(&[events]));
    }

    #[divan::bench(sample_count = 5, sample_size = 1)]
    fn upstream(bencher: Bencher) {
        let events = &PARSED.bare_guilds.upstream;
        bencher.bench(|| upstream_cache(&[events]));
    }
}

mod memory_messages {
    use super::*;

    #[divan::bench(sample_count = 5, sample_size = 1)]
    fn ours(bencher: Bencher) {
        let parsed = &*PARSED;
        bencher
            .counter(ItemsCount::new(parsed.messages.ours.len()))
            .with_inputs(|| ours_cache(&[&parsed.guilds.ours]))
            .bench_values(|cache| {
                for event in &parsed.messages.ours {
                    cache.update(event);
                }
                cache
            });
    }

    #[divan::bench(sample_count = 5, sample_size = 1)]
    fn upstream(bencher: Bencher) {
        let parsed = &*PARSED;
        bencher
            .counter(ItemsCount::new(parsed.messages.upstream.len()))
            .with_inputs(|| upstream_cache(&[&parsed.guilds.upstream]))
            .bench_values(|cache| {
                for event in &parsed.messages.upstream {
                    cache.update(event);
                }
                cache
            });
    }
}

mod updates {
    use super::*;

    #[divan::bench(sample_count = 5, sample_size = 1)]
    fn ours(bencher: Bencher) {
        let parsed = &*PARSED;
        bencher
            .counter(ItemsCount::new(parsed.updates.ours.len()))
            .with_inputs(|| ours_cache(&[&parsed.guilds.ours, &parsed.messages.ours]))
            .bench_values(|cache| {
                for event in &parsed.updates.ours {
                    cache.update(event);
                }
                cache
            });
    }

    #[divan::bench(sample_count = 5, sample_size = 1)]
    fn upstream(bencher: Bencher) {
        let parsed = &*PARSED;
        bencher
            .counter(ItemsCount::new(parsed.updates.upstream.len()))
            .with_inputs(|| upstream_cache(&[&parsed.guilds.upstream, &parsed.messages.upstream]))
            .bench_values(|cache| {
                for event in &parsed.updates.upstream {
                    cache.update(event);
                }
                cache
            });
    }
}
