//! Pinned messages (resources/message.mdx): pin, unpin and list, with
//! CHANNEL_PINS_UPDATE.

use super::error::{ApiError, unknown_message};
use super::values::{id_str, now_iso};
use super::{Events, Message, State};
use serde_json::{Value, json};
use twilight_model::Timestamp;
use twilight_model::id::Id;
use twilight_model::message::MessageType;

impl State {
    /// PUT (`pin`) or DELETE /channels/{channel.id}/messages/pins/{message.id}
    /// (and the deprecated /channels/{channel.id}/pins/{message.id}).
    pub fn pin(
        &self,
        channel_id: u64,
        message_id: u64,
        pin: bool,
        events: &mut Events,
    ) -> Result<(), ApiError> {
        let mut inner = self.lock();
        let guild_id = inner.channel_guild_of(channel_id)?;
        let pinned = inner
            .messages
            .get(&channel_id)
            .map_or(0, |m| m.values().filter(|m| m.pinned_at.is_some()).count());
        let message = inner
            .messages
            .get_mut(&channel_id)
            .and_then(|m| m.get_mut(&message_id))
            .ok_or_else(unknown_message)?;
        let system = message.value["type"]
            .as_u64()
            .and_then(|t| u8::try_from(t).ok())
            .is_some_and(|t| {
                !matches!(
                    MessageType::new(t),
                    MessageType::Default
                        | MessageType::Reply
                        | MessageType::ChatInputCommand
                        | MessageType::ContextMenuCommand
                )
            });
        if system {
            return Err(ApiError::new(
                400,
                50021,
                "Cannot execute action on a system message",
            ));
        }
        if pin == message.pinned_at.is_some() {
            return Ok(());
        }
        if pin && pinned >= 250 {
            return Err(ApiError::new(
                400,
                30003,
                "Maximum number of pins reached (250)",
            ));
        }
        message.pinned_at = pin.then(now_iso);
        message.value["pinned"] = json!(pin);
        let last = inner
            .messages
            .get(&channel_id)
            .and_then(|m| m.values().filter_map(|m| m.pinned_at.clone()).max());
        if let Some(c) = inner.channels.get_mut(&channel_id) {
            c["last_pin_timestamp"] = json!(last);
        }
        let mut event = json!({ "channel_id": id_str(channel_id), "last_pin_timestamp": last });
        if let Some(g) = guild_id {
            event["guild_id"] = id_str(g);
        }
        events.push((guild_id.map(Id::new), "CHANNEL_PINS_UPDATE", event));
        Ok(())
    }

    /// GET /channels/{channel.id}/messages/pins: pins newest first, pinned
    /// before `before` (an ISO 8601 timestamp), up to `limit` (1-50).
    pub fn pins(
        &self,
        channel_id: u64,
        before: Option<&str>,
        limit: usize,
    ) -> Result<Value, ApiError> {
        let before = before
            .map(|b| {
                Timestamp::parse(b).map_err(|_| {
                    ApiError::form(
                        "before",
                        "DATE_TIME_TYPE_PARSE",
                        "Could not parse date time.",
                    )
                })
            })
            .transpose()?;
        let inner = self.lock();
        inner.channel_guild_of(channel_id)?;
        let mut pins: Vec<(Timestamp, &Message)> = inner
            .messages
            .get(&channel_id)
            .map(|m| {
                m.values()
                    .filter_map(|m| {
                        m.pinned_at
                            .as_deref()
                            .and_then(|p| Timestamp::parse(p).ok())
                            .map(|p| (p, m))
                    })
                    .collect()
            })
            .unwrap_or_default();
        pins.sort_by_key(|p| std::cmp::Reverse(p.0));
        let matching: Vec<&(Timestamp, &Message)> = pins
            .iter()
            .filter(|(p, _)| before.is_none_or(|b| *p < b))
            .collect();
        let items: Vec<Value> = matching
            .iter()
            .take(limit)
            .map(|(p, m)| json!({ "pinned_at": p.iso_8601().to_string(), "message": inner.message_value(m) }))
            .collect();
        Ok(json!({ "items": items, "has_more": matching.len() > limit }))
    }

    /// GET /channels/{channel.id}/pins (deprecated): up to 50 pinned messages.
    pub fn pinned_messages(&self, channel_id: u64) -> Result<Value, ApiError> {
        let pins = self.pins(channel_id, None, 50)?;
        Ok(Value::Array(
            pins["items"]
                .as_array()
                .map(|items| items.iter().map(|i| i["message"].clone()).collect())
                .unwrap_or_default(),
        ))
    }
}
