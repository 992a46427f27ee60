//! Stage instances, integrations and scheduled events.

use crate::cache::InMemoryCache;
use crate::config::ResourceType;
use crate::model::CacheableModels;
use twilight_model::gateway::payload::GuildScheduledEventUser;
use twilight_model::guild::Integration;
use twilight_model::scheduled_event::GuildScheduledEvent;
use twilight_model::stage_instance::StageInstance;

impl<M: CacheableModels> InMemoryCache<M> {
    pub(super) fn stage_upsert(&self, stage: &StageInstance) {
        if self.config.wants(ResourceType::STAGE_INSTANCE) {
            self.stage_instances
                .insert(stage.guild_id, stage.id, stage.clone());
        }
    }

    pub(super) fn integration_upsert(&self, integration: &Integration) {
        if let (true, Some(guild_id)) = (
            self.config.wants(ResourceType::INTEGRATION),
            integration.guild_id,
        ) {
            self.integrations
                .insert(guild_id, integration.id, integration.clone());
        }
    }

    pub(super) fn scheduled_event_upsert(&self, event: &GuildScheduledEvent) {
        if !self.config.wants(ResourceType::SCHEDULED_EVENT) {
            return;
        }
        let mut event = event.clone();
        // Updates omit the subscriber count; keep the one counted so far.
        if event.user_count.is_none() {
            event.user_count = self
                .scheduled_events
                .get(event.guild_id, &event.id)
                .and_then(|old| old.user_count);
        }
        self.scheduled_events
            .insert(event.guild_id, event.id, event);
    }

    pub(super) fn scheduled_event_user(&self, user: &GuildScheduledEventUser, added: bool) {
        self.scheduled_events
            .modify(user.guild_id, &user.guild_scheduled_event_id, |event| {
                let count = event.user_count.unwrap_or(0);
                event.user_count = Some(if added {
                    count + 1
                } else {
                    count.saturating_sub(1)
                });
            });
    }
}
