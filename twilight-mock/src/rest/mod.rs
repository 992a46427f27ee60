//! The REST server: Discord's HTTP API under `/api/v10` (and `/api/v9`),
//! over the in-memory [`State`], with Discord's ratelimits and errors.
//!
//! Start it on its own with [`serve`] and a [`RestContext`]; the context is
//! also the control surface for tests (request log, counters, injected
//! `shared` 429s, interactions).
//!
//! # Choices where Discord's documentation leaves room
//!
//! - Versions 9 and 10 are served; versions 3 to 8 get 400 with code 50041
//!   (Invalid API version provided); any other prefix gets 404
//!   `{"message": "404: Not Found", "code": 0}`.
//! - Ratelimit headers (`X-RateLimit-Limit/Remaining/Reset/Reset-After/Bucket`)
//!   are sent on every response of a ratelimited route, errors included.
//!   `Reset-After` and `Retry-After` are Discord time; `Reset` is the wall
//!   clock plus `Reset-After`. Buckets are per token, route group (the hash)
//!   and major parameter (channel id, guild id, webhook id + token, or
//!   interaction id + token).
//! - The global limit is a fixed window of one Discord second per token (per
//!   IP address without a token); interaction callbacks and every
//!   `/webhooks/{id}/{token}` route are exempt.
//! - Invalid requests (401, 403, and 429 other than `shared`) are counted
//!   over 10 minutes; past 10,000 every request is answered for an hour
//!   (Discord time) as Cloudflare does: status 429, `Content-Type:
//!   text/html`, `Retry-After`, no ratelimit headers and the body
//!   `error code: 1015`.
//! - Attachments are served without authentication at their `url`
//!   (`http://HOST/attachments/{channel}/{attachment}/{filename}`).
//! - Permissions are checked as Discord documents them per route (see
//!   `rest/permissions.rs`): 403 with code 50001 (Missing Access) without
//!   VIEW_CHANNEL, 50013 (Missing Permissions) otherwise; both count as
//!   invalid requests. Rich embeds are kept without EMBED_LINKS (the
//!   permission only governs link auto-embeds, which the mock does not make).
//! - The audit log records the bot's channel, overwrite, member, ban, role,
//!   invite, webhook and emoji changes and deletions of others' messages
//!   (user, action type, target, the `X-Audit-Log-Reason`; no `changes`)
//!   and dispatches GUILD_AUDIT_LOG_ENTRY_CREATE.
//! - An interaction must get its initial response within 3 Discord seconds
//!   (see [`RestContext::set_interaction_deadline`]); its token then serves
//!   follow-ups for 15 minutes.
//! - Webhook and interaction tokens are replaced by `[token]` in the request
//!   log; the bot token never appears in it.
//!
//! # Routes and their ratelimit groups
//!
//! Each group is one `X-RateLimit-Bucket` hash; its buckets are per major
//! parameter (shown in braces). Limits are those of
//! [`ratelimit::DEFAULT_LIMITS`] (5 per 5 s otherwise) and can be changed
//! with [`RestContext::set_route_limit`].
//!
//! | Route | Group |
//! |---|---|
//! | `GET /gateway` (no token) | `gateway` |
//! | `GET /gateway/bot` | `gateway.bot` |
//! | `GET /users/@me`, `GET /users/{id}` | `users.me`, `users.get` |
//! | `POST /users/@me/channels` (DM) | `users.dm` |
//! | `GET /oauth2/applications/@me`, `GET /applications/@me` | `applications.me` |
//! | `GET /guilds/{guild}` | `guild.get` |
//! | `GET`, `POST /guilds/{guild}/channels` | `guild.channels.list`, `guild.channels.create` |
//! | `GET /guilds/{guild}/threads/active` | `guild.threads.active` |
//! | `GET /guilds/{guild}/members` | `guild.members.list` |
//! | `GET`, `PATCH`, `DELETE /guilds/{guild}/members/{user or @me}` | `guild.members.get`, `.modify`, `.remove` |
//! | `PUT`, `DELETE /guilds/{guild}/members/{user}/roles/{role}` | `guild.members.roles` |
//! | `GET /guilds/{guild}/roles[/{role}]` | `guild.roles.read` |
//! | `POST`, `PATCH`, `DELETE /guilds/{guild}/roles[/{role}]` | `guild.roles.create`, `.modify`, `.delete` |
//! | `GET`, `POST /guilds/{guild}/emojis`, `GET`, `PATCH`, `DELETE /guilds/{guild}/emojis/{emoji}` | `guild.emojis.read`, `.create`, `.modify`, `.delete` |
//! | `GET /guilds/{guild}/stickers[/{sticker}]` (always empty), `GET /stickers/{sticker}` | `guild.stickers.read`, `stickers.get` |
//! | `GET /guilds/{guild}/audit-logs` | `guild.audit_log` |
//! | `GET`, `POST /channels/{channel}/invites` | `channel.invites.list`, `channel.invites.create` |
//! | `GET`, `DELETE /invites/{code}` | `invites.get`, `invites.delete` |
//! | `PUT`, `DELETE /channels/{channel}/permissions/{overwrite}` | `channel.permissions` |
//! | `GET /guilds/{guild}/bans[/{user}]` | `guild.bans.read` |
//! | `PUT`, `DELETE /guilds/{guild}/bans/{user}` | `guild.bans.write` |
//! | `GET`, `PATCH`, `DELETE /channels/{channel}` | `channel.get`, `channel.modify`, `channel.delete` |
//! | `GET /channels/{channel}/messages[/{message}]` | `messages.read` |
//! | `POST /channels/{channel}/messages` (JSON or multipart) | `messages.create` |
//! | `PATCH`, `DELETE /channels/{channel}/messages/{message}` | `messages.edit`, `messages.delete` |
//! | `POST /channels/{channel}/messages/bulk-delete` | `messages.bulk_delete` |
//! | `PUT`, `DELETE .../reactions/{emoji}/@me`, `DELETE .../reactions/{emoji}/{user}`, `DELETE .../reactions[/{emoji}]` | `reactions` |
//! | `GET .../reactions/{emoji}` | `reactions.read` |
//! | `GET /channels/{channel}/messages/pins`, `GET /channels/{channel}/pins` | `pins.read` |
//! | `PUT`, `DELETE /channels/{channel}/messages/pins/{message}` (and `/pins/{message}`) | `pins.write` |
//! | `POST /channels/{channel}/typing` | `channels.typing` |
//! | `POST /channels/{channel}/messages/{message}/threads`, `POST /channels/{channel}/threads` | `threads.create` |
//! | `PUT`, `DELETE /channels/{channel}/thread-members/@me` | `threads.members` |
//! | `GET`, `POST /channels/{channel}/webhooks` | `webhooks.list`, `webhooks.create` |
//! | `GET`, `PATCH`, `DELETE /webhooks/{webhook}` | `webhooks.get`, `.modify`, `.delete` |
//! | `GET`, `PATCH`, `DELETE /webhooks/{webhook}/{token}` (no token needed) | `webhooks.token` {webhook/token} |
//! | `POST /webhooks/{webhook}/{token}[?wait=true&thread_id=]` | `webhooks.execute` {webhook/token} |
//! | `GET`, `PATCH`, `DELETE /webhooks/{webhook}/{token}/messages/{message}` | `webhooks.messages` {webhook/token} |
//! | `POST /webhooks/{application}/{interaction token}` (follow-up) | `webhooks.execute` |
//! | `GET`, `PATCH`, `DELETE /webhooks/{application}/{interaction token}/messages/{@original or message}` | `webhooks.messages` |
//! | `POST /interactions/{interaction}/{token}/callback[?with_response=true]` | `interactions.callback` {interaction/token} |
//!
//! Guild routes are keyed by `{guild}`, channel routes by `{channel}`,
//! webhook routes by `{webhook}`.

mod audit;
pub mod commands;
mod connect_delay;
pub mod multipart;
mod permissions;
pub mod ratelimit;

use crate::clock::Clock;
use crate::config::{MockConfig, SessionStartLimit};
use crate::hub::EventSink;
use crate::state::{ApiError, Author, Events, State, Upload, snowflake_of};
use bytes::Bytes;
use connect_delay::ConnectDelay;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{CONTENT_TYPE, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use ratelimit::{BucketInfo, Decision, Limiter, RouteLimit, Scope};
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

/// The largest request body accepted (Discord's upload limit plus room for
/// the rest of a multipart body).
pub const MAX_BODY: usize = 26 * 1024 * 1024;

/// Where GET /gateway/bot reads the session start limit from (the gateway
/// half's identify counter); without one, the configured limit is reported.
pub type SessionStartSource = Arc<dyn Fn() -> SessionStartLimit + Send + Sync>;

/// Whether the bot token was reset (by the gateway half, when the daily
/// identify limit is exceeded): every request with it then gets 401.
pub type TokenResetSource = Arc<dyn Fn() -> bool + Send + Sync>;

/// One request as the mock saw it.
#[derive(Clone, Debug, PartialEq)]
pub struct RequestRecord {
    /// The method.
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The route group (also the bucket's name), if the route is known.
    pub route: Option<&'static str>,
    /// The `X-RateLimit-Bucket` hash sent, if any.
    pub bucket: Option<String>,
    /// The status answered.
    pub status: u16,
    /// When the request arrived.
    pub at: SystemTime,
    /// The scope of the 429, if it was one.
    pub ratelimited: Option<Scope>,
}

/// Counters of the REST server.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RestStats {
    /// Requests served.
    pub total: u64,
    /// 429s with scope `user`.
    pub user_429: u64,
    /// 429s with scope `shared`.
    pub shared_429: u64,
    /// 429s with scope `global`.
    pub global_429: u64,
    /// Invalid requests in the current 10-minute window.
    pub invalid_in_window: usize,
    /// Invalid requests since start.
    pub invalid_total: u64,
    /// Whether requests are being refused as by a Cloudflare ban.
    pub banned: bool,
}

#[derive(Default)]
struct Log {
    records: Vec<RequestRecord>,
    stats: RestStats,
}

/// Everything the REST server needs, and the control surface for tests.
/// Cheap to clone.
#[derive(Clone)]
pub struct RestContext {
    state: Arc<State>,
    config: Arc<MockConfig>,
    gateway_url: Arc<str>,
    sink: Arc<dyn EventSink>,
    limiter: Arc<Limiter>,
    log: Arc<Mutex<Log>>,
    session_start: Option<SessionStartSource>,
    token_reset: Option<TokenResetSource>,
    /// The initial response deadline of interactions (Discord time).
    interaction_deadline: Arc<Mutex<Option<Duration>>>,
    /// A simulated handshake delay before a connection's first request.
    connect_delay: Arc<ConnectDelay>,
    clock: Clock,
    /// Held from a state change until its events are dispatched, so that
    /// events leave in the order the changes were made.
    order: Arc<Mutex<()>>,
    /// The application's commands.
    commands: Arc<commands::Commands>,
}

impl std::fmt::Debug for RestContext {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RestContext")
            .field("gateway_url", &self.gateway_url)
            .finish_non_exhaustive()
    }
}

/// Discord's deadline for an interaction's initial response.
pub const INTERACTION_DEADLINE: Duration = Duration::from_secs(3);

/// The largest number of request records kept.
const LOG_CAPACITY: usize = 100_000;

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl RestContext {
    /// A context over `state`, answering GET /gateway with `gateway_url` and
    /// dispatching the events of changes to `sink`.
    pub fn new(
        state: Arc<State>,
        config: MockConfig,
        gateway_url: impl Into<String>,
        sink: Arc<dyn EventSink>,
    ) -> Self {
        let clock = Clock::new(config.time_scale);
        let limiter = Arc::new(Limiter::new(clock, config.global_rate_limit));
        let gateway_url: String = gateway_url.into();
        Self {
            state,
            config: Arc::new(config),
            gateway_url: gateway_url.into(),
            sink,
            limiter,
            log: Arc::new(Mutex::new(Log::default())),
            session_start: None,
            token_reset: None,
            interaction_deadline: Arc::new(Mutex::new(Some(INTERACTION_DEADLINE))),
            connect_delay: Arc::default(),
            clock,
            order: Arc::new(Mutex::new(())),
            commands: Arc::default(),
        }
    }

    /// Reports `source`'s session start limit in GET /gateway/bot.
    #[must_use]
    pub fn with_session_start(mut self, source: SessionStartSource) -> Self {
        self.session_start = Some(source);
        self
    }

    /// Answers 401 to the bot token while `source` says it was reset.
    #[must_use]
    pub fn with_token_reset(mut self, source: TokenResetSource) -> Self {
        self.token_reset = Some(source);
        self
    }

    /// Sets how long (Discord time) an interaction may wait for its initial
    /// response before its token is invalidated (10062 Unknown interaction):
    /// 3 s by default, as Discord documents; `None` lifts the deadline (for
    /// slow test machines at high time scales).
    pub fn set_interaction_deadline(&self, deadline: Option<Duration>) {
        *lock(&self.interaction_deadline) = deadline;
    }

    /// Delays each new connection by a pseudo-random time (real time) in
    /// `range` before its first request is read, as a slow handshake
    /// would: requests sent together arrive spread out, those on new
    /// connections after those on reused ones. The delay comes before a
    /// request is logged, counted against any limit or handled. `None`, the
    /// default: no delay.
    pub fn set_connect_delay(&self, range: Option<std::ops::Range<Duration>>) {
        self.connect_delay.set(range);
    }

    /// The state served.
    pub fn state(&self) -> &Arc<State> {
        &self.state
    }

    /// The ratelimiter (limits per route group, injections, invalid count).
    pub fn limiter(&self) -> &Arc<Limiter> {
        &self.limiter
    }

    /// Sets the limit of a route group.
    pub fn set_route_limit(&self, group: &str, limit: u32, window: Duration) {
        self.limiter.set_limit(group, RouteLimit { limit, window });
    }

    /// Makes the next `count` ratelimited requests (of route `group`, or of
    /// any route) answer 429 with `X-RateLimit-Scope: shared`.
    pub fn inject_shared_ratelimit(&self, group: Option<&str>, count: u32, retry_after: Duration) {
        self.limiter.inject_shared(group, count, retry_after);
    }

    /// Every request seen, oldest first.
    pub fn requests(&self) -> Vec<RequestRecord> {
        lock(&self.log).records.clone()
    }

    /// The counters.
    pub fn stats(&self) -> RestStats {
        let mut stats = lock(&self.log).stats.clone();
        let (window, total) = self.limiter.invalid_counts();
        stats.invalid_in_window = window;
        stats.invalid_total = total;
        stats.banned = self.limiter.banned().is_some();
        stats
    }

    /// Creates an interaction by `user_id` in `channel_id` (type `kind`, 2
    /// for a slash command, 3 for a component; `data` its data), dispatches
    /// INTERACTION_CREATE and returns its payload (with `id` and `token`).
    ///
    /// # Errors
    ///
    /// Unknown channel, user or member.
    pub fn create_interaction(
        &self,
        channel_id: u64,
        user_id: u64,
        kind: u64,
        data: &Value,
    ) -> Result<Value, ApiError> {
        self.change(|state, events| {
            state.create_interaction(channel_id, user_id, kind, data, events)
        })
    }

    /// A user posts a message (`body` as for Create Message: `content`,
    /// `embeds`...): stores it and dispatches MESSAGE_CREATE, as when a user
    /// writes to the bot.
    ///
    /// # Errors
    ///
    /// Unknown channel or user, or an invalid message.
    pub fn user_message(
        &self,
        channel_id: u64,
        user_id: u64,
        body: &Value,
    ) -> Result<Value, ApiError> {
        self.change(|state, events| {
            state.create_message(
                channel_id,
                body,
                &[],
                &Author::User(user_id),
                "http://127.0.0.1",
                events,
            )
        })
    }

    /// A user edits their message: dispatches MESSAGE_UPDATE.
    ///
    /// # Errors
    ///
    /// Unknown channel or message, or not the user's message.
    pub fn user_edit(
        &self,
        channel_id: u64,
        message_id: u64,
        user_id: u64,
        body: &Value,
    ) -> Result<Value, ApiError> {
        self.change(|state, events| {
            state.edit_message(
                channel_id,
                message_id,
                body,
                &[],
                &Author::User(user_id),
                "http://127.0.0.1",
                events,
            )
        })
    }

    /// A user reacts to a message: dispatches MESSAGE_REACTION_ADD.
    ///
    /// # Errors
    ///
    /// Unknown channel, message, user or emoji.
    pub fn user_reaction(
        &self,
        channel_id: u64,
        message_id: u64,
        emoji: &str,
        user_id: u64,
    ) -> Result<(), ApiError> {
        self.change(|state, events| {
            state.add_reaction(channel_id, message_id, emoji, Some(user_id), events)
        })
    }

    /// Runs a change of the state and dispatches the events it caused, in
    /// the order changes are made (the lock is held until they are sent).
    fn change<T>(&self, change: impl FnOnce(&State, &mut Events) -> T) -> T {
        let _order = lock(&self.order);
        let mut events = Events::new();
        let result = change(&self.state, &mut events);
        for (guild, name, data) in events {
            self.sink.dispatch(guild, name, data);
        }
        result
    }

    fn record(&self, record: RequestRecord) {
        let mut log = lock(&self.log);
        log.stats.total += 1;
        match record.ratelimited {
            Some(Scope::User) => log.stats.user_429 += 1,
            Some(Scope::Shared) => log.stats.shared_429 += 1,
            Some(Scope::Global) => log.stats.global_429 += 1,
            None => {}
        }
        if log.records.len() >= LOG_CAPACITY {
            log.records.drain(..LOG_CAPACITY / 10);
        }
        log.records.push(record);
    }
}

/// Serves the REST API on `listener` until the task is dropped.
pub async fn serve(listener: tokio::net::TcpListener, ctx: RestContext) {
    loop {
        let (stream, peer) = match listener.accept().await {
            Ok(conn) => conn,
            Err(e) => {
                tracing::warn!(error = %e, "REST accept failed");
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            }
        };
        let ctx = ctx.clone();
        tokio::spawn(async move {
            // The client's first request waits in the socket meanwhile.
            if let Some(delay) = ctx.connect_delay.draw() {
                tokio::time::sleep(delay).await;
            }
            let service = hyper::service::service_fn(move |req| {
                let ctx = ctx.clone();
                async move { Ok::<_, std::convert::Infallible>(handle(&ctx, req, peer).await) }
            });
            let io = hyper_util::rt::TokioIo::new(stream);
            if let Err(e) = hyper::server::conn::http1::Builder::new()
                .serve_connection(io, service)
                .await
            {
                tracing::debug!(error = %e, "REST connection ended");
            }
        });
    }
}

/// What a handler answers.
enum Reply {
    Json(u16, Value),
    Empty,
}

fn json_response(status: u16, body: &Value) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(body.to_string())));
    *response.status_mut() =
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

fn error_response(error: &ApiError) -> Response<Full<Bytes>> {
    json_response(error.status, &error.body())
}

fn plain_error(status: u16) -> Response<Full<Bytes>> {
    let reason = StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Error");
    json_response(
        status,
        &json!({ "message": format!("{status}: {reason}"), "code": 0 }),
    )
}

fn set_header(response: &mut Response<Full<Bytes>>, name: &'static str, value: &str) {
    if let Ok(v) = HeaderValue::from_str(value) {
        response.headers_mut().insert(name, v);
    }
}

fn secs(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64())
}

fn add_bucket_headers(response: &mut Response<Full<Bytes>>, info: &BucketInfo) {
    set_header(response, "x-ratelimit-limit", &info.limit.to_string());
    set_header(
        response,
        "x-ratelimit-remaining",
        &info.remaining.to_string(),
    );
    set_header(
        response,
        "x-ratelimit-reset",
        &secs(Duration::from_secs_f64(info.reset_epoch())),
    );
    set_header(response, "x-ratelimit-reset-after", &secs(info.reset_after));
    set_header(response, "x-ratelimit-bucket", &info.hash);
}

fn too_many(
    scope: Scope,
    bucket: Option<&BucketInfo>,
    retry_after: Duration,
) -> Response<Full<Bytes>> {
    let message = if scope == Scope::Shared {
        "The resource is being rate limited."
    } else {
        "You are being rate limited."
    };
    let retry = (retry_after.as_secs_f64() * 1000.0).ceil() / 1000.0;
    let mut response = json_response(
        429,
        &json!({ "message": message, "retry_after": retry, "global": scope == Scope::Global }),
    );
    // Retry-After is whole seconds, rounded up.
    set_header(
        &mut response,
        "retry-after",
        &retry.ceil().max(1.0).to_string(),
    );
    set_header(&mut response, "x-ratelimit-scope", scope.as_str());
    if scope == Scope::Global {
        set_header(&mut response, "x-ratelimit-global", "true");
    }
    if let Some(b) = bucket {
        add_bucket_headers(&mut response, b);
    }
    response
}

/// A matched route.
struct Route {
    endpoint: Endpoint,
    group: &'static str,
    major: String,
    auth: bool,
    global_exempt: bool,
}

/// The endpoints, with their raw path parameters.
enum Endpoint {
    Gateway,
    GatewayBot,
    UsersMe,
    GetUser(String),
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

fn route(method: &Method, segs: &[&str]) -> Option<Route> {
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
        (["guilds", g, "members", _], &Method::GET) => {
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
        (["guilds", g, "roles", _], &Method::GET) => {
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

/// Decodes `%XX` escapes (lossy on invalid UTF-8).
fn percent_decode(text: &str) -> String {
    decode(text, false)
}

/// Decodes a query string component (`+` is a space).
fn query_decode(text: &str) -> String {
    decode(text, true)
}

fn decode(text: &str, plus_is_space: bool) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(if plus_is_space && bytes[i] == b'+' {
            b' '
        } else {
            bytes[i]
        });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn query_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (query_decode(k), query_decode(v))
        })
        .collect()
}

/// The parsed request: JSON body, uploads and query.
struct Input {
    json: Value,
    files: Vec<Upload>,
    query: Vec<(String, String)>,
    reason: Option<String>,
    file_base: String,
}

impl Input {
    fn query(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    fn query_bool(&self, key: &str) -> bool {
        self.query(key)
            .is_some_and(|v| matches!(v.to_ascii_lowercase().as_str(), "true" | "1"))
    }

    fn query_id(&self, key: &str) -> Result<Option<u64>, ApiError> {
        match self.query(key) {
            None | Some("") => Ok(None),
            Some(v) => v.parse::<u64>().map(Some).map_err(|_| {
                ApiError::form(
                    key,
                    "NUMBER_TYPE_COERCE",
                    &format!("Value \"{v}\" is not snowflake."),
                )
            }),
        }
    }

    fn query_limit(&self, default: usize, max: usize) -> Result<usize, ApiError> {
        match self.query("limit") {
            None | Some("") => Ok(default),
            Some(v) => {
                let n: i64 = v.parse().map_err(|_| {
                    ApiError::form(
                        "limit",
                        "NUMBER_TYPE_COERCE",
                        &format!("Value \"{v}\" is not int."),
                    )
                })?;
                if n < 1 {
                    return Err(ApiError::form(
                        "limit",
                        "NUMBER_TYPE_MIN",
                        "int value should be greater than or equal to 1.",
                    ));
                }
                let n = usize::try_from(n).unwrap_or(usize::MAX);
                if n > max {
                    return Err(ApiError::form(
                        "limit",
                        "NUMBER_TYPE_MAX",
                        &format!("int value should be less than or equal to {max}."),
                    ));
                }
                Ok(n)
            }
        }
    }
}

fn snowflake(text: &str, key: &str) -> Result<u64, ApiError> {
    text.parse::<u64>().ok().filter(|n| *n != 0).ok_or_else(|| {
        ApiError::form(
            key,
            "NUMBER_TYPE_COERCE",
            &format!("Value \"{text}\" is not snowflake."),
        )
    })
}

/// Parses a request body by its Content-Type.
fn parse_body(content_type: Option<&str>, body: &Bytes) -> Result<(Value, Vec<Upload>), ApiError> {
    let invalid_json = || ApiError::new(400, 50109, "The request body contains invalid JSON.");
    let ct = content_type.unwrap_or("").to_ascii_lowercase();
    if ct.starts_with("multipart/form-data") {
        let boundary = multipart::boundary(content_type.unwrap_or(""))
            .ok_or_else(|| ApiError::new(400, 50035, "Invalid Form Body"))?;
        let parts = multipart::parse(body, &boundary)
            .map_err(|_| ApiError::new(400, 50035, "Invalid Form Body"))?;
        let mut json = Value::Object(serde_json::Map::new());
        let mut files = Vec::new();
        for (position, part) in parts.into_iter().enumerate() {
            if part.name == "payload_json" {
                json = serde_json::from_slice(&part.data).map_err(|_| invalid_json())?;
            } else if let Some(filename) = part.filename {
                let index = part
                    .name
                    .strip_prefix("files[")
                    .and_then(|n| n.strip_suffix(']'))
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(position as u64);
                files.push(Upload {
                    index,
                    filename,
                    content_type: part.content_type,
                    data: part.data,
                });
            } else if let Some(o) = json.as_object_mut() {
                o.insert(
                    part.name,
                    Value::String(String::from_utf8_lossy(&part.data).into_owned()),
                );
            }
        }
        if files.len() > 10 {
            return Err(ApiError::form(
                "files",
                "BASE_TYPE_MAX_LENGTH",
                "Must be 10 or fewer in length.",
            ));
        }
        return Ok((json, files));
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok((Value::Object(serde_json::Map::new()), Vec::new()));
    }
    if ct.is_empty() || ct.starts_with("application/json") {
        let json: Value = serde_json::from_slice(body).map_err(|_| invalid_json())?;
        return Ok((json, Vec::new()));
    }
    Err(ApiError::new(400, 50035, "Invalid Form Body").with_errors(json!({
        "_errors": [{
            "code": "CONTENT_TYPE_INVALID",
            "message": "Expected \"Content-Type\" header to be one of {'application/json', 'multipart/form-data'}."
        }]
    })))
}

/// The path with webhook and interaction tokens replaced by `[token]`, for
/// logs.
fn redact(path: &str) -> String {
    let mut segs: Vec<&str> = path.split('/').collect();
    for i in 0..segs.len() {
        if matches!(segs[i], "webhooks" | "interactions") && i + 2 < segs.len() {
            segs[i + 2] = "[token]";
        }
    }
    segs.join("/")
}

/// Answers one request. Never panics outward: a panic becomes a 500.
async fn handle(
    ctx: &RestContext,
    req: Request<Incoming>,
    peer: SocketAddr,
) -> Response<Full<Bytes>> {
    use futures_util::FutureExt;
    let method = req.method().to_string();
    let path = redact(req.uri().path());
    let at = SystemTime::now();
    let outcome = std::panic::AssertUnwindSafe(handle_inner(ctx, req, peer))
        .catch_unwind()
        .await;
    let (response, route, scope) = match outcome {
        Ok(r) => r,
        Err(_) => {
            tracing::error!(%method, %path, "REST handler panicked");
            (
                json_response(
                    500,
                    &json!({ "message": "500: Internal Server Error", "code": 0 }),
                ),
                None,
                None,
            )
        }
    };
    let status = response.status().as_u16();
    if status == 401
        || status == 403
        || (status == 429 && scope.is_some_and(|s| s != Scope::Shared))
    {
        ctx.limiter.count_invalid();
    }
    let bucket = response
        .headers()
        .get("x-ratelimit-bucket")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    tracing::debug!(%method, %path, status, "REST request");
    ctx.record(RequestRecord {
        method,
        path,
        route,
        bucket,
        status,
        at,
        ratelimited: scope,
    });
    response
}

type Handled = (Response<Full<Bytes>>, Option<&'static str>, Option<Scope>);

async fn handle_inner(ctx: &RestContext, req: Request<Incoming>, peer: SocketAddr) -> Handled {
    let path = req.uri().path().to_owned();
    let host = req
        .headers()
        .get(hyper::header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| h.bytes().all(|b| b.is_ascii_graphic()))
        .unwrap_or("127.0.0.1")
        .to_owned();
    let file_base = format!("http://{host}");

    if let Some(banned) = ctx.limiter.banned() {
        let mut response = Response::new(Full::new(Bytes::from_static(b"error code: 1015")));
        *response.status_mut() = StatusCode::TOO_MANY_REQUESTS;
        response
            .headers_mut()
            .insert(CONTENT_TYPE, HeaderValue::from_static("text/html"));
        set_header(
            &mut response,
            "retry-after",
            &banned.as_secs().max(1).to_string(),
        );
        return (response, None, None);
    }

    // Attachments (the CDN): no authentication, no ratelimit.
    if let Some(rest) = path.strip_prefix("/attachments/") {
        let segs: Vec<&str> = rest.split('/').collect();
        if req.method() == Method::GET
            && segs.len() == 3
            && let Some(file) = segs[1].parse().ok().and_then(|id| ctx.state.file(id))
        {
            let mut response = Response::new(Full::new(file.data));
            set_header(&mut response, "content-type", &file.content_type);
            return (response, None, None);
        }
        return (plain_error(404), None, None);
    }

    let Some(rest) = path.strip_prefix("/api") else {
        return (plain_error(404), None, None);
    };
    let mut segs: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
    match segs
        .first()
        .and_then(|v| v.strip_prefix('v'))
        .map(str::parse::<u32>)
    {
        Some(Ok(9 | 10)) => {
            segs.remove(0);
        }
        Some(Ok(3..=8)) => {
            return (
                error_response(&ApiError::new(400, 50041, "Invalid API version provided")),
                None,
                None,
            );
        }
        _ => return (plain_error(404), None, None),
    }
    let method = req.method().clone();
    let Some(route) = route(&method, &segs) else {
        let exists = [
            Method::GET,
            Method::POST,
            Method::PATCH,
            Method::PUT,
            Method::DELETE,
        ]
        .iter()
        .any(|m| route(m, &segs).is_some());
        return (plain_error(if exists { 405 } else { 404 }), None, None);
    };
    let group = route.group;

    let auth = req
        .headers()
        .get(hyper::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let identity = match &auth {
        Some(a)
            if a.strip_prefix("Bot ") == Some(ctx.config.token.as_str())
                && !ctx.token_reset.as_ref().is_some_and(|reset| reset()) =>
        {
            "bot".to_owned()
        }
        _ if route.auth => {
            return (plain_error(401), Some(group), None);
        }
        _ => format!("ip:{}", peer.ip()),
    };

    if !route.global_exempt
        && let Some(retry) = ctx.limiter.check_global(&identity)
    {
        return (
            too_many(Scope::Global, None, retry),
            Some(group),
            Some(Scope::Global),
        );
    }
    let bucket = match ctx.limiter.check_bucket(&identity, group, &route.major) {
        Decision::Allow(info) => info,
        Decision::Limited {
            scope,
            bucket,
            retry_after,
        } => {
            return (
                too_many(scope, bucket.as_ref(), retry_after),
                Some(group),
                Some(scope),
            );
        }
    };

    let content_type = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let reason = req
        .headers()
        .get("x-audit-log-reason")
        .and_then(|v| v.to_str().ok())
        .map(percent_decode);
    let query = query_pairs(req.uri().query().unwrap_or(""));
    let body = match Limited::new(req.into_body(), MAX_BODY).collect().await {
        Ok(b) => b.to_bytes(),
        Err(e) => {
            let too_large = e
                .downcast_ref::<http_body_util::LengthLimitError>()
                .is_some();
            let mut response = if too_large {
                error_response(&ApiError::new(413, 40005, "Request entity too large"))
            } else {
                plain_error(400)
            };
            add_bucket_headers(&mut response, &bucket);
            return (response, Some(group), None);
        }
    };
    let takes_body = matches!(method, Method::POST | Method::PATCH | Method::PUT);
    let (json, files) = if takes_body {
        match parse_body(content_type.as_deref(), &body) {
            Ok(parsed) => parsed,
            Err(e) => {
                let mut response = error_response(&e);
                add_bucket_headers(&mut response, &bucket);
                return (response, Some(group), None);
            }
        }
    } else {
        (Value::Object(serde_json::Map::new()), Vec::new())
    };
    let input = Input {
        json,
        files,
        query,
        reason,
        file_base,
    };
    // Bulk overwrites of commands take an array.
    let array_body =
        method == Method::PUT && matches!(route.endpoint, Endpoint::Commands(_, _, _, None));
    if takes_body && !input.json.is_object() && !(array_body && input.json.is_array()) {
        let e = ApiError::new(400, 50035, "Invalid Form Body").with_errors(json!({
            "_errors": [{ "code": "DICT_TYPE_CONVERT", "message": "Only dictionaries may be used in a DictType" }]
        }));
        let mut response = error_response(&e);
        add_bucket_headers(&mut response, &bucket);
        return (response, Some(group), None);
    }

    let result = ctx.change(|state, events| {
        permissions::check(state, &route.endpoint, &input)?;
        let pending = audit::pending(state, &route.endpoint, &input);
        let reply = endpoint(ctx, route.endpoint, &input, &host, events)?;
        if let Some(pending) = pending {
            audit::record(state, pending, &reply, input.reason.as_deref(), events);
        }
        Ok(reply)
    });
    let mut response = match result {
        Ok(Reply::Json(status, value)) => json_response(status, &value),
        Ok(Reply::Empty) => {
            let mut r = Response::new(Full::new(Bytes::new()));
            *r.status_mut() = StatusCode::NO_CONTENT;
            r
        }
        Err(e) => error_response(&e),
    };
    add_bucket_headers(&mut response, &bucket);
    (response, Some(group), None)
}

/// The application command routes (no events: Discord sends none for
/// command changes).
fn commands(
    ctx: &RestContext,
    method: &Method,
    app: &str,
    guild: Option<&str>,
    command: Option<&str>,
    body: &Value,
) -> Result<Reply, ApiError> {
    let state = &ctx.state;
    if snowflake(app, "application_id")? != state.application_id() {
        return Err(ApiError::new(
            403,
            20012,
            "You are not authorized to perform this action on this application",
        ));
    }
    let scope = match guild {
        Some(guild) => {
            let guild = snowflake(guild, "guild_id")?;
            if !state.guild_ids().iter().any(|id| id.get() == guild) {
                return Err(ApiError::unknown(10004, "Guild"));
            }
            Some(guild)
        }
        None => None,
    };
    let store = &ctx.commands;
    match (method, command) {
        (&Method::GET, None) => ok(store.list(scope)),
        (&Method::POST, None) => {
            let (status, command) = store.create(state, scope, body)?;
            Ok(Reply::Json(status, command))
        }
        (&Method::PUT, None) => ok(store.overwrite(state, scope, body)?),
        (_, Some(id)) => {
            let id = snowflake(id, "command_id")?;
            match *method {
                Method::GET => ok(store.get(scope, id)?),
                Method::PATCH => ok(store.edit(state, scope, id, body)?),
                _ => {
                    store.delete(scope, id)?;
                    Ok(Reply::Empty)
                }
            }
        }
        _ => Err(ApiError::new(405, 0, "405: Method Not Allowed")),
    }
}

fn ok(value: Value) -> Result<Reply, ApiError> {
    Ok(Reply::Json(200, value))
}

fn interaction_token_expired(ctx: &RestContext, created: tokio::time::Instant) -> bool {
    ctx.clock.elapsed(created) > Duration::from_secs(15 * 60)
}

#[allow(clippy::too_many_lines)]
fn endpoint(
    ctx: &RestContext,
    endpoint: Endpoint,
    input: &Input,
    host: &str,
    events: &mut Events,
) -> Result<Reply, ApiError> {
    use Endpoint as E;
    let state = &ctx.state;
    let body = &input.json;
    let base = &input.file_base;
    match endpoint {
        E::Commands(method, app, guild, command) => commands(
            ctx,
            &method,
            &app,
            guild.as_deref(),
            command.as_deref(),
            body,
        ),
        E::Gateway => ok(json!({ "url": &*ctx.gateway_url })),
        E::GatewayBot => {
            let limit = ctx
                .session_start
                .as_ref()
                .map_or_else(|| ctx.config.session_start_limit.clone(), |f| f());
            ok(json!({
                "url": &*ctx.gateway_url,
                "shards": ctx.config.recommended_shards,
                "session_start_limit": {
                    "total": limit.total,
                    "remaining": limit.remaining,
                    "reset_after": u64::try_from(limit.reset_after.as_millis()).unwrap_or(u64::MAX),
                    "max_concurrency": limit.max_concurrency,
                },
            }))
        }
        E::UsersMe => ok(state.bot_user()),
        E::CreateDm => ok(state.create_dm(body)?),
        E::Typing(c) => {
            state.typing(snowflake(&c, "channel_id")?, events)?;
            Ok(Reply::Empty)
        }
        E::Pins(c) => {
            let c = snowflake(&c, "channel_id")?;
            let limit = input.query_limit(50, 50)?;
            let pins = state.pins(c, input.query("before").filter(|b| !b.is_empty()), limit)?;
            if permissions::reads_history(state, c) {
                ok(pins)
            } else {
                ok(json!({ "items": [], "has_more": false }))
            }
        }
        E::PinnedMessages(c) => {
            let c = snowflake(&c, "channel_id")?;
            let pins = state.pinned_messages(c)?;
            ok(if permissions::reads_history(state, c) {
                pins
            } else {
                json!([])
            })
        }
        E::Pin(c, m, pin) => {
            state.pin(
                snowflake(&c, "channel_id")?,
                snowflake(&m, "message_id")?,
                pin,
                events,
            )?;
            Ok(Reply::Empty)
        }
        E::GetUser(u) => ok(state.get_user(snowflake(&u, "user_id")?)?),
        E::ApplicationMe => ok(state.application_full()),
        E::GetGuild(g) => {
            ok(state.get_guild(snowflake(&g, "guild_id")?, input.query_bool("with_counts"))?)
        }
        E::GuildChannels(g) => ok(state.list_guild_channels(snowflake(&g, "guild_id")?)?),
        E::CreateGuildChannel(g) => Ok(Reply::Json(
            201,
            state.create_guild_channel(snowflake(&g, "guild_id")?, body, events)?,
        )),
        E::ActiveThreads(g) => ok(state.active_threads(snowflake(&g, "guild_id")?)?),
        E::ListMembers(g) => {
            let g = snowflake(&g, "guild_id")?;
            let limit = input.query_limit(1, 1000)?;
            let after = input.query_id("after")?.unwrap_or(0);
            ok(state.list_members(g, after, limit)?)
        }
        E::GetMember(g, u) => {
            ok(state.get_member(snowflake(&g, "guild_id")?, member_id(state, &u)?)?)
        }
        E::ModifyMember(g, u) => {
            let g = snowflake(&g, "guild_id")?;
            let me = u == "@me";
            let u = member_id(state, &u)?;
            if me {
                // Only `nick` may be changed on oneself.
                let nick = json!({ "nick": body.get("nick").cloned().unwrap_or(Value::Null) });
                let body = if body.get("nick").is_some() {
                    nick
                } else {
                    json!({})
                };
                return ok(state.modify_member(g, u, &body, events)?);
            }
            ok(state.modify_member(g, u, body, events)?)
        }
        E::RemoveMember(g, u) => {
            state.remove_member(
                snowflake(&g, "guild_id")?,
                snowflake(&u, "user_id")?,
                events,
            )?;
            Ok(Reply::Empty)
        }
        E::MemberRole(g, u, r, add) => {
            state.member_role(
                snowflake(&g, "guild_id")?,
                snowflake(&u, "user_id")?,
                snowflake(&r, "role_id")?,
                add,
                events,
            )?;
            Ok(Reply::Empty)
        }
        E::ListRoles(g) => ok(state.list_roles(snowflake(&g, "guild_id")?)?),
        E::CreateRole(g) => {
            ok(state.upsert_role(snowflake(&g, "guild_id")?, None, body, events)?)
        }
        E::GetRole(g, r) => {
            ok(state.get_role(snowflake(&g, "guild_id")?, snowflake(&r, "role_id")?)?)
        }
        E::ModifyRole(g, r) => ok(state.upsert_role(
            snowflake(&g, "guild_id")?,
            Some(snowflake(&r, "role_id")?),
            body,
            events,
        )?),
        E::DeleteRole(g, r) => {
            state.delete_role(
                snowflake(&g, "guild_id")?,
                snowflake(&r, "role_id")?,
                events,
            )?;
            Ok(Reply::Empty)
        }
        E::ListBans(g) => {
            let g = snowflake(&g, "guild_id")?;
            let limit = input.query_limit(1000, 1000)?;
            ok(state.list_bans(
                g,
                input.query_id("before")?,
                input.query_id("after")?,
                limit,
            )?)
        }
        E::GetBan(g, u) => {
            ok(state.get_ban(snowflake(&g, "guild_id")?, snowflake(&u, "user_id")?)?)
        }
        E::CreateBan(g, u) => {
            state.create_ban(
                snowflake(&g, "guild_id")?,
                snowflake(&u, "user_id")?,
                input.reason.clone(),
                body,
                events,
            )?;
            Ok(Reply::Empty)
        }
        E::RemoveBan(g, u) => {
            state.remove_ban(
                snowflake(&g, "guild_id")?,
                snowflake(&u, "user_id")?,
                events,
            )?;
            Ok(Reply::Empty)
        }
        E::ListEmojis(g) => ok(state.list_emojis(snowflake(&g, "guild_id")?)?),
        E::GetEmoji(g, e) => {
            ok(state.get_emoji(snowflake(&g, "guild_id")?, snowflake(&e, "emoji_id")?)?)
        }
        E::CreateEmoji(g) => Ok(Reply::Json(
            201,
            state.create_emoji(snowflake(&g, "guild_id")?, body, events)?,
        )),
        E::ModifyEmoji(g, e) => ok(state.modify_emoji(
            snowflake(&g, "guild_id")?,
            snowflake(&e, "emoji_id")?,
            body,
            events,
        )?),
        E::DeleteEmoji(g, e) => {
            state.delete_emoji(
                snowflake(&g, "guild_id")?,
                snowflake(&e, "emoji_id")?,
                events,
            )?;
            Ok(Reply::Empty)
        }
        // The mock holds no stickers: lists are empty, lookups unknown.
        E::ListStickers(g) => {
            state.get_guild(snowflake(&g, "guild_id")?, false)?;
            ok(json!([]))
        }
        E::GetGuildSticker(g, st) => {
            state.get_guild(snowflake(&g, "guild_id")?, false)?;
            snowflake(&st, "sticker_id")?;
            Err(ApiError::unknown(10060, "Sticker"))
        }
        E::GetSticker(st) => {
            snowflake(&st, "sticker_id")?;
            Err(ApiError::unknown(10060, "Sticker"))
        }
        E::AuditLog(g) => {
            let g = snowflake(&g, "guild_id")?;
            let action_type = match input.query("action_type") {
                None | Some("") => None,
                Some(v) => Some(v.parse::<u64>().map_err(|_| {
                    ApiError::form(
                        "action_type",
                        "NUMBER_TYPE_COERCE",
                        &format!("Value \"{v}\" is not int."),
                    )
                })?),
            };
            let query = crate::state::AuditLogQuery {
                user_id: input.query_id("user_id")?,
                action_type,
                before: input.query_id("before")?,
                after: input.query_id("after")?,
                limit: input.query_limit(50, 100)?,
            };
            ok(state.audit_log(g, query)?)
        }
        E::Overwrite(c, o, put) => {
            let c = snowflake(&c, "channel_id")?;
            let o = snowflake(&o, "overwrite_id")?;
            if put {
                state.edit_overwrite(c, o, body, events)?;
            } else {
                state.delete_overwrite(c, o, events)?;
            }
            Ok(Reply::Empty)
        }
        E::CreateInvite(c) => {
            ok(state.create_invite(snowflake(&c, "channel_id")?, body, events)?)
        }
        E::ChannelInvites(c) => ok(state.channel_invites(snowflake(&c, "channel_id")?)?),
        E::GetInvite(code) => ok(state.get_invite(&code, input.query_bool("with_counts"))?),
        E::DeleteInvite(code) => ok(state.delete_invite(&code, events)?),
        E::GetChannel(c) => ok(state.get_channel(snowflake(&c, "channel_id")?)?),
        E::ModifyChannel(c) => {
            ok(state.modify_channel(snowflake(&c, "channel_id")?, body, events)?)
        }
        E::DeleteChannel(c) => ok(state.delete_channel(snowflake(&c, "channel_id")?, events)?),
        E::ListMessages(c) => {
            let c = snowflake(&c, "channel_id")?;
            let limit = input.query_limit(50, 100)?;
            let messages = state.list_messages(
                c,
                input.query_id("around")?,
                input.query_id("before")?,
                input.query_id("after")?,
                limit,
            )?;
            ok(if permissions::reads_history(state, c) {
                messages
            } else {
                json!([])
            })
        }
        E::CreateMessage(c) => ok(state.create_message(
            snowflake(&c, "channel_id")?,
            body,
            &input.files,
            &Author::Bot,
            base,
            events,
        )?),
        E::BulkDelete(c) => {
            state.bulk_delete(snowflake(&c, "channel_id")?, body, events)?;
            Ok(Reply::Empty)
        }
        E::GetMessage(c, m) => {
            ok(state.get_message(snowflake(&c, "channel_id")?, snowflake(&m, "message_id")?)?)
        }
        E::EditMessage(c, m) => ok(state.edit_message(
            snowflake(&c, "channel_id")?,
            snowflake(&m, "message_id")?,
            body,
            &input.files,
            &Author::Bot,
            base,
            events,
        )?),
        E::DeleteMessage(c, m) => {
            state.delete_message(
                snowflake(&c, "channel_id")?,
                snowflake(&m, "message_id")?,
                events,
            )?;
            Ok(Reply::Empty)
        }
        E::ClearReactions(c, m, e) => {
            let e = e.map(|e| percent_decode(&e));
            state.clear_reactions(
                snowflake(&c, "channel_id")?,
                snowflake(&m, "message_id")?,
                e.as_deref(),
                events,
            )?;
            Ok(Reply::Empty)
        }
        E::ReactionUsers(c, m, e) => {
            let c = snowflake(&c, "channel_id")?;
            let m = snowflake(&m, "message_id")?;
            let limit = input.query_limit(25, 100)?;
            ok(state.reaction_users(c, m, &percent_decode(&e), input.query_id("after")?, limit)?)
        }
        E::AddReaction(c, m, e) => {
            state.add_reaction(
                snowflake(&c, "channel_id")?,
                snowflake(&m, "message_id")?,
                &percent_decode(&e),
                None,
                events,
            )?;
            Ok(Reply::Empty)
        }
        E::RemoveReaction(c, m, e, u) => {
            let u = u.map(|u| snowflake(&u, "user_id")).transpose()?;
            state.remove_reaction(
                snowflake(&c, "channel_id")?,
                snowflake(&m, "message_id")?,
                &percent_decode(&e),
                u,
                events,
            )?;
            Ok(Reply::Empty)
        }
        E::StartThread(c, m) => {
            let m = m.map(|m| snowflake(&m, "message_id")).transpose()?;
            Ok(Reply::Json(
                201,
                state.start_thread(snowflake(&c, "channel_id")?, m, body, events)?,
            ))
        }
        E::ThreadMember(c, join) => {
            state.thread_membership(snowflake(&c, "channel_id")?, join, events)?;
            Ok(Reply::Empty)
        }
        E::ChannelWebhooks(c) => ok(state.channel_webhooks(snowflake(&c, "channel_id")?)?),
        E::CreateWebhook(c) => ok(state.create_webhook(
            snowflake(&c, "channel_id")?,
            body,
            &format!("http://{host}/api/v10"),
            events,
        )?),
        E::GetWebhook(w, t) => {
            let w = snowflake(&w, "webhook_id")?;
            ok(state.get_webhook(w, t.as_deref())?)
        }
        E::ModifyWebhook(w, t) => {
            let w = snowflake(&w, "webhook_id")?;
            ok(state.modify_webhook(w, t.as_deref(), body, events)?)
        }
        E::DeleteWebhook(w, t) => {
            let w = snowflake(&w, "webhook_id")?;
            state.delete_webhook(w, t.as_deref(), events)?;
            Ok(Reply::Empty)
        }
        E::ExecuteWebhook(w, t) => {
            let w = snowflake(&w, "webhook_id")?;
            if let Some((interaction, channel, created)) = state.interaction_by_token(w, &t) {
                return followup(ctx, interaction, channel, created, input, events);
            }
            let mut channel = state.webhook_channel(w, &t)?;
            if let Some(thread) = input.query_id("thread_id")? {
                let parent = state
                    .get_channel(thread)
                    .ok()
                    .and_then(|c| c.get("parent_id").and_then(snowflake_of));
                if parent != Some(channel) {
                    return Err(ApiError::unknown(10003, "Channel"));
                }
                channel = thread;
            }
            let username = body
                .get("username")
                .and_then(Value::as_str)
                .map(str::to_owned);
            if let Some(name) = &username
                && (name.is_empty() || name.chars().count() > 80)
            {
                return Err(ApiError::form(
                    "username",
                    "BASE_TYPE_BAD_LENGTH",
                    "Must be between 1 and 80 in length.",
                ));
            }
            let author = Author::Webhook {
                id: w,
                username,
                avatar_url: body
                    .get("avatar_url")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
            };
            let message =
                state.create_message(channel, body, &input.files, &author, base, events)?;
            if input.query_bool("wait") {
                ok(message)
            } else {
                Ok(Reply::Empty)
            }
        }
        E::WebhookMessage(w, t, m, method) => {
            let w = snowflake(&w, "webhook_id")?;
            webhook_message(ctx, w, &t, &m, &method, input, events)
        }
        E::InteractionCallback(i, t) => {
            let i = snowflake(&i, "interaction_id")?;
            let (_, created, _) = state.interaction(i, &t)?;
            let deadline = *lock(&ctx.interaction_deadline);
            if deadline.is_some_and(|d| ctx.clock.elapsed(created) > d)
                && !state.interaction_responded(i)
            {
                return Err(ApiError::unknown(10062, "interaction"));
            }
            let response = state.interaction_callback(i, body, &input.files, base, events)?;
            if input.query_bool("with_response") {
                ok(response)
            } else {
                Ok(Reply::Empty)
            }
        }
    }
}

/// `@me` or a user id, for member routes.
fn member_id(state: &State, text: &str) -> Result<u64, ApiError> {
    if text == "@me" {
        Ok(state.bot_id().get())
    } else {
        snowflake(text, "user_id")
    }
}

/// POST /webhooks/{application.id}/{interaction.token}: a follow-up (or,
/// after a deferred response, the edit of the original).
fn followup(
    ctx: &RestContext,
    interaction: u64,
    channel: u64,
    created: tokio::time::Instant,
    input: &Input,
    events: &mut Events,
) -> Result<Reply, ApiError> {
    let state = &ctx.state;
    if interaction_token_expired(ctx, created) {
        return Err(ApiError::new(401, 50027, "Invalid Webhook Token"));
    }
    if !state.interaction_responded(interaction) {
        return Err(ApiError::unknown(10015, "Webhook"));
    }
    let author = Author::Interaction {
        id: interaction,
        original: false,
    };
    if let Ok(original) = state.interaction_original(interaction) {
        let loading = state
            .get_message(channel, original)
            .is_ok_and(|m| m["flags"].as_i64().unwrap_or(0) & 128 != 0);
        if loading {
            return ok(state.edit_message(
                channel,
                original,
                &input.json,
                &input.files,
                &author,
                &input.file_base,
                events,
            )?);
        }
    }
    let message = state.create_message(
        channel,
        &input.json,
        &input.files,
        &author,
        &input.file_base,
        events,
    )?;
    if let Some(id) = message.get("id").and_then(snowflake_of) {
        state.interaction_followup(interaction, id);
    }
    ok(message)
}

/// GET/PATCH/DELETE /webhooks/{id}/{token}/messages/{message.id | @original}.
fn webhook_message(
    ctx: &RestContext,
    webhook: u64,
    token: &str,
    message: &str,
    method: &Method,
    input: &Input,
    events: &mut Events,
) -> Result<Reply, ApiError> {
    let state = &ctx.state;
    let method_body = &input.json;
    let (channel, message_id, author) =
        if let Some((interaction, channel, created)) = state.interaction_by_token(webhook, token) {
            if interaction_token_expired(ctx, created) {
                return Err(ApiError::new(401, 50027, "Invalid Webhook Token"));
            }
            let id = if message == "@original" {
                state.interaction_original(interaction)?
            } else {
                let id = snowflake(message, "message_id")?;
                if !state.interaction_owns(interaction, id) {
                    return Err(ApiError::unknown(10008, "Message"));
                }
                id
            };
            (
                channel,
                id,
                Author::Interaction {
                    id: interaction,
                    original: false,
                },
            )
        } else {
            let channel = state.webhook_channel(webhook, token)?;
            let channel = match input.query_id("thread_id")? {
                Some(thread) => thread,
                None => channel,
            };
            let id = snowflake(message, "message_id")?;
            if !state.message_is_from(channel, id, webhook) {
                return Err(ApiError::unknown(10008, "Message"));
            }
            (
                channel,
                id,
                Author::Webhook {
                    id: webhook,
                    username: None,
                    avatar_url: None,
                },
            )
        };
    match *method {
        Method::GET => ok(state.get_message(channel, message_id)?),
        Method::DELETE => {
            state.delete_message(channel, message_id, events)?;
            Ok(Reply::Empty)
        }
        _ => ok(state.edit_message(
            channel,
            message_id,
            method_body,
            &input.files,
            &author,
            &input.file_base,
            events,
        )?),
    }
}
