//! Gateway event deserialisation: ours (serde_json and simd-json) beside
//! twilight-model 0.18 from crates.io (serde_json and simd-json), on the same
//! bytes. Counters give events/s and bytes/s.
//!
//! Run with `cargo bench -p benchmarks --bench gateway_events`.

use benchmarks::Corpus;
use divan::counter::{BytesCount, ItemsCount};
use divan::{Bencher, black_box};
use serde::de::DeserializeSeed;
use twilight_model::gateway::{GatewayEvent, parse_simd_if};
use twilight_model_018::gateway::event::GatewayEventDeserializer;

const GROUPS: &[&str] = &[
    "mixed",
    "GUILD_CREATE",
    "MESSAGE_CREATE",
    "PRESENCE_UPDATE",
    "TYPING_START",
    "MESSAGE_REACTION_ADD",
    "INTERACTION_CREATE",
];

fn corpus(group: &str) -> Corpus {
    if group == "mixed" {
        Corpus::mixed()
    } else {
        Corpus::only(group)
    }
}

fn main() {
    check_corpus();
    divan::main();
}

/// Both libraries must parse every payload, or the comparison means nothing.
fn check_corpus() {
    let corpus = Corpus::mixed();
    for payload in &corpus.payloads {
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
        "corpus: {} payloads, {} bytes; both libraries parse all of them",
        corpus.payloads.len(),
        corpus.bytes()
    );
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

#[divan::bench(args = GROUPS)]
fn ours_serde_json(bencher: Bencher, group: &str) {
    bench_text(bencher, group, |json| {
        GatewayEvent::from_json(json).expect("parses")
    });
}

#[divan::bench(args = GROUPS)]
fn ours_simd_json(bencher: Bencher, group: &str) {
    bench_buffer(bencher, group, |buffer| {
        parse_simd_if(buffer, |_| true).expect("parses")
    });
}

#[divan::bench(args = GROUPS)]
fn twilight_018_serde_json(bencher: Bencher, group: &str) {
    bench_text(bencher, group, |json| upstream_serde(json).expect("parses"));
}

#[divan::bench(args = GROUPS)]
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
