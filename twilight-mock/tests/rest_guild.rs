//! The guild routes: the guild (with counts), members, roles and bans, each
//! with its gateway event.

mod rest_common;

use bytes::Bytes;
use hyper::{Method, StatusCode};
use rest_common::{MEMBER_FIELDS, ROLE_FIELDS, TOKEN, bounded, has_fields, id, start};
use serde_json::json;

#[tokio::test]
async fn guild_get_with_counts() {
    bounded(async {
        let s = start().await;
        let g = s.guild(1);
        let r = s
            .api(Method::GET, &format!("/guilds/{g}?with_counts=true"), None)
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.body["approximate_member_count"], 10);
        assert!(r.body["roles"].as_array().unwrap().len() >= 3);
        let none = s.api(Method::GET, "/guilds/12345", None).await;
        assert_eq!(
            none.body,
            json!({ "message": "Unknown Guild", "code": 10004 })
        );
    })
    .await;
}

#[tokio::test]
async fn members() {
    bounded(async {
        let s = start().await;
        let g = s.guild(0);
        let u = s.user(1);
        let member = s
            .api(Method::GET, &format!("/guilds/{g}/members/{u}"), None)
            .await;
        has_fields(&member.body, MEMBER_FIELDS);
        let list = s
            .api(Method::GET, &format!("/guilds/{g}/members?limit=3"), None)
            .await;
        let page: Vec<u64> = list
            .body
            .as_array()
            .unwrap()
            .iter()
            .map(|m| id(&m["user"]["id"]))
            .collect();
        assert_eq!(page.len(), 3);
        let next = s
            .api(
                Method::GET,
                &format!("/guilds/{g}/members?limit=1000&after={}", page[2]),
                None,
            )
            .await;
        assert!(
            next.body
                .as_array()
                .unwrap()
                .iter()
                .all(|m| id(&m["user"]["id"]) > page[2])
        );
        assert_eq!(next.body.as_array().unwrap().len(), 10 - 3);

        let modified = s
            .api(
                Method::PATCH,
                &format!("/guilds/{g}/members/{u}"),
                Some(json!({ "nick": "nicky" })),
            )
            .await;
        assert_eq!(modified.body["nick"], "nicky");
        let update = &s.sink.named("GUILD_MEMBER_UPDATE")[0];
        assert_eq!(update["guild_id"], g.to_string());
        assert_eq!(update["nick"], "nicky");

        let role = s.fixtures.guilds[0].roles[1].id.get();
        let put = s
            .api(
                Method::PUT,
                &format!("/guilds/{g}/members/{u}/roles/{role}"),
                None,
            )
            .await;
        assert_eq!(put.status, StatusCode::NO_CONTENT);
        let m = s
            .api(Method::GET, &format!("/guilds/{g}/members/{u}"), None)
            .await
            .body;
        assert!(
            m["roles"]
                .as_array()
                .unwrap()
                .contains(&json!(role.to_string()))
        );
        let del = s
            .api(
                Method::DELETE,
                &format!("/guilds/{g}/members/{u}/roles/{role}"),
                None,
            )
            .await;
        assert_eq!(del.status, StatusCode::NO_CONTENT);
        assert_eq!(s.sink.named("GUILD_MEMBER_UPDATE").len(), 3);

        let me = s
            .api(
                Method::PATCH,
                &format!("/guilds/{g}/members/@me"),
                Some(json!({ "nick": "botty" })),
            )
            .await;
        assert_eq!(me.body["nick"], "botty");

        let kick = s
            .api(Method::DELETE, &format!("/guilds/{g}/members/{u}"), None)
            .await;
        assert_eq!(kick.status, StatusCode::NO_CONTENT);
        assert_eq!(
            s.sink.named("GUILD_MEMBER_REMOVE")[0]["user"]["id"],
            u.to_string()
        );
        let gone = s
            .api(Method::GET, &format!("/guilds/{g}/members/{u}"), None)
            .await;
        assert_eq!(
            gone.body,
            json!({ "message": "Unknown Member", "code": 10007 })
        );
    })
    .await;
}

#[tokio::test]
async fn roles() {
    bounded(async {
        let s = start().await;
        let g = s.guild(0);
        let roles = s
            .api(Method::GET, &format!("/guilds/{g}/roles"), None)
            .await;
        for r in roles.body.as_array().unwrap() {
            has_fields(r, ROLE_FIELDS);
        }
        let created = s
            .api(
                Method::POST,
                &format!("/guilds/{g}/roles"),
                Some(json!({ "name": "fresh", "permissions": "8", "color": 255 })),
            )
            .await;
        assert_eq!(created.status, StatusCode::OK, "{}", created.body);
        has_fields(&created.body, ROLE_FIELDS);
        assert_eq!(created.body["permissions"], "8");
        let rid = id(&created.body["id"]);
        assert_eq!(
            s.sink.named("GUILD_ROLE_CREATE")[0]["role"]["name"],
            "fresh"
        );
        let modified = s
            .api(
                Method::PATCH,
                &format!("/guilds/{g}/roles/{rid}"),
                Some(json!({ "hoist": true })),
            )
            .await;
        assert_eq!(modified.body["hoist"], true);
        assert_eq!(s.sink.named("GUILD_ROLE_UPDATE").len(), 1);
        let deleted = s
            .api(Method::DELETE, &format!("/guilds/{g}/roles/{rid}"), None)
            .await;
        assert_eq!(deleted.status, StatusCode::NO_CONTENT);
        assert_eq!(
            s.sink.named("GUILD_ROLE_DELETE")[0],
            json!({ "guild_id": g.to_string(), "role_id": rid.to_string() })
        );
        let gone = s
            .api(Method::DELETE, &format!("/guilds/{g}/roles/{rid}"), None)
            .await;
        assert_eq!(
            gone.body,
            json!({ "message": "Unknown Role", "code": 10011 })
        );
    })
    .await;
}

#[tokio::test]
async fn bans() {
    bounded(async {
        let s = start().await;
        let g = s.guild(0);
        let u = s.user(3);
        let auth = format!("Bot {TOKEN}");
        let ban = s
            .send(
                Method::PUT,
                &format!("/api/v10/guilds/{g}/bans/{u}"),
                Some(&auth),
                Some("application/json"),
                Bytes::from_static(b"{\"delete_message_seconds\": 0}"),
            )
            .await;
        assert_eq!(ban.status, StatusCode::NO_CONTENT, "{}", ban.body);
        assert_eq!(
            s.sink.named("GUILD_BAN_ADD")[0]["user"]["id"],
            u.to_string()
        );
        assert_eq!(s.sink.named("GUILD_MEMBER_REMOVE").len(), 1);
        let got = s
            .api(Method::GET, &format!("/guilds/{g}/bans/{u}"), None)
            .await;
        has_fields(&got.body, &["reason", "user"]);
        let list = s.api(Method::GET, &format!("/guilds/{g}/bans"), None).await;
        assert_eq!(list.body.as_array().unwrap().len(), 1);
        let unban = s
            .api(Method::DELETE, &format!("/guilds/{g}/bans/{u}"), None)
            .await;
        assert_eq!(unban.status, StatusCode::NO_CONTENT);
        assert_eq!(s.sink.named("GUILD_BAN_REMOVE").len(), 1);
        let none = s
            .api(Method::GET, &format!("/guilds/{g}/bans/{u}"), None)
            .await;
        assert_eq!(
            none.body,
            json!({ "message": "Unknown Ban", "code": 10026 })
        );
    })
    .await;
}
