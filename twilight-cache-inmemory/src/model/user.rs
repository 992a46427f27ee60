//! The cached form of a user, stored once however many guilds share it.

use crate::heap::HeapSize;
use twilight_model::gateway::presence::PresenceUser;
use twilight_model::id::{Id, marker::UserMarker};
use twilight_model::user::{AvatarDecorationData, Collectibles, User, UserFlags, UserPrimaryGuild};
use twilight_model::util::image_hash::ImageHash;

/// A user as the cache keeps it: the public profile, without the private
/// fields (email, locale, MFA) that only the current user's own object has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CachedUser {
    /// The user's id.
    pub id: Id<UserMarker>,
    /// The username.
    pub name: Box<str>,
    /// The legacy discriminator (0 for migrated users).
    pub discriminator: u16,
    /// The display name, if set.
    pub global_name: Option<Box<str>>,
    /// The avatar hash.
    pub avatar: Option<ImageHash>,
    /// Whether the user is a bot.
    pub bot: bool,
    /// Whether the user is an official Discord system user.
    pub system: bool,
    /// The public flags (empty when Discord did not send them).
    pub public_flags: UserFlags,
    /// Rarely set profile extras, boxed so that most users pay one pointer.
    pub extras: Option<Box<UserExtras>>,
}

/// The parts of a user profile that few users have (or that only a full
/// profile fetch carries).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserExtras {
    /// The banner hash.
    pub banner: Option<ImageHash>,
    /// The banner colour.
    pub accent_color: Option<u32>,
    /// The avatar decoration.
    pub avatar_decoration_data: Option<AvatarDecorationData>,
    /// The user's collectibles.
    pub collectibles: Option<Collectibles>,
    /// The user's primary guild (server tag).
    pub primary_guild: Option<UserPrimaryGuild>,
}

impl UserExtras {
    fn of(user: &User) -> Option<Box<Self>> {
        let decoration = user.avatar_decoration_data.as_ref();
        let collectibles = user.collectibles.as_ref();
        let primary_guild = user.primary_guild.as_ref();
        if decoration.is_none()
            && collectibles.is_none()
            && primary_guild.is_none()
            && user.banner.is_none()
            && user.accent_color.is_none()
        {
            return None;
        }
        Some(Box::new(Self {
            banner: user.banner.clone(),
            accent_color: user.accent_color,
            avatar_decoration_data: decoration.cloned(),
            collectibles: collectibles.cloned(),
            primary_guild: primary_guild.cloned(),
        }))
    }
}

impl From<&User> for CachedUser {
    fn from(user: &User) -> Self {
        Self {
            id: user.id,
            name: user.username.as_str().into(),
            discriminator: user.discriminator,
            global_name: user.global_name.as_deref().map(Into::into),
            avatar: user.avatar.clone(),
            bot: user.bot.unwrap_or(false),
            system: user.system.unwrap_or(false),
            public_flags: user.public_flags.unwrap_or(UserFlags::empty()),
            extras: UserExtras::of(user),
        }
    }
}

impl CachedUser {
    /// Applies a full user object, keeping the allocation when nothing
    /// changed (the common case: the same user in every chunk and message).
    pub(crate) fn apply(&mut self, user: &User) {
        if *self.name != *user.username {
            self.name = user.username.as_str().into();
        }
        if self.global_name.as_deref() != user.global_name.as_deref() {
            self.global_name = user.global_name.as_deref().map(Into::into);
        }
        self.discriminator = user.discriminator;
        if self.avatar != user.avatar {
            self.avatar.clone_from(&user.avatar);
        }
        self.bot = user.bot.unwrap_or(self.bot);
        self.system = user.system.unwrap_or(self.system);
        if let Some(flags) = user.public_flags {
            self.public_flags = flags;
        }
        let extras = UserExtras::of(user);
        if extras != self.extras {
            self.extras = extras;
        }
    }

    /// Applies the partial user of a presence: only the fields it carries.
    pub(crate) fn apply_partial(&mut self, user: &PresenceUser) {
        if let Some(name) = &user.username
            && *self.name != **name
        {
            self.name = name.as_str().into();
        }
        if let Some(discriminator) = user.discriminator.as_deref().and_then(|d| d.parse().ok()) {
            self.discriminator = discriminator;
        }
        if user.username.is_some() {
            // A presence with a username carries the whole public profile.
            if self.global_name.as_deref() != user.global_name.as_deref() {
                self.global_name = user.global_name.as_deref().map(Into::into);
            }
            if self.avatar != user.avatar {
                self.avatar.clone_from(&user.avatar);
            }
        }
        if let Some(flags) = user.public_flags {
            self.public_flags = flags;
        }
    }
}

impl HeapSize for CachedUser {
    fn heap_size(&self) -> usize {
        self.name.len()
            + self.global_name.heap_size()
            + self.avatar.heap_size()
            + self.extras.as_ref().map_or(0, |_| size_of::<UserExtras>())
    }
}
