//! The world of the permission tests: a guild owned by alice, where the
//! bot's role sits between bob's and alice's, and the assertions of a 403
//! and of an allowed request.

use super::{Server, config, start_with};
use hyper::{Method, StatusCode};
use serde_json::{Value, json};
use twilight_mock::MockConfig;
use twilight_mock::fixtures::{
    FixtureChannel, FixtureGuild, FixtureMember, FixtureRole, FixtureUser, Fixtures,
};
use twilight_model::channel::ChannelType;
use twilight_model::id::Id;
use twilight_model::permissions::Permissions as P;

pub const GUILD: u64 = 1_000_000_000_000_001_000;
pub const BOT_ROLE: u64 = 1_000_000_000_000_001_002;
pub const HIGH_ROLE: u64 = 1_000_000_000_000_001_005;
pub const LOW_ROLE: u64 = 1_000_000_000_000_001_001;
pub const TEXT: u64 = 1_000_000_000_000_002_001;
pub const THREAD: u64 = 1_000_000_000_000_002_003;
pub const ALICE: u64 = 1_000_000_000_000_000_100;
pub const BOB: u64 = 1_000_000_000_000_000_200;
pub const BOT: u64 = 1_000_000_000_000_000_001;

pub fn role(id: u64, name: &str, permissions: P, position: i64) -> FixtureRole {
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

pub fn user(id: u64, name: &str) -> FixtureUser {
    FixtureUser {
        id: Id::new(id),
        username: name.to_owned(),
        global_name: None,
        avatar: None,
        bot: false,
    }
}

pub fn member(id: u64, roles: &[u64]) -> FixtureMember {
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
pub fn fixtures(bot: P) -> Fixtures {
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
                channel(TEXT, ChannelType::GuildText.value(), "general", None),
                channel(
                    THREAD,
                    ChannelType::PublicThread.value(),
                    "a thread",
                    Some(TEXT),
                ),
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

pub async fn server(bot: P) -> Server {
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
pub async fn forbidden(s: &Server, method: Method, path: &str, body: Option<Value>, code: u64) {
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

pub async fn allowed(s: &Server, method: Method, path: &str, body: Option<Value>) -> Value {
    let r = s.api(method.clone(), path, body).await;
    assert!(
        r.status.is_success(),
        "{method} {path}: {} {}",
        r.status,
        r.body
    );
    r.body
}

pub fn set_overwrites(s: &Server, channel: u64, overwrites: &Value) {
    s.ctx
        .state()
        .modify_channel(
            channel,
            &json!({ "permission_overwrites": overwrites }),
            &mut Vec::new(),
        )
        .unwrap();
}
