//! Permission checks of the REST routes: a bot that is not the guild owner
//! gets Discord's 403s (50013 Missing Permissions, 50001 Missing Access),
//! which count as invalid requests.

mod rest_common;

use hyper::{Method, StatusCode};
use rest_common::{Server, bounded, config, start_with};
use serde_json::{Value, json};
use twilight_mock::MockConfig;
use twilight_mock::fixtures::{
    FixtureChannel, FixtureGuild, FixtureMember, FixtureRole, FixtureUser, Fixtures,
};
use twilight_model::id::Id;
use twilight_model::permissions::Permissions as P;

const GUILD: u64 = 1_000_000_000_000_001_000;
const BOT_ROLE: u64 = 1_000_000_000_000_001_002;
const HIGH_ROLE: u64 = 1_000_000_000_000_001_005;
const LOW_ROLE: u64 = 1_000_000_000_000_001_001;
const TEXT: u64 = 1_000_000_000_000_002_001;
const THREAD: u64 = 1_000_000_000_000_002_003;
const ALICE: u64 = 1_000_000_000_000_000_100;
const BOB: u64 = 1_000_000_000_000_000_200;
const BOT: u64 = 1_000_000_000_000_000_001;

fn role(id: u64, name: &str, permissions: P, position: i64) -> FixtureRole {
    FixtureRole {
        id: Id::new(id),
        name: name.to_owned(),
        permissions: permissions.bits().to_string(),
        position,
        color: 0,
        hoist: false,
        mentionable: false,
    }
}

fn user(id: u64, name: &str) -> FixtureUser {
    FixtureUser {
        id: Id::new(id),
        username: name.to_owned(),
        global_name: None,
        avatar: None,
        bot: false,
    }
}

fn member(id: u64, roles: &[u64]) -> FixtureMember {
    FixtureMember {
        user_id: Id::new(id),
        nick: None,
        roles: roles.iter().map(|r| Id::new(*r)).collect(),
        status: "online".to_owned(),
    }
}

/// A guild owned by alice (above the bot) where bob is below the bot, and
/// `@everyone` may view, send and read history. The bot has a role at
/// position 2 with `bot` permissions.
fn fixtures(bot: P) -> Fixtures {
    let channel = |id: u64, kind: u8, name: &str, parent: Option<u64>| FixtureChannel {
        id: Id::new(id),
        kind,
        name: name.to_owned(),
        position: 0,
        parent_id: parent.map(Id::new),
        topic: None,
        owner_id: Some(Id::new(ALICE)),
    };
    Fixtures {
        users: vec![user(ALICE, "alice"), user(BOB, "bob")],
        guilds: vec![FixtureGuild {
            id: Id::new(GUILD),
            name: "perms".to_owned(),
            owner_id: Some(Id::new(ALICE)),
            roles: vec![
                role(
                    GUILD,
                    "@everyone",
                    P::VIEW_CHANNEL | P::SEND_MESSAGES | P::READ_MESSAGE_HISTORY,
                    0,
                ),
                role(LOW_ROLE, "low", P::empty(), 1),
                role(BOT_ROLE, "bot", bot, 2),
                role(HIGH_ROLE, "high", P::empty(), 5),
            ],
            channels: vec![
                channel(TEXT, 0, "general", None),
                channel(THREAD, 11, "a thread", Some(TEXT)),
            ],
            members: vec![
                member(ALICE, &[HIGH_ROLE]),
                member(BOB, &[LOW_ROLE]),
                member(BOT, &[BOT_ROLE]),
            ],
        }],
        ..Fixtures::default()
    }
}

async fn server(bot: P) -> Server {
    let s = start_with(MockConfig {
        fixtures: fixtures(bot),
        ..config()
    })
    .await;
    // These tests are about permissions, not route limits.
    for group in [
        "reactions",
        "messages.create",
        "messages.delete",
        "guild.members.modify",
    ] {
        s.ctx
            .set_route_limit(group, 1000, std::time::Duration::from_secs(1));
    }
    s
}

/// Asserts Discord's 403 with `code`, and that it counted as invalid.
async fn forbidden(s: &Server, method: Method, path: &str, body: Option<Value>, code: u64) {
    let before = s.ctx.stats().invalid_total;
    let r = s.api(method.clone(), path, body).await;
    assert_eq!(
        r.status,
        StatusCode::FORBIDDEN,
        "{method} {path}: {}",
        r.body
    );
    let message = if code == 50001 {
        "Missing Access"
    } else {
        "Missing Permissions"
    };
    assert_eq!(
        r.body,
        json!({ "message": message, "code": code }),
        "{method} {path}"
    );
    assert_eq!(s.ctx.stats().invalid_total, before + 1);
}

async fn allowed(s: &Server, method: Method, path: &str, body: Option<Value>) -> Value {
    let r = s.api(method.clone(), path, body).await;
    assert!(
        r.status.is_success(),
        "{method} {path}: {} {}",
        r.status,
        r.body
    );
    r.body
}

fn set_overwrites(s: &Server, channel: u64, overwrites: &Value) {
    s.ctx
        .state()
        .modify_channel(
            channel,
            &json!({ "permission_overwrites": overwrites }),
            &mut Vec::new(),
        )
        .unwrap();
}

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
