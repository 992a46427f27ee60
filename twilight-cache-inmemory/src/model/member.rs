//! The cached form of a guild member: the user id instead of the user.

use crate::heap::{HeapSize, slice_bytes};
use crate::model::timestamp::PackedTimestamp;
use twilight_model::Timestamp;
use twilight_model::gateway::payload::GuildMemberUpdate;
use twilight_model::guild::{Member, MemberFlags, PartialMember};
use twilight_model::id::{
    Id,
    marker::{RoleMarker, UserMarker},
};
use twilight_model::user::AvatarDecorationData;
use twilight_model::util::image_hash::ImageHash;

/// A guild member as the cache stores it by default.
///
/// The user lives once in the cache's user map; the member keeps its id.
/// What few members have (guild avatar and banner, boost date, avatar
/// decoration) sits behind one pointer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CachedMember {
    /// The member's user id.
    pub user_id: Id<UserMarker>,
    /// The guild nickname.
    pub nick: Option<Box<str>>,
    /// The member's roles, without @everyone.
    pub roles: Box<[Id<RoleMarker>]>,
    joined_at: PackedTimestamp,
    communication_disabled_until: PackedTimestamp,
    /// The member flags.
    pub flags: MemberFlags,
    /// Whether the member is deafened in voice channels.
    pub deaf: bool,
    /// Whether the member is muted in voice channels.
    pub mute: bool,
    /// Whether the member has not yet passed membership screening.
    pub pending: bool,
    /// The rarely set parts.
    pub extras: Option<Box<MemberExtras>>,
}

/// The parts of a member that few members have.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MemberExtras {
    /// The guild avatar hash.
    pub avatar: Option<ImageHash>,
    /// The guild banner hash.
    pub banner: Option<ImageHash>,
    /// When the user started boosting the guild.
    pub premium_since: Option<Timestamp>,
    /// The guild avatar decoration.
    pub avatar_decoration_data: Option<AvatarDecorationData>,
}

impl MemberExtras {
    fn of(
        avatar: Option<&ImageHash>,
        banner: Option<&ImageHash>,
        premium_since: Option<Timestamp>,
        decoration: Option<&AvatarDecorationData>,
    ) -> Option<Box<Self>> {
        if avatar.is_none() && banner.is_none() && premium_since.is_none() && decoration.is_none() {
            return None;
        }
        Some(Box::new(Self {
            avatar: avatar.cloned(),
            banner: banner.cloned(),
            premium_since,
            avatar_decoration_data: decoration.cloned(),
        }))
    }
}

impl CachedMember {
    /// When the user joined the guild (`None` for guests).
    pub const fn joined_at(&self) -> Option<Timestamp> {
        self.joined_at.get()
    }

    /// When the member's timeout ends, if they were timed out.
    pub const fn communication_disabled_until(&self) -> Option<Timestamp> {
        self.communication_disabled_until.get()
    }

    /// The guild avatar hash.
    pub fn avatar(&self) -> Option<&ImageHash> {
        self.extras.as_ref()?.avatar.as_ref()
    }

    /// The guild banner hash.
    pub fn banner(&self) -> Option<&ImageHash> {
        self.extras.as_ref()?.banner.as_ref()
    }

    /// When the user started boosting the guild.
    pub fn premium_since(&self) -> Option<Timestamp> {
        self.extras.as_ref()?.premium_since
    }

    fn set_extras(&mut self, extras: Option<Box<MemberExtras>>) {
        if extras != self.extras {
            self.extras = extras;
        }
    }
}

/// A cached guild member: implement it to store members in your own form.
///
/// The cache calls these methods from the events that carry members; the
/// accessors are what permission calculation and member iteration need.
pub trait CacheableMember: Send + Sync + 'static {
    /// The cached form of a full member (GUILD_CREATE, GUILD_MEMBER_ADD,
    /// GUILD_MEMBERS_CHUNK, ...).
    fn from_member(member: &Member) -> Self;

    /// The cached form of a partial member (MESSAGE_CREATE's `member`),
    /// whose user is given separately.
    fn from_partial(user_id: Id<UserMarker>, member: &PartialMember) -> Self;

    /// Applies GUILD_MEMBER_UPDATE.
    fn update(&mut self, update: &GuildMemberUpdate);

    /// Applies a partial member the cache saw again.
    fn update_partial(&mut self, member: &PartialMember);

    /// The member's user id.
    fn user_id(&self) -> Id<UserMarker>;

    /// The member's role ids (without @everyone).
    fn roles(&self) -> &[Id<RoleMarker>];

    /// When the member's timeout ends, if any.
    fn communication_disabled_until(&self) -> Option<Timestamp>;

    /// Heap bytes owned by this value, for [`Stats`](crate::Stats). The
    /// default says 0.
    fn heap_size(&self) -> usize {
        0
    }
}

/// Applies what GUILD_MEMBER_UPDATE and a partial member both carry, under
/// the same field names on two model types (hence a macro, not a function):
/// the nickname, roles, timeout and extras as sent; the join date, voice
/// state, screening and flags only where present.
macro_rules! apply_member_fields {
    ($cached:expr, $from:expr) => {{
        let cached: &mut CachedMember = $cached;
        let from = $from;
        set_nick(&mut cached.nick, from.nick.as_deref());
        set_roles(&mut cached.roles, &from.roles);
        if from.joined_at.is_some() {
            cached.joined_at = PackedTimestamp::new(from.joined_at);
        }
        cached.communication_disabled_until =
            PackedTimestamp::new(from.communication_disabled_until);
        cached.set_extras(MemberExtras::of(
            from.avatar.as_ref(),
            from.banner.as_ref(),
            from.premium_since,
            from.avatar_decoration_data.as_ref(),
        ));
        cached.deaf = from.deaf.unwrap_or(cached.deaf);
        cached.mute = from.mute.unwrap_or(cached.mute);
        cached.pending = from.pending.unwrap_or(cached.pending);
        if let Some(flags) = from.flags {
            cached.flags = flags;
        }
    }};
}

impl CacheableMember for CachedMember {
    fn from_member(member: &Member) -> Self {
        Self {
            user_id: member.user.id,
            nick: member.nick.as_deref().map(Into::into),
            roles: member.roles.as_slice().into(),
            joined_at: PackedTimestamp::new(member.joined_at),
            communication_disabled_until: PackedTimestamp::new(member.communication_disabled_until),
            flags: member.flags.unwrap_or(MemberFlags::empty()),
            deaf: member.deaf,
            mute: member.mute,
            pending: member.pending.unwrap_or(false),
            extras: MemberExtras::of(
                member.avatar.as_ref(),
                member.banner.as_ref(),
                member.premium_since,
                member.avatar_decoration_data.as_ref(),
            ),
        }
    }

    fn from_partial(user_id: Id<UserMarker>, member: &PartialMember) -> Self {
        Self {
            user_id,
            nick: member.nick.as_deref().map(Into::into),
            roles: member.roles.as_slice().into(),
            joined_at: PackedTimestamp::new(member.joined_at),
            communication_disabled_until: PackedTimestamp::new(member.communication_disabled_until),
            flags: member.flags.unwrap_or(MemberFlags::empty()),
            deaf: member.deaf.unwrap_or(false),
            mute: member.mute.unwrap_or(false),
            pending: member.pending.unwrap_or(false),
            extras: MemberExtras::of(
                member.avatar.as_ref(),
                member.banner.as_ref(),
                member.premium_since,
                member.avatar_decoration_data.as_ref(),
            ),
        }
    }

    fn update(&mut self, update: &GuildMemberUpdate) {
        apply_member_fields!(self, update);
    }

    fn update_partial(&mut self, member: &PartialMember) {
        apply_member_fields!(self, member);
    }

    fn user_id(&self) -> Id<UserMarker> {
        self.user_id
    }

    fn roles(&self) -> &[Id<RoleMarker>] {
        &self.roles
    }

    fn communication_disabled_until(&self) -> Option<Timestamp> {
        self.communication_disabled_until.get()
    }

    fn heap_size(&self) -> usize {
        HeapSize::heap_size(self)
    }
}

// Keep the old allocation when an update repeats the same value, which is
// what most member updates do for most fields.
fn set_nick(nick: &mut Option<Box<str>>, new: Option<&str>) {
    if nick.as_deref() != new {
        *nick = new.map(Into::into);
    }
}

fn set_roles(roles: &mut Box<[Id<RoleMarker>]>, new: &[Id<RoleMarker>]) {
    if **roles != *new {
        *roles = new.into();
    }
}

impl HeapSize for CachedMember {
    fn heap_size(&self) -> usize {
        self.nick.heap_size()
            + slice_bytes(&self.roles)
            + self.extras.as_ref().map_or(0, |extras| {
                size_of::<MemberExtras>() + extras.avatar.heap_size() + extras.banner.heap_size()
            })
    }
}
