//! VOICE_STATE_UPDATE (op 4): joining, moving between and leaving voice
//! channels. Discord answers the session with a VOICE_STATE_UPDATE (the
//! bot's voice state, when the session has GUILD_VOICE_STATES) and, on a
//! join or move, a VOICE_SERVER_UPDATE with a token and an endpoint
//! (events/gateway-events.mdx, "Update Voice State"). The mock has no voice
//! server: the endpoint names none that answers.

use super::reader::ReaderState;
use super::requests::dispatch_own;
use super::{Close, INVALID_PAYLOAD, snowflake};
use crate::gateway::Shared;
use crate::state::channel_type;
use serde_json::{Value, json};
use twilight_model::channel::ChannelType;
use twilight_model::gateway::Intents;
use twilight_model::id::Id;
use twilight_model::id::marker::{ChannelMarker, GuildMarker};

const GUILD_VOICE_STATES: u64 = Intents::GUILD_VOICE_STATES.bits();

/// Reads op 4's `d`; answers a join, move or leave in a known guild and
/// voice or stage channel, and ignores others (as Discord does a channel
/// the bot cannot see).
pub(super) fn voice_state_update(
    shared: &Shared,
    state: &ReaderState,
    d: &Value,
) -> Result<(), Close> {
    let d = d.as_object().ok_or(INVALID_PAYLOAD)?;
    let guild_id: Id<GuildMarker> = d
        .get("guild_id")
        .and_then(snowflake)
        .ok_or(INVALID_PAYLOAD)?;
    let channel_id: Option<Id<ChannelMarker>> = match d.get("channel_id") {
        None | Some(Value::Null) => None,
        Some(value) => Some(snowflake(value).ok_or(INVALID_PAYLOAD)?),
    };
    let flag = |key: &str| match d.get(key) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(_) => Err(INVALID_PAYLOAD),
    };
    let (self_mute, self_deaf) = (flag("self_mute")?, flag("self_deaf")?);
    let Some(guild) = shared.data.guild_create(guild_id) else {
        return Ok(());
    };
    if let Some(channel) = channel_id {
        let is_voice = guild["channels"].as_array().is_some_and(|channels| {
            channels.iter().any(|c| {
                c["id"] == channel.to_string()
                    && matches!(
                        channel_type(c["type"].as_u64()),
                        ChannelType::GuildVoice | ChannelType::GuildStageVoice
                    )
            })
        });
        if !is_voice {
            return Ok(());
        }
    }
    let bot = shared.data.bot_user();
    let member = guild["members"]
        .as_array()
        .and_then(|members| members.iter().find(|m| m["user"]["id"] == bot["id"]))
        .cloned();
    let Some(session) = state.session.clone() else {
        return Ok(());
    };
    let mut voice_state = json!({
        "guild_id": guild_id.to_string(),
        "channel_id": channel_id.map(|c| c.to_string()),
        "user_id": bot["id"],
        "session_id": session,
        "deaf": false,
        "mute": false,
        "self_deaf": self_deaf,
        "self_mute": self_mute,
        "self_video": false,
        "suppress": false,
        "request_to_speak_timestamp": null,
    });
    if let Some(member) = member {
        voice_state["member"] = member;
    }
    if state.intents & GUILD_VOICE_STATES != 0 {
        dispatch_own(shared, state, "VOICE_STATE_UPDATE", &[voice_state]);
    }
    if channel_id.is_some() {
        let server = json!({
            "token": format!("mock-voice-{guild_id}"),
            "guild_id": guild_id.to_string(),
            "endpoint": "voice.invalid:443",
        });
        dispatch_own(shared, state, "VOICE_SERVER_UPDATE", &[server]);
    }
    Ok(())
}
