//! Channel permission overwrites (resources/channel.mdx, Edit and Delete
//! Channel Permission): one overwrite per role or member, changed through
//! the channel's `permission_overwrites`, dispatching CHANNEL_UPDATE.

use super::body::opt_int;
use super::error::{ApiError, unknown_channel};
use super::values::{field_id, id_str};
use super::{Events, State};
use serde_json::{Value, json};
use twilight_model::channel::PermissionOverwriteType;

fn bits(body: &Value, key: &str) -> Result<String, ApiError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok("0".to_owned()),
        Some(Value::String(s)) if s.parse::<u64>().is_ok() => Ok(s.clone()),
        Some(Value::Number(n)) if n.as_u64().is_some() => Ok(n.to_string()),
        Some(v) => Err(ApiError::form(
            key,
            "NUMBER_TYPE_COERCE",
            &format!("Value \"{v}\" is not int."),
        )),
    }
}

impl State {
    /// The overwrites of a channel that can have them (not a thread).
    fn overwrites(&self, channel_id: u64) -> Result<Vec<Value>, ApiError> {
        let inner = self.lock();
        let channel = inner
            .channels
            .get(&channel_id)
            .ok_or_else(unknown_channel)?;
        channel["permission_overwrites"]
            .as_array()
            .cloned()
            .ok_or_else(|| ApiError::new(400, 50024, "Cannot execute action on this channel type"))
    }

    /// Whether the channel has an overwrite for `id`.
    pub fn has_overwrite(&self, channel_id: u64, id: u64) -> bool {
        self.overwrites(channel_id)
            .is_ok_and(|o| o.iter().any(|o| field_id(o, "id") == Some(id)))
    }

    /// PUT /channels/{channel.id}/permissions/{overwrite.id} (`allow`,
    /// `deny`, `type`: 0 role, 1 member).
    pub fn edit_overwrite(
        &self,
        channel_id: u64,
        id: u64,
        body: &Value,
        events: &mut Events,
    ) -> Result<(), ApiError> {
        let kind = match opt_int(body, "type")? {
            Some(k)
                if u8::try_from(k).is_ok_and(|k| {
                    !matches!(
                        PermissionOverwriteType::new(k),
                        PermissionOverwriteType::Unknown(_)
                    )
                }) =>
            {
                k
            }
            Some(_) => {
                return Err(ApiError::form(
                    "type",
                    "BASE_TYPE_CHOICES",
                    "Value must be one of (0, 1).",
                ));
            }
            None => {
                return Err(ApiError::form(
                    "type",
                    "BASE_TYPE_REQUIRED",
                    "This field is required",
                ));
            }
        };
        let overwrite = json!({
            "id": id_str(id),
            "type": kind,
            "allow": bits(body, "allow")?,
            "deny": bits(body, "deny")?,
        });
        let mut overwrites = self.overwrites(channel_id)?;
        match overwrites
            .iter_mut()
            .find(|o| field_id(o, "id") == Some(id))
        {
            Some(existing) => *existing = overwrite,
            None => overwrites.push(overwrite),
        }
        self.modify_channel(
            channel_id,
            &json!({ "permission_overwrites": overwrites }),
            events,
        )
        .map(drop)
    }

    /// DELETE /channels/{channel.id}/permissions/{overwrite.id} (no error
    /// when there is none).
    pub fn delete_overwrite(
        &self,
        channel_id: u64,
        id: u64,
        events: &mut Events,
    ) -> Result<(), ApiError> {
        let mut overwrites = self.overwrites(channel_id)?;
        let before = overwrites.len();
        overwrites.retain(|o| field_id(o, "id") != Some(id));
        if overwrites.len() == before {
            return Ok(());
        }
        self.modify_channel(
            channel_id,
            &json!({ "permission_overwrites": overwrites }),
            events,
        )
        .map(drop)
    }
}
