//! Every operation of Discord's spec is typed all the way down: a required
//! body field is an argument of the builder's constructor, no body field
//! is `serde_json::Value` or `impl Serialize`, and no response is `Value`.
//!
//! Read from the spec and from the builders' source (the generated
//! api/operations/ and the hand-written api/*.rs), so a generator change,
//! a hand edit or a new spec operation that loosens a type fails here.

use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const HANDWRITTEN: &[&str] = &[
    "create_message",
    "update_message",
    "execute_webhook",
    "create_interaction_response",
    "update_webhook_message",
    "update_original_webhook_message",
];

/// Hand-written constructors taking the whole body, typed by the model:
/// (operation, argument).
const WHOLE_BODY_ARGUMENTS: &[(&str, &str)] = &[("create_interaction_response", "response")];

/// `text` with every run of whitespace one space, and none just inside
/// parentheses: a signature reads the same however rustfmt wraps it.
fn squash(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace("( ", "(")
        .replace(" )", ")")
}

fn spec() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/openapi.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The builders' source: every generated resource file and hand-written
/// builder, concatenated.
fn source() -> String {
    let api = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/api");
    let mut text = String::new();
    for dir in [api.join("operations"), api.clone()] {
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
            .collect();
        files.sort();
        for file in files {
            text.push_str(&std::fs::read_to_string(file).unwrap());
            text.push('\n');
        }
    }
    text
}

fn deref<'a>(spec: &'a Value, mut schema: &'a Value) -> &'a Value {
    while let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let name = reference.rsplit('/').next().unwrap();
        schema = &spec["components"]["schemas"][name];
    }
    schema
}

/// The required field names of a body schema: all of an `allOf`'s parts',
/// those every variant of a `oneOf` requires.
fn required(spec: &Value, schema: &Value) -> BTreeSet<String> {
    let schema = deref(spec, schema);
    if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
        return parts.iter().flat_map(|part| required(spec, part)).collect();
    }
    if let Some(variants) = schema
        .get("oneOf")
        .or(schema.get("anyOf"))
        .and_then(Value::as_array)
    {
        let mut sets = variants
            .iter()
            .filter(|variant| variant.get("type") != Some(&Value::from("null")))
            .map(|variant| required(spec, variant));
        let first = sets.next().unwrap_or_default();
        return sets.fold(first, |all, set| all.intersection(&set).cloned().collect());
    }
    schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|name| name.as_str().unwrap().to_owned())
        .filter(|name| !name.contains('['))
        .collect()
}

fn camel(name: &str) -> String {
    name.split('_')
        .map(|part| part[..1].to_uppercase() + &part[1..])
        .collect()
}

/// The text from `start` to the first `end` after it.
fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    Some(&text[from..from + text[from..].find(end)?])
}

/// `(operationId, operation)` of every spec operation.
fn operations(spec: &Value) -> Vec<(String, &Map<String, Value>)> {
    let mut out = Vec::new();
    for item in spec["paths"].as_object().unwrap().values() {
        for method in ["get", "post", "put", "patch", "delete"] {
            if let Some(operation) = item.get(method).and_then(Value::as_object) {
                out.push((
                    operation["operationId"].as_str().unwrap().to_owned(),
                    operation,
                ));
            }
        }
    }
    out
}

/// Whether a Rust type names `serde_json::Value` (not `Nullable::Value`).
fn names_value(ty: &str) -> bool {
    ty.match_indices("Value").any(|(at, _)| {
        let before = &ty[..at];
        let after = &ty[at + 5..];
        !before.ends_with("::")
            && !before.ends_with(|c: char| c.is_alphanumeric() || c == '_')
            && !after.starts_with(|c: char| c.is_alphanumeric() || c == '_')
    }) || ty.contains("serde_json::Value")
}

#[test]
fn required_body_fields_are_constructor_arguments() {
    let spec = spec();
    let source = squash(&source());
    let mut broken = BTreeMap::new();
    for (id, operation) in operations(&spec) {
        let Some(content) = operation.get("requestBody").map(|body| &body["content"]) else {
            continue;
        };
        let schema = content
            .get("application/json")
            .or(content.get("multipart/form-data"))
            .map(|media| &media["schema"])
            .unwrap();
        let wanted = required(&spec, schema);
        if wanted.is_empty() {
            continue;
        }
        let Some(signature) = between(&source, &format!("pub fn {id}(&self"), ")") else {
            broken.insert(id, "no constructor on Client".to_owned());
            continue;
        };
        let arguments: BTreeSet<&str> = signature
            .split(',')
            .filter_map(|argument| argument.split(':').next())
            .map(str::trim)
            .collect();
        let missing: Vec<_> = wanted
            .iter()
            .filter(|field| {
                let rust = if *field == "type" {
                    "kind"
                } else {
                    field.as_str()
                };
                !arguments.contains(rust)
            })
            .collect();
        // A hand-written builder may take the whole body as one argument.
        let whole_body = WHOLE_BODY_ARGUMENTS
            .iter()
            .any(|(op, argument)| *op == id && arguments.contains(argument));
        if !missing.is_empty() && !whole_body {
            broken.insert(id, format!("required but not arguments: {missing:?}"));
        }
    }
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn no_body_field_is_untyped_json() {
    let spec = spec();
    let source = source();
    let mut broken = BTreeMap::new();
    for (id, operation) in operations(&spec) {
        if !operation.contains_key("requestBody") || HANDWRITTEN.contains(&id.as_str()) {
            continue;
        }
        let name = camel(&id);
        // Operations whose bodies share a schema share one struct: the
        // operation's `body <mode> <Struct>;` line names it.
        let Some(body_name) = between(&source, &format!("\n    {name} -> "), "\n    }")
            .and_then(|block| between(block, "body ", ";"))
            .and_then(|line| line.split_whitespace().nth(1))
        else {
            broken.insert(id, "no body line".to_owned());
            continue;
        };
        let Some(body) = between(&source, &format!("struct {body_name} {{"), "\n}") else {
            broken.insert(id, format!("no body struct {body_name}"));
            continue;
        };
        let loose: Vec<&str> = body
            .lines()
            .filter(|line| {
                !line.trim_start().starts_with("#[") && !line.trim_start().starts_with("//")
            })
            .filter(|line| names_value(line) || line.contains("Serialize"))
            .collect();
        if !loose.is_empty() {
            broken.insert(id, format!("{loose:?}"));
        }
    }
    // No setter of any builder, generated or hand-written, takes whatever
    // serialises: neither a `body_setters!` entry (its argument type is in
    // parentheses) nor a written-out `pub fn`.
    for (at, _) in source.match_indices("\nbody_setters! {") {
        let block = &source[at..at + source[at..].find("\n}\n").unwrap()];
        for line in block.lines().filter(|line| line.contains('(')) {
            if line.contains("Serialize") || names_value(line) {
                broken.insert(
                    line.trim().to_owned(),
                    "setter takes untyped JSON".to_owned(),
                );
            }
        }
    }
    for (at, _) in source.match_indices("pub fn ") {
        let signature = &source[at..at + source[at..].find('{').unwrap()];
        if signature.contains("Serialize") || names_value(signature) {
            broken.insert(signature.to_owned(), "setter takes untyped JSON".to_owned());
        }
    }
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn no_response_is_untyped_json() {
    let spec = spec();
    let source = source();
    let mut broken = BTreeMap::new();
    for (id, _) in operations(&spec) {
        if HANDWRITTEN.contains(&id.as_str()) {
            continue;
        }
        let name = camel(&id);
        let Some(response) = between(&source, &format!("\n    {name} -> "), " {") else {
            broken.insert(id, "no builder".to_owned());
            continue;
        };
        if names_value(response) {
            broken.insert(id, response.to_owned());
        }
    }
    // The hand-written builders resolve to models too.
    for output in source.match_indices("type Output = ").map(|(at, _)| {
        let rest = &source[at..];
        &rest[..rest.find(';').unwrap()]
    }) {
        if names_value(output) {
            broken.insert(output.to_owned(), "untyped response".to_owned());
        }
    }
    assert!(broken.is_empty(), "{broken:#?}");
}

/// The checks above see what they look for: a `Value` field and a missing
/// argument are caught in a made-up source.
#[test]
fn the_checks_catch_untyped_json() {
    assert!(names_value("    items: Option<Vec<Value>>,"));
    assert!(names_value("-> serde_json::Value"));
    assert!(!names_value("Some(Nullable::Value(name))"));
    assert!(!names_value("MessageValue"));
    let signature = between(
        "pub fn create_guild_channel(&self, guild_id: Id<GuildMarker>) -> X",
        "pub fn create_guild_channel(&self",
        ")",
    )
    .unwrap();
    assert_eq!(signature, ", guild_id: Id<GuildMarker>");
}

/// Whether the spec gives `schema` (a property or query parameter) a set
/// of named values: a `oneOf` of `const`s or an `enum`, reached through
/// references, a nullable union's one other variant, or an array's items.
fn is_enum(spec: &Value, schema: &Value) -> bool {
    let schema = deref(spec, schema);
    if schema.get("enum").is_some() {
        return true;
    }
    if let Some(items) = schema.get("items") {
        return is_enum(spec, items);
    }
    let Some(variants) = schema
        .get("oneOf")
        .or(schema.get("anyOf"))
        .and_then(Value::as_array)
    else {
        return false;
    };
    let rest: Vec<&Value> = variants
        .iter()
        .filter(|variant| variant.get("type") != Some(&Value::from("null")))
        .collect();
    if rest.iter().all(|variant| variant.get("const").is_some()) {
        return !rest.is_empty();
    }
    rest.len() == 1 && is_enum(spec, rest[0])
}

/// Every property (name and schema) of a body schema, through `allOf`,
/// `oneOf` and `anyOf`.
fn properties<'a>(spec: &'a Value, schema: &'a Value, out: &mut BTreeMap<String, &'a Value>) {
    let schema = deref(spec, schema);
    for key in ["allOf", "oneOf", "anyOf"] {
        for part in schema
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            properties(spec, part, out);
        }
    }
    for (name, property) in schema
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        out.entry(name.clone()).or_insert(property);
    }
}

/// `(JSON name, Rust type)` of each field of a generated body struct.
fn body_fields(body: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rename = None;
    for line in body.lines().map(str::trim) {
        if let Some(name) = between(line, "rename = \"", "\"") {
            rename = Some(name.to_owned());
        } else if let Some((rust, ty)) = line.split_once(": ")
            && !line.starts_with('#')
            && !line.starts_with("//")
        {
            let json = rename.take().unwrap_or_else(|| rust.trim().to_owned());
            out.push((json, ty.trim_end_matches(',').to_owned()));
        }
    }
    out
}

/// A type of no named values: a plain string or integer.
fn is_plain(ty: &str) -> bool {
    ["String", "str", "i64", "u64", "i32", "u32", "u16", "u8"]
        .iter()
        .any(|plain| {
            ty.match_indices(plain).any(|(at, _)| {
                let before = &ty[..at];
                let after = &ty[at + plain.len()..];
                !before.ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':')
                    && !after.starts_with(|c: char| c.is_alphanumeric() || c == '_')
            })
        })
}

#[test]
fn no_spec_enum_is_a_plain_string_or_integer() {
    let spec = spec();
    let source = source();
    let mut broken = BTreeMap::new();
    for (id, operation) in operations(&spec) {
        if HANDWRITTEN.contains(&id.as_str()) {
            continue;
        }
        let name = camel(&id);
        // Query parameters: a generated `rust "json": kind;` line each.
        let builder = between(&source, &format!("\n    {name} -> "), "\n}").unwrap_or_default();
        for parameter in operation
            .get("parameters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter(|parameter| parameter["in"] == "query")
        {
            let json = parameter["name"].as_str().unwrap();
            if !is_enum(&spec, &parameter["schema"]) {
                continue;
            }
            let kind = between(builder, &format!("\"{json}\": "), ";").unwrap_or("missing");
            if kind.starts_with("str") || kind.starts_with("int") || kind == "missing" {
                broken.insert(format!("{id}?{json}"), kind.to_owned());
            }
        }
        // Body fields.
        let Some(content) = operation.get("requestBody").map(|body| &body["content"]) else {
            continue;
        };
        let schema = content
            .get("application/json")
            .or(content.get("multipart/form-data"))
            .map(|media| &media["schema"])
            .unwrap();
        let mut spec_fields = BTreeMap::new();
        properties(&spec, schema, &mut spec_fields);
        let Some(body) = between(&source, &format!("struct {name}Body {{"), "\n}") else {
            continue;
        };
        for (json, ty) in body_fields(body) {
            if spec_fields
                .get(&json)
                .is_some_and(|property| is_enum(&spec, property))
                && is_plain(&ty)
            {
                broken.insert(format!("{id}.{json}"), ty);
            }
        }
    }
    assert!(broken.is_empty(), "{broken:#?}");
}

/// The enum check sees what it looks for.
#[test]
fn the_enum_check_catches_plain_types() {
    let spec = serde_json::json!({ "components": { "schemas": {
        "Order": { "type": "string", "oneOf": [{ "const": "asc" }, { "const": "desc" }] },
    }}});
    let by_ref = serde_json::json!({ "$ref": "#/components/schemas/Order" });
    assert!(is_enum(&spec, &by_ref));
    assert!(is_enum(
        &spec,
        &serde_json::json!({ "type": "array", "items": by_ref })
    ));
    assert!(is_enum(
        &spec,
        &serde_json::json!({ "oneOf": [{ "type": "null" }, by_ref] })
    ));
    assert!(!is_enum(
        &spec,
        &serde_json::json!({ "type": "string", "maxLength": 5 })
    ));
    assert!(is_plain("Option<Nullable<String>>"));
    assert!(is_plain("Option<i64>"));
    assert!(!is_plain("Option<channel::SortOrderType>"));
    assert!(!is_plain("Option<message::SearchSortOrder>"));
    assert_eq!(
        body_fields(
            "    #[serde(rename = \"type\", skip_serializing_if = \"Option::is_none\")]\n    kind: Option<i64>,\n    name: String,"
        ),
        [
            ("type".to_owned(), "Option<i64>".to_owned()),
            ("name".to_owned(), "String".to_owned())
        ]
    );
}
