//! The gateway: opcodes, close codes, intents, the commands a client sends,
//! and the payloads and dispatch events it receives.
//!
//! Receiving is built for speed: [`Envelope::peek`] reads `op`, `s` and `t`
//! without parsing `d`, so unwanted events cost a scan, not a parse, and
//! wanted ones are deserialised straight into their types.

mod close_code;
pub mod command;
mod envelope;
pub mod event;
mod intents;
mod opcode;
pub mod payload;
pub mod presence;
mod shard_id;

pub use close_code::CloseCode;
#[cfg(feature = "simd-json")]
pub use envelope::parse_simd_if;
pub use envelope::{Envelope, EventParseError, EventParseErrorKind, GatewayEvent};
pub use event::{Event, EventType};
pub use intents::Intents;
pub use opcode::OpCode;
pub use shard_id::{ShardId, ShardIdFraction};
