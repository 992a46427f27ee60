//! Gateway event deserialisation: ours (serde_json and simd-json) beside
//! twilight-model 0.18 from crates.io (serde_json and simd-json), on the same
//! bytes: the realistic stream of `benchmarks::Stream` (50 GUILD_CREATEs,
//! then 20,000 dispatches), with `d` last in every payload and with the key
//! order varied, and each event type of it alone. Counters give events/s
//! and bytes/s; the allocation profiler gives allocations per sample.
//!
//! Run with `cargo bench -p benchmarks --bench gateway_events`.

use benchmarks::{Corpus, EVENT_TYPES, KeyOrder, Payload, Stream};
use divan::counter::{BytesCount, ItemsCount};
use divan::{AllocProfiler, Bencher, black_box};
use serde::de::DeserializeSeed;
use std::sync::OnceLock;
use twilight_model::gateway::{GatewayEvent, parse_simd_if};
use twilight_model_018::gateway::event::GatewayEventDeserializer;

#[global_allocator]
static ALLOC: AllocProfiler = AllocProfiler::system();

const EVENTS: usize = 20_000;

fn groups() -> Vec<&'static str> {
    ["stream", "stream-varied-order"]
        .into_iter()
        .chain(EVENT_TYPES.iter().copied())
        .collect()
}

fn stream(order: KeyOrder) -> &'static Stream {
    static DATA_LAST: OnceLock<Stream> = OnceLock::new();
    static VARIED: OnceLock<Stream> = OnceLock::new();
    let cell = match order {
        KeyOrder::DataLast => &DATA_LAST,
        KeyOrder::Varied => &VARIED,
    };
    cell.get_or_init(|| Stream::new(50, EVENTS, order))
}

fn corpus(group: &str) -> Corpus {
    let pick = |stream: &Stream, name: Option<&str>| Corpus {
        payloads: stream
            .payloads()
            .filter(|p| name.is_none_or(|name| p.name == name))
            .map(|p| Payload {
                name: p.name,
                json: p.json.clone(),
            })
            .collect(),
    };
    match group {
        "stream" => pick(stream(KeyOrder::DataLast), None),
        "stream-varied-order" => pick(stream(KeyOrder::Varied), None),
        name => pick(stream(KeyOrder::DataLast), Some(name)),
    }
}

fn main() {
    check_corpus();
    divan::main();
}

/// Both libraries must parse every payload, or the comparison means nothing.
fn check_corpus() {
    let data_last = corpus("stream");
    let varied = corpus("stream-varied-order");
    for payload in data_last.payloads.iter().chain(&varied.payloads) {
        if let Err(error) = GatewayEvent::from_json(&payload.json) {
            panic!("ours fails on {}: {error}", payload.name);
        }
        let mut buffer = payload.json.clone().into_bytes();
        if let Err(error) = parse_simd_if(&mut buffer, |_| true) {
            panic!("ours (simd-json) fails on {}: {error}", payload.name);
        }
        if let Err(error) = upstream_serde(&payload.json) {
            panic!("twilight-model 0.18 fails on {}: {error}", payload.name);
        }
    }
    eprintln!(
        "stream: {} payloads, {} bytes; both libraries parse all of them",
        data_last.payloads.len(),
        data_last.bytes()
    );
    for name in EVENT_TYPES {
        let group = corpus(name);
        eprintln!(
            "  {name}: {} payloads, {} bytes on average",
            group.payloads.len(),
            group.bytes() / group.payloads.len().max(1)
        );
    }
}

fn upstream_serde(
    json: &str,
) -> Result<twilight_model_018::gateway::event::GatewayEvent, serde_json::Error> {
    let seed = GatewayEventDeserializer::from_json(json).expect("an envelope");
    seed.deserialize(&mut serde_json::Deserializer::from_str(json))
}

fn upstream_simd(buffer: &mut [u8]) -> twilight_model_018::gateway::event::GatewayEvent {
    let text = std::str::from_utf8(buffer).expect("utf-8");
    let (op, _sequence, event_type) = GatewayEventDeserializer::from_json(text)
        .expect("an envelope")
        .into_parts();
    let event_type = event_type.map(std::borrow::Cow::into_owned);
    let seed = GatewayEventDeserializer::new(op, event_type.as_deref());
    let mut deserializer = simd_json::Deserializer::from_slice(buffer).expect("valid json");
    seed.deserialize(&mut deserializer).expect("parses")
}

/// Times parsing every payload of the group from its text.
fn bench_text<T>(bencher: Bencher, group: &str, parse: fn(&str) -> T) {
    let corpus = corpus(group);
    bencher
        .counter(BytesCount::new(corpus.bytes()))
        .counter(ItemsCount::new(corpus.payloads.len()))
        .bench(|| {
            for payload in &corpus.payloads {
                black_box(parse(&payload.json));
            }
        });
}

/// Times parsing every payload of the group from a mutable buffer (as
/// simd-json needs); copying the buffers is not timed.
fn bench_buffer<T>(bencher: Bencher, group: &str, parse: fn(&mut [u8]) -> T) {
    let corpus = corpus(group);
    bencher
        .counter(BytesCount::new(corpus.bytes()))
        .counter(ItemsCount::new(corpus.payloads.len()))
        .with_inputs(|| {
            corpus
                .payloads
                .iter()
                .map(|p| p.json.clone().into_bytes())
                .collect::<Vec<_>>()
        })
        .bench_local_refs(|buffers| {
            for buffer in buffers.iter_mut() {
                black_box(parse(buffer));
            }
        });
}

#[divan::bench(args = groups())]
fn ours_serde_json(bencher: Bencher, group: &str) {
    bench_text(bencher, group, |json| {
        GatewayEvent::from_json(json).expect("parses")
    });
}

#[divan::bench(args = groups())]
fn ours_simd_json(bencher: Bencher, group: &str) {
    bench_buffer(bencher, group, |buffer| {
        parse_simd_if(buffer, |_| true).expect("parses")
    });
}

#[divan::bench(args = groups())]
fn twilight_018_serde_json(bencher: Bencher, group: &str) {
    bench_text(bencher, group, |json| upstream_serde(json).expect("parses"));
}

#[divan::bench(args = groups())]
fn twilight_018_simd_json(bencher: Bencher, group: &str) {
    bench_buffer(bencher, group, upstream_simd);
}

/// A message's components (two action rows: five buttons, a string select),
/// the part of MESSAGE_CREATE that is read as a JSON object first so that
/// an unknown component keeps its fields.
const COMPONENTS: &str = r#"[
 {"type":1,"components":[
  {"type":2,"style":1,"label":"Yes","custom_id":"yes"},
  {"type":2,"style":4,"label":"No","custom_id":"no"},
  {"type":2,"style":2,"label":"Maybe","custom_id":"maybe","emoji":{"name":"🤔"}},
  {"type":2,"style":5,"label":"Docs","url":"https://discord.com/developers/docs"},
  {"type":2,"style":3,"label":"Later","custom_id":"later","disabled":true}]},
 {"type":1,"components":[
  {"type":3,"custom_id":"pick","placeholder":"Pick one","min_values":1,"max_values":1,"options":[
   {"label":"Red","value":"red","description":"warm"},
   {"label":"Blue","value":"blue","description":"cold","default":true}]}]}]"#;

#[divan::bench]
fn components_ours(bencher: Bencher) {
    bencher.counter(ItemsCount::new(1_usize)).bench(|| {
        serde_json::from_str::<Vec<twilight_model::message::component::Component>>(black_box(
            COMPONENTS,
        ))
        .unwrap()
    });
}

#[divan::bench]
fn components_twilight_018(bencher: Bencher) {
    bencher.counter(ItemsCount::new(1_usize)).bench(|| {
        serde_json::from_str::<Vec<twilight_model_018::channel::message::Component>>(black_box(
            COMPONENTS,
        ))
        .unwrap()
    });
}
