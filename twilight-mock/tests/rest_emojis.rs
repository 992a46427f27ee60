//! Guild emojis: list, get, create, modify, delete, GUILD_EMOJIS_UPDATE, and
//! the emojis in the guild object.

mod rest_common;

use hyper::{Method, StatusCode};
use rest_common::{bounded, id, start};
use serde_json::json;

const PNG: &str = "data:image/png;base64,iVBORw0KGgo=";

#[tokio::test]
async fn emoji_lifecycle_dispatches_updates() {
    bounded(async {
        let s = start().await;
        let g = s.guild(0);
        let base = format!("/guilds/{g}/emojis");
        let r = s
            .api(
                Method::POST,
                &base,
                Some(json!({ "name": "blob_1", "image": PNG })),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let emoji = r.body;
        assert_eq!(emoji["name"], "blob_1");
        assert_eq!(emoji["animated"], false);
        assert_eq!(emoji["require_colons"], true);
        assert_eq!(emoji["user"]["id"], s.fixtures.bot.id.to_string());
        let e = id(&emoji["id"]);
        let list = s.api(Method::GET, &base, None).await.body;
        assert_eq!(list, json!([emoji.clone()]));
        let guild = s.api(Method::GET, &format!("/guilds/{g}"), None).await.body;
        assert_eq!(guild["emojis"], json!([emoji.clone()]));
        let renamed = s
            .api(
                Method::PATCH,
                &format!("{base}/{e}"),
                Some(json!({ "name": "blob_2" })),
            )
            .await;
        assert_eq!(renamed.body["name"], "blob_2");
        assert_eq!(
            s.api(Method::GET, &format!("{base}/{e}"), None).await.body["name"],
            "blob_2"
        );
        let deleted = s.api(Method::DELETE, &format!("{base}/{e}"), None).await;
        assert_eq!(deleted.status, StatusCode::NO_CONTENT);
        let missing = s.api(Method::GET, &format!("{base}/{e}"), None).await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
        assert_eq!(missing.body["code"], 10014);
        let updates = s.sink.named("GUILD_EMOJIS_UPDATE");
        assert_eq!(updates.len(), 3);
        assert_eq!(updates[0]["guild_id"], g.to_string());
        assert_eq!(updates[1]["emojis"][0]["name"], "blob_2");
        assert_eq!(updates[2]["emojis"], json!([]));
    })
    .await;
}

#[tokio::test]
async fn invalid_emojis_are_form_errors() {
    bounded(async {
        let s = start().await;
        let base = format!("/guilds/{}/emojis", s.guild(0));
        for body in [
            json!({ "name": "x", "image": PNG }),
            json!({ "name": "no spaces", "image": PNG }),
            json!({ "name": "ok_name", "image": "not a data uri" }),
            json!({ "name": "ok_name" }),
        ] {
            let r = s.api(Method::POST, &base, Some(body.clone())).await;
            assert_eq!(r.status, StatusCode::BAD_REQUEST, "{body}");
            assert_eq!(r.body["code"], 50035, "{body}");
        }
        let gif = s
            .api(
                Method::POST,
                &base,
                Some(json!({ "name": "dance", "image": "data:image/gif;base64,R0lGODlh" })),
            )
            .await;
        assert_eq!(gif.body["animated"], true);
    })
    .await;
}

#[tokio::test]
async fn stickers_are_served_empty() {
    bounded(async {
        let s = start().await;
        let g = s.guild(0);
        let list = s
            .api(Method::GET, &format!("/guilds/{g}/stickers"), None)
            .await;
        assert_eq!(list.status, StatusCode::OK);
        assert_eq!(list.body, json!([]));
        let one = s
            .api(Method::GET, &format!("/guilds/{g}/stickers/123"), None)
            .await;
        assert_eq!(one.status, StatusCode::NOT_FOUND);
        assert_eq!(one.body["code"], 10060);
        let global = s.api(Method::GET, "/stickers/123", None).await;
        assert_eq!(global.body["code"], 10060);
    })
    .await;
}
