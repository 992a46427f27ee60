//! Stage instances, integrations and scheduled events.

use crate::cache::InMemoryCache;
use crate::config::ResourceType;
use crate::model::{
    CacheableIntegration, CacheableModels, CacheableScheduledEvent, CacheableStageInstance,
};
use std::collections::hash_map::Entry;
use twilight_model::gateway::payload::GuildScheduledEventUser;
use twilight_model::guild::Integration;
use twilight_model::scheduled_event::GuildScheduledEvent;
use twilight_model::stage_instance::StageInstance;

impl<M: CacheableModels> InMemoryCache<M> {
    pub(super) fn stage_upsert(&self, stage: &StageInstance) {
        if self.config.wants(ResourceType::STAGE_INSTANCE) {
            self.stage_instances.insert(
                stage.guild_id,
                stage.id,
                M::StageInstance::from_stage_instance(stage),
            );
        }
    }

    pub(super) fn integration_upsert(&self, integration: &Integration) {
        if let (true, Some(guild_id)) = (
            self.config.wants(ResourceType::INTEGRATION),
            integration.guild_id,
        ) {
            self.integrations.insert(
                guild_id,
                integration.id,
                M::Integration::from_integration(integration),
            );
        }
    }

    pub(super) fn scheduled_event_upsert(&self, event: &GuildScheduledEvent) {
        if !self.config.wants(ResourceType::SCHEDULED_EVENT) {
            return;
        }
        self.scheduled_events
            .with_guild(event.guild_id, |events| match events.entry(event.id) {
                Entry::Occupied(mut cached) => cached.get_mut().update(event),
                Entry::Vacant(slot) => {
                    slot.insert(M::ScheduledEvent::from_scheduled_event(event));
                }
            });
    }

    pub(super) fn scheduled_event_user(&self, user: &GuildScheduledEventUser, added: bool) {
        self.scheduled_events
            .modify(user.guild_id, &user.guild_scheduled_event_id, |event| {
                event.user_count_changed(added);
            });
    }
}
