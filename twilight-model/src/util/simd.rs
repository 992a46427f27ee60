//! Where simd-json and serde_json disagree, and how to tell before parsing.
//!
//! Measured differentially (`tests/simd_differential.rs`): on these inputs
//! simd-json accepts what serde_json rejects, refuses what it accepts, or
//! decodes it differently.
//!
//! - A high surrogate escape (`\ud800` to `\udbff`) that ends a string:
//!   serde_json rejects it as an unpaired surrogate; simd-json decodes it to
//!   a NUL character, silently corrupting the text.
//! - NUL bytes, which JSON allows neither as whitespace nor raw in a string.
//! - Numbers: one out of `f64`'s range (`1e999`) in a field the type ignores
//!   is skipped by serde_json and refused by simd-json, and the two may round
//!   a long mantissa differently.
//!
//! [`agrees_with_serde_json`] finds all three in one pass that jumps over
//! string contents, so a caller can hand the rare payload that has one to
//! serde_json and keep simd-json for the rest: both paths then accept and
//! reject the same payloads and decode them to the same values. Discord's
//! payloads have none of them in practice (its text is raw UTF-8, its large
//! values are snowflake strings).

/// A mantissa of this many digits may not be exact in an `f64`, where the
/// two parsers' rounding can differ.
const MANTISSA_DIGITS: u32 = 16;

/// Whether simd-json is known to parse `bytes` exactly as serde_json does:
/// no NUL byte, no high surrogate escape (`\uD800` to `\uDBFF`, any case,
/// paired or not), no number with a mantissa of 16 digits or more or an
/// exponent of 3 digits or more.
///
/// `false` does not mean the JSON is invalid, only that it should be
/// parsed with serde_json.
#[must_use]
pub fn agrees_with_serde_json(bytes: &[u8]) -> bool {
    if memchr::memchr(0, bytes).is_some() {
        return false;
    }
    let mut pos = 0;
    let mut mantissa = 0;
    let mut exponent: Option<u32> = None;
    while let Some(&byte) = bytes.get(pos) {
        pos += 1;
        match byte {
            b'"' => {
                mantissa = 0;
                exponent = None;
                // Jump to the string's end, looking only at escapes.
                loop {
                    // `get`: an escape as the last byte puts `pos` past the end.
                    let Some(at) = bytes
                        .get(pos..)
                        .and_then(|rest| memchr::memchr2(b'"', b'\\', rest))
                    else {
                        return true;
                    };
                    pos += at + 1;
                    if bytes[pos - 1] == b'"' {
                        break;
                    }
                    if let Some([b'u', b'd' | b'D', b'8' | b'9' | b'a' | b'b' | b'A' | b'B']) =
                        bytes.get(pos..pos + 3)
                    {
                        return false;
                    }
                    // The escaped byte (a quote or a backslash included).
                    pos += 1;
                }
            }
            b'0'..=b'9' => {
                let count = exponent.as_mut().unwrap_or(&mut mantissa);
                *count += 1;
                if exponent.map_or(mantissa >= MANTISSA_DIGITS, |digits| digits >= 3) {
                    return false;
                }
            }
            b'e' | b'E' => exponent = Some(0),
            b'.' | b'+' | b'-' => {}
            _ => {
                mantissa = 0;
                exponent = None;
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::agrees_with_serde_json;

    #[test]
    fn finds_what_simd_json_gets_wrong() {
        for disagreeing in [
            &br#"{"a":"\ud800"}"#[..],
            br#"{"a":"x\uDBFF"}"#,
            br#"{"a":"\ud83d\ude00"}"#,
            b"{\"a\":1}\0",
            b"{\"a\":\0 1}",
            br#"{"a":1e999}"#,
            br#"{"a":1.5E-308}"#,
            br#"{"a":1234567890123456}"#,
            br#"{"a":0.1234567890123456}"#,
            br#"["\\",1e400]"#,
        ] {
            assert!(
                !agrees_with_serde_json(disagreeing),
                "{}",
                String::from_utf8_lossy(disagreeing)
            );
        }
        for agreeing in [
            &br#"{"a":"\u00e9 \\ud800 \n"}"#[..],
            br#"{"a":"\udc00"}"#,
            br#"{"a":"\\"}"#,
            br#"{"a":"ends with a backslash \\"}"#,
            br#"{"a":"1e999 and 12345678901234567890 in a string"}"#,
            br#"{"a":123456789012345,"b":1e99,"c":-0.5e-10}"#,
            br#"{"id":"12345678901234567890"}"#,
            b"{}",
            // Unterminated, ending in an escape: invalid JSON, left to the
            // parser to refuse, but never a panic here.
            br#"{"a":"\"#,
            b"\"\\",
        ] {
            assert!(
                agrees_with_serde_json(agreeing),
                "{}",
                String::from_utf8_lossy(agreeing)
            );
        }
    }
}
