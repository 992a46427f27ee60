//! One event as it travels through the broker: the dispatch's raw bytes and
//! what is known about it without parsing it.

use crate::{Error, layout::check_event_type};
use bytes::Bytes;
use serde::Deserialize;
use std::fmt::{self, Display, Formatter};
use std::sync::Arc;
use twilight_model::gateway::{Envelope, ShardId};
use twilight_model::id::{Id, marker::GuildMarker};

/// The identity of a dispatch, the same however often it is published:
/// the session it arrived on and its sequence number. Discord replays a
/// resumed session's missed events with their original sequence numbers,
/// so a re-publish after a crash carries the id of the first publish and
/// the broker drops it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StableId {
    /// The gateway session id (from READY).
    pub session_id: Arc<str>,
    /// The dispatch's sequence number (`s`).
    pub sequence: u64,
}

impl StableId {
    /// The id of dispatch `sequence` of session `session_id`.
    pub fn new(session_id: impl Into<Arc<str>>, sequence: u64) -> Self {
        Self {
            session_id: session_id.into(),
            sequence,
        }
    }

    /// Reads the `<session id>:<sequence>` form [`Display`] writes.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Malformed`](crate::ErrorKind::Malformed) if `text` is
    /// not of that form.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let (session, sequence) = text
            .rsplit_once(':')
            .ok_or_else(|| Error::malformed(format!("stable id {text:?} has no ':'")))?;
        let sequence = sequence
            .parse()
            .map_err(|_| Error::malformed(format!("stable id {text:?}: bad sequence")))?;
        Ok(Self::new(session, sequence))
    }
}

impl Display for StableId {
    /// `<session id>:<sequence>`, the form sent as `Nats-Msg-Id` and used
    /// in Redis's de-duplication key.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.session_id, self.sequence)
    }
}

/// What a consumer knows of an event before parsing it; the publisher
/// sends it beside the payload (headers, stream entry fields).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventMeta {
    /// The event's name as Discord sends it in `t` (`MESSAGE_CREATE`).
    pub event_type: Arc<str>,
    /// The shard that received it.
    pub shard: ShardId,
    /// The guild the event belongs to, when it has one.
    pub guild_id: Option<Id<GuildMarker>>,
    /// Its identity for de-duplication.
    pub stable_id: StableId,
}

/// An event to publish: the gateway dispatch's bytes as received, and its
/// metadata.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutgoingEvent {
    /// The whole dispatch payload (`{"op":0,"t":..,"s":..,"d":..}`).
    pub payload: Bytes,
    /// Its metadata.
    pub meta: EventMeta,
}

impl OutgoingEvent {
    /// An event from its parts.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidName`](crate::ErrorKind::InvalidName) if the
    /// event type cannot be a subject token.
    pub fn new(
        payload: Bytes,
        event_type: &str,
        shard: ShardId,
        guild_id: Option<Id<GuildMarker>>,
        stable_id: StableId,
    ) -> Result<Self, Error> {
        check_event_type(event_type)?;
        Ok(Self {
            payload,
            meta: EventMeta {
                event_type: event_type.into(),
                shard,
                guild_id,
                stable_id,
            },
        })
    }

    /// An event from a raw dispatch received by `shard` on session
    /// `session_id`: `t` and `s` are peeked, and `d.guild_id` is read by a
    /// scan that skips every other field (no model type is built).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidPayload`](crate::ErrorKind::InvalidPayload) if
    /// the payload is not a dispatch with `t`, `s` and `d`;
    /// [`ErrorKind::InvalidName`](crate::ErrorKind::InvalidName) if its
    /// event type cannot be a subject token.
    pub fn from_dispatch(
        payload: Bytes,
        shard: ShardId,
        session_id: impl Into<Arc<str>>,
    ) -> Result<Self, Error> {
        let text = std::str::from_utf8(&payload)
            .map_err(|_| Error::invalid_payload("the dispatch is not UTF-8"))?;
        let envelope =
            Envelope::peek(text).map_err(|why| Error::invalid_payload(why.to_string()))?;
        let (Some(event_type), Some(sequence), Some(data)) =
            (envelope.event_type(), envelope.sequence(), envelope.data())
        else {
            return Err(Error::invalid_payload(
                "not a dispatch: `t`, `s` or `d` is missing",
            ));
        };
        let guild_id = guild_id_of(data);
        let stable_id = StableId::new(session_id, sequence);
        let event_type = event_type.to_owned();
        Self::new(payload, &event_type, shard, guild_id, stable_id)
    }
}

/// `d.guild_id`, if `d` is an object that has a valid one.
fn guild_id_of(data: &str) -> Option<Id<GuildMarker>> {
    #[derive(Deserialize)]
    struct GuildOnly {
        guild_id: Option<Id<GuildMarker>>,
    }
    serde_json::from_str::<GuildOnly>(data)
        .ok()
        .and_then(|only| only.guild_id)
}

#[cfg(test)]
mod tests {
    use super::{OutgoingEvent, StableId};
    use crate::ErrorKind;
    use bytes::Bytes;
    use twilight_model::gateway::ShardId;
    use twilight_model::id::Id;

    #[test]
    fn a_dispatch_gives_its_type_sequence_and_guild() {
        let payload = Bytes::from_static(
            br#"{"op":0,"s":42,"t":"MESSAGE_CREATE","d":{"id":"1","nested":{"guild_id":"9"},"guild_id":"41771983444115456"}}"#,
        );
        let shard = ShardId::new(1, 4).unwrap();
        let event = OutgoingEvent::from_dispatch(payload.clone(), shard, "abc").unwrap();
        assert_eq!(&*event.meta.event_type, "MESSAGE_CREATE");
        assert_eq!(event.meta.stable_id, StableId::new("abc", 42));
        assert_eq!(event.meta.guild_id, Some(Id::new(41_771_983_444_115_456)));
        assert_eq!(event.meta.shard, shard);
        assert_eq!(event.payload, payload);

        let no_guild = Bytes::from_static(br#"{"op":0,"s":1,"t":"READY","d":{"v":10}}"#);
        let event = OutgoingEvent::from_dispatch(no_guild, shard, "abc").unwrap();
        assert_eq!(event.meta.guild_id, None);
    }

    #[test]
    fn a_non_dispatch_is_a_typed_error() {
        let shard = ShardId::ONE;
        for payload in [
            &br#"{"op":11}"#[..],
            br#"{"op":0,"t":"X","d":{}}"#,
            br"not json",
            b"\xff\xfe",
        ] {
            let error = OutgoingEvent::from_dispatch(Bytes::copy_from_slice(payload), shard, "s")
                .unwrap_err();
            assert!(
                matches!(error.kind(), ErrorKind::InvalidPayload { .. }),
                "{error}"
            );
        }
        let bad_name = Bytes::from_static(br#"{"op":0,"s":1,"t":"A.B","d":{}}"#);
        assert!(matches!(
            OutgoingEvent::from_dispatch(bad_name, shard, "s")
                .unwrap_err()
                .kind(),
            ErrorKind::InvalidName { .. }
        ));
    }

    #[test]
    fn stable_ids_round_trip_through_text() {
        let id = StableId::new("a:b", 7);
        assert_eq!(id.to_string(), "a:b:7");
        assert_eq!(StableId::parse("a:b:7").unwrap(), id);
        assert!(StableId::parse("nocolon").is_err());
        assert!(StableId::parse("a:x").is_err());
    }
}
