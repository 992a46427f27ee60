//! Fixtures: the guilds, channels, roles, members and users a mock starts
//! with, from Rust or from a JSON file.
//!
//! # JSON format
//!
//! Ids are snowflakes, as strings (numbers are accepted too). Every field but
//! the ids and names may be left out and takes the default shown.
//!
//! ```json
//! {
//!   "application": { "id": "1000000000000000001", "name": "Mock Application", "flags": 0,
//!                    "owner": { "id": "1000000000000000002", "username": "app-owner" } },
//!   "bot": { "id": "1000000000000000001", "username": "mockbot", "global_name": null,
//!            "avatar": null, "bot": true },
//!   "users": [
//!     { "id": "1000000000000000100", "username": "alice", "global_name": "Alice" }
//!   ],
//!   "guilds": [
//!     {
//!       "id": "1000000000000001000",
//!       "name": "Mock Guild",
//!       "owner_id": "1000000000000000100",
//!       "roles": [
//!         { "id": "1000000000000001000", "name": "@everyone", "permissions": "104324673" },
//!         { "id": "1000000000000001001", "name": "Moderator", "permissions": "8",
//!           "position": 1, "color": 3447003, "hoist": true, "mentionable": true }
//!       ],
//!       "channels": [
//!         { "id": "1000000000000002000", "type": 4, "name": "Text Channels" },
//!         { "id": "1000000000000002001", "type": 0, "name": "general",
//!           "parent_id": "1000000000000002000", "topic": "hello" },
//!         { "id": "1000000000000002002", "type": 2, "name": "Voice" },
//!         { "id": "1000000000000002003", "type": 11, "name": "a thread",
//!           "parent_id": "1000000000000002001", "owner_id": "1000000000000000100" }
//!       ],
//!       "members": [
//!         { "user_id": "1000000000000000100", "nick": null,
//!           "roles": ["1000000000000001001"], "status": "online" },
//!         { "user_id": "1000000000000000001" }
//!       ]
//!     }
//!   ]
//! }
//! ```
//!
//! The `@everyone` role has the guild's id; if a guild lists no such role, one
//! is added with Discord's default permissions. Members name users from
//! `users` (or the bot); threads (types 10, 11, 12) are served in the guild's
//! `threads`, the other channels in `channels`. `status` is the member's
//! presence (`online`, `idle`, `dnd` or `offline`, the default).

use serde::{Deserialize, Serialize};
use std::path::Path;
use twilight_model::channel::ChannelType;
use twilight_model::id::{
    Id,
    marker::{ApplicationMarker, ChannelMarker, GuildMarker, RoleMarker, UserMarker},
};
use twilight_model::permissions::Permissions;

/// Discord's default permissions of `@everyone` in a new guild.
pub const DEFAULT_EVERYONE_PERMISSIONS: &str = "2248473465835073";

/// The world a mock starts with.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq, Serialize)]
pub struct Fixtures {
    /// The bot's application.
    #[serde(default = "default_application")]
    pub application: FixtureApplication,
    /// The bot user (its id is usually the application's).
    #[serde(default = "default_bot")]
    pub bot: FixtureUser,
    /// Every other user.
    #[serde(default)]
    pub users: Vec<FixtureUser>,
    /// The guilds the bot is in.
    #[serde(default)]
    pub guilds: Vec<FixtureGuild>,
}

/// The bot's application.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq, Serialize)]
pub struct FixtureApplication {
    /// The application id.
    pub id: Id<ApplicationMarker>,
    /// Its name.
    #[serde(default = "default_application_name")]
    pub name: String,
    /// Its public flags (`flags` of READY's partial application).
    #[serde(default)]
    pub flags: u64,
    /// The user who owns it (`owner` of GET /applications/@me); a user
    /// named `app-owner` when left out. Never the bot: a bot cannot own an
    /// application.
    #[serde(default)]
    pub owner: Option<FixtureUser>,
}

impl FixtureApplication {
    /// The owner, or the default one.
    pub fn owner_user(&self) -> FixtureUser {
        self.owner.clone().unwrap_or_else(|| FixtureUser {
            id: Id::new(OWNER_ID),
            username: "app-owner".to_owned(),
            global_name: None,
            avatar: None,
            bot: false,
        })
    }
}

/// A user.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq, Serialize)]
pub struct FixtureUser {
    /// The user id.
    pub id: Id<UserMarker>,
    /// The unique username.
    pub username: String,
    /// The display name.
    #[serde(default)]
    pub global_name: Option<String>,
    /// The avatar hash.
    #[serde(default)]
    pub avatar: Option<String>,
    /// Whether the user is a bot.
    #[serde(default)]
    pub bot: bool,
}

/// A guild with its roles, channels and members.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq, Serialize)]
pub struct FixtureGuild {
    /// The guild id (also the `@everyone` role id).
    pub id: Id<GuildMarker>,
    /// Its name.
    pub name: String,
    /// Its owner (a member); the bot when left out.
    #[serde(default)]
    pub owner_id: Option<Id<UserMarker>>,
    /// Its roles; `@everyone` is added if missing.
    #[serde(default)]
    pub roles: Vec<FixtureRole>,
    /// Its channels and threads.
    #[serde(default)]
    pub channels: Vec<FixtureChannel>,
    /// Its members.
    #[serde(default)]
    pub members: Vec<FixtureMember>,
}

/// A role.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq, Serialize)]
pub struct FixtureRole {
    /// The role id (the guild id for `@everyone`).
    pub id: Id<RoleMarker>,
    /// Its name.
    pub name: String,
    /// Its permission bits, as a decimal string.
    #[serde(default = "default_role_permissions")]
    pub permissions: String,
    /// Its position (`@everyone` is 0).
    #[serde(default)]
    pub position: i64,
    /// Its colour.
    #[serde(default)]
    pub color: u32,
    /// Whether it is shown apart in the member list.
    #[serde(default)]
    pub hoist: bool,
    /// Whether it can be mentioned.
    #[serde(default)]
    pub mentionable: bool,
}

/// A channel or thread.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq, Serialize)]
pub struct FixtureChannel {
    /// The channel id.
    pub id: Id<ChannelMarker>,
    /// The channel type (0 text, 2 voice, 4 category, 5 announcement, 11
    /// public thread, 13 stage, 15 forum...).
    #[serde(rename = "type", default)]
    pub kind: u8,
    /// Its name.
    pub name: String,
    /// Its position in the channel list.
    #[serde(default)]
    pub position: i64,
    /// Its category, or for a thread its parent channel.
    #[serde(default)]
    pub parent_id: Option<Id<ChannelMarker>>,
    /// Its topic.
    #[serde(default)]
    pub topic: Option<String>,
    /// For a thread: who started it (the bot when left out).
    #[serde(default)]
    pub owner_id: Option<Id<UserMarker>>,
}

/// A guild member.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq, Serialize)]
pub struct FixtureMember {
    /// The user (from `users`, or the bot).
    pub user_id: Id<UserMarker>,
    /// The guild nickname.
    #[serde(default)]
    pub nick: Option<String>,
    /// Roles besides `@everyone`.
    #[serde(default)]
    pub roles: Vec<Id<RoleMarker>>,
    /// The presence status: `online`, `idle`, `dnd` or `offline`.
    #[serde(default = "default_status")]
    pub status: String,
}

/// Why fixtures could not be loaded.
#[derive(Debug)]
pub enum FixturesError {
    /// The file could not be read.
    Io(std::io::Error),
    /// The text is not fixtures JSON.
    Json(serde_json::Error),
    /// The fixtures are inconsistent (a member of an unknown user...).
    Invalid(String),
}

impl std::fmt::Display for FixturesError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Io(e) => write!(f, "cannot read fixtures: {e}"),
            Self::Json(e) => write!(f, "invalid fixtures JSON: {e}"),
            Self::Invalid(e) => write!(f, "inconsistent fixtures: {e}"),
        }
    }
}

impl std::error::Error for FixturesError {}

const BOT_ID: u64 = 1_000_000_000_000_000_001;
/// The default application owner.
const OWNER_ID: u64 = 1_000_000_000_000_000_002;
/// First snowflake timestamp part used by generated ids (milliseconds since
/// the Discord epoch; 2021).
const GEN_BASE_MS: u64 = 200_000_000_000;

fn default_application() -> FixtureApplication {
    FixtureApplication {
        id: Id::new(BOT_ID),
        name: default_application_name(),
        flags: 0,
        owner: None,
    }
}

fn default_application_name() -> String {
    "Mock Application".to_owned()
}

fn default_bot() -> FixtureUser {
    FixtureUser {
        id: Id::new(BOT_ID),
        username: "mockbot".to_owned(),
        global_name: None,
        avatar: None,
        bot: true,
    }
}

fn default_role_permissions() -> String {
    "0".to_owned()
}

fn default_status() -> String {
    "offline".to_owned()
}

/// A snowflake for generated fixtures: timestamp part `ms`, increment `inc`.
fn snowflake(ms: u64, inc: u64) -> u64 {
    (ms << 22) | (inc & 0xfff)
}

impl Default for Fixtures {
    /// A small world: two guilds, each with a category, two text channels, a
    /// voice channel and a thread; `@everyone` and two roles; nine users
    /// plus the bot as members (ten members). The bot owns both guilds.
    fn default() -> Self {
        Self::generate(2, 9, 5)
    }
}

impl Fixtures {
    /// A generated world for load tests: `guilds` guilds, each with
    /// `members_per_guild` users plus the bot as members, and
    /// `channels_per_guild` channels (a category, then text channels with
    /// every fourth one a voice channel) plus one thread in the first text
    /// channel. Users are shared across guilds. Ids are deterministic and
    /// guild ids spread evenly over shards.
    pub fn generate(guilds: usize, members_per_guild: usize, channels_per_guild: usize) -> Self {
        let bot = default_bot();
        let users: Vec<FixtureUser> = (0..members_per_guild as u64)
            .map(|i| FixtureUser {
                id: Id::new(snowflake(GEN_BASE_MS + 1 + i, 1)),
                username: format!("user{i}"),
                global_name: Some(format!("User {i}")),
                avatar: None,
                bot: false,
            })
            .collect();
        let statuses = ["online", "idle", "dnd", "offline"];
        let guilds = (0..guilds as u64)
            .map(|g| {
                let guild_ms = GEN_BASE_MS + 10_000_000 + g;
                let guild_id = snowflake(guild_ms, 0);
                let mut roles = vec![FixtureRole {
                    id: Id::new(guild_id),
                    name: "@everyone".to_owned(),
                    permissions: DEFAULT_EVERYONE_PERMISSIONS.to_owned(),
                    position: 0,
                    color: 0,
                    hoist: false,
                    mentionable: false,
                }];
                roles.push(FixtureRole {
                    id: Id::new(snowflake(guild_ms, 1)),
                    name: "Moderator".to_owned(),
                    permissions: (Permissions::MANAGE_MESSAGES
                        | Permissions::KICK_MEMBERS
                        | Permissions::BAN_MEMBERS
                        | Permissions::MANAGE_ROLES)
                        .bits()
                        .to_string(),
                    position: 2,
                    color: 0x3498db,
                    hoist: true,
                    mentionable: true,
                });
                roles.push(FixtureRole {
                    id: Id::new(snowflake(guild_ms, 2)),
                    name: "Member".to_owned(),
                    permissions: "0".to_owned(),
                    position: 1,
                    color: 0x2ecc71,
                    hoist: false,
                    mentionable: false,
                });
                let mut channels = Vec::new();
                let category = Id::new(snowflake(guild_ms, 100));
                let mut first_text = None;
                for c in 0..channels_per_guild as u64 {
                    let id = Id::new(snowflake(guild_ms, 101 + c));
                    let (kind, name, parent) = if c == 0 {
                        (ChannelType::GuildCategory, "Text Channels".to_owned(), None)
                    } else if c % 4 == 3 {
                        (
                            ChannelType::GuildVoice,
                            format!("voice-{c}"),
                            Some(category),
                        )
                    } else {
                        (
                            ChannelType::GuildText,
                            if c == 1 {
                                "general".to_owned()
                            } else {
                                format!("text-{c}")
                            },
                            Some(category),
                        )
                    };
                    let id = if c == 0 { category } else { id };
                    if kind == ChannelType::GuildText && first_text.is_none() {
                        first_text = Some(id);
                    }
                    channels.push(FixtureChannel {
                        id,
                        kind: kind.value(),
                        name,
                        position: c as i64,
                        parent_id: parent,
                        topic: None,
                        owner_id: None,
                    });
                }
                if let Some(parent) = first_text {
                    channels.push(FixtureChannel {
                        id: Id::new(snowflake(guild_ms, 4000)),
                        kind: ChannelType::PublicThread.value(),
                        name: "a thread".to_owned(),
                        position: 0,
                        parent_id: Some(parent),
                        topic: None,
                        owner_id: users.first().map(|u| u.id),
                    });
                }
                let mut members: Vec<FixtureMember> = users
                    .iter()
                    .enumerate()
                    .map(|(i, u)| FixtureMember {
                        user_id: u.id,
                        nick: (i % 3 == 2).then(|| format!("nick{i}")),
                        roles: match i % 3 {
                            0 => vec![roles[1].id, roles[2].id],
                            1 => vec![roles[2].id],
                            _ => Vec::new(),
                        },
                        status: statuses[i % statuses.len()].to_owned(),
                    })
                    .collect();
                members.push(FixtureMember {
                    user_id: bot.id,
                    nick: None,
                    roles: vec![roles[1].id],
                    status: "online".to_owned(),
                });
                FixtureGuild {
                    id: Id::new(guild_id),
                    name: format!("Mock Guild {g}"),
                    // The bot owns the generated guilds, so it may do everything
                    // there; fixtures choose another owner to test permissions.
                    owner_id: Some(bot.id),
                    roles,
                    channels,
                    members,
                }
            })
            .collect();
        Self {
            application: default_application(),
            bot,
            users,
            guilds,
        }
    }

    /// Fixtures from JSON text in the format described in the
    /// [module documentation](self).
    ///
    /// # Errors
    ///
    /// Returns an error if the text is not such JSON or is inconsistent.
    pub fn from_json(text: &str) -> Result<Self, FixturesError> {
        let fixtures: Self = serde_json::from_str(text).map_err(FixturesError::Json)?;
        fixtures.validate()?;
        Ok(fixtures)
    }

    /// Fixtures from a JSON file (see [`from_json`](Self::from_json)).
    ///
    /// # Errors
    ///
    /// Returns an error if the file cannot be read or is not valid fixtures.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Self, FixturesError> {
        let text = std::fs::read_to_string(path).map_err(FixturesError::Io)?;
        Self::from_json(&text)
    }

    /// The fixtures as JSON text (the format [`from_json`](Self::from_json)
    /// reads).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Checks that members name known users and roles, and that ids are
    /// unique.
    ///
    /// # Errors
    ///
    /// Returns what is inconsistent.
    pub fn validate(&self) -> Result<(), FixturesError> {
        let mut users = std::collections::HashSet::new();
        users.insert(self.bot.id);
        for user in &self.users {
            if !users.insert(user.id) {
                return Err(FixturesError::Invalid(format!(
                    "user {} appears twice",
                    user.id
                )));
            }
        }
        let mut guild_ids = std::collections::HashSet::new();
        let mut channel_ids = std::collections::HashSet::new();
        for guild in &self.guilds {
            if !guild_ids.insert(guild.id) {
                return Err(FixturesError::Invalid(format!(
                    "guild {} appears twice",
                    guild.id
                )));
            }
            let roles: std::collections::HashSet<_> = guild.roles.iter().map(|r| r.id).collect();
            for channel in &guild.channels {
                if !channel_ids.insert(channel.id) {
                    return Err(FixturesError::Invalid(format!(
                        "channel {} appears twice",
                        channel.id
                    )));
                }
            }
            for member in &guild.members {
                if !users.contains(&member.user_id) {
                    return Err(FixturesError::Invalid(format!(
                        "member {} of guild {} is not a user",
                        member.user_id, guild.id
                    )));
                }
                if let Some(role) = member.roles.iter().find(|r| !roles.contains(r)) {
                    return Err(FixturesError::Invalid(format!(
                        "member {} of guild {} has unknown role {role}",
                        member.user_id, guild.id
                    )));
                }
            }
        }
        Ok(())
    }
}
