//! Guilds and what belongs to them: members, roles, bans, integrations,
//! onboarding, welcome screens, widgets, previews and templates
//! (resources/guild.mdx, resources/guild-template.mdx).

mod integration;
mod join_request;
mod member;
mod onboarding;
mod role;
mod template;
#[cfg(test)]
pub(crate) mod test_support;
mod widget;

pub use self::integration::{
    Integration, IntegrationAccount, IntegrationApplication, IntegrationExpireBehavior,
    IntegrationType,
};
pub use self::join_request::{
    GuildHomeSettings, GuildJoinRequest, GuildJoinRequests, JoinFormAnswer, JoinFormResponse,
    JoinRequestStatus, NewMemberAction, NewMemberActionType, ResourceChannel, SettingsEmoji,
    WelcomeMessage,
};
pub use self::member::{Member, MemberFlags, PartialMember};
pub use self::onboarding::{
    GuildOnboarding, OnboardingMode, OnboardingPrompt, PromptOption, PromptType,
};
pub use self::role::{Role, RoleColors, RoleFlags, RoleTags};
pub use self::template::{
    GuildTemplate, TemplateChannel, TemplateGuild, TemplateId, TemplatePermissionOverwrite,
    TemplateReactionEmoji, TemplateRole, TemplateTag,
};
pub use self::widget::{
    GuildWidget, GuildWidgetActivity, GuildWidgetChannel, GuildWidgetMember, GuildWidgetSettings,
    GuildWidgetStyle,
};

use crate::Timestamp;
use crate::channel::{Channel, ThreadMember};
use crate::emoji::Emoji;
use crate::gateway::presence::Presence;
use crate::id::{
    Id,
    marker::{ApplicationMarker, ChannelMarker, EmojiMarker, GuildMarker, UserMarker},
};
use crate::permissions::Permissions;
use crate::scheduled_event::GuildScheduledEvent;
use crate::soundboard::SoundboardSound;
use crate::stage_instance::StageInstance;
use crate::sticker::Sticker;
use crate::user::User;
use crate::util::image_hash::ImageHash;
use crate::voice::VoiceState;
use serde::{Deserialize, Serialize};

/// A guild ("server"), as returned by the REST API and sent in
/// `GUILD_CREATE` (whose extra fields are the `Option`s at the end).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Guild {
    /// Guild id.
    pub id: Id<GuildMarker>,
    /// Guild name (2-100 characters).
    pub name: String,
    /// Icon hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<ImageHash>,
    /// Icon hash, returned in the template object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon_hash: Option<ImageHash>,
    /// Splash hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub splash: Option<ImageHash>,
    /// Discovery splash hash; only for guilds with the `DISCOVERABLE` feature.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discovery_splash: Option<ImageHash>,
    /// Whether the current user owns the guild (from `GET /users/@me/guilds`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<bool>,
    /// Id of the owner.
    pub owner_id: Id<UserMarker>,
    /// Total permissions of the current user in the guild (from `GET /users/@me/guilds`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions: Option<Permissions>,
    /// Voice region id for the guild (deprecated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Id of the AFK channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub afk_channel_id: Option<Id<ChannelMarker>>,
    /// AFK timeout in seconds.
    pub afk_timeout: u32,
    /// Whether the server widget is enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub widget_enabled: Option<bool>,
    /// The channel id that the widget will generate an invite to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub widget_channel_id: Option<Id<ChannelMarker>>,
    /// Verification level required for the guild.
    pub verification_level: VerificationLevel,
    /// Default message notifications level.
    pub default_message_notifications: DefaultMessageNotificationLevel,
    /// Explicit content filter level.
    pub explicit_content_filter: ExplicitContentFilter,
    /// Roles in the guild.
    pub roles: Vec<Role>,
    /// Custom guild emojis.
    pub emojis: Vec<Emoji>,
    /// Enabled guild features.
    pub features: Vec<GuildFeature>,
    /// Required MFA level for the guild.
    pub mfa_level: MfaLevel,
    /// Application id of the guild creator if it is bot-created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_id: Option<Id<ApplicationMarker>>,
    /// The id of the channel where guild notices such as welcome messages are posted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system_channel_id: Option<Id<ChannelMarker>>,
    /// System channel flags.
    pub system_channel_flags: SystemChannelFlags,
    /// The id of the channel where Community guilds display rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rules_channel_id: Option<Id<ChannelMarker>>,
    /// The maximum number of presences for the guild.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_presences: Option<u64>,
    /// The maximum number of members for the guild.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_members: Option<u64>,
    /// The vanity URL code for the guild.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vanity_url_code: Option<String>,
    /// The description of the guild.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Banner hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub banner: Option<ImageHash>,
    /// Premium tier (Server Boost level).
    pub premium_tier: PremiumTier,
    /// The number of boosts this guild currently has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub premium_subscription_count: Option<u64>,
    /// The preferred locale of a Community guild; defaults to "en-US".
    pub preferred_locale: String,
    /// The id of the channel where admins and moderators of Community guilds receive notices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_updates_channel_id: Option<Id<ChannelMarker>>,
    /// The maximum number of users in a video channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_video_channel_users: Option<u32>,
    /// The maximum number of users in a stage video channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_stage_video_channel_users: Option<u32>,
    /// Approximate number of members (with `with_counts`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approximate_member_count: Option<u64>,
    /// Approximate number of non-offline members (with `with_counts`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approximate_presence_count: Option<u64>,
    /// The welcome screen of a Community guild.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub welcome_screen: Option<WelcomeScreen>,
    /// Guild age-restriction level (documented as always present, but absent
    /// from some payloads).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nsfw_level: Option<NsfwLevel>,
    /// Custom guild stickers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stickers: Option<Vec<Sticker>>,
    /// Whether the guild has the boost progress bar enabled (documented as
    /// always present, but absent from some payloads).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub premium_progress_bar_enabled: Option<bool>,
    /// The id of the channel where admins and moderators of Community guilds receive safety alerts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub safety_alerts_channel_id: Option<Id<ChannelMarker>>,
    /// The incidents data for this guild.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incidents_data: Option<GuildIncidentsData>,
    /// When the current user joined this guild (`GUILD_CREATE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub joined_at: Option<Timestamp>,
    /// Whether this is considered a large guild (`GUILD_CREATE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub large: Option<bool>,
    /// Whether this guild is unavailable due to an outage (`GUILD_CREATE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unavailable: Option<bool>,
    /// Total number of members in this guild (`GUILD_CREATE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member_count: Option<u64>,
    /// States of members currently in voice channels, without `guild_id` (`GUILD_CREATE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voice_states: Option<Vec<VoiceState>>,
    /// Members of the guild (`GUILD_CREATE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub members: Option<Vec<Member>>,
    /// Channels in the guild (`GUILD_CREATE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channels: Option<Vec<Channel>>,
    /// Active threads the current user can view (`GUILD_CREATE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threads: Option<Vec<Channel>>,
    /// Presences of the members in the guild (`GUILD_CREATE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presences: Option<Vec<Presence>>,
    /// Stage instances in the guild (`GUILD_CREATE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage_instances: Option<Vec<StageInstance>>,
    /// Scheduled events in the guild (`GUILD_CREATE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_scheduled_events: Option<Vec<GuildScheduledEvent>>,
    /// Soundboard sounds in the guild (`GUILD_CREATE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub soundboard_sounds: Option<Vec<SoundboardSound>>,
}

/// A guild that is offline, or whose data has not been sent yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct UnavailableGuild {
    /// Guild id.
    pub id: Id<GuildMarker>,
    /// Whether the guild is unavailable (false when the current user left or
    /// was removed, in `GUILD_DELETE`, where the key is then absent).
    #[serde(default, skip_serializing_if = "crate::util::is_false")]
    pub unavailable: bool,
}

crate::int_enum! {
    /// Which messages members are notified of by default.
    pub enum DefaultMessageNotificationLevel: u8 {
        /// All messages.
        AllMessages = 0,
        /// Only messages that mention them.
        OnlyMentions = 1,
    }
}

crate::int_enum! {
    /// Whose media content is scanned.
    pub enum ExplicitContentFilter: u8 {
        /// Nobody's.
        Disabled = 0,
        /// That of members without roles.
        MembersWithoutRoles = 1,
        /// Everyone's.
        AllMembers = 2,
    }
}

crate::int_enum! {
    /// Whether moderation actions require 2FA.
    pub enum MfaLevel: u8 {
        /// No MFA/2FA requirement.
        None = 0,
        /// 2FA required for moderation actions.
        Elevated = 1,
    }
}

crate::int_enum! {
    /// What members must have before they can talk.
    pub enum VerificationLevel: u8 {
        /// Unrestricted.
        None = 0,
        /// A verified email.
        Low = 1,
        /// Registered on Discord for longer than 5 minutes.
        Medium = 2,
        /// A member of the server for longer than 10 minutes.
        High = 3,
        /// A verified phone number.
        VeryHigh = 4,
    }
}

crate::int_enum! {
    /// The guild's age-restriction level.
    pub enum NsfwLevel: u8 {
        /// Default.
        Default = 0,
        /// Explicit.
        Explicit = 1,
        /// Safe.
        Safe = 2,
        /// Age-restricted.
        AgeRestricted = 3,
    }
}

crate::int_enum! {
    /// Server Boost level.
    pub enum PremiumTier: u8 {
        /// No perks unlocked.
        None = 0,
        /// Level 1.
        Tier1 = 1,
        /// Level 2.
        Tier2 = 2,
        /// Level 3.
        Tier3 = 3,
    }
}

crate::flags! {
    /// What the system channel does not show.
    pub struct SystemChannelFlags: u64 {
        /// Suppress member join notifications.
        const SUPPRESS_JOIN_NOTIFICATIONS = 1 << 0;
        /// Suppress server boost notifications.
        const SUPPRESS_PREMIUM_SUBSCRIPTIONS = 1 << 1;
        /// Suppress server setup tips.
        const SUPPRESS_GUILD_REMINDER_NOTIFICATIONS = 1 << 2;
        /// Hide member join sticker reply buttons.
        const SUPPRESS_JOIN_NOTIFICATION_REPLIES = 1 << 3;
        /// Suppress role subscription purchase and renewal notifications.
        const SUPPRESS_ROLE_SUBSCRIPTION_PURCHASE_NOTIFICATIONS = 1 << 4;
        /// Hide role subscription sticker reply buttons.
        const SUPPRESS_ROLE_SUBSCRIPTION_PURCHASE_NOTIFICATION_REPLIES = 1 << 5;
    }
}

crate::str_enum! {
    /// A feature enabled for a guild.
    pub enum GuildFeature {
        /// Can set an animated guild banner image.
        AnimatedBanner = "ANIMATED_BANNER",
        /// Can set an animated guild icon.
        AnimatedIcon = "ANIMATED_ICON",
        /// Uses the old application command permissions behaviour.
        ApplicationCommandPermissionsV2 = "APPLICATION_COMMAND_PERMISSIONS_V2",
        /// Has set up auto moderation rules.
        AutoModeration = "AUTO_MODERATION",
        /// Can set a guild banner image.
        Banner = "BANNER",
        /// Can enable welcome screen, membership screening, stage channels and discovery.
        Community = "COMMUNITY",
        /// Has enabled monetization.
        CreatorMonetizableProvisional = "CREATOR_MONETIZABLE_PROVISIONAL",
        /// Has enabled the role subscription promo page.
        CreatorStorePage = "CREATOR_STORE_PAGE",
        /// Is a support server on the App Directory.
        DeveloperSupportServer = "DEVELOPER_SUPPORT_SERVER",
        /// Can be discovered in the directory.
        Discoverable = "DISCOVERABLE",
        /// Can be featured in the directory.
        Featurable = "FEATURABLE",
        /// Has paused invites.
        InvitesDisabled = "INVITES_DISABLED",
        /// Can set an invite splash background.
        InviteSplash = "INVITE_SPLASH",
        /// Has enabled membership screening.
        MemberVerificationGateEnabled = "MEMBER_VERIFICATION_GATE_ENABLED",
        /// Has increased custom emoji slots (undocumented, seen in examples).
        MoreEmoji = "MORE_EMOJI",
        /// Has increased custom soundboard sound slots.
        MoreSoundboard = "MORE_SOUNDBOARD",
        /// Has increased custom sticker slots.
        MoreStickers = "MORE_STICKERS",
        /// Can create announcement channels.
        News = "NEWS",
        /// Is partnered.
        Partnered = "PARTNERED",
        /// Can be previewed before joining.
        PreviewEnabled = "PREVIEW_ENABLED",
        /// Has disabled alerts for join raids.
        RaidAlertsDisabled = "RAID_ALERTS_DISABLED",
        /// Can set role icons.
        RoleIcons = "ROLE_ICONS",
        /// Has role subscriptions that can be purchased.
        RoleSubscriptionsAvailableForPurchase = "ROLE_SUBSCRIPTIONS_AVAILABLE_FOR_PURCHASE",
        /// Has enabled role subscriptions.
        RoleSubscriptionsEnabled = "ROLE_SUBSCRIPTIONS_ENABLED",
        /// Has created soundboard sounds.
        Soundboard = "SOUNDBOARD",
        /// Has enabled ticketed events.
        TicketedEventsEnabled = "TICKETED_EVENTS_ENABLED",
        /// Can set a vanity URL.
        VanityUrl = "VANITY_URL",
        /// Is verified.
        Verified = "VERIFIED",
        /// Can set 384kbps bitrate in voice.
        VipRegions = "VIP_REGIONS",
        /// Has enabled the welcome screen.
        WelcomeScreenEnabled = "WELCOME_SCREEN_ENABLED",
        /// Can use guest invites.
        GuestsEnabled = "GUESTS_ENABLED",
        /// Can set guild tags.
        GuildTags = "GUILD_TAGS",
        /// Can set gradient colours on roles.
        EnhancedRoleColors = "ENHANCED_ROLE_COLORS",
    }
}

/// A preview of a guild, available before joining it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GuildPreview {
    /// Guild id.
    pub id: Id<GuildMarker>,
    /// Guild name (2-100 characters).
    pub name: String,
    /// Icon hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<ImageHash>,
    /// Splash hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub splash: Option<ImageHash>,
    /// Discovery splash hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discovery_splash: Option<ImageHash>,
    /// Custom guild emojis.
    pub emojis: Vec<Emoji>,
    /// Enabled guild features.
    pub features: Vec<GuildFeature>,
    /// Approximate number of members.
    pub approximate_member_count: u64,
    /// Approximate number of online members.
    pub approximate_presence_count: u64,
    /// The description of the guild.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Custom guild stickers.
    pub stickers: Vec<Sticker>,
}

/// The welcome screen of a Community guild.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct WelcomeScreen {
    /// The server description shown in the welcome screen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The channels shown in the welcome screen, up to 5.
    pub welcome_channels: Vec<WelcomeScreenChannel>,
}

/// A channel shown in a welcome screen.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct WelcomeScreenChannel {
    /// The channel's id.
    pub channel_id: Id<ChannelMarker>,
    /// The description shown for the channel.
    pub description: String,
    /// The emoji id, if the emoji is custom.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emoji_id: Option<Id<EmojiMarker>>,
    /// The emoji name if custom, the Unicode character if standard, or `None`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emoji_name: Option<String>,
}

/// A guild's incident actions and detected incidents.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct GuildIncidentsData {
    /// When invites get enabled again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invites_disabled_until: Option<Timestamp>,
    /// When direct messages get enabled again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dms_disabled_until: Option<Timestamp>,
    /// When DM spam was detected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dm_spam_detected_at: Option<Timestamp>,
    /// When a raid was detected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raid_detected_at: Option<Timestamp>,
}

/// A ban of a user from a guild.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Ban {
    /// The reason for the ban.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The banned user.
    pub user: User,
}

/// The response to a bulk ban.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct BulkBanResponse {
    /// Ids of the users that were banned.
    pub banned_users: Vec<Id<UserMarker>>,
    /// Ids of the users that were not banned.
    pub failed_users: Vec<Id<UserMarker>>,
}

/// The result of a prune count or a prune.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct GuildPrune {
    /// Number of members pruned (or that would be); `None` when
    /// `compute_prune_count` was false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pruned: Option<u64>,
}

/// A guild's vanity invite.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct GuildVanityUrl {
    /// The vanity invite code, `None` if not set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Number of times the invite was used.
    pub uses: u64,
}

/// The active threads of a guild (List Active Guild Threads).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActiveThreads {
    /// The active threads.
    pub threads: Vec<Channel>,
    /// A thread member object for each returned thread the current user has joined.
    pub members: Vec<ThreadMember>,
}

crate::int_enum! {
    /// The seconds of inactivity after which a member in voice is moved to
    /// the AFK channel: the values a guild's `afk_timeout` can be set to.
    pub enum AfkTimeout: u16 {
        /// One minute.
        OneMinute = 60,
        /// Five minutes.
        FiveMinutes = 300,
        /// Fifteen minutes.
        FifteenMinutes = 900,
        /// Thirty minutes.
        ThirtyMinutes = 1800,
        /// One hour.
        OneHour = 3600,
    }
}

#[cfg(test)]
mod tests;
