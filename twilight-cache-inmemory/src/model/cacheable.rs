//! The traits for guilds, channels, roles, users, presences and voice states
//! stored in types of your own, and their implementations for the cache's
//! default forms. (Members, messages, emojis, stickers and soundboard sounds
//! have theirs beside their forms; stage instances, integrations and
//! scheduled events in `scheduling`.)
//!
//! Each trait asks for a constructor from the model type, the updates the
//! cache applies, and the accessors the cache itself reads (permission
//! calculation, thread sync). Updates the cache only forwards have default
//! implementations that ignore them.

use crate::heap::HeapSize;
use crate::model::{CachedChannel, CachedGuild, CachedPresence, CachedUser, CachedVoiceState};
use twilight_model::Timestamp;
use twilight_model::channel::{Channel, ChannelType, PermissionOverwrite, ThreadMember};
use twilight_model::gateway::presence::{Presence, PresenceUser};
use twilight_model::guild::{Guild, Role};
use twilight_model::id::{
    Id,
    marker::{ChannelMarker, GuildMarker, UserMarker},
};
use twilight_model::permissions::Permissions;
use twilight_model::user::User;
use twilight_model::voice::VoiceState;

/// A cached guild.
pub trait CacheableGuild: Send + Sync + 'static {
    /// The cached form of GUILD_CREATE's guild.
    fn from_guild(guild: &Guild) -> Self;
    /// Applies GUILD_UPDATE (which lacks GUILD_CREATE-only fields such as
    /// `member_count` and `joined_at`).
    fn update(&mut self, guild: &Guild);
    /// The owner, for permission calculation.
    fn owner_id(&self) -> Id<UserMarker>;
    /// Whether the guild is in an outage.
    fn unavailable(&self) -> bool;
    /// Marks the guild as in an outage (GUILD_DELETE with `unavailable`).
    fn set_unavailable(&mut self, unavailable: bool);
    /// A member joined (`true`) or left (`false`). The default ignores it.
    fn member_count_changed(&mut self, joined: bool) {
        let _ = joined;
    }
    /// Heap bytes owned, for [`Stats`](crate::Stats). The default says 0.
    fn heap_size(&self) -> usize {
        0
    }
}

/// A cached channel or thread.
pub trait CacheableChannel: Send + Sync + 'static {
    /// The cached form of a channel or thread.
    fn from_channel(channel: &Channel) -> Self;
    /// The channel type.
    fn kind(&self) -> ChannelType;
    /// The guild, for guild channels.
    fn guild_id(&self) -> Option<Id<GuildMarker>>;
    /// Sets the guild (GUILD_CREATE's channels lack it).
    fn set_guild_id(&mut self, guild_id: Id<GuildMarker>);
    /// The category of a channel, or the channel a thread is in.
    fn parent_id(&self) -> Option<Id<ChannelMarker>>;
    /// The permission overwrites.
    fn permission_overwrites(&self) -> &[PermissionOverwrite];
    /// Applies CHANNEL_PINS_UPDATE. The default ignores it.
    fn set_last_pin_timestamp(&mut self, timestamp: Option<Timestamp>) {
        let _ = timestamp;
    }
    /// Sets the current user's thread member (THREAD_MEMBER_UPDATE, or
    /// `None` when removed). The default ignores it.
    fn set_thread_member(&mut self, member: Option<ThreadMember>) {
        let _ = member;
    }
    /// Sets a thread's member count. The default ignores it.
    fn set_member_count(&mut self, count: u32) {
        let _ = count;
    }
    /// Heap bytes owned, for [`Stats`](crate::Stats). The default says 0.
    fn heap_size(&self) -> usize {
        0
    }
}

/// A cached role.
pub trait CacheableRole: Send + Sync + 'static {
    /// The cached form of a role.
    fn from_role(role: &Role) -> Self;
    /// The role's permissions.
    fn permissions(&self) -> Permissions;
    /// Heap bytes owned, for [`Stats`](crate::Stats). The default says 0.
    fn heap_size(&self) -> usize {
        0
    }
}

/// A cached user.
pub trait CacheableUser: Send + Sync + 'static {
    /// The cached form of a user.
    fn from_user(user: &User) -> Self;
    /// Applies a full user object seen again.
    fn update(&mut self, user: &User);
    /// Applies the partial user of a presence. The default ignores it.
    fn update_partial(&mut self, user: &PresenceUser) {
        let _ = user;
    }
    /// Heap bytes owned, for [`Stats`](crate::Stats). The default says 0.
    fn heap_size(&self) -> usize {
        0
    }
}

/// A cached presence.
pub trait CacheablePresence: Send + Sync + 'static {
    /// The cached form of a presence.
    fn from_presence(presence: &Presence) -> Self;
    /// Heap bytes owned, for [`Stats`](crate::Stats). The default says 0.
    fn heap_size(&self) -> usize {
        0
    }
}

/// A cached voice state.
pub trait CacheableVoiceState: Send + Sync + 'static {
    /// The cached form, or `None` when the user is in no voice channel.
    fn from_voice_state(state: &VoiceState) -> Option<Self>
    where
        Self: Sized;
    /// The voice channel.
    fn channel_id(&self) -> Id<ChannelMarker>;
    /// Heap bytes owned, for [`Stats`](crate::Stats). The default says 0.
    fn heap_size(&self) -> usize {
        0
    }
}

impl CacheableGuild for CachedGuild {
    fn from_guild(guild: &Guild) -> Self {
        Self::from(guild)
    }

    fn update(&mut self, guild: &Guild) {
        Self::apply_update(self, guild);
    }

    fn owner_id(&self) -> Id<UserMarker> {
        self.owner_id
    }

    fn unavailable(&self) -> bool {
        self.unavailable
    }

    fn set_unavailable(&mut self, unavailable: bool) {
        self.unavailable = unavailable;
    }

    fn member_count_changed(&mut self, joined: bool) {
        self.member_count = self.member_count.map(|count| {
            if joined {
                count.saturating_add(1)
            } else {
                count.saturating_sub(1)
            }
        });
    }

    fn heap_size(&self) -> usize {
        self.name.len() + size_of_val(&*self.features)
    }
}

impl CacheableChannel for CachedChannel {
    fn from_channel(channel: &Channel) -> Self {
        Self::from(channel)
    }

    fn kind(&self) -> ChannelType {
        self.kind
    }

    fn guild_id(&self) -> Option<Id<GuildMarker>> {
        self.guild_id
    }

    fn set_guild_id(&mut self, guild_id: Id<GuildMarker>) {
        self.guild_id = Some(guild_id);
    }

    fn parent_id(&self) -> Option<Id<ChannelMarker>> {
        self.parent_id
    }

    fn permission_overwrites(&self) -> &[PermissionOverwrite] {
        &self.permission_overwrites
    }

    fn set_last_pin_timestamp(&mut self, timestamp: Option<Timestamp>) {
        self.last_pin_timestamp = timestamp;
    }

    fn set_thread_member(&mut self, member: Option<ThreadMember>) {
        if member.is_some() || self.extras.is_some() {
            self.extras_mut().member = member;
        }
    }

    fn set_member_count(&mut self, count: u32) {
        self.extras_mut().member_count = Some(count);
    }

    fn heap_size(&self) -> usize {
        HeapSize::heap_size(self)
    }
}

impl CacheableRole for Role {
    fn from_role(role: &Role) -> Self {
        role.clone()
    }

    fn permissions(&self) -> Permissions {
        self.permissions
    }

    fn heap_size(&self) -> usize {
        self.name.capacity() + self.unicode_emoji.as_ref().map_or(0, String::capacity)
    }
}

impl CacheableUser for CachedUser {
    fn from_user(user: &User) -> Self {
        Self::from(user)
    }

    fn update(&mut self, user: &User) {
        Self::apply(self, user);
    }

    fn update_partial(&mut self, user: &PresenceUser) {
        Self::apply_partial(self, user);
    }

    fn heap_size(&self) -> usize {
        HeapSize::heap_size(self)
    }
}

impl CacheablePresence for CachedPresence {
    fn from_presence(presence: &Presence) -> Self {
        Self::from(presence)
    }

    fn heap_size(&self) -> usize {
        HeapSize::heap_size(self)
    }
}

impl CacheableVoiceState for CachedVoiceState {
    fn from_voice_state(state: &VoiceState) -> Option<Self> {
        Self::from_state(state)
    }

    fn channel_id(&self) -> Id<ChannelMarker> {
        self.channel_id
    }

    fn heap_size(&self) -> usize {
        self.session_id.len()
    }
}
