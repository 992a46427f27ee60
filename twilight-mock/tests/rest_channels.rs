//! The channel routes: channels, threads, typing and DM channels, each with
//! its gateway event.

mod rest_common;

use hyper::{Method, StatusCode};
use rest_common::{bounded, has_fields, id, post_message, start};
use serde_json::json;

#[tokio::test]
async fn channels() {
    bounded(async {
        let s = start().await;
        let g = s.guild(0);
        let c = s.text_channel(0);
        let got = s.api(Method::GET, &format!("/channels/{c}"), None).await;
        has_fields(
            &got.body,
            &[
                "id",
                "type",
                "guild_id",
                "position",
                "permission_overwrites",
                "name",
                "topic",
                "nsfw",
                "last_message_id",
                "rate_limit_per_user",
                "parent_id",
                "last_pin_timestamp",
                "flags",
            ],
        );
        let modified = s
            .api(
                Method::PATCH,
                &format!("/channels/{c}"),
                Some(json!({ "name": "renamed", "topic": "t" })),
            )
            .await;
        assert_eq!(modified.body["name"], "renamed");
        assert_eq!(s.sink.named("CHANNEL_UPDATE")[0]["topic"], "t");

        let created = s
            .api(
                Method::POST,
                &format!("/guilds/{g}/channels"),
                Some(json!({ "name": "new-voice", "type": 2 })),
            )
            .await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
        has_fields(&created.body, &["bitrate", "user_limit", "rtc_region"]);
        assert_eq!(s.sink.named("CHANNEL_CREATE").len(), 1);
        let new_id = id(&created.body["id"]);
        let list = s
            .api(Method::GET, &format!("/guilds/{g}/channels"), None)
            .await;
        let ids: Vec<u64> = list
            .body
            .as_array()
            .unwrap()
            .iter()
            .map(|c| id(&c["id"]))
            .collect();
        assert!(ids.contains(&new_id));
        assert!(
            list.body
                .as_array()
                .unwrap()
                .iter()
                .all(|c| c["type"] != 11)
        );

        let missing_name = s
            .api(
                Method::POST,
                &format!("/guilds/{g}/channels"),
                Some(json!({})),
            )
            .await;
        assert_eq!(
            missing_name.body["errors"]["name"]["_errors"][0]["code"],
            "BASE_TYPE_REQUIRED"
        );

        let deleted = s
            .api(Method::DELETE, &format!("/channels/{new_id}"), None)
            .await;
        assert_eq!(deleted.status, StatusCode::OK);
        assert_eq!(s.sink.named("CHANNEL_DELETE").len(), 1);
        let gone = s
            .api(Method::GET, &format!("/channels/{new_id}"), None)
            .await;
        assert_eq!(
            gone.body,
            json!({ "message": "Unknown Channel", "code": 10003 })
        );
    })
    .await;
}

#[tokio::test]
async fn threads() {
    bounded(async {
        let s = start().await;
        let g = s.guild(0);
        let c = s.text_channel(0);
        let m = id(&post_message(&s, c, "start a thread here").await["id"]);
        let t = s
            .api(
                Method::POST,
                &format!("/channels/{c}/messages/{m}/threads"),
                Some(json!({ "name": "from message" })),
            )
            .await;
        assert_eq!(t.status, StatusCode::CREATED, "{}", t.body);
        assert_eq!(id(&t.body["id"]), m);
        assert_eq!(t.body["type"], 11);
        has_fields(
            &t.body["thread_metadata"],
            &[
                "archived",
                "auto_archive_duration",
                "archive_timestamp",
                "locked",
            ],
        );
        let event = &s.sink.named("THREAD_CREATE")[0];
        assert_eq!(event["newly_created"], true);

        let t2 = s
            .api(
                Method::POST,
                &format!("/channels/{c}/threads"),
                Some(json!({ "name": "no message", "type": 11 })),
            )
            .await;
        assert_eq!(t2.status, StatusCode::CREATED);
        let t2 = id(&t2.body["id"]);
        let leave = s
            .api(
                Method::DELETE,
                &format!("/channels/{t2}/thread-members/@me"),
                None,
            )
            .await;
        assert_eq!(leave.status, StatusCode::NO_CONTENT);
        let join = s
            .api(
                Method::PUT,
                &format!("/channels/{t2}/thread-members/@me"),
                None,
            )
            .await;
        assert_eq!(join.status, StatusCode::NO_CONTENT);
        let updates = s.sink.named("THREAD_MEMBERS_UPDATE");
        assert_eq!(updates.len(), 2);
        assert!(updates[0]["removed_member_ids"].is_array());
        assert!(updates[1]["added_members"].is_array());

        let active = s
            .api(Method::GET, &format!("/guilds/{g}/threads/active"), None)
            .await;
        let threads = active.body["threads"].as_array().unwrap();
        assert!(threads.len() >= 3, "{}", active.body);
        assert!(active.body["members"].is_array());
        // A message in the new thread.
        let in_thread = post_message(&s, t2, "inside").await;
        assert_eq!(in_thread["position"], 0);
    })
    .await;
}

#[tokio::test]
async fn typing_and_direct_messages() {
    bounded(async {
        let s = start().await;
        let c = s.text_channel(0);
        let typing = s
            .api(Method::POST, &format!("/channels/{c}/typing"), None)
            .await;
        assert_eq!(typing.status, StatusCode::NO_CONTENT);
        let event = &s.sink.named("TYPING_START")[0];
        assert!(event["timestamp"].is_u64());
        assert!(event["member"].is_object());

        let dm = s
            .api(
                Method::POST,
                "/users/@me/channels",
                Some(json!({ "recipient_id": s.user(0).to_string() })),
            )
            .await;
        assert_eq!(dm.status, StatusCode::OK, "{}", dm.body);
        assert_eq!(dm.body["type"], 1);
        assert_eq!(dm.body["recipients"][0]["id"], s.user(0).to_string());
        let again = s
            .api(
                Method::POST,
                "/users/@me/channels",
                Some(json!({ "recipient_id": s.user(0).to_string() })),
            )
            .await;
        assert_eq!(again.body["id"], dm.body["id"]);
        let dm_id = id(&dm.body["id"]);
        let m = post_message(&s, dm_id, "hello in private").await;
        assert!(m.get("guild_id").is_none());
        let (guild, name, data) = s
            .sink
            .events()
            .into_iter()
            .rev()
            .find(|(_, n, _)| n == "MESSAGE_CREATE")
            .unwrap();
        assert_eq!(name, "MESSAGE_CREATE");
        assert!(guild.is_none(), "a DM event belongs to no guild");
        assert!(data.get("guild_id").is_none() && data.get("member").is_none());
        let unknown = s
            .api(
                Method::POST,
                "/users/@me/channels",
                Some(json!({ "recipient_id": "42" })),
            )
            .await;
        assert_eq!(unknown.body["code"], 10013);
    })
    .await;
}
