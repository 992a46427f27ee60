//! Dispatch events as a bot receives them: parsed, routed by guild, forward
//! compatible, and malformed ones rejected with an error.

use twilight_model::channel::ChannelType;
use twilight_model::gateway::event::GuildCreate;
use twilight_model::gateway::{Envelope, Event, EventParseErrorKind, EventType, GatewayEvent};
use twilight_model::id::Id;

const GUILD: &str = "41771983423143937";

fn dispatch(name: &str, d: &str) -> String {
    format!(r#"{{"t":"{name}","s":5,"op":0,"d":{d}}}"#)
}

fn event(name: &str, d: &str) -> Event {
    match GatewayEvent::from_json(&dispatch(name, d)) {
        Ok(GatewayEvent::Dispatch { sequence: 5, event }) => event,
        other => panic!("{name}: {other:?}"),
    }
}

fn user(id: &str) -> String {
    format!(
        r#"{{"id":"{id}","username":"u{id}","discriminator":"0","global_name":null,"avatar":null}}"#
    )
}

#[test]
fn message_create_in_a_guild() {
    let d = format!(
        r#"{{"id":"3","channel_id":"2","guild_id":"{GUILD}","author":{},"member":{{"roles":[],"joined_at":"2021-01-01T00:00:00.000000+00:00","deaf":false,"mute":false,"flags":0}},"content":"hi","timestamp":"2021-01-01T00:00:00.000000+00:00","edited_timestamp":null,"tts":false,"mention_everyone":false,"mentions":[],"mention_roles":[],"attachments":[],"embeds":[],"pinned":false,"type":0}}"#,
        user("9")
    );
    let event = event("MESSAGE_CREATE", &d);
    assert_eq!(event.kind(), Some(EventType::MessageCreate));
    assert_eq!(event.guild_id(), Some(Id::new(41_771_983_423_143_937)));
    let Event::MessageCreate(message) = event else {
        unreachable!()
    };
    assert_eq!(message.content, "hi");
    assert!(message.member.is_some());
}

#[test]
fn guild_create_available_and_unavailable() {
    let unavailable = event(
        "GUILD_CREATE",
        &format!(r#"{{"id":"{GUILD}","unavailable":true}}"#),
    );
    let Event::GuildCreate(create) = &unavailable else {
        unreachable!()
    };
    assert!(matches!(**create, GuildCreate::Unavailable(_)));
    assert_eq!(
        unavailable.guild_id().map(Id::get),
        Some(41_771_983_423_143_937)
    );

    // A guild without a single optional field still parses as available.
    let available = format!(
        r#"{{"id":"{GUILD}","name":"g","icon":null,"splash":null,"discovery_splash":null,"owner_id":"1","afk_channel_id":null,"afk_timeout":300,"verification_level":0,"default_message_notifications":0,"explicit_content_filter":0,"roles":[],"emojis":[],"features":[],"mfa_level":0,"application_id":null,"system_channel_id":null,"system_channel_flags":0,"rules_channel_id":null,"vanity_url_code":null,"description":null,"banner":null,"premium_tier":0,"preferred_locale":"en-US","public_updates_channel_id":null,"nsfw_level":0,"premium_progress_bar_enabled":false,"safety_alerts_channel_id":null}}"#
    );
    let Event::GuildCreate(create) = event("GUILD_CREATE", &available) else {
        unreachable!()
    };
    assert!(matches!(*create, GuildCreate::Available(ref guild) if guild.name == "g"));
}

#[test]
fn guild_delete_outage_versus_removal() {
    let Event::GuildDelete(outage) = event(
        "GUILD_DELETE",
        &format!(r#"{{"id":"{GUILD}","unavailable":true}}"#),
    ) else {
        unreachable!()
    };
    assert!(!outage.is_removal());
    let Event::GuildDelete(removal) = event("GUILD_DELETE", &format!(r#"{{"id":"{GUILD}"}}"#))
    else {
        unreachable!()
    };
    assert!(removal.is_removal());
}

#[test]
fn unknown_values_inside_events_are_kept() {
    let d = format!(
        r#"{{"id":"7","type":99,"guild_id":"{GUILD}","name":"new","position":0,"flags":4611686018427387904,"future_field":{{"x":1}}}}"#
    );
    let Event::ChannelCreate(channel) = event("CHANNEL_CREATE", &d) else {
        unreachable!()
    };
    assert_eq!(channel.kind, ChannelType::Unknown(99));
    let json = serde_json::to_value(&*channel).unwrap();
    assert_eq!(json["type"], 99);
    assert_eq!(
        json["flags"], 4_611_686_018_427_387_904_u64,
        "unknown flag bits survive"
    );
}

#[test]
fn small_events_and_routing() {
    let typing = event(
        "TYPING_START",
        &format!(
            r#"{{"channel_id":"2","guild_id":"{GUILD}","user_id":"9","timestamp":1700000000}}"#
        ),
    );
    assert_eq!(typing.guild_id().map(Id::get), Some(41_771_983_423_143_937));
    let dm_typing = event(
        "TYPING_START",
        r#"{"channel_id":"2","user_id":"9","timestamp":1700000000}"#,
    );
    assert_eq!(dm_typing.guild_id(), None);

    let reaction = event(
        "MESSAGE_REACTION_ADD",
        &format!(
            r#"{{"user_id":"9","channel_id":"2","message_id":"3","guild_id":"{GUILD}","emoji":{{"id":null,"name":"🔥"}},"burst":false,"type":0}}"#
        ),
    );
    let Event::MessageReactionAdd(reaction) = reaction else {
        unreachable!()
    };
    assert_eq!(reaction.emoji.name.as_deref(), Some("🔥"));

    let presence = event(
        "PRESENCE_UPDATE",
        &format!(
            r#"{{"user":{{"id":"9"}},"guild_id":"{GUILD}","status":"online","activities":[],"client_status":{{"desktop":"online"}}}}"#
        ),
    );
    assert_eq!(presence.kind(), Some(EventType::PresenceUpdate));
    let ready = event(
        "READY",
        &format!(
            r#"{{"v":10,"user":{},"guilds":[{{"id":"{GUILD}","unavailable":true}}],"session_id":"abc","resume_gateway_url":"wss://x","shard":[0,1],"application":{{"id":"5","flags":0}}}}"#,
            user("1")
        ),
    );
    let Event::Ready(ready) = ready else {
        unreachable!()
    };
    assert_eq!(ready.guilds.len(), 1);
    assert_eq!(ready.session_id, "abc");
}

#[test]
fn event_types_round_trip_their_names() {
    for &kind in EventType::ALL {
        assert_eq!(EventType::from_name(kind.name()), Some(kind));
    }
    assert_eq!(EventType::from_name("NOT_AN_EVENT"), None);
}

#[test]
fn wrong_data_is_an_error_naming_the_event() {
    let error = GatewayEvent::from_json(&dispatch(
        "MESSAGE_DELETE",
        r#"{"id":"x","channel_id":"2"}"#,
    ))
    .unwrap_err();
    assert_eq!(
        error.kind(),
        &EventParseErrorKind::Data {
            event: "MESSAGE_DELETE".to_owned()
        }
    );
    assert!(error.to_string().contains("MESSAGE_DELETE"));
    // Truncated and non-object input never panics.
    let full = dispatch(
        "TYPING_START",
        r#"{"channel_id":"2","user_id":"9","timestamp":1}"#,
    );
    for end in 0..full.len() {
        let _ = GatewayEvent::from_json(&full[..end]);
    }
    for garbage in [
        "null",
        "1",
        "\"s\"",
        "{\"op\":0,\"d\":[",
        "{\"op\":0,\"s\":1,\"t\":\"READY\",\"d\":{}}",
    ] {
        assert!(GatewayEvent::from_json(garbage).is_err(), "{garbage}");
    }
}

#[test]
fn envelope_gives_raw_bytes_for_forwarding() {
    let json = dispatch(
        "WEBHOOKS_UPDATE",
        &format!(r#"{{"guild_id":"{GUILD}","channel_id":"2"}}"#),
    );
    let envelope = Envelope::peek(&json).unwrap();
    assert_eq!(
        envelope.data(),
        Some(&*format!(r#"{{"guild_id":"{GUILD}","channel_id":"2"}}"#))
    );
}

#[cfg(feature = "simd-json")]
#[test]
fn simd_json_parses_the_same() {
    use twilight_model::gateway::parse_simd_if;
    let json = dispatch(
        "TYPING_START",
        &format!(
            r#"{{"channel_id":"2","guild_id":"{GUILD}","user_id":"9","timestamp":1700000000}}"#
        ),
    );
    let expected = GatewayEvent::from_json(&json).unwrap();
    let mut buffer = json.into_bytes();
    assert_eq!(
        parse_simd_if(&mut buffer, |_| true).unwrap(),
        Some(expected)
    );
    let mut buffer = dispatch("TYPING_START", "{}").into_bytes();
    assert!(parse_simd_if(&mut buffer, |_| false).unwrap().is_none());
    let mut garbage = b"{\"op\":0,\"s\":1,\"t\":\"TYPING_START\",\"d\":{\"channel_id\":}}".to_vec();
    assert!(parse_simd_if(&mut garbage, |_| true).is_err());
    // Truncated payloads and invalid UTF-8 never panic.
    let full = dispatch(
        "TYPING_START",
        r#"{"channel_id":"2","user_id":"9","timestamp":1}"#,
    );
    for end in 0..full.len() {
        let _ = parse_simd_if(&mut full.as_bytes()[..end].to_vec(), |_| true);
    }
    let mut invalid = dispatch("SOMETHING_NEW", "\"\u{e9}\"").into_bytes();
    let at = invalid.len() - 3;
    invalid[at] = 0xFF;
    assert!(parse_simd_if(&mut invalid, |_| true).is_err());
}
