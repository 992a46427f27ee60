//! The traits that let a user store stage instances, integrations and
//! scheduled events in forms of their own, and their implementations for
//! the model types the cache stores by default.

use twilight_model::guild::Integration;
use twilight_model::scheduled_event::GuildScheduledEvent;
use twilight_model::stage_instance::StageInstance;

/// A cached stage instance.
pub trait CacheableStageInstance: Send + Sync + 'static {
    /// The cached form of a stage instance (STAGE_INSTANCE_UPDATE replaces
    /// it whole).
    fn from_stage_instance(stage: &StageInstance) -> Self;
    /// Heap bytes owned, for [`Stats`](crate::Stats). The default says 0.
    fn heap_size(&self) -> usize {
        0
    }
}

/// A cached guild integration.
pub trait CacheableIntegration: Send + Sync + 'static {
    /// The cached form of an integration (INTEGRATION_UPDATE replaces it
    /// whole).
    fn from_integration(integration: &Integration) -> Self;
    /// Heap bytes owned, for [`Stats`](crate::Stats). The default says 0.
    fn heap_size(&self) -> usize {
        0
    }
}

/// A cached guild scheduled event.
pub trait CacheableScheduledEvent: Send + Sync + 'static {
    /// The cached form of a scheduled event.
    fn from_scheduled_event(event: &GuildScheduledEvent) -> Self;
    /// Applies GUILD_SCHEDULED_EVENT_UPDATE, which omits the subscriber
    /// count: keep the one counted so far when `event.user_count` is `None`.
    fn update(&mut self, event: &GuildScheduledEvent);
    /// A user subscribed (`true`) or unsubscribed (`false`). The default
    /// ignores it.
    fn user_count_changed(&mut self, added: bool) {
        let _ = added;
    }
    /// Heap bytes owned, for [`Stats`](crate::Stats). The default says 0.
    fn heap_size(&self) -> usize {
        0
    }
}

impl CacheableStageInstance for StageInstance {
    fn from_stage_instance(stage: &StageInstance) -> Self {
        stage.clone()
    }

    fn heap_size(&self) -> usize {
        self.topic.capacity()
    }
}

impl CacheableIntegration for Integration {
    fn from_integration(integration: &Integration) -> Self {
        integration.clone()
    }

    fn heap_size(&self) -> usize {
        self.name.capacity()
    }
}

impl CacheableScheduledEvent for GuildScheduledEvent {
    fn from_scheduled_event(event: &GuildScheduledEvent) -> Self {
        event.clone()
    }

    fn update(&mut self, event: &GuildScheduledEvent) {
        let user_count = self.user_count;
        self.clone_from(event);
        if self.user_count.is_none() {
            self.user_count = user_count;
        }
    }

    fn user_count_changed(&mut self, added: bool) {
        let count = self.user_count.unwrap_or(0);
        self.user_count = Some(if added {
            count.saturating_add(1)
        } else {
            count.saturating_sub(1)
        });
    }

    fn heap_size(&self) -> usize {
        self.name.capacity() + self.description.as_ref().map_or(0, String::capacity)
    }
}
