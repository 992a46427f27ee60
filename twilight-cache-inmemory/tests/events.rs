//! Event sequences produce the documented cache state.

mod common;

use common::*;
use serde_json::json;
use twilight_cache_inmemory::{InMemoryCache, ResourceType};
use twilight_model::id::Id;

fn cache_with_guild() -> InMemoryCache {
    let cache = InMemoryCache::new();
    feed(
        &cache,
        "GUILD_CREATE",
        &guild(
            GUILD,
            vec![member(1, &[]), member(2, &[10]), member(3, &[])],
            vec![role(10, 0)],
            vec![channel(20, 0, vec![]), channel(21, 2, vec![])],
        ),
    );
    cache
}

#[test]
fn guild_create_fills_every_resource() {
    let cache = cache_with_guild();
    let guild = cache.guild(Id::new(GUILD)).expect("guild cached");
    assert_eq!(&*guild.name, "guild100");
    assert_eq!(guild.member_count, Some(3));
    drop(guild);
    assert_eq!(cache.guild_members(Id::new(GUILD)).unwrap().len(), 3);
    assert_eq!(
        &*cache.member(Id::new(GUILD), Id::new(2)).unwrap().roles,
        &[Id::new(10)]
    );
    assert_eq!(&*cache.user(Id::new(2)).unwrap().name, "user2");
    assert_eq!(cache.guild_roles(Id::new(GUILD)).unwrap().len(), 2);
    assert_eq!(cache.guild_channels(Id::new(GUILD)).unwrap().len(), 2);
    // GUILD_CREATE's channels lack guild_id; the cache fills it in.
    assert_eq!(
        cache.channel(Id::new(20)).unwrap().guild_id,
        Some(Id::new(GUILD))
    );
    let presence = cache.presence(Id::new(GUILD), Id::new(3)).unwrap();
    assert_eq!(presence.activities.len(), 1);
    assert_eq!(
        presence
            .client_status()
            .desktop
            .map(|s| s.to_string())
            .as_deref(),
        Some("online")
    );
    drop(presence);
    let emoji = cache.emoji(Id::new(GUILD), Id::new(900)).unwrap();
    assert_eq!(emoji.user_id, Some(Id::new(OWNER)));
    drop(emoji);
    let stats = cache.stats();
    assert_eq!(
        (stats.guilds, stats.members, stats.users, stats.presences),
        (1, 3, 3, 3)
    );
    assert!(stats.total_bytes() > 0);
}

#[test]
fn member_add_update_remove() {
    let cache = cache_with_guild();
    let mut added = member(4, &[]);
    added["guild_id"] = json!(GUILD.to_string());
    feed(&cache, "GUILD_MEMBER_ADD", &added);
    assert!(cache.member(Id::new(GUILD), Id::new(4)).is_some());
    assert_eq!(cache.guild(Id::new(GUILD)).unwrap().member_count, Some(4));

    let mut update = member(4, &[10]);
    update["guild_id"] = json!(GUILD.to_string());
    update["nick"] = json!("four");
    update["user"]["username"] = json!("renamed");
    update["communication_disabled_until"] = json!("2030-01-01T00:00:00.000000+00:00");
    feed(&cache, "GUILD_MEMBER_UPDATE", &update);
    let cached = cache.member(Id::new(GUILD), Id::new(4)).unwrap();
    assert_eq!(cached.nick.as_deref(), Some("four"));
    assert_eq!(&*cached.roles, &[Id::new(10)]);
    assert!(cached.communication_disabled_until().is_some());
    drop(cached);
    assert_eq!(&*cache.user(Id::new(4)).unwrap().name, "renamed");

    feed(
        &cache,
        "GUILD_MEMBER_REMOVE",
        &json!({"guild_id": GUILD.to_string(), "user": user(4)}),
    );
    assert!(cache.member(Id::new(GUILD), Id::new(4)).is_none());
    assert!(
        cache.user(Id::new(4)).is_none(),
        "no other guild shares the user"
    );
    assert_eq!(cache.guild(Id::new(GUILD)).unwrap().member_count, Some(3));
}

fn shared_guilds(cache: &InMemoryCache, user: u64) -> Option<Vec<u64>> {
    cache
        .user_guilds(Id::new(user))
        .map(|guilds| guilds.iter().map(Id::get).collect())
}

#[test]
fn the_cache_knows_which_guilds_a_user_shares_with_the_bot() {
    let cache = cache_with_guild();
    feed(
        &cache,
        "GUILD_CREATE",
        &guild(200, vec![member(2, &[]), member(5, &[])], vec![], vec![]),
    );
    let mut added = member(2, &[]);
    added["guild_id"] = json!("300");
    feed(
        &cache,
        "GUILD_CREATE",
        &guild(300, vec![member(6, &[])], vec![], vec![]),
    );
    feed(&cache, "GUILD_MEMBER_ADD", &added);
    // An update of a known member is not a second membership.
    feed(&cache, "GUILD_MEMBER_UPDATE", &added);
    assert_eq!(shared_guilds(&cache, 2), Some(vec![GUILD, 200, 300]));
    assert_eq!(shared_guilds(&cache, 5), Some(vec![200]));
    assert_eq!(cache.user_guilds(Id::new(2)).unwrap().len(), 3);
    assert!(
        cache
            .user_guilds(Id::new(2))
            .unwrap()
            .contains(Id::new(200))
    );

    feed(
        &cache,
        "GUILD_MEMBER_REMOVE",
        &json!({"guild_id": GUILD.to_string(), "user": user(2)}),
    );
    assert_eq!(shared_guilds(&cache, 2), Some(vec![200, 300]));
    feed(&cache, "GUILD_DELETE", &json!({"id": "200"}));
    assert_eq!(shared_guilds(&cache, 2), Some(vec![300]));
    assert_eq!(shared_guilds(&cache, 5), None, "user 5 left with guild 200");

    // A message's author who is no cached member shares no guild.
    feed(&cache, "MESSAGE_CREATE", &message(500, 20, 7));
    assert_eq!(shared_guilds(&cache, 7), Some(vec![]));
    assert!(cache.user_guilds(Id::new(7)).unwrap().is_empty());
}

#[test]
fn users_are_shared_and_released_with_the_last_reference() {
    let cache = cache_with_guild();
    feed(
        &cache,
        "GUILD_CREATE",
        &guild(200, vec![member(2, &[]), member(5, &[])], vec![], vec![]),
    );
    assert_eq!(cache.stats().users, 4, "user 2 is stored once");

    // User 2 leaves guild 100 but is still in guild 200.
    feed(
        &cache,
        "GUILD_MEMBER_REMOVE",
        &json!({"guild_id": GUILD.to_string(), "user": user(2)}),
    );
    assert!(cache.user(Id::new(2)).is_some());
    // The bot leaves guild 200: user 2 and 5 go, with the members.
    feed(&cache, "GUILD_DELETE", &json!({"id": "200"}));
    assert!(cache.user(Id::new(2)).is_none());
    assert!(cache.user(Id::new(5)).is_none());
    assert!(cache.guild(Id::new(200)).is_none());

    // A message keeps its author alive until it is deleted.
    feed(&cache, "MESSAGE_CREATE", &message(500, 20, 3));
    feed(
        &cache,
        "GUILD_MEMBER_REMOVE",
        &json!({"guild_id": GUILD.to_string(), "user": user(3)}),
    );
    assert!(cache.user(Id::new(3)).is_some());
    feed(
        &cache,
        "MESSAGE_DELETE",
        &json!({"id": "500", "channel_id": "20", "guild_id": GUILD.to_string()}),
    );
    assert!(cache.user(Id::new(3)).is_none());

    // Leaving the last guild leaves no user behind.
    feed(
        &cache,
        "GUILD_DELETE",
        &json!({"id": GUILD.to_string(), "unavailable": false}),
    );
    let stats = cache.stats();
    assert_eq!(
        (stats.users, stats.members, stats.presences, stats.channels),
        (0, 0, 0, 0)
    );
}

#[test]
fn unavailable_guild_is_marked_not_removed() {
    let cache = cache_with_guild();
    feed(
        &cache,
        "GUILD_DELETE",
        &json!({"id": GUILD.to_string(), "unavailable": true}),
    );
    assert!(cache.is_guild_unavailable(Id::new(GUILD)));
    assert!(cache.guild(Id::new(GUILD)).unwrap().unavailable);
    assert_eq!(
        cache.guild_members(Id::new(GUILD)).unwrap().len(),
        3,
        "data kept"
    );

    // Available again: replaced whole, so a member who left meanwhile goes.
    feed(
        &cache,
        "GUILD_CREATE",
        &guild(GUILD, vec![member(1, &[])], vec![], vec![]),
    );
    assert!(!cache.is_guild_unavailable(Id::new(GUILD)));
    assert_eq!(cache.guild_members(Id::new(GUILD)).unwrap().len(), 1);
    assert!(cache.user(Id::new(2)).is_none());

    // READY and unavailable GUILD_CREATE mark guilds the cache never saw.
    feed(
        &cache,
        "GUILD_CREATE",
        &json!({"id": "300", "unavailable": true}),
    );
    assert!(cache.is_guild_unavailable(Id::new(300)));
    assert!(cache.guild(Id::new(300)).is_none());
}

#[test]
fn members_chunk_adds_members_and_presences() {
    let cache = cache_with_guild();
    feed(
        &cache,
        "GUILD_MEMBERS_CHUNK",
        &json!({"guild_id": GUILD.to_string(), "members": [member(7, &[]), member(8, &[]), member(1, &[10])],
                "chunk_index": 0, "chunk_count": 1, "presences": [presence(7, "idle")]}),
    );
    assert_eq!(cache.guild_members(Id::new(GUILD)).unwrap().len(), 5);
    assert_eq!(cache.stats().users, 5);
    assert_eq!(
        &*cache.member(Id::new(GUILD), Id::new(1)).unwrap().roles,
        &[Id::new(10)]
    );
    assert_eq!(
        cache
            .presence(Id::new(GUILD), Id::new(7))
            .unwrap()
            .status()
            .to_string(),
        "idle"
    );
}

#[test]
fn guild_update_keeps_create_only_fields() {
    let cache = cache_with_guild();
    let mut update = guild(GUILD, vec![], vec![role(11, 8)], vec![]);
    update["name"] = json!("renamed");
    for field in [
        "joined_at",
        "large",
        "member_count",
        "members",
        "channels",
        "presences",
    ] {
        update.as_object_mut().unwrap().remove(field);
    }
    feed(&cache, "GUILD_UPDATE", &update);
    let guild = cache.guild(Id::new(GUILD)).unwrap();
    assert_eq!(&*guild.name, "renamed");
    assert_eq!(guild.member_count, Some(3));
    assert!(guild.joined_at.is_some());
    drop(guild);
    assert!(cache.role(Id::new(GUILD), Id::new(11)).is_some());
    assert!(cache.role(Id::new(GUILD), Id::new(10)).is_none());
}

#[test]
fn roles_channels_and_threads() {
    let cache = cache_with_guild();
    let gid = GUILD.to_string();
    feed(
        &cache,
        "GUILD_ROLE_CREATE",
        &json!({"guild_id": gid, "role": role(12, 8)}),
    );
    assert!(cache.role(Id::new(GUILD), Id::new(12)).is_some());
    feed(
        &cache,
        "GUILD_ROLE_DELETE",
        &json!({"guild_id": gid, "role_id": "12"}),
    );
    assert!(cache.role(Id::new(GUILD), Id::new(12)).is_none());

    let mut created = channel(22, 0, vec![]);
    created["guild_id"] = json!(gid);
    feed(&cache, "CHANNEL_CREATE", &created);
    created["name"] = json!("renamed");
    feed(&cache, "CHANNEL_UPDATE", &created);
    assert_eq!(
        cache.channel(Id::new(22)).unwrap().name.as_deref(),
        Some("renamed")
    );
    feed(&cache, "MESSAGE_CREATE", &message(600, 22, 1));
    feed(&cache, "CHANNEL_DELETE", &created);
    assert!(cache.channel(Id::new(22)).is_none());
    assert!(
        cache.message(Id::new(600)).is_none(),
        "its messages go with it"
    );
    assert!(
        !cache
            .guild_channels(Id::new(GUILD))
            .unwrap()
            .contains(&Id::new(22))
    );

    feed(&cache, "THREAD_CREATE", &thread(30, 20));
    feed(&cache, "THREAD_CREATE", &thread(31, 20));
    feed(&cache, "THREAD_CREATE", &thread(32, 21));
    feed(
        &cache,
        "THREAD_MEMBERS_UPDATE",
        &json!({"id": "30", "guild_id": gid, "member_count": 7}),
    );
    assert_eq!(cache.channel(Id::new(30)).unwrap().member_count(), Some(7));
    feed(
        &cache,
        "THREAD_DELETE",
        &json!({"id": "31", "guild_id": gid, "parent_id": "20", "type": 11}),
    );
    assert!(cache.channel(Id::new(31)).is_none());
}

#[test]
fn thread_list_sync_replaces_threads_of_synced_parents() {
    let cache = cache_with_guild();
    let gid = GUILD.to_string();
    feed(&cache, "THREAD_CREATE", &thread(30, 20));
    feed(&cache, "THREAD_CREATE", &thread(31, 20));
    feed(&cache, "THREAD_CREATE", &thread(32, 21));
    // Channel 20 synced: thread 31 is listed, 30 is no longer active.
    // Thread 32's parent was not synced: it stays.
    feed(
        &cache,
        "THREAD_LIST_SYNC",
        &json!({"guild_id": gid, "channel_ids": ["20"], "threads": [thread(31, 20), thread(33, 20)],
                "members": [{"id": "31", "user_id": "1", "join_timestamp": "2021-01-01T00:00:00.000000+00:00", "flags": 0}]}),
    );
    assert!(cache.channel(Id::new(30)).is_none());
    assert!(
        cache
            .channel(Id::new(31))
            .unwrap()
            .thread_member()
            .is_some()
    );
    assert!(cache.channel(Id::new(32)).is_some());
    assert!(cache.channel(Id::new(33)).is_some());
    // Without channel_ids the whole guild is synced.
    feed(
        &cache,
        "THREAD_LIST_SYNC",
        &json!({"guild_id": gid, "threads": [], "members": []}),
    );
    for id in [31, 32, 33] {
        assert!(cache.channel(Id::new(id)).is_none());
    }
    assert!(
        cache.channel(Id::new(20)).is_some(),
        "channels are not threads"
    );
}

#[test]
fn messages_are_bounded_per_channel() {
    let cache = InMemoryCache::builder().message_cache_size(2).build();
    feed(
        &cache,
        "GUILD_CREATE",
        &guild(
            GUILD,
            vec![member(1, &[])],
            vec![],
            vec![channel(20, 0, vec![])],
        ),
    );
    for id in 1..=3 {
        feed(&cache, "MESSAGE_CREATE", &message(id, 20, 9));
    }
    assert!(cache.message(Id::new(1)).is_none(), "the oldest goes first");
    let ids: Vec<_> = cache
        .channel_messages(Id::new(20))
        .unwrap()
        .iter()
        .copied()
        .collect();
    assert_eq!(ids, [Id::new(3), Id::new(2)]);
    assert_eq!(cache.message(Id::new(3)).unwrap().author_id, Id::new(9));
    assert!(
        cache.user(Id::new(9)).is_some(),
        "authors are cached while their messages are"
    );

    let mut edited = message(3, 20, 9);
    edited["content"] = json!("edited");
    edited["edited_timestamp"] = json!("2021-01-02T00:00:00.000000+00:00");
    feed(&cache, "MESSAGE_UPDATE", &edited);
    assert_eq!(&*cache.message(Id::new(3)).unwrap().content, "edited");

    feed(
        &cache,
        "MESSAGE_DELETE_BULK",
        &json!({"ids": ["2", "3"], "channel_id": "20"}),
    );
    assert_eq!(cache.stats().messages, 0);
    assert!(cache.user(Id::new(9)).is_none());
}

#[test]
fn reactions_count_up_and_down() {
    let cache = cache_with_guild();
    feed(
        &cache,
        "READY",
        &json!({"v": 10, "user": user(1), "guilds": [], "session_id": "s",
        "resume_gateway_url": "wss://x", "application": {"id": "1", "flags": 0}}),
    );
    feed(&cache, "MESSAGE_CREATE", &message(700, 20, 2));
    let add = |user: u64| {
        json!({"user_id": user.to_string(), "channel_id": "20", "message_id": "700", "guild_id": GUILD.to_string(),
               "emoji": {"id": null, "name": "🔥"}, "burst": false, "type": 0})
    };
    feed(&cache, "MESSAGE_REACTION_ADD", &add(1));
    feed(&cache, "MESSAGE_REACTION_ADD", &add(2));
    {
        let message = cache.message(Id::new(700)).unwrap();
        assert_eq!(message.reactions.len(), 1);
        assert_eq!(message.reactions[0].count, 2);
        assert!(message.reactions[0].me);
    }
    feed(&cache, "MESSAGE_REACTION_REMOVE", &add(1));
    {
        let message = cache.message(Id::new(700)).unwrap();
        assert_eq!(message.reactions[0].count, 1);
        assert!(!message.reactions[0].me);
    }
    feed(
        &cache,
        "MESSAGE_REACTION_REMOVE_EMOJI",
        &json!({"channel_id": "20", "message_id": "700", "emoji": {"id": null, "name": "🔥"}}),
    );
    assert!(cache.message(Id::new(700)).unwrap().reactions.is_empty());
}

#[test]
fn presences_and_voice_states() {
    let cache = cache_with_guild();
    let mut update = presence(2, "dnd");
    update["guild_id"] = json!(GUILD.to_string());
    update["user"]["username"] = json!("newname");
    feed(&cache, "PRESENCE_UPDATE", &update);
    assert_eq!(
        cache
            .presence(Id::new(GUILD), Id::new(2))
            .unwrap()
            .status()
            .to_string(),
        "dnd"
    );
    assert_eq!(&*cache.user(Id::new(2)).unwrap().name, "newname");
    update["status"] = json!("offline");
    feed(&cache, "PRESENCE_UPDATE", &update);
    assert!(cache.presence(Id::new(GUILD), Id::new(2)).is_none());

    let state = json!({"guild_id": GUILD.to_string(), "channel_id": "21", "user_id": "2", "session_id": "abc",
                       "deaf": false, "mute": false, "self_deaf": false, "self_mute": true, "suppress": false,
                       "request_to_speak_timestamp": null});
    feed(&cache, "VOICE_STATE_UPDATE", &state);
    assert!(
        cache
            .voice_state(Id::new(GUILD), Id::new(2))
            .unwrap()
            .self_mute
    );
    assert_eq!(
        cache.voice_channel_users(Id::new(GUILD), Id::new(21)),
        [Id::new(2)]
    );
    let mut left = state;
    left["channel_id"] = json!(null);
    feed(&cache, "VOICE_STATE_UPDATE", &left);
    assert!(cache.voice_state(Id::new(GUILD), Id::new(2)).is_none());
}

#[test]
fn expressions_stages_events_and_sounds() {
    let cache = cache_with_guild();
    let gid = GUILD.to_string();
    feed(
        &cache,
        "GUILD_EMOJIS_UPDATE",
        &json!({"guild_id": gid, "emojis": [{"id": "901", "name": "new", "roles": ["10"]}]}),
    );
    assert!(cache.emoji(Id::new(GUILD), Id::new(900)).is_none());
    assert_eq!(
        &*cache.emoji(Id::new(GUILD), Id::new(901)).unwrap().roles,
        &[Id::new(10)]
    );
    feed(
        &cache,
        "GUILD_STICKERS_UPDATE",
        &json!({"guild_id": gid, "stickers": [
        {"id": "950", "name": "s", "tags": "t", "type": 2, "format_type": 1, "guild_id": gid, "user": user(1)}]}),
    );
    assert_eq!(
        cache.sticker(Id::new(GUILD), Id::new(950)).unwrap().user_id,
        Some(Id::new(1))
    );

    let stage = json!({"id": "960", "guild_id": gid, "channel_id": "21", "topic": "t", "privacy_level": 2,
                       "discoverable_disabled": false, "guild_scheduled_event_id": null});
    feed(&cache, "STAGE_INSTANCE_CREATE", &stage);
    assert!(cache.stage_instance(Id::new(GUILD), Id::new(960)).is_some());
    feed(&cache, "STAGE_INSTANCE_DELETE", &stage);
    assert!(cache.stage_instance(Id::new(GUILD), Id::new(960)).is_none());

    let event = json!({"id": "970", "guild_id": gid, "channel_id": "21", "name": "e",
        "scheduled_start_time": "2030-01-01T00:00:00.000000+00:00", "privacy_level": 2, "status": 1,
        "entity_type": 2, "entity_id": null, "user_count": 0});
    feed(&cache, "GUILD_SCHEDULED_EVENT_CREATE", &event);
    feed(
        &cache,
        "GUILD_SCHEDULED_EVENT_USER_ADD",
        &json!({"guild_scheduled_event_id": "970", "user_id": "2", "guild_id": gid}),
    );
    assert_eq!(
        cache
            .scheduled_event(Id::new(GUILD), Id::new(970))
            .unwrap()
            .user_count,
        Some(1)
    );
    feed(&cache, "GUILD_SCHEDULED_EVENT_DELETE", &event);
    assert!(
        cache
            .scheduled_event(Id::new(GUILD), Id::new(970))
            .is_none()
    );

    let sound = json!({"name": "boop", "sound_id": "980", "volume": 1.0, "emoji_id": null, "emoji_name": null,
                       "guild_id": gid, "available": true});
    feed(&cache, "GUILD_SOUNDBOARD_SOUND_CREATE", &sound);
    assert!(
        cache
            .soundboard_sound(Id::new(GUILD), Id::new(980))
            .is_some()
    );
    feed(
        &cache,
        "GUILD_SOUNDBOARD_SOUND_DELETE",
        &json!({"sound_id": "980", "guild_id": gid}),
    );
    assert!(
        cache
            .soundboard_sound(Id::new(GUILD), Id::new(980))
            .is_none()
    );

    let integration = json!({"id": "990", "name": "i", "type": "discord", "enabled": true,
        "account": {"id": "1", "name": "a"}, "guild_id": gid});
    feed(&cache, "INTEGRATION_CREATE", &integration);
    assert!(cache.integration(Id::new(GUILD), Id::new(990)).is_some());
    feed(
        &cache,
        "INTEGRATION_DELETE",
        &json!({"id": "990", "guild_id": gid}),
    );
    assert!(cache.integration(Id::new(GUILD), Id::new(990)).is_none());
}

#[test]
fn resource_types_choose_what_is_cached() {
    let cache = InMemoryCache::builder()
        .resource_types(ResourceType::GUILD | ResourceType::ROLE)
        .build();
    feed(
        &cache,
        "GUILD_CREATE",
        &guild(
            GUILD,
            vec![member(1, &[])],
            vec![],
            vec![channel(20, 0, vec![])],
        ),
    );
    feed(&cache, "MESSAGE_CREATE", &message(1, 20, 1));
    let stats = cache.stats();
    assert_eq!((stats.guilds, stats.roles), (1, 1));
    assert_eq!(
        (
            stats.members,
            stats.users,
            stats.channels,
            stats.presences,
            stats.messages
        ),
        (0, 0, 0, 0, 0)
    );
}

#[test]
fn reads_run_while_updates_run() {
    let cache = std::sync::Arc::new(cache_with_guild());
    let writer = {
        let cache = cache.clone();
        std::thread::spawn(move || {
            for id in 1000..1500_u64 {
                let mut added = member(id, &[]);
                added["guild_id"] = json!(GUILD.to_string());
                feed(&cache, "GUILD_MEMBER_ADD", &added);
            }
        })
    };
    // Read while the writer runs; the writer's end stops the loop even if
    // it failed, and join reports the failure.
    while !writer.is_finished() {
        let seen = cache.guild_members(Id::new(GUILD)).map_or(0, |m| m.len());
        assert!((3..=503).contains(&seen));
        assert!(cache.guild(Id::new(GUILD)).is_some());
    }
    writer.join().unwrap();
    assert_eq!(cache.stats().users, 503);
}

#[test]
fn compact_presence_keeps_every_activity_field() {
    use twilight_cache_inmemory::model::CachedPresence;
    use twilight_model::gateway::presence::Presence;
    let json = json!({"user": {"id": "2"}, "status": "idle", "client_status": {"mobile": "idle", "web": "dnd"},
        "activities": [{"name": "Game", "type": 0, "created_at": 5, "timestamps": {"start": 1, "end": 9},
            "application_id": "44", "details": "d", "state": "s", "url": "https://x", "emoji": {"name": "e"},
            "party": {"id": "p", "size": [1, 4]}, "assets": {"large_image": "li", "small_text": "st"},
            "secrets": {"join": "j"}, "instance": true, "flags": 3, "buttons": ["b"]}]});
    let presence: Presence = serde_json::from_value(json).unwrap();
    let cached = CachedPresence::from(&presence);
    assert_eq!(cached.status(), presence.status);
    assert_eq!(cached.client_status(), presence.client_status);
    assert_eq!(cached.activities[0].to_activity(), presence.activities[0]);
    assert_eq!(cached.activities[0].state(), Some("s"));
}

#[test]
fn interaction_members_are_cached() {
    let cache = InMemoryCache::new();
    let text = include_str!(
        "../../twilight-model/tests/discord-spec/examples/objects/interaction_slash_command.json"
    );
    let mut interaction: serde_json::Value = serde_json::from_str(text).unwrap();
    let guild_id: u64 = interaction["guild_id"].as_str().unwrap().parse().unwrap();
    let user_id: u64 = interaction["member"]["user"]["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    feed(
        &cache,
        "GUILD_CREATE",
        &guild(guild_id, vec![], vec![], vec![]),
    );
    interaction["member"]["roles"] = json!(["7"]);
    feed(&cache, "INTERACTION_CREATE", &interaction);
    assert_eq!(
        &*cache
            .member(Id::new(guild_id), Id::new(user_id))
            .unwrap()
            .roles,
        &[Id::new(7)]
    );
    assert!(cache.user(Id::new(user_id)).is_some());
}

#[test]
fn events_from_unknown_guilds_leave_nothing_behind() {
    let cache = cache_with_guild();
    let other = "555";
    let mut typing_member = member(9, &[]);
    typing_member.as_object_mut().unwrap().remove("guild_id");
    feed(
        &cache,
        "TYPING_START",
        &json!({"channel_id": "1", "guild_id": other, "user_id": "9",
        "timestamp": 1, "member": typing_member}),
    );
    let mut presence = presence(9, "online");
    presence["guild_id"] = json!(other);
    feed(&cache, "PRESENCE_UPDATE", &presence);
    let mut message = message(1, 1, 9);
    message["guild_id"] = json!(other);
    message["member"] = json!({"roles": [], "joined_at": "2021-01-01T00:00:00.000000+00:00", "deaf": false, "mute": false});
    feed(&cache, "MESSAGE_CREATE", &message);
    assert!(cache.guild_members(Id::new(555)).is_none());
    assert!(cache.guild_presences(Id::new(555)).is_none());
    feed(
        &cache,
        "MESSAGE_DELETE",
        &json!({"id": "1", "channel_id": "1"}),
    );
    let stats = cache.stats();
    assert_eq!((stats.users, stats.members, stats.messages), (3, 3, 0));
}

/// Counters taken from the network stay at their type's maximum when one
/// more is added, instead of panicking (debug) or wrapping to 0 (release).
#[test]
fn counters_from_the_network_saturate() {
    let cache = InMemoryCache::new();
    let mut created = guild(
        GUILD,
        vec![member(1, &[])],
        vec![],
        vec![channel(20, 0, vec![])],
    );
    created["member_count"] = json!(u64::MAX);
    feed(&cache, "GUILD_CREATE", &created);
    let mut added = member(4, &[]);
    added["guild_id"] = json!(GUILD.to_string());
    feed(&cache, "GUILD_MEMBER_ADD", &added);
    assert_eq!(
        cache.guild(Id::new(GUILD)).unwrap().member_count,
        Some(u64::MAX)
    );

    let mut message = message(700, 20, 1);
    message["reactions"] = json!([{"count": u32::MAX, "me": false, "me_burst": false,
        "count_details": {"burst": u32::MAX, "normal": u32::MAX}, "burst_colors": [],
        "emoji": {"id": null, "name": "🔥"}}]);
    feed(&cache, "MESSAGE_CREATE", &message);
    for burst in [false, true] {
        feed(
            &cache,
            "MESSAGE_REACTION_ADD",
            &json!({"user_id": "2", "channel_id": "20", "message_id": "700",
                    "guild_id": GUILD.to_string(), "emoji": {"id": null, "name": "🔥"},
                    "burst": burst, "type": u8::from(burst)}),
        );
    }
    {
        let cached = cache.message(Id::new(700)).unwrap();
        let reaction = &cached.reactions[0];
        assert_eq!(reaction.count, u32::MAX);
        assert_eq!(reaction.count_details.burst, u32::MAX);
        assert_eq!(reaction.count_details.normal, u32::MAX);
    }

    let gid = GUILD.to_string();
    feed(
        &cache,
        "GUILD_SCHEDULED_EVENT_CREATE",
        &json!({"id": "970", "guild_id": gid, "channel_id": "20", "name": "e",
            "scheduled_start_time": "2030-01-01T00:00:00.000000+00:00", "privacy_level": 2,
            "status": 1, "entity_type": 2, "entity_id": null, "user_count": u64::MAX}),
    );
    feed(
        &cache,
        "GUILD_SCHEDULED_EVENT_USER_ADD",
        &json!({"guild_scheduled_event_id": "970", "user_id": "2", "guild_id": gid}),
    );
    assert_eq!(
        cache
            .scheduled_event(Id::new(GUILD), Id::new(970))
            .unwrap()
            .user_count,
        Some(u64::MAX)
    );
}

#[test]
fn cached_messages_know_their_channel_type() {
    use twilight_model::channel::ChannelType;
    let cache = cache_with_guild();
    // Channel 20 is a cached text channel; 21 is a voice channel (its text
    // chat), and the message says so itself.
    feed(&cache, "MESSAGE_CREATE", &message(800, 20, 1));
    let mut in_voice = message(801, 21, 2);
    in_voice["channel_type"] = json!(2);
    feed(&cache, "MESSAGE_CREATE", &in_voice);
    // A channel the cache has not seen, and a message that does not say.
    feed(&cache, "MESSAGE_CREATE", &message(802, 99, 3));
    let kind = |id| cache.message(Id::new(id)).unwrap().channel_type;
    assert_eq!(kind(800), Some(ChannelType::GuildText));
    assert_eq!(kind(801), Some(ChannelType::GuildVoice));
    assert_eq!(kind(802), None);

    // An edit that does not carry it keeps what the message had.
    let mut edited = message(800, 20, 1);
    edited["content"] = json!("edited");
    feed(&cache, "MESSAGE_UPDATE", &edited);
    assert_eq!(kind(800), Some(ChannelType::GuildText));
}
