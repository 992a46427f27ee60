//! The round-trip check every model test uses: one rule for all of them.

use serde::{Serialize, de::DeserializeOwned};
use serde_json::Value;

/// Removes every null-valued key, recursively.
///
/// The model leaves a `None` out rather than writing `null`, so an input's
/// explicit nulls are the one difference a round trip may show.
pub(crate) fn strip_nulls(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.retain(|_, v| !v.is_null());
            map.values_mut().for_each(strip_nulls);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_nulls),
        _ => {}
    }
}

/// `value` with its null-valued keys removed, recursively.
pub(crate) fn without_nulls(mut value: Value) -> Value {
    strip_nulls(&mut value);
    value
}

/// Deserialises `json`, serialises the result again and asserts that this
/// gives the input back, whole, less its null-valued keys; returns the value.
pub(crate) fn round_trip<T: Serialize + DeserializeOwned>(json: &str) -> T {
    let value: T = serde_json::from_str(json).expect("deserialises");
    let expected = without_nulls(serde_json::from_str(json).expect("valid JSON"));
    let actual = serde_json::to_value(&value).expect("serialises");
    assert_eq!(actual, expected, "the round trip differs");
    value
}

mod tests {
    use super::round_trip;
    use serde::{Deserialize, Serialize};

    /// Keeps `a` but not `b`: a model that loses a field.
    #[derive(Deserialize, Serialize)]
    struct Lossy {
        a: u8,
    }

    /// Writes `b` as `null` when the input left it out.
    #[derive(Deserialize, Serialize)]
    struct WritesNull {
        a: u8,
        b: Option<u8>,
    }

    #[test]
    fn accepts_an_input_whose_nulls_the_model_leaves_out() {
        let _: Lossy = round_trip(r#"{"a":1,"b":null}"#);
    }

    #[test]
    #[should_panic(expected = "the round trip differs")]
    fn fails_on_a_lost_field() {
        let _: Lossy = round_trip(r#"{"a":1,"b":2}"#);
    }

    #[test]
    #[should_panic(expected = "the round trip differs")]
    fn fails_on_a_null_the_input_did_not_have() {
        let _: WritesNull = round_trip(r#"{"a":1}"#);
    }
}
