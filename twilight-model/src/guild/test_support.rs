//! Fixtures for the tests of the guild module and of the guild-scoped
//! resources beside it (voice states, scheduled events, soundboard sounds,
//! stage instances): Discord's example user and channel, substituted into
//! short JSON so that each test shows only what it is about.

use serde::{Serialize, de::DeserializeOwned};

/// A user object (Discord's example), substituted for `@USER@`.
pub(crate) const USER: &str = r#"{"id":"80351110224678912","username":"Nelly","global_name":null,
"discriminator":"1337","avatar":"8342729096ea3675442027381ff50dfe","verified":true,
"email":"nelly@discord.com","flags":64,"banner":"06c16474723fe537c283b8efa61a30c8",
"accent_color":16711680,"premium_type":0,"public_flags":64,
"avatar_decoration_data":{"sku_id":"1144058844004233369","asset":"a_fed43ab12698df65902ba06727e20c0e"}}"#;

/// A guild text channel (Discord's example), substituted for `@CHANNEL@`.
pub(crate) const CHANNEL: &str = r#"{"id":"41771983423143937","guild_id":"41771983423143937",
"name":"general","type":0,"position":6,"permission_overwrites":[],"rate_limit_per_user":2,
"nsfw":true,"topic":"24/7 chat about how to gank Mike #2","last_message_id":"155117677105512449",
"parent_id":"399942396007890945","default_auto_archive_duration":60}"#;

/// Replaces the `@USER@` and `@CHANNEL@` placeholders with full objects, so
/// that the guild tests' JSON stays short.
pub(crate) fn fill(json: &str) -> String {
    json.replace("@USER@", USER).replace("@CHANNEL@", CHANNEL)
}

/// [`crate::test_support::round_trip`] of `json` with its placeholders filled.
pub(crate) fn round_trip<T: Serialize + DeserializeOwned>(json: &str) -> T {
    crate::test_support::round_trip(&fill(json))
}
