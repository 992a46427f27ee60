//! Permission checks of the guild management routes (channels, roles, bans,
//! members, webhooks, pins, threads, emojis, invites, the audit log,
//! overwrites), with the role hierarchy where Discord applies it.

mod rest_common;

use hyper::{Method, StatusCode};
use rest_common::bounded;
use rest_common::permissions::{
    ALICE, BOB, GUILD, HIGH_ROLE, LOW_ROLE, TEXT, THREAD, allowed, forbidden, server,
};
use serde_json::json;
use twilight_model::permissions::Permissions as P;

#[tokio::test]
async fn channels_need_manage_channels() {
    bounded(async {
        let s = server(P::empty()).await;
        forbidden(
            &s,
            Method::POST,
            &format!("/guilds/{GUILD}/channels"),
            Some(json!({ "name": "new" })),
            50013,
        )
        .await;
        forbidden(
            &s,
            Method::PATCH,
            &format!("/channels/{TEXT}"),
            Some(json!({ "name": "renamed" })),
            50013,
        )
        .await;
        forbidden(
            &s,
            Method::DELETE,
            &format!("/channels/{TEXT}"),
            None,
            50013,
        )
        .await;
        let s = server(P::MANAGE_CHANNELS).await;
        allowed(
            &s,
            Method::POST,
            &format!("/guilds/{GUILD}/channels"),
            Some(json!({ "name": "new" })),
        )
        .await;
        allowed(
            &s,
            Method::PATCH,
            &format!("/channels/{TEXT}"),
            Some(json!({ "name": "renamed" })),
        )
        .await;
        // Deleting a thread needs MANAGE_THREADS instead.
        forbidden(
            &s,
            Method::DELETE,
            &format!("/channels/{THREAD}"),
            None,
            50013,
        )
        .await;
    })
    .await;
}

#[tokio::test]
async fn roles_need_manage_roles_and_hierarchy() {
    bounded(async {
        let s = server(P::empty()).await;
        forbidden(
            &s,
            Method::POST,
            &format!("/guilds/{GUILD}/roles"),
            Some(json!({ "name": "r" })),
            50013,
        )
        .await;
        let s = server(P::MANAGE_ROLES).await;
        allowed(
            &s,
            Method::POST,
            &format!("/guilds/{GUILD}/roles"),
            Some(json!({ "name": "r" })),
        )
        .await;
        // Only permissions the bot has can be granted.
        forbidden(
            &s,
            Method::POST,
            &format!("/guilds/{GUILD}/roles"),
            Some(json!({ "name": "r", "permissions": P::BAN_MEMBERS.bits().to_string() })),
            50013,
        )
        .await;
        allowed(
            &s,
            Method::PATCH,
            &format!("/guilds/{GUILD}/roles/{LOW_ROLE}"),
            Some(json!({ "name": "lower" })),
        )
        .await;
        forbidden(
            &s,
            Method::PATCH,
            &format!("/guilds/{GUILD}/roles/{HIGH_ROLE}"),
            Some(json!({ "name": "x" })),
            50013,
        )
        .await;
        forbidden(
            &s,
            Method::DELETE,
            &format!("/guilds/{GUILD}/roles/{HIGH_ROLE}"),
            None,
            50013,
        )
        .await;
        forbidden(
            &s,
            Method::PUT,
            &format!("/guilds/{GUILD}/members/{BOB}/roles/{HIGH_ROLE}"),
            None,
            50013,
        )
        .await;
        allowed(
            &s,
            Method::PUT,
            &format!("/guilds/{GUILD}/members/{ALICE}/roles/{LOW_ROLE}"),
            None,
        )
        .await;
        forbidden(
            &s,
            Method::PATCH,
            &format!("/guilds/{GUILD}/members/{BOB}"),
            Some(json!({ "roles": [HIGH_ROLE.to_string()] })),
            50013,
        )
        .await;
    })
    .await;
}

#[tokio::test]
async fn bans_and_kicks_need_their_permissions_and_hierarchy() {
    bounded(async {
        let s = server(P::empty()).await;
        forbidden(
            &s,
            Method::PUT,
            &format!("/guilds/{GUILD}/bans/{BOB}"),
            Some(json!({})),
            50013,
        )
        .await;
        forbidden(
            &s,
            Method::GET,
            &format!("/guilds/{GUILD}/bans"),
            None,
            50013,
        )
        .await;
        forbidden(
            &s,
            Method::DELETE,
            &format!("/guilds/{GUILD}/members/{BOB}"),
            None,
            50013,
        )
        .await;
        let s = server(P::BAN_MEMBERS | P::KICK_MEMBERS).await;
        forbidden(
            &s,
            Method::PUT,
            &format!("/guilds/{GUILD}/bans/{ALICE}"),
            Some(json!({})),
            50013,
        )
        .await;
        forbidden(
            &s,
            Method::DELETE,
            &format!("/guilds/{GUILD}/members/{ALICE}"),
            None,
            50013,
        )
        .await;
        allowed(
            &s,
            Method::PUT,
            &format!("/guilds/{GUILD}/bans/{BOB}"),
            Some(json!({})),
        )
        .await;
        allowed(&s, Method::GET, &format!("/guilds/{GUILD}/bans"), None).await;
    })
    .await;
}

#[tokio::test]
async fn member_changes_need_their_permissions() {
    bounded(async {
        let s = server(P::empty()).await;
        let bob = format!("/guilds/{GUILD}/members/{BOB}");
        forbidden(&s, Method::PATCH, &bob, Some(json!({ "nick": "b" })), 50013).await;
        forbidden(
            &s,
            Method::PATCH,
            &bob,
            Some(json!({ "communication_disabled_until": "2099-01-01T00:00:00.000000+00:00" })),
            50013,
        )
        .await;
        let s = server(P::MANAGE_NICKNAMES | P::MODERATE_MEMBERS).await;
        allowed(&s, Method::PATCH, &bob, Some(json!({ "nick": "b" }))).await;
        forbidden(
            &s,
            Method::PATCH,
            &format!("/guilds/{GUILD}/members/{ALICE}"),
            Some(json!({ "nick": "a" })),
            50013,
        )
        .await;
        let until = (twilight_model::Timestamp::from_secs(4_000_000_000))
            .iso_8601()
            .to_string();
        allowed(
            &s,
            Method::PATCH,
            &bob,
            Some(json!({ "communication_disabled_until": until })),
        )
        .await;
    })
    .await;
}

#[tokio::test]
async fn webhooks_pins_and_threads_need_their_permissions() {
    bounded(async {
        let s = server(P::empty()).await;
        forbidden(
            &s,
            Method::POST,
            &format!("/channels/{TEXT}/webhooks"),
            Some(json!({ "name": "h" })),
            50013,
        )
        .await;
        forbidden(
            &s,
            Method::GET,
            &format!("/channels/{TEXT}/webhooks"),
            None,
            50013,
        )
        .await;
        let m = s
            .ctx
            .user_message(TEXT, ALICE, &json!({ "content": "x" }))
            .unwrap();
        let id = m["id"].as_str().unwrap();
        forbidden(
            &s,
            Method::PUT,
            &format!("/channels/{TEXT}/messages/pins/{id}"),
            None,
            50013,
        )
        .await;
        forbidden(
            &s,
            Method::POST,
            &format!("/channels/{TEXT}/threads"),
            Some(json!({ "name": "t", "type": 11 })),
            50013,
        )
        .await;
        forbidden(
            &s,
            Method::POST,
            &format!("/channels/{TEXT}/messages/{id}/threads"),
            Some(json!({ "name": "t" })),
            50013,
        )
        .await;
        let s = server(P::MANAGE_WEBHOOKS | P::PIN_MESSAGES | P::CREATE_PUBLIC_THREADS).await;
        let hook = allowed(
            &s,
            Method::POST,
            &format!("/channels/{TEXT}/webhooks"),
            Some(json!({ "name": "h" })),
        )
        .await;
        allowed(
            &s,
            Method::DELETE,
            &format!("/webhooks/{}", hook["id"].as_str().unwrap()),
            None,
        )
        .await;
        let m = s
            .ctx
            .user_message(TEXT, ALICE, &json!({ "content": "x" }))
            .unwrap();
        let id = m["id"].as_str().unwrap();
        allowed(
            &s,
            Method::PUT,
            &format!("/channels/{TEXT}/messages/pins/{id}"),
            None,
        )
        .await;
        allowed(
            &s,
            Method::POST,
            &format!("/channels/{TEXT}/threads"),
            Some(json!({ "name": "t", "type": 11 })),
        )
        .await;
    })
    .await;
}

#[tokio::test]
async fn emojis_invites_and_audit_log_need_their_permissions() {
    bounded(async {
        let png = "data:image/png;base64,iVBORw0KGgo=";
        let s = server(P::empty()).await;
        let emojis = format!("/guilds/{GUILD}/emojis");
        forbidden(
            &s,
            Method::POST,
            &emojis,
            Some(json!({ "name": "e1", "image": png })),
            50013,
        )
        .await;
        forbidden(
            &s,
            Method::GET,
            &format!("/guilds/{GUILD}/audit-logs"),
            None,
            50013,
        )
        .await;
        forbidden(
            &s,
            Method::POST,
            &format!("/channels/{TEXT}/invites"),
            Some(json!({})),
            50013,
        )
        .await;
        let s = server(P::CREATE_GUILD_EXPRESSIONS | P::VIEW_AUDIT_LOG | P::CREATE_INSTANT_INVITE)
            .await;
        let emoji = allowed(
            &s,
            Method::POST,
            &emojis,
            Some(json!({ "name": "e1", "image": png })),
        )
        .await;
        // Its own emoji may be deleted with CREATE_GUILD_EXPRESSIONS.
        allowed(
            &s,
            Method::DELETE,
            &format!("{emojis}/{}", emoji["id"].as_str().unwrap()),
            None,
        )
        .await;
        let invite = allowed(
            &s,
            Method::POST,
            &format!("/channels/{TEXT}/invites"),
            Some(json!({})),
        )
        .await;
        // Deleting needs MANAGE_CHANNELS or MANAGE_GUILD.
        forbidden(
            &s,
            Method::DELETE,
            &format!("/invites/{}", invite["code"].as_str().unwrap()),
            None,
            50013,
        )
        .await;
        allowed(
            &s,
            Method::GET,
            &format!("/guilds/{GUILD}/audit-logs"),
            None,
        )
        .await;
    })
    .await;
}

#[tokio::test]
async fn overwrites_are_edited_with_manage_roles() {
    bounded(async {
        let s = server(P::empty()).await;
        let path = format!("/channels/{TEXT}/permissions/{GUILD}");
        let deny_send = json!({ "type": 0, "deny": P::SEND_MESSAGES.bits().to_string() });
        forbidden(&s, Method::PUT, &path, Some(deny_send.clone()), 50013).await;
        let s = server(P::MANAGE_ROLES).await;
        // Only permissions the bot has may be set.
        forbidden(
            &s,
            Method::PUT,
            &path,
            Some(json!({ "type": 0, "allow": P::BAN_MEMBERS.bits().to_string() })),
            50013,
        )
        .await;
        allowed(&s, Method::PUT, &path, Some(deny_send)).await;
        let channel = allowed(&s, Method::GET, &format!("/channels/{TEXT}"), None).await;
        assert_eq!(
            channel["permission_overwrites"],
            json!([{ "id": GUILD.to_string(), "type": 0, "allow": "0", "deny": P::SEND_MESSAGES.bits().to_string() }])
        );
        assert_eq!(s.sink.named("CHANNEL_UPDATE").len(), 1);
        forbidden(&s, Method::POST, &format!("/channels/{TEXT}/messages"), Some(json!({ "content": "hi" })), 50013).await;
        allowed(&s, Method::DELETE, &path, None).await;
        allowed(&s, Method::POST, &format!("/channels/{TEXT}/messages"), Some(json!({ "content": "hi" }))).await;
        let bad = s.api(Method::PUT, &path, Some(json!({ "type": 7 }))).await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    })
    .await;
}
