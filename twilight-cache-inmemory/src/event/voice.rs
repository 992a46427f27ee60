//! VOICE_STATE_UPDATE.

use crate::cache::InMemoryCache;
use crate::config::ResourceType;
use crate::model::{CacheableModels, CacheableVoiceState};
use twilight_model::voice::VoiceState;

impl<M: CacheableModels> InMemoryCache<M> {
    pub(super) fn voice_state_update(&self, state: &VoiceState) {
        let Some(guild_id) = state.guild_id.filter(|id| self.knows_guild(*id)) else {
            return;
        };
        if let Some(member) = &state.member {
            self.upsert_member(guild_id, member);
        }
        if !self.config.wants(ResourceType::VOICE_STATE) {
            return;
        }
        match M::VoiceState::from_voice_state(state) {
            Some(cached) => {
                self.voice_states.insert(guild_id, state.user_id, cached);
            }
            // No channel: the user left voice.
            None => {
                self.voice_states.remove(guild_id, &state.user_id);
            }
        }
    }
}
