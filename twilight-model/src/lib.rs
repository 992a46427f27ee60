//! Every type of the Discord API v10: REST resources, gateway payloads and
//! every dispatch event.
//!
//! Forward compatible by construction: an enum value or flag bit Discord adds
//! later is kept in an `Unknown` variant or as a retained bit, a field it adds
//! is ignored, and an event type it adds becomes an unknown event rather than
//! an error. Nothing here does I/O.
//!
//! # How data flows
//! - **REST**: a response body is deserialised straight into its resource
//!   type (`serde_json::from_slice::<Message>(body)`), and a request body is
//!   a resource type or a small struct serialised with serde.
//! - **Gateway**: [`gateway::Envelope::peek`] reads a payload's `op`, `s` and
//!   `t` without parsing `d`; [`Envelope::parse_if`](gateway::Envelope::parse_if)
//!   then parses `d` only for wanted event types, through
//!   [`gateway::Event::from_dispatch`], into a typed [`gateway::Event`]
//!   wrapped in a [`gateway::GatewayEvent`]. An event type this crate does
//!   not know becomes `Event::Unknown`, holding the raw JSON.
//!   [`GatewayEvent::from_json`](gateway::GatewayEvent::from_json) does both
//!   steps at once.
//!
//! ```
//! use twilight_model::gateway::{Event, GatewayEvent};
//! use twilight_model::user::User;
//!
//! // A REST body: deserialised straight into the resource type.
//! let body = r#"{"id":"80351110224678912","username":"Nelly","discriminator":"0","avatar":null}"#;
//! let user: User = serde_json::from_str(body)?;
//! assert_eq!(user.username, "Nelly");
//! assert_eq!(user.id.get(), 80_351_110_224_678_912);
//!
//! // A gateway payload: through the envelope to a typed event.
//! let payload = r#"{"op":0,"s":3,"t":"MESSAGE_DELETE","d":{"id":"5","channel_id":"2"}}"#;
//! let GatewayEvent::Dispatch { sequence, event } = GatewayEvent::from_json(payload)? else {
//!     panic!("not a dispatch");
//! };
//! assert_eq!(sequence, 3);
//! let Event::MessageDelete(deleted) = event else {
//!     panic!("not a message deletion");
//! };
//! assert_eq!(deleted.id.get(), 5);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Modules
//! REST resources, one module per resource of the API reference:
//! - [`application`]: applications, their flags and install parameters,
//!   application commands ([`application::command`]) and role connection
//!   metadata.
//! - [`audit_log`]: audit logs, their entries, changes and event types.
//! - [`auto_moderation`]: auto moderation rules, triggers, actions and action
//!   executions.
//! - [`channel`]: the one [`Channel`](channel::Channel) struct for every
//!   channel type, permission overwrites, threads and forum tags.
//! - [`emoji`]: custom and Unicode emojis.
//! - [`entitlement`]: entitlements to premium offerings.
//! - [`guild`]: guilds and what belongs to them: members, roles, bans,
//!   integrations, onboarding, welcome screens, widgets, previews and
//!   templates.
//! - [`interaction`]: interactions, their data (commands, components, modal
//!   submits), resolved data and interaction responses.
//! - [`invite`]: invites and the guild, channel and application they point at.
//! - [`message`]: messages and what they carry: attachments, embeds
//!   ([`message::embed`]), components ([`message::component`]), mentions,
//!   reactions and references.
//! - [`oauth2`]: OAuth2 scopes, authorization information and token
//!   responses.
//! - [`permissions`]: the [`Permissions`](permissions::Permissions) bit set.
//! - [`poll`]: polls, their answers and results.
//! - [`lobby`]: lobbies of the social SDK and their members.
//! - [`scheduled_event`]: guild scheduled events and their recurrence rules.
//! - [`sku`]: SKUs, the premium offerings of an application.
//! - [`soundboard`]: soundboard sounds.
//! - [`stage_instance`]: stage instances.
//! - [`sticker`]: stickers and sticker packs.
//! - [`subscription`]: subscriptions to SKUs.
//! - [`team`]: teams that own applications, and their members.
//! - [`user`]: users, their flags, connections, avatar decorations and the
//!   guilds of the current user.
//! - [`voice`]: voice states and voice regions.
//! - [`webhook`]: webhooks, and the guild and channel a channel follower
//!   webhook follows.
//! - [`error`]: the error bodies of the REST API, including the body of a
//!   429 response.
//!
//! Gateway:
//! - [`gateway`]: opcodes, close codes, intents and shard ids; the envelope
//!   parser; the commands a client sends ([`gateway::command`]); every
//!   dispatch event ([`gateway::event`]), the payloads of events whose data
//!   is not a resource ([`gateway::payload`]) and presences
//!   ([`gateway::presence`]).
//!
//! Ids and timestamps:
//! - [`id`]: snowflake ids typed by what they name, [`Id<Marker>`](id::Id),
//!   and the markers ([`id::marker`]).
//! - [`timestamp`]: ISO 8601 timestamps ([`Timestamp`]), parsed and formatted
//!   without a date library.
//!
//! Util:
//! - [`util`]: image hashes stored compactly ([`util::image_hash`]), tokens
//!   that `Debug` never shows ([`util::secret`]), and what the other modules
//!   share: the forward-compatible enums and bit sets and a serde predicate.
//!
//! # Conventions
//! - Ids are [`Id<Marker>`](id::Id); timestamps are [`Timestamp`].
//! - A field that Discord documents as optional (`field?`) or nullable
//!   (`?type`) is an `Option`, and `None` is not serialised: Discord treats
//!   an absent optional field and `null` alike.
//! - Types are deserialised straight from the JSON, without buffering: no
//!   `#[serde(flatten)]`, `untagged` or internally tagged enums on hot paths.

pub mod application;
pub mod audit_log;
pub mod auto_moderation;
pub mod channel;
pub mod emoji;
pub mod entitlement;
pub mod error;
pub mod gateway;
pub mod guild;
pub mod id;
pub mod interaction;
pub mod invite;
pub mod lobby;
pub mod locale;
pub mod message;
pub mod oauth2;
pub mod permissions;
pub mod poll;
pub mod scheduled_event;
pub mod sku;
pub mod soundboard;
pub mod stage_instance;
pub mod sticker;
pub mod subscription;
pub mod team;
pub mod timestamp;
pub mod user;
pub mod util;
pub mod voice;
pub mod webhook;

pub use timestamp::Timestamp;

// The macros that generate the forward-compatible enums and bit sets are
// internal; re-exported here so every module invokes them as `crate::int_enum!`.
pub(crate) use util::{flags, int_enum, str_enum};

#[cfg(test)]
mod test_support;
