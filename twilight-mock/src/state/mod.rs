//! The in-memory state of the local Discord: guilds, channels, threads, roles,
//! members, users, messages, reactions, webhooks and interactions.
//!
//! Objects are kept as the JSON Discord sends, with every documented field.
//! Methods that change the state push the gateway events the change causes
//! into an [`Events`] list; the caller (the REST server) dispatches them once
//! the state is unlocked.
//!
//! [`State`] is one mutex over everything; each resource adds its methods in
//! its own `impl State` block:
//!
//! - `error`: [`ApiError`], Discord's JSON errors, and the "Unknown X" ones;
//! - `values`: snowflakes, timestamps and small JSON operations;
//! - `body`: reading and validating the fields of a request body;
//! - `users`: users, the bot and its application;
//! - `gateway_payloads`: what the gateway reads (GUILD_CREATE, member
//!   chunks, presences);
//! - `guilds`, `channels`, `threads`, `members`, `roles`, `bans`, `emojis`,
//!   `invites`, `webhooks`, `interactions`, `audit_log`: one resource each;
//! - `messages` (read, edit, delete), `message_create` (send),
//!   `attachments` (uploaded files), `mentions`, `reactions`, `pins`;
//! - `overwrites` and `permissions`: channel overwrites and the bot's
//!   permissions computed from roles and overwrites;
//! - `world`: guilds, users and members added from fixtures, at start or
//!   while the mock runs.

mod attachments;
mod audit_log;
mod bans;
mod body;
mod channels;
mod emojis;
mod error;
mod gateway_payloads;
mod guilds;
mod interactions;
mod invites;
mod members;
mod mentions;
mod message_create;
mod messages;
mod overwrites;
mod permissions;
mod pins;
mod reactions;
mod roles;
mod threads;
mod users;
mod values;
mod webhooks;
mod world;

pub use attachments::{StoredFile, Upload};
pub use audit_log::AuditLogQuery;
pub(crate) use channels::channel_type;
pub use error::ApiError;
pub use gateway_payloads::LARGE_THRESHOLD;
pub use messages::Author;
pub use permissions::Standing;
pub use values::{now_iso, snowflake_of};

use crate::fixtures::{FixtureApplication, Fixtures};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};
use twilight_model::id::Id;
use twilight_model::id::marker::GuildMarker;
use users::user_object;
use values::DISCORD_EPOCH_MS;

/// A gateway event a change causes: the guild whose shard gets it (`None`:
/// every session), the event name, and its data.
pub type Event = (Option<Id<GuildMarker>>, &'static str, Value);

/// The events a change causes, in order.
pub type Events = Vec<Event>;

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

impl State {
    /// A state holding the fixtures.
    pub fn new(fixtures: &Fixtures) -> Self {
        let bot = &fixtures.bot;
        let mut users = HashMap::new();
        // The OAuth2-only fields (email, locale, ...) are added where the
        // bot reads itself (GET /users/@me, READY), never in authors or
        // member lists.
        let bot_user = user_object(
            bot.id.get(),
            &bot.username,
            bot.global_name.as_deref(),
            bot.avatar.as_deref(),
            true,
        );
        users.insert(bot.id.get(), bot_user);
        let owner = fixtures.application.owner_user();
        let owner_listed = owner.id == bot.id || fixtures.users.iter().any(|u| u.id == owner.id);
        for u in fixtures
            .users
            .iter()
            .chain((!owner_listed).then_some(&owner))
        {
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
        let mut inner = Inner {
            bot_id: bot.id.get(),
            application: fixtures.application.clone(),
            users,
            guilds: BTreeMap::new(),
            channels: BTreeMap::new(),
            messages: HashMap::new(),
            thread_members: HashMap::new(),
            webhooks: BTreeMap::new(),
            interactions: HashMap::new(),
            files: HashMap::new(),
            invites: BTreeMap::new(),
        };
        let joined_at = now_iso();
        for guild in &fixtures.guilds {
            inner.insert_guild(guild, &joined_at);
        }
        Self {
            inner: Mutex::new(inner),
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
}
