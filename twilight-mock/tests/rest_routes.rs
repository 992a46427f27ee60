//! The REST routes over the state, driven by a plain hyper client: each
//! route group answers as Discord documents and emits its gateway event.

mod rest_common;

use bytes::Bytes;
use hyper::{Method, StatusCode};
use rest_common::{Server, TOKEN, bounded, id, start};
use serde_json::{Value, json};

const USER_FIELDS: &[&str] = &[
    "id",
    "username",
    "discriminator",
    "global_name",
    "avatar",
    "bot",
    "system",
    "banner",
    "accent_color",
    "flags",
    "public_flags",
    "avatar_decoration_data",
    "collectibles",
    "primary_guild",
];
const MESSAGE_FIELDS: &[&str] = &[
    "id",
    "channel_id",
    "author",
    "content",
    "timestamp",
    "edited_timestamp",
    "tts",
    "mention_everyone",
    "mentions",
    "mention_roles",
    "attachments",
    "embeds",
    "reactions",
    "pinned",
    "type",
    "flags",
    "components",
    "sticker_items",
];
const ROLE_FIELDS: &[&str] = &[
    "id",
    "name",
    "color",
    "colors",
    "hoist",
    "icon",
    "unicode_emoji",
    "position",
    "permissions",
    "managed",
    "mentionable",
    "tags",
    "flags",
];
const MEMBER_FIELDS: &[&str] = &[
    "user",
    "nick",
    "avatar",
    "banner",
    "roles",
    "joined_at",
    "premium_since",
    "deaf",
    "mute",
    "flags",
    "pending",
    "communication_disabled_until",
    "avatar_decoration_data",
    "collectibles",
];

fn has_fields(value: &Value, fields: &[&str]) {
    for f in fields {
        assert!(value.get(*f).is_some(), "missing field {f} in {value}");
    }
}

async fn post_message(s: &Server, channel: u64, content: &str) -> Value {
    let r = s
        .api(
            Method::POST,
            &format!("/channels/{channel}/messages"),
            Some(json!({ "content": content })),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.body
}

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
async fn message_crud_and_events() {
    bounded(async {
        let s = start().await;
        let c = s.text_channel(0);
        let m = post_message(&s, c, "hello <@".to_owned().as_str()).await;
        has_fields(&m, MESSAGE_FIELDS);
        has_fields(&m["author"], USER_FIELDS);
        let mention = format!("hi <@{}>", s.user(1));
        let m2 = post_message(&s, c, &mention).await;
        assert_eq!(m2["mentions"][0]["id"], s.user(1).to_string());

        let created = s.sink.named("MESSAGE_CREATE");
        assert_eq!(created.len(), 2);
        assert_eq!(created[1]["guild_id"], s.guild(0).to_string());
        assert!(created[1]["member"].is_object());
        assert!(created[1]["mentions"][0]["member"].is_object());
        let (guild, _, _) = &s.sink.events()[0];
        assert_eq!(guild.map(twilight_model::id::Id::get), Some(s.guild(0)));

        let mid = id(&m["id"]);
        let got = s.api(Method::GET, &format!("/channels/{c}/messages/{mid}"), None).await;
        assert_eq!(got.body["content"], "hello <@");

        let edited = s
            .api(Method::PATCH, &format!("/channels/{c}/messages/{mid}"), Some(json!({ "content": "edited" })))
            .await;
        assert_eq!(edited.status, StatusCode::OK);
        assert_eq!(edited.body["content"], "edited");
        assert!(edited.body["edited_timestamp"].is_string());
        let update = &s.sink.named("MESSAGE_UPDATE")[0];
        assert_eq!(update["content"], "edited");
        assert_eq!(update["tts"], false);

        let deleted = s.api(Method::DELETE, &format!("/channels/{c}/messages/{mid}"), None).await;
        assert_eq!(deleted.status, StatusCode::NO_CONTENT);
        assert!(deleted.raw.is_empty());
        let event = &s.sink.named("MESSAGE_DELETE")[0];
        assert_eq!(event, &json!({ "id": mid.to_string(), "channel_id": c.to_string(), "guild_id": s.guild(0).to_string() }));
        let gone = s.api(Method::GET, &format!("/channels/{c}/messages/{mid}"), None).await;
        assert_eq!(gone.status, StatusCode::NOT_FOUND);
        assert_eq!(gone.body, json!({ "message": "Unknown Message", "code": 10008 }));
    })
    .await;
}

#[tokio::test]
async fn message_listing_before_after_around_limit() {
    bounded(async {
        let s = start().await;
        s.ctx
            .set_route_limit("messages.create", 100, std::time::Duration::from_secs(1));
        let c = s.text_channel(0);
        let mut ids = Vec::new();
        for i in 0..9 {
            ids.push(id(&post_message(&s, c, &format!("m{i}")).await["id"]));
        }
        let list = |q: String| {
            let s = &s;
            async move {
                let r = s
                    .api(Method::GET, &format!("/channels/{c}/messages{q}"), None)
                    .await;
                assert_eq!(r.status, StatusCode::OK, "{}", r.body);
                r.body
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|m| id(&m["id"]))
                    .collect::<Vec<u64>>()
            }
        };
        let all = list(String::new()).await;
        let mut newest_first = ids.clone();
        newest_first.reverse();
        assert_eq!(all, newest_first);
        assert_eq!(list("?limit=2".to_owned()).await, newest_first[..2]);
        assert_eq!(
            list(format!("?before={}&limit=3", ids[5])).await,
            vec![ids[4], ids[3], ids[2]]
        );
        assert_eq!(
            list(format!("?after={}&limit=3", ids[5])).await,
            vec![ids[8], ids[7], ids[6]]
        );
        assert_eq!(
            list(format!("?around={}&limit=3", ids[4])).await,
            vec![ids[5], ids[4], ids[3]]
        );
        let bad = s
            .api(
                Method::GET,
                &format!("/channels/{c}/messages?limit=101"),
                None,
            )
            .await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        assert_eq!(bad.body["code"], 50035);
        assert!(bad.body["errors"]["limit"]["_errors"][0]["code"].is_string());
    })
    .await;
}

#[tokio::test]
async fn bulk_delete() {
    bounded(async {
        let s = start().await;
        let c = s.text_channel(0);
        let a = id(&post_message(&s, c, "a").await["id"]);
        let b = id(&post_message(&s, c, "b").await["id"]);
        let one = s
            .api(
                Method::POST,
                &format!("/channels/{c}/messages/bulk-delete"),
                Some(json!({ "messages": [a.to_string()] })),
            )
            .await;
        assert_eq!(one.status, StatusCode::BAD_REQUEST);
        assert_eq!(one.body["code"], 50016);
        tokio::time::sleep(std::time::Duration::from_millis(60)).await;
        let r = s
            .api(
                Method::POST,
                &format!("/channels/{c}/messages/bulk-delete"),
                Some(json!({ "messages": [a.to_string(), b.to_string()] })),
            )
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
        let event = &s.sink.named("MESSAGE_DELETE_BULK")[0];
        assert_eq!(event["ids"], json!([a.to_string(), b.to_string()]));
        assert_eq!(event["guild_id"], s.guild(0).to_string());
    })
    .await;
}

#[tokio::test]
async fn reactions() {
    bounded(async {
        let s = start().await;
        s.ctx
            .set_route_limit("reactions", 100, std::time::Duration::from_secs(1));
        let c = s.text_channel(0);
        let m = id(&post_message(&s, c, "react to me").await["id"]);
        let fire = "%F0%9F%94%A5";
        let path = format!("/channels/{c}/messages/{m}/reactions/{fire}");
        let put = s.api(Method::PUT, &format!("{path}/@me"), None).await;
        assert_eq!(put.status, StatusCode::NO_CONTENT, "{}", put.body);
        let add = &s.sink.named("MESSAGE_REACTION_ADD")[0];
        assert_eq!(add["emoji"], json!({ "id": null, "name": "🔥" }));
        assert_eq!(add["user_id"], s.ctx.state().bot_id().to_string());
        assert!(add["member"].is_object());
        assert_eq!(add["burst"], false);
        assert_eq!(add["type"], 0);

        let message = s
            .api(Method::GET, &format!("/channels/{c}/messages/{m}"), None)
            .await
            .body;
        let reaction = &message["reactions"][0];
        has_fields(
            reaction,
            &[
                "count",
                "count_details",
                "me",
                "me_burst",
                "emoji",
                "burst_colors",
            ],
        );
        assert_eq!(reaction["count"], 1);
        assert_eq!(reaction["me"], true);

        let bad = s
            .api(
                Method::PUT,
                &format!("/channels/{c}/messages/{m}/reactions/notanemoji/@me"),
                None,
            )
            .await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        assert_eq!(
            bad.body,
            json!({ "message": "Unknown Emoji", "code": 10014 })
        );

        let users = s.api(Method::GET, &path, None).await;
        assert_eq!(users.body.as_array().unwrap().len(), 1);
        s.ctx.user_reaction(c, m, "🔥", s.user(2)).unwrap();
        let by_user = s.sink.named("MESSAGE_REACTION_ADD");
        assert_eq!(by_user.len(), 2);
        assert_eq!(by_user[1]["user_id"], s.user(2).to_string());
        let users = s.api(Method::GET, &path, None).await;
        assert_eq!(users.body.as_array().unwrap().len(), 2);
        let custom = s
            .api(
                Method::PUT,
                &format!("/channels/{c}/messages/{m}/reactions/blob:123456/@me"),
                None,
            )
            .await;
        assert_eq!(custom.status, StatusCode::NO_CONTENT);

        let del_user = s
            .api(Method::DELETE, &format!("{path}/{}", s.user(2)), None)
            .await;
        assert_eq!(del_user.status, StatusCode::NO_CONTENT);
        let del_own = s.api(Method::DELETE, &format!("{path}/@me"), None).await;
        assert_eq!(del_own.status, StatusCode::NO_CONTENT);
        assert_eq!(s.sink.named("MESSAGE_REACTION_REMOVE").len(), 2);
        let clear_emoji = s
            .api(
                Method::DELETE,
                &format!("/channels/{c}/messages/{m}/reactions/blob:123456"),
                None,
            )
            .await;
        assert_eq!(clear_emoji.status, StatusCode::NO_CONTENT);
        assert_eq!(
            s.sink.named("MESSAGE_REACTION_REMOVE_EMOJI")[0]["emoji"]["id"],
            "123456"
        );
        let clear = s
            .api(
                Method::DELETE,
                &format!("/channels/{c}/messages/{m}/reactions"),
                None,
            )
            .await;
        assert_eq!(clear.status, StatusCode::NO_CONTENT);
        assert_eq!(s.sink.named("MESSAGE_REACTION_REMOVE_ALL").len(), 1);
        let message = s
            .api(Method::GET, &format!("/channels/{c}/messages/{m}"), None)
            .await
            .body;
        assert_eq!(message["reactions"], json!([]));
    })
    .await;
}

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

#[tokio::test]
async fn multipart_attachment_upload() {
    bounded(async {
        let s = start().await;
        let c = s.text_channel(0);
        let boundary = "XyZboundary123";
        let payload = json!({ "content": "with file", "attachments": [{ "id": 0, "filename": "hello.txt", "description": "a greeting" }] });
        let body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"payload_json\"\r\nContent-Type: application/json\r\n\r\n{payload}\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"files[0]\"; filename=\"hello.txt\"\r\nContent-Type: text/plain\r\n\r\nhello, file\r\n\
             --{boundary}--\r\n"
        );
        let auth = format!("Bot {TOKEN}");
        let r = s
            .send(
                Method::POST,
                &format!("/api/v10/channels/{c}/messages"),
                Some(&auth),
                Some(&format!("multipart/form-data; boundary={boundary}")),
                Bytes::from(body),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let a = &r.body["attachments"][0];
        has_fields(a, &["id", "filename", "size", "url", "proxy_url", "content_type"]);
        assert_eq!(a["filename"], "hello.txt");
        assert_eq!(a["size"], 11);
        assert_eq!(a["description"], "a greeting");
        assert_eq!(a["content_type"], "text/plain");
        let url = a["url"].as_str().unwrap();
        let path = url.strip_prefix(&s.base).unwrap();
        let file = s.send(Method::GET, path, None, None, Bytes::new()).await;
        assert_eq!(file.status, StatusCode::OK);
        assert_eq!(&file.raw[..], b"hello, file");
        assert_eq!(s.sink.named("MESSAGE_CREATE")[0]["attachments"][0]["filename"], "hello.txt");
    })
    .await;
}

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
async fn pins() {
    bounded(async {
        let s = start().await;
        s.ctx
            .set_route_limit("pins.write", 100, std::time::Duration::from_secs(1));
        let c = s.text_channel(0);
        let a = id(&post_message(&s, c, "a").await["id"]);
        let b = id(&post_message(&s, c, "b").await["id"]);
        let pin = s
            .api(
                Method::PUT,
                &format!("/channels/{c}/messages/pins/{a}"),
                None,
            )
            .await;
        assert_eq!(pin.status, StatusCode::NO_CONTENT, "{}", pin.body);
        tokio::time::sleep(std::time::Duration::from_millis(2)).await;
        let old = s
            .api(Method::PUT, &format!("/channels/{c}/pins/{b}"), None)
            .await;
        assert_eq!(old.status, StatusCode::NO_CONTENT);
        let updates = s.sink.named("CHANNEL_PINS_UPDATE");
        assert_eq!(updates.len(), 2);
        assert_eq!(updates[0]["guild_id"], s.guild(0).to_string());
        assert!(updates[0]["last_pin_timestamp"].is_string());

        let list = s
            .api(
                Method::GET,
                &format!("/channels/{c}/messages/pins?limit=1"),
                None,
            )
            .await;
        assert_eq!(list.status, StatusCode::OK, "{}", list.body);
        assert_eq!(list.body["has_more"], true);
        let item = &list.body["items"][0];
        assert_eq!(id(&item["message"]["id"]), b, "newest pin first");
        assert_eq!(item["message"]["pinned"], true);
        let before = item["pinned_at"].as_str().unwrap().replace('+', "%2B");
        let next = s
            .api(
                Method::GET,
                &format!("/channels/{c}/messages/pins?before={before}"),
                None,
            )
            .await;
        assert_eq!(next.body["items"].as_array().unwrap().len(), 1);
        assert_eq!(id(&next.body["items"][0]["message"]["id"]), a);

        let legacy = s
            .api(Method::GET, &format!("/channels/{c}/pins"), None)
            .await;
        assert_eq!(legacy.body.as_array().unwrap().len(), 2);
        let unpin = s
            .api(
                Method::DELETE,
                &format!("/channels/{c}/messages/pins/{a}"),
                None,
            )
            .await;
        assert_eq!(unpin.status, StatusCode::NO_CONTENT);
        let legacy = s
            .api(Method::GET, &format!("/channels/{c}/pins"), None)
            .await;
        assert_eq!(legacy.body.as_array().unwrap().len(), 1);
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

#[tokio::test]
async fn users_write_to_the_bot() {
    bounded(async {
        let s = start().await;
        let c = s.text_channel(1);
        let u = s.user(4);
        let m = s
            .ctx
            .user_message(c, u, &json!({ "content": "!ping" }))
            .unwrap();
        assert_eq!(m["author"]["id"], u.to_string());
        let event = &s.sink.named("MESSAGE_CREATE")[0];
        assert_eq!(event["content"], "!ping");
        assert_eq!(event["guild_id"], s.guild(1).to_string());
        assert!(event["member"]["roles"].is_array());
        let mid = id(&m["id"]);
        // The bot cannot edit it, the user can.
        let bot_edit = s
            .api(
                Method::PATCH,
                &format!("/channels/{c}/messages/{mid}"),
                Some(json!({ "content": "hacked" })),
            )
            .await;
        assert_eq!(bot_edit.status, StatusCode::FORBIDDEN);
        assert_eq!(
            bot_edit.body,
            json!({ "message": "Cannot edit a message authored by another user", "code": 50005 })
        );
        assert_eq!(
            s.ctx.stats().invalid_total,
            1,
            "a 403 is an invalid request"
        );
        s.ctx
            .user_edit(c, mid, u, &json!({ "content": "!pong" }))
            .unwrap();
        assert_eq!(s.sink.named("MESSAGE_UPDATE")[0]["content"], "!pong");
        assert!(
            s.ctx
                .user_message(c, 42, &json!({ "content": "x" }))
                .is_err()
        );
        // The bot may still delete it.
        let del = s
            .api(
                Method::DELETE,
                &format!("/channels/{c}/messages/{mid}"),
                None,
            )
            .await;
        assert_eq!(del.status, StatusCode::NO_CONTENT);
    })
    .await;
}

#[tokio::test]
async fn allowed_mentions_filter_the_mentions() {
    bounded(async {
        let s = start().await;
        let c = s.text_channel(0);
        let (one, two) = (s.user(1), s.user(2));
        let content = format!("@everyone <@{one}> <@{two}>");
        let path = format!("/channels/{c}/messages");
        let post = |allowed: Option<Value>| {
            let mut body = json!({ "content": content });
            if let Some(allowed) = allowed {
                body["allowed_mentions"] = allowed;
            }
            s.api(Method::POST, &path, Some(body))
        };
        let mentioned = |m: &Value| -> Vec<u64> {
            m["mentions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|u| id(&u["id"]))
                .collect()
        };

        // Regular messages parse every type by default.
        let all = post(None).await.body;
        assert_eq!(all["mention_everyone"], true);
        assert_eq!(mentioned(&all), [one, two]);

        let none = post(Some(json!({ "parse": [] }))).await.body;
        assert_eq!(none["mention_everyone"], false);
        assert!(mentioned(&none).is_empty());

        // A type not parsed keeps only the ids listed.
        let some = post(Some(
            json!({ "parse": ["everyone"], "users": [two.to_string()] }),
        ))
        .await
        .body;
        assert_eq!(some["mention_everyone"], true);
        assert_eq!(mentioned(&some), [two]);
    })
    .await;
}
