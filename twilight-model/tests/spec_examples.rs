//! Conformance with Discord's documentation: every documented example
//! payload deserialises into its type and serialises back to the same JSON,
//! and every documented dispatch event has a variant.

use serde::{Serialize, de::DeserializeOwned};
use serde_json::Value;
use std::path::{Path, PathBuf};
use twilight_model::gateway::command::{
    CommandPayload, Heartbeat, Identify, RequestChannelInfo, RequestGuildMembers,
    RequestSoundboardSounds, Resume, UpdatePresence, UpdateVoiceState,
};
use twilight_model::gateway::payload::{BotConnectionInfo, ConnectionInfo};
use twilight_model::gateway::{Event, EventType, GatewayEvent, OpCode};
use twilight_model::{channel, error, guild, interaction, message, user, voice};

fn spec_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/discord-spec")
}

fn read(path: &str) -> String {
    let path = spec_dir().join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// Drops object keys whose value is null: the model omits `None`, and
/// Discord treats an absent optional field and `null` alike.
fn without_nulls(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, without_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(without_nulls).collect()),
        other => other,
    }
}

fn round_trip<T: DeserializeOwned + Serialize>(path: &str) -> T {
    round_trip_text(path, &read(path))
}

fn round_trip_text<T: DeserializeOwned + Serialize>(path: &str, text: &str) -> T {
    let parsed: T = serde_json::from_str(text).unwrap_or_else(|e| {
        panic!(
            "{path} does not deserialise into {}: {e}",
            std::any::type_name::<T>()
        )
    });
    let expected = without_nulls(serde_json::from_str(text).unwrap());
    let actual = without_nulls(serde_json::to_value(&parsed).unwrap());
    assert_eq!(
        actual, expected,
        "{path} does not serialise back to the same JSON"
    );
    parsed
}

fn round_trip_gateway(path: &str) -> GatewayEvent {
    let text = read(path);
    let event = GatewayEvent::from_json(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    let expected = without_nulls(serde_json::from_str::<Value>(&text).unwrap());
    let actual = without_nulls(serde_json::to_value(&event).unwrap());
    assert_eq!(
        actual, expected,
        "{path} does not serialise back to the same JSON"
    );
    event
}

#[test]
fn gateway_examples() {
    assert!(
        matches!(round_trip_gateway("examples/HELLO.json"), GatewayEvent::Hello(h) if h.heartbeat_interval == 45_000)
    );
    assert_eq!(
        round_trip_gateway("examples/HEARTBEAT_ACK.json"),
        GatewayEvent::HeartbeatAck
    );
    assert_eq!(
        round_trip_gateway("examples/RECONNECT.json"),
        GatewayEvent::Reconnect
    );
    assert_eq!(
        round_trip_gateway("examples/INVALID_SESSION.json"),
        GatewayEvent::InvalidSession(false)
    );

    let GatewayEvent::Dispatch {
        sequence: 2,
        event: Event::VoiceServerUpdate(update),
    } = round_trip_gateway("examples/VOICE_SERVER_UPDATE.json")
    else {
        panic!("VOICE_SERVER_UPDATE is a dispatch with sequence 2");
    };
    assert_eq!(update.guild_id.get(), 41_771_983_423_143_937);
    assert!(
        !format!("{update:?}").contains("my_token"),
        "the voice token is redacted"
    );

    let GatewayEvent::Dispatch {
        sequence: 42,
        event: Event::Unknown(unknown),
    } = round_trip_gateway("examples/DISPATCH_ENVELOPE.json")
    else {
        panic!("an unknown event name becomes an unknown event");
    };
    assert_eq!(unknown.name, "GATEWAY_EVENT_NAME");
}

#[test]
fn command_examples() {
    let heartbeat: CommandPayload<Heartbeat> = round_trip("examples/HEARTBEAT.json");
    assert_eq!(heartbeat.d, Heartbeat(Some(251)));
    let identify: CommandPayload<Identify> = round_trip("examples/IDENTIFY.json");
    assert_eq!(identify.op, OpCode::Identify);
    assert_eq!(identify.d.intents.bits(), 513);
    let full: CommandPayload<Identify> = round_trip("examples/IDENTIFY_full.json");
    assert_eq!(full.d.shard.map(|s| (s.number(), s.total())), Some((0, 1)));
    assert_eq!(
        full.d.presence.as_ref().map(|p| p.activities.len()),
        Some(1)
    );
    let resume: CommandPayload<Resume> = round_trip("examples/RESUME.json");
    assert_eq!(resume.d.seq, 1337);
    let members: CommandPayload<RequestGuildMembers> =
        round_trip("examples/REQUEST_GUILD_MEMBERS.json");
    assert_eq!(members.d.limit, 0);
    let _: CommandPayload<RequestSoundboardSounds> =
        round_trip("examples/REQUEST_SOUNDBOARD_SOUNDS.json");
    let _: CommandPayload<RequestChannelInfo> = round_trip("examples/REQUEST_CHANNEL_INFO.json");
    let _: CommandPayload<UpdateVoiceState> = round_trip("examples/UPDATE_VOICE_STATE.json");
    let presence: CommandPayload<UpdatePresence> = round_trip("examples/UPDATE_PRESENCE.json");
    assert_eq!(presence.d.status.as_str(), "online");
}

#[test]
fn http_examples() {
    let gateway: ConnectionInfo = round_trip("examples/http/GET_gateway.json");
    assert!(gateway.url.starts_with("wss://"));
    let bot: BotConnectionInfo = round_trip("examples/http/GET_gateway_bot.json");
    assert_eq!(bot.shards, 9);
    assert_eq!(bot.session_start_limit.reset_after, 14_400_000);
    for scope in ["user", "shared", "global"] {
        let body: error::RateLimitedBody = round_trip(&format!("examples/http/429_{scope}.json"));
        assert_eq!(body.global, scope == "global");
        assert!(body.retry_after > 0.0);
    }
    let error: error::ApiError = round_trip("examples/http/error_50014.json");
    assert_eq!(error.code, 50014);
    for kind in ["array", "object", "request"] {
        let error: error::ApiError = round_trip(&format!("examples/http/error_50035_{kind}.json"));
        assert_eq!(error.code, 50035);
        assert!(
            !error.field_errors().is_empty(),
            "{kind}: nested errors are readable"
        );
    }
}

#[test]
fn resource_examples() {
    let guild: guild::Guild = round_trip("examples/objects/guild.json");
    assert_eq!(guild.id.get(), 197_038_439_483_310_086);
    let _: guild::UnavailableGuild = round_trip("examples/objects/unavailable_guild.json");
    // The documentation's member example elides its user as `{}`; a member
    // always has a full user, so the user example stands in for it.
    let member = read("examples/objects/guild_member.json");
    assert!(
        member.contains(r#""user": {}"#),
        "the placeholder is still there"
    );
    let member = member.replace(
        r#""user": {}"#,
        &format!(r#""user": {}"#, read("examples/objects/user.json")),
    );
    let member: guild::Member = round_trip_text("examples/objects/guild_member.json", &member);
    assert_eq!(member.user.username, "Nelly");
    let _: guild::Role = round_trip("examples/objects/role.json");
    let user: user::User = round_trip("examples/objects/user.json");
    assert_eq!(user.username, "Nelly");
    let message: message::Message = round_trip("examples/objects/message.json");
    assert_eq!(message.content, "Supa Hot");
    let _: channel::Channel = round_trip("examples/objects/channel_guild_text.json");
    let _: channel::Channel = round_trip("examples/objects/channel_dm.json");
    let _: channel::Channel = round_trip("examples/objects/channel_thread.json");
    let _: voice::VoiceState = round_trip("examples/objects/voice_state.json");
    let interaction: interaction::Interaction =
        round_trip("examples/objects/interaction_slash_command.json");
    assert_eq!(interaction.token, "A_UNIQUE_TOKEN");
    assert!(
        !format!("{interaction:?}").contains("A_UNIQUE_TOKEN"),
        "the interaction token is redacted"
    );
}

/// Every example file is covered by one of the tests above.
#[test]
fn every_example_is_checked() {
    let source = include_str!("spec_examples.rs");
    let mut missing = Vec::new();
    for dir in ["examples", "examples/http", "examples/objects"] {
        for entry in std::fs::read_dir(spec_dir().join(dir)).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            let Some(stem) = name.strip_suffix(".json") else {
                continue;
            };
            let path = format!("{dir}/{name}");
            let templated = stem.starts_with("429_") || stem.starts_with("error_50035_");
            if !source.contains(&path) && !templated {
                missing.push(path);
            }
        }
    }
    assert!(missing.is_empty(), "examples without a test: {missing:?}");
}

/// The vendored copy matches the reference material when it is present.
#[test]
fn vendored_copy_is_current() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/discord-spec");
    if !shared.exists() {
        eprintln!(
            "../shared/discord-spec not found beside the repository: skipping the comparison"
        );
        return;
    }
    for dir in ["examples", "examples/http", "examples/objects"] {
        for entry in std::fs::read_dir(shared.join(dir)).unwrap() {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_file() {
                let name = entry.file_name().into_string().unwrap();
                let ours = std::fs::read(spec_dir().join(dir).join(&name));
                assert_eq!(
                    ours.ok(),
                    Some(std::fs::read(entry.path()).unwrap()),
                    "{dir}/{name} differs"
                );
            }
        }
    }
    assert_eq!(
        read("docs/gateway-events.mdx"),
        std::fs::read_to_string(shared.join("docs/events/gateway-events.mdx")).unwrap()
    );
}

/// Names of the "Receive Events" table of events/gateway-events.mdx, as
/// Discord writes them in `t`.
fn documented_receive_events() -> Vec<String> {
    let doc = read("docs/gateway-events.mdx");
    let section = doc
        .split("## Receive Events")
        .nth(1)
        .expect("the page has a Receive Events section");
    let mut names = Vec::new();
    for line in section.lines() {
        if line.starts_with("#### ") {
            break; // the table ends before the first event's own heading
        }
        let Some(rest) = line.strip_prefix("| [") else {
            continue;
        };
        let Some(end) = rest.find(']') else { continue };
        names.push(rest[..end].to_uppercase().replace(' ', "_"));
    }
    names
}

#[test]
fn every_documented_event_has_a_variant() {
    let documented = documented_receive_events();
    assert!(documented.len() > 80, "the table was read: {documented:?}");
    // Payloads with their own opcode rather than a dispatch.
    let non_dispatch = ["HELLO", "RECONNECT", "INVALID_SESSION"];
    let mut dispatch = Vec::new();
    for name in &documented {
        if non_dispatch.contains(&name.as_str()) {
            continue;
        }
        let kind = EventType::from_name(name).unwrap_or_else(|| panic!("no EventType for {name}"));
        assert_eq!(kind.name(), name);
        dispatch.push(kind);
    }
    // And nothing the documentation does not list.
    for kind in EventType::ALL {
        assert!(
            documented.iter().any(|n| n == kind.name()),
            "{kind} is not documented"
        );
    }
    assert_eq!(dispatch.len(), EventType::ALL.len());
    let mut names: Vec<_> = EventType::ALL.iter().map(|k| k.name()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), EventType::ALL.len(), "names are unique");
}
