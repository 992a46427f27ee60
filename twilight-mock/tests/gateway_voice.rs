//! Op 4 VOICE_STATE_UPDATE: a join or move is answered with the bot's
//! VOICE_STATE_UPDATE (with GUILD_VOICE_STATES) and a VOICE_SERVER_UPDATE;
//! a leave with VOICE_STATE_UPDATE only; a channel that is not voice with
//! nothing.

mod gateway_support;

use gateway_support::*;
use serde_json::{Value, json};

const GUILD: u64 = 1 << 22;
const GUILDS_AND_VOICE_STATES: u64 = 1 | (1 << 7);

fn op4(channel: Option<u64>) -> Value {
    json!({ "op": 4, "d": {
        "guild_id": GUILD.to_string(),
        "channel_id": channel.map(|c| c.to_string()),
        "self_mute": true,
        "self_deaf": false,
    } })
}

async fn identified(intents: u64) -> (twilight_mock::Gateway, Client, String) {
    let gateway = start(config(), World::new(1, 2)).await;
    let mut client = Client::connect(&gateway.url(), "/?v=10&encoding=json").await;
    client.hello().await;
    client.identify([0, 1], intents).await;
    let ready = client.until_event("READY").await;
    client.until_event("GUILD_CREATE").await;
    let session = ready["d"]["session_id"].as_str().unwrap().to_owned();
    (gateway, client, session)
}

/// The next payload after op 4 is a heartbeat ACK: nothing was sent.
async fn nothing_then_ack(client: &mut Client) {
    client.send(json!({ "op": 1, "d": null })).await;
    let next = client.payload().await;
    assert_eq!(next["op"], 11, "{next}");
}

#[tokio::test]
async fn joining_moving_and_leaving_voice() {
    within(async {
        let (_gateway, mut client, session) = identified(GUILDS_AND_VOICE_STATES).await;
        let voice = GUILD + 2;
        client.send(op4(Some(voice))).await;
        let state = client.payload().await;
        assert_eq!(state["t"], "VOICE_STATE_UPDATE", "{state}");
        assert_eq!(state["d"]["channel_id"], voice.to_string());
        assert_eq!(state["d"]["user_id"], BOT_ID.to_string());
        assert_eq!(state["d"]["session_id"], session);
        assert_eq!(state["d"]["self_mute"], true);
        assert_eq!(state["d"]["member"]["user"]["id"], BOT_ID.to_string());
        let server = client.payload().await;
        assert_eq!(server["t"], "VOICE_SERVER_UPDATE", "{server}");
        assert_eq!(server["d"]["guild_id"], GUILD.to_string());
        assert!(server["d"]["token"].is_string() && server["d"]["endpoint"].is_string());

        client.send(op4(None)).await;
        let left = client.payload().await;
        assert_eq!(left["t"], "VOICE_STATE_UPDATE");
        assert_eq!(left["d"]["channel_id"], Value::Null);
        nothing_then_ack(&mut client).await;

        // The text channel is not a voice channel.
        client.send(op4(Some(GUILD + 1))).await;
        nothing_then_ack(&mut client).await;
    })
    .await;
}

#[tokio::test]
async fn without_voice_states_only_the_server_update_comes() {
    within(async {
        let (_gateway, mut client, _) = identified(1).await;
        client.send(op4(Some(GUILD + 2))).await;
        assert_eq!(client.payload().await["t"], "VOICE_SERVER_UPDATE");
        client.send(op4(None)).await;
        nothing_then_ack(&mut client).await;
    })
    .await;
}
