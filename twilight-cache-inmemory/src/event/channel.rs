//! Channels and threads: CHANNEL_*, THREAD_*, THREAD_LIST_SYNC.

use crate::cache::InMemoryCache;
use crate::config::ResourceType;
use crate::model::{CacheableChannel, CacheableModels};
use std::collections::HashSet;
use twilight_model::channel::{Channel, ThreadMember};
use twilight_model::gateway::payload::{ChannelPinsUpdate, ThreadListSync, ThreadMembersUpdate};
use twilight_model::id::{
    Id,
    marker::{ChannelMarker, GuildMarker},
};

impl<M: CacheableModels> InMemoryCache<M> {
    /// Inserts or replaces a channel. GUILD_CREATE's channels lack
    /// `guild_id`; `guild_id` fills it in.
    pub(crate) fn upsert_channel(&self, channel: &Channel, guild_id: Option<Id<GuildMarker>>) {
        if !self.config.wants(ResourceType::CHANNEL) {
            return;
        }
        // The forum starter message is cached as a message, if at all.
        let mut cached = M::Channel::from_channel(channel);
        if let (None, Some(guild_id)) = (cached.guild_id(), guild_id) {
            cached.set_guild_id(guild_id);
        }
        if let Some(guild_id) = cached.guild_id() {
            self.guild_channels
                .entry(guild_id)
                .or_default()
                .insert(channel.id);
        }
        self.channels.insert(channel.id, cached);
    }

    pub(crate) fn delete_channel(&self, id: Id<ChannelMarker>) {
        if let Some((_, channel)) = self.channels.remove(&id)
            && let Some(guild_id) = channel.guild_id()
            && let Some(mut channels) = self.guild_channels.get_mut(&guild_id)
        {
            channels.remove(&id);
        }
        self.remove_channel_messages(id);
    }

    pub(super) fn channel_pins_update(&self, pins: &ChannelPinsUpdate) {
        if let Some(mut channel) = self.channels.get_mut(&pins.channel_id) {
            channel.set_last_pin_timestamp(pins.last_pin_timestamp);
        }
    }

    /// THREAD_LIST_SYNC carries every active thread of the listed parent
    /// channels (of the whole guild without `channel_ids`): cached threads
    /// of those parents that it lacks are gone from the bot's view.
    pub(super) fn thread_list_sync(&self, sync: &ThreadListSync) {
        let parents: Option<HashSet<Id<ChannelMarker>>> = sync
            .channel_ids
            .as_ref()
            .map(|ids| ids.iter().copied().collect());
        let listed: HashSet<Id<ChannelMarker>> = sync.threads.iter().map(|t| t.id).collect();
        let cached: Vec<Id<ChannelMarker>> = self
            .guild_channels
            .get(&sync.guild_id)
            .map(|ids| ids.iter().copied().collect())
            .unwrap_or_default();
        let stale: Vec<Id<ChannelMarker>> = cached
            .into_iter()
            .filter(|id| {
                self.channels.get(id).is_some_and(|channel| {
                    channel.kind().is_thread()
                        && !listed.contains(id)
                        && parents.as_ref().is_none_or(|parents| {
                            channel
                                .parent_id()
                                .is_some_and(|parent| parents.contains(&parent))
                        })
                })
            })
            .collect();
        for id in stale {
            self.delete_channel(id);
        }
        for thread in &sync.threads {
            self.upsert_channel(thread, Some(sync.guild_id));
        }
        for member in &sync.members {
            self.thread_member_update(member);
        }
    }

    /// The current user's thread member.
    pub(super) fn thread_member_update(&self, member: &ThreadMember) {
        if let Some(id) = member.id
            && let Some(mut thread) = self.channels.get_mut(&id)
        {
            let mut member = member.clone();
            // The guild member is cached in the member map.
            member.member = None;
            thread.set_thread_member(Some(member));
        }
    }

    pub(super) fn thread_members_update(&self, update: &ThreadMembersUpdate) {
        let me = self.current_user_id();
        if let Some(mut thread) = self.channels.get_mut(&update.id) {
            thread.set_member_count(update.member_count);
            if me.is_some_and(|me| {
                update
                    .removed_member_ids
                    .iter()
                    .flatten()
                    .any(|id| *id == me)
            }) {
                thread.set_thread_member(None);
            }
        }
        for member in update.added_members.iter().flatten() {
            if let Some(guild_member) = &member.member {
                self.upsert_member(update.guild_id, guild_member);
            }
            if member.user_id.is_some() && member.user_id == me {
                self.thread_member_update(member);
            }
        }
    }
}
