//! The simd-json path accepts and rejects exactly what the serde_json path
//! does, and decodes what it accepts to the same events.
#![cfg(feature = "simd-json")]

use serde_json::{Value, json};
use std::path::Path;
use twilight_model::gateway::{GatewayEvent, parse_simd_if};

/// Both paths on one payload: the same event, or both an error.
fn assert_same(payload: &[u8]) {
    let shown = String::from_utf8_lossy(payload);
    let text = std::str::from_utf8(payload).map(GatewayEvent::from_json);
    let mut buffer = payload.to_vec();
    let simd = parse_simd_if(&mut buffer, |_| true).map(|event| event.expect("every type wanted"));
    match (text, simd) {
        (Ok(Ok(text)), Ok(simd)) => assert_eq!(text, simd, "{shown}"),
        (Ok(Err(_)) | Err(_), Err(_)) => {}
        (text, simd) => {
            panic!("the paths disagree on {shown}:\n serde_json: {text:?}\n simd-json: {simd:?}")
        }
    }
}

fn message_create(content: &str) -> Vec<u8> {
    format!(
        r#"{{"t":"MESSAGE_CREATE","s":5,"op":0,"d":{{"id":"3","channel_id":"2","author":{{"id":"1","username":"u","discriminator":"0","avatar":null,"global_name":null}},"content":"{content}","timestamp":"2021-01-01T00:00:00.000000+00:00","edited_timestamp":null,"tts":false,"mention_everyone":false,"mentions":[],"mention_roles":[],"attachments":[],"embeds":[],"pinned":false,"type":0}}}}"#
    )
    .into_bytes()
}

#[test]
fn strings_that_simd_json_alone_would_misread() {
    for content in [
        "plain",
        r"\ud800",
        r"text then \ud800",
        r"\uDBFF",
        r"\udc00",
        r"\ud83d\ude00 paired",
        r"\ud800\u0041",
        r"\\ud800 (an escaped backslash)",
        r"\u00e9\n\t\/",
        r"\x",
        r"\u00",
        "raw\u{1}control",
        "raw\ttab",
        "nul\0inside",
    ] {
        assert_same(&message_create(content));
    }
    // The lone surrogate is refused, not decoded to NUL.
    let mut buffer = message_create(r"text then \ud800");
    assert!(parse_simd_if(&mut buffer, |_| true).is_err());
}

#[test]
fn bytes_between_tokens() {
    let valid = message_create("x");
    let d = valid.windows(4).position(|w| w == br#""d":"#).unwrap() + 4;
    let mut cases = Vec::new();
    for insert in [&b"\0"[..], b" ", b"\n\r\t", b"\x0b", b"\xc2\xa0"] {
        for at in [0, 1, d, d + 1, valid.len() - 1, valid.len()] {
            let mut case = valid.clone();
            case.splice(at..at, insert.iter().copied());
            cases.push(case);
        }
    }
    for case in &cases {
        assert_same(case);
    }
}

#[test]
fn numbers_and_structure() {
    for d in [
        r#"{"id":"3","channel_id":"2"}"#,
        r#"{"id":"3","channel_id":"2",}"#,
        r#"{"id":"3","channel_id":"2","x":01}"#,
        r#"{"id":"3","channel_id":"2","x":1e999}"#,
        r#"{"id":"3","channel_id":"2","x":-0}"#,
        r#"{"id":"3","channel_id":"2","x":[1,2,]}"#,
        r#"{"id":"3","channel_id":"2","x":{"a":1}{}"#,
        r#"{"id":"3","channel_id":"2","id":"4"}"#,
        r#"{"id":"0","channel_id":"2"}"#,
        r#"{"id":"-3","channel_id":"2"}"#,
        r#"{"id":3,"channel_id":"2"}"#,
        r#"{"id":"18446744073709551616","channel_id":"2"}"#,
    ] {
        let payload = format!(r#"{{"t":"MESSAGE_DELETE","s":1,"op":0,"d":{d}}}"#);
        assert_same(payload.as_bytes());
    }
}

/// Every documented example payload, as Discord formats it and compacted.
#[test]
fn discords_examples() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/discord-spec/examples");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|ext| ext != "json") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let value: Value = serde_json::from_str(&text).unwrap();
        assert_same(text.as_bytes());
        assert_same(value.to_string().as_bytes());
        checked += 1;
    }
    assert!(
        checked >= 10,
        "only {checked} examples found in {}",
        dir.display()
    );
    assert_same(
        json!({"op": 0, "s": 1, "t": "SOMETHING_NEW", "d": {"x": "\u{10ffff}"}})
            .to_string()
            .as_bytes(),
    );
}

/// Found by the `gateway_payload` fuzz target: invalid UTF-8 in the
/// envelope, outside `d`, was accepted by the simd-json path alone.
#[test]
fn invalid_utf8_outside_the_data() {
    let mut payload = br#"{"op":0,"s":42,"t":"GATEWAY_EVENT_NAME","d":{}}"#.to_vec();
    let at = payload.windows(5).position(|w| w == b"EVENT").unwrap();
    payload[at] = 0xff;
    assert_same(&payload);
    let mut after = br#"{"op":0,"s":42,"t":"X","d":{},"x":"?"}"#.to_vec();
    let end = after.len() - 3;
    after[end] = 0xc3;
    assert_same(&after);
}
