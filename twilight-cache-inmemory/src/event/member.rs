//! Members and presences: GUILD_MEMBER_*, GUILD_MEMBERS_CHUNK,
//! PRESENCE_UPDATE.

use crate::cache::{InMemoryCache, UserRef};
use crate::config::ResourceType;
use crate::model::{
    CacheableGuild, CacheableMember, CacheableModels, CacheablePresence, CacheableUser,
};
use std::collections::hash_map::Entry;
use twilight_model::gateway::event::{GuildMemberAdd, PresenceUpdate};
use twilight_model::gateway::payload::{GuildMemberUpdate, GuildMembersChunk};
use twilight_model::guild::{Member, PartialMember};
use twilight_model::id::{
    Id,
    marker::{GuildMarker, UserMarker},
};
use twilight_model::interaction::Interaction;
use twilight_model::user::User;

impl<M: CacheableModels> InMemoryCache<M> {
    /// Whether events about a guild should be cached: when guilds are
    /// cached, only for guilds the cache holds, so that an event from a
    /// guild it never saw (or already dropped) starts no per-guild map
    /// that no GUILD_DELETE will clean up.
    pub(crate) fn knows_guild(&self, guild_id: Id<GuildMarker>) -> bool {
        !self.config.wants(ResourceType::GUILD) || self.guilds.contains_key(&guild_id)
    }

    /// Inserts or replaces a member; the user gains a reference only when
    /// the membership is new.
    pub(crate) fn upsert_member(&self, guild_id: Id<GuildMarker>, member: &Member) {
        if !self.config.wants(ResourceType::MEMBER) || !self.knows_guild(guild_id) {
            self.see_user(&member.user, None);
            return;
        }
        let added =
            self.members
                .with_guild(guild_id, |members| match members.entry(member.user.id) {
                    Entry::Occupied(mut entry) => {
                        *entry.get_mut() = M::Member::from_member(member);
                        false
                    }
                    Entry::Vacant(entry) => {
                        entry.insert(M::Member::from_member(member));
                        true
                    }
                });
        self.see_user(&member.user, added.then_some(UserRef::Member(guild_id)));
    }

    /// A member as a message or interaction shows it.
    pub(crate) fn upsert_partial_member(
        &self,
        guild_id: Id<GuildMarker>,
        user: &User,
        member: &PartialMember,
    ) {
        if !self.config.wants(ResourceType::MEMBER) || !self.knows_guild(guild_id) {
            return;
        }
        let added = self
            .members
            .with_guild(guild_id, |members| match members.entry(user.id) {
                Entry::Occupied(mut entry) => {
                    entry.get_mut().update_partial(member);
                    false
                }
                Entry::Vacant(entry) => {
                    entry.insert(M::Member::from_partial(user.id, member));
                    true
                }
            });
        self.see_user(user, added.then_some(UserRef::Member(guild_id)));
    }

    /// An interaction's member is a current snapshot of the member.
    pub(super) fn interaction_member(&self, interaction: &Interaction) {
        let (Some(guild_id), Some(member)) = (interaction.guild_id, &interaction.member) else {
            return;
        };
        let Some(user) = &member.user else {
            return;
        };
        let partial = PartialMember {
            user: None,
            nick: member.nick.clone(),
            avatar: member.avatar.clone(),
            banner: member.banner.clone(),
            roles: member.roles.clone(),
            joined_at: member.joined_at,
            premium_since: member.premium_since,
            deaf: member.deaf,
            mute: member.mute,
            flags: member.flags,
            pending: member.pending,
            permissions: None,
            communication_disabled_until: member.communication_disabled_until,
            avatar_decoration_data: member.avatar_decoration_data.clone(),
            collectibles: None,
        };
        self.upsert_partial_member(guild_id, user, &partial);
    }

    pub(super) fn member_add(&self, member: &GuildMemberAdd) {
        let Some(guild_id) = member.guild_id else {
            return;
        };
        let new = !self.members.contains(guild_id, &member.user.id);
        self.upsert_member(guild_id, member);
        if new && let Some(mut guild) = self.guilds.get_mut(&guild_id) {
            guild.member_count_changed(true);
        }
    }

    pub(super) fn member_update(&self, update: &GuildMemberUpdate) {
        self.members
            .modify(update.guild_id, &update.user.id, |member| {
                member.update(update);
            });
        self.see_user(&update.user, None);
    }

    pub(crate) fn member_remove(&self, guild_id: Id<GuildMarker>, user_id: Id<UserMarker>) {
        if self.members.remove(guild_id, &user_id).is_some() {
            self.release_user(user_id, UserRef::Member(guild_id));
        }
        self.presences.remove(guild_id, &user_id);
        self.voice_states.remove(guild_id, &user_id);
        if let Some(mut guild) = self.guilds.get_mut(&guild_id) {
            guild.member_count_changed(false);
        }
    }

    pub(super) fn members_chunk(&self, chunk: &GuildMembersChunk) {
        for member in &chunk.members {
            self.upsert_member(chunk.guild_id, member);
        }
        if self.config.wants(ResourceType::PRESENCE)
            && let Some(presences) = &chunk.presences
        {
            self.presences.with_guild(chunk.guild_id, |map| {
                for presence in presences {
                    map.insert(presence.user.id, M::Presence::from_presence(presence));
                }
            });
        }
    }

    pub(super) fn presence_update(&self, presence: &PresenceUpdate) {
        if let Some(mut entry) = self.users.get_mut(&presence.user.id) {
            entry.user.update_partial(&presence.user);
        }
        if !self.config.wants(ResourceType::PRESENCE) {
            return;
        }
        let Some(guild_id) = presence.guild_id.filter(|id| self.knows_guild(*id)) else {
            return;
        };
        // Discord sends offline presences for members leaving the
        // presence list; the member's presence is then simply absent.
        if presence.status == twilight_model::gateway::presence::Status::Offline {
            self.presences.remove(guild_id, &presence.user.id);
        } else {
            self.presences.insert(
                guild_id,
                presence.user.id,
                M::Presence::from_presence(presence),
            );
        }
    }
}
