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

/// What the benchmarks do with either cache, so each is written once.
trait Cache {
    /// Shared by divan's benchmark threads.
    type Event: Sync;
    fn new() -> Self;
    fn update(&self, event: &Self::Event);
}

impl Cache for InMemoryCache {
    type Event = Event;

    fn new() -> Self {
        Self::new()
    }

    fn update(&self, event: &Event) {
        self.update(event);
    }
}

impl Cache for Upstream {
    type Event = UpstreamEvent;

    fn new() -> Self {
        Self::new()
    }

    fn update(&self, event: &UpstreamEvent) {
        self.update(event);
    }
}

/// A cache fed every event of `phases`, in order.
fn filled<C: Cache>(phases: &[&[C::Event]]) -> C {
    let cache = C::new();
    for event in phases.iter().copied().flatten() {
        cache.update(event);
    }
    cache
}

/// Times feeding `events` to a cache already holding `before` (built
/// outside the timing and the allocation count).
fn bench_feed<C: Cache>(bencher: Bencher, before: &[&[C::Event]], events: &[C::Event]) {
    bencher
        .counter(ItemsCount::new(events.len()))
        .with_inputs(|| filled::<C>(before))
        .bench_values(|cache| {
            for event in events {
                cache.update(event);
            }
            cache
        });
}

fn main() {
    let parsed = &*PARSED;
    let ours = filled::<InMemoryCache>(&[&parsed.guilds.ours, &parsed.messages.ours]);
    let upstream = filled::<Upstream>(&[&parsed.guilds.upstream, &parsed.messages.upstream]);
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
            .bench(|| filled::<InMemoryCache>(&[events]));
    }

    #[divan::bench(sample_count = 5, sample_size = 1)]
    fn upstream(bencher: Bencher) {
        let events = &PARSED.guilds.upstream;
        bencher
            .counter(ItemsCount::new(events.len()))
            .bench(|| filled::<Upstream>(&[events]));
    }
}

mod memory_guilds_bare {
    use super::*;

    #[divan::bench(sample_count = 5, sample_size = 1)]
    fn ours(bencher: Bencher) {
        let events = &PARSED.bare_guilds.ours;
        bencher.bench(|| filled::<InMemoryCache>(&[events]));
    }

    #[divan::bench(sample_count = 5, sample_size = 1)]
    fn upstream(bencher: Bencher) {
        let events = &PARSED.bare_guilds.upstream;
        bencher.bench(|| filled::<Upstream>(&[events]));
    }
}

mod memory_messages {
    use super::*;

    #[divan::bench(sample_count = 5, sample_size = 1)]
    fn ours(bencher: Bencher) {
        let parsed = &*PARSED;
        bench_feed::<InMemoryCache>(bencher, &[&parsed.guilds.ours], &parsed.messages.ours);
    }

    #[divan::bench(sample_count = 5, sample_size = 1)]
    fn upstream(bencher: Bencher) {
        let parsed = &*PARSED;
        bench_feed::<Upstream>(
            bencher,
            &[&parsed.guilds.upstream],
            &parsed.messages.upstream,
        );
    }
}

mod updates {
    use super::*;

    #[divan::bench(sample_count = 5, sample_size = 1)]
    fn ours(bencher: Bencher) {
        let parsed = &*PARSED;
        bench_feed::<InMemoryCache>(
            bencher,
            &[&parsed.guilds.ours, &parsed.messages.ours],
            &parsed.updates.ours,
        );
    }

    #[divan::bench(sample_count = 5, sample_size = 1)]
    fn upstream(bencher: Bencher) {
        let parsed = &*PARSED;
        bench_feed::<Upstream>(
            bencher,
            &[&parsed.guilds.upstream, &parsed.messages.upstream],
            &parsed.updates.upstream,
        );
    }
}
