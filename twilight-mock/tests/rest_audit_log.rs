//! The audit log: entries for the bot's bans, kicks, channel and role
//! changes, with the X-Audit-Log-Reason given, filtered by query.

mod rest_common;

use bytes::Bytes;
use hyper::{Method, StatusCode};
use rest_common::{TOKEN, bounded, id, start};
use serde_json::json;

#[tokio::test]
async fn changes_are_logged_with_their_reason() {
    bounded(async {
        let s = start().await;
        let g = s.guild(0);
        let bot = s.fixtures.bot.id.to_string();
        let user = s.user(1);
        let request = hyper::Request::builder()
            .method(Method::PUT)
            .uri(format!("{}/api/v10/guilds/{g}/bans/{user}", s.base))
            .header("authorization", format!("Bot {TOKEN}"))
            .header("content-type", "application/json")
            .header("x-audit-log-reason", "spam%20bot")
            .body(http_body_util::Full::new(Bytes::from_static(b"{}")))
            .unwrap();
        let r = s.client.request(request).await.unwrap();
        assert_eq!(r.status(), StatusCode::NO_CONTENT);
        let channel = s
            .api(
                Method::POST,
                &format!("/guilds/{g}/channels"),
                Some(json!({ "name": "logged" })),
            )
            .await
            .body;
        let role = s
            .api(
                Method::POST,
                &format!("/guilds/{g}/roles"),
                Some(json!({ "name": "r" })),
            )
            .await
            .body;
        let kicked = s.user(2);
        let r = s
            .api(
                Method::DELETE,
                &format!("/guilds/{g}/members/{kicked}"),
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT);

        let log = s
            .api(Method::GET, &format!("/guilds/{g}/audit-logs"), None)
            .await;
        assert_eq!(log.status, StatusCode::OK, "{}", log.body);
        let entries = log.body["audit_log_entries"].as_array().unwrap().clone();
        // Newest first.
        let kinds: Vec<u64> = entries
            .iter()
            .map(|e| e["action_type"].as_u64().unwrap())
            .collect();
        assert_eq!(kinds, [20, 30, 10, 22]);
        assert!(entries.iter().all(|e| e["user_id"] == bot));
        assert_eq!(id(&entries[0]["target_id"]), kicked);
        assert_eq!(entries[1]["target_id"], role["id"]);
        assert_eq!(entries[2]["target_id"], channel["id"]);
        assert_eq!(id(&entries[3]["target_id"]), user);
        assert_eq!(entries[3]["reason"], "spam bot");
        assert!(entries[0].get("reason").is_none());
        assert_eq!(log.body["users"][0]["id"], bot);
        assert_eq!(s.sink.named("GUILD_AUDIT_LOG_ENTRY_CREATE").len(), 4);

        let bans = s
            .api(
                Method::GET,
                &format!("/guilds/{g}/audit-logs?action_type=22"),
                None,
            )
            .await
            .body;
        assert_eq!(bans["audit_log_entries"].as_array().unwrap().len(), 1);
        let oldest = &entries[3]["id"];
        let after = s
            .api(
                Method::GET,
                &format!(
                    "/guilds/{g}/audit-logs?after={}&limit=2",
                    oldest.as_str().unwrap()
                ),
                None,
            )
            .await
            .body;
        let after: Vec<u64> = after["audit_log_entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["action_type"].as_u64().unwrap())
            .collect();
        assert_eq!(after, [10, 30]);
    })
    .await;
}

#[tokio::test]
async fn deleting_anothers_message_is_logged() {
    bounded(async {
        let s = start().await;
        let g = s.guild(0);
        let c = s.text_channel(0);
        let author = s.user(0);
        let theirs = s
            .ctx
            .user_message(c, author, &json!({ "content": "x" }))
            .unwrap();
        let mine = s
            .api(
                Method::POST,
                &format!("/channels/{c}/messages"),
                Some(json!({ "content": "y" })),
            )
            .await
            .body;
        for m in [&theirs, &mine] {
            let path = format!("/channels/{c}/messages/{}", m["id"].as_str().unwrap());
            assert_eq!(
                s.api(Method::DELETE, &path, None).await.status,
                StatusCode::NO_CONTENT
            );
        }
        let log = s
            .api(
                Method::GET,
                &format!("/guilds/{g}/audit-logs?action_type=72"),
                None,
            )
            .await
            .body;
        let entries = log["audit_log_entries"].as_array().unwrap();
        assert_eq!(entries.len(), 1);
        assert_eq!(id(&entries[0]["target_id"]), author);
        assert_eq!(entries[0]["options"]["channel_id"], c.to_string());
    })
    .await;
}
