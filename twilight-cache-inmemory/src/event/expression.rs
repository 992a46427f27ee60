//! Emojis, stickers and soundboard sounds.

use crate::cache::InMemoryCache;
use crate::config::ResourceType;
use crate::model::{CacheableEmoji, CacheableModels, CacheableSoundboardSound, CacheableSticker};
use twilight_model::gateway::payload::{GuildEmojisUpdate, GuildStickersUpdate, SoundboardSounds};
use twilight_model::soundboard::SoundboardSound;

impl<M: CacheableModels> InMemoryCache<M> {
    pub(super) fn emojis_update(&self, update: &GuildEmojisUpdate) {
        if !self.config.wants(ResourceType::EMOJI) {
            return;
        }
        let emojis = update
            .emojis
            .iter()
            .filter_map(|emoji| Some((emoji.id?, emoji)))
            .map(|(id, emoji)| (id, M::Emoji::from_emoji(id, emoji)))
            .collect();
        self.emojis.replace(update.guild_id, emojis);
    }

    pub(super) fn stickers_update(&self, update: &GuildStickersUpdate) {
        if !self.config.wants(ResourceType::STICKER) {
            return;
        }
        let stickers = update
            .stickers
            .iter()
            .map(|sticker| (sticker.id, M::Sticker::from_sticker(sticker)))
            .collect();
        self.stickers.replace(update.guild_id, stickers);
    }

    pub(super) fn soundboard_upsert(&self, sound: &SoundboardSound) {
        if let (true, Some(guild_id)) = (
            self.config.wants(ResourceType::SOUNDBOARD_SOUND),
            sound.guild_id,
        ) {
            self.soundboard_sounds.insert(
                guild_id,
                sound.sound_id,
                M::SoundboardSound::from_soundboard_sound(sound),
            );
        }
    }

    pub(super) fn soundboard_replace(&self, sounds: &SoundboardSounds) {
        if !self.config.wants(ResourceType::SOUNDBOARD_SOUND) {
            return;
        }
        let map = sounds
            .soundboard_sounds
            .iter()
            .map(|sound| {
                (
                    sound.sound_id,
                    M::SoundboardSound::from_soundboard_sound(sound),
                )
            })
            .collect();
        self.soundboard_sounds.replace(sounds.guild_id, map);
    }
}
