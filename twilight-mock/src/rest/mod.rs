//! The REST server: Discord's HTTP API under `/api/v10` (and `/api/v9`),
//! over the in-memory [`State`], with Discord's ratelimits and errors.
//!
//! Start it on its own with [`serve`] and a [`RestContext`]; the context is
//! also the control surface for tests (request log, counters, injected
//! `shared` 429s, interactions).
//!
//! A request goes through [`serve`] (`server`: ban, CDN, version,
//! authentication, ratelimits, body), the router (`router`: method and path
//! to an endpoint with its ratelimit group), the permission check
//! (`permissions`), the endpoint's handler (`handlers`, one module per
//! resource, calling [`State`]) and the audit log (`audit`); the events the
//! change caused are then dispatched to the gateway. `input` decodes the
//! request, `responses` builds the answer, `context` holds what requests
//! share and the test controls, `faults` the injected 5xx and `world` the
//! changes a test makes as other users would.
//!
//! [`State`]: crate::state::State
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
//! | `GET /users/@me/guilds` | `users.guilds` |
//! | `GET /users/@me/guilds/{guild}/member` | `users.guilds.member` |
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
mod context;
mod faults;
mod handlers;
mod input;
pub mod multipart;
mod permissions;
pub mod ratelimit;
mod responses;
mod router;
mod server;
mod spec_routes;
mod world;

pub use context::{
    INTERACTION_DEADLINE, RequestRecord, RestContext, RestStats, SessionStartSource,
    TokenResetSource,
};
#[cfg(feature = "fuzzing")]
pub(crate) use server::handle;
pub(crate) use server::http1_builder;
pub use server::{MAX_BODY, serve};
