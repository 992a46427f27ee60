//! Gateway opcodes.

crate::int_enum! {
    /// What a gateway payload is (topics/opcodes-and-status-codes.mdx).
    pub enum OpCode: u8 {
        /// An event was dispatched (receive).
        Dispatch = 0,
        /// Keeps the connection alive (send, or receive as a request for one).
        Heartbeat = 1,
        /// Starts a new session (send).
        Identify = 2,
        /// Updates the client's presence (send).
        PresenceUpdate = 3,
        /// Joins, moves between or leaves voice channels (send).
        VoiceStateUpdate = 4,
        /// Resumes a dropped session (send).
        Resume = 6,
        /// Reconnect and resume now (receive).
        Reconnect = 7,
        /// Requests guild members (send).
        RequestGuildMembers = 8,
        /// The session was invalidated (receive).
        InvalidSession = 9,
        /// First payload of a connection, with the heartbeat interval (receive).
        Hello = 10,
        /// Acknowledges a heartbeat (receive).
        HeartbeatAck = 11,
        /// Requests the soundboard sounds of guilds (send).
        RequestSoundboardSounds = 31,
        /// Requests ephemeral channel data of a guild's channels (send).
        RequestChannelInfo = 43,
    }
}
