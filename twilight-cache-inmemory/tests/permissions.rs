//! Permission cases from topics/permissions.mdx, computed from the cache.

mod common;

use common::*;
use serde_json::json;
use twilight_cache_inmemory::InMemoryCache;
use twilight_cache_inmemory::permission::{PermissionCalculator, PermissionError};
use twilight_model::Timestamp;
use twilight_model::channel::ChannelType;
use twilight_model::id::Id;
use twilight_model::permissions::Permissions as P;

const ROLE_A: u64 = 10;
const ROLE_B: u64 = 11;
const ADMIN: u64 = 12;
const TEXT: u64 = 20;
const VOICE: u64 = 21;
const COOLSTUFF: u64 = 22;
const SECRET: u64 = 23;
const THREAD: u64 = 30;

fn base() -> P {
    P::VIEW_CHANNEL | P::SEND_MESSAGES | P::READ_MESSAGE_HISTORY
}

fn cache() -> InMemoryCache {
    let cache = InMemoryCache::new();
    let everyone = GUILD;
    feed(
        &cache,
        "GUILD_CREATE",
        &guild(
            GUILD,
            vec![
                member(OWNER, &[]),
                member(2, &[ROLE_A, ROLE_B]),
                member(3, &[ADMIN]),
                member(4, &[ROLE_A]),
                member(5, &[]),
            ],
            vec![
                role(ROLE_A, P::KICK_MEMBERS.bits()),
                role(ROLE_B, P::ATTACH_FILES.bits() | P::EMBED_LINKS.bits()),
                role(ADMIN, P::ADMINISTRATOR.bits()),
            ],
            vec![
                // @everyone may not send; role A may; member 4 may not.
                channel(
                    TEXT,
                    0,
                    vec![
                        overwrite(everyone, 0, 0, P::SEND_MESSAGES.bits()),
                        overwrite(ROLE_A, 0, P::SEND_MESSAGES.bits(), 0),
                        overwrite(4, 1, 0, P::SEND_MESSAGES.bits()),
                    ],
                ),
                channel(
                    VOICE,
                    2,
                    vec![overwrite(everyone, 0, P::SPEAK.bits(), P::CONNECT.bits())],
                ),
                // The documentation's example: role A denies VIEW_CHANNEL,
                // role B allows it; the member with both can view.
                channel(
                    COOLSTUFF,
                    0,
                    vec![
                        overwrite(ROLE_A, 0, 0, P::VIEW_CHANNEL.bits()),
                        overwrite(ROLE_B, 0, P::VIEW_CHANNEL.bits(), 0),
                    ],
                ),
                channel(
                    SECRET,
                    0,
                    vec![overwrite(everyone, 0, 0, P::VIEW_CHANNEL.bits())],
                ),
            ],
        ),
    );
    feed(&cache, "THREAD_CREATE", &thread(THREAD, TEXT));
    cache
}

fn at() -> Timestamp {
    Timestamp::parse("2025-01-01T00:00:00+00:00").unwrap()
}

#[test]
fn guild_level_everyone_plus_roles() {
    let cache = cache();
    let permissions = cache.permissions().at(at());
    assert_eq!(
        permissions.root(Id::new(5), Id::new(GUILD)).unwrap(),
        base()
    );
    assert_eq!(
        permissions.root(Id::new(2), Id::new(GUILD)).unwrap(),
        base() | P::KICK_MEMBERS | P::ATTACH_FILES | P::EMBED_LINKS
    );
}

#[test]
fn owner_and_administrator_have_everything() {
    let cache = cache();
    let permissions = cache.permissions().at(at());
    for user in [OWNER, 3] {
        assert_eq!(
            permissions.root(Id::new(user), Id::new(GUILD)).unwrap(),
            P::all()
        );
        // ADMINISTRATOR overrides any overwrite, even a hidden channel.
        assert_eq!(
            permissions
                .in_channel(Id::new(user), Id::new(SECRET))
                .unwrap(),
            P::all()
        );
    }
}

#[test]
fn overwrites_apply_everyone_then_roles_then_member() {
    let cache = cache();
    let permissions = cache.permissions().at(at());
    // @everyone deny.
    let five = permissions.in_channel(Id::new(5), Id::new(TEXT)).unwrap();
    assert!(!five.contains(P::SEND_MESSAGES));
    assert!(five.contains(P::VIEW_CHANNEL));
    // Role allow beats the @everyone deny.
    assert!(
        permissions
            .in_channel(Id::new(2), Id::new(TEXT))
            .unwrap()
            .contains(P::SEND_MESSAGES)
    );
    // Member deny beats the role allow.
    assert!(
        !permissions
            .in_channel(Id::new(4), Id::new(TEXT))
            .unwrap()
            .contains(P::SEND_MESSAGES)
    );
}

#[test]
fn role_overwrites_combine_allow_over_deny() {
    let cache = cache();
    let permissions = cache.permissions().at(at());
    assert!(
        permissions
            .in_channel(Id::new(2), Id::new(COOLSTUFF))
            .unwrap()
            .contains(P::VIEW_CHANNEL)
    );
    assert_eq!(
        permissions
            .in_channel(Id::new(4), Id::new(COOLSTUFF))
            .unwrap(),
        P::empty()
    );
}

#[test]
fn no_view_channel_means_nothing() {
    let cache = cache();
    let permissions = cache.permissions().at(at());
    assert_eq!(
        permissions.in_channel(Id::new(2), Id::new(SECRET)).unwrap(),
        P::empty()
    );
}

#[test]
fn no_send_messages_drops_what_depends_on_it() {
    let cache = cache();
    // Member 2 has ATTACH_FILES and EMBED_LINKS from role B. Give them a
    // channel where sending is denied to them.
    let mut denied = channel(24, 0, vec![overwrite(2, 1, 0, P::SEND_MESSAGES.bits())]);
    denied["guild_id"] = json!(GUILD.to_string());
    feed(&cache, "CHANNEL_CREATE", &denied);
    let permissions = cache
        .permissions()
        .at(at())
        .in_channel(Id::new(2), Id::new(24))
        .unwrap();
    assert!(
        !permissions
            .intersects(P::SEND_MESSAGES | P::ATTACH_FILES | P::EMBED_LINKS | P::MENTION_EVERYONE)
    );
    assert!(permissions.contains(P::VIEW_CHANNEL | P::KICK_MEMBERS));
}

#[test]
fn no_connect_drops_voice_permissions() {
    let cache = cache();
    let permissions = cache
        .permissions()
        .at(at())
        .in_channel(Id::new(5), Id::new(VOICE))
        .unwrap();
    assert!(!permissions.intersects(P::CONNECT | P::SPEAK));
    assert!(permissions.contains(P::VIEW_CHANNEL));
}

#[test]
fn threads_use_the_parent_overwrites_and_send_in_threads() {
    let cache = cache();
    let permissions = cache.permissions().at(at());
    // The parent's @everyone deny of SEND_MESSAGES does not matter in a
    // thread: sending there needs SEND_MESSAGES_IN_THREADS, which nobody has.
    let two = permissions.in_channel(Id::new(2), Id::new(THREAD)).unwrap();
    assert!(two.contains(P::VIEW_CHANNEL));
    assert!(!two.contains(P::SEND_MESSAGES));
    // Give @everyone SEND_MESSAGES_IN_THREADS.
    let mut everyone = role(GUILD, (base() | P::SEND_MESSAGES_IN_THREADS).bits());
    everyone["id"] = json!(GUILD.to_string());
    feed(
        &cache,
        "GUILD_ROLE_UPDATE",
        &json!({"guild_id": GUILD.to_string(), "role": everyone}),
    );
    let five = cache
        .permissions()
        .at(at())
        .in_channel(Id::new(5), Id::new(THREAD))
        .unwrap();
    assert!(
        five.contains(P::SEND_MESSAGES),
        "allowed in the thread though denied in the parent"
    );
}

#[test]
fn timed_out_members_keep_view_and_history_only() {
    let cache = cache();
    let mut update = member(2, &[ROLE_A, ROLE_B]);
    update["guild_id"] = json!(GUILD.to_string());
    update["communication_disabled_until"] = json!("2025-01-02T00:00:00.000000+00:00");
    feed(&cache, "GUILD_MEMBER_UPDATE", &update);
    let during = cache.permissions().at(at());
    assert_eq!(
        during.root(Id::new(2), Id::new(GUILD)).unwrap(),
        P::VIEW_CHANNEL | P::READ_MESSAGE_HISTORY
    );
    assert_eq!(
        during.in_channel(Id::new(2), Id::new(TEXT)).unwrap(),
        P::VIEW_CHANNEL | P::READ_MESSAGE_HISTORY
    );
    // After the timeout ends, everything is back.
    let after = cache
        .permissions()
        .at(Timestamp::parse("2025-02-01T00:00:00+00:00").unwrap());
    assert!(
        after
            .root(Id::new(2), Id::new(GUILD))
            .unwrap()
            .contains(P::KICK_MEMBERS)
    );
    // Administrators are exempt.
    let mut admin = member(3, &[ADMIN]);
    admin["guild_id"] = json!(GUILD.to_string());
    admin["communication_disabled_until"] = json!("2025-01-02T00:00:00.000000+00:00");
    feed(&cache, "GUILD_MEMBER_UPDATE", &admin);
    assert_eq!(during.root(Id::new(3), Id::new(GUILD)).unwrap(), P::all());
}

#[test]
fn missing_data_is_a_typed_error() {
    let cache = cache();
    let permissions = cache.permissions().at(at());
    assert_eq!(
        permissions.in_channel(Id::new(2), Id::new(999)),
        Err(PermissionError::ChannelMissing {
            channel_id: Id::new(999)
        })
    );
    assert_eq!(
        permissions.root(Id::new(99), Id::new(GUILD)),
        Err(PermissionError::MemberMissing {
            guild_id: Id::new(GUILD),
            user_id: Id::new(99)
        })
    );
    assert_eq!(
        permissions.root(Id::new(2), Id::new(7)),
        Err(PermissionError::GuildMissing {
            guild_id: Id::new(7)
        })
    );
    let error = permissions.root(Id::new(99), Id::new(GUILD)).unwrap_err();
    assert_eq!(error.to_string(), "member 99 of guild 100 is not cached");
    let mut orphan = thread(31, 777);
    orphan["guild_id"] = json!(GUILD.to_string());
    feed(&cache, "THREAD_CREATE", &orphan);
    assert_eq!(
        permissions.in_channel(Id::new(2), Id::new(31)),
        Err(PermissionError::ParentChannelMissing {
            thread_id: Id::new(31)
        })
    );
}

#[test]
fn calculator_without_a_cache() {
    let roles = [(Id::new(ROLE_A), P::MANAGE_MESSAGES)];
    let calculator = PermissionCalculator::new(Id::new(GUILD), Id::new(2), base(), &roles);
    assert_eq!(calculator.root(), base() | P::MANAGE_MESSAGES);
    assert_eq!(
        calculator.in_channel(ChannelType::GuildText, &[]),
        base() | P::MANAGE_MESSAGES
    );
    assert_eq!(calculator.owner_id(Id::new(2)).root(), P::all());
}
