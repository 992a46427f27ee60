//! The gateway: opcodes, close codes, the payloads sent and received, intents
//! and every dispatch event.

pub mod presence;
