//! Invites: create on a channel, read and delete by code, INVITE_CREATE and
//! INVITE_DELETE.

mod rest_common;

use hyper::{Method, StatusCode};
use rest_common::{bounded, start};
use serde_json::json;

#[tokio::test]
async fn invite_lifecycle() {
    bounded(async {
        let s = start().await;
        let c = s.text_channel(0);
        let g = s.guild(0);
        let r = s
            .api(
                Method::POST,
                &format!("/channels/{c}/invites"),
                Some(json!({ "max_age": 3600, "max_uses": 5 })),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let invite = r.body;
        let code = invite["code"].as_str().unwrap().to_owned();
        assert_eq!(invite["channel"]["id"], c.to_string());
        assert_eq!(invite["guild"]["id"], g.to_string());
        assert_eq!(invite["max_uses"], 5);
        assert_eq!(invite["max_age"], 3600);
        assert_eq!(invite["uses"], 0);
        assert!(invite["expires_at"].is_string());
        let created = s.sink.named("INVITE_CREATE");
        assert_eq!(created.len(), 1);
        assert_eq!(created[0]["code"], code);
        assert_eq!(created[0]["channel_id"], c.to_string());

        let public = s
            .api(
                Method::GET,
                &format!("/invites/{code}?with_counts=true"),
                None,
            )
            .await
            .body;
        assert_eq!(public["code"], code);
        assert!(public.get("uses").is_none());
        assert_eq!(public["approximate_member_count"], 10);
        let listed = s
            .api(Method::GET, &format!("/channels/{c}/invites"), None)
            .await
            .body;
        assert_eq!(listed, json!([invite.clone()]));

        let deleted = s
            .api(Method::DELETE, &format!("/invites/{code}"), None)
            .await;
        assert_eq!(deleted.status, StatusCode::OK);
        assert_eq!(deleted.body["code"], code);
        let gone = s.api(Method::GET, &format!("/invites/{code}"), None).await;
        assert_eq!(gone.status, StatusCode::NOT_FOUND);
        assert_eq!(gone.body["code"], 10006);
        let deletes = s.sink.named("INVITE_DELETE");
        assert_eq!(deletes.len(), 1);
        assert_eq!(deletes[0]["guild_id"], g.to_string());
    })
    .await;
}

#[tokio::test]
async fn never_expiring_invites_and_bounds() {
    bounded(async {
        let s = start().await;
        let c = s.text_channel(0);
        let forever = s
            .api(
                Method::POST,
                &format!("/channels/{c}/invites"),
                Some(json!({ "max_age": 0 })),
            )
            .await;
        assert_eq!(forever.body["expires_at"], json!(null));
        let too_old = s
            .api(
                Method::POST,
                &format!("/channels/{c}/invites"),
                Some(json!({ "max_age": 604_801 })),
            )
            .await;
        assert_eq!(too_old.status, StatusCode::BAD_REQUEST);
        assert_eq!(too_old.body["code"], 50035);
    })
    .await;
}
