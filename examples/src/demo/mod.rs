//! The demo bot's parts, used by `src/bin/demo.rs`.

pub(crate) mod commands;
pub(crate) mod log;
pub(crate) mod shutdown;
pub(crate) mod tally;
pub(crate) mod users;
