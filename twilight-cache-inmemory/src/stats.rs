//! Counts of cached resources and an estimate of the memory they use.

use crate::cache::{InMemoryCache, UserEntry};
use crate::heap::HeapSize as _;
use crate::model::{
    CacheableChannel, CacheableEmoji, CacheableGuild, CacheableIntegration, CacheableMember,
    CacheableMessage, CacheableModels, CacheablePresence, CacheableRole, CacheableScheduledEvent,
    CacheableSoundboardSound, CacheableStageInstance, CacheableSticker, CacheableUser,
    CacheableVoiceState,
};
use twilight_model::id::{Id, marker::MessageMarker};

/// How many resources of each kind are cached, and roughly how many bytes
/// each kind takes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Stats {
    /// Cached guilds.
    pub guilds: usize,
    /// Guilds known only as unavailable.
    pub unavailable_guilds: usize,
    /// Channels and threads.
    pub channels: usize,
    /// Members, over all guilds.
    pub members: usize,
    /// Users.
    pub users: usize,
    /// Presences.
    pub presences: usize,
    /// Voice states.
    pub voice_states: usize,
    /// Roles.
    pub roles: usize,
    /// Emojis.
    pub emojis: usize,
    /// Stickers.
    pub stickers: usize,
    /// Messages.
    pub messages: usize,
    /// Stage instances, integrations, scheduled events and soundboard sounds
    /// (their bytes are the `"other"` entry of [`bytes`](Self::bytes)).
    pub other: usize,
    /// Estimated bytes per resource kind, as `(kind, bytes)`.
    pub bytes: Vec<(&'static str, usize)>,
}

impl Stats {
    /// The estimated bytes of all resources.
    pub fn total_bytes(&self) -> usize {
        self.bytes.iter().map(|(_, bytes)| bytes).sum()
    }
}

/// Bytes of a hash table with `capacity` slots of `(K, V)`: the slots and
/// one control byte each.
const fn table<K, V>(capacity: usize) -> usize {
    capacity * (size_of::<K>() + size_of::<V>() + 1)
}

impl<M: CacheableModels> InMemoryCache<M> {
    /// Counts and estimated bytes. Bytes count every slot of the hash tables
    /// and the heap the cached values own (as their `heap_size` says; not
    /// the allocator's rounding), so they are an estimate, not a
    /// measurement.
    pub fn stats(&self) -> Stats {
        use twilight_model::id::marker::{
            ChannelMarker, EmojiMarker, GuildMarker, IntegrationMarker, RoleMarker,
            ScheduledEventMarker, SoundboardSoundMarker, StageMarker, StickerMarker, UserMarker,
        };
        type UserId = Id<UserMarker>;

        let (members, member_slots, member_heap) = self.members.fold(CacheableMember::heap_size);
        let (presences, presence_slots, presence_heap) =
            self.presences.fold(CacheablePresence::heap_size);
        let (voice_states, voice_slots, voice_heap) =
            self.voice_states.fold(CacheableVoiceState::heap_size);
        let (roles, role_slots, role_heap) = self.roles.fold(CacheableRole::heap_size);
        let (emojis, emoji_slots, emoji_heap) = self.emojis.fold(CacheableEmoji::heap_size);
        let (stickers, sticker_slots, sticker_heap) =
            self.stickers.fold(CacheableSticker::heap_size);
        let (stages, stage_slots, stage_heap) =
            self.stage_instances.fold(CacheableStageInstance::heap_size);
        let (integrations, integration_slots, integration_heap) =
            self.integrations.fold(CacheableIntegration::heap_size);
        let (events, event_slots, event_heap) = self
            .scheduled_events
            .fold(CacheableScheduledEvent::heap_size);
        let (sounds, sound_slots, sound_heap) = self
            .soundboard_sounds
            .fold(CacheableSoundboardSound::heap_size);
        let users_heap: usize = self
            .users
            .iter()
            .map(|u| u.user.heap_size() + u.guilds.heap_size())
            .sum();
        let guilds_heap: usize = self.guilds.iter().map(|g| g.heap_size()).sum();
        let messages_heap: usize = self.messages.iter().map(|m| m.heap_size()).sum();
        let channels_heap: usize = self.channels.iter().map(|c| c.heap_size()).sum();
        let queues: usize = self
            .channel_messages
            .iter()
            .map(|q| q.capacity() * size_of::<Id<MessageMarker>>())
            .sum();
        let guild_channel_sets: usize = self
            .guild_channels
            .iter()
            .map(|s| table::<Id<ChannelMarker>, ()>(s.capacity()))
            .sum();
        let other = stages + integrations + events + sounds;
        let other_bytes = table::<Id<StageMarker>, M::StageInstance>(stage_slots)
            + stage_heap
            + table::<Id<IntegrationMarker>, M::Integration>(integration_slots)
            + integration_heap
            + table::<Id<ScheduledEventMarker>, M::ScheduledEvent>(event_slots)
            + event_heap
            + table::<Id<SoundboardSoundMarker>, M::SoundboardSound>(sound_slots)
            + sound_heap;
        Stats {
            guilds: self.guilds.len(),
            unavailable_guilds: self.unavailable_guilds.len(),
            channels: self.channels.len(),
            members,
            users: self.users.len(),
            presences,
            voice_states,
            roles,
            emojis,
            stickers,
            messages: self.messages.len(),
            other,
            bytes: vec![
                (
                    "guilds",
                    table::<Id<GuildMarker>, M::Guild>(self.guilds.capacity()) + guilds_heap,
                ),
                (
                    "channels",
                    table::<Id<ChannelMarker>, M::Channel>(self.channels.capacity())
                        + channels_heap
                        + guild_channel_sets,
                ),
                (
                    "members",
                    table::<UserId, M::Member>(member_slots) + member_heap,
                ),
                (
                    "users",
                    table::<UserId, UserEntry<M::User>>(self.users.capacity()) + users_heap,
                ),
                (
                    "presences",
                    table::<UserId, M::Presence>(presence_slots) + presence_heap,
                ),
                (
                    "voice_states",
                    table::<UserId, M::VoiceState>(voice_slots) + voice_heap,
                ),
                (
                    "roles",
                    table::<Id<RoleMarker>, M::Role>(role_slots) + role_heap,
                ),
                (
                    "emojis",
                    table::<Id<EmojiMarker>, M::Emoji>(emoji_slots) + emoji_heap,
                ),
                (
                    "stickers",
                    table::<Id<StickerMarker>, M::Sticker>(sticker_slots) + sticker_heap,
                ),
                ("other", other_bytes),
                (
                    "messages",
                    table::<Id<MessageMarker>, M::Message>(self.messages.capacity())
                        + messages_heap
                        + queues,
                ),
            ],
        }
    }
}
