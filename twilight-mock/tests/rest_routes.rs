//! The REST routes every bot starts with (GET /gateway, /gateway/bot,
//! /users/@me, /applications/@me), and what holds across routes: events
//! leave in the order the changes were made, and the request log hides
//! webhook tokens.

mod rest_common;

use hyper::{Method, StatusCode};
use rest_common::{TOKEN, USER_FIELDS, bounded, has_fields, id, post_message, start};
use serde_json::json;

#[tokio::test]
async fn gateway_routes() {
    bounded(async {
        let s = start().await;
        let r = s.anon(Method::GET, "/gateway", None).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.body, json!({ "url": "ws://127.0.0.1:1" }));
        assert_eq!(r.header("content-type"), Some("application/json"));

        assert_eq!(
            s.anon(Method::GET, "/gateway/bot", None).await.status,
            StatusCode::UNAUTHORIZED
        );
        let r = s.api(Method::GET, "/gateway/bot", None).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.body["shards"], 1);
        let limit = &r.body["session_start_limit"];
        assert_eq!(limit["total"], 1000);
        assert_eq!(limit["remaining"], 1000);
        assert_eq!(limit["reset_after"], 86_400_000);
        assert_eq!(limit["max_concurrency"], 1);
    })
    .await;
}

#[tokio::test]
async fn login_routes() {
    bounded(async {
        let s = start().await;
        let me = s.api(Method::GET, "/users/@me", None).await;
        assert_eq!(me.status, StatusCode::OK);
        has_fields(&me.body, USER_FIELDS);
        assert_eq!(me.body["bot"], true);
        for path in ["/oauth2/applications/@me", "/applications/@me"] {
            let app = s.api(Method::GET, path, None).await;
            assert_eq!(app.status, StatusCode::OK);
            has_fields(
                &app.body,
                &[
                    "id",
                    "name",
                    "icon",
                    "description",
                    "bot_public",
                    "bot_require_code_grant",
                    "verify_key",
                    "team",
                    "flags",
                ],
            );
        }
        let user = s
            .api(Method::GET, &format!("/users/{}", s.user(0)), None)
            .await;
        assert_eq!(user.body["username"], "user0");
    })
    .await;
}

#[tokio::test]
async fn concurrent_changes_dispatch_in_state_order() {
    bounded(async {
        let s = std::sync::Arc::new(start().await);
        s.ctx
            .set_route_limit("messages.create", 1000, std::time::Duration::from_secs(1));
        let c = s.text_channel(0);
        let mut tasks = Vec::new();
        for i in 0..40 {
            let s = s.clone();
            tasks.push(tokio::spawn(async move {
                post_message(&s, c, &format!("{i}")).await
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        let ids: Vec<u64> = s
            .sink
            .named("MESSAGE_CREATE")
            .iter()
            .map(|m| id(&m["id"]))
            .collect();
        assert_eq!(ids.len(), 40);
        assert!(
            ids.windows(2).all(|w| w[0] < w[1]),
            "events left in the order of their ids"
        );
    })
    .await;
}

#[tokio::test]
async fn request_log_hides_webhook_tokens() {
    bounded(async {
        let s = start().await;
        let c = s.text_channel(0);
        let hook = s
            .api(
                Method::POST,
                &format!("/channels/{c}/webhooks"),
                Some(json!({ "name": "h" })),
            )
            .await;
        let token = hook.body["token"].as_str().unwrap().to_owned();
        let w = id(&hook.body["id"]);
        s.anon(
            Method::POST,
            &format!("/webhooks/{w}/{token}"),
            Some(json!({ "content": "x" })),
        )
        .await;
        let log = s.ctx.requests();
        let last = log.last().unwrap();
        assert_eq!(last.path, format!("/api/v10/webhooks/{w}/[token]"));
        assert!(log.iter().all(|r| !r.path.contains(&token)));
        assert!(!format!("{:?}", s.ctx).contains(TOKEN));
    })
    .await;
}
