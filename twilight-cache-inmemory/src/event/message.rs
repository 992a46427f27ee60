//! Messages and reactions: MESSAGE_*, MESSAGE_REACTION_*.

use crate::cache::{InMemoryCache, UserRef};
use crate::config::ResourceType;
use crate::model::{CacheableChannel, CacheableMessage, CacheableModels};
use twilight_model::emoji::Emoji;
use twilight_model::gateway::payload::{MessageReactionAdd, MessageReactionRemove};
use twilight_model::id::{
    Id,
    marker::{ChannelMarker, MessageMarker},
};
use twilight_model::message::Message;

impl<M: CacheableModels> InMemoryCache<M> {
    pub(super) fn message_create(&self, message: &Message) {
        if let (Some(guild_id), Some(member)) = (message.guild_id, &message.member) {
            self.upsert_partial_member(guild_id, &message.author, member);
        }
        if !self.config.wants(ResourceType::MESSAGE) || self.config.message_cache_size == 0 {
            self.see_user(&message.author, None);
            return;
        }
        if let Some(mut cached) = self.messages.get_mut(&message.id) {
            cached.update(message);
            return;
        }
        let evicted = {
            let mut queue = self.channel_messages.entry(message.channel_id).or_default();
            queue.push_front(message.id);
            let mut evicted = Vec::new();
            while queue.len() > self.config.message_cache_size {
                evicted.extend(queue.pop_back());
            }
            evicted
        };
        let mut cached = M::Message::from_message(message);
        if message.channel_type.is_none()
            && let Some(channel) = self.channels.get(&message.channel_id)
        {
            cached.set_channel_type(channel.kind());
        }
        self.messages.insert(message.id, cached);
        self.see_user(&message.author, Some(UserRef::Message));
        for id in evicted {
            if let Some((_, old)) = self.messages.remove(&id) {
                self.release_user(old.author_id(), UserRef::Message);
            }
        }
    }

    pub(super) fn message_update(&self, message: &Message) {
        if let Some(mut cached) = self.messages.get_mut(&message.id) {
            cached.update(message);
        }
        if let (Some(guild_id), Some(member)) = (message.guild_id, &message.member) {
            self.upsert_partial_member(guild_id, &message.author, member);
        }
    }

    pub(super) fn delete_messages(&self, channel_id: Id<ChannelMarker>, ids: &[Id<MessageMarker>]) {
        let mut removed = false;
        for id in ids {
            if let Some((_, message)) = self.messages.remove(id) {
                removed = true;
                self.release_user(message.author_id(), UserRef::Message);
            }
        }
        if removed && let Some(mut queue) = self.channel_messages.get_mut(&channel_id) {
            queue.retain(|id| !ids.contains(id));
        }
    }

    /// Drops a channel's messages (the channel was deleted or left the cache).
    pub(crate) fn remove_channel_messages(&self, channel_id: Id<ChannelMarker>) {
        if let Some((_, ids)) = self.channel_messages.remove(&channel_id) {
            for id in ids {
                if let Some((_, message)) = self.messages.remove(&id) {
                    self.release_user(message.author_id(), UserRef::Message);
                }
            }
        }
    }

    pub(super) fn reaction_add(&self, reaction: &MessageReactionAdd) {
        if let (Some(guild_id), Some(member)) = (reaction.guild_id, &reaction.member) {
            self.upsert_member(guild_id, member);
        }
        if !self.config.wants(ResourceType::REACTION) {
            return;
        }
        let me = self.current_user_id() == Some(reaction.user_id);
        if let Some(mut message) = self.messages.get_mut(&reaction.message_id) {
            message.add_reaction(reaction, me);
        }
    }

    pub(super) fn reaction_remove(&self, reaction: &MessageReactionRemove) {
        if !self.config.wants(ResourceType::REACTION) {
            return;
        }
        let me = self.current_user_id() == Some(reaction.user_id);
        if let Some(mut message) = self.messages.get_mut(&reaction.message_id) {
            message.remove_reaction(reaction, me);
        }
    }

    pub(super) fn reaction_remove_all(&self, message_id: Id<MessageMarker>) {
        if let Some(mut message) = self.messages.get_mut(&message_id) {
            message.clear_reactions();
        }
    }

    pub(super) fn reaction_remove_emoji(&self, message_id: Id<MessageMarker>, emoji: &Emoji) {
        if let Some(mut message) = self.messages.get_mut(&message_id) {
            message.remove_reaction_emoji(emoji);
        }
    }
}
