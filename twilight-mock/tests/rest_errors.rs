//! Errors as Discord sends them (reference.mdx, opcodes-and-status-codes.mdx),
//! and garbage input that must never break the server.

mod rest_common;

use bytes::Bytes;
use http_body_util::Full;
use hyper::{Method, Request, StatusCode};
use rest_common::{Server, TOKEN, bounded, config, start, start_with};
use serde_json::json;
use twilight_mock::MockConfig;

async fn still_alive(s: &Server) {
    let r = s.api(Method::GET, "/users/@me", None).await;
    assert_eq!(r.status, StatusCode::OK);
}

#[tokio::test]
async fn unauthorized_without_or_with_a_bad_token() {
    bounded(async {
        let s = start().await;
        let expected = json!({ "message": "401: Unauthorized", "code": 0 });
        let none = s
            .send(Method::GET, "/api/v10/users/@me", None, None, Bytes::new())
            .await;
        assert_eq!(none.status, StatusCode::UNAUTHORIZED);
        assert_eq!(none.body, expected);
        assert_eq!(none.header("content-type"), Some("application/json"));
        for token in [
            "Bot nope".to_owned(),
            TOKEN.to_owned(),
            format!("Bearer {TOKEN}"),
            format!("bot {TOKEN}"),
        ] {
            let r = s
                .send(
                    Method::GET,
                    "/api/v10/users/@me",
                    Some(&token),
                    None,
                    Bytes::new(),
                )
                .await;
            assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{token}");
            assert_eq!(r.body, expected);
        }
    })
    .await;
}

#[tokio::test]
async fn unknown_routes_versions_and_methods() {
    bounded(async {
        let s = start().await;
        let not_found = json!({ "message": "404: Not Found", "code": 0 });
        let r = s.api(Method::GET, "/nothing/here", None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert_eq!(r.body, not_found);
        let v99 = s
            .send(
                Method::GET,
                "/api/v99/users/@me",
                Some(&format!("Bot {TOKEN}")),
                None,
                Bytes::new(),
            )
            .await;
        assert_eq!(v99.body, not_found);
        let v6 = s
            .send(
                Method::GET,
                "/api/v6/users/@me",
                Some(&format!("Bot {TOKEN}")),
                None,
                Bytes::new(),
            )
            .await;
        assert_eq!(v6.status, StatusCode::BAD_REQUEST);
        assert_eq!(v6.body["code"], 50041);
        let v9 = s
            .send(
                Method::GET,
                "/api/v9/users/@me",
                Some(&format!("Bot {TOKEN}")),
                None,
                Bytes::new(),
            )
            .await;
        assert_eq!(v9.status, StatusCode::OK);
        let c = s.text_channel(0);
        let wrong = s.api(Method::PUT, &format!("/channels/{c}"), None).await;
        assert_eq!(wrong.status, StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(
            wrong.body,
            json!({ "message": "405: Method Not Allowed", "code": 0 })
        );
        let root = s.send(Method::GET, "/", None, None, Bytes::new()).await;
        assert_eq!(root.status, StatusCode::NOT_FOUND);
    })
    .await;
}

#[tokio::test]
async fn unknown_resources_have_their_codes() {
    bounded(async {
        let s = start().await;
        let c = s.text_channel(0);
        let g = s.guild(0);
        let cases = [
            ("/channels/42".to_owned(), 10003, "Unknown Channel"),
            (
                format!("/channels/{c}/messages/42"),
                10008,
                "Unknown Message",
            ),
            ("/guilds/42/roles".to_owned(), 10004, "Unknown Guild"),
            (format!("/guilds/{g}/members/42"), 10007, "Unknown Member"),
            (format!("/guilds/{g}/roles/42"), 10011, "Unknown Role"),
            ("/webhooks/42".to_owned(), 10015, "Unknown Webhook"),
            ("/users/42".to_owned(), 10013, "Unknown User"),
        ];
        for (path, code, message) in cases {
            let r = s.api(Method::GET, &path, None).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
            assert_eq!(
                r.body,
                json!({ "message": message, "code": code }),
                "{path}"
            );
        }
        let i = s
            .anon(
                Method::POST,
                "/interactions/42/token/callback",
                Some(json!({ "type": 4 })),
            )
            .await;
        assert_eq!(
            i.body,
            json!({ "message": "Unknown interaction", "code": 10062 })
        );
    })
    .await;
}

#[tokio::test]
async fn form_errors_have_nested_errors() {
    bounded(async {
        let s = start().await;
        s.ctx.set_route_limit("messages.create", 100, std::time::Duration::from_secs(1));
        let path = format!("/channels/{}/messages", s.text_channel(0));
        let long = s.api(Method::POST, &path, Some(json!({ "content": "x".repeat(2001) }))).await;
        assert_eq!(long.status, StatusCode::BAD_REQUEST);
        assert_eq!(
            long.body,
            json!({
                "message": "Invalid Form Body",
                "code": 50035,
                "errors": { "content": { "_errors": [{ "code": "BASE_TYPE_MAX_LENGTH", "message": "Must be 2000 or fewer in length." }] } }
            })
        );
        let exactly = s.api(Method::POST, &path, Some(json!({ "content": "é".repeat(2000) }))).await;
        assert_eq!(exactly.status, StatusCode::OK);

        let empty = s.api(Method::POST, &path, Some(json!({ "content": "" }))).await;
        assert_eq!(empty.body, json!({ "message": "Cannot send an empty message", "code": 50006 }));

        let embeds: Vec<_> = (0..11).map(|i| json!({ "title": i.to_string() })).collect();
        let many = s.api(Method::POST, &path, Some(json!({ "embeds": embeds }))).await;
        assert_eq!(many.body["code"], 50035);
        assert_eq!(many.body["errors"]["embeds"]["_errors"][0]["code"], "BASE_TYPE_MAX_LENGTH");

        let wrong_type = s.api(Method::POST, &path, Some(json!({ "content": 5 }))).await;
        assert_eq!(wrong_type.body["errors"]["content"]["_errors"][0]["code"], "BASE_TYPE_STRING");
        let bad_embed = s.api(Method::POST, &path, Some(json!({ "embeds": [1] }))).await;
        assert!(bad_embed.body["errors"]["embeds"]["0"]["_errors"].is_array(), "{}", bad_embed.body);

        let bad_id = s.api(Method::GET, "/channels/abc", None).await;
        assert_eq!(bad_id.status, StatusCode::BAD_REQUEST);
        assert_eq!(bad_id.body["errors"]["channel_id"]["_errors"][0]["code"], "NUMBER_TYPE_COERCE");
    })
    .await;
}

#[tokio::test]
async fn invalid_json_is_50109() {
    bounded(async {
        let s = start().await;
        s.ctx
            .set_route_limit("messages.create", 100, std::time::Duration::from_secs(1));
        let path = format!("/api/v10/channels/{}/messages", s.text_channel(0));
        let auth = format!("Bot {TOKEN}");
        let bodies: [&[u8]; 4] = [
            b"{not json",
            b"{\"content\": \"x\"",
            b"\xff\xfe\x00garbage",
            b"{\"content\": \"x\"} trailing",
        ];
        for body in bodies {
            let r = s
                .send(
                    Method::POST,
                    &path,
                    Some(&auth),
                    Some("application/json"),
                    Bytes::copy_from_slice(body),
                )
                .await;
            assert_eq!(r.status, StatusCode::BAD_REQUEST);
            assert_eq!(
                r.body,
                json!({ "message": "The request body contains invalid JSON.", "code": 50109 })
            );
        }
        let deep = "[".repeat(100_000);
        let r = s
            .send(
                Method::POST,
                &path,
                Some(&auth),
                Some("application/json"),
                Bytes::from(deep),
            )
            .await;
        assert_eq!(r.body["code"], 50109);
        let not_object = s
            .send(
                Method::POST,
                &path,
                Some(&auth),
                Some("application/json"),
                Bytes::from_static(b"[1,2]"),
            )
            .await;
        assert_eq!(not_object.body["code"], 50035);
        assert_eq!(
            not_object.body["errors"]["_errors"][0]["code"],
            "DICT_TYPE_CONVERT"
        );
        let text = s
            .send(
                Method::POST,
                &path,
                Some(&auth),
                Some("text/plain"),
                Bytes::from_static(b"hello"),
            )
            .await;
        assert_eq!(text.body["code"], 50035);
        still_alive(&s).await;
    })
    .await;
}

#[tokio::test]
async fn bad_multipart_never_panics() {
    bounded(async {
        let s = start().await;
        s.ctx.set_route_limit("messages.create", 100, std::time::Duration::from_secs(1));
        let path = format!("/api/v10/channels/{}/messages", s.text_channel(0));
        let auth = format!("Bot {TOKEN}");
        let cases: [(&str, &[u8]); 6] = [
            ("multipart/form-data", b"--x\r\n"),
            ("multipart/form-data; boundary=x", b"no delimiter at all"),
            ("multipart/form-data; boundary=x", b"--x\r\nContent-Disposition: form-data; name=\"payload_json\"\r\n\r\n{\"content\": \"truncated"),
            ("multipart/form-data; boundary=x", b"--x\r\nNoColonHeader\r\n\r\ndata\r\n--x--"),
            ("multipart/form-data; boundary=x", b"--x\r\nContent-Disposition: form-data; name=\"payload_json\"\r\n\r\n{bad json}\r\n--x--"),
            ("multipart/form-data; boundary=x", b"--x\r\nContent-Disposition: form-data; filename=\"a\"\r\n\r\nno name\r\n--x--"),
        ];
        for (ct, body) in cases {
            let r = s.send(Method::POST, &path, Some(&auth), Some(ct), Bytes::copy_from_slice(body)).await;
            assert_eq!(r.status, StatusCode::BAD_REQUEST, "{ct} {:?}: {}", String::from_utf8_lossy(body), r.body);
            assert!(r.body["code"].is_u64());
        }
        still_alive(&s).await;
    })
    .await;
}

#[tokio::test]
async fn huge_body_is_refused_and_the_server_survives() {
    bounded(async {
        let s = start().await;
        let path = format!("{}/api/v10/channels/{}/messages", s.base, s.text_channel(0));
        let body = Bytes::from(vec![b' '; 27 * 1024 * 1024]);
        let request = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header("authorization", format!("Bot {TOKEN}"))
            .header("content-type", "application/json")
            .body(Full::new(body))
            .unwrap();
        // The server may answer 413 before the client has sent everything,
        // and close: either way it must not go down.
        if let Ok(r) = s.client.request(request).await {
            assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
        }
        still_alive(&s).await;
    })
    .await;
}

#[tokio::test]
async fn garbage_values_never_panic() {
    bounded(async {
        let s = start_with(MockConfig {
            global_rate_limit: 1_000_000,
            ..config()
        })
        .await;
        let g = s.guild(0);
        let c = s.text_channel(0);
        let u = s.user(0);
        let garbage = [
            json!(null),
            json!({ "name": null }),
            json!({ "name": 12, "type": "x", "parent_id": [1], "position": "top" }),
            json!({ "roles": "all", "nick": { "a": 1 }, "mute": "yes" }),
            json!({ "roles": [0, -1, "x", 1e40] }),
            json!({ "permissions": -5, "color": 99999999999u64, "hoist": 1 }),
            json!({ "messages": "all" }),
            json!({ "messages": [1, 2, 3] }),
            json!({ "type": 99, "data": "x" }),
            json!({ "content": "x", "message_reference": { "message_id": "nope" } }),
            json!({ "content": "x", "nonce": [1], "flags": "x", "tts": "yes" }),
            json!({ "communication_disabled_until": "yesterday" }),
            json!({ "name": "x".repeat(10_000) }),
            json!({ "auto_archive_duration": -1, "name": "t" }),
        ];
        let routes = [
            (Method::POST, format!("/guilds/{g}/channels")),
            (Method::PATCH, format!("/channels/{c}")),
            (Method::PATCH, format!("/guilds/{g}/members/{u}")),
            (Method::POST, format!("/guilds/{g}/roles")),
            (Method::POST, format!("/channels/{c}/messages/bulk-delete")),
            (Method::POST, format!("/channels/{c}/messages")),
            (Method::POST, format!("/channels/{c}/threads")),
            (Method::POST, format!("/channels/{c}/webhooks")),
            (Method::PUT, format!("/guilds/{g}/bans/{u}")),
        ];
        for group in [
            "guild.channels.create",
            "channel.modify",
            "guild.members.modify",
            "guild.roles.create",
            "messages.bulk_delete",
            "messages.create",
            "threads.create",
            "webhooks.create",
            "guild.bans.write",
        ] {
            s.ctx
                .set_route_limit(group, 1000, std::time::Duration::from_secs(1));
        }
        for (method, path) in &routes {
            for body in &garbage {
                let r = s.api(method.clone(), path, Some(body.clone())).await;
                assert!(
                    r.status.is_client_error() || r.status.is_success(),
                    "{method} {path} {body}: {}",
                    r.status
                );
                assert_ne!(r.status, StatusCode::TOO_MANY_REQUESTS, "{method} {path}");
                if r.status.is_client_error() {
                    assert!(
                        r.body["code"].is_u64(),
                        "{method} {path} {body}: {}",
                        r.body
                    );
                }
            }
        }
        for path in [
            "/channels/%00",
            "/channels/99999999999999999999999",
            "/channels/-1/messages",
            "/guilds/0/members",
            "/channels/1/messages/1/reactions/%FF%FE/@me",
        ] {
            let r = s.api(Method::GET, path, None).await;
            assert!(r.status.is_client_error(), "{path}");
        }
        still_alive(&s).await;
    })
    .await;
}

#[tokio::test]
async fn responses_are_json_with_the_right_content_type() {
    bounded(async {
        let s = start().await;
        for path in ["/users/@me", "/gateway/bot", "/nope"] {
            let r = s.api(Method::GET, path, None).await;
            assert_eq!(r.header("content-type"), Some("application/json"), "{path}");
        }
    })
    .await;
}

#[tokio::test]
async fn a_reset_token_gets_401_and_gateway_bot_reads_the_live_limit() {
    bounded(async {
        use std::sync::Arc;
        use std::sync::atomic::{AtomicBool, Ordering};
        use twilight_mock::config::SessionStartLimit;
        let reset = Arc::new(AtomicBool::new(false));
        let flag = reset.clone();
        let s = start().await;
        let ctx = s
            .ctx
            .clone()
            .with_token_reset(Arc::new(move || flag.load(Ordering::Relaxed)))
            .with_session_start(Arc::new(|| SessionStartLimit {
                total: 1000,
                remaining: 7,
                reset_after: std::time::Duration::from_secs(60),
                max_concurrency: 16,
            }));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let task = tokio::spawn(twilight_mock::rest::serve(listener, ctx));
        let client = &s.client;
        let get = |path: &'static str| async move {
            let req = Request::builder()
                .uri(format!("http://{addr}/api/v10{path}"))
                .header("authorization", format!("Bot {TOKEN}"))
                .body(Full::new(Bytes::new()))
                .unwrap();
            let r = client.request(req).await.unwrap();
            let status = r.status();
            let body = http_body_util::BodyExt::collect(r.into_body())
                .await
                .unwrap()
                .to_bytes();
            (
                status,
                serde_json::from_slice::<serde_json::Value>(&body).unwrap(),
            )
        };
        let (status, body) = get("/gateway/bot").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            body["session_start_limit"],
            json!({ "total": 1000, "remaining": 7, "reset_after": 60_000, "max_concurrency": 16 })
        );
        reset.store(true, Ordering::Relaxed);
        let (status, body) = get("/users/@me").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(body, json!({ "message": "401: Unauthorized", "code": 0 }));
        task.abort();
    })
    .await;
}

#[tokio::test]
async fn extreme_query_values_never_panic() {
    bounded(async {
        let s = start_with(MockConfig {
            global_rate_limit: 1_000_000,
            ..config()
        })
        .await;
        s.ctx
            .set_route_limit("messages.read", 1000, std::time::Duration::from_secs(1));
        s.ctx.set_route_limit(
            "guild.members.list",
            1000,
            std::time::Duration::from_secs(1),
        );
        let c = s.text_channel(0);
        let g = s.guild(0);
        s.api(
            Method::POST,
            &format!("/channels/{c}/messages"),
            Some(json!({ "content": "x" })),
        )
        .await;
        let max = u64::MAX;
        for q in [
            format!("/channels/{c}/messages?after={max}"),
            format!("/channels/{c}/messages?before=1"),
            format!("/channels/{c}/messages?around={max}&limit=100"),
            format!("/channels/{c}/messages?limit=-5"),
            format!("/channels/{c}/messages?limit=99999999999999999999999"),
            format!("/channels/{c}/messages?after=abc"),
            format!("/channels/{c}/messages?%ZZ=%"),
            format!("/guilds/{g}/members?after={max}&limit=1000"),
            format!("/guilds/{g}/bans?before=1&after={max}"),
            format!("/channels/{c}/messages/pins?before=garbage"),
        ] {
            let r = s.api(Method::GET, &q, None).await;
            assert!(
                r.status == StatusCode::OK || r.status == StatusCode::BAD_REQUEST,
                "{q}: {}",
                r.status
            );
        }
        still_alive(&s).await;
    })
    .await;
}

#[test]
fn control_errors_display_and_convert() {
    let error = twilight_mock::state::ApiError::unknown(10003, "Channel");
    assert_eq!(error.to_string(), "404 Unknown Channel (code 10003)");
    // Controls' errors go through `?` into a boxed error.
    let boxed: Box<dyn std::error::Error + Send + Sync> = error.into();
    assert!(boxed.to_string().contains("10003"));
}
