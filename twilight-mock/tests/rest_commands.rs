//! Application commands: global and guild commands of the mock's
//! application, created, overwritten, listed, edited and deleted, with
//! Discord's checks.

mod rest_common;

use hyper::{Method, StatusCode};
use rest_common::{bounded, id, start};
use serde_json::json;

#[tokio::test]
async fn global_commands_crud() {
    bounded(async {
        let s = start().await;
        let app = s.ctx.state().application_id();
        let base = format!("/applications/{app}/commands");

        let r = s
            .api(
                Method::POST,
                &base,
                Some(json!({ "name": "ping", "description": "Replies with pong" })),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let ping = id(&r.body["id"]);
        assert_eq!(r.body["type"], 1);
        assert_eq!(r.body["application_id"], app.to_string());
        assert!(r.body.get("guild_id").is_none());
        assert!(r.body.get("version").is_some());

        // The same name again overwrites, keeping the id.
        let r = s
            .api(
                Method::POST,
                &base,
                Some(json!({ "name": "ping", "description": "Pong!" })),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(id(&r.body["id"]), ping);

        let r = s
            .api(
                Method::PATCH,
                &format!("{base}/{ping}"),
                Some(json!({ "description": "Edited" })),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.body["description"], "Edited");
        assert_eq!(r.body["name"], "ping");

        let r = s.api(Method::GET, &base, None).await;
        assert_eq!(r.body.as_array().unwrap().len(), 1);

        // Overwriting keeps the id of a command that stays.
        let r = s
            .api(
                Method::PUT,
                &base,
                Some(json!([
                    { "name": "ping", "description": "again" },
                    { "name": "Report", "type": 3 }
                ])),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let list = r.body.as_array().unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(id(&list[0]["id"]), ping);

        let r = s.api(Method::DELETE, &format!("{base}/{ping}"), None).await;
        assert_eq!(r.status, StatusCode::NO_CONTENT);
        let r = s.api(Method::GET, &format!("{base}/{ping}"), None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert_eq!(r.body["code"], 10063);
    })
    .await;
}

#[tokio::test]
async fn guild_commands_are_separate_and_checked() {
    bounded(async {
        let s = start().await;
        let app = s.ctx.state().application_id();
        let guild = s.guild(0);
        let base = format!("/applications/{app}/guilds/{guild}/commands");

        let r = s
            .api(
                Method::POST,
                &base,
                Some(json!({ "name": "local", "description": "guild only" })),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        assert_eq!(r.body["guild_id"], guild.to_string());
        let r = s
            .api(Method::GET, &format!("/applications/{app}/commands"), None)
            .await;
        assert_eq!(r.body, json!([]));
        let r = s.api(Method::GET, &base, None).await;
        assert_eq!(r.body.as_array().unwrap().len(), 1);

        // Invalid names and descriptions are form errors.
        for body in [
            json!({ "name": "Upper", "description": "d" }),
            json!({ "name": "has space", "description": "d" }),
            json!({ "name": "nodesc" }),
            json!({ "name": "x".repeat(33), "description": "d" }),
            json!({ "name": "menu", "type": 2, "description": "no" }),
        ] {
            let r = s.api(Method::POST, &base, Some(body.clone())).await;
            assert_eq!(r.status, StatusCode::BAD_REQUEST, "{body}");
            assert_eq!(r.body["code"], 50035);
        }

        // Another application's commands are not ours.
        let r = s.api(Method::GET, "/applications/1/commands", None).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let r = s
            .api(
                Method::GET,
                &format!("/applications/{app}/guilds/1/commands"),
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
    })
    .await;
}
