//! The cached form of a guild: its own fields only. Members, channels, roles
//! and the rest live in the cache's per-guild maps.

use twilight_model::Timestamp;
use twilight_model::guild::{
    DefaultMessageNotificationLevel, ExplicitContentFilter, Guild, GuildFeature,
    GuildIncidentsData, MfaLevel, NsfwLevel, PremiumTier, SystemChannelFlags, VerificationLevel,
    WelcomeScreen,
};
use twilight_model::id::{
    Id,
    marker::{ApplicationMarker, ChannelMarker, GuildMarker, UserMarker},
};
use twilight_model::util::image_hash::ImageHash;

/// A guild as the cache stores it.
#[derive(Clone, Debug, PartialEq)]
pub struct CachedGuild {
    /// The guild id.
    pub id: Id<GuildMarker>,
    /// The name.
    pub name: Box<str>,
    /// The icon hash.
    pub icon: Option<ImageHash>,
    /// The splash hash.
    pub splash: Option<ImageHash>,
    /// The discovery splash hash.
    pub discovery_splash: Option<ImageHash>,
    /// The banner hash.
    pub banner: Option<ImageHash>,
    /// The owner's user id.
    pub owner_id: Id<UserMarker>,
    /// The AFK voice channel.
    pub afk_channel_id: Option<Id<ChannelMarker>>,
    /// The AFK timeout in seconds.
    pub afk_timeout: u32,
    /// Whether the widget is enabled.
    pub widget_enabled: Option<bool>,
    /// The widget's invite channel.
    pub widget_channel_id: Option<Id<ChannelMarker>>,
    /// The verification level.
    pub verification_level: VerificationLevel,
    /// The default notification level.
    pub default_message_notifications: DefaultMessageNotificationLevel,
    /// The explicit content filter level.
    pub explicit_content_filter: ExplicitContentFilter,
    /// The enabled features.
    pub features: Box<[GuildFeature]>,
    /// The MFA level.
    pub mfa_level: MfaLevel,
    /// The application that created the guild.
    pub application_id: Option<Id<ApplicationMarker>>,
    /// The system message channel.
    pub system_channel_id: Option<Id<ChannelMarker>>,
    /// The system channel flags.
    pub system_channel_flags: SystemChannelFlags,
    /// The rules channel.
    pub rules_channel_id: Option<Id<ChannelMarker>>,
    /// The most presences the guild can have.
    pub max_presences: Option<u64>,
    /// The most members the guild can have.
    pub max_members: Option<u64>,
    /// The vanity invite code.
    pub vanity_url_code: Option<Box<str>>,
    /// The description.
    pub description: Option<Box<str>>,
    /// The boost tier.
    pub premium_tier: PremiumTier,
    /// The number of boosts.
    pub premium_subscription_count: Option<u64>,
    /// The preferred locale.
    pub preferred_locale: Box<str>,
    /// The community updates channel.
    pub public_updates_channel_id: Option<Id<ChannelMarker>>,
    /// The most users in a video channel.
    pub max_video_channel_users: Option<u32>,
    /// The most users in a stage video channel.
    pub max_stage_video_channel_users: Option<u32>,
    /// The welcome screen.
    pub welcome_screen: Option<Box<WelcomeScreen>>,
    /// The NSFW level.
    pub nsfw_level: Option<NsfwLevel>,
    /// Whether the boost progress bar is shown.
    pub premium_progress_bar_enabled: bool,
    /// The safety alerts channel.
    pub safety_alerts_channel_id: Option<Id<ChannelMarker>>,
    /// Incident actions.
    pub incidents_data: Option<GuildIncidentsData>,
    /// When the current user joined.
    pub joined_at: Option<Timestamp>,
    /// Whether the guild counts as large.
    pub large: bool,
    /// The member count GUILD_CREATE gave, kept up to date by member
    /// add and remove events.
    pub member_count: Option<u64>,
    /// Whether the guild is in an outage (GUILD_DELETE with `unavailable`).
    /// Its cached data stays until it is available again.
    pub unavailable: bool,
}

impl From<&Guild> for CachedGuild {
    fn from(guild: &Guild) -> Self {
        Self {
            id: guild.id,
            name: guild.name.as_str().into(),
            icon: guild.icon.clone(),
            splash: guild.splash.clone(),
            discovery_splash: guild.discovery_splash.clone(),
            banner: guild.banner.clone(),
            owner_id: guild.owner_id,
            afk_channel_id: guild.afk_channel_id,
            afk_timeout: guild.afk_timeout,
            widget_enabled: guild.widget_enabled,
            widget_channel_id: guild.widget_channel_id,
            verification_level: guild.verification_level,
            default_message_notifications: guild.default_message_notifications,
            explicit_content_filter: guild.explicit_content_filter,
            features: guild.features.as_slice().into(),
            mfa_level: guild.mfa_level,
            application_id: guild.application_id,
            system_channel_id: guild.system_channel_id,
            system_channel_flags: guild.system_channel_flags,
            rules_channel_id: guild.rules_channel_id,
            max_presences: guild.max_presences,
            max_members: guild.max_members,
            vanity_url_code: guild.vanity_url_code.as_deref().map(Into::into),
            description: guild.description.as_deref().map(Into::into),
            premium_tier: guild.premium_tier,
            premium_subscription_count: guild.premium_subscription_count,
            preferred_locale: guild.preferred_locale.as_str().into(),
            public_updates_channel_id: guild.public_updates_channel_id,
            max_video_channel_users: guild.max_video_channel_users,
            max_stage_video_channel_users: guild.max_stage_video_channel_users,
            welcome_screen: guild.welcome_screen.clone().map(Box::new),
            nsfw_level: guild.nsfw_level,
            premium_progress_bar_enabled: guild.premium_progress_bar_enabled.unwrap_or(false),
            safety_alerts_channel_id: guild.safety_alerts_channel_id,
            incidents_data: guild.incidents_data,
            joined_at: guild.joined_at,
            large: guild.large.unwrap_or(false),
            member_count: guild.member_count,
            unavailable: false,
        }
    }
}

impl CachedGuild {
    /// Applies GUILD_UPDATE, which lacks the GUILD_CREATE-only fields
    /// (`joined_at`, `large`, `member_count`): those are kept.
    pub(crate) fn apply_update(&mut self, guild: &Guild) {
        let joined_at = self.joined_at;
        let large = self.large;
        let member_count = self.member_count;
        *self = Self::from(guild);
        self.joined_at = guild.joined_at.or(joined_at);
        self.large = guild.large.unwrap_or(large);
        self.member_count = guild.member_count.or(member_count);
    }
}
