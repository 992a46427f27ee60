//! Fixtures: the guilds, channels, roles, members and users a mock starts
//! with, from Rust or from a JSON file.

// STUB owned by the REST helper: the fields and constructors below are the
// agreed interface; fill in the rest.

/// The world a mock starts with.
#[derive(Clone, Debug, Default)]
pub struct Fixtures {}
