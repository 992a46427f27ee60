//! `encoding=etf`: payloads in Erlang's External Term Format both ways, with
//! the rules of events/gateway.mdx (string keys from the client; atom keys
//! are a 4002). The codec here is the test's own, written from the format's
//! specification.

mod gateway_support;

use futures_util::{SinkExt, StreamExt};
use gateway_support::*;
use serde_json::{Map, Value, json};
use tokio_websockets::Message;

/// The client's side: a term with binary (string) keys, or atom keys.
fn encode(value: &Value, atom_keys: bool, out: &mut Vec<u8>) {
    match value {
        Value::Null => out.extend_from_slice(&[119, 3, b'n', b'i', b'l']),
        Value::Bool(b) => {
            let name: &[u8] = if *b { b"true" } else { b"false" };
            out.extend_from_slice(&[119, name.len() as u8]);
            out.extend_from_slice(name);
        }
        Value::Number(n) => {
            let n = n.as_u64().unwrap();
            if n < 256 {
                out.extend_from_slice(&[97, n as u8]);
            } else {
                out.push(98);
                out.extend_from_slice(&(n as i32).to_be_bytes());
            }
        }
        Value::String(s) => {
            out.push(109);
            out.extend_from_slice(&(s.len() as u32).to_be_bytes());
            out.extend_from_slice(s.as_bytes());
        }
        Value::Array(items) => {
            // Erlang packs a list of bytes as STRING_EXT.
            if !items.is_empty() && items.iter().all(|i| i.as_u64().is_some_and(|n| n < 256)) {
                out.push(107);
                out.extend_from_slice(&(items.len() as u16).to_be_bytes());
                out.extend(items.iter().map(|i| i.as_u64().unwrap() as u8));
                return;
            }
            out.push(108);
            out.extend_from_slice(&(items.len() as u32).to_be_bytes());
            for item in items {
                encode(item, atom_keys, out);
            }
            out.push(106);
        }
        Value::Object(map) => {
            out.push(116);
            out.extend_from_slice(&(map.len() as u32).to_be_bytes());
            for (key, value) in map {
                if atom_keys {
                    out.extend_from_slice(&[119, key.len() as u8]);
                    out.extend_from_slice(key.as_bytes());
                } else {
                    encode(&Value::String(key.clone()), false, out);
                }
                encode(value, atom_keys, out);
            }
        }
    }
}

fn term(value: &Value, atom_keys: bool) -> Vec<u8> {
    let mut out = vec![131];
    encode(value, atom_keys, &mut out);
    out
}

/// The server's side, read back into JSON.
fn decode(bytes: &mut &[u8]) -> Value {
    let tag = bytes[0];
    *bytes = &bytes[1..];
    let mut take = |n: usize| {
        let (head, tail) = bytes.split_at(n);
        *bytes = tail;
        head.to_vec()
    };
    match tag {
        97 => json!(take(1)[0]),
        98 => json!(i32::from_be_bytes(take(4).try_into().unwrap())),
        110 => {
            let len = take(1)[0] as usize;
            let negative = take(1)[0] == 1;
            let digits = take(len);
            let n = digits
                .iter()
                .rev()
                .fold(0u64, |a, d| (a << 8) | u64::from(*d));
            if negative {
                json!(-(n as i64))
            } else {
                json!(n)
            }
        }
        70 => json!(f64::from_be_bytes(take(8).try_into().unwrap())),
        119 => {
            let len = take(1)[0] as usize;
            match String::from_utf8(take(len)).unwrap().as_str() {
                "nil" => Value::Null,
                "true" => json!(true),
                "false" => json!(false),
                other => panic!("unexpected atom {other}"),
            }
        }
        109 => {
            let len = u32::from_be_bytes(take(4).try_into().unwrap()) as usize;
            json!(String::from_utf8(take(len)).unwrap())
        }
        106 => json!([]),
        108 => {
            let len = u32::from_be_bytes(take(4).try_into().unwrap()) as usize;
            let items: Vec<Value> = (0..len).map(|_| decode(bytes)).collect();
            assert_eq!(bytes[0], 106, "a proper list");
            *bytes = &bytes[1..];
            Value::Array(items)
        }
        116 => {
            let len = u32::from_be_bytes(take(4).try_into().unwrap()) as usize;
            let mut map = Map::new();
            for _ in 0..len {
                // Keys are atoms.
                assert_eq!(bytes[0], 119, "an atom key");
                let key_len = bytes[1] as usize;
                let key = String::from_utf8(bytes[2..2 + key_len].to_vec()).unwrap();
                *bytes = &bytes[2 + key_len..];
                map.insert(key, decode(bytes));
            }
            Value::Object(map)
        }
        other => panic!("unexpected tag {other}"),
    }
}

async fn read(client: &mut Client) -> Value {
    let message = client.ws.next().await.unwrap().unwrap();
    assert!(message.is_binary(), "ETF comes in binary frames");
    let payload = message.as_payload().to_vec();
    assert_eq!(payload[0], 131);
    let mut rest = &payload[1..];
    let value = decode(&mut rest);
    assert!(rest.is_empty());
    value
}

fn identify_payload() -> Value {
    json!({ "op": 2, "d": {
        "token": TOKEN,
        "intents": 1,
        "shard": [0, 1],
        "properties": { "os": "linux", "browser": "etf", "device": "etf" },
    } })
}

#[tokio::test]
async fn a_session_in_etf() {
    within(async {
        let gateway = start(config(), World::new(1, 1)).await;
        let mut client = Client::connect(&gateway.url(), "/?v=10&encoding=etf").await;
        let hello = read(&mut client).await;
        assert_eq!(hello["op"], 10);
        assert_eq!(hello["t"], Value::Null);
        assert!(hello["d"]["heartbeat_interval"].as_u64().unwrap() > 0);
        let identify = term(&identify_payload(), false);
        client.ws.send(Message::binary(identify)).await.unwrap();
        let ready = read(&mut client).await;
        assert_eq!(ready["t"], "READY");
        assert_eq!(ready["s"], 1);
        assert_eq!(ready["d"]["v"], 10);
        assert_eq!(ready["d"]["shard"], json!([0, 1]));
        // Snowflakes as strings, which the docs allow.
        assert_eq!(ready["d"]["user"]["id"], BOT_ID.to_string());
        let create = read(&mut client).await;
        assert_eq!(create["t"], "GUILD_CREATE");
        assert_eq!(create["d"]["id"], (1_u64 << 22).to_string());
        client
            .ws
            .send(Message::binary(term(&json!({ "op": 1, "d": 2 }), false)))
            .await
            .unwrap();
        assert_eq!(read(&mut client).await["op"], 11);
        // The log shows what was read, token redacted.
        let identified = gateway.identifies();
        assert_eq!(identified[0].shard, [0, 1]);
        let logged = &gateway.payloads()[0].raw;
        assert!(
            logged.contains("\"browser\":\"etf\"") && !logged.contains(TOKEN),
            "{logged}"
        );
    })
    .await;
}

#[tokio::test]
async fn atom_keys_from_the_client_are_a_decode_error() {
    within(async {
        let gateway = start(config(), World::new(1, 1)).await;
        let mut client = Client::connect(&gateway.url(), "/?v=10&encoding=etf").await;
        read(&mut client).await;
        let identify = term(&identify_payload(), true);
        client.ws.send(Message::binary(identify)).await.unwrap();
        assert_eq!(client.close_code().await, Some(4002));
    })
    .await;
}
