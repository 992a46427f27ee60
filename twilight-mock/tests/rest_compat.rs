//! What clients of other libraries tripped on over REST: the current
//! user's guild routes, the `Via` header, and the bot's OAuth2-only fields
//! and its application's owner.

mod rest_common;

use hyper::{Method, StatusCode};
use rest_common::*;
use serde_json::Value;
use std::time::Duration;

/// Fields resources/user.mdx ties to OAuth2 scopes and the current user.
const OAUTH2_ONLY: &[&str] = &["email", "verified", "locale", "mfa_enabled", "premium_type"];

#[tokio::test]
async fn current_user_guilds_lists_partial_guilds() {
    bounded(async {
        let s = start().await;
        let r = s.api(Method::GET, "/users/@me/guilds", None).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let guilds = r.body.as_array().unwrap();
        let expected: Vec<String> = s.fixtures.guilds.iter().map(|g| g.id.to_string()).collect();
        let got: Vec<&str> = guilds.iter().map(|g| g["id"].as_str().unwrap()).collect();
        assert_eq!(got, expected);
        let first = &guilds[0];
        let mut keys: Vec<&str> = first
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "banner",
                "features",
                "icon",
                "id",
                "name",
                "owner",
                "permissions"
            ]
        );
        // The default world makes the bot the owner: every permission.
        assert_eq!(first["owner"], true);
        let all = twilight_model::permissions::Permissions::all().bits();
        assert_eq!(first["permissions"], all.to_string());

        let r = s
            .api(
                Method::GET,
                &format!(
                    "/users/@me/guilds?limit=1&after={}&with_counts=true",
                    expected[0]
                ),
                None,
            )
            .await;
        let page = r.body.as_array().unwrap();
        assert_eq!(page.len(), 1, "{}", r.body);
        assert_eq!(page[0]["id"], expected[1]);
        assert!(page[0]["approximate_member_count"].as_u64().unwrap() >= 1);
        assert!(page[0]["approximate_presence_count"].is_u64());

        let r = s
            .api(Method::GET, "/users/@me/guilds?limit=201", None)
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    })
    .await;
}

#[tokio::test]
async fn current_user_guild_member_is_the_bots_member() {
    bounded(async {
        let s = start().await;
        let guild = s.guild(0);
        let r = s
            .api(
                Method::GET,
                &format!("/users/@me/guilds/{guild}/member"),
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        has_fields(&r.body, MEMBER_FIELDS);
        assert_eq!(r.body["user"]["id"], s.fixtures.bot.id.to_string());
        let r = s
            .api(Method::GET, "/users/@me/guilds/12345/member", None)
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert_eq!(r.body["code"], 10004);
    })
    .await;
}

#[tokio::test]
async fn responses_carry_the_via_header() {
    bounded(async {
        let s = start().await;
        let ok = s.api(Method::GET, "/users/@me", None).await;
        assert_eq!(ok.status, StatusCode::OK);
        assert_eq!(ok.header("via"), Some("1.1 google"));
        let missing = s.api(Method::GET, "/nothing/here", None).await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
        assert_eq!(missing.header("via"), Some("1.1 google"));
        s.ctx
            .set_route_limit("users.get", 1, Duration::from_secs(60));
        let path = format!("/users/{}", s.fixtures.bot.id);
        assert_eq!(s.api(Method::GET, &path, None).await.status, StatusCode::OK);
        let limited = s.api(Method::GET, &path, None).await;
        assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(limited.header("via"), Some("1.1 google"));
    })
    .await;
}

#[tokio::test]
async fn bot_user_carries_oauth2_fields_only_where_it_reads_itself() {
    bounded(async {
        let s = start().await;
        let me = s.api(Method::GET, "/users/@me", None).await.body;
        for field in OAUTH2_ONLY {
            assert!(me.get(*field).is_some(), "/users/@me lacks {field}: {me}");
        }
        let bot_id = s.fixtures.bot.id.to_string();
        let message = post_message(&s, s.text_channel(0), "hi").await;
        let members = s
            .api(
                Method::GET,
                &format!("/guilds/{}/members?limit=1000", s.guild(0)),
                None,
            )
            .await
            .body;
        let in_members = members
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["user"]["id"] == bot_id.as_str())
            .expect("the bot is a member")["user"]
            .clone();
        let by_id = s
            .api(Method::GET, &format!("/users/{bot_id}"), None)
            .await
            .body;
        for (what, user) in [
            ("message author", &message["author"]),
            ("member list", &in_members),
            ("GET /users/{id}", &by_id),
        ] {
            assert_eq!(user["id"], bot_id.as_str());
            for field in OAUTH2_ONLY {
                assert!(user.get(*field).is_none(), "{what} has {field}: {user}");
            }
        }
    })
    .await;
}

#[tokio::test]
async fn application_owner_is_another_user() {
    bounded(async {
        let s = start().await;
        let app = s.api(Method::GET, "/applications/@me", None).await.body;
        let owner = &app["owner"];
        let bot = &app["bot"];
        assert_eq!(bot["id"], s.fixtures.bot.id.to_string());
        assert_ne!(owner["id"], bot["id"], "{app}");
        assert_eq!(owner["bot"], false);
        assert_eq!(owner["username"], "app-owner");
        // The owner is a user the mock knows.
        let id = owner["id"].as_str().unwrap();
        let user = s.api(Method::GET, &format!("/users/{id}"), None).await;
        assert_eq!(user.status, StatusCode::OK);
        assert_eq!(&user.body, owner);
        // Optional strings the docs do not make nullable are left out.
        for key in ["terms_of_service_url", "privacy_policy_url"] {
            assert_ne!(app.get(key), Some(&Value::Null), "{key}");
        }
    })
    .await;
}
