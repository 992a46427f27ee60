//! The permission checks of the REST routes, as Discord documents them per
//! route: 403 `{"message": "Missing Access", "code": 50001}` where the bot
//! cannot see the channel, 403 `{"message": "Missing Permissions", "code":
//! 50013}` where a permission or the role hierarchy is lacking.
//!
//! Checks run before the route's handler; an unknown guild, channel or
//! member passes them, so that the handler answers its 404.

use super::input::Input;
use super::router::Endpoint;
use crate::state::{ApiError, Standing, State, channel_type};
use serde_json::Value;
use twilight_model::channel::ChannelType;
use twilight_model::permissions::Permissions as P;

/// 403 50013 Missing Permissions.
pub(super) fn missing_permissions() -> ApiError {
    ApiError::new(403, 50013, "Missing Permissions")
}

/// 403 50001 Missing Access.
fn missing_access() -> ApiError {
    ApiError::new(403, 50001, "Missing Access")
}

fn id(text: &str) -> Option<u64> {
    text.parse().ok()
}

fn require(have: P, need: P) -> Result<(), ApiError> {
    if have.contains(need) {
        Ok(())
    } else {
        Err(missing_permissions())
    }
}

/// The bot's standing in a channel, once it is known to see it.
fn channel(state: &State, channel: &str) -> Result<Option<(u64, Standing)>, ApiError> {
    let Some((guild, standing)) = id(channel).and_then(|c| state.bot_channel_standing(c)) else {
        return Ok(None);
    };
    if !standing.permissions.contains(P::VIEW_CHANNEL) {
        return Err(missing_access());
    }
    Ok(Some((guild, standing)))
}

/// `need` in the channel (nothing to check outside guilds).
fn in_channel(state: &State, c: &str, need: P) -> Result<(), ApiError> {
    match channel(state, c)? {
        Some((_, s)) => require(s.permissions, need),
        None => Ok(()),
    }
}

fn is_thread(state: &State, c: &str) -> Option<Option<u64>> {
    let (kind, owner) = state.channel_kind(id(c)?)?;
    channel_type(Some(kind)).is_thread().then_some(owner)
}

/// The permission that sends messages here: SEND_MESSAGES_IN_THREADS in a
/// thread (SEND_MESSAGES is not inherited), SEND_MESSAGES elsewhere.
fn send_permission(state: &State, c: &str) -> P {
    if is_thread(state, c).is_some() {
        P::SEND_MESSAGES_IN_THREADS
    } else {
        P::SEND_MESSAGES
    }
}

/// `need` in the guild (nothing to check for unknown guilds).
fn in_guild(state: &State, g: &str, need: P) -> Result<Option<Standing>, ApiError> {
    let Some(standing) = id(g).and_then(|g| state.bot_standing(g)) else {
        return Ok(None);
    };
    require(standing.permissions, need)?;
    Ok(Some(standing))
}

/// `need` in the guild, and the bot above member `u` (when a member).
fn over_member(state: &State, g: &str, u: &str, need: P) -> Result<(), ApiError> {
    let Some(bot) = in_guild(state, g, need)? else {
        return Ok(());
    };
    let target = id(g)
        .zip(id(u))
        .and_then(|(g, u)| state.member_standing(g, u));
    match target {
        Some(target) if !bot.outranks(&target) => Err(missing_permissions()),
        _ => Ok(()),
    }
}

/// `need` in the guild, and the bot above role `r`.
fn over_role(state: &State, g: &str, r: &str, need: P) -> Result<(), ApiError> {
    let Some(bot) = in_guild(state, g, need)? else {
        return Ok(());
    };
    match id(g)
        .zip(id(r))
        .and_then(|(g, r)| state.role_position(g, r))
    {
        Some(position) if !bot.above_role(position) => Err(missing_permissions()),
        _ => Ok(()),
    }
}

/// The permission set in `body[key]` (a string or number; none: empty).
fn field_bits(body: &Value, key: &str) -> P {
    let raw = match body.get(key) {
        Some(Value::String(s)) => s.parse().unwrap_or(0),
        Some(Value::Number(n)) => n.as_u64().unwrap_or(0),
        _ => 0,
    };
    P::from_bits_retain(raw)
}

/// A role body may only grant permissions the bot has.
fn grantable(bot: Option<Standing>, body: &Value) -> Result<(), ApiError> {
    match bot {
        Some(bot) => require(bot.permissions, field_bits(body, "permissions")),
        None => Ok(()),
    }
}

/// Modify Guild Member: each field needs its own permission (guild.mdx's
/// table); nicknames and timeouts also need the bot above the member, and
/// every role added or removed must be below the bot's highest.
fn modify_member(state: &State, g: &str, u: &str, body: &Value) -> Result<(), ApiError> {
    if u == "@me" {
        if body.get("nick").is_some() {
            in_guild(state, g, P::CHANGE_NICKNAME)?;
        }
        return Ok(());
    }
    let field = |k: &str| body.get(k).is_some();
    if field("nick") {
        over_member(state, g, u, P::MANAGE_NICKNAMES)?;
    }
    if field("communication_disabled_until") {
        over_member(state, g, u, P::MODERATE_MEMBERS)?;
        // Administrators cannot be timed out.
        let target = id(g)
            .zip(id(u))
            .and_then(|(g, u)| state.member_standing(g, u));
        if target.is_some_and(|t| t.permissions.contains(P::ADMINISTRATOR))
            && !body["communication_disabled_until"].is_null()
        {
            return Err(missing_permissions());
        }
    }
    for (key, need) in [
        ("mute", P::MUTE_MEMBERS),
        ("deaf", P::DEAFEN_MEMBERS),
        ("channel_id", P::MOVE_MEMBERS),
    ] {
        if field(key) {
            in_guild(state, g, need)?;
        }
    }
    if field("flags")
        && let Some(bot) = id(g).and_then(|g| state.bot_standing(g))
    {
        let p = bot.permissions;
        let moderator = p.contains(P::MODERATE_MEMBERS | P::KICK_MEMBERS | P::BAN_MEMBERS);
        if !(p.intersects(P::MANAGE_GUILD | P::MANAGE_ROLES) || moderator) {
            return Err(missing_permissions());
        }
    }
    if let Some(roles) = body.get("roles").and_then(Value::as_array) {
        let Some(bot) = in_guild(state, g, P::MANAGE_ROLES)? else {
            return Ok(());
        };
        let (Some(guild), Some(user)) = (id(g), id(u)) else {
            return Ok(());
        };
        let wanted: Vec<u64> = roles
            .iter()
            .filter_map(crate::state::snowflake_of)
            .collect();
        let current: Vec<u64> = state
            .get_member(guild, user)
            .ok()
            .and_then(|m| {
                m["roles"]
                    .as_array()
                    .map(|r| r.iter().filter_map(crate::state::snowflake_of).collect())
            })
            .unwrap_or_default();
        let changed = wanted
            .iter()
            .filter(|r| !current.contains(r))
            .chain(current.iter().filter(|r| !wanted.contains(r)));
        for role in changed {
            if let Some(position) = state.role_position(guild, *role)
                && !bot.above_role(position)
            {
                return Err(missing_permissions());
            }
        }
    }
    Ok(())
}

/// Whether the bot sees a channel's history: without READ_MESSAGE_HISTORY
/// Get Channel Messages and Get Channel Pins answer no messages.
pub(super) fn reads_history(state: &State, channel: u64) -> bool {
    state
        .bot_channel_standing(channel)
        .is_none_or(|(_, s)| s.permissions.contains(P::READ_MESSAGE_HISTORY))
}

/// Messages in voice and stage channels also need CONNECT.
fn message_access(state: &State, c: &str, need: P) -> Result<(), ApiError> {
    let voice = id(c)
        .and_then(|c| state.channel_kind(c))
        .is_some_and(|(k, _)| {
            matches!(
                channel_type(Some(k)),
                ChannelType::GuildVoice | ChannelType::GuildStageVoice
            )
        });
    in_channel(state, c, if voice { need | P::CONNECT } else { need })
}

/// Checks that the bot may call `endpoint` with `input`.
pub(super) fn check(state: &State, endpoint: &Endpoint, input: &Input) -> Result<(), ApiError> {
    use Endpoint as E;
    let body = &input.json;
    match endpoint {
        E::ListMessages(c) => message_access(state, c, P::VIEW_CHANNEL),
        E::GetMessage(c, _) => message_access(state, c, P::READ_MESSAGE_HISTORY),
        E::GetChannel(c)
        | E::Pins(c)
        | E::PinnedMessages(c)
        | E::ThreadMember(c, _)
        | E::ReactionUsers(c, _, _) => in_channel(state, c, P::VIEW_CHANNEL),
        E::ModifyChannel(c) | E::DeleteChannel(c) => match is_thread(state, c) {
            // A thread's starter may edit it; deleting and moderating
            // threads needs MANAGE_THREADS.
            Some(owner) => {
                let starter = owner == Some(state.bot_id().get());
                let editing = matches!(endpoint, E::ModifyChannel(_));
                if starter && editing {
                    in_channel(state, c, P::VIEW_CHANNEL)
                } else {
                    in_channel(state, c, P::MANAGE_THREADS)
                }
            }
            None => in_channel(state, c, P::MANAGE_CHANNELS),
        },
        E::CreateGuildChannel(g) => in_guild(state, g, P::MANAGE_CHANNELS).map(drop),
        E::CreateMessage(c) => {
            let mut need = send_permission(state, c);
            if body.get("tts").and_then(Value::as_bool) == Some(true) {
                need |= P::SEND_TTS_MESSAGES;
            }
            if body.get("message_reference").is_some_and(|r| !r.is_null()) {
                need |= P::READ_MESSAGE_HISTORY;
            }
            if !input.files.is_empty() {
                need |= P::ATTACH_FILES;
            }
            message_access(state, c, need)
        }
        E::Typing(c) => in_channel(state, c, send_permission(state, c)),
        E::EditMessage(c, _) => in_channel(state, c, P::VIEW_CHANNEL),
        E::DeleteMessage(c, m) => {
            let own = id(c)
                .zip(id(m))
                .and_then(|(c, m)| state.message_author(c, m))
                .is_some_and(|a| a == state.bot_id().get());
            in_channel(
                state,
                c,
                if own {
                    P::VIEW_CHANNEL
                } else {
                    P::MANAGE_MESSAGES
                },
            )
        }
        E::BulkDelete(c) | E::ClearReactions(c, _, _) => in_channel(state, c, P::MANAGE_MESSAGES),
        E::AddReaction(c, m, e) => {
            let existing = id(c)
                .zip(id(m))
                .is_some_and(|(c, m)| state.has_reaction(c, m, &super::input::percent_decode(e)));
            let mut need = P::READ_MESSAGE_HISTORY;
            if !existing {
                need |= P::ADD_REACTIONS;
            }
            in_channel(state, c, need)
        }
        E::RemoveReaction(c, _, _, user) => {
            let other = user
                .as_deref()
                .and_then(id)
                .is_some_and(|u| u != state.bot_id().get());
            in_channel(
                state,
                c,
                if other {
                    P::MANAGE_MESSAGES
                } else {
                    P::VIEW_CHANNEL
                },
            )
        }
        E::Pin(c, _, _) => in_channel(state, c, P::PIN_MESSAGES),
        E::StartThread(c, message) => {
            let private = message.is_none()
                && body.get("type").and_then(Value::as_u64)
                    == Some(u64::from(ChannelType::PrivateThread.value()));
            let forum = id(c)
                .and_then(|c| state.channel_kind(c))
                .is_some_and(|(k, _)| {
                    matches!(
                        channel_type(Some(k)),
                        ChannelType::GuildForum | ChannelType::GuildMedia
                    )
                });
            let need = if forum {
                P::SEND_MESSAGES
            } else if private {
                P::CREATE_PRIVATE_THREADS
            } else {
                P::CREATE_PUBLIC_THREADS
            };
            in_channel(state, c, need)
        }
        E::ChannelWebhooks(c) | E::CreateWebhook(c) => in_channel(state, c, P::MANAGE_WEBHOOKS),
        E::GetWebhook(w, None) | E::ModifyWebhook(w, None) | E::DeleteWebhook(w, None) => {
            let Some((channel_id, creator)) = id(w).and_then(|w| state.webhook_owner(w)) else {
                return Ok(());
            };
            // Reading a webhook the bot made needs no permission.
            if matches!(endpoint, E::GetWebhook(..)) && creator == Some(state.bot_id().get()) {
                return Ok(());
            }
            in_channel(state, &channel_id.to_string(), P::MANAGE_WEBHOOKS)
        }
        E::ModifyMember(g, u) => modify_member(state, g, u, body),
        E::RemoveMember(g, u) => over_member(state, g, u, P::KICK_MEMBERS),
        E::MemberRole(g, _, r, _) => over_role(state, g, r, P::MANAGE_ROLES),
        E::CreateRole(g) => grantable(in_guild(state, g, P::MANAGE_ROLES)?, body),
        E::ModifyRole(g, r) => {
            over_role(state, g, r, P::MANAGE_ROLES)?;
            grantable(id(g).and_then(|g| state.bot_standing(g)), body)
        }
        E::DeleteRole(g, r) => over_role(state, g, r, P::MANAGE_ROLES),
        E::ListBans(g) | E::GetBan(g, _) | E::RemoveBan(g, _) => {
            in_guild(state, g, P::BAN_MEMBERS).map(drop)
        }
        E::CreateBan(g, u) => over_member(state, g, u, P::BAN_MEMBERS),
        E::CreateEmoji(g) => in_guild(state, g, P::CREATE_GUILD_EXPRESSIONS).map(drop),
        E::ModifyEmoji(g, e) | E::DeleteEmoji(g, e) => {
            let Some(bot) = id(g).and_then(|g| state.bot_standing(g)) else {
                return Ok(());
            };
            // The bot's own emojis may also be managed with CREATE_.
            let own = id(g)
                .zip(id(e))
                .and_then(|(g, e)| state.emoji_creator(g, e))
                .is_some_and(|u| u == state.bot_id().get());
            let enough = if own {
                P::MANAGE_GUILD_EXPRESSIONS | P::CREATE_GUILD_EXPRESSIONS
            } else {
                P::MANAGE_GUILD_EXPRESSIONS
            };
            if bot.permissions.intersects(enough) {
                Ok(())
            } else {
                Err(missing_permissions())
            }
        }
        E::Overwrite(c, _, put) => {
            let Some((_, bot)) = channel(state, c)? else {
                return Ok(());
            };
            require(bot.permissions, P::MANAGE_ROLES)?;
            // Only permissions the bot has can be allowed or denied.
            if *put {
                require(
                    bot.permissions,
                    field_bits(body, "allow") | field_bits(body, "deny"),
                )?;
            }
            Ok(())
        }
        E::AuditLog(g) => in_guild(state, g, P::VIEW_AUDIT_LOG).map(drop),
        E::CreateInvite(c) => in_channel(state, c, P::CREATE_INSTANT_INVITE),
        E::ChannelInvites(c) => in_channel(state, c, P::MANAGE_CHANNELS),
        E::DeleteInvite(code) => {
            let Some((c, g)) = state.invite_channel(code) else {
                return Ok(());
            };
            let guild_wide = state
                .bot_standing(g)
                .is_some_and(|s| s.permissions.contains(P::MANAGE_GUILD));
            if guild_wide {
                Ok(())
            } else {
                in_channel(state, &c.to_string(), P::MANAGE_CHANNELS)
            }
        }
        _ => Ok(()),
    }
}
