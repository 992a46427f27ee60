//! Payloads received from the gateway, parsed in two steps.
//!
//! [`Envelope::peek`] reads `op`, `s` and `t` and finds where `d` is without
//! parsing it. Its cost does not grow with `d`: once `op`, `s` and `t` are
//! read and `d` follows (the order Discord sends), `d` is taken to run to the
//! payload's closing brace, and parsing `d` proves it (a JSON value followed
//! by anything but whitespace does not parse). Only when that parse fails, or
//! when `d` comes before the other keys, is the payload walked key by key.
//! The caller then decides: parse `d` straight into its type
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
    /// Whether `data` was found by walking `d`, rather than assumed to run
    /// to the payload's closing brace.
    data_exact: bool,
}

impl<'a> Envelope<'a> {
    /// Reads `op`, `s` and `t` of a payload and finds `d`, without parsing
    /// `d`.
    ///
    /// # Errors
    ///
    /// Returns an error if the text is not a JSON object or has no `op`.
    /// A malformed `d` (or text after it) is found when `d` is parsed.
    pub fn peek(json: &'a str) -> Result<Self, EventParseError> {
        Scanner::new(json.as_bytes())
            .envelope(true)
            .map(|parts| Self::new(json, parts))
    }

    fn new(json: &'a str, parts: Parts<'a>) -> Self {
        Self {
            json,
            op: parts.op,
            sequence: parts.sequence,
            event_type: parts.event_type,
            data: parts.data,
            data_exact: parts.data_exact,
        }
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
    ///
    /// Unlike [`parse`](Self::parse), this walks `d` when the quick scan of
    /// [`peek`](Self::peek) only assumed where it ends; `None` if the walk
    /// finds the payload malformed.
    pub fn data(&self) -> Option<&'a str> {
        // `get`, not indexing: the scan ends ranges on ASCII delimiters, but
        // a malformed payload must never be able to panic here.
        self.data_range().and_then(|range| self.json.get(range))
    }

    /// Where `d` is in the payload, as a byte range (see [`data`](Self::data)).
    pub fn data_range(&self) -> Option<Range<usize>> {
        if self.data_exact {
            self.data.clone()
        } else {
            Scanner::new(self.json.as_bytes())
                .envelope(false)
                .ok()
                .and_then(|parts| parts.data)
        }
    }

    /// Where `d` is, as [`peek`](Self::peek) found it: exact (`true`), or
    /// assumed to run to the closing brace (`false`), which a successful
    /// parse of that range proves. For callers that parse `d` themselves
    /// and walk it ([`data_range`](Self::data_range)) only when that fails.
    pub fn data_range_unchecked(&self) -> Option<(Range<usize>, bool)> {
        self.data.clone().map(|range| (range, self.data_exact))
    }

    /// Runs `parse` on `d`. When `d`'s end was assumed and `parse` fails, the
    /// payload is walked: if `d` ends elsewhere it is parsed again there;
    /// otherwise the first error stands.
    fn parse_data<T, E>(
        &self,
        parse: impl Fn(&'a str) -> Result<T, E>,
    ) -> Result<Option<Result<T, E>>, EventParseError> {
        let Some(range) = self.data.clone() else {
            return Ok(None);
        };
        let malformed = |offset| EventParseError::new(EventParseErrorKind::Malformed { offset });
        let first = parse(self.json.get(range.clone()).ok_or(malformed(range.start))?);
        if first.is_ok() || self.data_exact {
            return Ok(Some(first));
        }
        // The walk rejects a key repeated after `d`, so what it finds before
        // `d` is what the quick scan found.
        let exact = Scanner::new(self.json.as_bytes()).envelope(false)?;
        match exact.data {
            Some(exact) if exact != range => Ok(Some(parse(
                self.json.get(exact.clone()).ok_or(malformed(exact.start))?,
            ))),
            _ => Ok(Some(first)),
        }
    }

    /// A payload whose `d` carries nothing a client needs. `d` is still
    /// read: the quick scan only assumed where it ends, and a payload broken
    /// after `d` must not pass as well formed.
    fn control(&self, event: GatewayEvent, name: &str) -> Result<GatewayEvent, EventParseError> {
        match self.parse_data(serde_json::from_str::<serde::de::IgnoredAny>)? {
            Some(Err(source)) => Err(EventParseError::data(name, source)),
            _ => Ok(event),
        }
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
        Ok(Some(match OpCode::new(self.op) {
            OpCode::Dispatch => {
                let (Some(name), Some(sequence), true) =
                    (self.event_type(), self.sequence, self.data.is_some())
                else {
                    return Err(EventParseError::new(
                        EventParseErrorKind::IncompleteDispatch,
                    ));
                };
                let kind = EventType::from_name(name);
                if kind.is_some_and(|kind| !wanted(kind)) {
                    return Ok(None);
                }
                let event = self
                    .parse_data(|d| Event::from_dispatch(kind, name, d))?
                    .ok_or_else(|| EventParseError::new(EventParseErrorKind::IncompleteDispatch))?
                    .map_err(|source| EventParseError::data(name, source))?;
                GatewayEvent::Dispatch { sequence, event }
            }
            OpCode::Heartbeat => self.control(GatewayEvent::Heartbeat, "HEARTBEAT")?,
            OpCode::HeartbeatAck => self.control(GatewayEvent::HeartbeatAck, "HEARTBEAT_ACK")?,
            OpCode::Reconnect => self.control(GatewayEvent::Reconnect, "RECONNECT")?,
            OpCode::Hello => GatewayEvent::Hello(
                self.parse_data(serde_json::from_str)?
                    .ok_or_else(|| EventParseError::new(EventParseErrorKind::IncompleteDispatch))?
                    .map_err(|source| EventParseError::data("HELLO", source))?,
            ),
            OpCode::InvalidSession => {
                // `d` is documented as a boolean; treat a missing one as
                // "not resumable", the safe choice.
                let resumable = self
                    .parse_data(serde_json::from_str::<Option<bool>>)?
                    .transpose()
                    .map_err(|source| EventParseError::data("INVALID_SESSION", source))?
                    .flatten()
                    .unwrap_or(false);
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
    // buffer is not validated twice. The exact scan: simd-json rewrites the
    // buffer as it parses, so a failed parse of an assumed range could not
    // be retried.
    let parts = Scanner::new(buffer).envelope(false)?;
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

/// Whether `token` is a JSON literal or number (RFC 8259, section 6).
fn is_scalar(token: &[u8]) -> bool {
    fn digits(bytes: &[u8]) -> usize {
        bytes.iter().take_while(|b| b.is_ascii_digit()).count()
    }
    if matches!(token, b"true" | b"false" | b"null") {
        return true;
    }
    let mut rest = token.strip_prefix(b"-").unwrap_or(token);
    match rest {
        [b'0', ..] => rest = &rest[1..],
        [b'1'..=b'9', ..] => rest = &rest[digits(rest)..],
        _ => return false,
    }
    if let Some(fraction) = rest.strip_prefix(b".") {
        let n = digits(fraction);
        if n == 0 {
            return false;
        }
        rest = &fraction[n..];
    }
    if let Some(exponent) = rest.strip_prefix(b"e").or_else(|| rest.strip_prefix(b"E")) {
        let exponent = exponent
            .strip_prefix(b"+")
            .or_else(|| exponent.strip_prefix(b"-"))
            .unwrap_or(exponent);
        let n = digits(exponent);
        if n == 0 {
            return false;
        }
        rest = &exponent[n..];
    }
    rest.is_empty()
}

/// What the scan of an envelope found.
struct Parts<'a> {
    op: u8,
    sequence: Option<u64>,
    event_type: Option<Cow<'a, str>>,
    data: Option<Range<usize>>,
    data_exact: bool,
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

    /// Scans the envelope. With `quick`, a `d` after `op` (and, for a
    /// dispatch, `s` and `t`) is assumed to run to the last closing brace.
    fn envelope(mut self, quick: bool) -> Result<Parts<'a>, EventParseError> {
        let mut op = None;
        let mut sequence = None;
        let mut event_type = None;
        let mut data = None;
        let (mut seen_sequence, mut seen_event_type) = (false, false);

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
            // A repeated envelope key is malformed, as serde_json's derived
            // structs read it: which value would count is not defined, and
            // the quick scan (which stops at `d`) and this walk must agree.
            let repeated = match key.as_ref() {
                "op" => op.is_some(),
                "s" => seen_sequence,
                "t" => seen_event_type,
                "d" => data.is_some(),
                _ => false,
            };
            if repeated {
                return Err(self.malformed());
            }
            match key.as_ref() {
                "op" => {
                    let value = self.integer()?;
                    op = Some(u8::try_from(value).map_err(|_| self.malformed())?);
                }
                "s" => {
                    seen_sequence = true;
                    sequence = self.nullable_integer()?;
                }
                "t" => {
                    seen_event_type = true;
                    if self.literal_null() {
                        event_type = None;
                    } else {
                        event_type = Some(self.string()?);
                    }
                }
                "d" => {
                    let start = self.pos;
                    let rest_known =
                        op.is_some_and(|op| op != 0 || (seen_sequence && seen_event_type));
                    if quick
                        && rest_known
                        && let Some(end) = self.closing_brace()
                    {
                        return Ok(Parts {
                            op: op.unwrap_or_default(),
                            sequence,
                            event_type,
                            data: Some(start..end),
                            data_exact: false,
                        });
                    }
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
        // As serde_json reads a whole text: nothing but whitespace may follow
        // the object.
        self.pos += 1;
        self.skip_ws();
        if self.pos != self.bytes.len() {
            return Err(self.malformed());
        }

        let op = op.ok_or_else(|| EventParseError::new(EventParseErrorKind::MissingOpcode))?;
        Ok(Parts {
            op,
            sequence,
            event_type,
            data,
            data_exact: true,
        })
    }

    /// Where the value at `pos` ends if it is the object's last: before the
    /// whitespace ahead of the text's final `}`.
    fn closing_brace(&self) -> Option<usize> {
        // JSON's whitespace only: `trim_ascii_end` would also take a form
        // feed, which serde_json rejects.
        fn trim_end(mut bytes: &[u8]) -> &[u8] {
            while let [rest @ .., b' ' | b'\n' | b'\r' | b'\t'] = bytes {
                bytes = rest;
            }
            bytes
        }
        let rest = self.bytes.get(self.pos..)?;
        let (b'}', value) = trim_end(rest).split_last()? else {
            return None;
        };
        let value = trim_end(value);
        (!value.is_empty()).then_some(self.pos + value.len())
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
            Some(&open @ (b'{' | b'[')) => {
                // Only the value's own kind of bracket counts: in JSON the
                // other kind is balanced inside it, and the parse checks.
                let close = open + 2;
                let mut depth = 0_usize;
                while let Some(at) = self
                    .bytes
                    .get(self.pos..)
                    .and_then(|rest| memchr::memchr3(b'"', open, close, rest))
                {
                    self.pos += at;
                    let byte = self.bytes[self.pos];
                    if byte == b'"' {
                        self.skip_string()?;
                        continue;
                    }
                    self.pos += 1;
                    if byte == open {
                        depth += 1;
                    } else {
                        depth -= 1;
                        if depth == 0 {
                            return Ok(());
                        }
                    }
                }
                self.pos = self.bytes.len();
                Err(self.malformed())
            }
            Some(_) => {
                let start = self.pos;
                while let Some(&byte) = self.bytes.get(self.pos) {
                    if matches!(
                        byte,
                        b',' | b'}' | b']' | b'"' | b' ' | b'\n' | b'\r' | b'\t'
                    ) {
                        break;
                    }
                    self.pos += 1;
                }
                if is_scalar(&self.bytes[start..self.pos]) {
                    Ok(())
                } else {
                    self.pos = start;
                    Err(self.malformed())
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
    fn repeated_keys_and_bad_scalars_are_malformed() {
        for json in [
            // Found by the gateway_payload fuzz target: the quick scan saw
            // op 1, the walk a later op 0.
            "{\"t\":\"RESUMED\",\"s\":2,\"op\":1,\"d\":143937\",\n \"x\": \"y\",\"op\":0,\"d\":{}}",
            r#"{"t":"RESUMED","s":2,"op":1,"d":[1,,2],"op":0,"d":null}"#,
            r#"{"op":0,"op":0,"t":"RESUMED","s":1,"d":null}"#,
            r#"{"op":0,"t":"RESUMED","s":1,"d":null,"s":2}"#,
            r#"{"op":0,"x":12abc,"t":"RESUMED","s":1,"d":null}"#,
            r#"{"op":0,"x":01,"t":"RESUMED","s":1,"d":null}"#,
            r#"{"op":0,"x":1.,"t":"RESUMED","s":1,"d":null}"#,
            r#"{"op":0,"x":tru,"t":"RESUMED","s":1,"d":null}"#,
            // Also found by fuzzing: a form feed is not JSON whitespace.
            "{\"t\":\"RESUMED\",\"s\":2,\"op\":0,\"d\":{}}\x0c",
            "{\"t\":\"RESUMED\",\"s\":2,\"op\":0,\"d\":{}\x0c}",
        ] {
            assert!(
                matches!(
                    GatewayEvent::from_json(json).map_err(|e| e.kind().clone()),
                    Err(EventParseErrorKind::Malformed { .. })
                ),
                "{json}"
            );
        }
        for scalar in ["0", "-1.5e+3", "2E7", "true", "false", "null", "12.25"] {
            let json = format!(r#"{{"op":0,"x":{scalar},"t":"RESUMED","s":1,"d":null}}"#);
            assert!(GatewayEvent::from_json(&json).is_ok(), "{json}");
        }
    }

    #[test]
    fn control_payload_broken_after_d_is_an_error() {
        // Found by the gateway_payload fuzz target: `d` is not read for
        // op 7, so the quick scan let the text after it through.
        let json = "{\n  \"op\": 7,\n  \"d\": 84788765712384\"]\n  }\n}#\n9834\",\n  \"limit\": 0\n  }\n}\n";
        assert!(matches!(
            GatewayEvent::from_json(json).unwrap_err().kind(),
            EventParseErrorKind::Malformed { .. }
        ));
        for json in [
            r#"{"op":1,"d":12}]"#,
            r#"{"op":11,"d":null}}"#,
            r#"{"op":7,"d":nul}"#,
        ] {
            assert!(GatewayEvent::from_json(json).is_err(), "{json}");
        }
        assert_eq!(
            GatewayEvent::from_json(r#"{"op":7,"d":null}"#).unwrap(),
            GatewayEvent::Reconnect
        );
        assert_eq!(
            GatewayEvent::from_json(r#"{"op":1,"d":251}"#).unwrap(),
            GatewayEvent::Heartbeat
        );
        assert_eq!(
            GatewayEvent::from_json(r#"{"op":11}"#).unwrap(),
            GatewayEvent::HeartbeatAck
        );
    }

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
    fn keys_after_data_are_found() {
        // `d` after `op`, `s` and `t` is assumed to run to the end; a key
        // after it makes that parse fail, and the walk finds the real end.
        for json in [
            r#"{"t":"MESSAGE_DELETE","s":3,"op":0,"d":{"id":"3","channel_id":"2"},"new":[{"}":1}]}"#,
            r#"{"t":"MESSAGE_DELETE","s":3,"op":0,"d":{"id":"3","channel_id":"2"} , "v":2 }"#,
            r#"{"t":"MESSAGE_DELETE","s":3,"op":0,"d":{"id":"3","channel_id":"2"}}"#,
        ] {
            let envelope = Envelope::peek(json).unwrap();
            assert_eq!(
                envelope.data(),
                Some(r#"{"id":"3","channel_id":"2"}"#),
                "{json}"
            );
            let Some(GatewayEvent::Dispatch {
                sequence: 3,
                event: Event::MessageDelete(delete),
            }) = envelope.parse_if(|_| true).unwrap()
            else {
                panic!("not a MESSAGE_DELETE: {json}");
            };
            assert_eq!(delete.id.get(), 3, "{json}");
        }
        let unknown = r#"{"t":"NEW","s":1,"op":0,"d":[1,{"a":"]"}],"x":null}"#;
        let GatewayEvent::Dispatch {
            event: Event::Unknown(unknown),
            ..
        } = GatewayEvent::from_json(unknown).unwrap()
        else {
            panic!("expected an unknown event");
        };
        assert_eq!(unknown.data.get(), r#"[1,{"a":"]"}]"#);
        assert_eq!(
            GatewayEvent::from_json(r#"{"op":9,"d":true,"s":null,"t":null}"#).unwrap(),
            GatewayEvent::InvalidSession(true)
        );
    }

    #[test]
    fn peek_does_not_read_data_it_can_skip() {
        // `d` last: its content is only read by the parse.
        let json = r#"{"t":"TYPING_START","s":1,"op":0,"d":{"channel_id": [}"#;
        let envelope = Envelope::peek(json).unwrap();
        assert_eq!(envelope.sequence(), Some(1));
        assert_eq!(envelope.data(), None);
        let error = envelope.parse().unwrap_err();
        assert!(
            matches!(error.kind(), EventParseErrorKind::Malformed { .. }),
            "{error}"
        );
    }

    #[test]
    fn a_key_repeated_after_data_is_an_error() {
        let json = r#"{"t":"RESUMED","s":3,"op":0,"d":{},"op":1}"#;
        assert!(matches!(
            GatewayEvent::from_json(json).unwrap_err().kind(),
            EventParseErrorKind::Malformed { .. }
        ));
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
