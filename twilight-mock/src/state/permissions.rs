//! The bot's permissions in a guild or channel, computed from the state as
//! topics/permissions.mdx describes: the owner has everything; otherwise
//! `@everyone` plus the member's roles, everything with ADMINISTRATOR, then
//! channel overwrites for `@everyone`, the member's roles and the member, in
//! that order. Threads use their parent's overwrites. A timed out member
//! keeps only VIEW_CHANNEL and READ_MESSAGE_HISTORY (owner and
//! administrators are exempt).

use super::reactions::parse_emoji;
use super::values::{field_id, snowflake_of};
use super::{Guild, Inner, State};
use serde_json::Value;
use std::time::{SystemTime, UNIX_EPOCH};
use twilight_model::Timestamp;
use twilight_model::permissions::Permissions;

/// What a guild member may do, and how high their roles reach.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Standing {
    /// The permissions (in the guild, or in the channel asked about).
    pub permissions: Permissions,
    /// Whether the member owns the guild (above every role).
    pub owner: bool,
    /// The position of the member's highest role (`@everyone` is 0).
    pub highest_role: i64,
}

impl Standing {
    /// Whether this member outranks `other` in the role hierarchy: the owner
    /// outranks everyone else, nobody outranks the owner, otherwise the
    /// highest role must be strictly higher.
    pub fn outranks(&self, other: &Self) -> bool {
        !other.owner && (self.owner || self.highest_role > other.highest_role)
    }

    /// Whether this member may manage a role at `position` (strictly below
    /// its highest role, or anything for the owner).
    pub fn above_role(&self, position: i64) -> bool {
        self.owner || self.highest_role > position
    }
}

fn bits(value: Option<&Value>) -> Permissions {
    let raw = match value {
        Some(Value::String(s)) => s.parse().unwrap_or(0),
        Some(Value::Number(n)) => n.as_u64().unwrap_or(0),
        _ => 0,
    };
    Permissions::from_bits_retain(raw)
}

fn timed_out(member: &Value) -> bool {
    let Some(until) = member["communication_disabled_until"].as_str() else {
        return false;
    };
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_micros()).unwrap_or(i64::MAX));
    Timestamp::parse(until).is_ok_and(|t| t.as_micros() > now)
}

fn member_roles(member: &Value) -> Vec<u64> {
    member["roles"]
        .as_array()
        .map(|r| r.iter().filter_map(snowflake_of).collect())
        .unwrap_or_default()
}

impl Inner {
    /// The guild-level standing of `user_id` in `guild`, if a member.
    pub(super) fn standing(guild: &Guild, user_id: u64) -> Option<Standing> {
        let guild_id = field_id(&guild.base, "id")?;
        let owner = field_id(&guild.base, "owner_id") == Some(user_id);
        let member = guild.members.get(&user_id)?;
        let roles = member_roles(member);
        let highest_role = roles
            .iter()
            .filter_map(|r| guild.roles.get(r))
            .filter_map(|r| r["position"].as_i64())
            .max()
            .unwrap_or(0);
        if owner {
            return Some(Standing {
                permissions: Permissions::all(),
                owner,
                highest_role,
            });
        }
        let mut permissions = bits(guild.roles.get(&guild_id).map(|r| &r["permissions"]));
        for role in &roles {
            permissions |= bits(guild.roles.get(role).map(|r| &r["permissions"]));
        }
        if permissions.contains(Permissions::ADMINISTRATOR) {
            permissions = Permissions::all();
        } else if timed_out(member) {
            permissions &= Permissions::VIEW_CHANNEL | Permissions::READ_MESSAGE_HISTORY;
        }
        Some(Standing {
            permissions,
            owner,
            highest_role,
        })
    }

    /// The standing of `user_id` in guild channel `channel_id`, with its
    /// guild id. `None` for an unknown or non-guild channel or a non-member.
    fn channel_standing(&self, channel_id: u64, user_id: u64) -> Option<(u64, Standing)> {
        let channel = self.channels.get(&channel_id)?;
        let guild_id = field_id(channel, "guild_id")?;
        let guild = self.guilds.get(&guild_id)?;
        let mut standing = Self::standing(guild, user_id)?;
        if standing.permissions.contains(Permissions::ADMINISTRATOR) {
            return Some((guild_id, standing));
        }
        // Threads take their parent's overwrites.
        let source = if super::channels::kind_of(channel).is_thread() {
            field_id(channel, "parent_id")
                .and_then(|p| self.channels.get(&p))
                .unwrap_or(channel)
        } else {
            channel
        };
        let overwrites: Vec<&Value> = source["permission_overwrites"]
            .as_array()
            .map(|o| o.iter().collect())
            .unwrap_or_default();
        let find = |id: u64| overwrites.iter().find(|o| field_id(o, "id") == Some(id));
        let apply = |p: &mut Permissions, allow: Permissions, deny: Permissions| {
            *p &= !deny;
            *p |= allow;
        };
        let timed_out = guild.members.get(&user_id).is_some_and(timed_out);
        let mut p = standing.permissions;
        if let Some(o) = find(guild_id) {
            apply(&mut p, bits(o.get("allow")), bits(o.get("deny")));
        }
        let (mut allow, mut deny) = (Permissions::empty(), Permissions::empty());
        for role in guild
            .members
            .get(&user_id)
            .map(member_roles)
            .unwrap_or_default()
        {
            if let Some(o) = find(role) {
                allow |= bits(o.get("allow"));
                deny |= bits(o.get("deny"));
            }
        }
        apply(&mut p, allow, deny);
        if let Some(o) = find(user_id) {
            apply(&mut p, bits(o.get("allow")), bits(o.get("deny")));
        }
        if !standing.owner && timed_out {
            p &= Permissions::VIEW_CHANNEL | Permissions::READ_MESSAGE_HISTORY;
        }
        // Without VIEW_CHANNEL nothing else in the channel applies.
        if !p.contains(Permissions::VIEW_CHANNEL) {
            p = Permissions::empty();
        }
        standing.permissions = p;
        Some((guild_id, standing))
    }
}

impl State {
    /// The bot's standing in guild `guild_id` (`None`: unknown guild, or
    /// the bot is not a member).
    pub fn bot_standing(&self, guild_id: u64) -> Option<Standing> {
        let inner = self.lock();
        let guild = inner.guilds.get(&guild_id)?;
        Inner::standing(guild, inner.bot_id)
    }

    /// The standing of member `user_id` in guild `guild_id`.
    pub fn member_standing(&self, guild_id: u64, user_id: u64) -> Option<Standing> {
        let inner = self.lock();
        Inner::standing(inner.guilds.get(&guild_id)?, user_id)
    }

    /// The bot's standing in guild channel or thread `channel_id`, with the
    /// channel's guild (`None`: unknown channel, a DM, or not a member).
    pub fn bot_channel_standing(&self, channel_id: u64) -> Option<(u64, Standing)> {
        let inner = self.lock();
        inner.channel_standing(channel_id, inner.bot_id)
    }

    /// The position of role `role_id` in guild `guild_id`.
    pub fn role_position(&self, guild_id: u64, role_id: u64) -> Option<i64> {
        let inner = self.lock();
        inner.guilds.get(&guild_id)?.roles.get(&role_id)?["position"].as_i64()
    }

    /// The author of a stored message.
    pub fn message_author(&self, channel_id: u64, message_id: u64) -> Option<u64> {
        let inner = self.lock();
        let message = inner.messages.get(&channel_id)?.get(&message_id)?;
        field_id(&message.value["author"], "id")
    }

    /// Whether anyone reacted to the message with `emoji` (as in the route).
    pub fn has_reaction(&self, channel_id: u64, message_id: u64, emoji: &str) -> bool {
        let Ok((key, _)) = parse_emoji(emoji) else {
            return false;
        };
        let inner = self.lock();
        inner
            .messages
            .get(&channel_id)
            .and_then(|m| m.get(&message_id))
            .is_some_and(|m| {
                m.reactions
                    .iter()
                    .any(|r| r.key == key && !r.users.is_empty())
            })
    }

    /// A stored channel's type and, for threads, who started it.
    pub fn channel_kind(&self, channel_id: u64) -> Option<(u64, Option<u64>)> {
        let inner = self.lock();
        let channel = inner.channels.get(&channel_id)?;
        Some((channel["type"].as_u64()?, field_id(channel, "owner_id")))
    }

    /// A webhook's channel and the user who created it.
    pub fn webhook_owner(&self, webhook_id: u64) -> Option<(u64, Option<u64>)> {
        let inner = self.lock();
        let webhook = inner.webhooks.get(&webhook_id)?;
        Some((
            field_id(webhook, "channel_id")?,
            field_id(&webhook["user"], "id"),
        ))
    }
}
