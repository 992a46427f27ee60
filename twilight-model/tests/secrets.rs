//! Every type that holds a credential keeps it out of `Debug` (plain and
//! pretty), and still sends it: serialising gives Discord the token.

use serde::{Serialize, de::DeserializeOwned};
use serde_json::{Value, json};
use std::fmt::Debug;
use std::path::Path;
use twilight_model::gateway::command::{Identify, Resume};
use twilight_model::gateway::payload::VoiceServerUpdate;
use twilight_model::interaction::Interaction;
use twilight_model::oauth2::AccessTokenResponse;
use twilight_model::util::secret::Secret;
use twilight_model::webhook::Webhook;

const TOKEN: &str = "SECRET-TOKEN-7d1f";

fn example(path: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/discord-spec/examples")
        .join(path);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("reading {}: {error}", path.display()));
    serde_json::from_str(&text).unwrap()
}

/// Deserialises `value`, checks that no formatting shows the token, and
/// that serialising sends it.
fn check<T: DeserializeOwned + Serialize + Debug>(value: Value) -> T {
    let text = value.to_string();
    assert!(text.contains(TOKEN), "the fixture holds the token: {text}");
    let parsed: T = serde_json::from_value(value).unwrap();
    for shown in [format!("{parsed:?}"), format!("{parsed:#?}")] {
        assert!(!shown.contains(TOKEN), "Debug shows the token: {shown}");
        assert!(
            !shown.contains(&TOKEN[..8]),
            "Debug shows part of it: {shown}"
        );
        assert!(shown.contains("<redacted>"), "{shown}");
    }
    let sent = serde_json::to_string(&parsed).unwrap();
    assert!(sent.contains(TOKEN), "the token is still sent: {sent}");
    parsed
}

#[test]
fn identify_and_resume() {
    let mut identify = example("IDENTIFY.json")["d"].clone();
    identify["token"] = json!(TOKEN);
    let identify: Identify = check(identify);
    assert_eq!(identify.token.expose(), TOKEN);

    let mut resume = example("RESUME.json")["d"].clone();
    resume["token"] = json!(TOKEN);
    check::<Resume>(resume);
}

#[test]
fn voice_server_update() {
    let mut update = example("VOICE_SERVER_UPDATE.json")["d"].clone();
    update["token"] = json!(TOKEN);
    check::<VoiceServerUpdate>(update);
}

#[test]
fn interaction() {
    let mut interaction = example("objects/interaction_slash_command.json");
    interaction["token"] = json!(TOKEN);
    check::<Interaction>(interaction);
}

#[test]
fn webhook_token_and_url() {
    let webhook = json!({
        "id": "223704706495545344", "type": 1, "guild_id": "199737254929760256",
        "channel_id": "199737254929760256", "name": "test webhook", "avatar": null,
        "application_id": null, "token": TOKEN,
        "url": format!("https://discord.com/api/webhooks/223704706495545344/{TOKEN}"),
    });
    let webhook: Webhook = check(webhook);
    assert!(webhook.url.unwrap().expose().ends_with(TOKEN));
}

#[test]
fn oauth2_access_token_response() {
    let response = json!({
        "access_token": TOKEN, "token_type": "Bearer", "expires_in": 604_800,
        "refresh_token": format!("{TOKEN}-refresh"), "scope": "identify",
    });
    let response: AccessTokenResponse = check(response);
    assert_eq!(
        response.refresh_token.map(Secret::into_inner).as_deref(),
        Some(&*format!("{TOKEN}-refresh"))
    );
}
