//! Every type of the Discord API v10: REST resources, gateway payloads and
//! every dispatch event.
//!
//! Forward compatible by construction: an enum value or flag bit Discord adds
//! later is kept in an `Unknown` variant or as a retained bit, a field it adds
//! is ignored, and an event type it adds becomes an unknown event rather than
//! an error. Nothing here does I/O.
//!
//! # Conventions
//! - Ids are [`Id<Marker>`](id::Id); timestamps are [`Timestamp`].
//! - A field that Discord documents as optional (`field?`) or nullable
//!   (`?type`) is an `Option`, and `None` is not serialised: Discord treats
//!   an absent optional field and `null` alike.
//! - Types are deserialised straight from the JSON, without buffering: no
//!   `#[serde(flatten)]`, `untagged` or internally tagged enums on hot paths.
#![doc(html_root_url = "https://docs.rs/twilight-model/0.1.0")]

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
