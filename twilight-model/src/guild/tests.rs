//! Tests of the guild types.

use super::*;
use crate::guild::test_support::round_trip;

const GUILD: &str = r#"{
  "id": "197038439483310086",
  "name": "Discord Testers",
  "icon": "f64c482b807da4f539cff778d174971c",
  "description": "The official place to report Discord Bugs!",
  "splash": null,
  "discovery_splash": null,
  "features": [
    "ANIMATED_ICON",
    "VERIFIED",
    "NEWS",
    "VANITY_URL",
    "DISCOVERABLE",
    "MORE_EMOJI",
    "INVITE_SPLASH",
    "BANNER",
    "COMMUNITY"
  ],
  "emojis": [],
  "banner": "9b6439a7de04f1d26af92f84ac9e1e4a",
  "owner_id": "73193882359173120",
  "application_id": null,
  "region": null,
  "afk_channel_id": null,
  "afk_timeout": 300,
  "system_channel_id": null,
  "widget_enabled": true,
  "widget_channel_id": null,
  "verification_level": 3,
  "roles": [],
  "default_message_notifications": 1,
  "mfa_level": 1,
  "explicit_content_filter": 2,
  "max_presences": 40000,
  "max_members": 250000,
  "vanity_url_code": "discord-testers",
  "premium_tier": 3,
  "premium_subscription_count": 33,
  "system_channel_flags": 0,
  "preferred_locale": "en-US",
  "rules_channel_id": "441688182833020939",
  "public_updates_channel_id": "281283303326089216",
  "safety_alerts_channel_id": "281283303326089216"
}"#;

#[test]
fn guild_example_round_trip() {
    let guild: Guild = round_trip(GUILD);
    assert_eq!(guild.id.get(), 197_038_439_483_310_086);
    assert_eq!(guild.verification_level, VerificationLevel::High);
    assert_eq!(guild.premium_tier, PremiumTier::Tier3);
    assert_eq!(guild.mfa_level, MfaLevel::Elevated);
    assert_eq!(
        guild.explicit_content_filter,
        ExplicitContentFilter::AllMembers
    );
    assert_eq!(
        guild.default_message_notifications,
        DefaultMessageNotificationLevel::OnlyMentions
    );
    assert_eq!(guild.features.len(), 9);
    assert!(guild.features.contains(&GuildFeature::Community));
    assert_eq!(guild.max_presences, Some(40_000));
    assert!(guild.system_channel_flags.is_empty());
    assert!(guild.members.is_none());
}

#[test]
fn get_guild_example_with_role() {
    let guild: Guild = serde_json::from_str(
        r#"{
          "id": "2909267986263572999",
          "name": "Mason's Test Server",
          "icon": "389030ec9db118cb5b85a732333b7c98",
          "description": null,
          "splash": "75610b05a0dd09ec2c3c7df9f6975ea0",
          "discovery_splash": null,
          "approximate_member_count": 2,
          "approximate_presence_count": 2,
          "features": ["INVITE_SPLASH", "VANITY_URL", "COMMERCE", "BANNER", "NEWS", "VERIFIED", "VIP_REGIONS"],
          "emojis": [{"name": "ultrafastparrot", "roles": [], "id": "393564762228785161",
                      "require_colons": true, "managed": false, "animated": true, "available": true}],
          "banner": "5c3cb8d1bc159937fffe7e641ec96ca7",
          "owner_id": "53908232506183680",
          "application_id": null,
          "region": null,
          "afk_channel_id": null,
          "afk_timeout": 300,
          "system_channel_id": null,
          "widget_enabled": true,
          "widget_channel_id": "639513352485470208",
          "verification_level": 0,
          "roles": [{"id": "2909267986263572999", "name": "@everyone", "permissions": "49794752",
                     "position": 0, "color": 0,
                     "colors": {"primary_color": 0, "secondary_color": null, "tertiary_color": null},
                     "hoist": false, "managed": false, "mentionable": false}],
          "default_message_notifications": 1,
          "mfa_level": 0,
          "explicit_content_filter": 0,
          "max_presences": null,
          "max_members": 250000,
          "max_video_channel_users": 25,
          "vanity_url_code": "no",
          "premium_tier": 0,
          "premium_subscription_count": 0,
          "system_channel_flags": 0,
          "preferred_locale": "en-US",
          "rules_channel_id": null,
          "public_updates_channel_id": null,
          "safety_alerts_channel_id": null
        }"#,
    )
    .unwrap();
    assert_eq!(guild.roles[0].name, "@everyone");
    assert_eq!(guild.emojis.len(), 1);
    assert_eq!(guild.features[2], GuildFeature::Unknown("COMMERCE".into()));
    assert_eq!(guild.approximate_member_count, Some(2));
}

#[test]
fn guild_create_extras() {
    let json = r#"{
      "id": "1", "name": "G", "icon": null, "splash": null, "discovery_splash": null,
      "owner_id": "2", "afk_channel_id": null, "afk_timeout": 60, "verification_level": 9,
      "default_message_notifications": 0, "explicit_content_filter": 0, "roles": [], "emojis": [],
      "features": ["SOME_FUTURE_FEATURE"], "mfa_level": 0, "application_id": null,
      "system_channel_id": null, "system_channel_flags": 129, "rules_channel_id": null,
      "vanity_url_code": null, "description": null, "banner": null, "premium_tier": 0,
      "preferred_locale": "en-US", "public_updates_channel_id": null, "nsfw_level": 0,
      "stickers": [], "premium_progress_bar_enabled": false, "safety_alerts_channel_id": null,
      "incidents_data": {"invites_disabled_until": "2023-09-01T14:48:02.222000+00:00", "dms_disabled_until": null},
      "joined_at": "2023-09-01T14:48:02.222000+00:00", "large": false, "unavailable": false,
      "member_count": 2,
      "voice_states": [{"channel_id": "3", "user_id": "2", "session_id": "s", "deaf": false,
                        "mute": false, "self_deaf": false, "self_mute": false, "self_video": false,
                        "suppress": false, "request_to_speak_timestamp": null}],
      "members": [
        {"user": @USER@, "roles": ["4"], "joined_at": "2023-09-01T14:48:02.222000+00:00", "deaf": false,
         "mute": false, "flags": 0, "pending": false},
        {"user": @USER@, "nick": "n", "roles": [], "joined_at": "2023-09-01T14:48:02.222000+00:00",
         "premium_since": null, "deaf": false, "mute": true, "flags": 2}
      ],
      "channels": [@CHANNEL@], "threads": [], "presences": [],
      "stage_instances": [{"id": "5", "guild_id": "1", "channel_id": "3", "topic": "t",
                           "privacy_level": 2, "discoverable_disabled": false,
                           "guild_scheduled_event_id": null}],
      "guild_scheduled_events": [],
      "soundboard_sounds": [{"name": "s", "sound_id": "6", "volume": 0.5, "emoji_id": null,
                             "emoji_name": null, "guild_id": "1", "available": true}]
    }"#;
    let guild: Guild = round_trip(json);
    assert_eq!(guild.verification_level, VerificationLevel::Unknown(9));
    assert_eq!(guild.features[0].as_str(), "SOME_FUTURE_FEATURE");
    assert_eq!(guild.system_channel_flags.bits(), 129);
    assert!(
        guild
            .system_channel_flags
            .contains(SystemChannelFlags::SUPPRESS_JOIN_NOTIFICATIONS)
    );
    assert_eq!(guild.nsfw_level, Some(NsfwLevel::Default));
    let members = guild.members.unwrap();
    assert_eq!(members.len(), 2);
    assert_eq!(members[1].flags, Some(MemberFlags::COMPLETED_ONBOARDING));
    assert_eq!(guild.voice_states.unwrap()[0].channel_id.unwrap().get(), 3);
    assert_eq!(guild.stage_instances.unwrap()[0].id.get(), 5);
    assert_eq!(guild.member_count, Some(2));
    assert!(
        guild
            .incidents_data
            .unwrap()
            .invites_disabled_until
            .is_some()
    );
}

#[test]
fn unavailable_guild() {
    let guild: UnavailableGuild = round_trip(r#"{"id": "41771983423143937", "unavailable": true}"#);
    assert!(guild.unavailable);
    let removed: UnavailableGuild = round_trip(r#"{"id": "41771983423143937"}"#);
    assert!(!removed.unavailable);
}

#[test]
fn preview_example() {
    let preview: GuildPreview = round_trip(
        r#"{
          "id": "197038439483310086",
          "name": "Discord Testers",
          "icon": "f64c482b807da4f539cff778d174971c",
          "splash": null,
          "discovery_splash": null,
          "emojis": [],
          "features": ["DISCOVERABLE", "VANITY_URL", "ANIMATED_ICON", "INVITE_SPLASH", "NEWS",
                       "COMMUNITY", "BANNER", "VERIFIED", "MORE_EMOJI"],
          "approximate_member_count": 60814,
          "approximate_presence_count": 20034,
          "description": "The official place to report Discord Bugs!",
          "stickers": []
        }"#,
    );
    assert_eq!(preview.approximate_member_count, 60_814);
    assert_eq!(preview.features[8], GuildFeature::MoreEmoji);
}

#[test]
fn welcome_screen_example() {
    let screen: WelcomeScreen = round_trip(
        r#"{
          "description": "Discord Developers is a place to learn about Discord's API.",
          "welcome_channels": [
            {"channel_id": "697138785317814292", "description": "Follow for official Discord API updates",
             "emoji_id": null, "emoji_name": "📡"},
            {"channel_id": "697236247739105340", "description": "Get help with Bot Verifications",
             "emoji_id": null, "emoji_name": "📸"}
          ]
        }"#,
    );
    assert_eq!(screen.welcome_channels.len(), 2);
    assert_eq!(screen.welcome_channels[1].emoji_name.as_deref(), Some("📸"));
}

#[test]
fn ban_prune_vanity_incidents_bulk_ban() {
    let ban: Ban = round_trip(r#"{"reason": "mentioning b1nzy", "user": @USER@}"#);
    assert_eq!(ban.reason.as_deref(), Some("mentioning b1nzy"));
    let prune: GuildPrune = round_trip(r#"{"pruned": null}"#);
    assert!(prune.pruned.is_none());
    let vanity: GuildVanityUrl = round_trip(r#"{"code": "abc", "uses": 12}"#);
    assert_eq!(vanity.uses, 12);
    let incidents: GuildIncidentsData = round_trip(
        r#"{"invites_disabled_until": "2023-09-01T14:48:02.222000+00:00", "dms_disabled_until": null}"#,
    );
    assert!(incidents.dms_disabled_until.is_none());
    let threads: ActiveThreads = round_trip(r#"{"threads": [], "members": []}"#);
    assert!(threads.threads.is_empty());
    let bulk: BulkBanResponse = round_trip(r#"{"banned_users": ["1"], "failed_users": []}"#);
    assert_eq!(bulk.banned_users[0].get(), 1);
}

#[test]
fn malformed_guild() {
    assert!(serde_json::from_str::<Guild>(r#"{"id": "1", "name": "G"}"#).is_err());
    let bad_tier = GUILD.replace(r#""premium_tier": 3"#, r#""premium_tier": "3""#);
    assert!(serde_json::from_str::<Guild>(&bad_tier).is_err());
    assert!(serde_json::from_str::<UnavailableGuild>(r#"{"id": "x"}"#).is_err());
}
