//! Applying gateway events to the cache: one file per resource family.

mod channel;
mod expression;
mod guild;
mod member;
mod message;
mod scheduling;
mod voice;

use crate::cache::InMemoryCache;
use crate::config::ResourceType;
use crate::model::{CacheableModels, CacheableRole, CachedUser};
use std::sync::PoisonError;
use twilight_model::gateway::event::Event;

impl<M: CacheableModels> InMemoryCache<M> {
    /// Applies one gateway event. Events that change no cached resource are
    /// ignored.
    pub fn update(&self, event: &Event) {
        match event {
            Event::Ready(ready) => {
                if self.config.wants(ResourceType::USER_CURRENT) {
                    self.set_current_user(CachedUser::from(&ready.user));
                }
                for guild in &ready.guilds {
                    self.unavailable_guilds.insert(guild.id);
                }
            }
            Event::UserUpdate(user) => {
                if self.config.wants(ResourceType::USER_CURRENT) {
                    self.set_current_user(CachedUser::from(&user.0));
                }
                self.see_user(user, None);
            }
            Event::GuildCreate(create) => self.guild_create(create),
            Event::GuildUpdate(update) => self.guild_update(update),
            Event::GuildDelete(delete) => self.guild_delete(delete),
            Event::ChannelCreate(channel) => self.upsert_channel(channel, None),
            Event::ChannelUpdate(channel) => self.upsert_channel(channel, None),
            Event::ChannelDelete(channel) => self.delete_channel(channel.id),
            Event::ChannelPinsUpdate(pins) => self.channel_pins_update(pins),
            Event::ThreadCreate(thread) => self.upsert_channel(thread, None),
            Event::ThreadUpdate(thread) => self.upsert_channel(thread, None),
            Event::ThreadDelete(thread) => self.delete_channel(thread.id),
            Event::ThreadListSync(sync) => self.thread_list_sync(sync),
            Event::ThreadMembersUpdate(update) => self.thread_members_update(update),
            Event::ThreadMemberUpdate(member) => self.thread_member_update(member),
            Event::GuildMemberAdd(member) => self.member_add(member),
            Event::GuildMemberUpdate(update) => self.member_update(update),
            Event::GuildMemberRemove(remove) => self.member_remove(remove.guild_id, remove.user.id),
            Event::GuildMembersChunk(chunk) => self.members_chunk(chunk),
            Event::GuildRoleCreate(role) | Event::GuildRoleUpdate(role)
                if self.config.wants(ResourceType::ROLE) =>
            {
                self.roles
                    .insert(role.guild_id, role.role.id, M::Role::from_role(&role.role));
            }
            Event::GuildRoleDelete(delete) => {
                self.roles.remove(delete.guild_id, &delete.role_id);
            }
            Event::GuildEmojisUpdate(update) => self.emojis_update(update),
            Event::GuildStickersUpdate(update) => self.stickers_update(update),
            Event::PresenceUpdate(presence) => self.presence_update(presence),
            Event::VoiceStateUpdate(state) => self.voice_state_update(state),
            Event::MessageCreate(message) => self.message_create(message),
            Event::MessageUpdate(message) => self.message_update(message),
            Event::MessageDelete(delete) => self.delete_messages(delete.channel_id, &[delete.id]),
            Event::MessageDeleteBulk(delete) => {
                self.delete_messages(delete.channel_id, &delete.ids);
            }
            Event::MessageReactionAdd(reaction) => self.reaction_add(reaction),
            Event::MessageReactionRemove(reaction) => self.reaction_remove(reaction),
            Event::MessageReactionRemoveAll(reaction) => {
                self.reaction_remove_all(reaction.message_id);
            }
            Event::MessageReactionRemoveEmoji(reaction) => {
                self.reaction_remove_emoji(reaction.message_id, &reaction.emoji);
            }
            Event::InteractionCreate(interaction) => self.interaction_member(interaction),
            Event::TypingStart(typing) => {
                if let (Some(guild_id), Some(member)) = (typing.guild_id, &typing.member) {
                    self.upsert_member(guild_id, member);
                }
            }
            Event::StageInstanceCreate(stage) => self.stage_upsert(stage),
            Event::StageInstanceUpdate(stage) => self.stage_upsert(stage),
            Event::StageInstanceDelete(stage) => {
                self.stage_instances.remove(stage.guild_id, &stage.id);
            }
            Event::IntegrationCreate(integration) => self.integration_upsert(integration),
            Event::IntegrationUpdate(integration) => self.integration_upsert(integration),
            Event::IntegrationDelete(delete) => {
                self.integrations.remove(delete.guild_id, &delete.id);
            }
            Event::GuildScheduledEventCreate(event) => self.scheduled_event_upsert(event),
            Event::GuildScheduledEventUpdate(event) => self.scheduled_event_upsert(event),
            Event::GuildScheduledEventDelete(event) => {
                self.scheduled_events.remove(event.guild_id, &event.id);
            }
            Event::GuildScheduledEventUserAdd(user) => self.scheduled_event_user(user, true),
            Event::GuildScheduledEventUserRemove(user) => self.scheduled_event_user(user, false),
            Event::GuildSoundboardSoundCreate(sound) => self.soundboard_upsert(sound),
            Event::GuildSoundboardSoundUpdate(sound) => self.soundboard_upsert(sound),
            Event::GuildSoundboardSoundDelete(delete) => {
                self.soundboard_sounds
                    .remove(delete.guild_id, &delete.sound_id);
            }
            Event::GuildSoundboardSoundsUpdate(sounds) | Event::SoundboardSounds(sounds) => {
                self.soundboard_replace(sounds);
            }
            _ => {}
        }
    }

    fn set_current_user(&self, user: CachedUser) {
        *self
            .current_user
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(user);
    }
}
