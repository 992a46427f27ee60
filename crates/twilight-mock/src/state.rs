//! The in-memory state of the local Discord: guilds, channels, threads, roles,
//! members, users, messages, reactions, webhooks and interactions.
