//! The webhook routes: managed with the bot token, executed and edited
//! through the webhook's own token.

mod rest_common;

use hyper::{Method, StatusCode};
use rest_common::{bounded, has_fields, id, start};
use serde_json::json;

#[tokio::test]
async fn webhooks() {
    bounded(async {
        let s = start().await;
        let c = s.text_channel(0);
        let hook = s
            .api(
                Method::POST,
                &format!("/channels/{c}/webhooks"),
                Some(json!({ "name": "hooky" })),
            )
            .await;
        assert_eq!(hook.status, StatusCode::OK, "{}", hook.body);
        has_fields(
            &hook.body,
            &[
                "id",
                "type",
                "guild_id",
                "channel_id",
                "user",
                "name",
                "avatar",
                "token",
                "application_id",
                "url",
            ],
        );
        assert_eq!(s.sink.named("WEBHOOKS_UPDATE").len(), 1);
        let w = id(&hook.body["id"]);
        let token = hook.body["token"].as_str().unwrap().to_owned();

        let by_token = s
            .anon(Method::GET, &format!("/webhooks/{w}/{token}"), None)
            .await;
        assert_eq!(by_token.status, StatusCode::OK);
        assert!(by_token.body.get("user").is_none());
        let bad = s
            .anon(Method::GET, &format!("/webhooks/{w}/nope"), None)
            .await;
        assert_eq!(bad.status, StatusCode::UNAUTHORIZED);
        assert_eq!(bad.body["code"], 50027);

        let no_wait = s
            .anon(
                Method::POST,
                &format!("/webhooks/{w}/{token}"),
                Some(json!({ "content": "quiet" })),
            )
            .await;
        assert_eq!(no_wait.status, StatusCode::NO_CONTENT, "{}", no_wait.body);
        let sent = s
            .anon(
                Method::POST,
                &format!("/webhooks/{w}/{token}?wait=true"),
                Some(json!({ "content": "loud", "username": "Custom" })),
            )
            .await;
        assert_eq!(sent.status, StatusCode::OK);
        assert_eq!(sent.body["webhook_id"], w.to_string());
        assert_eq!(sent.body["author"]["username"], "Custom");
        let mid = id(&sent.body["id"]);
        let created = s.sink.named("MESSAGE_CREATE");
        assert_eq!(created.len(), 2);
        assert!(created[1].get("member").is_none());

        let edited = s
            .anon(
                Method::PATCH,
                &format!("/webhooks/{w}/{token}/messages/{mid}"),
                Some(json!({ "content": "changed" })),
            )
            .await;
        assert_eq!(edited.body["content"], "changed");
        let fetched = s
            .anon(
                Method::GET,
                &format!("/webhooks/{w}/{token}/messages/{mid}"),
                None,
            )
            .await;
        assert_eq!(fetched.body["content"], "changed");
        let del_msg = s
            .anon(
                Method::DELETE,
                &format!("/webhooks/{w}/{token}/messages/{mid}"),
                None,
            )
            .await;
        assert_eq!(del_msg.status, StatusCode::NO_CONTENT);

        let modified = s
            .api(
                Method::PATCH,
                &format!("/webhooks/{w}"),
                Some(json!({ "name": "renamed" })),
            )
            .await;
        assert_eq!(modified.body["name"], "renamed");
        let listed = s
            .api(Method::GET, &format!("/channels/{c}/webhooks"), None)
            .await;
        assert_eq!(listed.body.as_array().unwrap().len(), 1);
        let deleted = s
            .anon(Method::DELETE, &format!("/webhooks/{w}/{token}"), None)
            .await;
        assert_eq!(deleted.status, StatusCode::NO_CONTENT);
        let gone = s.api(Method::GET, &format!("/webhooks/{w}"), None).await;
        assert_eq!(
            gone.body,
            json!({ "message": "Unknown Webhook", "code": 10015 })
        );
    })
    .await;
}
