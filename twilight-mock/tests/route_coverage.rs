//! The route coverage table: every operation of Discord's OpenAPI spec,
//! whether the mock emulates it with state, answers it with a documented
//! fixed response, or answers "not emulated". The table in the README and
//! the spec's route list in `src/rest/spec_routes.rs` are generated here
//! from `twilight-http/tests/openapi.json` and the running mock;
//! `TWILIGHT_MOCK_BLESS=1` rewrites them, otherwise the test fails when they
//! are stale.

mod rest_common;

use bytes::Bytes;
use hyper::Method;
use rest_common::*;
use serde_json::Value;
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// Route groups whose answer is fixed rather than read from the state
/// (the README says why: stickers are not stored).
const FIXED: &[&str] = &["guild.stickers.read", "stickers.get"];

const START: &str = "<!-- route-coverage:start -->";
const END: &str = "<!-- route-coverage:end -->";

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `(method, path template, operation id)`, sorted by path then method.
fn operations(spec: &Value) -> Vec<(String, String, String)> {
    let mut operations = Vec::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            if ["get", "post", "put", "patch", "delete"].contains(&method.as_str()) {
                let id = operation["operationId"].as_str().unwrap_or("").to_owned();
                operations.push((method.to_uppercase(), path.clone(), id));
            }
        }
    }
    operations.sort_by(|a, b| (&a.1, &a.0).cmp(&(&b.1, &b.0)));
    operations
}

/// A concrete path for a template: ids become `1`, names and tokens words.
fn concrete(template: &str) -> String {
    template
        .split('/')
        .map(|seg| match seg {
            "{emoji_name}" => "%F0%9F%91%8D",
            "{code}" => "mockcode",
            "{webhook_token}" | "{interaction_token}" => "mocktoken",
            s if s.starts_with('{') => "1",
            s => s,
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn compare_or_bless(path: &Path, expected: &str) {
    let current = std::fs::read_to_string(path).unwrap();
    if current == expected {
        return;
    }
    if std::env::var_os("TWILIGHT_MOCK_BLESS").is_some() {
        std::fs::write(path, expected).unwrap();
        return;
    }
    panic!(
        "{} is stale; rerun with TWILIGHT_MOCK_BLESS=1 to regenerate it",
        path.display()
    );
}

#[tokio::test]
async fn the_route_coverage_table_is_true() {
    let spec_path = crate_dir().join("../twilight-http/tests/openapi.json");
    let Ok(spec) = std::fs::read_to_string(&spec_path) else {
        eprintln!("skipped: {} not found", spec_path.display());
        return;
    };
    let spec: Value = serde_json::from_str(&spec).unwrap();
    let operations = operations(&spec);
    assert!(operations.len() > 200, "{}", operations.len());

    let s = start().await;
    let auth = format!("Bot {TOKEN}");
    let mut rows = Vec::new();
    let (mut stateful, mut fixed, mut missing) = (0, 0, 0);
    for (method, template, id) in &operations {
        let before = s.ctx.requests().len();
        let method_value = Method::from_bytes(method.as_bytes()).unwrap();
        let body = if method == "GET" || method == "DELETE" {
            Bytes::new()
        } else {
            Bytes::from_static(b"{}")
        };
        let path = format!("/api/v10{}", concrete(template));
        let response = s
            .send(
                method_value,
                &path,
                Some(&auth),
                Some("application/json"),
                body,
            )
            .await;
        let record = &s.ctx.requests()[before];
        let kind = match record.route {
            Some(group) if FIXED.contains(&group) => {
                fixed += 1;
                "fixed response"
            }
            Some(_) => {
                stateful += 1;
                "emulated"
            }
            None => {
                missing += 1;
                // The answer says so.
                assert_eq!(response.status.as_u16(), 404, "{method} {template}");
                let message = response.body["message"].as_str().unwrap_or_default();
                assert!(
                    message.contains("not emulated"),
                    "{method} {template}: {message}"
                );
                "not emulated"
            }
        };
        rows.push((method.clone(), template.clone(), id.clone(), kind));
    }

    let mut table = String::new();
    writeln!(
        table,
        "{START}\n\n{stateful} operations emulated, {fixed} with a fixed response, {missing} not emulated \
         (generated from `twilight-http/tests/openapi.json` by `tests/route_coverage.rs`).\n"
    )
    .unwrap();
    table.push_str("| Method | Path | Operation | Mock |\n|---|---|---|---|\n");
    for (method, template, id, kind) in &rows {
        writeln!(table, "| {method} | `{template}` | `{id}` | {kind} |").unwrap();
    }
    table.push('\n');
    table.push_str(END);
    let readme_path = crate_dir().join("README.md");
    let readme = std::fs::read_to_string(&readme_path).unwrap();
    let (head, rest) = readme
        .split_once(START)
        .expect("README has the table's start marker");
    let (_, tail) = rest
        .split_once(END)
        .expect("README has the table's end marker");
    compare_or_bless(&readme_path, &format!("{head}{table}{tail}"));

    let mut routes = String::from(
        "//! Every route of Discord's OpenAPI spec (method and path template),\n\
         //! so that the server tells a route it does not emulate from one that\n\
         //! does not exist. Generated by `tests/route_coverage.rs`; do not edit.\n\n\
         /// `(method, path template)`, by path.\n\
         #[rustfmt::skip]\n\
         pub(super) const SPEC_ROUTES: &[(&str, &str)] = &[\n",
    );
    for (method, template, _, _) in &rows {
        writeln!(routes, "    ({method:?}, {template:?}),").unwrap();
    }
    routes.push_str("];\n");
    compare_or_bless(&crate_dir().join("src/rest/spec_routes.rs"), &routes);
}
