//! The realistic gateway stream: the GUILD_CREATEs of a bot's start (large
//! guilds first), then dispatches about those guilds and their members in
//! the proportions a busy bot receives them.

use super::{
    GuildParts, Payload, Rng, channel, guild_payload, member, message_data, presence, role, user,
};
use serde_json::{Value, json};

/// Dispatches by count, in thousandths of the stream.
const MIX: &[(&str, u64)] = &[
    ("PRESENCE_UPDATE", 300),
    ("MESSAGE_CREATE", 220),
    ("TYPING_START", 120),
    ("MESSAGE_UPDATE", 70),
    ("GUILD_MEMBER_UPDATE", 60),
    ("MESSAGE_REACTION_ADD", 60),
    ("VOICE_STATE_UPDATE", 40),
    ("MESSAGE_DELETE", 40),
    ("MESSAGE_REACTION_REMOVE", 20),
    ("GUILD_MEMBER_ADD", 20),
    ("GUILD_MEMBER_REMOVE", 10),
    ("INTERACTION_CREATE", 20),
    ("CHANNEL_UPDATE", 10),
    ("THREAD_UPDATE", 5),
    ("GUILD_ROLE_UPDATE", 5),
];

/// Every event type of the stream, GUILD_CREATE first.
pub const EVENT_TYPES: &[&str] = &[
    "GUILD_CREATE",
    "PRESENCE_UPDATE",
    "MESSAGE_CREATE",
    "TYPING_START",
    "MESSAGE_UPDATE",
    "GUILD_MEMBER_UPDATE",
    "MESSAGE_REACTION_ADD",
    "VOICE_STATE_UPDATE",
    "MESSAGE_DELETE",
    "MESSAGE_REACTION_REMOVE",
    "GUILD_MEMBER_ADD",
    "GUILD_MEMBER_REMOVE",
    "INTERACTION_CREATE",
    "CHANNEL_UPDATE",
    "THREAD_UPDATE",
    "GUILD_ROLE_UPDATE",
];

/// Where `d` sits among a dispatch's keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyOrder {
    /// `t`, `s`, `op`, `d`: Discord's usual order.
    DataLast,
    /// Four orders in turn, `d` last in one of them, first in another.
    Varied,
}

/// Writes a dispatch's envelope around `d` in the given order (the `seq`th
/// payload's turn, for [`KeyOrder::Varied`]).
pub(crate) fn envelope(name: &'static str, seq: u64, d: &Value, order: KeyOrder) -> Payload {
    let d = serde_json::to_string(d).expect("serialisable");
    let (t, s, op) = (
        format!("\"t\":\"{name}\""),
        format!("\"s\":{seq}"),
        "\"op\":0",
    );
    let d = format!("\"d\":{d}");
    let keys: [&str; 4] = match (order, seq % 4) {
        (KeyOrder::DataLast, _) | (KeyOrder::Varied, 0) => [&t, &s, op, &d],
        (KeyOrder::Varied, 1) => [op, &d, &s, &t],
        (KeyOrder::Varied, 2) => [&s, op, &d, &t],
        (KeyOrder::Varied, _) => [&d, &t, &s, op],
    };
    Payload {
        name,
        json: format!("{{{}}}", keys.join(",")),
    }
}

/// A generated stream of gateway dispatches.
pub struct Stream {
    /// The GUILD_CREATEs, largest first.
    pub guilds: Vec<Payload>,
    /// The dispatches after them.
    pub events: Vec<Payload>,
    /// Members over all GUILD_CREATEs (a user in two guilds counts twice).
    pub members: usize,
}

impl Stream {
    /// `guilds` GUILD_CREATEs (the first three of 5,000, 2,500 and 1,000
    /// members, the rest of 40 to 400; a fifth of the users are shared
    /// between guilds), then `events` dispatches in the proportions of
    /// the module's mix table (Discord's traffic by count).
    pub fn new(guilds: usize, events: usize, order: KeyOrder) -> Self {
        let mut pool_rng = Rng(7);
        let pool: Vec<String> = (0..2_000).map(|_| pool_rng.snowflake()).collect();
        let mut rng = Rng(13);
        let mut parts = Vec::new();
        let mut guild_payloads = Vec::new();
        for index in 0..guilds {
            let size = match index {
                0 => 5_000,
                1 => 2_500,
                2 => 1_000,
                _ => 40 + rng.below(361) as usize,
            };
            let (payload, guild) = guild_payload(&mut rng, |rng| {
                let mut ids: Vec<String> = (0..size)
                    .map(|i| {
                        if i % 5 == 0 {
                            pool[rng.below(pool.len() as u64) as usize].clone()
                        } else {
                            rng.snowflake()
                        }
                    })
                    .collect();
                ids.sort_unstable();
                ids.dedup();
                ids
            });
            let d: Value = serde_json::from_str::<Value>(&payload.json).expect("json")["d"].take();
            guild_payloads.push(envelope("GUILD_CREATE", index as u64 + 2, &d, order));
            parts.push(guild);
        }
        let members = parts.iter().map(|p| p.members.len()).sum();
        // Traffic follows members: a guild is picked by its share of them.
        let weights: Vec<u64> = parts.iter().map(|p| p.members.len() as u64).collect();
        let total: u64 = weights.iter().sum();
        let mut events_out = Vec::with_capacity(events);
        for seq in (guilds as u64 + 2..).take(events) {
            let mut at = rng.below(total.max(1));
            let guild = parts
                .iter()
                .zip(&weights)
                .find(|(_, weight)| {
                    let here = at < **weight;
                    at = at.saturating_sub(**weight);
                    here
                })
                .map_or(&parts[0], |(guild, _)| guild);
            let mut pick = rng.below(1_000);
            let name = MIX
                .iter()
                .find(|(_, share)| {
                    let here = pick < *share;
                    pick = pick.saturating_sub(*share);
                    here
                })
                .map_or("PRESENCE_UPDATE", |(name, _)| name);
            let d = event_data(&mut rng, guild, name);
            events_out.push(envelope(name, seq, &d, order));
        }
        Self {
            guilds: guild_payloads,
            events: events_out,
            members,
        }
    }

    /// Every payload, GUILD_CREATEs first.
    pub fn payloads(&self) -> impl Iterator<Item = &Payload> {
        self.guilds.iter().chain(&self.events)
    }
}

fn pick<'a, T>(rng: &mut Rng, items: &'a [T]) -> &'a T {
    &items[rng.below(items.len() as u64) as usize]
}

/// A member of the guild, with its `user` as events carry it.
fn member_of(rng: &mut Rng, guild: &GuildParts) -> (String, Value) {
    let member = pick(rng, &guild.members).clone();
    let id = member["user"]["id"].as_str().expect("id").to_owned();
    (id, member)
}

fn event_data(rng: &mut Rng, guild: &GuildParts, name: &str) -> Value {
    let guild_id = guild.guild_id.as_str();
    match name {
        "PRESENCE_UPDATE" => {
            let (id, _) = member_of(rng, guild);
            presence(rng, &id, Some(guild_id))
        }
        "MESSAGE_CREATE" => message_data(rng, guild),
        "MESSAGE_UPDATE" => {
            let mut message = message_data(rng, guild);
            message["edited_timestamp"] = json!(rng.timestamp());
            message
        }
        "MESSAGE_DELETE" => json!({
            "id": rng.snowflake(),
            "channel_id": pick(rng, &guild.text_channels),
            "guild_id": guild_id,
        }),
        "TYPING_START" => {
            let (id, member) = member_of(rng, guild);
            json!({"user_id": id, "timestamp": 1_700_000_000 + rng.below(1_000_000), "member": member, "channel_id": pick(rng, &guild.text_channels), "guild_id": guild_id})
        }
        "GUILD_MEMBER_UPDATE" => {
            let (_, mut member) = member_of(rng, guild);
            member["guild_id"] = json!(guild_id);
            member["nick"] = json!(rng.word());
            member["roles"] = json!([pick(rng, &guild.roles)]);
            member
        }
        "GUILD_MEMBER_ADD" => {
            let id = rng.snowflake();
            let mut member = member(rng, &id, &guild.roles);
            member["guild_id"] = json!(guild_id);
            member
        }
        "GUILD_MEMBER_REMOVE" => {
            let (id, _) = member_of(rng, guild);
            json!({"guild_id": guild_id, "user": user(rng, &id)})
        }
        "MESSAGE_REACTION_ADD" | "MESSAGE_REACTION_REMOVE" => {
            let (id, member) = member_of(rng, guild);
            let mut reaction = json!({
                "user_id": id,
                "type": 0,
                "message_id": rng.snowflake(),
                "emoji": if rng.below(2) == 0 { json!({"name": "🔥", "id": null}) } else { json!({"name": rng.word(), "id": rng.snowflake(), "animated": false}) },
                "channel_id": pick(rng, &guild.text_channels),
                "burst": false,
                "guild_id": guild_id,
            });
            if name == "MESSAGE_REACTION_ADD" {
                reaction["member"] = member;
                reaction["message_author_id"] = json!(rng.snowflake());
                reaction["burst_colors"] = json!([]);
            }
            reaction
        }
        "VOICE_STATE_UPDATE" => {
            let (id, member) = member_of(rng, guild);
            let joined = rng.below(4) != 0;
            json!({
                "guild_id": guild_id,
                "channel_id": if joined { json!(pick(rng, &guild.text_channels)) } else { Value::Null },
                "user_id": id,
                "member": member,
                "session_id": rng.hash(),
                "deaf": false,
                "mute": false,
                "self_deaf": rng.below(3) == 0,
                "self_mute": rng.below(2) == 0,
                "self_stream": false,
                "self_video": false,
                "suppress": false,
                "request_to_speak_timestamp": null,
            })
        }
        "INTERACTION_CREATE" => {
            let (_, member) = member_of(rng, guild);
            let mut member = member;
            member["permissions"] = json!("2147483647");
            let channel_id = pick(rng, &guild.text_channels).clone();
            json!({
                "type": 2,
                "token": rng.hash(),
                "member": member,
                "id": rng.snowflake(),
                "guild_id": guild_id,
                "guild": {"id": guild_id, "locale": "en-US", "features": []},
                "app_permissions": "442368",
                "guild_locale": "en-US",
                "locale": "en-US",
                "data": {
                    "options": [{"type": 3, "name": "query", "value": rng.word()}],
                    "type": 1,
                    "name": "search",
                    "id": rng.snowflake(),
                },
                "channel_id": channel_id,
                "channel": {"id": channel_id, "type": 0, "guild_id": guild_id, "name": rng.word(), "position": 0, "permission_overwrites": [], "nsfw": false, "parent_id": null, "flags": 0, "rate_limit_per_user": 0, "topic": null, "last_message_id": null},
                "application_id": rng.snowflake(),
                "version": 1,
                "entitlements": [],
                "authorizing_integration_owners": {"0": guild_id},
                "context": 0,
                "attachment_size_limit": 26_214_400,
            })
        }
        "CHANNEL_UPDATE" => {
            let id = pick(rng, &guild.text_channels).clone();
            let position = rng.below(60);
            channel(rng, &id, guild_id, position, &guild.roles)
        }
        "THREAD_UPDATE" => {
            let (owner, _) = member_of(rng, guild);
            json!({
                "id": rng.snowflake(),
                "type": 11,
                "guild_id": guild_id,
                "parent_id": pick(rng, &guild.text_channels),
                "owner_id": owner,
                "name": rng.word(),
                "last_message_id": rng.snowflake(),
                "rate_limit_per_user": 0,
                "flags": 0,
                "message_count": rng.below(500),
                "member_count": rng.below(50),
                "total_message_sent": rng.below(500),
                "thread_metadata": {"archived": rng.below(4) == 0, "auto_archive_duration": 1440, "archive_timestamp": rng.timestamp(), "locked": false},
            })
        }
        "GUILD_ROLE_UPDATE" => {
            let id = pick(rng, &guild.roles).clone();
            let position = rng.below(30);
            json!({"guild_id": guild_id, "role": role(rng, &id, position)})
        }
        other => unreachable!("{other} is not in MIX"),
    }
}
