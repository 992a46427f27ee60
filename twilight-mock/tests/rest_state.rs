//! The state's gateway-facing payloads (GUILD_CREATE, members, presences)
//! and the fixtures (default world, generation, JSON format).

use serde_json::Value;
use twilight_mock::fixtures::{Fixtures, FixturesError};
use twilight_mock::state::State;
use twilight_model::id::Id;

/// Fields of the Guild object (resources/guild.mdx) that are always sent.
const GUILD_FIELDS: &[&str] = &[
    "id",
    "name",
    "icon",
    "icon_hash",
    "splash",
    "discovery_splash",
    "owner_id",
    "afk_channel_id",
    "afk_timeout",
    "widget_enabled",
    "widget_channel_id",
    "verification_level",
    "default_message_notifications",
    "explicit_content_filter",
    "roles",
    "emojis",
    "features",
    "mfa_level",
    "application_id",
    "system_channel_id",
    "system_channel_flags",
    "rules_channel_id",
    "max_presences",
    "max_members",
    "vanity_url_code",
    "description",
    "banner",
    "premium_tier",
    "premium_subscription_count",
    "preferred_locale",
    "public_updates_channel_id",
    "max_video_channel_users",
    "max_stage_video_channel_users",
    "nsfw_level",
    "stickers",
    "premium_progress_bar_enabled",
    "safety_alerts_channel_id",
    "incidents_data",
];
/// GUILD_CREATE's extra fields (events/gateway-events.mdx).
const GUILD_CREATE_FIELDS: &[&str] = &[
    "joined_at",
    "large",
    "unavailable",
    "member_count",
    "voice_states",
    "members",
    "channels",
    "threads",
    "presences",
    "stage_instances",
    "guild_scheduled_events",
    "soundboard_sounds",
];
const ARRAYS: &[&str] = &[
    "roles",
    "emojis",
    "features",
    "stickers",
    "voice_states",
    "members",
    "channels",
    "threads",
    "presences",
    "stage_instances",
    "guild_scheduled_events",
    "soundboard_sounds",
];

fn has_fields(value: &Value, fields: &[&str]) {
    for f in fields {
        assert!(value.get(*f).is_some(), "missing {f} in {value}");
    }
}

#[test]
fn guild_create_has_every_documented_field() {
    let fixtures = Fixtures::default();
    let state = State::new(&fixtures);
    let ids = state.guild_ids();
    assert_eq!(ids.len(), 2);
    for id in ids {
        let g = state.guild_create(id).unwrap();
        has_fields(&g, GUILD_FIELDS);
        has_fields(&g, GUILD_CREATE_FIELDS);
        for a in ARRAYS {
            assert!(g[*a].is_array(), "{a} is not an array");
        }
        assert_eq!(g["unavailable"], false);
        assert_eq!(g["large"], false);
        assert_eq!(g["member_count"], 10);
        for role in g["roles"].as_array().unwrap() {
            has_fields(
                role,
                &[
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
                    "flags",
                ],
            );
            assert!(role["permissions"].is_string());
        }
        assert!(
            g["roles"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["id"] == g["id"] && r["name"] == "@everyone")
        );
        let members = g["members"].as_array().unwrap();
        assert_eq!(members.len(), 10);
        for m in members {
            has_fields(
                m,
                &[
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
                ],
            );
            has_fields(
                &m["user"],
                &["id", "username", "discriminator", "global_name", "avatar"],
            );
        }
        let bot = state.bot_user();
        assert!(members.iter().any(|m| m["user"]["id"] == bot["id"]));
        let channels = g["channels"].as_array().unwrap();
        assert!(channels.iter().any(|c| c["type"] == 0));
        assert!(channels.iter().any(|c| c["type"] == 2));
        assert!(channels.iter().any(|c| c["type"] == 4));
        for c in channels {
            has_fields(
                c,
                &[
                    "id",
                    "type",
                    "guild_id",
                    "position",
                    "permission_overwrites",
                    "name",
                    "parent_id",
                    "nsfw",
                    "flags",
                ],
            );
        }
        let threads = g["threads"].as_array().unwrap();
        assert_eq!(threads.len(), 1);
        has_fields(
            &threads[0],
            &[
                "id",
                "type",
                "guild_id",
                "parent_id",
                "owner_id",
                "name",
                "message_count",
                "member_count",
                "thread_metadata",
                "member",
            ],
        );
        for p in g["presences"].as_array().unwrap() {
            has_fields(p, &["user", "status", "activities", "client_status"]);
            assert_ne!(p["status"], "offline");
        }
    }
    assert!(state.guild_create(Id::new(1)).is_none());
}

#[test]
fn ready_payload_parts() {
    let state = State::new(&Fixtures::default());
    let user = state.bot_user();
    has_fields(
        &user,
        &[
            "id",
            "username",
            "discriminator",
            "global_name",
            "avatar",
            "bot",
            "mfa_enabled",
            "verified",
            "flags",
        ],
    );
    let app = state.application();
    has_fields(&app, &["id", "flags"]);
}

#[test]
fn large_guilds_send_only_online_members() {
    let fixtures = Fixtures::generate(1, 400, 3);
    let state = State::new(&fixtures);
    let id = state.guild_ids()[0];
    let g = state.guild_create(id).unwrap();
    assert_eq!(g["large"], true);
    assert_eq!(g["member_count"], 401);
    let members = g["members"].as_array().unwrap();
    assert!(members.len() < 401);
    let presences = g["presences"].as_array().unwrap();
    assert!(members.len() >= presences.len());
}

#[test]
fn member_queries() {
    let fixtures = Fixtures::default();
    let state = State::new(&fixtures);
    let g = state.guild_ids()[0];
    assert_eq!(state.members(g, None, 0, None).len(), 10);
    assert_eq!(state.members(g, Some(""), 3, None).len(), 3);
    let user1 = state.members(g, Some("USER1"), 0, None);
    assert_eq!(user1.len(), 1, "prefix match is case-insensitive");
    let ids = [fixtures.users[0].id, fixtures.users[4].id, Id::new(42)];
    let by_id = state.members(g, None, 0, Some(&ids));
    assert_eq!(by_id.len(), 2);
    let presences = state.presences(g, &ids);
    assert_eq!(presences.len(), 2);
    assert_eq!(presences[0]["status"], "online");
    assert!(state.members(Id::new(5), None, 0, None).is_empty());
}

#[test]
fn generated_fixtures_scale() {
    let fixtures = Fixtures::generate(20, 100, 30);
    assert_eq!(fixtures.guilds.len(), 20);
    let state = State::new(&fixtures);
    let ids = state.guild_ids();
    assert_eq!(ids.len(), 20);
    // Guild ids spread over shards: consecutive timestamp parts.
    let shards: std::collections::HashSet<u64> = ids.iter().map(|g| (g.get() >> 22) % 4).collect();
    assert_eq!(shards.len(), 4);
    let g = state.guild_create(ids[3]).unwrap();
    assert_eq!(g["member_count"], 101);
    assert_eq!(g["channels"].as_array().unwrap().len(), 30);
}

const EXAMPLE: &str = r#"{
  "application": { "id": "1000000000000000001", "name": "Mock Application", "flags": 0 },
  "bot": { "id": "1000000000000000001", "username": "mockbot", "bot": true },
  "users": [ { "id": "1000000000000000100", "username": "alice", "global_name": "Alice" } ],
  "guilds": [
    {
      "id": "1000000000000001000",
      "name": "Mock Guild",
      "owner_id": "1000000000000000100",
      "roles": [
        { "id": "1000000000000001001", "name": "Moderator", "permissions": "8", "position": 1 }
      ],
      "channels": [
        { "id": "1000000000000002000", "type": 4, "name": "Text Channels" },
        { "id": "1000000000000002001", "type": 0, "name": "general", "parent_id": "1000000000000002000" },
        { "id": "1000000000000002003", "type": 11, "name": "a thread", "parent_id": "1000000000000002001" }
      ],
      "members": [
        { "user_id": "1000000000000000100", "roles": ["1000000000000001001"], "status": "online" },
        { "user_id": 1000000000000000001 }
      ]
    }
  ]
}"#;

#[test]
fn fixtures_from_json() {
    let fixtures = Fixtures::from_json(EXAMPLE).unwrap();
    assert_eq!(fixtures.guilds[0].members.len(), 2);
    assert_eq!(fixtures.guilds[0].members[1].status, "offline");
    let state = State::new(&fixtures);
    let g = state.guild_create(state.guild_ids()[0]).unwrap();
    assert_eq!(
        g["roles"].as_array().unwrap().len(),
        2,
        "@everyone is added"
    );
    assert_eq!(g["threads"].as_array().unwrap().len(), 1);
    assert_eq!(g["presences"].as_array().unwrap().len(), 1);

    // Round trip through a file.
    let path = std::env::temp_dir().join(format!(
        "twilight-mock-fixtures-{}.json",
        std::process::id()
    ));
    std::fs::write(&path, fixtures.to_json()).unwrap();
    assert_eq!(Fixtures::from_file(&path).unwrap(), fixtures);
    std::fs::remove_file(&path).unwrap();
    assert_eq!(
        Fixtures::from_json(&Fixtures::default().to_json()).unwrap(),
        Fixtures::default()
    );
}

#[test]
fn bad_fixtures_are_errors() {
    assert!(matches!(
        Fixtures::from_json("{"),
        Err(FixturesError::Json(_))
    ));
    assert!(matches!(
        Fixtures::from_json(r#"{"guilds": [{"id": "0", "name": "x"}]}"#),
        Err(FixturesError::Json(_))
    ));
    let unknown_member =
        r#"{"guilds": [{"id": "5", "name": "x", "members": [{"user_id": "77"}]}]}"#;
    assert!(matches!(
        Fixtures::from_json(unknown_member),
        Err(FixturesError::Invalid(_))
    ));
    let unknown_role = r#"{"guilds": [{"id": "5", "name": "x", "members": [{"user_id": "1000000000000000001", "roles": ["9"]}]}]}"#;
    assert!(matches!(
        Fixtures::from_json(unknown_role),
        Err(FixturesError::Invalid(_))
    ));
    assert!(matches!(
        Fixtures::from_file("/nonexistent/fixtures.json"),
        Err(FixturesError::Io(_))
    ));
    let empty = Fixtures::from_json("{}").unwrap();
    assert!(empty.guilds.is_empty());
    assert_eq!(empty.bot.username, "mockbot");
}
