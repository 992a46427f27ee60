//! The in-memory state of the local Discord: guilds, channels, threads, roles,
//! members, users, messages, reactions, webhooks and interactions.
//!
//! Objects are kept as the JSON Discord sends, with every documented field.
//! Methods that change the state push the gateway events the change causes
//! into an [`Events`] list; the caller (the REST server) dispatches them once
//! the state is unlocked.

mod audit_log;
mod emojis;
mod invites;
mod overwrites;
mod permissions;

pub use audit_log::AuditLogQuery;
pub use permissions::Standing;

use crate::fixtures::{FixtureApplication, Fixtures};
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};
use twilight_model::Timestamp;
use twilight_model::id::{
    Id,
    marker::{GuildMarker, UserMarker},
};

/// Milliseconds from the Unix epoch to the Discord epoch (2015-01-01).
const DISCORD_EPOCH_MS: u64 = 1_420_070_400_000;

/// The limit of members above which a guild is `large` in GUILD_CREATE.
pub const LARGE_THRESHOLD: usize = 250;

/// A gateway event a change causes: the guild whose shard gets it (`None`:
/// every session), the event name, and its data.
pub type Event = (Option<Id<GuildMarker>>, &'static str, Value);

/// The events a change causes, in order.
pub type Events = Vec<Event>;

/// An error as Discord's REST API answers it.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: u16,
    /// Discord's JSON error code (0 for plain HTTP errors).
    pub code: u32,
    /// The message.
    pub message: String,
    /// The nested `errors` object of form errors (code 50035).
    pub errors: Option<Value>,
}

impl ApiError {
    /// A 404 with a JSON error code, such as 10003 Unknown Channel.
    pub fn unknown(code: u32, what: &str) -> Self {
        Self::new(404, code, &format!("Unknown {what}"))
    }

    /// An error with a status, code and message.
    pub fn new(status: u16, code: u32, message: &str) -> Self {
        Self {
            status,
            code,
            message: message.to_owned(),
            errors: None,
        }
    }

    /// A 400 "Invalid Form Body" (50035) whose `errors` name `path` (dotted;
    /// array indices as numbers) with error `code` and `message`.
    pub fn form(path: &str, code: &str, message: &str) -> Self {
        let mut errors = json!({ "_errors": [{ "code": code, "message": message }] });
        if !path.is_empty() {
            for key in path.rsplit('.') {
                let mut outer = Map::new();
                outer.insert(key.to_owned(), errors);
                errors = Value::Object(outer);
            }
        }
        Self {
            status: 400,
            code: 50035,
            message: "Invalid Form Body".to_owned(),
            errors: Some(errors),
        }
    }

    /// The JSON body Discord sends for this error.
    pub fn body(&self) -> Value {
        let mut body = json!({ "message": self.message, "code": self.code });
        if let Some(errors) = &self.errors {
            body["errors"] = errors.clone();
        }
        body
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} (code {})", self.status, self.message, self.code)
    }
}

impl std::error::Error for ApiError {}

/// 10003 Unknown Channel.
fn unknown_channel() -> ApiError {
    ApiError::unknown(10003, "Channel")
}
/// 10004 Unknown Guild.
fn unknown_guild() -> ApiError {
    ApiError::unknown(10004, "Guild")
}
/// 10007 Unknown Member.
fn unknown_member() -> ApiError {
    ApiError::unknown(10007, "Member")
}
/// 10008 Unknown Message.
fn unknown_message() -> ApiError {
    ApiError::unknown(10008, "Message")
}
/// 10011 Unknown Role.
fn unknown_role() -> ApiError {
    ApiError::unknown(10011, "Role")
}
/// 10013 Unknown User.
fn unknown_user() -> ApiError {
    ApiError::unknown(10013, "User")
}
/// 10015 Unknown Webhook.
fn unknown_webhook() -> ApiError {
    ApiError::unknown(10015, "Webhook")
}
/// 10062 Unknown interaction.
fn unknown_interaction() -> ApiError {
    ApiError::unknown(10062, "interaction")
}

/// A file uploaded with a multipart request.
#[derive(Clone, Debug)]
pub struct Upload {
    /// The `n` of the `files[n]` part (or the part's position).
    pub index: u64,
    /// The file name.
    pub filename: String,
    /// The part's content type.
    pub content_type: Option<String>,
    /// The file's bytes.
    pub data: bytes::Bytes,
}

/// A stored attachment's bytes, served at its `url`.
#[derive(Clone, Debug)]
pub struct StoredFile {
    /// The content type.
    pub content_type: String,
    /// The bytes.
    pub data: bytes::Bytes,
}

/// Who sends a message.
#[derive(Clone, Debug)]
pub enum Author {
    /// The bot, through the bot token.
    Bot,
    /// A webhook (its id), optionally with a username and avatar override.
    Webhook {
        /// The webhook id.
        id: u64,
        /// `username` override.
        username: Option<String>,
        /// `avatar_url` override.
        avatar_url: Option<String>,
    },
    /// A user (control: a user posts a message).
    User(u64),
    /// An interaction response or follow-up (the interaction id).
    Interaction {
        /// The interaction id.
        id: u64,
        /// Whether this is the initial response.
        original: bool,
    },
}

#[derive(Debug)]
struct Reaction {
    key: String,
    emoji: Value,
    users: Vec<u64>,
}

#[derive(Debug)]
struct Message {
    value: Value,
    reactions: Vec<Reaction>,
    pinned_at: Option<String>,
}

#[derive(Debug)]
struct Guild {
    base: Value,
    joined_at: String,
    roles: BTreeMap<u64, Value>,
    /// Member objects without `user`.
    members: BTreeMap<u64, Value>,
    presences: HashMap<u64, String>,
    bans: BTreeMap<u64, Option<String>>,
    emojis: BTreeMap<u64, Value>,
    /// Audit log entries, oldest first.
    audit_log: Vec<Value>,
}

// No Debug: it holds the interaction's token.
struct Interaction {
    value: Value,
    token: String,
    channel_id: Option<u64>,
    guild_id: Option<u64>,
    created: tokio::time::Instant,
    responded: bool,
    original: Option<u64>,
    followups: HashSet<u64>,
}

// No Debug: it holds webhook and interaction tokens.
struct Inner {
    bot_id: u64,
    application: FixtureApplication,
    users: HashMap<u64, Value>,
    guilds: BTreeMap<u64, Guild>,
    /// Guild channels and threads.
    channels: BTreeMap<u64, Value>,
    messages: HashMap<u64, BTreeMap<u64, Message>>,
    thread_members: HashMap<u64, BTreeMap<u64, String>>,
    webhooks: BTreeMap<u64, Value>,
    interactions: HashMap<u64, Interaction>,
    files: HashMap<u64, StoredFile>,
    /// Invites by code.
    invites: BTreeMap<String, Value>,
}

/// The mock's data, shared by the REST and gateway servers. Internally
/// synchronised: every method takes `&self`.
pub struct State {
    inner: Mutex<Inner>,
    last_id: AtomicU64,
}

impl std::fmt::Debug for State {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("State").finish_non_exhaustive()
    }
}

/// The current time in Discord's ISO 8601 form.
pub fn now_iso() -> String {
    let micros = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_micros()).unwrap_or(i64::MAX));
    Timestamp::from_micros(micros).iso_8601().to_string()
}

fn iso_of_snowflake(id: u64) -> String {
    let ms = (id >> 22) + DISCORD_EPOCH_MS;
    Timestamp::from_micros(i64::try_from(ms).unwrap_or(0) * 1000)
        .iso_8601()
        .to_string()
}

fn id_str(id: u64) -> Value {
    Value::String(id.to_string())
}

/// Reads a snowflake from a JSON string or number.
pub fn snowflake_of(value: &Value) -> Option<u64> {
    match value {
        Value::String(s) => s.parse().ok().filter(|n| *n != 0),
        Value::Number(n) => n.as_u64().filter(|n| *n != 0),
        _ => None,
    }
}

fn field_id(value: &Value, key: &str) -> Option<u64> {
    value.get(key).and_then(snowflake_of)
}

/// A user object with every documented field.
fn user_object(
    id: u64,
    username: &str,
    global_name: Option<&str>,
    avatar: Option<&str>,
    bot: bool,
) -> Value {
    json!({
        "id": id_str(id),
        "username": username,
        "discriminator": "0",
        "global_name": global_name,
        "avatar": avatar,
        "bot": bot,
        "system": false,
        "banner": null,
        "accent_color": null,
        "flags": 0,
        "public_flags": 0,
        "avatar_decoration_data": null,
        "collectibles": null,
        "primary_guild": null,
    })
}

fn role_object(
    id: u64,
    name: &str,
    permissions: &str,
    position: i64,
    color: u32,
    hoist: bool,
    mentionable: bool,
) -> Value {
    json!({
        "id": id_str(id),
        "name": name,
        "color": color,
        "colors": { "primary_color": color, "secondary_color": null, "tertiary_color": null },
        "hoist": hoist,
        "icon": null,
        "unicode_emoji": null,
        "position": position,
        "permissions": permissions,
        "managed": false,
        "mentionable": mentionable,
        "tags": {},
        "flags": 0,
    })
}

fn member_object(roles: &[u64], nick: Option<&str>, joined_at: &str) -> Value {
    json!({
        "nick": nick,
        "avatar": null,
        "banner": null,
        "roles": roles.iter().map(|r| id_str(*r)).collect::<Vec<_>>(),
        "joined_at": joined_at,
        "premium_since": null,
        "deaf": false,
        "mute": false,
        "flags": 0,
        "pending": false,
        "communication_disabled_until": null,
        "avatar_decoration_data": null,
        "collectibles": null,
    })
}

fn is_thread(kind: u64) -> bool {
    matches!(kind, 10..=12)
}

/// A channel object with every field documented for its type.
#[allow(clippy::too_many_arguments)]
fn channel_object(
    id: u64,
    guild_id: u64,
    kind: u64,
    name: &str,
    position: i64,
    parent_id: Option<u64>,
    topic: Option<&str>,
    owner_id: u64,
) -> Value {
    let mut c = json!({
        "id": id_str(id),
        "type": kind,
        "guild_id": id_str(guild_id),
        "name": name,
        "parent_id": parent_id.map(id_str),
        "flags": 0,
    });
    if is_thread(kind) {
        let now = now_iso();
        let extra = json!({
            "owner_id": id_str(owner_id),
            "last_message_id": null,
            "last_pin_timestamp": null,
            "message_count": 0,
            "member_count": 0,
            "rate_limit_per_user": 0,
            "total_message_sent": 0,
            "applied_tags": [],
            "thread_metadata": {
                "archived": false,
                "auto_archive_duration": 1440,
                "archive_timestamp": now,
                "locked": false,
                "invitable": kind == 12,
                "create_timestamp": now,
            },
        });
        merge(&mut c, &extra);
        return c;
    }
    merge(
        &mut c,
        &json!({ "position": position, "permission_overwrites": [], "nsfw": false }),
    );
    match kind {
        2 | 13 => merge(
            &mut c,
            &json!({
                "bitrate": 64000,
                "user_limit": 0,
                "rtc_region": null,
                "video_quality_mode": 1,
                "last_message_id": null,
                "rate_limit_per_user": 0,
                "topic": topic,
            }),
        ),
        4 => {}
        _ => {
            merge(
                &mut c,
                &json!({
                    "topic": topic,
                    "last_message_id": null,
                    "last_pin_timestamp": null,
                    "rate_limit_per_user": 0,
                    "default_auto_archive_duration": 1440,
                    "default_thread_rate_limit_per_user": 0,
                }),
            );
            if matches!(kind, 15 | 16) {
                merge(
                    &mut c,
                    &json!({
                        "available_tags": [],
                        "default_reaction_emoji": null,
                        "default_sort_order": null,
                        "default_forum_layout": 0,
                    }),
                );
            }
        }
    }
    c
}

fn merge(target: &mut Value, extra: &Value) {
    if let (Some(t), Some(e)) = (target.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            t.insert(k.clone(), v.clone());
        }
    }
}

fn guild_base(id: u64, name: &str, owner_id: u64, system_channel: Option<u64>) -> Value {
    json!({
        "id": id_str(id),
        "name": name,
        "icon": null,
        "icon_hash": null,
        "splash": null,
        "discovery_splash": null,
        "owner_id": id_str(owner_id),
        "region": null,
        "afk_channel_id": null,
        "afk_timeout": 300,
        "widget_enabled": false,
        "widget_channel_id": null,
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "features": [],
        "mfa_level": 0,
        "application_id": null,
        "system_channel_id": system_channel.map(id_str),
        "system_channel_flags": 0,
        "rules_channel_id": null,
        "max_presences": null,
        "max_members": 500_000,
        "vanity_url_code": null,
        "description": null,
        "banner": null,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "preferred_locale": "en-US",
        "public_updates_channel_id": null,
        "max_video_channel_users": 25,
        "max_stage_video_channel_users": 50,
        "nsfw_level": 0,
        "premium_progress_bar_enabled": false,
        "safety_alerts_channel_id": null,
        "incidents_data": null,
    })
}

/// Reads an optional string field; `Err` if present with another type.
fn opt_str<'a>(body: &'a Value, key: &str) -> Result<Option<&'a str>, ApiError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(ApiError::form(key, "BASE_TYPE_STRING", "Must be a string.")),
    }
}

fn opt_bool(body: &Value, key: &str) -> Result<Option<bool>, ApiError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(ApiError::form(
            key,
            "BASE_TYPE_BOOLEAN",
            "Must be either true or false.",
        )),
    }
}

fn opt_int(body: &Value, key: &str) -> Result<Option<i64>, ApiError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) if n.as_i64().is_some() => Ok(n.as_i64()),
        Some(_) => Err(ApiError::form(
            key,
            "NUMBER_TYPE_COERCE",
            "Value is not int.",
        )),
    }
}

fn check_len(key: &str, value: &str, min: usize, max: usize) -> Result<(), ApiError> {
    let n = value.chars().count();
    if n > max {
        Err(ApiError::form(
            key,
            "BASE_TYPE_MAX_LENGTH",
            &format!("Must be {max} or fewer in length."),
        ))
    } else if n < min {
        Err(ApiError::form(
            key,
            "BASE_TYPE_BAD_LENGTH",
            &format!("Must be between {min} and {max} in length."),
        ))
    } else {
        Ok(())
    }
}

fn opt_id_array(body: &Value, key: &str) -> Result<Option<Vec<u64>>, ApiError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, v)| {
                snowflake_of(v).ok_or_else(|| {
                    ApiError::form(
                        &format!("{key}.{i}"),
                        "NUMBER_TYPE_COERCE",
                        &format!("Value \"{v}\" is not snowflake."),
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some),
        Some(_) => Err(ApiError::form(key, "BASE_TYPE_ARRAY", "Must be an array.")),
    }
}

/// Parses the emoji of a reaction route: a unicode emoji, or `name:id`.
fn parse_emoji(text: &str) -> Result<(String, Value), ApiError> {
    if text.is_empty() {
        return Err(ApiError::new(400, 10014, "Unknown Emoji"));
    }
    if let Some((name, id)) = text.rsplit_once(':') {
        let id: u64 = id
            .parse()
            .map_err(|_| ApiError::new(400, 10014, "Unknown Emoji"))?;
        let name = name.trim_start_matches("a:");
        return Ok((
            id.to_string(),
            json!({ "id": id_str(id), "name": name, "animated": false }),
        ));
    }
    if text.chars().count() > 16 || text.is_ascii() {
        return Err(ApiError::new(400, 10014, "Unknown Emoji"));
    }
    Ok((text.to_owned(), json!({ "id": null, "name": text })))
}

impl State {
    /// A state holding the fixtures.
    pub fn new(fixtures: &Fixtures) -> Self {
        let bot = &fixtures.bot;
        let mut users = HashMap::new();
        let mut bot_user = user_object(
            bot.id.get(),
            &bot.username,
            bot.global_name.as_deref(),
            bot.avatar.as_deref(),
            true,
        );
        merge(
            &mut bot_user,
            &json!({ "mfa_enabled": false, "locale": "en-US", "verified": true, "email": null, "premium_type": 0 }),
        );
        users.insert(bot.id.get(), bot_user);
        for u in &fixtures.users {
            users.insert(
                u.id.get(),
                user_object(
                    u.id.get(),
                    &u.username,
                    u.global_name.as_deref(),
                    u.avatar.as_deref(),
                    u.bot,
                ),
            );
        }
        let joined_at = now_iso();
        let mut guilds = BTreeMap::new();
        let mut channels = BTreeMap::new();
        let mut thread_members: HashMap<u64, BTreeMap<u64, String>> = HashMap::new();
        for g in &fixtures.guilds {
            let gid = g.id.get();
            let owner = g.owner_id.unwrap_or(bot.id).get();
            let first_text = g.channels.iter().find(|c| c.kind == 0).map(|c| c.id.get());
            let mut roles = BTreeMap::new();
            for r in &g.roles {
                roles.insert(
                    r.id.get(),
                    role_object(
                        r.id.get(),
                        &r.name,
                        &r.permissions,
                        r.position,
                        r.color,
                        r.hoist,
                        r.mentionable,
                    ),
                );
            }
            roles.entry(gid).or_insert_with(|| {
                role_object(
                    gid,
                    "@everyone",
                    crate::fixtures::DEFAULT_EVERYONE_PERMISSIONS,
                    0,
                    0,
                    false,
                    false,
                )
            });
            let mut members = BTreeMap::new();
            let mut presences = HashMap::new();
            for m in &g.members {
                if !users.contains_key(&m.user_id.get()) {
                    continue;
                }
                let member_roles: Vec<u64> = m
                    .roles
                    .iter()
                    .map(|r| r.get())
                    .filter(|r| roles.contains_key(r) && *r != gid)
                    .collect();
                members.insert(
                    m.user_id.get(),
                    member_object(&member_roles, m.nick.as_deref(), &joined_at),
                );
                presences.insert(m.user_id.get(), m.status.clone());
            }
            for c in &g.channels {
                let kind = u64::from(c.kind);
                let owner_id = c.owner_id.unwrap_or(bot.id).get();
                let value = channel_object(
                    c.id.get(),
                    gid,
                    kind,
                    &c.name,
                    c.position,
                    c.parent_id.map(Id::get),
                    c.topic.as_deref(),
                    owner_id,
                );
                if is_thread(kind) {
                    let mut tm = BTreeMap::new();
                    tm.insert(owner_id, joined_at.clone());
                    tm.insert(bot.id.get(), joined_at.clone());
                    thread_members.insert(c.id.get(), tm);
                }
                channels.insert(c.id.get(), value);
            }
            for (tid, tm) in &thread_members {
                if let Some(c) = channels.get_mut(tid) {
                    c["member_count"] = json!(tm.len());
                }
            }
            guilds.insert(
                gid,
                Guild {
                    base: guild_base(gid, &g.name, owner, first_text),
                    joined_at: joined_at.clone(),
                    roles,
                    members,
                    presences,
                    bans: BTreeMap::new(),
                    emojis: BTreeMap::new(),
                    audit_log: Vec::new(),
                },
            );
        }
        Self {
            inner: Mutex::new(Inner {
                bot_id: bot.id.get(),
                application: fixtures.application.clone(),
                users,
                guilds,
                channels,
                messages: HashMap::new(),
                thread_members,
                webhooks: BTreeMap::new(),
                interactions: HashMap::new(),
                files: HashMap::new(),
                invites: BTreeMap::new(),
            }),
            last_id: AtomicU64::new(0),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// A new snowflake, timestamped now, larger than every earlier one.
    pub fn next_id(&self) -> u64 {
        let now_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(0))
            .saturating_sub(DISCORD_EPOCH_MS);
        let candidate = now_ms << 22;
        let mut last = self.last_id.load(Ordering::Relaxed);
        loop {
            let next = candidate.max(last + 1);
            match self.last_id.compare_exchange_weak(
                last,
                next,
                Ordering::Relaxed,
                Ordering::Relaxed,
            ) {
                Ok(_) => return next,
                Err(actual) => last = actual,
            }
        }
    }

    /// The bot's user object, as in READY.
    pub fn bot_user(&self) -> Value {
        let inner = self.lock();
        inner
            .users
            .get(&inner.bot_id)
            .cloned()
            .unwrap_or(Value::Null)
    }

    /// The bot's user id.
    pub fn bot_id(&self) -> Id<UserMarker> {
        Id::new(self.lock().bot_id)
    }

    /// The partial application object of READY (`id`, `flags`).
    pub fn application(&self) -> Value {
        let inner = self.lock();
        json!({ "id": inner.application.id.to_string(), "flags": inner.application.flags })
    }

    /// The application id.
    pub fn application_id(&self) -> u64 {
        self.lock().application.id.get()
    }

    /// The full application object (GET /applications/@me).
    pub fn application_full(&self) -> Value {
        let inner = self.lock();
        let bot = inner
            .users
            .get(&inner.bot_id)
            .cloned()
            .unwrap_or(Value::Null);
        json!({
            "id": inner.application.id.to_string(),
            "name": inner.application.name,
            "icon": null,
            "description": "",
            "rpc_origins": [],
            "bot_public": true,
            "bot_require_code_grant": false,
            "bot": bot,
            "terms_of_service_url": null,
            "privacy_policy_url": null,
            "owner": bot,
            "verify_key": "0000000000000000000000000000000000000000000000000000000000000000",
            "team": null,
            "flags": inner.application.flags,
            "approximate_guild_count": inner.guilds.len(),
            "approximate_user_install_count": 0,
            "redirect_uris": [],
            "interactions_endpoint_url": null,
            "role_connections_verification_url": null,
            "event_webhooks_url": null,
            "event_webhooks_status": 1,
            "tags": [],
            "integration_types_config": { "0": {} },
        })
    }

    /// Every guild the bot is in.
    pub fn guild_ids(&self) -> Vec<Id<GuildMarker>> {
        self.lock().guilds.keys().map(|g| Id::new(*g)).collect()
    }

    /// The full GUILD_CREATE payload of a guild (every documented field, every
    /// array even when empty), or `None` if there is no such guild.
    ///
    /// A guild with more than [`LARGE_THRESHOLD`] members is `large`: its
    /// `members` then hold only the bot and members whose presence is not
    /// offline (request the rest with REQUEST_GUILD_MEMBERS).
    pub fn guild_create(&self, guild_id: Id<GuildMarker>) -> Option<Value> {
        let inner = self.lock();
        let guild = inner.guilds.get(&guild_id.get())?;
        let mut payload = Inner::guild_object(guild);
        let large = guild.members.len() > LARGE_THRESHOLD;
        let members: Vec<Value> = guild
            .members
            .keys()
            .filter(|u| {
                !large
                    || **u == inner.bot_id
                    || guild.presences.get(u).is_some_and(|s| s != "offline")
            })
            .filter_map(|u| inner.member_value(guild, *u))
            .collect();
        let presences: Vec<Value> = guild
            .presences
            .iter()
            .filter(|(_, s)| s.as_str() != "offline")
            .map(|(u, s)| presence_object(guild_id.get(), *u, s))
            .collect();
        let (channels, threads): (Vec<Value>, Vec<Value>) = inner
            .guild_channels(guild_id.get())
            .into_iter()
            .partition(|c| !c["type"].as_u64().is_some_and(is_thread));
        let threads: Vec<Value> = threads
            .into_iter()
            .map(|mut t| {
                if let Some(tid) = field_id(&t, "id") {
                    inner.add_thread_member_field(&mut t, tid);
                }
                t
            })
            .collect();
        merge(
            &mut payload,
            &json!({
                "joined_at": guild.joined_at,
                "large": large,
                "unavailable": false,
                "member_count": guild.members.len(),
                "voice_states": [],
                "members": members,
                "channels": channels,
                "threads": threads,
                "presences": presences,
                "stage_instances": [],
                "guild_scheduled_events": [],
                "soundboard_sounds": [],
            }),
        );
        Some(payload)
    }

    /// Members for REQUEST_GUILD_MEMBERS: by username prefix `query` (empty:
    /// all) up to `limit` (0: no limit), or exactly `user_ids`.
    pub fn members(
        &self,
        guild_id: Id<GuildMarker>,
        query: Option<&str>,
        limit: usize,
        user_ids: Option<&[Id<UserMarker>]>,
    ) -> Vec<Value> {
        let inner = self.lock();
        let Some(guild) = inner.guilds.get(&guild_id.get()) else {
            return Vec::new();
        };
        if let Some(ids) = user_ids {
            return ids
                .iter()
                .filter_map(|u| inner.member_value(guild, u.get()))
                .collect();
        }
        let query = query.unwrap_or("").to_lowercase();
        let limit = if limit == 0 { usize::MAX } else { limit };
        guild
            .members
            .keys()
            .filter_map(|u| inner.member_value(guild, *u))
            .filter(|m| {
                query.is_empty()
                    || m["user"]["username"]
                        .as_str()
                        .is_some_and(|n| n.to_lowercase().starts_with(&query))
                    || m["nick"]
                        .as_str()
                        .is_some_and(|n| n.to_lowercase().starts_with(&query))
            })
            .take(limit)
            .collect()
    }

    /// The presences of the given members (for `presences: true`).
    pub fn presences(&self, guild_id: Id<GuildMarker>, user_ids: &[Id<UserMarker>]) -> Vec<Value> {
        let inner = self.lock();
        let Some(guild) = inner.guilds.get(&guild_id.get()) else {
            return Vec::new();
        };
        user_ids
            .iter()
            .filter(|u| guild.members.contains_key(&u.get()))
            .map(|u| {
                let status = guild
                    .presences
                    .get(&u.get())
                    .map_or("offline", String::as_str);
                presence_object(guild_id.get(), u.get(), status)
            })
            .collect()
    }

    /// The guild that owns a channel or thread.
    pub fn channel_guild(&self, channel_id: u64) -> Option<Id<GuildMarker>> {
        let inner = self.lock();
        inner
            .channels
            .get(&channel_id)
            .and_then(|c| field_id(c, "guild_id"))
            .map(Id::new)
    }

    /// A stored attachment's bytes.
    pub fn file(&self, attachment_id: u64) -> Option<StoredFile> {
        self.lock().files.get(&attachment_id).cloned()
    }

    // ----- guilds -----

    /// GET /guilds/{guild.id}.
    pub fn get_guild(&self, guild_id: u64, with_counts: bool) -> Result<Value, ApiError> {
        let inner = self.lock();
        let guild = inner.guilds.get(&guild_id).ok_or_else(unknown_guild)?;
        let mut g = Inner::guild_object(guild);
        if with_counts {
            g["approximate_member_count"] = json!(guild.members.len());
            g["approximate_presence_count"] = json!(
                guild
                    .presences
                    .values()
                    .filter(|s| s.as_str() != "offline")
                    .count()
            );
        }
        Ok(g)
    }

    // ----- users -----

    /// GET /users/{user.id}.
    pub fn get_user(&self, user_id: u64) -> Result<Value, ApiError> {
        self.lock()
            .users
            .get(&user_id)
            .cloned()
            .ok_or_else(unknown_user)
    }

    // ----- channels -----

    /// GET /channels/{channel.id}.
    pub fn get_channel(&self, channel_id: u64) -> Result<Value, ApiError> {
        let inner = self.lock();
        let mut c = inner
            .channels
            .get(&channel_id)
            .cloned()
            .ok_or_else(unknown_channel)?;
        inner.add_thread_member_field(&mut c, channel_id);
        Ok(c)
    }

    /// PATCH /channels/{channel.id}.
    pub fn modify_channel(
        &self,
        channel_id: u64,
        body: &Value,
        events: &mut Events,
    ) -> Result<Value, ApiError> {
        let mut inner = self.lock();
        let channel = inner
            .channels
            .get(&channel_id)
            .ok_or_else(unknown_channel)?;
        let kind = channel["type"].as_u64().unwrap_or(0);
        let mut updated = channel.clone();
        if let Some(name) = opt_str(body, "name")? {
            check_len("name", name, 1, 100)?;
            updated["name"] = json!(name);
        }
        if body.get("topic").is_some() && !is_thread(kind) {
            let topic = opt_str(body, "topic")?;
            if let Some(t) = topic {
                check_len("topic", t, 0, 1024)?;
            }
            updated["topic"] = json!(topic);
        }
        for key in [
            "position",
            "rate_limit_per_user",
            "bitrate",
            "user_limit",
            "default_auto_archive_duration",
        ] {
            if let Some(v) = opt_int(body, key)?
                && updated.get(key).is_some()
            {
                updated[key] = json!(v);
            }
        }
        if let Some(nsfw) = opt_bool(body, "nsfw")?
            && updated.get("nsfw").is_some()
        {
            updated["nsfw"] = json!(nsfw);
        }
        if body.get("parent_id").is_some() && !is_thread(kind) {
            updated["parent_id"] = match body.get("parent_id") {
                Some(Value::Null) => Value::Null,
                Some(v) => {
                    let parent = snowflake_of(v).ok_or_else(|| {
                        ApiError::form("parent_id", "NUMBER_TYPE_COERCE", "Value is not snowflake.")
                    })?;
                    if !inner.channels.contains_key(&parent) {
                        return Err(ApiError::form(
                            "parent_id",
                            "CHANNEL_PARENT_INVALID",
                            "Category does not exist.",
                        ));
                    }
                    id_str(parent)
                }
                None => Value::Null,
            };
        }
        if let Some(po) = body.get("permission_overwrites") {
            if !po.is_array() {
                return Err(ApiError::form(
                    "permission_overwrites",
                    "BASE_TYPE_ARRAY",
                    "Must be an array.",
                ));
            }
            if updated.get("permission_overwrites").is_some() {
                updated["permission_overwrites"] = po.clone();
            }
        }
        if is_thread(kind) {
            for key in ["archived", "locked", "invitable"] {
                if let Some(v) = opt_bool(body, key)? {
                    updated["thread_metadata"][key] = json!(v);
                    if key == "archived" {
                        updated["thread_metadata"]["archive_timestamp"] = json!(now_iso());
                    }
                }
            }
            if let Some(v) = opt_int(body, "auto_archive_duration")? {
                updated["thread_metadata"]["auto_archive_duration"] = json!(v);
            }
        }
        inner.channels.insert(channel_id, updated.clone());
        let guild = field_id(&updated, "guild_id").map(Id::new);
        let event = if is_thread(kind) {
            "THREAD_UPDATE"
        } else {
            "CHANNEL_UPDATE"
        };
        events.push((guild, event, updated.clone()));
        inner.add_thread_member_field(&mut updated, channel_id);
        Ok(updated)
    }

    /// DELETE /channels/{channel.id}.
    pub fn delete_channel(&self, channel_id: u64, events: &mut Events) -> Result<Value, ApiError> {
        let mut inner = self.lock();
        let channel = inner
            .channels
            .remove(&channel_id)
            .ok_or_else(unknown_channel)?;
        inner.messages.remove(&channel_id);
        inner.thread_members.remove(&channel_id);
        let guild = field_id(&channel, "guild_id").map(Id::new);
        let kind = channel["type"].as_u64().unwrap_or(0);
        if is_thread(kind) {
            events.push((
                guild,
                "THREAD_DELETE",
                json!({ "id": channel["id"], "guild_id": channel["guild_id"], "parent_id": channel["parent_id"], "type": kind }),
            ));
        } else {
            // Threads of a deleted channel go with it.
            let threads: Vec<u64> = inner
                .channels
                .iter()
                .filter(|(_, c)| {
                    field_id(c, "parent_id") == Some(channel_id)
                        && c["type"].as_u64().is_some_and(is_thread)
                })
                .map(|(id, _)| *id)
                .collect();
            for t in threads {
                inner.channels.remove(&t);
                inner.messages.remove(&t);
                inner.thread_members.remove(&t);
            }
            events.push((guild, "CHANNEL_DELETE", channel.clone()));
        }
        Ok(channel)
    }

    /// POST /guilds/{guild.id}/channels.
    pub fn create_guild_channel(
        &self,
        guild_id: u64,
        body: &Value,
        events: &mut Events,
    ) -> Result<Value, ApiError> {
        let id = self.next_id();
        let mut inner = self.lock();
        if !inner.guilds.contains_key(&guild_id) {
            return Err(unknown_guild());
        }
        let Some(name) = opt_str(body, "name")? else {
            return Err(ApiError::form(
                "name",
                "BASE_TYPE_REQUIRED",
                "This field is required",
            ));
        };
        check_len("name", name, 1, 100)?;
        let kind = opt_int(body, "type")?.unwrap_or(0);
        if !matches!(kind, 0 | 2 | 4 | 5 | 13 | 14 | 15 | 16) {
            return Err(ApiError::form(
                "type",
                "BASE_TYPE_CHOICES",
                "Value must be one of {0, 2, 4, 5, 13, 14, 15, 16}.",
            ));
        }
        let parent = match body.get("parent_id") {
            None | Some(Value::Null) => None,
            Some(v) => {
                let p = snowflake_of(v).ok_or_else(|| {
                    ApiError::form("parent_id", "NUMBER_TYPE_COERCE", "Value is not snowflake.")
                })?;
                if inner.channels.get(&p).is_none_or(|c| c["type"] != 4) {
                    return Err(ApiError::form(
                        "parent_id",
                        "CHANNEL_PARENT_INVALID",
                        "Category does not exist.",
                    ));
                }
                Some(p)
            }
        };
        let topic = opt_str(body, "topic")?;
        let position = opt_int(body, "position")?
            .unwrap_or_else(|| i64::try_from(inner.guild_channels(guild_id).len()).unwrap_or(0));
        let bot = inner.bot_id;
        let mut channel = channel_object(
            id,
            guild_id,
            kind.unsigned_abs(),
            name,
            position,
            parent,
            topic,
            bot,
        );
        if let Some(nsfw) = opt_bool(body, "nsfw")? {
            channel["nsfw"] = json!(nsfw);
        }
        if let Some(po) = body.get("permission_overwrites").filter(|v| v.is_array()) {
            channel["permission_overwrites"] = po.clone();
        }
        inner.channels.insert(id, channel.clone());
        events.push((Id::new_checked(guild_id), "CHANNEL_CREATE", channel.clone()));
        Ok(channel)
    }

    /// GET /guilds/{guild.id}/channels (threads excluded).
    pub fn list_guild_channels(&self, guild_id: u64) -> Result<Value, ApiError> {
        let inner = self.lock();
        if !inner.guilds.contains_key(&guild_id) {
            return Err(unknown_guild());
        }
        Ok(Value::Array(
            inner
                .guild_channels(guild_id)
                .into_iter()
                .filter(|c| !c["type"].as_u64().is_some_and(is_thread))
                .collect(),
        ))
    }

    // ----- messages -----

    /// POST /channels/{channel.id}/messages (and webhook execution and
    /// interaction responses, by `author`). `files` are the uploads of a
    /// multipart request; `file_base` is the URL prefix of stored files.
    pub fn create_message(
        &self,
        channel_id: u64,
        body: &Value,
        files: &[Upload],
        author: &Author,
        file_base: &str,
        events: &mut Events,
    ) -> Result<Value, ApiError> {
        let id = self.next_id();
        let mut attachment_ids = Vec::new();
        for _ in files {
            attachment_ids.push(self.next_id());
        }
        let mut inner = self.lock();
        let channel = inner
            .channels
            .get(&channel_id)
            .ok_or_else(unknown_channel)?;
        let kind = channel["type"].as_u64().unwrap_or(0);
        match kind {
            4 => {
                return Err(ApiError::new(
                    400,
                    50008,
                    "Cannot send messages in a non-text channel",
                ));
            }
            15 | 16 => {
                return Err(ApiError::new(
                    400,
                    40058,
                    "Cannot send a message in a forum channel",
                ));
            }
            _ => {}
        }
        if is_thread(kind) && channel["thread_metadata"]["archived"] == true {
            if channel["thread_metadata"]["locked"] == true {
                return Err(ApiError::new(400, 50083, "Thread is archived"));
            }
            // Sending to an archived, unlocked thread unarchives it.
            if let Some(c) = inner.channels.get_mut(&channel_id) {
                c["thread_metadata"]["archived"] = json!(false);
            }
        }
        let guild_id = inner
            .channels
            .get(&channel_id)
            .and_then(|c| field_id(c, "guild_id"));
        let content = opt_str(body, "content")?.unwrap_or("");
        check_len("content", content, 0, 2000)?;
        let embeds = match body.get("embeds") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(e)) => {
                if e.len() > 10 {
                    return Err(ApiError::form(
                        "embeds",
                        "BASE_TYPE_MAX_LENGTH",
                        "Must be 10 or fewer in length.",
                    ));
                }
                for (i, embed) in e.iter().enumerate() {
                    if !embed.is_object() {
                        return Err(ApiError::form(
                            &format!("embeds.{i}"),
                            "MODEL_TYPE_CONVERT",
                            "Only dictionaries may be used in a ModelType",
                        ));
                    }
                }
                e.iter().map(normalise_embed).collect()
            }
            Some(_) => {
                return Err(ApiError::form(
                    "embeds",
                    "BASE_TYPE_ARRAY",
                    "Must be an array.",
                ));
            }
        };
        let components = match body.get("components") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(c)) => c.clone(),
            Some(_) => {
                return Err(ApiError::form(
                    "components",
                    "BASE_TYPE_ARRAY",
                    "Must be an array.",
                ));
            }
        };
        let tts = opt_bool(body, "tts")?.unwrap_or(false);
        let flags = opt_int(body, "flags")?.unwrap_or(0);
        let sticker_ids = opt_id_array(body, "sticker_ids")?.unwrap_or_default();
        let has_poll = body.get("poll").is_some_and(Value::is_object);
        // Attachments: every uploaded file, described by `attachments` when given.
        let described: Vec<Value> = body
            .get("attachments")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let mut attachments = Vec::new();
        for (file, attachment_id) in files.iter().zip(&attachment_ids) {
            let meta = described.iter().find(|a| {
                a.get("id").and_then(|i| {
                    i.as_u64()
                        .or_else(|| i.as_str().and_then(|s| s.parse().ok()))
                }) == Some(file.index)
            });
            let filename = meta
                .and_then(|m| m.get("filename"))
                .and_then(Value::as_str)
                .unwrap_or(&file.filename)
                .to_owned();
            let content_type = file
                .content_type
                .clone()
                .unwrap_or_else(|| "application/octet-stream".to_owned());
            let url = format!(
                "{file_base}/attachments/{channel_id}/{attachment_id}/{}",
                percent_encode(&filename)
            );
            let mut a = json!({
                "id": id_str(*attachment_id),
                "filename": filename,
                "size": file.data.len(),
                "url": url,
                "proxy_url": url,
                "content_type": content_type,
                "height": null,
                "width": null,
                "flags": 0,
            });
            if let Some(d) = meta
                .and_then(|m| m.get("description"))
                .and_then(Value::as_str)
            {
                a["description"] = json!(d);
            }
            if let Some(t) = meta.and_then(|m| m.get("title")).and_then(Value::as_str) {
                a["title"] = json!(t);
            }
            if flags & 64 != 0 {
                a["ephemeral"] = json!(true);
            }
            inner.files.insert(
                *attachment_id,
                StoredFile {
                    content_type,
                    data: file.data.clone(),
                },
            );
            attachments.push(a);
        }
        if content.is_empty()
            && embeds.is_empty()
            && attachments.is_empty()
            && sticker_ids.is_empty()
            && components.is_empty()
            && !has_poll
        {
            return Err(ApiError::new(400, 50006, "Cannot send an empty message"));
        }
        let (mentions, mention_roles, mention_everyone) =
            inner.allowed_mentions(content, guild_id, body, author);
        let mut message_type = 0;
        let mut reference = Value::Null;
        let mut referenced = Value::Null;
        if let Some(r) = body.get("message_reference").filter(|r| r.is_object()) {
            let ref_id = field_id(r, "message_id").ok_or_else(|| {
                ApiError::form(
                    "message_reference.message_id",
                    "BASE_TYPE_REQUIRED",
                    "This field is required",
                )
            })?;
            let ref_channel = field_id(r, "channel_id").unwrap_or(channel_id);
            let forward = r.get("type").and_then(Value::as_u64) == Some(1);
            match inner
                .messages
                .get(&ref_channel)
                .and_then(|m| m.get(&ref_id))
            {
                Some(m) => {
                    if !forward {
                        message_type = 19;
                        referenced = inner.message_value(m);
                    }
                    reference = json!({
                        "type": if forward { 1 } else { 0 },
                        "message_id": id_str(ref_id),
                        "channel_id": id_str(ref_channel),
                        "guild_id": guild_id.map(id_str),
                    });
                }
                None if r.get("fail_if_not_exists") == Some(&Value::Bool(false)) => {}
                None => {
                    return Err(ApiError::form(
                        "message_reference",
                        "MESSAGE_REFERENCE_UNKNOWN_MESSAGE",
                        "Unknown message",
                    ));
                }
            }
        }
        let bot = inner.bot_id;
        let (author_value, webhook_id, application_id, interaction) = match author {
            Author::Bot => (
                inner.users.get(&bot).cloned().unwrap_or(Value::Null),
                None,
                None,
                None,
            ),
            Author::User(user) => (
                inner.users.get(user).cloned().ok_or_else(unknown_user)?,
                None,
                None,
                None,
            ),
            Author::Webhook {
                id: wid,
                username,
                avatar_url,
            } => {
                let hook = inner.webhooks.get(wid).ok_or_else(unknown_webhook)?;
                let name = username
                    .clone()
                    .or_else(|| hook["name"].as_str().map(str::to_owned))
                    .unwrap_or_default();
                let _ = avatar_url;
                let mut u = user_object(*wid, &name, None, hook["avatar"].as_str(), true);
                u["discriminator"] = json!("0000");
                (u, Some(*wid), None, None)
            }
            Author::Interaction { id: iid, original } => {
                let i = inner
                    .interactions
                    .get(iid)
                    .ok_or_else(unknown_interaction)?;
                let app = inner.application.id.get();
                if *original {
                    message_type = if i.value["type"] == 2 { 20 } else { 0 };
                }
                let user = i.value["member"]["user"].clone();
                let user = if user.is_null() {
                    i.value["user"].clone()
                } else {
                    user
                };
                let metadata = json!({
                    "id": id_str(*iid),
                    "type": i.value["type"],
                    "user": user,
                    "authorizing_integration_owners": i.value["authorizing_integration_owners"],
                });
                (
                    inner.users.get(&bot).cloned().unwrap_or(Value::Null),
                    Some(app),
                    Some(app),
                    Some(metadata),
                )
            }
        };
        // SUPPRESS_EMBEDS, EPHEMERAL, SUPPRESS_NOTIFICATIONS, IS_COMPONENTS_V2;
        // LOADING only for a deferred interaction response.
        let mut allowed_flags = 4 | 64 | 4096 | 32768;
        if matches!(author, Author::Interaction { original: true, .. }) {
            allowed_flags |= 128;
        }
        let mut message = json!({
            "id": id_str(id),
            "channel_id": id_str(channel_id),
            "author": author_value,
            "content": content,
            "timestamp": iso_of_snowflake(id),
            "edited_timestamp": null,
            "tts": tts,
            "mention_everyone": mention_everyone,
            "mentions": mentions,
            "mention_roles": mention_roles,
            "attachments": attachments,
            "embeds": embeds,
            "pinned": false,
            "type": message_type,
            "flags": flags & allowed_flags,
            "components": components,
            "sticker_items": [],
        });
        if let Some(nonce) = body.get("nonce").filter(|n| n.is_string() || n.is_number()) {
            message["nonce"] = nonce.clone();
        }
        if let Some(w) = webhook_id {
            message["webhook_id"] = id_str(w);
        }
        if let Some(a) = application_id {
            message["application_id"] = id_str(a);
        }
        if let Some(m) = interaction {
            message["interaction_metadata"] = m;
        }
        if !reference.is_null() {
            message["message_reference"] = reference;
            if message_type == 19 {
                message["referenced_message"] = referenced;
            }
        }
        if has_poll {
            message["poll"] = body["poll"].clone();
        }
        if is_thread(kind)
            && let Some(c) = inner.channels.get_mut(&channel_id)
        {
            let n = c["message_count"].as_u64().unwrap_or(0) + 1;
            c["message_count"] = json!(n);
            c["total_message_sent"] = json!(c["total_message_sent"].as_u64().unwrap_or(0) + 1);
            message["position"] = json!(n - 1);
        }
        if let Some(c) = inner.channels.get_mut(&channel_id)
            && c.get("last_message_id").is_some()
        {
            c["last_message_id"] = id_str(id);
        }
        inner.messages.entry(channel_id).or_default().insert(
            id,
            Message {
                value: message.clone(),
                reactions: Vec::new(),
                pinned_at: None,
            },
        );
        let full = inner.message_value_by_id(channel_id, id).unwrap_or(message);
        if flags & 64 == 0 {
            events.push((
                guild_id.map(Id::new),
                "MESSAGE_CREATE",
                inner.message_event(&full, guild_id, kind),
            ));
        }
        Ok(full)
    }

    /// GET /channels/{channel.id}/messages/{message.id}.
    pub fn get_message(&self, channel_id: u64, message_id: u64) -> Result<Value, ApiError> {
        let inner = self.lock();
        if !inner.channels.contains_key(&channel_id) {
            return Err(unknown_channel());
        }
        inner
            .message_value_by_id(channel_id, message_id)
            .ok_or_else(unknown_message)
    }

    /// GET /channels/{channel.id}/messages: newest first, `around`, `before`
    /// or `after` a message, `limit` 1-100 (default 50).
    pub fn list_messages(
        &self,
        channel_id: u64,
        around: Option<u64>,
        before: Option<u64>,
        after: Option<u64>,
        limit: usize,
    ) -> Result<Value, ApiError> {
        let inner = self.lock();
        if !inner.channels.contains_key(&channel_id) {
            return Err(unknown_channel());
        }
        let Some(messages) = inner.messages.get(&channel_id) else {
            return Ok(json!([]));
        };
        let ids: Vec<u64> = if let Some(a) = around {
            let half = limit / 2;
            let mut older: Vec<u64> = messages
                .range(..a)
                .rev()
                .take(half)
                .map(|(k, _)| *k)
                .collect();
            let newer: Vec<u64> = messages
                .range(a..)
                .take(limit - older.len().min(limit))
                .map(|(k, _)| *k)
                .collect();
            let mut all: Vec<u64> = newer.into_iter().rev().collect();
            all.append(&mut older);
            all.truncate(limit);
            all
        } else if let Some(a) = after {
            let mut v: Vec<u64> = messages
                .range(a.saturating_add(1)..)
                .take(limit)
                .map(|(k, _)| *k)
                .collect();
            v.reverse();
            v
        } else {
            let b = before.unwrap_or(u64::MAX);
            messages
                .range(..b)
                .rev()
                .take(limit)
                .map(|(k, _)| *k)
                .collect()
        };
        Ok(Value::Array(
            ids.into_iter()
                .filter_map(|id| inner.message_value_by_id(channel_id, id))
                .collect(),
        ))
    }

    /// PATCH /channels/{channel.id}/messages/{message.id} (and webhook and
    /// interaction message edits, which pass their `author`).
    #[allow(clippy::too_many_arguments)]
    pub fn edit_message(
        &self,
        channel_id: u64,
        message_id: u64,
        body: &Value,
        files: &[Upload],
        author: &Author,
        file_base: &str,
        events: &mut Events,
    ) -> Result<Value, ApiError> {
        let mut new_ids = Vec::new();
        for _ in files {
            new_ids.push(self.next_id());
        }
        let mut inner = self.lock();
        let kind = inner
            .channels
            .get(&channel_id)
            .ok_or_else(unknown_channel)?["type"]
            .as_u64()
            .unwrap_or(0);
        let guild_id = inner
            .channels
            .get(&channel_id)
            .and_then(|c| field_id(c, "guild_id"));
        let bot = inner.bot_id;
        let message = inner
            .messages
            .get(&channel_id)
            .and_then(|m| m.get(&message_id))
            .ok_or_else(unknown_message)?;
        let mut value = message.value.clone();
        let allowed = match author {
            Author::Bot => {
                field_id(&value["author"], "id") == Some(bot) && value.get("webhook_id").is_none()
            }
            Author::Webhook { id, .. } => field_id(&value, "webhook_id") == Some(*id),
            Author::User(user) => {
                field_id(&value["author"], "id") == Some(*user) && value.get("webhook_id").is_none()
            }
            Author::Interaction { .. } => {
                field_id(&value, "application_id") == Some(inner.application.id.get())
            }
        };
        if !allowed {
            // Flags (suppress embeds) may be edited on others' messages.
            if matches!(author, Author::Bot)
                && body.get("content").is_none()
                && body.get("embeds").is_none()
            {
                if let Some(f) = opt_int(body, "flags")? {
                    value["flags"] = json!(f & 4);
                }
            } else {
                return Err(ApiError::new(
                    403,
                    50005,
                    "Cannot edit a message authored by another user",
                ));
            }
        } else {
            if body.get("content").is_some() {
                let content = opt_str(body, "content")?.unwrap_or("");
                check_len("content", content, 0, 2000)?;
                let (mentions, roles, everyone) =
                    inner.allowed_mentions(content, guild_id, body, author);
                value["content"] = json!(content);
                value["mentions"] = mentions;
                value["mention_roles"] = roles;
                value["mention_everyone"] = json!(everyone);
            }
            match body.get("embeds") {
                None => {}
                Some(Value::Null) => value["embeds"] = json!([]),
                Some(Value::Array(e)) if e.len() <= 10 && e.iter().all(Value::is_object) => {
                    value["embeds"] = Value::Array(e.iter().map(normalise_embed).collect());
                }
                Some(Value::Array(e)) if e.len() > 10 => {
                    return Err(ApiError::form(
                        "embeds",
                        "BASE_TYPE_MAX_LENGTH",
                        "Must be 10 or fewer in length.",
                    ));
                }
                Some(_) => {
                    return Err(ApiError::form(
                        "embeds",
                        "BASE_TYPE_ARRAY",
                        "Must be an array.",
                    ));
                }
            }
            match body.get("components") {
                None => {}
                Some(Value::Null) => value["components"] = json!([]),
                Some(Value::Array(c)) => value["components"] = Value::Array(c.clone()),
                Some(_) => {
                    return Err(ApiError::form(
                        "components",
                        "BASE_TYPE_ARRAY",
                        "Must be an array.",
                    ));
                }
            }
            if let Some(f) = opt_int(body, "flags")? {
                let keep = value["flags"].as_i64().unwrap_or(0) & !4;
                value["flags"] = json!(keep | (f & 4));
            }
            if matches!(author, Author::Interaction { .. }) {
                // Editing a deferred response ends its loading state.
                let flags = value["flags"].as_i64().unwrap_or(0);
                if flags & 128 != 0 {
                    value["flags"] = json!(flags & !128);
                    value["components"] = body
                        .get("components")
                        .cloned()
                        .filter(Value::is_array)
                        .unwrap_or_else(|| json!([]));
                }
            }
            // `attachments` lists the existing attachments to keep (and
            // describes new uploads); left out, all are kept.
            let mut attachments: Vec<Value> =
                value["attachments"].as_array().cloned().unwrap_or_default();
            if let Some(keep) = body.get("attachments").and_then(Value::as_array) {
                let keep_ids: HashSet<u64> =
                    keep.iter().filter_map(|a| field_id(a, "id")).collect();
                attachments.retain(|a| field_id(a, "id").is_some_and(|id| keep_ids.contains(&id)));
            }
            for (file, aid) in files.iter().zip(&new_ids) {
                let content_type = file
                    .content_type
                    .clone()
                    .unwrap_or_else(|| "application/octet-stream".to_owned());
                let url = format!(
                    "{file_base}/attachments/{channel_id}/{aid}/{}",
                    percent_encode(&file.filename)
                );
                attachments.push(json!({
                    "id": id_str(*aid), "filename": file.filename, "size": file.data.len(), "url": url,
                    "proxy_url": url, "content_type": content_type, "height": null, "width": null, "flags": 0,
                }));
                inner.files.insert(
                    *aid,
                    StoredFile {
                        content_type,
                        data: file.data.clone(),
                    },
                );
            }
            value["attachments"] = Value::Array(attachments);
            value["edited_timestamp"] = json!(now_iso());
        }
        if let Some(m) = inner
            .messages
            .get_mut(&channel_id)
            .and_then(|m| m.get_mut(&message_id))
        {
            m.value = value;
        }
        let full = inner
            .message_value_by_id(channel_id, message_id)
            .unwrap_or(Value::Null);
        if full["flags"].as_i64().unwrap_or(0) & 64 == 0 {
            let mut event = inner.message_event(&full, guild_id, kind);
            event["tts"] = json!(false);
            events.push((guild_id.map(Id::new), "MESSAGE_UPDATE", event));
        }
        Ok(full)
    }

    /// DELETE /channels/{channel.id}/messages/{message.id}.
    pub fn delete_message(
        &self,
        channel_id: u64,
        message_id: u64,
        events: &mut Events,
    ) -> Result<(), ApiError> {
        let mut inner = self.lock();
        let guild_id = inner
            .channels
            .get(&channel_id)
            .ok_or_else(unknown_channel)
            .map(|c| field_id(c, "guild_id"))?;
        let removed = inner
            .messages
            .get_mut(&channel_id)
            .and_then(|m| m.remove(&message_id))
            .ok_or_else(unknown_message)?;
        let mut event = json!({ "id": id_str(message_id), "channel_id": id_str(channel_id) });
        if let Some(g) = guild_id {
            event["guild_id"] = id_str(g);
        }
        if removed.value["flags"].as_i64().unwrap_or(0) & 64 == 0 {
            events.push((guild_id.map(Id::new), "MESSAGE_DELETE", event));
        }
        Ok(())
    }

    /// POST /channels/{channel.id}/messages/bulk-delete.
    pub fn bulk_delete(
        &self,
        channel_id: u64,
        body: &Value,
        events: &mut Events,
    ) -> Result<(), ApiError> {
        let ids = match body.get("messages") {
            None | Some(Value::Null) => {
                return Err(ApiError::form(
                    "messages",
                    "BASE_TYPE_REQUIRED",
                    "This field is required",
                ));
            }
            _ => opt_id_array(body, "messages")?.unwrap_or_default(),
        };
        if ids.len() < 2 || ids.len() > 100 {
            return Err(ApiError::new(
                400,
                50016,
                "Provided too few or too many messages to delete. Must provide at least 2 and fewer than 100 messages to delete.",
            ));
        }
        let two_weeks_ago_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(0))
            .saturating_sub(14 * 24 * 3600 * 1000 + DISCORD_EPOCH_MS);
        if ids.iter().any(|id| (id >> 22) < two_weeks_ago_ms) {
            return Err(ApiError::new(
                400,
                50034,
                "You can only bulk delete messages that are under 14 days old.",
            ));
        }
        let mut inner = self.lock();
        let guild_id = inner
            .channels
            .get(&channel_id)
            .ok_or_else(unknown_channel)
            .map(|c| field_id(c, "guild_id"))?;
        let mut deleted = Vec::new();
        if let Some(messages) = inner.messages.get_mut(&channel_id) {
            for id in &ids {
                if messages.remove(id).is_some() {
                    deleted.push(id_str(*id));
                }
            }
        }
        let mut event = json!({ "ids": deleted, "channel_id": id_str(channel_id) });
        if let Some(g) = guild_id {
            event["guild_id"] = id_str(g);
        }
        events.push((guild_id.map(Id::new), "MESSAGE_DELETE_BULK", event));
        Ok(())
    }

    // ----- reactions -----

    /// PUT /channels/{channel.id}/messages/{message.id}/reactions/{emoji}/@me
    /// (`user_id` None), or a user's reaction (control).
    pub fn add_reaction(
        &self,
        channel_id: u64,
        message_id: u64,
        emoji: &str,
        user_id: Option<u64>,
        events: &mut Events,
    ) -> Result<(), ApiError> {
        let (key, emoji_value) = parse_emoji(emoji)?;
        let mut inner = self.lock();
        let guild_id = inner.channel_guild_of(channel_id)?;
        let bot = match user_id {
            Some(u) if inner.users.contains_key(&u) => u,
            Some(_) => return Err(unknown_user()),
            None => inner.bot_id,
        };
        let message = inner
            .messages
            .get_mut(&channel_id)
            .and_then(|m| m.get_mut(&message_id))
            .ok_or_else(unknown_message)?;
        let author_id = field_id(&message.value["author"], "id");
        let reaction = match message.reactions.iter_mut().position(|r| r.key == key) {
            Some(i) => &mut message.reactions[i],
            None => {
                if message.reactions.len() >= 20 {
                    return Err(ApiError::new(
                        400,
                        30010,
                        "Maximum number of reactions reached (20)",
                    ));
                }
                message.reactions.push(Reaction {
                    key,
                    emoji: emoji_value.clone(),
                    users: Vec::new(),
                });
                message.reactions.last_mut().ok_or_else(unknown_message)?
            }
        };
        if reaction.users.contains(&bot) {
            return Ok(());
        }
        reaction.users.push(bot);
        let mut event = json!({
            "user_id": id_str(bot),
            "channel_id": id_str(channel_id),
            "message_id": id_str(message_id),
            "emoji": emoji_value,
            "burst": false,
            "burst_colors": [],
            "type": 0,
        });
        if let Some(a) = author_id {
            event["message_author_id"] = id_str(a);
        }
        if let Some(g) = guild_id {
            event["guild_id"] = id_str(g);
            if let Some(m) = inner
                .guilds
                .get(&g)
                .and_then(|guild| inner.member_value(guild, bot))
            {
                event["member"] = m;
            }
        }
        events.push((guild_id.map(Id::new), "MESSAGE_REACTION_ADD", event));
        Ok(())
    }

    /// DELETE .../reactions/{emoji}/@me (`user_id` None) or
    /// .../reactions/{emoji}/{user.id}.
    pub fn remove_reaction(
        &self,
        channel_id: u64,
        message_id: u64,
        emoji: &str,
        user_id: Option<u64>,
        events: &mut Events,
    ) -> Result<(), ApiError> {
        let (key, emoji_value) = parse_emoji(emoji)?;
        let mut inner = self.lock();
        let guild_id = inner.channel_guild_of(channel_id)?;
        let user = user_id.unwrap_or(inner.bot_id);
        let message = inner
            .messages
            .get_mut(&channel_id)
            .and_then(|m| m.get_mut(&message_id))
            .ok_or_else(unknown_message)?;
        let Some(i) = message.reactions.iter().position(|r| r.key == key) else {
            return Ok(());
        };
        let before = message.reactions[i].users.len();
        message.reactions[i].users.retain(|u| *u != user);
        if message.reactions[i].users.len() == before {
            return Ok(());
        }
        if message.reactions[i].users.is_empty() {
            message.reactions.remove(i);
        }
        let mut event = json!({
            "user_id": id_str(user),
            "channel_id": id_str(channel_id),
            "message_id": id_str(message_id),
            "emoji": emoji_value,
            "burst": false,
            "type": 0,
        });
        if let Some(g) = guild_id {
            event["guild_id"] = id_str(g);
        }
        events.push((guild_id.map(Id::new), "MESSAGE_REACTION_REMOVE", event));
        Ok(())
    }

    /// GET .../reactions/{emoji}: users who reacted, by id, after `after`,
    /// up to `limit` (1-100, default 25).
    pub fn reaction_users(
        &self,
        channel_id: u64,
        message_id: u64,
        emoji: &str,
        after: Option<u64>,
        limit: usize,
    ) -> Result<Value, ApiError> {
        let (key, _) = parse_emoji(emoji)?;
        let inner = self.lock();
        inner.channel_guild_of(channel_id)?;
        let message = inner
            .messages
            .get(&channel_id)
            .and_then(|m| m.get(&message_id))
            .ok_or_else(unknown_message)?;
        let mut users: Vec<u64> = message
            .reactions
            .iter()
            .find(|r| r.key == key)
            .map(|r| r.users.clone())
            .unwrap_or_default();
        users.sort_unstable();
        Ok(Value::Array(
            users
                .into_iter()
                .filter(|u| after.is_none_or(|a| *u > a))
                .take(limit)
                .filter_map(|u| inner.users.get(&u).cloned())
                .collect(),
        ))
    }

    /// DELETE .../reactions (every reaction) or .../reactions/{emoji}.
    pub fn clear_reactions(
        &self,
        channel_id: u64,
        message_id: u64,
        emoji: Option<&str>,
        events: &mut Events,
    ) -> Result<(), ApiError> {
        let parsed = emoji.map(parse_emoji).transpose()?;
        let mut inner = self.lock();
        let guild_id = inner.channel_guild_of(channel_id)?;
        let message = inner
            .messages
            .get_mut(&channel_id)
            .and_then(|m| m.get_mut(&message_id))
            .ok_or_else(unknown_message)?;
        let mut event =
            json!({ "channel_id": id_str(channel_id), "message_id": id_str(message_id) });
        if let Some(g) = guild_id {
            event["guild_id"] = id_str(g);
        }
        match parsed {
            Some((key, emoji_value)) => {
                message.reactions.retain(|r| r.key != key);
                event["emoji"] = emoji_value;
                events.push((
                    guild_id.map(Id::new),
                    "MESSAGE_REACTION_REMOVE_EMOJI",
                    event,
                ));
            }
            None => {
                message.reactions.clear();
                events.push((guild_id.map(Id::new), "MESSAGE_REACTION_REMOVE_ALL", event));
            }
        }
        Ok(())
    }

    // ----- pins, typing, DMs -----

    /// PUT (`pin`) or DELETE /channels/{channel.id}/messages/pins/{message.id}
    /// (and the deprecated /channels/{channel.id}/pins/{message.id}).
    pub fn pin(
        &self,
        channel_id: u64,
        message_id: u64,
        pin: bool,
        events: &mut Events,
    ) -> Result<(), ApiError> {
        let mut inner = self.lock();
        let guild_id = inner.channel_guild_of(channel_id)?;
        let pinned = inner
            .messages
            .get(&channel_id)
            .map_or(0, |m| m.values().filter(|m| m.pinned_at.is_some()).count());
        let message = inner
            .messages
            .get_mut(&channel_id)
            .and_then(|m| m.get_mut(&message_id))
            .ok_or_else(unknown_message)?;
        if message.value["type"]
            .as_u64()
            .is_some_and(|t| !matches!(t, 0 | 19 | 20 | 23))
        {
            return Err(ApiError::new(
                400,
                50021,
                "Cannot execute action on a system message",
            ));
        }
        if pin == message.pinned_at.is_some() {
            return Ok(());
        }
        if pin && pinned >= 250 {
            return Err(ApiError::new(
                400,
                30003,
                "Maximum number of pins reached (250)",
            ));
        }
        message.pinned_at = pin.then(now_iso);
        message.value["pinned"] = json!(pin);
        let last = inner
            .messages
            .get(&channel_id)
            .and_then(|m| m.values().filter_map(|m| m.pinned_at.clone()).max());
        if let Some(c) = inner.channels.get_mut(&channel_id) {
            c["last_pin_timestamp"] = json!(last);
        }
        let mut event = json!({ "channel_id": id_str(channel_id), "last_pin_timestamp": last });
        if let Some(g) = guild_id {
            event["guild_id"] = id_str(g);
        }
        events.push((guild_id.map(Id::new), "CHANNEL_PINS_UPDATE", event));
        Ok(())
    }

    /// GET /channels/{channel.id}/messages/pins: pins newest first, pinned
    /// before `before` (an ISO 8601 timestamp), up to `limit` (1-50).
    pub fn pins(
        &self,
        channel_id: u64,
        before: Option<&str>,
        limit: usize,
    ) -> Result<Value, ApiError> {
        let before = before
            .map(|b| {
                Timestamp::parse(b).map_err(|_| {
                    ApiError::form(
                        "before",
                        "DATE_TIME_TYPE_PARSE",
                        "Could not parse date time.",
                    )
                })
            })
            .transpose()?;
        let inner = self.lock();
        inner.channel_guild_of(channel_id)?;
        let mut pins: Vec<(Timestamp, &Message)> = inner
            .messages
            .get(&channel_id)
            .map(|m| {
                m.values()
                    .filter_map(|m| {
                        m.pinned_at
                            .as_deref()
                            .and_then(|p| Timestamp::parse(p).ok())
                            .map(|p| (p, m))
                    })
                    .collect()
            })
            .unwrap_or_default();
        pins.sort_by_key(|p| std::cmp::Reverse(p.0));
        let matching: Vec<&(Timestamp, &Message)> = pins
            .iter()
            .filter(|(p, _)| before.is_none_or(|b| *p < b))
            .collect();
        let items: Vec<Value> = matching
            .iter()
            .take(limit)
            .map(|(p, m)| json!({ "pinned_at": p.iso_8601().to_string(), "message": inner.message_value(m) }))
            .collect();
        Ok(json!({ "items": items, "has_more": matching.len() > limit }))
    }

    /// GET /channels/{channel.id}/pins (deprecated): up to 50 pinned messages.
    pub fn pinned_messages(&self, channel_id: u64) -> Result<Value, ApiError> {
        let pins = self.pins(channel_id, None, 50)?;
        Ok(Value::Array(
            pins["items"]
                .as_array()
                .map(|items| items.iter().map(|i| i["message"].clone()).collect())
                .unwrap_or_default(),
        ))
    }

    /// POST /channels/{channel.id}/typing.
    pub fn typing(&self, channel_id: u64, events: &mut Events) -> Result<(), ApiError> {
        let inner = self.lock();
        let guild_id = inner.channel_guild_of(channel_id)?;
        let bot = inner.bot_id;
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let mut event =
            json!({ "channel_id": id_str(channel_id), "user_id": id_str(bot), "timestamp": now });
        if let Some(g) = guild_id {
            event["guild_id"] = id_str(g);
            if let Some(m) = inner
                .guilds
                .get(&g)
                .and_then(|guild| inner.member_value(guild, bot))
            {
                event["member"] = m;
            }
        }
        events.push((guild_id.map(Id::new), "TYPING_START", event));
        Ok(())
    }

    /// POST /users/@me/channels: the DM channel with `recipient_id` (created
    /// once, then the same one).
    pub fn create_dm(&self, body: &Value) -> Result<Value, ApiError> {
        let new_id = self.next_id();
        let Some(recipient) = body.get("recipient_id") else {
            return Err(ApiError::form(
                "recipient_id",
                "BASE_TYPE_REQUIRED",
                "This field is required",
            ));
        };
        let recipient = snowflake_of(recipient).ok_or_else(|| {
            ApiError::form(
                "recipient_id",
                "NUMBER_TYPE_COERCE",
                "Value is not snowflake.",
            )
        })?;
        let mut inner = self.lock();
        let user = inner
            .users
            .get(&recipient)
            .cloned()
            .ok_or_else(unknown_user)?;
        if recipient == inner.bot_id {
            return Err(ApiError::new(
                400,
                50007,
                "Cannot send messages to this user",
            ));
        }
        let existing = inner.channels.values().find(|c| {
            c["type"] == 1
                && c["recipients"]
                    .as_array()
                    .is_some_and(|r| r.iter().any(|u| field_id(u, "id") == Some(recipient)))
        });
        if let Some(c) = existing {
            return Ok(c.clone());
        }
        let channel = json!({
            "id": id_str(new_id),
            "type": 1,
            "last_message_id": null,
            "last_pin_timestamp": null,
            "recipients": [user],
            "flags": 0,
        });
        inner.channels.insert(new_id, channel.clone());
        Ok(channel)
    }

    // ----- threads -----

    /// POST /channels/{channel.id}/messages/{message.id}/threads (`message_id`
    /// Some) or POST /channels/{channel.id}/threads.
    pub fn start_thread(
        &self,
        channel_id: u64,
        message_id: Option<u64>,
        body: &Value,
        events: &mut Events,
    ) -> Result<Value, ApiError> {
        let new_id = self.next_id();
        let mut inner = self.lock();
        let parent = inner
            .channels
            .get(&channel_id)
            .ok_or_else(unknown_channel)?;
        let parent_kind = parent["type"].as_u64().unwrap_or(0);
        if !matches!(parent_kind, 0 | 5 | 15 | 16) {
            return Err(ApiError::new(
                400,
                50024,
                "Cannot execute action on this channel type",
            ));
        }
        let guild_id = field_id(parent, "guild_id").unwrap_or(0);
        let Some(name) = opt_str(body, "name")? else {
            return Err(ApiError::form(
                "name",
                "BASE_TYPE_REQUIRED",
                "This field is required",
            ));
        };
        check_len("name", name, 1, 100)?;
        let auto_archive = opt_int(body, "auto_archive_duration")?.unwrap_or(1440);
        if !matches!(auto_archive, 60 | 1440 | 4320 | 10080) {
            return Err(ApiError::form(
                "auto_archive_duration",
                "BASE_TYPE_CHOICES",
                "Value must be one of {60, 1440, 4320, 10080}.",
            ));
        }
        let (id, kind) = match message_id {
            Some(m) => {
                let message = inner
                    .messages
                    .get(&channel_id)
                    .and_then(|ms| ms.get(&m))
                    .ok_or_else(unknown_message)?;
                if message.value.get("thread").is_some() || inner.channels.contains_key(&m) {
                    return Err(ApiError::new(
                        400,
                        160004,
                        "A thread has already been created for this message",
                    ));
                }
                (m, if parent_kind == 5 { 10 } else { 11 })
            }
            None => {
                let kind = opt_int(body, "type")?.unwrap_or(12);
                if !matches!(kind, 10..=12) {
                    return Err(ApiError::form(
                        "type",
                        "BASE_TYPE_CHOICES",
                        "Value must be one of {10, 11, 12}.",
                    ));
                }
                (new_id, kind.unsigned_abs())
            }
        };
        let bot = inner.bot_id;
        let mut thread = channel_object(id, guild_id, kind, name, 0, Some(channel_id), None, bot);
        thread["thread_metadata"]["auto_archive_duration"] = json!(auto_archive);
        if let Some(r) = opt_int(body, "rate_limit_per_user")? {
            thread["rate_limit_per_user"] = json!(r);
        }
        if kind == 12
            && let Some(inv) = opt_bool(body, "invitable")?
        {
            thread["thread_metadata"]["invitable"] = json!(inv);
        }
        thread["member_count"] = json!(1);
        inner.channels.insert(id, thread.clone());
        let now = now_iso();
        inner.thread_members.entry(id).or_default().insert(bot, now);
        if let Some(m) = message_id
            && let Some(msg) = inner
                .messages
                .get_mut(&channel_id)
                .and_then(|ms| ms.get_mut(&m))
        {
            msg.value["thread"] = thread.clone();
        }
        let mut full = thread;
        inner.add_thread_member_field(&mut full, id);
        let mut event = full.clone();
        event["newly_created"] = json!(true);
        events.push((Id::new_checked(guild_id), "THREAD_CREATE", event));
        Ok(full)
    }

    /// PUT (`join`) or DELETE /channels/{channel.id}/thread-members/@me.
    pub fn thread_membership(
        &self,
        thread_id: u64,
        join: bool,
        events: &mut Events,
    ) -> Result<(), ApiError> {
        let mut inner = self.lock();
        let thread = inner.channels.get(&thread_id).ok_or_else(unknown_channel)?;
        if !thread["type"].as_u64().is_some_and(is_thread) {
            return Err(ApiError::new(
                400,
                50024,
                "Cannot execute action on this channel type",
            ));
        }
        if join && thread["thread_metadata"]["archived"] == true {
            return Err(ApiError::new(400, 50083, "Thread is archived"));
        }
        let guild_id = field_id(thread, "guild_id").unwrap_or(0);
        let bot = inner.bot_id;
        let now = now_iso();
        let members = inner.thread_members.entry(thread_id).or_default();
        let changed = if join {
            members.insert(bot, now.clone()).is_none()
        } else {
            members.remove(&bot).is_some()
        };
        let count = members.len();
        if let Some(t) = inner.channels.get_mut(&thread_id) {
            t["member_count"] = json!(count.min(50));
        }
        if changed {
            let mut event = json!({ "id": id_str(thread_id), "guild_id": id_str(guild_id), "member_count": count.min(50) });
            if join {
                event["added_members"] = json!([{ "id": id_str(thread_id), "user_id": id_str(bot), "join_timestamp": now, "flags": 1 }]);
                events.push((
                    Id::new_checked(guild_id),
                    "THREAD_MEMBER_UPDATE",
                    json!({ "id": id_str(thread_id), "user_id": id_str(bot), "join_timestamp": now, "flags": 1, "guild_id": id_str(guild_id) }),
                ));
            } else {
                event["removed_member_ids"] = json!([id_str(bot)]);
            }
            events.push((Id::new_checked(guild_id), "THREAD_MEMBERS_UPDATE", event));
        }
        Ok(())
    }

    /// GET /guilds/{guild.id}/threads/active.
    pub fn active_threads(&self, guild_id: u64) -> Result<Value, ApiError> {
        let inner = self.lock();
        if !inner.guilds.contains_key(&guild_id) {
            return Err(unknown_guild());
        }
        let threads: Vec<Value> = inner
            .guild_channels(guild_id)
            .into_iter()
            .filter(|c| {
                c["type"].as_u64().is_some_and(is_thread)
                    && c["thread_metadata"]["archived"] != true
            })
            .collect();
        let members: Vec<Value> = threads
            .iter()
            .filter_map(|t| field_id(t, "id"))
            .filter_map(|tid| inner.thread_member_object(tid))
            .collect();
        Ok(json!({ "threads": threads, "members": members }))
    }

    // ----- members -----

    /// GET /guilds/{guild.id}/members/{user.id}.
    pub fn get_member(&self, guild_id: u64, user_id: u64) -> Result<Value, ApiError> {
        let inner = self.lock();
        let guild = inner.guilds.get(&guild_id).ok_or_else(unknown_guild)?;
        inner
            .member_value(guild, user_id)
            .ok_or_else(unknown_member)
    }

    /// GET /guilds/{guild.id}/members: by user id, after `after`, up to
    /// `limit` (1-1000, default 1).
    pub fn list_members(&self, guild_id: u64, after: u64, limit: usize) -> Result<Value, ApiError> {
        let inner = self.lock();
        let guild = inner.guilds.get(&guild_id).ok_or_else(unknown_guild)?;
        Ok(Value::Array(
            guild
                .members
                .range(after.saturating_add(1)..)
                .take(limit)
                .filter_map(|(u, _)| inner.member_value(guild, *u))
                .collect(),
        ))
    }

    /// PATCH /guilds/{guild.id}/members/{user.id} (and `@me`).
    pub fn modify_member(
        &self,
        guild_id: u64,
        user_id: u64,
        body: &Value,
        events: &mut Events,
    ) -> Result<Value, ApiError> {
        let mut inner = self.lock();
        let guild = inner.guilds.get(&guild_id).ok_or_else(unknown_guild)?;
        let mut member = guild
            .members
            .get(&user_id)
            .cloned()
            .ok_or_else(unknown_member)?;
        if body.get("nick").is_some() {
            let nick = opt_str(body, "nick")?;
            if let Some(n) = nick {
                check_len("nick", n, 0, 32)?;
            }
            member["nick"] = json!(nick.filter(|n| !n.is_empty()));
        }
        if let Some(roles) = opt_id_array(body, "roles")? {
            for (i, r) in roles.iter().enumerate() {
                if !guild.roles.contains_key(r) {
                    return Err(ApiError::form(
                        &format!("roles.{i}"),
                        "INVALID_ROLE",
                        "Invalid role",
                    ));
                }
            }
            let roles: Vec<Value> = roles
                .into_iter()
                .filter(|r| *r != guild_id)
                .map(id_str)
                .collect();
            member["roles"] = Value::Array(roles);
        }
        for key in ["mute", "deaf"] {
            if let Some(v) = opt_bool(body, key)? {
                member[key] = json!(v);
            }
        }
        if body.get("communication_disabled_until").is_some() {
            let until = opt_str(body, "communication_disabled_until")?;
            if let Some(u) = until
                && Timestamp::parse(u).is_err()
            {
                return Err(ApiError::form(
                    "communication_disabled_until",
                    "DATE_TIME_TYPE_PARSE",
                    "Could not parse date time.",
                ));
            }
            member["communication_disabled_until"] = json!(until);
        }
        if let Some(f) = opt_int(body, "flags")? {
            member["flags"] = json!(f);
        }
        if let Some(g) = inner.guilds.get_mut(&guild_id) {
            g.members.insert(user_id, member);
        }
        inner.member_update_event(guild_id, user_id, events);
        let guild = inner.guilds.get(&guild_id).ok_or_else(unknown_guild)?;
        inner
            .member_value(guild, user_id)
            .ok_or_else(unknown_member)
    }

    /// PUT (`add`) or DELETE /guilds/{guild.id}/members/{user.id}/roles/{role.id}.
    pub fn member_role(
        &self,
        guild_id: u64,
        user_id: u64,
        role_id: u64,
        add: bool,
        events: &mut Events,
    ) -> Result<(), ApiError> {
        let mut inner = self.lock();
        let guild = inner.guilds.get_mut(&guild_id).ok_or_else(unknown_guild)?;
        if !guild.roles.contains_key(&role_id) {
            return Err(unknown_role());
        }
        let member = guild.members.get_mut(&user_id).ok_or_else(unknown_member)?;
        let roles = member["roles"].as_array_mut().ok_or_else(unknown_member)?;
        let role = id_str(role_id);
        let has = roles.contains(&role);
        if add && !has && role_id != guild_id {
            roles.push(role);
        } else if !add && has {
            roles.retain(|r| *r != role);
        } else {
            return Ok(());
        }
        inner.member_update_event(guild_id, user_id, events);
        Ok(())
    }

    /// DELETE /guilds/{guild.id}/members/{user.id}.
    pub fn remove_member(
        &self,
        guild_id: u64,
        user_id: u64,
        events: &mut Events,
    ) -> Result<(), ApiError> {
        let mut inner = self.lock();
        let guild = inner.guilds.get_mut(&guild_id).ok_or_else(unknown_guild)?;
        guild.members.remove(&user_id).ok_or_else(unknown_member)?;
        guild.presences.remove(&user_id);
        let user = inner.users.get(&user_id).cloned().unwrap_or(Value::Null);
        events.push((
            Id::new_checked(guild_id),
            "GUILD_MEMBER_REMOVE",
            json!({ "guild_id": id_str(guild_id), "user": user }),
        ));
        Ok(())
    }

    // ----- roles -----

    /// GET /guilds/{guild.id}/roles.
    pub fn list_roles(&self, guild_id: u64) -> Result<Value, ApiError> {
        let inner = self.lock();
        let guild = inner.guilds.get(&guild_id).ok_or_else(unknown_guild)?;
        Ok(Value::Array(guild.roles.values().cloned().collect()))
    }

    /// GET /guilds/{guild.id}/roles/{role.id}.
    pub fn get_role(&self, guild_id: u64, role_id: u64) -> Result<Value, ApiError> {
        let inner = self.lock();
        let guild = inner.guilds.get(&guild_id).ok_or_else(unknown_guild)?;
        guild.roles.get(&role_id).cloned().ok_or_else(unknown_role)
    }

    /// POST /guilds/{guild.id}/roles (`role_id` None) or PATCH
    /// /guilds/{guild.id}/roles/{role.id}.
    pub fn upsert_role(
        &self,
        guild_id: u64,
        role_id: Option<u64>,
        body: &Value,
        events: &mut Events,
    ) -> Result<Value, ApiError> {
        let new_id = self.next_id();
        let mut inner = self.lock();
        let guild = inner.guilds.get_mut(&guild_id).ok_or_else(unknown_guild)?;
        let mut role = match role_id {
            Some(r) => guild.roles.get(&r).cloned().ok_or_else(unknown_role)?,
            None => {
                if guild.roles.len() >= 250 {
                    return Err(ApiError::new(
                        400,
                        30005,
                        "Maximum number of guild roles reached (250)",
                    ));
                }
                role_object(new_id, "new role", "0", 1, 0, false, false)
            }
        };
        if let Some(name) = opt_str(body, "name")? {
            check_len("name", name, 0, 100)?;
            role["name"] = json!(name);
        }
        match body.get("permissions") {
            None | Some(Value::Null) => {}
            Some(v) => {
                let p = match v {
                    Value::String(s) => s.parse::<u64>().ok(),
                    Value::Number(n) => n.as_u64(),
                    _ => None,
                }
                .ok_or_else(|| {
                    ApiError::form("permissions", "NUMBER_TYPE_COERCE", "Value is not int.")
                })?;
                role["permissions"] = json!(p.to_string());
            }
        }
        if let Some(c) = opt_int(body, "color")? {
            if !(0..=0xff_ffff).contains(&c) {
                return Err(ApiError::form(
                    "color",
                    "NUMBER_TYPE_MAX",
                    "int value should be less than or equal to 16777215.",
                ));
            }
            role["color"] = json!(c);
            role["colors"]["primary_color"] = json!(c);
        }
        for key in ["hoist", "mentionable"] {
            if let Some(v) = opt_bool(body, key)? {
                role[key] = json!(v);
            }
        }
        if body.get("unicode_emoji").is_some() {
            role["unicode_emoji"] = json!(opt_str(body, "unicode_emoji")?);
        }
        let id = role_id.unwrap_or(new_id);
        guild.roles.insert(id, role.clone());
        let event = if role_id.is_some() {
            "GUILD_ROLE_UPDATE"
        } else {
            "GUILD_ROLE_CREATE"
        };
        events.push((
            Id::new_checked(guild_id),
            event,
            json!({ "guild_id": id_str(guild_id), "role": role }),
        ));
        Ok(role)
    }

    /// DELETE /guilds/{guild.id}/roles/{role.id}.
    pub fn delete_role(
        &self,
        guild_id: u64,
        role_id: u64,
        events: &mut Events,
    ) -> Result<(), ApiError> {
        let mut inner = self.lock();
        let guild = inner.guilds.get_mut(&guild_id).ok_or_else(unknown_guild)?;
        if role_id == guild_id {
            return Err(ApiError::new(400, 50028, "Invalid role"));
        }
        guild.roles.remove(&role_id).ok_or_else(unknown_role)?;
        let role = id_str(role_id);
        for member in guild.members.values_mut() {
            if let Some(roles) = member["roles"].as_array_mut() {
                roles.retain(|r| *r != role);
            }
        }
        events.push((
            Id::new_checked(guild_id),
            "GUILD_ROLE_DELETE",
            json!({ "guild_id": id_str(guild_id), "role_id": role }),
        ));
        Ok(())
    }

    // ----- bans -----

    /// GET /guilds/{guild.id}/bans (by user id; `before`/`after`, `limit`
    /// 1-1000 default 1000).
    pub fn list_bans(
        &self,
        guild_id: u64,
        before: Option<u64>,
        after: Option<u64>,
        limit: usize,
    ) -> Result<Value, ApiError> {
        let inner = self.lock();
        let guild = inner.guilds.get(&guild_id).ok_or_else(unknown_guild)?;
        let ids: Vec<u64> = if let Some(b) = before {
            let mut v: Vec<u64> = guild
                .bans
                .range(..b)
                .rev()
                .take(limit)
                .map(|(k, _)| *k)
                .collect();
            v.reverse();
            v
        } else {
            guild
                .bans
                .range(after.unwrap_or(0).saturating_add(1)..)
                .take(limit)
                .map(|(k, _)| *k)
                .collect()
        };
        Ok(Value::Array(
            ids.into_iter()
                .map(|u| json!({ "reason": guild.bans.get(&u).cloned().flatten(), "user": inner.user_or_stub(u) }))
                .collect(),
        ))
    }

    /// GET /guilds/{guild.id}/bans/{user.id}.
    pub fn get_ban(&self, guild_id: u64, user_id: u64) -> Result<Value, ApiError> {
        let inner = self.lock();
        let guild = inner.guilds.get(&guild_id).ok_or_else(unknown_guild)?;
        let reason = guild
            .bans
            .get(&user_id)
            .ok_or_else(|| ApiError::unknown(10026, "Ban"))?;
        Ok(json!({ "reason": reason, "user": inner.user_or_stub(user_id) }))
    }

    /// PUT /guilds/{guild.id}/bans/{user.id}: bans and removes the member.
    pub fn create_ban(
        &self,
        guild_id: u64,
        user_id: u64,
        reason: Option<String>,
        body: &Value,
        events: &mut Events,
    ) -> Result<(), ApiError> {
        if let Some(s) = opt_int(body, "delete_message_seconds")?
            && !(0..=604_800).contains(&s)
        {
            return Err(ApiError::form(
                "delete_message_seconds",
                "NUMBER_TYPE_MAX",
                "int value should be less than or equal to 604800.",
            ));
        }
        let mut inner = self.lock();
        if !inner.users.contains_key(&user_id) {
            return Err(unknown_user());
        }
        let user = inner.user_or_stub(user_id);
        let guild = inner.guilds.get_mut(&guild_id).ok_or_else(unknown_guild)?;
        guild.bans.insert(user_id, reason);
        let gid = Id::new_checked(guild_id);
        if guild.members.remove(&user_id).is_some() {
            guild.presences.remove(&user_id);
            events.push((
                gid,
                "GUILD_MEMBER_REMOVE",
                json!({ "guild_id": id_str(guild_id), "user": user }),
            ));
        }
        events.push((
            gid,
            "GUILD_BAN_ADD",
            json!({ "guild_id": id_str(guild_id), "user": user }),
        ));
        Ok(())
    }

    /// DELETE /guilds/{guild.id}/bans/{user.id}.
    pub fn remove_ban(
        &self,
        guild_id: u64,
        user_id: u64,
        events: &mut Events,
    ) -> Result<(), ApiError> {
        let mut inner = self.lock();
        let user = inner.user_or_stub(user_id);
        let guild = inner.guilds.get_mut(&guild_id).ok_or_else(unknown_guild)?;
        guild
            .bans
            .remove(&user_id)
            .ok_or_else(|| ApiError::unknown(10026, "Ban"))?;
        events.push((
            Id::new_checked(guild_id),
            "GUILD_BAN_REMOVE",
            json!({ "guild_id": id_str(guild_id), "user": user }),
        ));
        Ok(())
    }

    // ----- webhooks -----

    /// POST /channels/{channel.id}/webhooks.
    pub fn create_webhook(
        &self,
        channel_id: u64,
        body: &Value,
        base_url: &str,
        events: &mut Events,
    ) -> Result<Value, ApiError> {
        let id = self.next_id();
        let mut inner = self.lock();
        let channel = inner
            .channels
            .get(&channel_id)
            .ok_or_else(unknown_channel)?;
        if channel["type"]
            .as_u64()
            .is_some_and(|k| is_thread(k) || k == 4)
        {
            return Err(ApiError::new(
                400,
                50024,
                "Cannot execute action on this channel type",
            ));
        }
        let guild_id = field_id(channel, "guild_id");
        let Some(name) = opt_str(body, "name")? else {
            return Err(ApiError::form(
                "name",
                "BASE_TYPE_REQUIRED",
                "This field is required",
            ));
        };
        check_len("name", name, 1, 80)?;
        if name.to_lowercase().contains("clyde") || name.to_lowercase().contains("discord") {
            return Err(ApiError::form(
                "name",
                "USERNAME_INVALID_CONTAINS",
                "Username cannot contain \"clyde\" or \"discord\"",
            ));
        }
        let token = format!("mock-webhook-token-{id:x}");
        let bot = inner
            .users
            .get(&inner.bot_id)
            .cloned()
            .unwrap_or(Value::Null);
        let hook = json!({
            "id": id_str(id),
            "type": 1,
            "guild_id": guild_id.map(id_str),
            "channel_id": id_str(channel_id),
            "user": bot,
            "name": name,
            "avatar": null,
            "token": token,
            "application_id": null,
            "url": format!("{base_url}/webhooks/{id}/{token}"),
        });
        inner.webhooks.insert(id, hook.clone());
        if let Some(g) = guild_id {
            events.push((
                Id::new_checked(g),
                "WEBHOOKS_UPDATE",
                json!({ "guild_id": id_str(g), "channel_id": id_str(channel_id) }),
            ));
        }
        Ok(hook)
    }

    /// GET /webhooks/{webhook.id} (with the bot token) or with `token`
    /// (without `user`).
    pub fn get_webhook(&self, webhook_id: u64, token: Option<&str>) -> Result<Value, ApiError> {
        let inner = self.lock();
        let hook = inner.webhook_checked(webhook_id, token)?;
        let mut hook = hook.clone();
        if token.is_some()
            && let Some(o) = hook.as_object_mut()
        {
            o.remove("user");
        }
        Ok(hook)
    }

    /// GET /channels/{channel.id}/webhooks.
    pub fn channel_webhooks(&self, channel_id: u64) -> Result<Value, ApiError> {
        let inner = self.lock();
        if !inner.channels.contains_key(&channel_id) {
            return Err(unknown_channel());
        }
        Ok(Value::Array(
            inner
                .webhooks
                .values()
                .filter(|w| field_id(w, "channel_id") == Some(channel_id))
                .cloned()
                .collect(),
        ))
    }

    /// PATCH /webhooks/{webhook.id}[/{token}].
    pub fn modify_webhook(
        &self,
        webhook_id: u64,
        token: Option<&str>,
        body: &Value,
        events: &mut Events,
    ) -> Result<Value, ApiError> {
        let mut inner = self.lock();
        let mut hook = inner.webhook_checked(webhook_id, token)?.clone();
        let old_channel = field_id(&hook, "channel_id");
        if let Some(name) = opt_str(body, "name")? {
            check_len("name", name, 1, 80)?;
            hook["name"] = json!(name);
        }
        if body.get("avatar").is_some() {
            hook["avatar"] =
                json!(opt_str(body, "avatar")?.map(|_| "0123456789abcdef0123456789abcdef"));
        }
        if let Some(c) = body.get("channel_id").filter(|c| !c.is_null()) {
            if token.is_some() {
                return Err(ApiError::form(
                    "channel_id",
                    "BASE_TYPE_INVALID",
                    "Cannot change the channel with a webhook token.",
                ));
            }
            let c = snowflake_of(c).ok_or_else(|| {
                ApiError::form(
                    "channel_id",
                    "NUMBER_TYPE_COERCE",
                    "Value is not snowflake.",
                )
            })?;
            if !inner.channels.contains_key(&c) {
                return Err(unknown_channel());
            }
            hook["channel_id"] = id_str(c);
        }
        inner.webhooks.insert(webhook_id, hook.clone());
        let guild = field_id(&hook, "guild_id");
        for channel in [old_channel, field_id(&hook, "channel_id")]
            .into_iter()
            .flatten()
            .collect::<HashSet<_>>()
        {
            if let Some(g) = guild {
                events.push((
                    Id::new_checked(g),
                    "WEBHOOKS_UPDATE",
                    json!({ "guild_id": id_str(g), "channel_id": id_str(channel) }),
                ));
            }
        }
        if token.is_some()
            && let Some(o) = hook.as_object_mut()
        {
            o.remove("user");
        }
        Ok(hook)
    }

    /// DELETE /webhooks/{webhook.id}[/{token}].
    pub fn delete_webhook(
        &self,
        webhook_id: u64,
        token: Option<&str>,
        events: &mut Events,
    ) -> Result<(), ApiError> {
        let mut inner = self.lock();
        inner.webhook_checked(webhook_id, token)?;
        let hook = inner
            .webhooks
            .remove(&webhook_id)
            .ok_or_else(unknown_webhook)?;
        if let (Some(g), Some(c)) = (field_id(&hook, "guild_id"), field_id(&hook, "channel_id")) {
            events.push((
                Id::new_checked(g),
                "WEBHOOKS_UPDATE",
                json!({ "guild_id": id_str(g), "channel_id": id_str(c) }),
            ));
        }
        Ok(())
    }

    /// The channel a webhook posts to (after checking its token).
    pub fn webhook_channel(&self, webhook_id: u64, token: &str) -> Result<u64, ApiError> {
        let inner = self.lock();
        let hook = inner.webhook_checked(webhook_id, Some(token))?;
        field_id(hook, "channel_id").ok_or_else(unknown_channel)
    }

    /// Whether a message was sent by the webhook (or, for interactions, by
    /// the application through the interaction).
    pub fn message_is_from(&self, channel_id: u64, message_id: u64, webhook_id: u64) -> bool {
        let inner = self.lock();
        inner
            .messages
            .get(&channel_id)
            .and_then(|m| m.get(&message_id))
            .is_some_and(|m| field_id(&m.value, "webhook_id") == Some(webhook_id))
    }

    // ----- interactions -----

    /// Creates an interaction (a user ran a command) and returns the
    /// INTERACTION_CREATE payload; the event is pushed to `events`.
    /// `kind` is the interaction type (2: application command, 3: message
    /// component...), `data` its `data`.
    ///
    /// # Errors
    ///
    /// Unknown channel, or unknown user/member.
    pub fn create_interaction(
        &self,
        channel_id: u64,
        user_id: u64,
        kind: u64,
        data: &Value,
        events: &mut Events,
    ) -> Result<Value, ApiError> {
        let id = self.next_id();
        let mut inner = self.lock();
        let channel = inner
            .channels
            .get(&channel_id)
            .cloned()
            .ok_or_else(unknown_channel)?;
        let guild_id = field_id(&channel, "guild_id");
        let user = inner
            .users
            .get(&user_id)
            .cloned()
            .ok_or_else(unknown_user)?;
        let token = format!("mock-interaction-{id:x}-token");
        let app = inner.application.id.get();
        let mut value = json!({
            "id": id_str(id),
            "application_id": id_str(app),
            "type": kind,
            "data": data,
            "channel": channel,
            "channel_id": id_str(channel_id),
            "token": token,
            "version": 1,
            "app_permissions": "2248473465835073",
            "locale": "en-US",
            "entitlements": [],
            "authorizing_integration_owners": { "0": guild_id.map_or_else(|| id_str(user_id), id_str) },
            "context": if guild_id.is_some() { 0 } else { 1 },
            "attachment_size_limit": 10_485_760,
        });
        if let Some(g) = guild_id {
            let guild = inner.guilds.get(&g).ok_or_else(unknown_guild)?;
            let mut member = inner
                .member_value(guild, user_id)
                .ok_or_else(unknown_member)?;
            member["permissions"] = json!("2248473465835073");
            value["guild_id"] = id_str(g);
            value["guild"] = json!({ "id": id_str(g), "locale": "en-US", "features": [] });
            value["guild_locale"] = json!("en-US");
            value["member"] = member;
        } else {
            value["user"] = user;
        }
        inner.interactions.insert(
            id,
            Interaction {
                value: value.clone(),
                token,
                channel_id: Some(channel_id),
                guild_id,
                created: tokio::time::Instant::now(),
                responded: false,
                original: None,
                followups: HashSet::new(),
            },
        );
        events.push((guild_id.map(Id::new), "INTERACTION_CREATE", value.clone()));
        Ok(value)
    }

    /// Checks an interaction's id and token, returning its channel and
    /// creation time.
    pub fn interaction(
        &self,
        id: u64,
        token: &str,
    ) -> Result<(u64, tokio::time::Instant, bool), ApiError> {
        let inner = self.lock();
        let i = inner
            .interactions
            .get(&id)
            .filter(|i| i.token == token)
            .ok_or_else(unknown_interaction)?;
        Ok((i.channel_id.unwrap_or(0), i.created, i.responded))
    }

    /// The interaction of a token (for /webhooks/{application.id}/{token}).
    pub fn interaction_by_token(
        &self,
        application_id: u64,
        token: &str,
    ) -> Option<(u64, u64, tokio::time::Instant)> {
        let inner = self.lock();
        if inner.application.id.get() != application_id {
            return None;
        }
        inner
            .interactions
            .iter()
            .find(|(_, i)| i.token == token)
            .map(|(id, i)| (*id, i.channel_id.unwrap_or(0), i.created))
    }

    /// POST /interactions/{id}/{token}/callback. Returns the interaction
    /// callback response object.
    pub fn interaction_callback(
        &self,
        id: u64,
        body: &Value,
        files: &[Upload],
        file_base: &str,
        events: &mut Events,
    ) -> Result<Value, ApiError> {
        let (kind, channel_id, message_for_update) = {
            let inner = self.lock();
            let i = inner
                .interactions
                .get(&id)
                .ok_or_else(unknown_interaction)?;
            if i.responded {
                return Err(ApiError::new(
                    400,
                    40060,
                    "Interaction has already been acknowledged.",
                ));
            }
            let Some(kind) = body.get("type") else {
                return Err(ApiError::form(
                    "type",
                    "BASE_TYPE_REQUIRED",
                    "This field is required",
                ));
            };
            let kind = kind
                .as_u64()
                .filter(|k| matches!(k, 1 | 4..=10 | 12))
                .ok_or_else(|| {
                    ApiError::form(
                        "type",
                        "BASE_TYPE_CHOICES",
                        "Value must be one of {1, 4, 5, 6, 7, 8, 9, 10, 12}.",
                    )
                })?;
            let itype = i.value["type"].as_u64().unwrap_or(0);
            if kind == 1
                || (matches!(kind, 6 | 7) && itype != 3 && itype != 5)
                || (kind == 8 && itype != 4)
            {
                return Err(ApiError::new(400, 50035, "Invalid Form Body").with_errors(
                    json!({ "type": { "_errors": [{ "code": "INTERACTION_RESPONSE_TYPE_INVALID", "message": "This interaction response type is not valid for this interaction type." }] } }),
                ));
            }
            let message = field_id(&i.value["message"], "id");
            (kind, i.channel_id.unwrap_or(0), message)
        };
        let data = body.get("data").cloned().unwrap_or(json!({}));
        if !data.is_object() {
            return Err(ApiError::form(
                "data",
                "MODEL_TYPE_CONVERT",
                "Only dictionaries may be used in a ModelType",
            ));
        }
        let mut response = json!({ "interaction": { "id": id_str(id), "type": 0 } });
        let mut resource = json!({ "type": kind });
        match kind {
            4 | 5 => {
                let mut msg_body = data.clone();
                if kind == 5 {
                    // A deferred response shows a loading message.
                    let ephemeral = data["flags"].as_i64().unwrap_or(0) & 64;
                    msg_body = json!({ "content": "", "flags": 128 | ephemeral, "components": [{"type": 1, "components": []}] });
                }
                let message = self.create_message(
                    channel_id,
                    &msg_body,
                    files,
                    &Author::Interaction { id, original: true },
                    file_base,
                    events,
                )?;
                let mid = field_id(&message, "id");
                response["interaction"]["response_message_id"] = json!(mid.map(id_str));
                response["interaction"]["response_message_loading"] = json!(kind == 5);
                response["interaction"]["response_message_ephemeral"] =
                    json!(message["flags"].as_i64().unwrap_or(0) & 64 != 0);
                let mut inner = self.lock();
                if let Some(i) = inner.interactions.get_mut(&id) {
                    i.original = mid;
                }
                if kind == 4 {
                    resource["message"] = message;
                }
            }
            7 => {
                if let Some(mid) = message_for_update {
                    let message = self.edit_message(
                        channel_id,
                        mid,
                        &data,
                        files,
                        &Author::Bot,
                        file_base,
                        events,
                    )?;
                    resource["message"] = message;
                }
            }
            9 if data.get("custom_id").and_then(Value::as_str).is_none() => {
                return Err(ApiError::form(
                    "data.custom_id",
                    "BASE_TYPE_REQUIRED",
                    "This field is required",
                ));
            }
            _ => {}
        }
        let mut inner = self.lock();
        if let Some(i) = inner.interactions.get_mut(&id) {
            i.responded = true;
            response["interaction"]["type"] = i.value["type"].clone();
            if kind == 6 || kind == 7 {
                i.original = message_for_update;
            }
        }
        response["resource"] = resource;
        Ok(response)
    }

    /// The message id of an interaction's original response.
    pub fn interaction_original(&self, id: u64) -> Result<u64, ApiError> {
        let inner = self.lock();
        let i = inner
            .interactions
            .get(&id)
            .ok_or_else(unknown_interaction)?;
        i.original.ok_or_else(unknown_message)
    }

    /// Records a follow-up message of an interaction.
    pub fn interaction_followup(&self, id: u64, message_id: u64) {
        if let Some(i) = self.lock().interactions.get_mut(&id) {
            i.followups.insert(message_id);
        }
    }

    /// Whether a message belongs to an interaction (original or follow-up).
    pub fn interaction_owns(&self, id: u64, message_id: u64) -> bool {
        self.lock()
            .interactions
            .get(&id)
            .is_some_and(|i| i.original == Some(message_id) || i.followups.contains(&message_id))
    }

    /// Whether an interaction was responded to (control surface).
    pub fn interaction_responded(&self, id: u64) -> bool {
        self.lock()
            .interactions
            .get(&id)
            .is_some_and(|i| i.responded)
    }

    /// The guild an interaction happened in.
    pub fn interaction_guild(&self, id: u64) -> Option<u64> {
        self.lock().interactions.get(&id).and_then(|i| i.guild_id)
    }
}

impl ApiError {
    /// This error with a nested `errors` object.
    #[must_use]
    pub fn with_errors(mut self, errors: Value) -> Self {
        self.errors = Some(errors);
        self
    }
}

fn presence_object(guild_id: u64, user_id: u64, status: &str) -> Value {
    let client_status = if status == "offline" {
        json!({})
    } else {
        json!({ "desktop": status })
    };
    json!({
        "user": { "id": id_str(user_id) },
        "guild_id": id_str(guild_id),
        "status": status,
        "activities": [],
        "client_status": client_status,
    })
}

fn normalise_embed(embed: &Value) -> Value {
    let mut e = embed.clone();
    if e.get("type").is_none() {
        e["type"] = json!("rich");
    }
    e
}

/// Percent-encodes a file name for a URL path.
fn percent_encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl Inner {
    fn guild_object(guild: &Guild) -> Value {
        let mut g = guild.base.clone();
        let mut roles: Vec<Value> = guild.roles.values().cloned().collect();
        roles.sort_by_key(|r| r["position"].as_i64().unwrap_or(0));
        g["roles"] = Value::Array(roles);
        g["emojis"] = Value::Array(guild.emojis.values().cloned().collect());
        g["stickers"] = json!([]);
        g
    }

    fn guild_channels(&self, guild_id: u64) -> Vec<Value> {
        let gid = id_str(guild_id);
        self.channels
            .values()
            .filter(|c| c["guild_id"] == gid)
            .cloned()
            .collect()
    }

    fn member_value(&self, guild: &Guild, user_id: u64) -> Option<Value> {
        let mut m = guild.members.get(&user_id)?.clone();
        m["user"] = self.users.get(&user_id)?.clone();
        Some(m)
    }

    fn user_or_stub(&self, user_id: u64) -> Value {
        self.users
            .get(&user_id)
            .cloned()
            .unwrap_or_else(|| user_object(user_id, "unknown", None, None, false))
    }

    fn channel_guild_of(&self, channel_id: u64) -> Result<Option<u64>, ApiError> {
        self.channels
            .get(&channel_id)
            .map(|c| field_id(c, "guild_id"))
            .ok_or_else(unknown_channel)
    }

    fn thread_member_object(&self, thread_id: u64) -> Option<Value> {
        let joined = self.thread_members.get(&thread_id)?.get(&self.bot_id)?;
        Some(
            json!({ "id": id_str(thread_id), "user_id": id_str(self.bot_id), "join_timestamp": joined, "flags": 1 }),
        )
    }

    fn add_thread_member_field(&self, channel: &mut Value, thread_id: u64) {
        if let Some(m) = self.thread_member_object(thread_id) {
            channel["member"] = m;
        }
    }

    fn message_value(&self, message: &Message) -> Value {
        let mut v = message.value.clone();
        let bot = self.bot_id;
        v["reactions"] = Value::Array(
            message
                .reactions
                .iter()
                .map(|r| {
                    json!({
                        "count": r.users.len(),
                        "count_details": { "burst": 0, "normal": r.users.len() },
                        "me": r.users.contains(&bot),
                        "me_burst": false,
                        "emoji": r.emoji,
                        "burst_colors": [],
                    })
                })
                .collect(),
        );
        v
    }

    fn message_value_by_id(&self, channel_id: u64, message_id: u64) -> Option<Value> {
        self.messages
            .get(&channel_id)
            .and_then(|m| m.get(&message_id))
            .map(|m| self.message_value(m))
    }

    /// MESSAGE_CREATE/UPDATE data: the message with `guild_id`, `member`,
    /// mentions with their members and `channel_type`.
    fn message_event(&self, message: &Value, guild_id: Option<u64>, channel_type: u64) -> Value {
        let mut event = message.clone();
        event["channel_type"] = json!(channel_type);
        if let Some(g) = guild_id {
            event["guild_id"] = id_str(g);
            if let Some(guild) = self.guilds.get(&g) {
                if (message.get("webhook_id").is_none() || message.get("application_id").is_some())
                    && let Some(author) = field_id(&message["author"], "id")
                    && let Some(m) = guild.members.get(&author)
                {
                    event["member"] = m.clone();
                }
                if let Some(mentions) = event["mentions"].as_array_mut() {
                    for mention in mentions {
                        if let Some(m) = field_id(mention, "id").and_then(|u| guild.members.get(&u))
                        {
                            mention["member"] = m.clone();
                        }
                    }
                }
            }
        }
        event
    }

    /// Users and roles mentioned in content (`<@id>`, `<@!id>`, `<@&id>`,
    /// `@everyone`, `@here`).
    fn mentions(&self, content: &str, guild_id: Option<u64>) -> (Value, Value, bool) {
        let mut users = Vec::new();
        let mut roles = Vec::new();
        let mut seen = HashSet::new();
        let mut rest = content;
        while let Some(start) = rest.find("<@") {
            rest = &rest[start + 2..];
            let (is_role, body) = match rest.strip_prefix('&') {
                Some(r) => (true, r),
                None => (false, rest.strip_prefix('!').unwrap_or(rest)),
            };
            let Some(end) = body.find('>') else { break };
            if let Ok(id) = body[..end].parse::<u64>() {
                if is_role {
                    let known = guild_id
                        .and_then(|g| self.guilds.get(&g))
                        .is_some_and(|g| g.roles.contains_key(&id));
                    if known && !roles.contains(&id_str(id)) {
                        roles.push(id_str(id));
                    }
                } else if let Some(u) = self.users.get(&id)
                    && seen.insert(id)
                {
                    users.push(u.clone());
                }
            }
        }
        let everyone = content.contains("@everyone") || content.contains("@here");
        (Value::Array(users), Value::Array(roles), everyone)
    }

    /// The mentions of `content` that `body`'s `allowed_mentions` lets
    /// through (message.mdx, Allowed Mentions Object). Without it, regular
    /// messages parse every type, webhooks and interactions only users.
    fn allowed_mentions(
        &self,
        content: &str,
        guild_id: Option<u64>,
        body: &Value,
        author: &Author,
    ) -> (Value, Value, bool) {
        let (mut users, mut roles, mut everyone) = self.mentions(content, guild_id);
        let allowed = match body.get("allowed_mentions").filter(|a| a.is_object()) {
            Some(allowed) => allowed.clone(),
            None if matches!(author, Author::Bot | Author::User(_)) => {
                return (users, roles, everyone);
            }
            None => json!({ "parse": ["users"] }),
        };
        let parses = |kind: &str| {
            allowed["parse"]
                .as_array()
                .is_some_and(|parse| parse.iter().any(|p| p == kind))
        };
        // A type not parsed keeps only the ids listed for it.
        let listed = |list: &str, id: &Value| {
            allowed[list]
                .as_array()
                .is_some_and(|ids| ids.iter().any(|listed| listed == id))
        };
        if !parses("users")
            && let Value::Array(list) = &mut users
        {
            list.retain(|user| listed("users", &user["id"]));
        }
        if !parses("roles")
            && let Value::Array(list) = &mut roles
        {
            list.retain(|role| listed("roles", role));
        }
        everyone &= parses("everyone");
        (users, roles, everyone)
    }

    fn member_update_event(&self, guild_id: u64, user_id: u64, events: &mut Events) {
        let Some(guild) = self.guilds.get(&guild_id) else {
            return;
        };
        let Some(mut m) = self.member_value(guild, user_id) else {
            return;
        };
        m["guild_id"] = id_str(guild_id);
        if let Some(o) = m.as_object_mut() {
            o.remove("permissions");
        }
        events.push((Id::new_checked(guild_id), "GUILD_MEMBER_UPDATE", m));
    }

    fn webhook_checked(&self, webhook_id: u64, token: Option<&str>) -> Result<&Value, ApiError> {
        let hook = self.webhooks.get(&webhook_id).ok_or_else(unknown_webhook)?;
        if let Some(t) = token
            && hook["token"].as_str() != Some(t)
        {
            return Err(ApiError::new(401, 50027, "Invalid Webhook Token"));
        }
        Ok(hook)
    }
}
