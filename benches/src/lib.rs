#![recursion_limit = "256"]
//! A realistic corpus of gateway payloads for the benchmarks, generated
//! deterministically so every run and every library sees the same bytes.
//!
//! The shapes follow Discord's documentation: a large GUILD_CREATE with
//! thousands of members and presences, MESSAGE_CREATE with embeds, a member
//! and mentions, PRESENCE_UPDATE, TYPING_START, reactions and
//! INTERACTION_CREATE.

use serde_json::{Value, json};

mod stream;

pub use stream::{EVENT_TYPES, KeyOrder, Stream};

/// A small deterministic generator (64-bit LCG), so the corpus needs no
/// random-number dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn snowflake(&mut self) -> String {
        // Ids from 2016 to 2024, as Discord hands out.
        let ms = 31_536_000_000 + self.below(252_288_000_000);
        ((ms << 22) | self.below(1 << 22)).to_string()
    }

    fn hash(&mut self) -> String {
        format!("{:016x}{:016x}", self.next(), self.next())
    }

    fn word(&mut self) -> String {
        const SYLLABLES: [&str; 16] = [
            "ka", "zu", "mi", "ro", "te", "la", "no", "shi", "ver", "dan", "qua", "pix", "el",
            "or", "im", "bo",
        ];
        let len = 2 + self.below(3);
        (0..len)
            .map(|_| SYLLABLES[self.below(16) as usize])
            .collect()
    }

    fn timestamp(&mut self) -> String {
        format!(
            "20{:02}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}+00:00",
            16 + self.below(9),
            1 + self.below(12),
            1 + self.below(28),
            self.below(24),
            self.below(60),
            self.below(60),
            self.below(1_000_000)
        )
    }
}

/// A gateway payload of the corpus.
pub struct Payload {
    /// The event's name.
    pub name: &'static str,
    /// The whole payload as received.
    pub json: String,
}

/// A dispatch with its keys in the order Discord most often sends them
/// (`t`, `s`, `op`, `d`).
#[expect(
    clippy::needless_pass_by_value,
    reason = "every caller builds d for this call"
)]
fn dispatch(name: &'static str, seq: u64, d: Value) -> Payload {
    stream::envelope(name, seq, &d, KeyOrder::DataLast)
}

fn user(rng: &mut Rng, id: &str) -> Value {
    let name = rng.word();
    json!({
        "id": id,
        "username": name,
        "global_name": if rng.below(3) == 0 { Value::Null } else { Value::String(name.to_uppercase()) },
        "avatar": if rng.below(5) == 0 { Value::Null } else { Value::String(rng.hash()) },
        "discriminator": "0",
        "public_flags": rng.below(2) * 64,
        "bot": rng.below(20) == 0,
        "avatar_decoration_data": null,
    })
}

fn member(rng: &mut Rng, user_id: &str, roles: &[String]) -> Value {
    let count = rng.below(4) as usize;
    let member_roles: Vec<_> = (0..count)
        .map(|_| roles[rng.below(roles.len() as u64) as usize].clone())
        .collect();
    json!({
        "user": user(rng, user_id),
        "nick": if rng.below(4) == 0 { Value::String(rng.word()) } else { Value::Null },
        "avatar": null,
        "banner": null,
        "roles": member_roles,
        "joined_at": rng.timestamp(),
        "premium_since": null,
        "deaf": false,
        "mute": false,
        "flags": 0,
        "pending": false,
        "communication_disabled_until": null,
    })
}

fn activity(rng: &mut Rng) -> Value {
    if rng.below(2) == 0 {
        json!({"name": "Custom Status", "type": 4, "state": rng.word(), "created_at": 1_700_000_000_000_u64 + rng.below(1_000_000_000), "id": "custom"})
    } else {
        json!({
            "name": rng.word(),
            "type": 0,
            "id": rng.hash(),
            "created_at": 1_700_000_000_000_u64 + rng.below(1_000_000_000),
            "application_id": rng.snowflake(),
            "details": rng.word(),
            "state": rng.word(),
            "timestamps": {"start": 1_700_000_000_000_u64 + rng.below(1_000_000)},
            "assets": {"large_image": rng.snowflake(), "large_text": rng.word()},
        })
    }
}

fn presence(rng: &mut Rng, user_id: &str, guild_id: Option<&str>) -> Value {
    let status = ["online", "idle", "dnd"][rng.below(3) as usize];
    let activities: Vec<_> = (0..rng.below(3)).map(|_| activity(rng)).collect();
    let mut presence = json!({
        "user": {"id": user_id},
        "status": status,
        "client_status": {"desktop": status},
        "activities": activities,
    });
    if let Some(guild_id) = guild_id {
        presence["guild_id"] = json!(guild_id);
    }
    presence
}

fn role(rng: &mut Rng, id: &str, position: u64) -> Value {
    json!({
        "id": id,
        "name": rng.word(),
        "color": rng.below(0x00FF_FFFF),
        "colors": {"primary_color": rng.below(0x00FF_FFFF), "secondary_color": null, "tertiary_color": null},
        "hoist": rng.below(2) == 0,
        "icon": null,
        "unicode_emoji": null,
        "position": position,
        "permissions": (rng.next() & 0x0003_FFFF_FFFF).to_string(),
        "managed": false,
        "mentionable": true,
        "flags": 0,
    })
}

fn channel(rng: &mut Rng, id: &str, guild_id: &str, position: u64, roles: &[String]) -> Value {
    let overwrites: Vec<_> = (0..rng.below(3))
        .map(|_| {
            json!({
                "id": roles[rng.below(roles.len() as u64) as usize],
                "type": 0,
                "allow": (rng.next() & 0xFFFF).to_string(),
                "deny": (rng.next() & 0xFFFF).to_string(),
            })
        })
        .collect();
    json!({
        "id": id,
        "type": if rng.below(5) == 0 { 2 } else { 0 },
        "guild_id": guild_id,
        "position": position,
        "permission_overwrites": overwrites,
        "name": rng.word(),
        "topic": if rng.below(2) == 0 { Value::String(rng.word()) } else { Value::Null },
        "nsfw": false,
        "last_message_id": rng.snowflake(),
        "rate_limit_per_user": 0,
        "parent_id": null,
        "flags": 0,
    })
}

/// A GUILD_CREATE of a guild with `members` members, each with a presence.
pub fn guild_create(seed: u64, members: usize) -> Payload {
    let mut rng = Rng(seed);
    guild_payload(&mut rng, |rng| {
        (0..members).map(|_| rng.snowflake()).collect()
    })
    .0
}

/// The ids and members of a generated guild, to make events about it.
pub struct GuildParts {
    /// The guild id.
    pub guild_id: String,
    /// The role ids (without @everyone).
    pub roles: Vec<String>,
    /// The text channel ids.
    pub text_channels: Vec<String>,
    /// The members as sent in the GUILD_CREATE.
    pub members: Vec<Value>,
}

/// A GUILD_CREATE whose members have the user ids `users` makes, and the
/// parts needed to make later events about the same guild.
fn guild_payload(
    rng: &mut Rng,
    users: impl FnOnce(&mut Rng) -> Vec<String>,
) -> (Payload, GuildParts) {
    let guild_id = rng.snowflake();
    let roles: Vec<String> = (0..30).map(|_| rng.snowflake()).collect();
    let role_objects: Vec<_> = roles
        .iter()
        .enumerate()
        .map(|(i, id)| role(rng, id, i as u64))
        .collect();
    let channels: Vec<_> = (0..60)
        .map(|i| {
            let id = rng.snowflake();
            channel(rng, &id, &guild_id, i, &roles)
        })
        .collect();
    let user_ids = users(rng);
    let member_objects: Vec<_> = user_ids.iter().map(|id| member(rng, id, &roles)).collect();
    let presences: Vec<_> = user_ids.iter().map(|id| presence(rng, id, None)).collect();
    let emojis: Vec<_> = (0..20)
        .map(|_| json!({"id": rng.snowflake(), "name": rng.word(), "roles": [], "require_colons": true, "managed": false, "animated": false, "available": true}))
        .collect();
    let text_channels = channels
        .iter()
        .filter(|c| c["type"] == 0)
        .map(|c| c["id"].as_str().expect("id").to_owned())
        .collect();
    let d = json!({
        "id": guild_id,
        "name": "A large guild",
        "icon": rng.hash(),
        "icon_hash": null,
        "splash": null,
        "discovery_splash": null,
        "owner_id": user_ids.first().cloned().unwrap_or_else(|| "1".to_owned()),
        "afk_channel_id": null,
        "afk_timeout": 300,
        "widget_enabled": false,
        "verification_level": 1,
        "default_message_notifications": 1,
        "explicit_content_filter": 2,
        "roles": role_objects,
        "emojis": emojis,
        "features": ["COMMUNITY", "NEWS", "ANIMATED_ICON", "INVITE_SPLASH"],
        "mfa_level": 1,
        "application_id": null,
        "system_channel_id": null,
        "system_channel_flags": 0,
        "rules_channel_id": null,
        "max_presences": null,
        "max_members": 500_000,
        "vanity_url_code": null,
        "description": null,
        "banner": null,
        "premium_tier": 2,
        "premium_subscription_count": 9,
        "preferred_locale": "en-US",
        "public_updates_channel_id": null,
        "max_video_channel_users": 25,
        "max_stage_video_channel_users": 50,
        "nsfw_level": 0,
        "stickers": [],
        "premium_progress_bar_enabled": false,
        "safety_alerts_channel_id": null,
        "incidents_data": null,
        "joined_at": rng.timestamp(),
        "large": true,
        "unavailable": false,
        "member_count": user_ids.len(),
        "voice_states": [],
        "members": member_objects.clone(),
        "channels": channels,
        "threads": [],
        "presences": presences,
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
    });
    let parts = GuildParts {
        guild_id,
        roles,
        text_channels,
        members: member_objects,
    };
    (dispatch("GUILD_CREATE", 2, d), parts)
}

fn embed(rng: &mut Rng) -> Value {
    json!({
        "type": "rich",
        "title": rng.word(),
        "description": (0..12).map(|_| rng.word()).collect::<Vec<_>>().join(" "),
        "color": rng.below(0x00FF_FFFF),
        "timestamp": rng.timestamp(),
        "footer": {"text": rng.word(), "icon_url": "https://cdn.discordapp.com/embed/avatars/0.png"},
        "author": {"name": rng.word(), "url": "https://discord.com"},
        "fields": (0..3).map(|_| json!({"name": rng.word(), "value": rng.word(), "inline": true})).collect::<Vec<_>>(),
    })
}

/// A MESSAGE_CREATE in a guild with a member, mentions and embeds.
pub fn message_create(rng_seed: u64, seq: u64) -> Payload {
    let mut rng = Rng(rng_seed);
    let author_id = rng.snowflake();
    let guild_id = rng.snowflake();
    let mut author_member = {
        let role = rng.snowflake();
        member(&mut rng, &author_id, &[role])
    };
    let author = author_member["user"].take();
    author_member
        .as_object_mut()
        .expect("object")
        .remove("user");
    let mention_id = rng.snowflake();
    let mention = user(&mut rng, &mention_id);
    let embeds: Vec<_> = (0..rng.below(3)).map(|_| embed(&mut rng)).collect();
    let d = json!({
        "type": 0,
        "tts": false,
        "timestamp": rng.timestamp(),
        "pinned": false,
        "nonce": rng.snowflake(),
        "mentions": [mention],
        "mention_roles": [],
        "mention_everyone": false,
        "member": author_member,
        "id": rng.snowflake(),
        "flags": 0,
        "embeds": embeds,
        "edited_timestamp": null,
        "content": (0..10).map(|_| rng.word()).collect::<Vec<_>>().join(" "),
        "components": [],
        "channel_id": rng.snowflake(),
        "author": author,
        "attachments": [],
        "guild_id": guild_id,
    });
    dispatch("MESSAGE_CREATE", seq, d)
}

/// A PRESENCE_UPDATE.
pub fn presence_update(seed: u64, seq: u64) -> Payload {
    let mut rng = Rng(seed);
    let user_id = rng.snowflake();
    let guild_id = rng.snowflake();
    dispatch(
        "PRESENCE_UPDATE",
        seq,
        presence(&mut rng, &user_id, Some(&guild_id)),
    )
}

/// A TYPING_START in a guild, with the member.
pub fn typing_start(seed: u64, seq: u64) -> Payload {
    let mut rng = Rng(seed);
    let user_id = rng.snowflake();
    let member = {
        let role = rng.snowflake();
        member(&mut rng, &user_id, &[role])
    };
    dispatch(
        "TYPING_START",
        seq,
        json!({"user_id": user_id, "timestamp": 1_700_000_000 + rng.below(1_000_000), "member": member, "channel_id": rng.snowflake(), "guild_id": rng.snowflake()}),
    )
}

/// A MESSAGE_REACTION_ADD in a guild, with the member.
pub fn reaction_add(seed: u64, seq: u64) -> Payload {
    let mut rng = Rng(seed);
    let user_id = rng.snowflake();
    let member = {
        let role = rng.snowflake();
        member(&mut rng, &user_id, &[role])
    };
    dispatch(
        "MESSAGE_REACTION_ADD",
        seq,
        json!({
            "user_id": user_id,
            "type": 0,
            "message_id": rng.snowflake(),
            "message_author_id": rng.snowflake(),
            "member": member,
            "emoji": {"name": "🔥", "id": null},
            "channel_id": rng.snowflake(),
            "burst": false,
            "burst_colors": [],
            "guild_id": rng.snowflake(),
        }),
    )
}

/// An INTERACTION_CREATE of a slash command with options.
pub fn interaction_create(seed: u64, seq: u64) -> Payload {
    let mut rng = Rng(seed);
    let user_id = rng.snowflake();
    let mut member = {
        let role = rng.snowflake();
        member(&mut rng, &user_id, &[role])
    };
    member["permissions"] = json!("2147483647");
    let guild_id = rng.snowflake();
    let channel_id = rng.snowflake();
    dispatch(
        "INTERACTION_CREATE",
        seq,
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
                "options": [{"type": 3, "name": "cardname", "value": "The Gitrog Monster"}, {"type": 4, "name": "count", "value": 3}],
                "type": 1,
                "name": "cardsearch",
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
        }),
    )
}

/// The corpus of one benchmark group.
pub struct Corpus {
    /// The payloads, in order.
    pub payloads: Vec<Payload>,
}

impl Corpus {
    /// Total bytes of the payloads.
    pub fn bytes(&self) -> usize {
        self.payloads.iter().map(|p| p.json.len()).sum()
    }

    /// The realistic mix: one large GUILD_CREATE (5,000 members, each with a
    /// presence) followed by the traffic of a busy bot.
    pub fn mixed() -> Self {
        let mut payloads = vec![guild_create(1, 5_000)];
        for (seq, i) in (3..).zip(0..2_000_u64) {
            let payload = match i % 10 {
                0..=3 => message_create(i, seq),
                4..=6 => presence_update(i, seq),
                7 => typing_start(i, seq),
                8 => reaction_add(i, seq),
                _ => interaction_create(i, seq),
            };
            payloads.push(payload);
        }
        Self { payloads }
    }

    /// One kind of event only: 500 payloads of it (or one large
    /// GUILD_CREATE).
    pub fn only(name: &str) -> Self {
        let payloads = match name {
            "GUILD_CREATE" => vec![guild_create(1, 5_000)],
            "MESSAGE_CREATE" => (0..500).map(|i| message_create(i, i + 1)).collect(),
            "PRESENCE_UPDATE" => (0..500).map(|i| presence_update(i, i + 1)).collect(),
            "TYPING_START" => (0..500).map(|i| typing_start(i, i + 1)).collect(),
            "MESSAGE_REACTION_ADD" => (0..500).map(|i| reaction_add(i, i + 1)).collect(),
            "INTERACTION_CREATE" => (0..500).map(|i| interaction_create(i, i + 1)).collect(),
            other => panic!("no corpus for {other}"),
        };
        Self { payloads }
    }
}

/// The cache benchmark's corpus: large GUILD_CREATEs with presences, then
/// traffic about those guilds by their members.
pub struct CacheCorpus {
    /// One GUILD_CREATE per guild.
    pub guilds: Vec<Payload>,
    /// MESSAGE_CREATEs in the guilds' text channels, by their members.
    pub messages: Vec<Payload>,
    /// GUILD_MEMBER_UPDATEs and PRESENCE_UPDATEs of the guilds' members.
    pub updates: Vec<Payload>,
    /// Members over all guilds (a user in two guilds counts twice).
    pub members: usize,
}

impl CacheCorpus {
    /// `guilds` guilds of `members` members each; a fifth of each guild's
    /// users are drawn from a pool shared by all guilds, as bots see many
    /// users in several of their guilds. Then `messages` messages and
    /// `updates` member and presence updates.
    pub fn new(guilds: usize, members: usize, messages: usize, updates: usize) -> Self {
        let mut pool_rng = Rng(7);
        let pool: Vec<String> = (0..members.max(1)).map(|_| pool_rng.snowflake()).collect();
        let mut rng = Rng(11);
        let mut parts = Vec::new();
        let mut payloads = Vec::new();
        for _ in 0..guilds {
            let (payload, guild) = guild_payload(&mut rng, |rng| {
                let mut ids: Vec<String> = (0..members)
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
            payloads.push(payload);
            parts.push(guild);
        }
        let total = parts.iter().map(|p| p.members.len()).sum();
        let pick = |rng: &mut Rng| &parts[rng.below(parts.len() as u64) as usize];
        let messages = (0..messages as u64)
            .map(|seq| {
                let guild = pick(&mut rng);
                message_in(&mut rng, guild, seq + 100)
            })
            .collect();
        let updates = (0..updates as u64)
            .map(|seq| {
                let guild = pick(&mut rng);
                if seq % 2 == 0 {
                    member_update(&mut rng, guild, seq + 100)
                } else {
                    let member = &guild.members[rng.below(guild.members.len() as u64) as usize];
                    let id = member["user"]["id"].as_str().expect("id").to_owned();
                    dispatch(
                        "PRESENCE_UPDATE",
                        seq + 100,
                        presence(&mut rng, &id, Some(&guild.guild_id)),
                    )
                }
            })
            .collect();
        Self {
            guilds: payloads,
            messages,
            updates,
            members: total,
        }
    }
}

fn message_in(rng: &mut Rng, guild: &GuildParts, seq: u64) -> Payload {
    dispatch("MESSAGE_CREATE", seq, message_data(rng, guild))
}

/// A message by one of the guild's members in one of its text channels.
fn message_data(rng: &mut Rng, guild: &GuildParts) -> Value {
    let mut author_member = guild.members[rng.below(guild.members.len() as u64) as usize].clone();
    let author = author_member["user"].take();
    author_member
        .as_object_mut()
        .expect("object")
        .remove("user");
    let mentioned = guild.members[rng.below(guild.members.len() as u64) as usize]["user"].clone();
    let embeds: Vec<_> = (0..rng.below(4) / 2).map(|_| embed(rng)).collect();
    let channel = &guild.text_channels[rng.below(guild.text_channels.len() as u64) as usize];
    json!({
        "type": 0,
        "tts": false,
        "timestamp": rng.timestamp(),
        "pinned": false,
        "nonce": rng.snowflake(),
        "mentions": if rng.below(4) == 0 { vec![mentioned] } else { Vec::new() },
        "mention_roles": [],
        "mention_everyone": false,
        "member": author_member,
        "id": rng.snowflake(),
        "flags": 0,
        "embeds": embeds,
        "edited_timestamp": null,
        "content": (0..1 + rng.below(20)).map(|_| rng.word()).collect::<Vec<_>>().join(" "),
        "components": [],
        "channel_id": channel,
        "author": author,
        "attachments": [],
        "guild_id": guild.guild_id,
    })
}

fn member_update(rng: &mut Rng, guild: &GuildParts, seq: u64) -> Payload {
    let mut member = guild.members[rng.below(guild.members.len() as u64) as usize].clone();
    member["guild_id"] = json!(guild.guild_id);
    member["nick"] = if rng.below(2) == 0 {
        Value::String(rng.word())
    } else {
        Value::Null
    };
    member["roles"] = json!([guild.roles[rng.below(guild.roles.len() as u64) as usize]]);
    dispatch("GUILD_MEMBER_UPDATE", seq, member)
}
