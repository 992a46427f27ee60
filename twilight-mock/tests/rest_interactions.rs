//! Interactions: created by a control, answered through the callback
//! within its three seconds, then edited and followed up through the
//! token.

mod rest_common;

use hyper::{Method, StatusCode};
use rest_common::{bounded, has_fields, id, start};
use serde_json::json;

#[tokio::test]
async fn interactions() {
    bounded(async {
        let s = start().await;
        let c = s.text_channel(0);
        let interaction = s
            .ctx
            .create_interaction(
                c,
                s.user(0),
                2,
                &json!({ "id": "1", "name": "ping", "type": 1 }),
            )
            .unwrap();
        let event = &s.sink.named("INTERACTION_CREATE")[0];
        assert_eq!(event, &interaction);
        has_fields(
            event,
            &[
                "id",
                "application_id",
                "type",
                "data",
                "guild_id",
                "channel",
                "channel_id",
                "member",
                "token",
                "version",
                "app_permissions",
                "locale",
                "entitlements",
                "authorizing_integration_owners",
                "context",
                "attachment_size_limit",
            ],
        );
        let iid = id(&interaction["id"]);
        let token = interaction["token"].as_str().unwrap().to_owned();
        let app = s.ctx.state().application_id();

        let callback = s
            .anon(
                Method::POST,
                &format!("/interactions/{iid}/{token}/callback?with_response=true"),
                Some(json!({ "type": 4, "data": { "content": "pong" } })),
            )
            .await;
        assert_eq!(callback.status, StatusCode::OK, "{}", callback.body);
        assert_eq!(callback.body["interaction"]["id"], iid.to_string());
        assert_eq!(callback.body["resource"]["message"]["content"], "pong");
        assert_eq!(callback.body["resource"]["message"]["type"], 20);
        let again = s
            .anon(
                Method::POST,
                &format!("/interactions/{iid}/{token}/callback"),
                Some(json!({ "type": 4, "data": { "content": "x" } })),
            )
            .await;
        assert_eq!(again.status, StatusCode::BAD_REQUEST);
        assert_eq!(again.body["code"], 40060);

        let original = s
            .anon(
                Method::GET,
                &format!("/webhooks/{app}/{token}/messages/@original"),
                None,
            )
            .await;
        assert_eq!(original.body["content"], "pong");
        let edited = s
            .anon(
                Method::PATCH,
                &format!("/webhooks/{app}/{token}/messages/@original"),
                Some(json!({ "content": "pong!" })),
            )
            .await;
        assert_eq!(edited.body["content"], "pong!");
        let followup = s
            .anon(
                Method::POST,
                &format!("/webhooks/{app}/{token}"),
                Some(json!({ "content": "more" })),
            )
            .await;
        assert_eq!(followup.status, StatusCode::OK, "{}", followup.body);
        let fid = id(&followup.body["id"]);
        let fedit = s
            .anon(
                Method::PATCH,
                &format!("/webhooks/{app}/{token}/messages/{fid}"),
                Some(json!({ "content": "more!" })),
            )
            .await;
        assert_eq!(fedit.body["content"], "more!");
        let fdel = s
            .anon(
                Method::DELETE,
                &format!("/webhooks/{app}/{token}/messages/{fid}"),
                None,
            )
            .await;
        assert_eq!(fdel.status, StatusCode::NO_CONTENT);
        let odel = s
            .anon(
                Method::DELETE,
                &format!("/webhooks/{app}/{token}/messages/@original"),
                None,
            )
            .await;
        assert_eq!(odel.status, StatusCode::NO_CONTENT);

        let unknown = s
            .anon(
                Method::POST,
                &format!("/interactions/{iid}/wrong/callback"),
                Some(json!({ "type": 4 })),
            )
            .await;
        assert_eq!(unknown.status, StatusCode::NOT_FOUND);
        assert_eq!(
            unknown.body,
            json!({ "message": "Unknown interaction", "code": 10062 })
        );
    })
    .await;
}

#[tokio::test]
async fn deferred_interaction_then_followup_edits_original() {
    bounded(async {
        let s = start().await;
        let c = s.text_channel(0);
        let interaction = s
            .ctx
            .create_interaction(
                c,
                s.user(0),
                2,
                &json!({ "id": "1", "name": "slow", "type": 1 }),
            )
            .unwrap();
        let iid = id(&interaction["id"]);
        let token = interaction["token"].as_str().unwrap().to_owned();
        let app = s.ctx.state().application_id();
        let deferred = s
            .anon(
                Method::POST,
                &format!("/interactions/{iid}/{token}/callback"),
                Some(json!({ "type": 5 })),
            )
            .await;
        assert_eq!(deferred.status, StatusCode::NO_CONTENT, "{}", deferred.body);
        let original = s
            .anon(
                Method::GET,
                &format!("/webhooks/{app}/{token}/messages/@original"),
                None,
            )
            .await;
        assert_eq!(original.body["flags"].as_i64().unwrap() & 128, 128);
        let followup = s
            .anon(
                Method::POST,
                &format!("/webhooks/{app}/{token}"),
                Some(json!({ "content": "done" })),
            )
            .await;
        assert_eq!(followup.body["id"], original.body["id"]);
        assert_eq!(followup.body["flags"].as_i64().unwrap() & 128, 0);
    })
    .await;
}

#[tokio::test]
async fn interaction_response_window_is_three_seconds() {
    bounded(async {
        let s = start().await; // 20x: 3 s is 150 ms
        s.ctx
            .set_interaction_deadline(Some(std::time::Duration::from_secs(3)));
        let c = s.text_channel(0);
        let interaction = s
            .ctx
            .create_interaction(
                c,
                s.user(0),
                2,
                &json!({ "id": "1", "name": "late", "type": 1 }),
            )
            .unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        let late = s
            .anon(
                Method::POST,
                &format!(
                    "/interactions/{}/{}/callback",
                    id(&interaction["id"]),
                    interaction["token"].as_str().unwrap()
                ),
                Some(json!({ "type": 4, "data": { "content": "too late" } })),
            )
            .await;
        assert_eq!(late.status, StatusCode::NOT_FOUND);
        assert_eq!(late.body["code"], 10062);

        // Without the deadline (slow machines, high time scales) it is taken.
        s.ctx.set_interaction_deadline(None);
        let patient = s
            .ctx
            .create_interaction(
                c,
                s.user(0),
                2,
                &json!({ "id": "1", "name": "late", "type": 1 }),
            )
            .unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        let taken = s
            .anon(
                Method::POST,
                &format!(
                    "/interactions/{}/{}/callback",
                    id(&patient["id"]),
                    patient["token"].as_str().unwrap()
                ),
                Some(json!({ "type": 4, "data": { "content": "fine" } })),
            )
            .await;
        assert_eq!(taken.status, StatusCode::NO_CONTENT);
    })
    .await;
}
