//! GUILD_CREATE, GUILD_UPDATE and GUILD_DELETE.

use crate::cache::{InMemoryCache, UserRef};
use crate::config::ResourceType;
use crate::model::{
    CacheableEmoji, CacheableGuild, CacheableModels, CacheablePresence, CacheableRole,
    CacheableScheduledEvent, CacheableSoundboardSound, CacheableStageInstance, CacheableSticker,
    CacheableVoiceState,
};
use std::collections::HashMap;
use twilight_model::gateway::event::{GuildCreate, GuildUpdate};
use twilight_model::gateway::payload::GuildDelete;
use twilight_model::guild::Guild;
use twilight_model::id::{Id, marker::GuildMarker};

impl<M: CacheableModels> InMemoryCache<M> {
    pub(super) fn guild_create(&self, create: &GuildCreate) {
        let guild = match create {
            GuildCreate::Available(guild) => guild,
            GuildCreate::Unavailable(guild) => {
                self.mark_unavailable(guild.id);
                return;
            }
        };
        // A guild seen again (after an outage, or a resumed session that
        // missed events) is replaced whole: members who left meanwhile must
        // not linger.
        self.remove_guild_data(guild.id);
        self.unavailable_guilds.remove(&guild.id);
        self.insert_guild(guild);
    }

    fn insert_guild(&self, guild: &Guild) {
        let id = guild.id;
        if self.config.wants(ResourceType::GUILD) {
            self.guilds.insert(id, M::Guild::from_guild(guild));
        }
        for channel in guild
            .channels
            .iter()
            .flatten()
            .chain(guild.threads.iter().flatten())
        {
            self.upsert_channel(channel, Some(id));
        }
        if self.config.wants(ResourceType::ROLE) {
            let roles = guild
                .roles
                .iter()
                .map(|role| (role.id, M::Role::from_role(role)))
                .collect();
            self.roles.replace(id, roles);
        }
        if self.config.wants(ResourceType::EMOJI) {
            let emojis: HashMap<_, _> = guild
                .emojis
                .iter()
                .filter_map(|emoji| Some((emoji.id?, emoji)))
                .map(|(id, emoji)| (id, M::Emoji::from_emoji(id, emoji)))
                .collect();
            self.emojis.replace(id, emojis);
        }
        if self.config.wants(ResourceType::STICKER) {
            let stickers = guild
                .stickers
                .iter()
                .flatten()
                .map(|sticker| (sticker.id, M::Sticker::from_sticker(sticker)))
                .collect();
            self.stickers.replace(id, stickers);
        }
        for member in guild.members.iter().flatten() {
            self.upsert_member(id, member);
        }
        if self.config.wants(ResourceType::PRESENCE) {
            let presences = guild
                .presences
                .iter()
                .flatten()
                .map(|presence| (presence.user.id, M::Presence::from_presence(presence)))
                .collect();
            self.presences.replace(id, presences);
        }
        if self.config.wants(ResourceType::VOICE_STATE) {
            let states = guild
                .voice_states
                .iter()
                .flatten()
                .filter_map(|state| Some((state.user_id, M::VoiceState::from_voice_state(state)?)))
                .collect();
            self.voice_states.replace(id, states);
        }
        if self.config.wants(ResourceType::STAGE_INSTANCE) {
            let stages = guild
                .stage_instances
                .iter()
                .flatten()
                .map(|stage| (stage.id, M::StageInstance::from_stage_instance(stage)))
                .collect();
            self.stage_instances.replace(id, stages);
        }
        if self.config.wants(ResourceType::SCHEDULED_EVENT) {
            let events = guild
                .guild_scheduled_events
                .iter()
                .flatten()
                .map(|event| (event.id, M::ScheduledEvent::from_scheduled_event(event)))
                .collect();
            self.scheduled_events.replace(id, events);
        }
        if self.config.wants(ResourceType::SOUNDBOARD_SOUND) {
            let sounds = guild
                .soundboard_sounds
                .iter()
                .flatten()
                .map(|sound| {
                    (
                        sound.sound_id,
                        M::SoundboardSound::from_soundboard_sound(sound),
                    )
                })
                .collect();
            self.soundboard_sounds.replace(id, sounds);
        }
    }

    pub(super) fn guild_update(&self, update: &GuildUpdate) {
        if let Some(mut guild) = self.guilds.get_mut(&update.id) {
            guild.update(update);
        }
        // GUILD_UPDATE carries the full role and emoji lists.
        if self.config.wants(ResourceType::ROLE) && !update.roles.is_empty() {
            let roles = update
                .roles
                .iter()
                .map(|role| (role.id, M::Role::from_role(role)))
                .collect();
            self.roles.replace(update.id, roles);
        }
    }

    pub(super) fn guild_delete(&self, delete: &GuildDelete) {
        if delete.is_removal() {
            self.remove_guild_data(delete.id);
            self.unavailable_guilds.remove(&delete.id);
        } else {
            self.mark_unavailable(delete.id);
        }
    }

    /// An outage: the cached data stays (it is what the guild looked like)
    /// until a GUILD_CREATE replaces it.
    fn mark_unavailable(&self, id: Id<GuildMarker>) {
        match self.guilds.get_mut(&id) {
            Some(mut guild) => guild.set_unavailable(true),
            None => {
                self.unavailable_guilds.insert(id);
            }
        }
    }

    /// Drops everything cached about a guild, releasing its members' users.
    pub(crate) fn remove_guild_data(&self, id: Id<GuildMarker>) {
        self.guilds.remove(&id);
        if let Some((_, channels)) = self.guild_channels.remove(&id) {
            for channel in channels {
                self.channels.remove(&channel);
                self.remove_channel_messages(channel);
            }
        }
        if let Some(members) = self.members.remove_guild(id) {
            for user in members.into_keys() {
                self.release_user(user, UserRef::Member(id));
            }
        }
        self.presences.remove_guild(id);
        self.voice_states.remove_guild(id);
        self.roles.remove_guild(id);
        self.emojis.remove_guild(id);
        self.stickers.remove_guild(id);
        self.stage_instances.remove_guild(id);
        self.integrations.remove_guild(id);
        self.scheduled_events.remove_guild(id);
        self.soundboard_sounds.remove_guild(id);
    }
}
