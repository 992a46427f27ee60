//! The control API over HTTP, from a plain HTTP client: gateway controls
//! and logs, REST faults, changes to the world, waits; and the same from a
//! Python script using only its standard library, when python3 is present.

mod gateway_support;

use bytes::Bytes;
use gateway_support::*;
use http_body_util::{BodyExt, Full};
use hyper::{Method, Request};
use hyper_util::client::legacy::Client as HttpClient;
use hyper_util::rt::TokioExecutor;
use serde_json::{Value, json};
use twilight_mock::{Mock, MockConfig};

async fn mock() -> Mock {
    Mock::start(MockConfig {
        token: TOKEN.to_owned(),
        time_scale: 50.0,
        heartbeat_interval: std::time::Duration::from_secs(1000),
        control_port: Some(0),
        ..MockConfig::default()
    })
    .await
    .unwrap()
}

/// A request to `url`; with `token`, as the bot.
async fn call(method: Method, url: &str, body: Option<Value>, token: bool) -> (u16, Value) {
    let client = HttpClient::builder(TokioExecutor::new()).build_http::<Full<Bytes>>();
    let mut request = Request::builder()
        .method(method)
        .uri(url)
        .header("content-type", "application/json");
    if token {
        request = request.header("authorization", format!("Bot {TOKEN}"));
    }
    let body = body.map_or_else(Bytes::new, |b| Bytes::from(b.to_string()));
    let response = client
        .request(request.body(Full::new(body)).unwrap())
        .await
        .unwrap();
    let status = response.status().as_u16();
    let raw = response.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&raw).unwrap_or(Value::Null))
}

async fn control(discord: &Mock, method: Method, path: &str, body: Value) -> (u16, Value) {
    let url = format!("{}{path}", discord.control_url().unwrap());
    call(method, &url, Some(body), false).await
}

#[tokio::test]
async fn control_api_is_off_unless_asked_for() {
    let discord = Mock::start(MockConfig::default()).await.unwrap();
    assert_eq!(discord.control_url(), None);
}

#[tokio::test]
async fn gateway_controls_and_logs() {
    within(async {
        let discord = mock().await;
        let (mut client, ready) = Client::ready(&discord.gateway_url(), [0, 1]).await;
        client.until_event("GUILD_CREATE").await;
        let (status, waited) = control(
            &discord,
            Method::POST,
            "/wait",
            json!({ "for": "identifies", "count": 1, "timeout_ms": 5000 }),
        )
        .await;
        assert_eq!((status, waited["count"].as_u64()), (200, Some(1)));
        let (_, identifies) =
            control(&discord, Method::GET, "/gateway/identifies", json!({})).await;
        assert_eq!(identifies[0]["session_id"], ready["d"]["session_id"]);
        assert_eq!(identifies[0]["shard"], json!([0, 1]));

        let (status, _) = control(
            &discord,
            Method::POST,
            "/gateway/dispatch",
            json!({ "target": { "shard": 0 }, "event": "MARKER", "data": { "n": 1 } }),
        )
        .await;
        assert_eq!(status, 200);
        let marker = client.until_event("MARKER").await;
        assert_eq!(marker["d"]["n"], 1);

        control(
            &discord,
            Method::POST,
            "/gateway/reconnect",
            json!({ "target": "all" }),
        )
        .await;
        assert_eq!(client.payload().await["op"], 7);

        let (status, body) = control(
            &discord,
            Method::POST,
            "/gateway/close",
            json!({ "target": "all" }),
        )
        .await;
        assert_eq!(status, 400, "{body}");
        control(
            &discord,
            Method::POST,
            "/gateway/close",
            json!({ "target": { "connection": 0 }, "code": 4000, "reason": "test" }),
        )
        .await;
        assert_eq!(client.close_code().await, Some(4000));
        let (_, log) = control(&discord, Method::GET, "/gateway/log", json!({})).await;
        assert_eq!(log["connections"][0]["closed_with"], 4000);
        assert_eq!(log["sessions_started"], 1);
        // The token is never logged.
        let identify = log["payloads"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["op"] == 2)
            .unwrap();
        assert!(!identify["raw"].as_str().unwrap().contains(TOKEN));

        let (status, waited) = control(
            &discord,
            Method::POST,
            "/wait",
            json!({ "for": "resumes", "count": 1, "timeout_ms": 50 }),
        )
        .await;
        assert_eq!((status, waited["count"].as_u64()), (408, Some(0)));
    })
    .await;
}

#[tokio::test]
async fn the_log_reports_its_cap_and_what_it_dropped() {
    within(async {
        let discord = Mock::start(MockConfig {
            token: TOKEN.to_owned(),
            control_port: Some(0),
            log_capacity: 2,
            ..MockConfig::default()
        })
        .await
        .unwrap();
        for _ in 0..3 {
            let mut client = Client::connect(&discord.gateway_url(), "/?v=10").await;
            client.hello().await;
            futures_util::SinkExt::close(&mut client.ws).await.unwrap();
        }
        // Each connection's record is final once it has ended.
        discord
            .wait_for(|log| log.connections.iter().all(|c| c.max_queued > 0))
            .await;
        let (_, log) = control(&discord, Method::GET, "/gateway/log", json!({})).await;
        assert_eq!(log["log_capacity"], 2);
        assert_eq!(log["dropped"], 1);
        let connections = log["connections"].as_array().unwrap();
        let ids: Vec<_> = connections.iter().map(|c| c["id"].clone()).collect();
        assert_eq!(ids, [json!(1), json!(2)], "the newest kept");
        // HELLO was queued, and the mock did not drop them.
        assert_eq!(connections[0]["max_queued"], 1);
        assert_eq!(connections[0]["dropped_because"], Value::Null);
    })
    .await;
}

#[tokio::test]
async fn rest_faults_and_the_world() {
    within(async {
        let discord = mock().await;
        let rest = discord.rest_url();
        let (mut client, _) = Client::ready(&discord.gateway_url(), [0, 1]).await;
        // Identified with GUILDS, which GUILD_CREATE needs.
        client.until_event("GUILD_CREATE").await;

        control(
            &discord,
            Method::POST,
            "/rest/server-error",
            json!({ "group": "users.me", "status": 502 }),
        )
        .await;
        assert_eq!(
            call(Method::GET, &format!("{rest}/users/@me"), None, true)
                .await
                .0,
            502
        );
        assert_eq!(
            call(Method::GET, &format!("{rest}/users/@me"), None, true)
                .await
                .0,
            200
        );
        control(
            &discord,
            Method::POST,
            "/rest/ratelimit",
            json!({ "count": 1 }),
        )
        .await;
        let (status, body) = call(Method::GET, &format!("{rest}/users/@me"), None, true).await;
        assert_eq!(status, 429, "{body}");
        let (_, requests) = control(&discord, Method::GET, "/rest/requests", json!({})).await;
        let statuses: Vec<u64> = requests
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["status"].as_u64().unwrap())
            .collect();
        assert_eq!(statuses, [502, 200, 429]);
        assert_eq!(requests[2]["ratelimited"], "shared");

        // A new guild: GUILD_CREATE reaches the bot.
        let guild = json!({
            "id": "4194304000",
            "name": "made by the test",
            "channels": [{ "id": "4194304001", "type": 0, "name": "talk" }],
        });
        let (status, create) = control(&discord, Method::POST, "/world/guilds", guild).await;
        assert_eq!(status, 200, "{create}");
        // After the initial GUILD_CREATEs of the other fixture guilds.
        loop {
            let event = client.until_event("GUILD_CREATE").await;
            if event["d"]["id"] == "4194304000" {
                assert_eq!(event["d"]["name"], "made by the test");
                assert_eq!(event["d"]["channels"][0]["name"], "talk");
                break;
            }
        }
        let (status, _) = control(
            &discord,
            Method::POST,
            "/world/guilds",
            json!({ "id": "4194304000", "name": "again" }),
        )
        .await;
        assert_eq!(status, 400);

        let (status, user) = control(
            &discord,
            Method::POST,
            "/world/users",
            json!({ "id": "77", "username": "someone" }),
        )
        .await;
        assert_eq!((status, user["username"].as_str()), (200, Some("someone")));
        let (status, member) = control(
            &discord,
            Method::POST,
            "/world/guilds/4194304000/members",
            json!({ "user_id": "77" }),
        )
        .await;
        assert_eq!(status, 200, "{member}");
        assert_eq!(member["user"]["id"], "77");
        let (status, channel) = control(
            &discord,
            Method::POST,
            "/world/guilds/4194304000/channels",
            json!({ "name": "more" }),
        )
        .await;
        assert_eq!(status, 200, "{channel}");
        let (status, message) = control(
            &discord,
            Method::POST,
            "/world/channels/4194304001/messages",
            json!({ "author_id": "77", "content": "hello bot" }),
        )
        .await;
        assert_eq!(status, 200, "{message}");
        let (status, listed) = call(
            Method::GET,
            &format!("{rest}/channels/4194304001/messages"),
            None,
            true,
        )
        .await;
        assert_eq!(status, 200);
        assert_eq!(listed[0]["id"], message["id"]);
        assert_eq!(listed[0]["author"]["id"], "77");
        let (status, error) = control(
            &discord,
            Method::POST,
            "/world/guilds/1/members",
            json!({ "user_id": "77" }),
        )
        .await;
        assert_eq!((status, error["code"].as_u64()), (404, Some(10004)));
    })
    .await;
}

/// The Python example of the README and the book, run against a live mock.
#[tokio::test(flavor = "multi_thread")]
async fn python_standard_library_client_drives_the_control_api() {
    let python = std::process::Command::new("python3")
        .arg("--version")
        .output();
    if !python.is_ok_and(|o| o.status.success()) {
        eprintln!("skipped: python3 is not installed");
        return;
    }
    let discord = mock().await;
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/control_api.py");
    let args = [
        script.to_owned(),
        discord.gateway_url(),
        discord.rest_url(),
        discord.control_url().unwrap(),
        TOKEN.to_owned(),
    ];
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new("python3").args(args).output()
    });
    let output = tokio::time::timeout(std::time::Duration::from_secs(60), output)
        .await
        .expect("the script finished")
        .unwrap()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "control_api.py failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("control API: ok"), "{stdout}");
    // What the script did is in the mock's own logs.
    assert_eq!(discord.identifies().len(), 1);
    assert!(discord.rest().requests().iter().any(|r| r.status == 503));
}
