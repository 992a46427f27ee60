//! Which REST changes Discord writes to the guild audit log, and as what
//! (resources/audit-log.mdx, Audit Log Events). An entry is recorded after
//! the change succeeds, with the request's `X-Audit-Log-Reason`.

use super::input::Input;
use super::responses::Reply;
use super::router::Endpoint;
use crate::state::{Events, State, snowflake_of};
use serde_json::{Value, json};
use twilight_model::audit_log::AuditLogEvent as A;

/// Where an entry's target id comes from.
#[derive(Clone, Copy)]
enum Target {
    /// An id in the path.
    Id(u64),
    /// The `id` of the object the route returns (creations).
    Created,
    /// No target (invites are named by code).
    None,
}

/// An entry to record once the change has succeeded.
pub(super) struct Pending {
    guild: u64,
    action_type: A,
    target: Target,
    options: Option<Value>,
}

fn id(text: &str) -> Option<u64> {
    text.parse().ok()
}

fn thread(state: &State, channel: u64) -> bool {
    state
        .channel_kind(channel)
        .is_some_and(|(k, _)| crate::state::channel_type(Some(k)).is_thread())
}

/// The entry `endpoint` would cause, worked out before the change (a deleted
/// channel no longer knows its guild).
pub(super) fn pending(state: &State, endpoint: &Endpoint, input: &Input) -> Option<Pending> {
    use Endpoint as E;
    let guild_entry = |g: &str, action_type, target| {
        Some(Pending {
            guild: id(g)?,
            action_type,
            target,
            options: None,
        })
    };
    let channel_entry = |c: &str, channel_action, thread_action| {
        let c = id(c)?;
        let guild = state.channel_guild(c)?.get();
        let action_type = if thread(state, c) {
            thread_action
        } else {
            channel_action
        };
        Some(Pending {
            guild,
            action_type,
            target: Target::Id(c),
            options: None,
        })
    };
    match endpoint {
        E::CreateGuildChannel(g) => guild_entry(g, A::ChannelCreate, Target::Created),
        E::ModifyChannel(c) => channel_entry(c, A::ChannelUpdate, A::ThreadUpdate),
        E::DeleteChannel(c) => channel_entry(c, A::ChannelDelete, A::ThreadDelete),
        E::RemoveMember(g, u) => guild_entry(g, A::MemberKick, Target::Id(id(u)?)),
        E::CreateBan(g, u) => guild_entry(g, A::MemberBanAdd, Target::Id(id(u)?)),
        E::RemoveBan(g, u) => guild_entry(g, A::MemberBanRemove, Target::Id(id(u)?)),
        E::ModifyMember(g, u) => {
            let u = if u == "@me" {
                state.bot_id().get()
            } else {
                id(u)?
            };
            let only_roles = input
                .json
                .as_object()
                .is_some_and(|o| o.len() == 1 && o.contains_key("roles"));
            let action_type = if only_roles {
                A::MemberRoleUpdate
            } else {
                A::MemberUpdate
            };
            guild_entry(g, action_type, Target::Id(u))
        }
        E::MemberRole(g, u, _, _) => guild_entry(g, A::MemberRoleUpdate, Target::Id(id(u)?)),
        E::CreateRole(g) => guild_entry(g, A::RoleCreate, Target::Created),
        E::ModifyRole(g, r) => guild_entry(g, A::RoleUpdate, Target::Id(id(r)?)),
        E::DeleteRole(g, r) => guild_entry(g, A::RoleDelete, Target::Id(id(r)?)),
        E::CreateInvite(c) => {
            let guild = state.channel_guild(id(c)?)?.get();
            Some(Pending {
                guild,
                action_type: A::InviteCreate,
                target: Target::None,
                options: None,
            })
        }
        E::DeleteInvite(code) => {
            let (_, guild) = state.invite_channel(code)?;
            Some(Pending {
                guild,
                action_type: A::InviteDelete,
                target: Target::None,
                options: None,
            })
        }
        E::CreateWebhook(c) => {
            let guild = state.channel_guild(id(c)?)?.get();
            Some(Pending {
                guild,
                action_type: A::WebhookCreate,
                target: Target::Created,
                options: None,
            })
        }
        E::ModifyWebhook(w, None) | E::DeleteWebhook(w, None) => {
            let w = id(w)?;
            let (channel, _) = state.webhook_owner(w)?;
            let guild = state.channel_guild(channel)?.get();
            let action_type = if matches!(endpoint, E::ModifyWebhook(..)) {
                A::WebhookUpdate
            } else {
                A::WebhookDelete
            };
            Some(Pending {
                guild,
                action_type,
                target: Target::Id(w),
                options: None,
            })
        }
        E::Overwrite(c, o, put) => {
            let (c, o) = (id(c)?, id(o)?);
            let guild = state.channel_guild(c)?.get();
            let action_type = match (put, state.has_overwrite(c, o)) {
                (true, false) => A::ChannelOverwriteCreate,
                (true, true) => A::ChannelOverwriteUpdate,
                (false, true) => A::ChannelOverwriteDelete,
                // Deleting nothing changes nothing.
                (false, false) => return None,
            };
            Some(Pending {
                guild,
                action_type,
                target: Target::Id(c),
                options: None,
            })
        }
        // Deleting another user's message; the bot's own are not logged.
        E::DeleteMessage(c, m) => {
            let c = id(c)?;
            let author = state.message_author(c, id(m)?)?;
            if author == state.bot_id().get() {
                return None;
            }
            Some(Pending {
                guild: state.channel_guild(c)?.get(),
                action_type: A::MessageDelete,
                target: Target::Id(author),
                options: Some(json!({ "channel_id": c.to_string(), "count": "1" })),
            })
        }
        E::CreateEmoji(g) => guild_entry(g, A::EmojiCreate, Target::Created),
        E::ModifyEmoji(g, e) => guild_entry(g, A::EmojiUpdate, Target::Id(id(e)?)),
        E::DeleteEmoji(g, e) => guild_entry(g, A::EmojiDelete, Target::Id(id(e)?)),
        _ => None,
    }
}

/// Records `pending` after the change answered `reply`.
pub(super) fn record(
    state: &State,
    pending: Pending,
    reply: &Reply,
    reason: Option<&str>,
    events: &mut Events,
) {
    let target = match pending.target {
        Target::Id(id) => Some(id),
        Target::Created => match reply {
            Reply::Json(_, value) => value.get("id").and_then(snowflake_of),
            Reply::Empty => None,
        },
        Target::None => None,
    };
    state.record_audit(
        pending.guild,
        u64::from(pending.action_type.value()),
        target,
        pending.options,
        reason,
        events,
    );
}
