//! What the gateway saw and did, for tests to read.

use std::time::Duration;

/// One IDENTIFY that started a session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdentifyRecord {
    /// `[shard_id, num_shards]` (`[0, 1]` when the client sent none).
    pub shard: [u32; 2],
    /// When it arrived, in Discord time since the mock started.
    pub at: Duration,
    /// The intents the client asked for.
    pub intents: u64,
    /// The session it started.
    pub session_id: String,
    /// The connection it came on.
    pub connection: u64,
}

/// One RESUME.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResumeRecord {
    /// The session the client named.
    pub session_id: String,
    /// The `seq` it sent.
    pub seq: u64,
    /// When, in Discord time since the mock started.
    pub at: Duration,
    /// Whether the session was resumed (else INVALID_SESSION or a close).
    pub resumed: bool,
    /// How many dispatches were replayed.
    pub replayed: usize,
    /// The connection it came on.
    pub connection: u64,
}

/// One payload a client sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceivedPayload {
    /// The connection it came on.
    pub connection: u64,
    /// Its `op`, if it had an integer one.
    pub op: Option<u64>,
    /// The raw text (lossy UTF-8 for binary frames), tokens redacted.
    pub raw: String,
    /// When, in Discord time since the mock started.
    pub at: Duration,
}

/// One WebSocket connection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConnectionRecord {
    /// Its id (the numbers in the other records).
    pub id: u64,
    /// The request path and query (`/?v=10&encoding=json`).
    pub path: String,
    /// Whether it came on the READY `resume_gateway_url`.
    pub resume_url: bool,
    /// The close code the mock sent it, if it closed it with one.
    pub closed_with: Option<u16>,
    /// When, in Discord time since the mock started.
    pub at: Duration,
}

/// Everything the gateway logged; see [`Gateway::log`](super::Gateway::log).
#[derive(Clone, Debug, Default)]
pub struct GatewayLog {
    /// IDENTIFYs that started a session, in order.
    pub identifies: Vec<IdentifyRecord>,
    /// RESUMEs, in order.
    pub resumes: Vec<ResumeRecord>,
    /// Every payload clients sent, in order.
    pub payloads: Vec<ReceivedPayload>,
    /// Every connection, in order.
    pub connections: Vec<ConnectionRecord>,
    /// Sessions started (successful IDENTIFYs).
    pub sessions_started: u64,
    /// IDENTIFYs refused by the `max_concurrency` window (INVALID_SESSION).
    pub sessions_refused: u64,
    /// IDENTIFYs over the daily session start limit.
    pub daily_limit_exceeded: u64,
}
