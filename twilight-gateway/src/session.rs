//! [`Session`]: what a shard needs to resume, so a session survives a
//! restart of the process.

use serde::{Deserialize, Serialize};

/// A gateway session: its id, the last sequence number the user received,
/// and where to resume it.
///
/// Read it with [`Shard::session`](crate::Shard::session), store it (it is
/// serde-serialisable), and hand it to a new shard with
/// [`ConfigBuilder::session`](crate::ConfigBuilder::session): the new shard
/// resumes instead of identifying, and Discord replays what was missed.
///
/// ```
/// use twilight_gateway::Session;
///
/// let session = Session::new("abc".to_owned(), 42, "wss://gateway.example".to_owned());
/// let json = serde_json::to_string(&session)?;
/// assert_eq!(serde_json::from_str::<Session>(&json)?, session);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Session {
    id: String,
    sequence: u64,
    resume_url: String,
}

impl Session {
    /// A session, as READY and the last dispatch described it.
    pub const fn new(id: String, sequence: u64, resume_url: String) -> Self {
        Self {
            id,
            sequence,
            resume_url,
        }
    }

    /// The session id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The sequence number of the last dispatch handed to the user.
    pub const fn sequence(&self) -> u64 {
        self.sequence
    }

    /// READY's `resume_gateway_url`.
    pub fn resume_url(&self) -> &str {
        &self.resume_url
    }

    /// Records a later sequence number; older ones (replays) are ignored.
    pub(crate) fn set_sequence(&mut self, sequence: u64) {
        if sequence > self.sequence {
            self.sequence = sequence;
        }
    }
}
