//! Every operation of Discord's OpenAPI spec has a route with the same
//! method and path, named after its operationId, and every route is in the
//! spec.

use serde_json::Value;
use std::collections::BTreeSet;
use twilight_http::routing::ROUTES;

/// The spec vendored from Discord's repository (a bare checkout has it).
fn spec() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/openapi.json");
    let text = std::fs::read_to_string(path).expect("reading the vendored openapi.json");
    serde_json::from_str(&text).expect("openapi.json is JSON")
}

fn camel(name: &str) -> String {
    name.split('_')
        .map(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// (METHOD, path, Route variant name) of every operation in the spec.
fn spec_operations() -> BTreeSet<(String, String, String)> {
    let spec = spec();
    let mut operations = BTreeSet::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for method in ["get", "post", "put", "patch", "delete"] {
            if let Some(operation) = item.get(method) {
                let id = operation["operationId"].as_str().expect("operationId");
                operations.insert((method.to_uppercase(), path.clone(), camel(id)));
            }
        }
    }
    operations
}

#[test]
fn every_spec_operation_has_a_route_and_every_route_is_in_the_spec() {
    let spec = spec_operations();
    let routes: BTreeSet<(String, String, String)> = ROUTES
        .iter()
        .map(|route| {
            (
                route.method.name().to_owned(),
                route.template.to_owned(),
                route.name.to_owned(),
            )
        })
        .collect();
    let missing: Vec<_> = spec.difference(&routes).collect();
    let extra: Vec<_> = routes.difference(&spec).collect();
    assert!(
        missing.is_empty(),
        "operations without a route: {missing:#?}"
    );
    assert!(extra.is_empty(), "routes not in the spec: {extra:#?}");
    assert_eq!(ROUTES.len(), spec.len(), "a route is listed twice");
    assert_eq!(spec.len(), 242);
}

#[test]
fn routes_without_security_go_without_the_bot_token() {
    let spec = spec();
    for route in ROUTES {
        let operation = &spec["paths"][route.template][route.method.name().to_lowercase()];
        // `{}` among the security requirements: no token needed.
        let anonymous = operation
            .get("security")
            .and_then(Value::as_array)
            .is_some_and(|requirements| {
                requirements.iter().any(|requirement| {
                    requirement
                        .as_object()
                        .is_some_and(serde_json::Map::is_empty)
                })
            });
        assert_eq!(route.authorized, !anonymous, "{route:?}");
        let token_route = route.template.contains("{webhook_token}")
            || route.template.contains("{interaction_token}");
        assert_eq!(route.global_exempt, token_route, "{route:?}");
    }
}
