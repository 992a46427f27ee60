//! Gateway intents.

crate::flags! {
    /// The groups of events a session subscribes to (events/gateway.mdx,
    /// "List of Intents").
    ///
    /// `GUILD_MEMBERS`, `GUILD_PRESENCES` and `MESSAGE_CONTENT` are
    /// privileged: an application must enable them first.
    pub struct Intents: u64 {
        /// Guilds, roles, channels, threads and stage instances.
        const GUILDS = 1 << 0;
        /// Member joins, updates and removals (privileged).
        const GUILD_MEMBERS = 1 << 1;
        /// Audit log entries and bans.
        const GUILD_MODERATION = 1 << 2;
        /// Emojis, stickers and soundboard sounds.
        const GUILD_EXPRESSIONS = 1 << 3;
        /// Integrations.
        const GUILD_INTEGRATIONS = 1 << 4;
        /// Webhooks.
        const GUILD_WEBHOOKS = 1 << 5;
        /// Invites.
        const GUILD_INVITES = 1 << 6;
        /// Voice states and voice channel effects.
        const GUILD_VOICE_STATES = 1 << 7;
        /// Presences (privileged).
        const GUILD_PRESENCES = 1 << 8;
        /// Guild messages.
        const GUILD_MESSAGES = 1 << 9;
        /// Guild message reactions.
        const GUILD_MESSAGE_REACTIONS = 1 << 10;
        /// Typing in guilds.
        const GUILD_MESSAGE_TYPING = 1 << 11;
        /// Direct messages.
        const DIRECT_MESSAGES = 1 << 12;
        /// Direct message reactions.
        const DIRECT_MESSAGE_REACTIONS = 1 << 13;
        /// Typing in direct messages.
        const DIRECT_MESSAGE_TYPING = 1 << 14;
        /// Content, embeds, attachments and components of messages (privileged).
        const MESSAGE_CONTENT = 1 << 15;
        /// Guild scheduled events.
        const GUILD_SCHEDULED_EVENTS = 1 << 16;
        /// Auto moderation rule changes.
        const AUTO_MODERATION_CONFIGURATION = 1 << 20;
        /// Auto moderation action executions.
        const AUTO_MODERATION_EXECUTION = 1 << 21;
        /// Poll votes in guilds.
        const GUILD_MESSAGE_POLLS = 1 << 24;
        /// Poll votes in direct messages.
        const DIRECT_MESSAGE_POLLS = 1 << 25;
    }
}

impl Intents {
    /// The intents an application must be granted before it may use them.
    pub const PRIVILEGED: Self = Self::GUILD_MEMBERS
        .union(Self::GUILD_PRESENCES)
        .union(Self::MESSAGE_CONTENT);
}
