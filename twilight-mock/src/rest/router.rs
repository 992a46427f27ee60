//! Matching a method and path to an [`Endpoint`], with its ratelimit group,
//! major parameter and whether it needs the bot token.

use hyper::Method;

/// A matched route.
pub(super) struct Route {
    pub(super) endpoint: Endpoint,
    pub(super) group: &'static str,
    pub(super) major: String,
    pub(super) auth: bool,
    pub(super) global_exempt: bool,
}

/// The endpoints, with their raw path parameters.
pub(super) enum Endpoint {
    Gateway,
    GatewayBot,
    UsersMe,
    GetUser(String),
    CurrentUserGuilds,
    CurrentUserGuildMember(String),
    ApplicationMe,
    GetGuild(String),
    GuildChannels(String),
    CreateGuildChannel(String),
    ActiveThreads(String),
    ListMembers(String),
    GetMember(String, String),
    ModifyMember(String, String),
    RemoveMember(String, String),
    MemberRole(String, String, String, bool),
    ListRoles(String),
    CreateRole(String),
    GetRole(String, String),
    ModifyRole(String, String),
    DeleteRole(String, String),
    ListBans(String),
    GetBan(String, String),
    CreateBan(String, String),
    RemoveBan(String, String),
    GetChannel(String),
    ModifyChannel(String),
    DeleteChannel(String),
    ListMessages(String),
    CreateMessage(String),
    BulkDelete(String),
    GetMessage(String, String),
    EditMessage(String, String),
    DeleteMessage(String, String),
    ClearReactions(String, String, Option<String>),
    ReactionUsers(String, String, String),
    AddReaction(String, String, String),
    RemoveReaction(String, String, String, Option<String>),
    StartThread(String, Option<String>),
    ThreadMember(String, bool),
    ChannelWebhooks(String),
    CreateWebhook(String),
    GetWebhook(String, Option<String>),
    ModifyWebhook(String, Option<String>),
    DeleteWebhook(String, Option<String>),
    ExecuteWebhook(String, String),
    WebhookMessage(String, String, String, Method),
    InteractionCallback(String, String),
    CreateDm,
    Typing(String),
    Pins(String),
    PinnedMessages(String),
    Pin(String, String, bool),
    ListEmojis(String),
    GetEmoji(String, String),
    CreateEmoji(String),
    ModifyEmoji(String, String),
    DeleteEmoji(String, String),
    ListStickers(String),
    GetGuildSticker(String, String),
    GetSticker(String),
    CreateInvite(String),
    ChannelInvites(String),
    GetInvite(String),
    DeleteInvite(String),
    AuditLog(String),
    /// Channel, overwrite id, whether it is a PUT.
    Overwrite(String, String, bool),
    /// Application commands: method, application, guild (None: global),
    /// command.
    Commands(Method, String, Option<String>, Option<String>),
}

/// The route of `method` and the path segments after the API version.
pub(super) fn route(method: &Method, segs: &[&str]) -> Option<Route> {
    use Endpoint as E;
    let s = |i: usize| segs[i].to_owned();
    let m = method;
    let bot = |endpoint, group, major: &str| {
        Some(Route {
            endpoint,
            group,
            major: major.to_owned(),
            auth: true,
            global_exempt: false,
        })
    };
    let hook = |endpoint, group, major: String| {
        Some(Route {
            endpoint,
            group,
            major,
            auth: false,
            global_exempt: true,
        })
    };
    match (segs, m) {
        (["gateway"], &Method::GET) => Some(Route {
            endpoint: E::Gateway,
            group: "gateway",
            major: String::new(),
            auth: false,
            global_exempt: false,
        }),
        (["gateway", "bot"], &Method::GET) => bot(E::GatewayBot, "gateway.bot", ""),
        (["users", "@me"], &Method::GET) => bot(E::UsersMe, "users.me", ""),
        (["users", "@me", "channels"], &Method::POST) => bot(E::CreateDm, "users.dm", ""),
        (["users", "@me", "guilds"], &Method::GET) => bot(E::CurrentUserGuilds, "users.guilds", ""),
        (["users", "@me", "guilds", g, "member"], &Method::GET) => {
            bot(E::CurrentUserGuildMember(s(3)), "users.guilds.member", g)
        }
        (["users", _], &Method::GET) => bot(E::GetUser(s(1)), "users.get", ""),
        (["oauth2", "applications", "@me"] | ["applications", "@me"], &Method::GET) => {
            bot(E::ApplicationMe, "applications.me", "")
        }
        (["guilds", g], &Method::GET) => bot(E::GetGuild(s(1)), "guild.get", g),
        (["guilds", g, "channels"], &Method::GET) => {
            bot(E::GuildChannels(s(1)), "guild.channels.list", g)
        }
        (["guilds", g, "channels"], &Method::POST) => {
            bot(E::CreateGuildChannel(s(1)), "guild.channels.create", g)
        }
        (["guilds", g, "threads", "active"], &Method::GET) => {
            bot(E::ActiveThreads(s(1)), "guild.threads.active", g)
        }
        (["guilds", g, "members"], &Method::GET) => {
            bot(E::ListMembers(s(1)), "guild.members.list", g)
        }
        // `search` is its own route (Search Guild Members), not a user.
        (["guilds", g, "members", u], &Method::GET) if *u != "search" => {
            bot(E::GetMember(s(1), s(3)), "guild.members.get", g)
        }
        (["guilds", g, "members", _], &Method::PATCH) => {
            bot(E::ModifyMember(s(1), s(3)), "guild.members.modify", g)
        }
        (["guilds", g, "members", u], &Method::DELETE) if *u != "@me" => {
            bot(E::RemoveMember(s(1), s(3)), "guild.members.remove", g)
        }
        (["guilds", g, "members", u, "roles", _], &Method::PUT | &Method::DELETE)
            if *u != "@me" =>
        {
            bot(
                E::MemberRole(s(1), s(3), s(5), m == Method::PUT),
                "guild.members.roles",
                g,
            )
        }
        (["guilds", g, "roles"], &Method::GET) => bot(E::ListRoles(s(1)), "guild.roles.read", g),
        (["guilds", g, "roles"], &Method::POST) => {
            bot(E::CreateRole(s(1)), "guild.roles.create", g)
        }
        // `member-counts` is its own route, not a role.
        (["guilds", g, "roles", r], &Method::GET) if *r != "member-counts" => {
            bot(E::GetRole(s(1), s(3)), "guild.roles.read", g)
        }
        (["guilds", g, "roles", _], &Method::PATCH) => {
            bot(E::ModifyRole(s(1), s(3)), "guild.roles.modify", g)
        }
        (["guilds", g, "roles", _], &Method::DELETE) => {
            bot(E::DeleteRole(s(1), s(3)), "guild.roles.delete", g)
        }
        (["guilds", g, "emojis"], &Method::GET) => bot(E::ListEmojis(s(1)), "guild.emojis.read", g),
        (["guilds", g, "emojis"], &Method::POST) => {
            bot(E::CreateEmoji(s(1)), "guild.emojis.create", g)
        }
        (["guilds", g, "emojis", _], &Method::GET) => {
            bot(E::GetEmoji(s(1), s(3)), "guild.emojis.read", g)
        }
        (["guilds", g, "emojis", _], &Method::PATCH) => {
            bot(E::ModifyEmoji(s(1), s(3)), "guild.emojis.modify", g)
        }
        (["guilds", g, "emojis", _], &Method::DELETE) => {
            bot(E::DeleteEmoji(s(1), s(3)), "guild.emojis.delete", g)
        }
        (["guilds", g, "stickers"], &Method::GET) => {
            bot(E::ListStickers(s(1)), "guild.stickers.read", g)
        }
        (["guilds", g, "stickers", _], &Method::GET) => {
            bot(E::GetGuildSticker(s(1), s(3)), "guild.stickers.read", g)
        }
        (["stickers", _], &Method::GET) => bot(E::GetSticker(s(1)), "stickers.get", ""),
        (["guilds", g, "audit-logs"], &Method::GET) => bot(E::AuditLog(s(1)), "guild.audit_log", g),
        (["channels", c, "permissions", _], &Method::PUT | &Method::DELETE) => bot(
            E::Overwrite(s(1), s(3), m == Method::PUT),
            "channel.permissions",
            c,
        ),
        (["channels", c, "invites"], &Method::GET) => {
            bot(E::ChannelInvites(s(1)), "channel.invites.list", c)
        }
        (["channels", c, "invites"], &Method::POST) => {
            bot(E::CreateInvite(s(1)), "channel.invites.create", c)
        }
        (["invites", _], &Method::GET) => bot(E::GetInvite(s(1)), "invites.get", ""),
        (["invites", _], &Method::DELETE) => bot(E::DeleteInvite(s(1)), "invites.delete", ""),
        (["guilds", g, "bans"], &Method::GET) => bot(E::ListBans(s(1)), "guild.bans.read", g),
        (["guilds", g, "bans", _], &Method::GET) => {
            bot(E::GetBan(s(1), s(3)), "guild.bans.read", g)
        }
        (["guilds", g, "bans", _], &Method::PUT) => {
            bot(E::CreateBan(s(1), s(3)), "guild.bans.write", g)
        }
        (["guilds", g, "bans", _], &Method::DELETE) => {
            bot(E::RemoveBan(s(1), s(3)), "guild.bans.write", g)
        }
        (["channels", c], &Method::GET) => bot(E::GetChannel(s(1)), "channel.get", c),
        (["channels", c], &Method::PATCH) => bot(E::ModifyChannel(s(1)), "channel.modify", c),
        (["channels", c], &Method::DELETE) => bot(E::DeleteChannel(s(1)), "channel.delete", c),
        (["channels", c, "messages"], &Method::GET) => {
            bot(E::ListMessages(s(1)), "messages.read", c)
        }
        (["channels", c, "messages"], &Method::POST) => {
            bot(E::CreateMessage(s(1)), "messages.create", c)
        }
        (["channels", c, "messages", "bulk-delete"], &Method::POST) => {
            bot(E::BulkDelete(s(1)), "messages.bulk_delete", c)
        }
        (["channels", c, "messages", "pins"], &Method::GET) => bot(E::Pins(s(1)), "pins.read", c),
        (
            ["channels", c, "messages", "pins", _] | ["channels", c, "pins", _],
            &Method::PUT | &Method::DELETE,
        ) => {
            let message = segs[segs.len() - 1].to_owned();
            bot(E::Pin(s(1), message, m == Method::PUT), "pins.write", c)
        }
        (["channels", c, "pins"], &Method::GET) => bot(E::PinnedMessages(s(1)), "pins.read", c),
        (["channels", c, "typing"], &Method::POST) => bot(E::Typing(s(1)), "channels.typing", c),
        (["channels", c, "messages", _], &Method::GET) => {
            bot(E::GetMessage(s(1), s(3)), "messages.read", c)
        }
        (["channels", c, "messages", _], &Method::PATCH) => {
            bot(E::EditMessage(s(1), s(3)), "messages.edit", c)
        }
        (["channels", c, "messages", _], &Method::DELETE) => {
            bot(E::DeleteMessage(s(1), s(3)), "messages.delete", c)
        }
        (["channels", c, "messages", _, "reactions"], &Method::DELETE) => {
            bot(E::ClearReactions(s(1), s(3), None), "reactions", c)
        }
        (["channels", c, "messages", _, "reactions", _], &Method::DELETE) => {
            bot(E::ClearReactions(s(1), s(3), Some(s(5))), "reactions", c)
        }
        (["channels", c, "messages", _, "reactions", _], &Method::GET) => {
            bot(E::ReactionUsers(s(1), s(3), s(5)), "reactions.read", c)
        }
        (["channels", c, "messages", _, "reactions", _, "@me"], &Method::PUT) => {
            bot(E::AddReaction(s(1), s(3), s(5)), "reactions", c)
        }
        (["channels", c, "messages", _, "reactions", _, "@me"], &Method::DELETE) => {
            bot(E::RemoveReaction(s(1), s(3), s(5), None), "reactions", c)
        }
        (["channels", c, "messages", _, "reactions", _, _], &Method::DELETE) => bot(
            E::RemoveReaction(s(1), s(3), s(5), Some(s(6))),
            "reactions",
            c,
        ),
        (["channels", c, "messages", _, "threads"], &Method::POST) => {
            bot(E::StartThread(s(1), Some(s(3))), "threads.create", c)
        }
        (["channels", c, "threads"], &Method::POST) => {
            bot(E::StartThread(s(1), None), "threads.create", c)
        }
        (["channels", c, "thread-members", "@me"], &Method::PUT | &Method::DELETE) => bot(
            E::ThreadMember(s(1), m == Method::PUT),
            "threads.members",
            c,
        ),
        (["channels", c, "webhooks"], &Method::GET) => {
            bot(E::ChannelWebhooks(s(1)), "webhooks.list", c)
        }
        (["channels", c, "webhooks"], &Method::POST) => {
            bot(E::CreateWebhook(s(1)), "webhooks.create", c)
        }
        (["webhooks", w], &Method::GET) => bot(E::GetWebhook(s(1), None), "webhooks.get", w),
        (["webhooks", w], &Method::PATCH) => {
            bot(E::ModifyWebhook(s(1), None), "webhooks.modify", w)
        }
        (["webhooks", w], &Method::DELETE) => {
            bot(E::DeleteWebhook(s(1), None), "webhooks.delete", w)
        }
        (["webhooks", w, t], &Method::GET) => hook(
            E::GetWebhook(s(1), Some(s(2))),
            "webhooks.token",
            format!("{w}/{t}"),
        ),
        (["webhooks", w, t], &Method::PATCH) => hook(
            E::ModifyWebhook(s(1), Some(s(2))),
            "webhooks.token",
            format!("{w}/{t}"),
        ),
        (["webhooks", w, t], &Method::DELETE) => hook(
            E::DeleteWebhook(s(1), Some(s(2))),
            "webhooks.token",
            format!("{w}/{t}"),
        ),
        (["webhooks", w, t], &Method::POST) => hook(
            E::ExecuteWebhook(s(1), s(2)),
            "webhooks.execute",
            format!("{w}/{t}"),
        ),
        (["webhooks", w, t, "messages", _], &Method::GET | &Method::PATCH | &Method::DELETE) => {
            hook(
                E::WebhookMessage(s(1), s(2), s(4), m.clone()),
                "webhooks.messages",
                format!("{w}/{t}"),
            )
        }
        (["applications", _, "commands"], &Method::GET | &Method::POST | &Method::PUT) => bot(
            E::Commands(m.clone(), s(1), None, None),
            "applications.commands",
            "",
        ),
        (["applications", _, "commands", _], &Method::GET | &Method::PATCH | &Method::DELETE) => {
            bot(
                E::Commands(m.clone(), s(1), None, Some(s(3))),
                "applications.commands",
                "",
            )
        }
        (
            ["applications", _, "guilds", g, "commands"],
            &Method::GET | &Method::POST | &Method::PUT,
        ) => bot(
            E::Commands(m.clone(), s(1), Some(s(3)), None),
            "applications.guild_commands",
            g,
        ),
        (
            ["applications", _, "guilds", g, "commands", c],
            &Method::GET | &Method::PATCH | &Method::DELETE,
        ) if *c != "permissions" => bot(
            E::Commands(m.clone(), s(1), Some(s(3)), Some(s(5))),
            "applications.guild_commands",
            g,
        ),
        (["interactions", i, t, "callback"], &Method::POST) => hook(
            E::InteractionCallback(s(1), s(2)),
            "interactions.callback",
            format!("{i}/{t}"),
        ),
        _ => None,
    }
}
