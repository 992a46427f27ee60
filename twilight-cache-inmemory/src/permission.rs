//! Permission calculation (topics/permissions.mdx): a member's guild-level
//! permissions and their permissions in a channel, from cached data or from
//! values you pass in.
//!
//! The rules, in order:
//! 1. The guild owner has every permission.
//! 2. Guild level: @everyone's permissions, with each of the member's roles
//!    added. ADMINISTRATOR gives every permission and skips everything below.
//! 3. Channel level: the @everyone overwrite (deny, then allow), the
//!    member's role overwrites combined (all denies, then all allows), the
//!    member's own overwrite (deny, then allow). A thread uses its parent
//!    channel's overwrites.
//! 4. A timed-out member (`communication_disabled_until` in the future)
//!    keeps only VIEW_CHANNEL and READ_MESSAGE_HISTORY; owners and
//!    administrators are exempt.
//! 5. Implicit permissions: without VIEW_CHANNEL a member has no permission
//!    in the channel; without SEND_MESSAGES, MENTION_EVERYONE,
//!    SEND_TTS_MESSAGES, ATTACH_FILES and EMBED_LINKS mean nothing; in a
//!    voice or stage channel without CONNECT the voice permissions and
//!    MANAGE_CHANNELS mean nothing. In a thread, sending is governed by
//!    SEND_MESSAGES_IN_THREADS, which the result reports as SEND_MESSAGES.

use crate::cache::InMemoryCache;
use crate::model::{
    CacheableChannel, CacheableGuild, CacheableMember, CacheableModels, CacheableRole,
};
use std::error::Error;
use std::fmt::{self, Display, Formatter};
use std::time::{SystemTime, UNIX_EPOCH};
use twilight_model::Timestamp;
use twilight_model::channel::{ChannelType, PermissionOverwrite, PermissionOverwriteType};
use twilight_model::id::{
    Id,
    marker::{ChannelMarker, GuildMarker, RoleMarker, UserMarker},
};
use twilight_model::permissions::Permissions;

/// Calculates one member's permissions from plain values; the cache's
/// [`CachePermissions`] gathers them for you.
///
/// ```
/// use twilight_cache_inmemory::permission::PermissionCalculator;
/// use twilight_model::channel::ChannelType;
/// use twilight_model::id::Id;
/// use twilight_model::permissions::Permissions;
///
/// let everyone = Permissions::VIEW_CHANNEL | Permissions::SEND_MESSAGES;
/// let roles = [(Id::new(3), Permissions::KICK_MEMBERS)];
/// let calculator = PermissionCalculator::new(Id::new(1), Id::new(2), everyone, &roles);
/// assert_eq!(calculator.root(), everyone | Permissions::KICK_MEMBERS);
/// assert!(calculator.in_channel(ChannelType::GuildText, &[]).contains(Permissions::SEND_MESSAGES));
/// ```
#[derive(Clone, Copy, Debug)]
#[must_use = "a calculator does nothing until asked"]
pub struct PermissionCalculator<'a> {
    guild_id: Id<GuildMarker>,
    user_id: Id<UserMarker>,
    everyone: Permissions,
    roles: &'a [(Id<RoleMarker>, Permissions)],
    owner_id: Option<Id<UserMarker>>,
    timed_out: bool,
}

const TIMEOUT_KEEPS: Permissions =
    Permissions::VIEW_CHANNEL.union(Permissions::READ_MESSAGE_HISTORY);

const NEEDS_SEND: Permissions = Permissions::MENTION_EVERYONE
    .union(Permissions::SEND_TTS_MESSAGES)
    .union(Permissions::ATTACH_FILES)
    .union(Permissions::EMBED_LINKS);

const NEEDS_CONNECT: Permissions = Permissions::SPEAK
    .union(Permissions::STREAM)
    .union(Permissions::MUTE_MEMBERS)
    .union(Permissions::DEAFEN_MEMBERS)
    .union(Permissions::MOVE_MEMBERS)
    .union(Permissions::USE_VAD)
    .union(Permissions::PRIORITY_SPEAKER)
    .union(Permissions::REQUEST_TO_SPEAK)
    .union(Permissions::USE_SOUNDBOARD)
    .union(Permissions::USE_EXTERNAL_SOUNDS)
    .union(Permissions::USE_EMBEDDED_ACTIVITIES)
    .union(Permissions::SET_VOICE_CHANNEL_STATUS)
    .union(Permissions::MANAGE_CHANNELS);

impl<'a> PermissionCalculator<'a> {
    /// A calculator for `user_id` in `guild_id`, with @everyone's
    /// permissions and the permissions of each of the member's roles.
    pub const fn new(
        guild_id: Id<GuildMarker>,
        user_id: Id<UserMarker>,
        everyone: Permissions,
        roles: &'a [(Id<RoleMarker>, Permissions)],
    ) -> Self {
        Self {
            guild_id,
            user_id,
            everyone,
            roles,
            owner_id: None,
            timed_out: false,
        }
    }

    /// The guild's owner: they have every permission.
    pub const fn owner_id(mut self, owner_id: Id<UserMarker>) -> Self {
        self.owner_id = Some(owner_id);
        self
    }

    /// The member's timeout end, judged at `now`.
    pub fn communication_disabled_until(
        mut self,
        until: Option<Timestamp>,
        now: Timestamp,
    ) -> Self {
        self.timed_out = until.is_some_and(|until| until > now);
        self
    }

    fn is_owner(&self) -> bool {
        self.owner_id == Some(self.user_id)
    }

    fn base(&self) -> Permissions {
        self.roles
            .iter()
            .fold(self.everyone, |acc, (_, permissions)| acc | *permissions)
    }

    /// The member's guild-level permissions.
    pub fn root(&self) -> Permissions {
        if self.is_owner() {
            return Permissions::all();
        }
        let base = self.base();
        if base.contains(Permissions::ADMINISTRATOR) {
            return Permissions::all();
        }
        if self.timed_out {
            return base & TIMEOUT_KEEPS;
        }
        base
    }

    /// The member's permissions in a channel of type `kind` with these
    /// overwrites. For a thread, pass the thread's type and its parent's
    /// overwrites.
    pub fn in_channel(&self, kind: ChannelType, overwrites: &[PermissionOverwrite]) -> Permissions {
        if self.is_owner() {
            return Permissions::all();
        }
        let mut permissions = self.base();
        if permissions.contains(Permissions::ADMINISTRATOR) {
            return Permissions::all();
        }
        let everyone_id = self.guild_id.cast();
        if let Some(everyone) = overwrites
            .iter()
            .find(|o| o.kind == PermissionOverwriteType::Role && o.id == everyone_id)
        {
            permissions = (permissions - everyone.deny) | everyone.allow;
        }
        let (allow, deny) = overwrites
            .iter()
            .filter(|o| {
                o.kind == PermissionOverwriteType::Role
                    && self.roles.iter().any(|(id, _)| id.cast() == o.id)
            })
            .fold(
                (Permissions::empty(), Permissions::empty()),
                |(allow, deny), o| (allow | o.allow, deny | o.deny),
            );
        permissions = (permissions - deny) | allow;
        let member_id = self.user_id.cast();
        if let Some(member) = overwrites
            .iter()
            .find(|o| o.kind == PermissionOverwriteType::Member && o.id == member_id)
        {
            permissions = (permissions - member.deny) | member.allow;
        }
        if self.timed_out {
            permissions &= TIMEOUT_KEEPS;
        }
        implicit(kind, permissions)
    }
}

fn implicit(kind: ChannelType, mut permissions: Permissions) -> Permissions {
    if !permissions.contains(Permissions::VIEW_CHANNEL) {
        return Permissions::empty();
    }
    if kind.is_thread() {
        permissions.set(
            Permissions::SEND_MESSAGES,
            permissions.contains(Permissions::SEND_MESSAGES_IN_THREADS),
        );
    }
    if !permissions.contains(Permissions::SEND_MESSAGES) {
        permissions -= NEEDS_SEND;
    }
    if matches!(kind, ChannelType::GuildVoice | ChannelType::GuildStageVoice)
        && !permissions.contains(Permissions::CONNECT)
    {
        permissions -= NEEDS_CONNECT;
    }
    permissions
}

/// Something the calculation needs is not in the cache.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PermissionError {
    /// The channel is not cached.
    ChannelMissing {
        /// The channel.
        channel_id: Id<ChannelMarker>,
    },
    /// The channel is not a guild channel (a DM has no permissions).
    NotGuildChannel {
        /// The channel.
        channel_id: Id<ChannelMarker>,
    },
    /// A thread's parent channel is not cached.
    ParentChannelMissing {
        /// The thread.
        thread_id: Id<ChannelMarker>,
    },
    /// The guild is not cached (its owner is unknown).
    GuildMissing {
        /// The guild.
        guild_id: Id<GuildMarker>,
    },
    /// The member is not cached.
    MemberMissing {
        /// The guild.
        guild_id: Id<GuildMarker>,
        /// The user.
        user_id: Id<UserMarker>,
    },
    /// The @everyone role is not cached.
    EveryoneRoleMissing {
        /// The guild.
        guild_id: Id<GuildMarker>,
    },
}

impl Display for PermissionError {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Self::ChannelMissing { channel_id } => write!(f, "channel {channel_id} is not cached"),
            Self::NotGuildChannel { channel_id } => {
                write!(f, "channel {channel_id} is not in a guild")
            }
            Self::ParentChannelMissing { thread_id } => {
                write!(f, "the parent channel of thread {thread_id} is not cached")
            }
            Self::GuildMissing { guild_id } => write!(f, "guild {guild_id} is not cached"),
            Self::MemberMissing { guild_id, user_id } => {
                write!(f, "member {user_id} of guild {guild_id} is not cached")
            }
            Self::EveryoneRoleMissing { guild_id } => {
                write!(f, "the @everyone role of guild {guild_id} is not cached")
            }
        }
    }
}

impl Error for PermissionError {}

/// Permission calculation over the cache's guilds, members, roles and
/// channels. Needs the GUILD, MEMBER, ROLE and (in channels) CHANNEL
/// resource types.
#[derive(Debug)]
#[must_use = "does nothing until asked"]
pub struct CachePermissions<'a, M: CacheableModels> {
    cache: &'a InMemoryCache<M>,
    now: Option<Timestamp>,
}

impl<M: CacheableModels> InMemoryCache<M> {
    /// Permission calculation from cached data.
    pub const fn permissions(&self) -> CachePermissions<'_, M> {
        CachePermissions {
            cache: self,
            now: None,
        }
    }
}

/// The current time, for timeouts.
fn now() -> Timestamp {
    let micros = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_micros()).unwrap_or(i64::MAX));
    Timestamp::from_micros(micros)
}

impl<M: CacheableModels> CachePermissions<'_, M> {
    /// Judges timeouts at `now` instead of the system clock.
    pub const fn at(mut self, now: Timestamp) -> Self {
        self.now = Some(now);
        self
    }

    fn gather(
        &self,
        guild_id: Id<GuildMarker>,
        user_id: Id<UserMarker>,
    ) -> Result<Gathered, PermissionError> {
        let owner_id = self
            .cache
            .guilds
            .get(&guild_id)
            .map(|guild| guild.owner_id())
            .ok_or(PermissionError::GuildMissing { guild_id })?;
        let (role_ids, until) = self
            .cache
            .members
            .get(guild_id, &user_id)
            .map(|member| {
                (
                    member.roles().to_vec(),
                    member.communication_disabled_until(),
                )
            })
            .ok_or(PermissionError::MemberMissing { guild_id, user_id })?;
        let roles = self
            .cache
            .roles
            .guild(guild_id)
            .ok_or(PermissionError::EveryoneRoleMissing { guild_id })?;
        let everyone = roles
            .get(&guild_id.cast())
            .map(CacheableRole::permissions)
            .ok_or(PermissionError::EveryoneRoleMissing { guild_id })?;
        // A role the member lists but the guild no longer has was deleted;
        // it grants nothing.
        let member_roles = role_ids
            .iter()
            .filter_map(|id| roles.get(id).map(|role| (*id, role.permissions())))
            .collect();
        Ok(Gathered {
            owner_id,
            everyone,
            roles: member_roles,
            until,
        })
    }

    fn calculator<'r>(
        &self,
        guild_id: Id<GuildMarker>,
        user_id: Id<UserMarker>,
        gathered: &'r Gathered,
    ) -> PermissionCalculator<'r> {
        PermissionCalculator::new(guild_id, user_id, gathered.everyone, &gathered.roles)
            .owner_id(gathered.owner_id)
            .communication_disabled_until(gathered.until, self.now.unwrap_or_else(now))
    }

    /// A member's guild-level permissions.
    ///
    /// # Errors
    ///
    /// Returns an error if the guild, the member or the @everyone role is not
    /// cached.
    pub fn root(
        &self,
        user_id: Id<UserMarker>,
        guild_id: Id<GuildMarker>,
    ) -> Result<Permissions, PermissionError> {
        let gathered = self.gather(guild_id, user_id)?;
        Ok(self.calculator(guild_id, user_id, &gathered).root())
    }

    /// A member's permissions in a channel or thread.
    ///
    /// # Errors
    ///
    /// Returns an error if the channel (or a thread's parent), the guild,
    /// the member or the @everyone role is not cached, or if the channel is
    /// not a guild channel.
    pub fn in_channel(
        &self,
        user_id: Id<UserMarker>,
        channel_id: Id<ChannelMarker>,
    ) -> Result<Permissions, PermissionError> {
        let (kind, guild_id, overwrites) = {
            let channel = self
                .cache
                .channels
                .get(&channel_id)
                .ok_or(PermissionError::ChannelMissing { channel_id })?;
            let guild_id = channel
                .guild_id()
                .ok_or(PermissionError::NotGuildChannel { channel_id })?;
            if channel.kind().is_thread() {
                let parent_id =
                    channel
                        .parent_id()
                        .ok_or(PermissionError::ParentChannelMissing {
                            thread_id: channel_id,
                        })?;
                let kind = channel.kind();
                drop(channel);
                let parent = self.cache.channels.get(&parent_id).ok_or(
                    PermissionError::ParentChannelMissing {
                        thread_id: channel_id,
                    },
                )?;
                (kind, guild_id, parent.permission_overwrites().to_vec())
            } else {
                (
                    channel.kind(),
                    guild_id,
                    channel.permission_overwrites().to_vec(),
                )
            }
        };
        let gathered = self.gather(guild_id, user_id)?;
        Ok(self
            .calculator(guild_id, user_id, &gathered)
            .in_channel(kind, &overwrites))
    }
}

struct Gathered {
    owner_id: Id<UserMarker>,
    everyone: Permissions,
    roles: Vec<(Id<RoleMarker>, Permissions)>,
    until: Option<Timestamp>,
}
