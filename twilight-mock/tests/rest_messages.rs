//! The message routes: create, read, list, edit, delete, bulk delete,
//! reactions, pins, uploads and allowed mentions, each with its gateway
//! event, and the control by which a user writes to the bot.

mod rest_common;

use bytes::Bytes;
use hyper::{Method, StatusCode};
use rest_common::{
    MESSAGE_FIELDS, TOKEN, USER_FIELDS, bounded, has_fields, id, post_message, start,
};
use serde_json::{Value, json};

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
