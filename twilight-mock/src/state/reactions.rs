//! Message reactions (resources/message.mdx): add, remove, list who
//! reacted, clear, with the MESSAGE_REACTION_* events.

use super::error::{ApiError, unknown_message, unknown_user};
use super::values::{field_id, id_str};
use super::{Events, Reaction, State};
use serde_json::{Value, json};
use twilight_model::id::Id;
use twilight_model::message::ReactionType;

/// Parses the emoji of a reaction route: a unicode emoji, or `name:id`.
pub(super) fn parse_emoji(text: &str) -> Result<(String, Value), ApiError> {
    if text.is_empty() {
        return Err(ApiError::new(400, 10014, "Unknown Emoji"));
    }
    if let Some((name, id)) = text.rsplit_once(':') {
        let id: u64 = id
            .parse()
            .map_err(|_| ApiError::new(400, 10014, "Unknown Emoji"))?;
        let name = name.trim_start_matches("a:");
        return Ok((
            id.to_string(),
            json!({ "id": id_str(id), "name": name, "animated": false }),
        ));
    }
    if text.chars().count() > 16 || text.is_ascii() {
        return Err(ApiError::new(400, 10014, "Unknown Emoji"));
    }
    Ok((text.to_owned(), json!({ "id": null, "name": text })))
}

impl State {
    /// PUT /channels/{channel.id}/messages/{message.id}/reactions/{emoji}/@me
    /// (`user_id` None), or a user's reaction (control).
    pub fn add_reaction(
        &self,
        channel_id: u64,
        message_id: u64,
        emoji: &str,
        user_id: Option<u64>,
        events: &mut Events,
    ) -> Result<(), ApiError> {
        let (key, emoji_value) = parse_emoji(emoji)?;
        let mut inner = self.lock();
        let guild_id = inner.channel_guild_of(channel_id)?;
        let bot = match user_id {
            Some(u) if inner.users.contains_key(&u) => u,
            Some(_) => return Err(unknown_user()),
            None => inner.bot_id,
        };
        let message = inner
            .messages
            .get_mut(&channel_id)
            .and_then(|m| m.get_mut(&message_id))
            .ok_or_else(unknown_message)?;
        let author_id = field_id(&message.value["author"], "id");
        let reaction = match message.reactions.iter_mut().position(|r| r.key == key) {
            Some(i) => &mut message.reactions[i],
            None => {
                if message.reactions.len() >= 20 {
                    return Err(ApiError::new(
                        400,
                        30010,
                        "Maximum number of reactions reached (20)",
                    ));
                }
                message.reactions.push(Reaction {
                    key,
                    emoji: emoji_value.clone(),
                    users: Vec::new(),
                });
                message.reactions.last_mut().ok_or_else(unknown_message)?
            }
        };
        if reaction.users.contains(&bot) {
            return Ok(());
        }
        reaction.users.push(bot);
        let mut event = json!({
            "user_id": id_str(bot),
            "channel_id": id_str(channel_id),
            "message_id": id_str(message_id),
            "emoji": emoji_value,
            "burst": false,
            "burst_colors": [],
            "type": ReactionType::Normal,
        });
        if let Some(a) = author_id {
            event["message_author_id"] = id_str(a);
        }
        if let Some(g) = guild_id {
            event["guild_id"] = id_str(g);
            if let Some(m) = inner
                .guilds
                .get(&g)
                .and_then(|guild| inner.member_value(guild, bot))
            {
                event["member"] = m;
            }
        }
        events.push((guild_id.map(Id::new), "MESSAGE_REACTION_ADD", event));
        Ok(())
    }

    /// DELETE .../reactions/{emoji}/@me (`user_id` None) or
    /// .../reactions/{emoji}/{user.id}.
    pub fn remove_reaction(
        &self,
        channel_id: u64,
        message_id: u64,
        emoji: &str,
        user_id: Option<u64>,
        events: &mut Events,
    ) -> Result<(), ApiError> {
        let (key, emoji_value) = parse_emoji(emoji)?;
        let mut inner = self.lock();
        let guild_id = inner.channel_guild_of(channel_id)?;
        let user = user_id.unwrap_or(inner.bot_id);
        let message = inner
            .messages
            .get_mut(&channel_id)
            .and_then(|m| m.get_mut(&message_id))
            .ok_or_else(unknown_message)?;
        let Some(i) = message.reactions.iter().position(|r| r.key == key) else {
            return Ok(());
        };
        let before = message.reactions[i].users.len();
        message.reactions[i].users.retain(|u| *u != user);
        if message.reactions[i].users.len() == before {
            return Ok(());
        }
        if message.reactions[i].users.is_empty() {
            message.reactions.remove(i);
        }
        let mut event = json!({
            "user_id": id_str(user),
            "channel_id": id_str(channel_id),
            "message_id": id_str(message_id),
            "emoji": emoji_value,
            "burst": false,
            "type": ReactionType::Normal,
        });
        if let Some(g) = guild_id {
            event["guild_id"] = id_str(g);
        }
        events.push((guild_id.map(Id::new), "MESSAGE_REACTION_REMOVE", event));
        Ok(())
    }

    /// GET .../reactions/{emoji}: users who reacted, by id, after `after`,
    /// up to `limit` (1-100, default 25).
    pub fn reaction_users(
        &self,
        channel_id: u64,
        message_id: u64,
        emoji: &str,
        after: Option<u64>,
        limit: usize,
    ) -> Result<Value, ApiError> {
        let (key, _) = parse_emoji(emoji)?;
        let inner = self.lock();
        inner.channel_guild_of(channel_id)?;
        let message = inner
            .messages
            .get(&channel_id)
            .and_then(|m| m.get(&message_id))
            .ok_or_else(unknown_message)?;
        let mut users: Vec<u64> = message
            .reactions
            .iter()
            .find(|r| r.key == key)
            .map(|r| r.users.clone())
            .unwrap_or_default();
        users.sort_unstable();
        Ok(Value::Array(
            users
                .into_iter()
                .filter(|u| after.is_none_or(|a| *u > a))
                .take(limit)
                .filter_map(|u| inner.users.get(&u).cloned())
                .collect(),
        ))
    }

    /// DELETE .../reactions (every reaction) or .../reactions/{emoji}.
    pub fn clear_reactions(
        &self,
        channel_id: u64,
        message_id: u64,
        emoji: Option<&str>,
        events: &mut Events,
    ) -> Result<(), ApiError> {
        let parsed = emoji.map(parse_emoji).transpose()?;
        let mut inner = self.lock();
        let guild_id = inner.channel_guild_of(channel_id)?;
        let message = inner
            .messages
            .get_mut(&channel_id)
            .and_then(|m| m.get_mut(&message_id))
            .ok_or_else(unknown_message)?;
        let mut event =
            json!({ "channel_id": id_str(channel_id), "message_id": id_str(message_id) });
        if let Some(g) = guild_id {
            event["guild_id"] = id_str(g);
        }
        match parsed {
            Some((key, emoji_value)) => {
                message.reactions.retain(|r| r.key != key);
                event["emoji"] = emoji_value;
                events.push((
                    guild_id.map(Id::new),
                    "MESSAGE_REACTION_REMOVE_EMOJI",
                    event,
                ));
            }
            None => {
                message.reactions.clear();
                events.push((guild_id.map(Id::new), "MESSAGE_REACTION_REMOVE_ALL", event));
            }
        }
        Ok(())
    }
}
