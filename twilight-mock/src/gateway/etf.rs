//! ETF (Erlang's External Term Format), the gateway's other encoding
//! (`encoding=etf`; events/gateway.mdx, "Using ETF Encoding"), to and from
//! the JSON values the mock works with.
//!
//! Sent: objects as maps with atom keys, strings (snowflakes included, which
//! the docs allow) as binaries, `null`, `true` and `false` as atoms,
//! integers as small, 32-bit or big integers, floats as IEEE doubles.
//! Received: maps must have string (binary) keys, as the docs require; atom
//! keys are a decode error (4002). Byte lists (`STRING_EXT`, how Erlang
//! packs short lists of small integers) read as arrays of integers.

use serde_json::{Map, Number, Value};

const VERSION: u8 = 131;
const NEW_FLOAT: u8 = 70;
const SMALL_INTEGER: u8 = 97;
const INTEGER: u8 = 98;
const FLOAT: u8 = 99;
const ATOM: u8 = 100;
const SMALL_TUPLE: u8 = 104;
const LARGE_TUPLE: u8 = 105;
const NIL: u8 = 106;
const STRING: u8 = 107;
const LIST: u8 = 108;
const BINARY: u8 = 109;
const SMALL_BIG: u8 = 110;
const LARGE_BIG: u8 = 111;
const SMALL_ATOM: u8 = 115;
const MAP: u8 = 116;
const ATOM_UTF8: u8 = 118;
const SMALL_ATOM_UTF8: u8 = 119;

/// `value` as an ETF term.
pub(crate) fn encode(value: &Value) -> Vec<u8> {
    let mut out = vec![VERSION];
    term(value, &mut out);
    out
}

fn atom(name: &str, out: &mut Vec<u8>) {
    // Keys and the mock's atoms are short; longer names take ATOM_UTF8.
    match u8::try_from(name.len()) {
        Ok(len) => {
            out.push(SMALL_ATOM_UTF8);
            out.push(len);
        }
        Err(_) => {
            out.push(ATOM_UTF8);
            out.extend_from_slice(&u16::try_from(name.len()).unwrap_or(u16::MAX).to_be_bytes());
        }
    }
    out.extend_from_slice(name.as_bytes());
}

fn length(len: usize, out: &mut Vec<u8>) {
    out.extend_from_slice(&u32::try_from(len).unwrap_or(u32::MAX).to_be_bytes());
}

fn term(value: &Value, out: &mut Vec<u8>) {
    match value {
        Value::Null => atom("nil", out),
        Value::Bool(b) => atom(if *b { "true" } else { "false" }, out),
        Value::Number(n) => number(n, out),
        Value::String(s) => {
            out.push(BINARY);
            length(s.len(), out);
            out.extend_from_slice(s.as_bytes());
        }
        Value::Array(items) if items.is_empty() => out.push(NIL),
        Value::Array(items) => {
            out.push(LIST);
            length(items.len(), out);
            for item in items {
                term(item, out);
            }
            out.push(NIL);
        }
        Value::Object(map) => {
            out.push(MAP);
            length(map.len(), out);
            for (key, value) in map {
                atom(key, out);
                term(value, out);
            }
        }
    }
}

fn number(n: &Number, out: &mut Vec<u8>) {
    if let Some(small) = n.as_u64().and_then(|v| u8::try_from(v).ok()) {
        out.push(SMALL_INTEGER);
        out.push(small);
    } else if let Some(int) = n.as_i64().and_then(|v| i32::try_from(v).ok()) {
        out.push(INTEGER);
        out.extend_from_slice(&int.to_be_bytes());
    } else if let Some(big) = n
        .as_i64()
        .map(|v| (v < 0, v.unsigned_abs()))
        .or(n.as_u64().map(|v| (false, v)))
    {
        let (negative, mut magnitude) = big;
        let mut digits = Vec::new();
        while magnitude > 0 {
            digits.push((magnitude & 0xff) as u8);
            magnitude >>= 8;
        }
        out.push(SMALL_BIG);
        out.push(u8::try_from(digits.len()).unwrap_or(8));
        out.push(u8::from(negative));
        out.extend_from_slice(&digits);
    } else {
        out.push(NEW_FLOAT);
        out.extend_from_slice(&n.as_f64().unwrap_or(0.0).to_be_bytes());
    }
}

/// A term a client sent, as JSON; `None` if it is not a term the gateway
/// reads (including a map with atom keys).
pub(crate) fn decode(bytes: &[u8]) -> Option<Value> {
    let (&version, rest) = bytes.split_first()?;
    if version != VERSION {
        return None;
    }
    let mut reader = Reader { bytes: rest };
    let value = reader.term(0)?;
    reader.bytes.is_empty().then_some(value)
}

/// Nesting deeper than this is refused (payloads are at most 4096 bytes).
const MAX_DEPTH: usize = 64;

struct Reader<'a> {
    bytes: &'a [u8],
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        if self.bytes.len() < n {
            return None;
        }
        let (head, tail) = self.bytes.split_at(n);
        self.bytes = tail;
        Some(head)
    }

    fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }

    fn u16(&mut self) -> Option<usize> {
        self.take(2)
            .map(|b| usize::from(u16::from_be_bytes([b[0], b[1]])))
    }

    fn u32(&mut self) -> Option<usize> {
        let b = self.take(4)?;
        usize::try_from(u32::from_be_bytes([b[0], b[1], b[2], b[3]])).ok()
    }

    fn atom(&mut self, len: usize) -> Option<Value> {
        let name = std::str::from_utf8(self.take(len)?).ok()?;
        Some(match name {
            "nil" | "null" => Value::Null,
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            other => Value::String(other.to_owned()),
        })
    }

    fn big(&mut self, len: usize) -> Option<Value> {
        let negative = self.u8()? != 0;
        let digits = self.take(len)?;
        if len > 8 {
            return None;
        }
        let magnitude = digits
            .iter()
            .rev()
            .fold(0_u64, |acc, d| (acc << 8) | u64::from(*d));
        if negative {
            let value = i64::try_from(magnitude).ok()?;
            Some(Value::from(-value))
        } else {
            Some(Value::from(magnitude))
        }
    }

    fn list(&mut self, len: usize, depth: usize) -> Option<Vec<Value>> {
        (0..len).map(|_| self.term(depth + 1)).collect()
    }

    fn term(&mut self, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        match self.u8()? {
            SMALL_INTEGER => self.u8().map(Value::from),
            INTEGER => {
                let b = self.take(4)?;
                Some(Value::from(i32::from_be_bytes([b[0], b[1], b[2], b[3]])))
            }
            NEW_FLOAT => {
                let b: [u8; 8] = self.take(8)?.try_into().ok()?;
                Number::from_f64(f64::from_be_bytes(b)).map(Value::Number)
            }
            FLOAT => {
                let text = std::str::from_utf8(self.take(31)?).ok()?;
                let float: f64 = text.trim_end_matches('\0').trim().parse().ok()?;
                Number::from_f64(float).map(Value::Number)
            }
            ATOM | ATOM_UTF8 => {
                let len = self.u16()?;
                self.atom(len)
            }
            SMALL_ATOM | SMALL_ATOM_UTF8 => {
                let len = usize::from(self.u8()?);
                self.atom(len)
            }
            NIL => Some(Value::Array(Vec::new())),
            STRING => {
                let len = self.u16()?;
                Some(Value::Array(
                    self.take(len)?.iter().map(|b| Value::from(*b)).collect(),
                ))
            }
            LIST => {
                let len = self.u32()?;
                let items = self.list(len, depth)?;
                // A proper list ends with NIL.
                (self.u8()? == NIL).then_some(Value::Array(items))
            }
            SMALL_TUPLE => {
                let len = usize::from(self.u8()?);
                self.list(len, depth).map(Value::Array)
            }
            LARGE_TUPLE => {
                let len = self.u32()?;
                self.list(len, depth).map(Value::Array)
            }
            BINARY => {
                let len = self.u32()?;
                let text = std::str::from_utf8(self.take(len)?).ok()?;
                Some(Value::String(text.to_owned()))
            }
            SMALL_BIG => {
                let len = usize::from(self.u8()?);
                self.big(len)
            }
            LARGE_BIG => {
                let len = self.u32()?;
                self.big(len)
            }
            MAP => {
                let arity = self.u32()?;
                let mut map = Map::new();
                for _ in 0..arity {
                    // String keys only, as the docs require.
                    if self.bytes.first() != Some(&BINARY) {
                        return None;
                    }
                    let Value::String(key) = self.term(depth + 1)? else {
                        return None;
                    };
                    let value = self.term(depth + 1)?;
                    map.insert(key, value);
                }
                Some(Value::Object(map))
            }
            _ => None,
        }
    }
}
