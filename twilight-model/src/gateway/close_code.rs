//! Gateway close codes.

crate::int_enum! {
    /// Why the gateway closed a connection (topics/opcodes-and-status-codes.mdx).
    ///
    /// ```
    /// use twilight_model::gateway::CloseCode;
    ///
    /// assert!(CloseCode::new(4000).can_reconnect());
    /// assert!(!CloseCode::AuthenticationFailed.can_reconnect());
    /// assert!(CloseCode::new(4999).can_reconnect(), "unknown codes are not fatal");
    /// ```
    pub enum CloseCode: u16 {
        /// Something went wrong; reconnect.
        UnknownError = 4000,
        /// An invalid opcode or an invalid payload for an opcode was sent.
        UnknownOpcode = 4001,
        /// An invalid payload was sent.
        DecodeError = 4002,
        /// A payload was sent before identifying, or the session was invalidated.
        NotAuthenticated = 4003,
        /// The token in IDENTIFY is incorrect.
        AuthenticationFailed = 4004,
        /// More than one IDENTIFY was sent.
        AlreadyAuthenticated = 4005,
        /// The sequence sent when resuming was invalid.
        InvalidSequence = 4007,
        /// Payloads were sent too quickly.
        RateLimited = 4008,
        /// The session timed out.
        SessionTimedOut = 4009,
        /// An invalid shard was sent when identifying.
        InvalidShard = 4010,
        /// The session would handle too many guilds; more shards are needed.
        ShardingRequired = 4011,
        /// An invalid gateway version was requested.
        InvalidApiVersion = 4012,
        /// An invalid intent was sent.
        InvalidIntents = 4013,
        /// An intent the application may not use was sent.
        DisallowedIntents = 4014,
    }
}

impl CloseCode {
    /// Whether a client may reconnect after this code, per Discord's table.
    /// Codes this crate does not know are taken as reconnectable.
    pub const fn can_reconnect(self) -> bool {
        !matches!(
            self,
            Self::AuthenticationFailed
                | Self::InvalidShard
                | Self::ShardingRequired
                | Self::InvalidApiVersion
                | Self::InvalidIntents
                | Self::DisallowedIntents
        )
    }
}
