//! Permission checks of the message and channel-access routes: a bot that
//! is not the guild owner gets Discord's 403s (50013 Missing Permissions,
//! 50001 Missing Access), which count as invalid requests.

mod rest_common;

use hyper::{Method, StatusCode};
use rest_common::bounded;
use rest_common::permissions::{
    ALICE, BOB, BOT, BOT_ROLE, GUILD, TEXT, THREAD, allowed, forbidden, server, set_overwrites,
};
use serde_json::{Value, json};
use twilight_mock::fixtures::Fixtures;
use twilight_model::permissions::Permissions as P;

#[tokio::test]
async fn default_fixtures_make_the_bot_owner() {
    let fixtures = Fixtures::default();
    for guild in &fixtures.guilds {
        assert_eq!(guild.owner_id, Some(fixtures.bot.id));
    }
}

#[tokio::test]
async fn send_message_needs_send_messages_and_view_channel() {
    bounded(async {
        let s = server(P::empty()).await;
        let path = format!("/channels/{TEXT}/messages");
        allowed(&s, Method::POST, &path, Some(json!({ "content": "hi" }))).await;
        // SEND_MESSAGES denied for the bot's role.
        set_overwrites(
            &s,
            TEXT,
            &json!([{ "id": BOT_ROLE.to_string(), "type": 0, "allow": "0", "deny": P::SEND_MESSAGES.bits().to_string() }]),
        );
        forbidden(&s, Method::POST, &path, Some(json!({ "content": "hi" })), 50013).await;
        // A member overwrite allows it back (member beats role).
        set_overwrites(
            &s,
            TEXT,
            &json!([
                { "id": BOT_ROLE.to_string(), "type": 0, "allow": "0", "deny": P::SEND_MESSAGES.bits().to_string() },
                { "id": BOT.to_string(), "type": 1, "allow": P::SEND_MESSAGES.bits().to_string(), "deny": "0" }
            ]),
        );
        allowed(&s, Method::POST, &path, Some(json!({ "content": "hi" }))).await;
        // No VIEW_CHANNEL: Missing Access, even on GET.
        set_overwrites(
            &s,
            TEXT,
            &json!([{ "id": GUILD.to_string(), "type": 0, "allow": "0", "deny": P::VIEW_CHANNEL.bits().to_string() }]),
        );
        forbidden(&s, Method::POST, &path, Some(json!({ "content": "hi" })), 50001).await;
        forbidden(&s, Method::GET, &format!("/channels/{TEXT}"), None, 50001).await;
        // Threads inherit the parent's VIEW_CHANNEL.
        forbidden(&s, Method::GET, &format!("/channels/{THREAD}"), None, 50001).await;
    })
    .await;
}

#[tokio::test]
async fn threads_need_send_messages_in_threads() {
    bounded(async {
        let s = server(P::empty()).await;
        let path = format!("/channels/{THREAD}/messages");
        forbidden(
            &s,
            Method::POST,
            &path,
            Some(json!({ "content": "hi" })),
            50013,
        )
        .await;
        let s = server(P::SEND_MESSAGES_IN_THREADS).await;
        allowed(&s, Method::POST, &path, Some(json!({ "content": "hi" }))).await;
    })
    .await;
}

#[tokio::test]
async fn tts_and_replies_and_attachments_need_their_permissions() {
    bounded(async {
        let s = server(P::empty()).await;
        let path = format!("/channels/{TEXT}/messages");
        forbidden(&s, Method::POST, &path, Some(json!({ "content": "hi", "tts": true })), 50013).await;
        // Embeds are kept without EMBED_LINKS (it governs link previews).
        let m = allowed(&s, Method::POST, &path, Some(json!({ "embeds": [{ "title": "t" }] }))).await;
        assert_eq!(m["embeds"][0]["title"], "t");
        let boundary = "XyZ";
        let body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"payload_json\"\r\n\r\n{{\"content\":\"f\"}}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"files[0]\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--{boundary}--\r\n"
        );
        let r = s
            .send(
                Method::POST,
                &format!("/api/v10{path}"),
                Some(&format!("Bot {}", rest_common::TOKEN)),
                Some(&format!("multipart/form-data; boundary={boundary}")),
                body.into(),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert_eq!(r.body["code"], 50013);
    })
    .await;
}

#[tokio::test]
async fn deleting_others_messages_needs_manage_messages() {
    bounded(async {
        let s = server(P::empty()).await;
        let theirs = s
            .ctx
            .user_message(TEXT, ALICE, &json!({ "content": "x" }))
            .unwrap();
        let mine = allowed(
            &s,
            Method::POST,
            &format!("/channels/{TEXT}/messages"),
            Some(json!({ "content": "y" })),
        )
        .await;
        let path = |m: &Value| format!("/channels/{TEXT}/messages/{}", m["id"].as_str().unwrap());
        forbidden(&s, Method::DELETE, &path(&theirs), None, 50013).await;
        allowed(&s, Method::DELETE, &path(&mine), None).await;
        let s = server(P::MANAGE_MESSAGES).await;
        let theirs = s
            .ctx
            .user_message(TEXT, ALICE, &json!({ "content": "x" }))
            .unwrap();
        allowed(&s, Method::DELETE, &path(&theirs), None).await;
    })
    .await;
}

#[tokio::test]
async fn reactions_need_add_reactions_unless_present() {
    bounded(async {
        let s = server(P::empty()).await;
        let m = s
            .ctx
            .user_message(TEXT, ALICE, &json!({ "content": "x" }))
            .unwrap();
        let id = m["id"].as_str().unwrap();
        let path = format!("/channels/{TEXT}/messages/{id}/reactions/%F0%9F%91%8D/@me");
        forbidden(&s, Method::PUT, &path, None, 50013).await;
        // Once someone reacted, READ_MESSAGE_HISTORY is enough.
        s.ctx
            .user_reaction(TEXT, id.parse().unwrap(), "👍", ALICE)
            .unwrap();
        allowed(&s, Method::PUT, &path, None).await;
        // Removing another's reaction or clearing needs MANAGE_MESSAGES.
        let other = format!("/channels/{TEXT}/messages/{id}/reactions/%F0%9F%91%8D/{ALICE}");
        forbidden(&s, Method::DELETE, &other, None, 50013).await;
        forbidden(
            &s,
            Method::DELETE,
            &format!("/channels/{TEXT}/messages/{id}/reactions"),
            None,
            50013,
        )
        .await;
        allowed(&s, Method::DELETE, &path, None).await;
    })
    .await;
}

#[tokio::test]
async fn administrator_and_owner_have_everything() {
    bounded(async {
        let s = server(P::ADMINISTRATOR).await;
        set_overwrites(
            &s,
            TEXT,
            &json!([{ "id": GUILD.to_string(), "type": 0, "allow": "0", "deny": P::VIEW_CHANNEL.bits().to_string() }]),
        );
        allowed(&s, Method::DELETE, &format!("/channels/{THREAD}"), None).await;
        allowed(&s, Method::POST, &format!("/channels/{TEXT}/messages"), Some(json!({ "content": "hi" }))).await;
        // Administrators still obey the role hierarchy (alice is above).
        forbidden(&s, Method::DELETE, &format!("/guilds/{GUILD}/members/{ALICE}"), None, 50013).await;
        allowed(&s, Method::DELETE, &format!("/guilds/{GUILD}/members/{BOB}"), None).await;
    })
    .await;
}

#[tokio::test]
async fn a_timed_out_bot_keeps_only_view_and_history() {
    bounded(async {
        let s = server(P::MANAGE_MESSAGES).await;
        let until = twilight_model::Timestamp::from_secs(4_000_000_000)
            .iso_8601()
            .to_string();
        s.ctx
            .state()
            .modify_member(
                GUILD,
                BOT,
                &json!({ "communication_disabled_until": until }),
                &mut Vec::new(),
            )
            .unwrap();
        forbidden(
            &s,
            Method::POST,
            &format!("/channels/{TEXT}/messages"),
            Some(json!({ "content": "hi" })),
            50013,
        )
        .await;
        allowed(&s, Method::GET, &format!("/channels/{TEXT}/messages"), None).await;
    })
    .await;
}

#[tokio::test]
async fn without_read_message_history_no_messages_are_returned() {
    bounded(async {
        let s = server(P::empty()).await;
        let m = s.ctx.user_message(TEXT, ALICE, &json!({ "content": "x" })).unwrap();
        let list = format!("/channels/{TEXT}/messages");
        assert_eq!(allowed(&s, Method::GET, &list, None).await.as_array().unwrap().len(), 1);
        set_overwrites(
            &s,
            TEXT,
            &json!([{ "id": GUILD.to_string(), "type": 0, "allow": "0", "deny": P::READ_MESSAGE_HISTORY.bits().to_string() }]),
        );
        assert_eq!(allowed(&s, Method::GET, &list, None).await, json!([]));
        let one = format!("{list}/{}", m["id"].as_str().unwrap());
        forbidden(&s, Method::GET, &one, None, 50013).await;
        let pins = allowed(&s, Method::GET, &format!("{list}/pins"), None).await;
        assert_eq!(pins, json!({ "items": [], "has_more": false }));
    })
    .await;
}
