//! The handlers of the REST routes, one module per resource, and
//! [`endpoint`], which hands a matched route to its handler.
//!
//! Handlers read the path parameters and the [`Input`], call the [`State`]
//! method of the route and shape its answer; the events the change causes
//! go into `events`, dispatched by the server once the state is unlocked.
//!
//! [`State`]: crate::state::State

mod bans;
mod channels;
mod commands;
mod emojis;
mod gateway;
mod guilds;
mod interactions;
mod invites;
mod members;
mod messages;
mod reactions;
mod roles;
mod threads;
mod users;
mod webhooks;

use super::context::RestContext;
use super::input::Input;
use super::responses::Reply;
use super::router::Endpoint;
use crate::state::{ApiError, Events};

/// Runs the handler of `endpoint`. `host` is the Host the request was sent
/// to, which the URLs of created webhooks name.
pub(super) fn endpoint(
    ctx: &RestContext,
    endpoint: Endpoint,
    input: &Input,
    host: &str,
    events: &mut Events,
) -> Result<Reply, ApiError> {
    use Endpoint as E;
    let state = &*ctx.state;
    match endpoint {
        E::Gateway => gateway::gateway(ctx),
        E::GatewayBot => gateway::gateway_bot(ctx),
        E::UsersMe => users::me(state),
        E::GetUser(u) => users::get(state, &u),
        E::CurrentUserGuilds => users::guilds(state, input),
        E::CurrentUserGuildMember(g) => users::guild_member(state, &g),
        E::ApplicationMe => users::application(state),
        E::CreateDm => users::create_dm(state, input),
        E::Commands(method, app, guild, command) => commands::handle(
            ctx,
            &method,
            &app,
            guild.as_deref(),
            command.as_deref(),
            &input.json,
        ),
        E::GetGuild(g) => guilds::get(state, &g, input),
        E::GuildChannels(g) => guilds::channels(state, &g),
        E::CreateGuildChannel(g) => guilds::create_channel(state, &g, input, events),
        E::AuditLog(g) => guilds::audit_log(state, &g, input),
        E::ListMembers(g) => members::list(state, &g, input),
        E::GetMember(g, u) => members::get(state, &g, &u),
        E::ModifyMember(g, u) => members::modify(state, &g, &u, input, events),
        E::RemoveMember(g, u) => members::remove(state, &g, &u, events),
        E::MemberRole(g, u, r, add) => members::role(state, &g, &u, &r, add, events),
        E::ListRoles(g) => roles::list(state, &g),
        E::CreateRole(g) => roles::create(state, &g, input, events),
        E::GetRole(g, r) => roles::get(state, &g, &r),
        E::ModifyRole(g, r) => roles::modify(state, &g, &r, input, events),
        E::DeleteRole(g, r) => roles::delete(state, &g, &r, events),
        E::ListBans(g) => bans::list(state, &g, input),
        E::GetBan(g, u) => bans::get(state, &g, &u),
        E::CreateBan(g, u) => bans::create(state, &g, &u, input, events),
        E::RemoveBan(g, u) => bans::remove(state, &g, &u, events),
        E::ListEmojis(g) => emojis::list(state, &g),
        E::GetEmoji(g, e) => emojis::get(state, &g, &e),
        E::CreateEmoji(g) => emojis::create(state, &g, input, events),
        E::ModifyEmoji(g, e) => emojis::modify(state, &g, &e, input, events),
        E::DeleteEmoji(g, e) => emojis::delete(state, &g, &e, events),
        E::ListStickers(g) => emojis::list_stickers(state, &g),
        E::GetGuildSticker(g, s) => emojis::get_guild_sticker(state, &g, &s),
        E::GetSticker(s) => emojis::get_sticker(&s),
        E::GetChannel(c) => channels::get(state, &c),
        E::ModifyChannel(c) => channels::modify(state, &c, input, events),
        E::DeleteChannel(c) => channels::delete(state, &c, events),
        E::Typing(c) => channels::typing(state, &c, events),
        E::Overwrite(c, o, put) => channels::overwrite(state, &c, &o, put, input, events),
        E::CreateInvite(c) => invites::create(state, &c, input, events),
        E::ChannelInvites(c) => invites::list(state, &c),
        E::GetInvite(code) => invites::get(state, &code, input),
        E::DeleteInvite(code) => invites::delete(state, &code, events),
        E::ListMessages(c) => {
            messages::list(state, &c, input).map(|r| messages::hide_content(ctx, &c, r))
        }
        E::CreateMessage(c) => messages::create(state, &c, input, events),
        E::BulkDelete(c) => messages::bulk_delete(state, &c, input, events),
        E::GetMessage(c, m) => {
            messages::get(state, &c, &m).map(|r| messages::hide_content(ctx, &c, r))
        }
        E::EditMessage(c, m) => messages::edit(state, &c, &m, input, events),
        E::DeleteMessage(c, m) => messages::delete(state, &c, &m, events),
        E::Pins(c) => messages::pins(state, &c, input).map(|r| messages::hide_content(ctx, &c, r)),
        E::PinnedMessages(c) => {
            messages::pinned_messages(state, &c).map(|r| messages::hide_content(ctx, &c, r))
        }
        E::Pin(c, m, pin) => messages::pin(state, &c, &m, pin, events),
        E::ClearReactions(c, m, e) => reactions::clear(state, &c, &m, e.as_deref(), events),
        E::ReactionUsers(c, m, e) => reactions::users(state, &c, &m, &e, input),
        E::AddReaction(c, m, e) => reactions::add(state, &c, &m, &e, events),
        E::RemoveReaction(c, m, e, u) => reactions::remove(state, &c, &m, &e, u.as_deref(), events),
        E::StartThread(c, m) => threads::start(state, &c, m.as_deref(), input, events),
        E::ThreadMember(c, join) => threads::membership(state, &c, join, events),
        E::ActiveThreads(g) => threads::active(state, &g),
        E::ChannelWebhooks(c) => webhooks::list(state, &c),
        E::CreateWebhook(c) => webhooks::create(state, &c, input, host, events),
        E::GetWebhook(w, t) => webhooks::get(state, &w, t.as_deref()),
        E::ModifyWebhook(w, t) => webhooks::modify(state, &w, t.as_deref(), input, events),
        E::DeleteWebhook(w, t) => webhooks::delete(state, &w, t.as_deref(), events),
        E::ExecuteWebhook(w, t) => webhooks::execute(ctx, &w, &t, input, events),
        E::WebhookMessage(w, t, m, method) => {
            webhooks::message(ctx, &w, &t, &m, &method, input, events)
        }
        E::InteractionCallback(i, t) => interactions::callback(ctx, &i, &t, input, events),
    }
}
