//! Payloads received from the gateway, parsed in two steps.
//!
//! [`Envelope::peek`] reads `op`, `s` and `t` and finds where `d` is without
//! parsing it (a structural scan, several times faster than a parse). The
//! caller then decides: parse `d` straight into its type
//! ([`Envelope::parse`]), or skip it, or forward the raw bytes. Nothing is
//! buffered into an intermediate `serde_json::Value`.
//!
//! ```
//! use twilight_model::gateway::{Envelope, EventType, GatewayEvent};
//!
//! let json = r#"{"t":"MESSAGE_DELETE","s":7,"op":0,"d":{"id":"3","channel_id":"2"}}"#;
//! let envelope = Envelope::peek(json)?;
//! assert_eq!(envelope.event_type(), Some("MESSAGE_DELETE"));
//! assert_eq!(envelope.sequence(), Some(7));
//!
//! // Parse only the events the caller wants.
//! let wanted = |kind: EventType| kind == EventType::MessageDelete;
//! match envelope.parse_if(wanted)? {
//!     Some(GatewayEvent::Dispatch { sequence, event }) => {
//!         assert_eq!(sequence, 7);
//!         assert_eq!(event.kind(), Some(EventType::MessageDelete));
//!     }
//!     _ => unreachable!(),
//! }
//! # Ok::<(), twilight_model::gateway::EventParseError>(())
//! ```

use super::OpCode;
use super::event::{Event, EventType};
use super::payload::Hello;
use serde::ser::{Serialize, SerializeStruct, Serializer};
use std::borrow::Cow;
use std::error::Error;
use std::fmt::{self, Display, Formatter};
use std::ops::Range;

/// A payload received from the gateway.
#[derive(Clone, Debug, PartialEq)]
pub enum GatewayEvent {
    /// An event (op 0) with its sequence number.
    Dispatch {
        /// The sequence number, for heartbeats and resuming.
        sequence: u64,
        /// The event.
        event: Event,
    },
    /// The gateway asks for a heartbeat now (op 1).
    Heartbeat,
    /// A heartbeat was acknowledged (op 11).
    HeartbeatAck,
    /// The first payload of a connection (op 10).
    Hello(Hello),
    /// The session was invalidated (op 9); `true` if it can be resumed.
    InvalidSession(bool),
    /// Reconnect and resume (op 7).
    Reconnect,
}

impl GatewayEvent {
    /// Parses a whole payload.
    ///
    /// # Errors
    ///
    /// Returns an error if the payload is malformed or its data does not fit
    /// its event type. An unknown event type is not an error: it becomes
    /// [`Event::Unknown`].
    pub fn from_json(json: &str) -> Result<Self, EventParseError> {
        Envelope::peek(json)?.parse()
    }

    /// The opcode of this payload.
    pub const fn opcode(&self) -> OpCode {
        match self {
            Self::Dispatch { .. } => OpCode::Dispatch,
            Self::Heartbeat => OpCode::Heartbeat,
            Self::HeartbeatAck => OpCode::HeartbeatAck,
            Self::Hello(_) => OpCode::Hello,
            Self::InvalidSession(_) => OpCode::InvalidSession,
            Self::Reconnect => OpCode::Reconnect,
        }
    }
}

impl Serialize for GatewayEvent {
    /// Serialises the whole payload as Discord sends it.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let fields = match self {
            Self::Dispatch { .. } => 4,
            Self::HeartbeatAck => 1,
            _ => 2,
        };
        let mut state = serializer.serialize_struct("GatewayEvent", fields)?;
        state.serialize_field("op", &self.opcode())?;
        match self {
            Self::Dispatch { sequence, event } => {
                state.serialize_field("s", sequence)?;
                state.serialize_field("t", event.name())?;
                state.serialize_field("d", event)?;
            }
            Self::Heartbeat | Self::Reconnect => state.serialize_field("d", &())?,
            Self::HeartbeatAck => {}
            Self::Hello(hello) => state.serialize_field("d", hello)?,
            Self::InvalidSession(resumable) => state.serialize_field("d", resumable)?,
        }
        state.end()
    }
}

/// What went wrong parsing a gateway payload.
#[derive(Debug)]
pub struct EventParseError {
    kind: EventParseErrorKind,
    source: Option<Box<dyn Error + Send + Sync>>,
}

/// The kind of [`EventParseError`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum EventParseErrorKind {
    /// The payload is not a JSON object, or is truncated.
    Malformed {
        /// Byte offset where the scan stopped.
        offset: usize,
    },
    /// The payload has no `op`.
    MissingOpcode,
    /// The opcode is not one a client receives.
    UnexpectedOpcode {
        /// The opcode.
        op: u8,
    },
    /// A dispatch without `t`, `s` or `d`.
    IncompleteDispatch,
    /// The data did not fit its type.
    Data {
        /// The event's name, or the opcode's name for non-dispatch payloads.
        event: String,
    },
}

impl EventParseError {
    /// The kind of error.
    pub const fn kind(&self) -> &EventParseErrorKind {
        &self.kind
    }

    const fn new(kind: EventParseErrorKind) -> Self {
        Self { kind, source: None }
    }

    fn data(event: &str, source: impl Error + Send + Sync + 'static) -> Self {
        Self {
            kind: EventParseErrorKind::Data {
                event: event.to_owned(),
            },
            source: Some(Box::new(source)),
        }
    }
}

impl Display for EventParseError {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match &self.kind {
            EventParseErrorKind::Malformed { offset } => {
                write!(
                    f,
                    "gateway payload is not a well-formed JSON object (at byte {offset})"
                )
            }
            EventParseErrorKind::MissingOpcode => f.write_str("gateway payload has no opcode"),
            EventParseErrorKind::UnexpectedOpcode { op } => {
                write!(
                    f,
                    "gateway payload has opcode {op}, which a client never receives"
                )
            }
            EventParseErrorKind::IncompleteDispatch => {
                f.write_str("dispatch payload lacks its event type, sequence or data")
            }
            EventParseErrorKind::Data { event } => {
                write!(f, "data of {event} does not fit its type")?;
                if let Some(source) = &self.source {
                    write!(f, ": {source}")?;
                }
                Ok(())
            }
        }
    }
}

impl Error for EventParseError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn Error + 'static))
    }
}

/// The envelope of a gateway payload: `op`, `s`, `t`, and where `d` is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Envelope<'a> {
    json: &'a str,
    op: u8,
    sequence: Option<u64>,
    event_type: Option<Cow<'a, str>>,
    data: Option<Range<usize>>,
}

impl<'a> Envelope<'a> {
    /// Reads `op`, `s` and `t` of a payload and finds `d`, without parsing
    /// `d`.
    ///
    /// # Errors
    ///
    /// Returns an error if the text is not a JSON object or has no `op`.
    pub fn peek(json: &'a str) -> Result<Self, EventParseError> {
        let parts = Scanner::new(json.as_bytes()).envelope()?;
        Ok(Self {
            json,
            op: parts.op,
            sequence: parts.sequence,
            event_type: parts.event_type,
            data: parts.data,
        })
    }

    /// The opcode.
    pub const fn op(&self) -> u8 {
        self.op
    }

    /// The sequence number of a dispatch.
    pub const fn sequence(&self) -> Option<u64> {
        self.sequence
    }

    /// The event name of a dispatch (`t`).
    pub fn event_type(&self) -> Option<&str> {
        self.event_type.as_deref()
    }

    /// The raw JSON text of `d`, if present.
    pub fn data(&self) -> Option<&'a str> {
        // `get`, not indexing: the scan ends ranges on ASCII delimiters, but
        // a malformed payload must never be able to panic here.
        self.data.clone().and_then(|range| self.json.get(range))
    }

    /// Where `d` is in the payload, as a byte range.
    pub fn data_range(&self) -> Option<Range<usize>> {
        self.data.clone()
    }

    /// Parses the payload.
    ///
    /// # Errors
    ///
    /// Returns an error if the payload or its data is malformed.
    pub fn parse(&self) -> Result<GatewayEvent, EventParseError> {
        match self.parse_if(|_| true)? {
            Some(event) => Ok(event),
            // Every event type is wanted, so `parse_if` never skips one.
            None => Err(EventParseError::new(
                EventParseErrorKind::IncompleteDispatch,
            )),
        }
    }

    /// Parses the payload unless it is a dispatch of a type `wanted` rejects;
    /// then `d` is never parsed and `None` is returned. Unknown event types
    /// are always returned.
    ///
    /// # Errors
    ///
    /// Returns an error if the payload or a wanted event's data is malformed.
    pub fn parse_if(
        &self,
        wanted: impl FnOnce(EventType) -> bool,
    ) -> Result<Option<GatewayEvent>, EventParseError> {
        let data = self.data();
        Ok(Some(match OpCode::new(self.op) {
            OpCode::Dispatch => {
                let (Some(name), Some(sequence), Some(d)) =
                    (self.event_type(), self.sequence, data)
                else {
                    return Err(EventParseError::new(
                        EventParseErrorKind::IncompleteDispatch,
                    ));
                };
                let kind = EventType::from_name(name);
                if kind.is_some_and(|kind| !wanted(kind)) {
                    return Ok(None);
                }
                let event = Event::from_dispatch(kind, name, d)
                    .map_err(|source| EventParseError::data(name, source))?;
                GatewayEvent::Dispatch { sequence, event }
            }
            OpCode::Heartbeat => GatewayEvent::Heartbeat,
            OpCode::HeartbeatAck => GatewayEvent::HeartbeatAck,
            OpCode::Reconnect => GatewayEvent::Reconnect,
            OpCode::Hello => {
                let d = data
                    .ok_or_else(|| EventParseError::new(EventParseErrorKind::IncompleteDispatch))?;
                GatewayEvent::Hello(
                    serde_json::from_str(d)
                        .map_err(|source| EventParseError::data("HELLO", source))?,
                )
            }
            OpCode::InvalidSession => {
                // `d` is documented as a boolean; treat a missing one as
                // "not resumable", the safe choice.
                let resumable = match data {
                    Some(d) => serde_json::from_str::<Option<bool>>(d)
                        .map_err(|source| EventParseError::data("INVALID_SESSION", source))?
                        .unwrap_or(false),
                    None => false,
                };
                GatewayEvent::InvalidSession(resumable)
            }
            _ => {
                return Err(EventParseError::new(
                    EventParseErrorKind::UnexpectedOpcode { op: self.op },
                ));
            }
        }))
    }
}

/// Parses a payload held in a mutable buffer with simd-json.
///
/// The envelope is read by the same scan as [`Envelope::peek`]; then only
/// `d` is handed to simd-json, which rewrites that part of the buffer in
/// place (so the buffer must not be read as JSON afterwards).
///
/// # Errors
///
/// Returns an error if the payload or a wanted event's data is malformed.
#[cfg(feature = "simd-json")]
pub fn parse_simd_if(
    buffer: &mut [u8],
    wanted: impl FnOnce(EventType) -> bool,
) -> Result<Option<GatewayEvent>, EventParseError> {
    // Scanning bytes, not text: simd-json validates UTF-8 itself, so the
    // buffer is not validated twice.
    let parts = Scanner::new(buffer).envelope()?;
    if parts.op != 0 {
        // Control payloads are small; parse them as text.
        let text = std::str::from_utf8(buffer)
            .map_err(|_| EventParseError::new(EventParseErrorKind::Malformed { offset: 0 }))?;
        return Envelope::peek(text)?.parse_if(wanted);
    }
    let (Some(name), Some(sequence), Some(range)) = (parts.event_type, parts.sequence, parts.data)
    else {
        return Err(EventParseError::new(
            EventParseErrorKind::IncompleteDispatch,
        ));
    };
    // simd-json validates `d`; the envelope around it must be UTF-8 too, as
    // the text path requires of the whole payload.
    for (start, part) in [
        (0, &buffer[..range.start]),
        (range.end, &buffer[range.end..]),
    ] {
        if let Err(error) = std::str::from_utf8(part) {
            return Err(EventParseError::new(EventParseErrorKind::Malformed {
                offset: start + error.valid_up_to(),
            }));
        }
    }
    let name = name.into_owned();
    let event = match EventType::from_name(&name) {
        Some(kind) if !wanted(kind) => return Ok(None),
        Some(kind) if crate::util::simd::agrees_with_serde_json(&buffer[range.clone()]) => {
            Event::from_simd(kind, &mut buffer[range])
                .map_err(|source| EventParseError::data(&name, source))?
        }
        // The rare payload simd-json would read differently.
        Some(kind) => {
            let d = std::str::from_utf8(&buffer[range])
                .map_err(|source| EventParseError::data(&name, source))?;
            Event::from_dispatch(Some(kind), &name, d)
                .map_err(|source| EventParseError::data(&name, source))?
        }
        None => {
            let d = std::str::from_utf8(&buffer[range])
                .map_err(|source| EventParseError::data(&name, source))?;
            Event::from_dispatch(None, &name, d)
                .map_err(|source| EventParseError::data(&name, source))?
        }
    };
    Ok(Some(GatewayEvent::Dispatch { sequence, event }))
}

/// What the scan of an envelope found.
struct Parts<'a> {
    op: u8,
    sequence: Option<u64>,
    event_type: Option<Cow<'a, str>>,
    data: Option<Range<usize>>,
}

/// A structural scanner over the top level of a JSON object.
struct Scanner<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Scanner<'a> {
    const fn new(bytes: &'a [u8]) -> Self {
        Self { bytes, pos: 0 }
    }

    fn malformed(&self) -> EventParseError {
        EventParseError::new(EventParseErrorKind::Malformed { offset: self.pos })
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    fn expect(&mut self, byte: u8) -> Result<(), EventParseError> {
        self.skip_ws();
        if self.bytes.get(self.pos) == Some(&byte) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.malformed())
        }
    }

    fn envelope(mut self) -> Result<Parts<'a>, EventParseError> {
        let mut op = None;
        let mut sequence = None;
        let mut event_type = None;
        let mut data = None;

        self.expect(b'{')?;
        self.skip_ws();
        if self.bytes.get(self.pos) == Some(&b'}') {
            return Err(EventParseError::new(EventParseErrorKind::MissingOpcode));
        }
        loop {
            self.skip_ws();
            let key = self.string()?;
            self.expect(b':')?;
            self.skip_ws();
            match key.as_ref() {
                "op" => {
                    let value = self.integer()?;
                    op = Some(u8::try_from(value).map_err(|_| self.malformed())?);
                }
                "s" => sequence = self.nullable_integer()?,
                "t" => {
                    if self.literal_null() {
                        event_type = None;
                    } else {
                        event_type = Some(self.string()?);
                    }
                }
                "d" => {
                    let start = self.pos;
                    self.skip_value()?;
                    data = Some(start..self.pos);
                }
                _ => self.skip_value()?,
            }
            self.skip_ws();
            match self.bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b'}') => break,
                _ => return Err(self.malformed()),
            }
        }

        let op = op.ok_or_else(|| EventParseError::new(EventParseErrorKind::MissingOpcode))?;
        Ok(Parts {
            op,
            sequence,
            event_type,
            data,
        })
    }

    fn literal_null(&mut self) -> bool {
        if self.bytes[self.pos..].starts_with(b"null") {
            self.pos += 4;
            true
        } else {
            false
        }
    }

    fn nullable_integer(&mut self) -> Result<Option<u64>, EventParseError> {
        if self.literal_null() {
            Ok(None)
        } else {
            self.integer().map(Some)
        }
    }

    fn integer(&mut self) -> Result<u64, EventParseError> {
        let start = self.pos;
        while self.bytes.get(self.pos).is_some_and(u8::is_ascii_digit) {
            self.pos += 1;
        }
        let digits = &self.bytes[start..self.pos];
        if digits.is_empty() {
            return Err(self.malformed());
        }
        digits
            .iter()
            .try_fold(0_u64, |n, d| {
                n.checked_mul(10)?.checked_add(u64::from(d - b'0'))
            })
            .ok_or_else(|| self.malformed())
    }

    /// Reads a string; borrowed unless it has escapes.
    fn string(&mut self) -> Result<Cow<'a, str>, EventParseError> {
        if self.bytes.get(self.pos) != Some(&b'"') {
            return Err(self.malformed());
        }
        let start = self.pos;
        let escaped = self.skip_string()?;
        if escaped {
            serde_json::from_slice::<String>(&self.bytes[start..self.pos])
                .map(Cow::Owned)
                .map_err(|_| self.malformed())
        } else {
            std::str::from_utf8(&self.bytes[start + 1..self.pos - 1])
                .map(Cow::Borrowed)
                .map_err(|_| self.malformed())
        }
    }

    /// Moves past a string starting at `pos`; returns whether it had escapes.
    fn skip_string(&mut self) -> Result<bool, EventParseError> {
        self.pos += 1;
        let mut escaped = false;
        loop {
            let Some(offset) = memchr::memchr2(b'"', b'\\', &self.bytes[self.pos..]) else {
                self.pos = self.bytes.len();
                return Err(self.malformed());
            };
            self.pos += offset;
            if self.bytes[self.pos] == b'"' {
                self.pos += 1;
                return Ok(escaped);
            }
            escaped = true;
            // Skip the backslash and the escaped byte.
            self.pos += 2;
            if self.pos > self.bytes.len() {
                self.pos = self.bytes.len();
                return Err(self.malformed());
            }
        }
    }

    /// Moves past one JSON value. Nesting is tracked by depth only: the value
    /// is validated when it is parsed, not here.
    fn skip_value(&mut self) -> Result<(), EventParseError> {
        match self.bytes.get(self.pos) {
            Some(b'"') => self.skip_string().map(drop),
            Some(b'{' | b'[') => {
                let mut depth = 0_usize;
                while let Some(&byte) = self.bytes.get(self.pos) {
                    match byte {
                        b'"' => {
                            self.skip_string()?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                self.pos += 1;
                                return Ok(());
                            }
                        }
                        _ => {}
                    }
                    self.pos += 1;
                }
                Err(self.malformed())
            }
            Some(_) => {
                let start = self.pos;
                while let Some(&byte) = self.bytes.get(self.pos) {
                    if matches!(byte, b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t') {
                        break;
                    }
                    self.pos += 1;
                }
                if self.pos == start {
                    Err(self.malformed())
                } else {
                    Ok(())
                }
            }
            None => Err(self.malformed()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_in_any_order() {
        for json in [
            r#"{"t":"RESUMED","s":3,"op":0,"d":null}"#,
            r#"{"d":null,"op":0,"s":3,"t":"RESUMED"}"#,
            r#" { "op" : 0 , "d" : { "x" : [1, {"y": "}]\"{"}] } , "s":3, "t":"RESUMED", "extra": [[]] } "#,
        ] {
            let event = GatewayEvent::from_json(json).unwrap();
            assert!(
                matches!(
                    event,
                    GatewayEvent::Dispatch {
                        sequence: 3,
                        event: Event::Resumed(_)
                    }
                ),
                "{json}"
            );
        }
    }

    #[test]
    fn unknown_event_keeps_its_data() {
        let json = r#"{"op":0,"d":{"a":[1,2]},"s":42,"t":"SOMETHING_NEW"}"#;
        let GatewayEvent::Dispatch {
            event: Event::Unknown(unknown),
            ..
        } = GatewayEvent::from_json(json).unwrap()
        else {
            panic!("expected an unknown event");
        };
        assert_eq!(unknown.name, "SOMETHING_NEW");
        assert_eq!(unknown.data.get(), r#"{"a":[1,2]}"#);
    }

    #[test]
    fn unwanted_events_are_not_parsed() {
        // The data is invalid for TYPING_START, but it is never parsed.
        let json = r#"{"op":0,"d":{"garbage":true},"s":1,"t":"TYPING_START"}"#;
        let envelope = Envelope::peek(json).unwrap();
        assert!(envelope.parse_if(|_| false).unwrap().is_none());
        assert!(envelope.parse().is_err());
    }

    #[test]
    fn control_payloads() {
        assert_eq!(
            GatewayEvent::from_json(r#"{"op":11}"#).unwrap(),
            GatewayEvent::HeartbeatAck
        );
        assert_eq!(
            GatewayEvent::from_json(r#"{"op":1,"d":null}"#).unwrap(),
            GatewayEvent::Heartbeat
        );
        assert_eq!(
            GatewayEvent::from_json(r#"{"op":7,"d":null}"#).unwrap(),
            GatewayEvent::Reconnect
        );
        assert_eq!(
            GatewayEvent::from_json(r#"{"op":9,"d":true}"#).unwrap(),
            GatewayEvent::InvalidSession(true)
        );
        assert_eq!(
            GatewayEvent::from_json(r#"{"op":10,"d":{"heartbeat_interval":41250}}"#).unwrap(),
            GatewayEvent::Hello(Hello {
                heartbeat_interval: 41250
            })
        );
    }

    #[test]
    fn malformed_payloads_are_errors() {
        for json in [
            "",
            "[]",
            "{",
            "{}",
            r#"{"op":}"#,
            r#"{"op":0}"#,
            r#"{"op":0,"t":"READY","s":1}"#,
            r#"{"op":0,"t":"READY","s":1,"d":{"v":10}}"#,
            r#"{"op":999}"#,
            r#"{"op":-1}"#,
            r#"{"op":2,"d":{}}"#,
            r#"{"op":10,"d":{"heartbeat_interval":"soon"}}"#,
            r#"{"op":0,"t":"X","s":1,"d":{"unterminated": "}"#,
            r#"{"op":0,"t":"X","s":1,"d":"\"#,
            r#"{"t":"READY" "op":0}"#,
            r#"{"op":0,"s":1,"t":"MESSAGE_DELETE","d":{"id":"0","channel_id":"1"}}"#,
        ] {
            assert!(GatewayEvent::from_json(json).is_err(), "{json}");
        }
    }

    #[test]
    fn escaped_event_name() {
        let json = r#"{"op":0,"s":1,"t":"RESU\u004dED","d":null}"#;
        assert!(matches!(
            GatewayEvent::from_json(json).unwrap(),
            GatewayEvent::Dispatch {
                event: Event::Resumed(_),
                ..
            }
        ));
    }
}
