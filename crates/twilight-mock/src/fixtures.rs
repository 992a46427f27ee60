//! Fixtures: the guilds, channels, roles, members and users a mock starts
//! with, from Rust or from a JSON file.
