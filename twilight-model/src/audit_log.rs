//! Audit logs and their entries.

use crate::application::command::Command;
use crate::auto_moderation::AutoModerationRule;
use crate::channel::Channel;
use crate::guild::Integration;
use crate::id::Id;
use crate::id::marker::{
    ApplicationMarker, AuditLogEntryMarker, ChannelMarker, GenericMarker, GuildMarker,
    MessageMarker, UserMarker,
};
use crate::scheduled_event::GuildScheduledEvent;
use crate::user::User;
use crate::webhook::Webhook;
use serde::de::{Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::fmt::{self, Formatter};
use std::marker::PhantomData;

/// A guild's audit log: entries and the objects they refer to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditLog {
    /// Application commands referenced in the audit log.
    #[serde(default)]
    pub application_commands: Vec<Command>,
    /// Audit log entries, sorted from most to least recent.
    pub audit_log_entries: Vec<AuditLogEntry>,
    /// Auto moderation rules referenced in the audit log.
    ///
    /// Discord may send `null` for a rule that no longer exists; those are
    /// skipped.
    #[serde(default, deserialize_with = "skip_nulls")]
    pub auto_moderation_rules: Vec<AutoModerationRule>,
    /// Guild scheduled events referenced in the audit log.
    #[serde(default)]
    pub guild_scheduled_events: Vec<GuildScheduledEvent>,
    /// Partial integration objects.
    #[serde(default)]
    pub integrations: Vec<Integration>,
    /// Threads referenced in the audit log.
    #[serde(default)]
    pub threads: Vec<Channel>,
    /// Users referenced in the audit log.
    #[serde(default)]
    pub users: Vec<User>,
    /// Webhooks referenced in the audit log.
    #[serde(default)]
    pub webhooks: Vec<Webhook>,
}

/// Deserialises a list, leaving out `null` elements.
fn skip_nulls<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct V<T>(PhantomData<T>);

    impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
        type Value = Vec<T>;

        fn expecting(&self, f: &mut Formatter<'_>) -> fmt::Result {
            f.write_str("a list")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(256));
            while let Some(item) = seq.next_element::<Option<T>>()? {
                if let Some(item) = item {
                    items.push(item);
                }
            }
            Ok(items)
        }
    }

    deserializer.deserialize_seq(V(PhantomData))
}

/// An administrative action recorded in a guild's audit log.
///
/// Also the `GUILD_AUDIT_LOG_ENTRY_CREATE` gateway event payload, which adds
/// `guild_id`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditLogEntry {
    /// Id of the affected entity (webhook, user, role, etc.).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_id: Option<String>,
    /// Changes made to the target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changes: Option<Vec<AuditLogChange>>,
    /// User or app that made the changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<Id<UserMarker>>,
    /// Id of the entry.
    pub id: Id<AuditLogEntryMarker>,
    /// Type of action that occurred.
    pub action_type: AuditLogEvent,
    /// Additional info for certain event types.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<AuditLogEntryInfo>,
    /// Reason for the change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Id of the guild (only in the `GUILD_AUDIT_LOG_ENTRY_CREATE` event).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
}

/// A change recorded in an [`AuditLogEntry`].
///
/// The values have the type of the changed object's field, so they are kept
/// as JSON values; `key` names the field, with a few exceptions (`$add` and
/// `$remove` for member roles, a snowflake for command permissions,
/// `avatar_hash` for webhooks).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditLogChange {
    /// New value of the key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_value: Option<serde_json::Value>,
    /// Old value of the key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_value: Option<serde_json::Value>,
    /// Name of the changed entity.
    pub key: String,
}

/// Optional additional info of an [`AuditLogEntry`]; which fields are
/// present depends on the [`AuditLogEvent`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AuditLogEntryInfo {
    /// Id of the app whose permissions were targeted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_id: Option<Id<ApplicationMarker>>,
    /// Name of the auto moderation rule that was triggered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_moderation_rule_name: Option<String>,
    /// Trigger type of the auto moderation rule that was triggered, as a string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_moderation_rule_trigger_type: Option<String>,
    /// Channel in which the entities were targeted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_id: Option<Id<ChannelMarker>>,
    /// Number of entities that were targeted, as a string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<String>,
    /// Number of days after which inactive members were kicked, as a string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delete_member_days: Option<String>,
    /// Id of the overwritten entity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Id<GenericMarker>>,
    /// Number of members removed by the prune, as a string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub members_removed: Option<String>,
    /// Id of the message that was targeted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<Id<MessageMarker>>,
    /// Name of the role if the overwritten entity is a role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_name: Option<String>,
    /// Type of overwritten entity: role (`"0"`) or member (`"1"`).
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// The type of integration which performed the action.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integration_type: Option<String>,
    /// The new voice channel status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

crate::int_enum! {
    /// The type of action an audit log entry records.
    pub enum AuditLogEvent: u16 {
        /// Server settings were updated.
        GuildUpdate = 1,
        /// Channel was created.
        ChannelCreate = 10,
        /// Channel settings were updated.
        ChannelUpdate = 11,
        /// Channel was deleted.
        ChannelDelete = 12,
        /// Permission overwrite was added to a channel.
        ChannelOverwriteCreate = 13,
        /// Permission overwrite was updated for a channel.
        ChannelOverwriteUpdate = 14,
        /// Permission overwrite was deleted from a channel.
        ChannelOverwriteDelete = 15,
        /// Member was removed from server.
        MemberKick = 20,
        /// Members were pruned from server.
        MemberPrune = 21,
        /// Member was banned from server.
        MemberBanAdd = 22,
        /// Server ban was lifted for a member.
        MemberBanRemove = 23,
        /// Member was updated in server.
        MemberUpdate = 24,
        /// Member was added or removed from a role.
        MemberRoleUpdate = 25,
        /// Member was moved to a different voice channel.
        MemberMove = 26,
        /// Member was disconnected from a voice channel.
        MemberDisconnect = 27,
        /// Bot user was added to server.
        BotAdd = 28,
        /// Role was created.
        RoleCreate = 30,
        /// Role was edited.
        RoleUpdate = 31,
        /// Role was deleted.
        RoleDelete = 32,
        /// Server invite was created.
        InviteCreate = 40,
        /// Server invite was updated.
        InviteUpdate = 41,
        /// Server invite was deleted.
        InviteDelete = 42,
        /// Webhook was created.
        WebhookCreate = 50,
        /// Webhook properties or channel were updated.
        WebhookUpdate = 51,
        /// Webhook was deleted.
        WebhookDelete = 52,
        /// Emoji was created.
        EmojiCreate = 60,
        /// Emoji name was updated.
        EmojiUpdate = 61,
        /// Emoji was deleted.
        EmojiDelete = 62,
        /// Single message was deleted.
        MessageDelete = 72,
        /// Multiple messages were deleted.
        MessageBulkDelete = 73,
        /// Message was pinned to a channel.
        MessagePin = 74,
        /// Message was unpinned from a channel.
        MessageUnpin = 75,
        /// App was added to server.
        IntegrationCreate = 80,
        /// App was updated (as an example, its scopes were updated).
        IntegrationUpdate = 81,
        /// App was removed from server.
        IntegrationDelete = 82,
        /// Stage instance was created (stage channel becomes live).
        StageInstanceCreate = 83,
        /// Stage instance details were updated.
        StageInstanceUpdate = 84,
        /// Stage instance was deleted (stage channel no longer live).
        StageInstanceDelete = 85,
        /// Sticker was created.
        StickerCreate = 90,
        /// Sticker details were updated.
        StickerUpdate = 91,
        /// Sticker was deleted.
        StickerDelete = 92,
        /// Event was created.
        GuildScheduledEventCreate = 100,
        /// Event was updated.
        GuildScheduledEventUpdate = 101,
        /// Event was cancelled.
        GuildScheduledEventDelete = 102,
        /// Thread was created in a channel.
        ThreadCreate = 110,
        /// Thread was updated.
        ThreadUpdate = 111,
        /// Thread was deleted.
        ThreadDelete = 112,
        /// Permissions were updated for a command.
        ApplicationCommandPermissionUpdate = 121,
        /// Soundboard sound was created.
        SoundboardSoundCreate = 130,
        /// Soundboard sound was updated.
        SoundboardSoundUpdate = 131,
        /// Soundboard sound was deleted.
        SoundboardSoundDelete = 132,
        /// Auto Moderation rule was created.
        AutoModerationRuleCreate = 140,
        /// Auto Moderation rule was updated.
        AutoModerationRuleUpdate = 141,
        /// Auto Moderation rule was deleted.
        AutoModerationRuleDelete = 142,
        /// Message was blocked by Auto Moderation.
        AutoModerationBlockMessage = 143,
        /// Message was flagged by Auto Moderation.
        AutoModerationFlagToChannel = 144,
        /// Member was timed out by Auto Moderation.
        AutoModerationUserCommunicationDisabled = 145,
        /// Member was quarantined by Auto Moderation.
        AutoModerationQuarantineUser = 146,
        /// Creator monetization request was created.
        CreatorMonetizationRequestCreated = 150,
        /// Creator monetization terms were accepted.
        CreatorMonetizationTermsAccepted = 151,
        /// Guild Onboarding Question was created.
        OnboardingPromptCreate = 163,
        /// Guild Onboarding Question was updated.
        OnboardingPromptUpdate = 164,
        /// Guild Onboarding Question was deleted.
        OnboardingPromptDelete = 165,
        /// Guild Onboarding was created.
        OnboardingCreate = 166,
        /// Guild Onboarding was updated.
        OnboardingUpdate = 167,
        /// Guild Server Guide was created.
        HomeSettingsCreate = 190,
        /// Guild Server Guide was updated.
        HomeSettingsUpdate = 191,
        /// A voice channel status was set by a user.
        VoiceChannelStatusCreate = 192,
        /// A voice channel status was deleted by a user.
        VoiceChannelStatusDelete = 193,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry() {
        let json = r#"{"target_id":"157","changes":[{"key":"$add","new_value":[{"id":"1","name":"role"}]},{"key":"nick","old_value":"a","new_value":"b"},{"key":"permissions","new_value":"8"},{"key":"deny","old_value":12345678901234,"new_value":0},{"key":"mute","new_value":true}],"user_id":"80351110224678912","id":"1160000000000000000","action_type":25,"options":{"count":"3","channel_id":"42","type":"0","role_name":"x"},"reason":"because"}"#;
        let entry: AuditLogEntry = serde_json::from_str(json).unwrap();
        assert_eq!(entry.action_type, AuditLogEvent::MemberRoleUpdate);
        let changes = entry.changes.as_ref().unwrap();
        assert_eq!(changes[0].key, "$add");
        assert_eq!(changes[1].old_value, Some(serde_json::json!("a")));
        assert_eq!(
            changes[3].old_value,
            Some(serde_json::json!(12_345_678_901_234_u64))
        );
        let options = entry.options.as_ref().unwrap();
        assert_eq!(options.count.as_deref(), Some("3"));
        assert_eq!(options.kind.as_deref(), Some("0"));
        assert_eq!(
            serde_json::to_value(&entry).unwrap(),
            serde_json::from_str::<serde_json::Value>(json).unwrap()
        );
    }

    #[test]
    fn audit_log() {
        let json = r#"{"audit_log_entries":[{"target_id":null,"user_id":null,"id":"1","action_type":200,"guild_id":"2"}],"auto_moderation_rules":[null],"users":[{"id":"3","username":"u","discriminator":"0"}],"webhooks":[],"threads":[],"integrations":[],"application_commands":[],"guild_scheduled_events":[]}"#;
        let log: AuditLog = serde_json::from_str(json).unwrap();
        assert!(log.auto_moderation_rules.is_empty());
        let entry = &log.audit_log_entries[0];
        assert_eq!(entry.action_type, AuditLogEvent::Unknown(200));
        assert_eq!(entry.guild_id, Some(Id::new(2)));
        assert_eq!(log.users[0].username, "u");

        assert_eq!(
            serde_json::from_str::<AuditLogEvent>("193").unwrap(),
            AuditLogEvent::VoiceChannelStatusDelete
        );
        assert!(serde_json::from_str::<AuditLogEntry>(r#"{"id":"1","action_type":"x"}"#).is_err());
        assert!(serde_json::from_str::<AuditLog>(r#"{"audit_log_entries":{}}"#).is_err());
    }

    #[cfg(feature = "simd-json")]
    #[test]
    fn simd_json() {
        let mut bytes = br#"{"id":"1","action_type":24,"guild_id":"2","changes":[{"key":"nick","new_value":{"a":[1,"b",null]}}],"user_id":"3","target_id":"4"}"#.to_vec();
        let entry: AuditLogEntry = simd_json::serde::from_slice(&mut bytes).unwrap();
        assert_eq!(
            entry.changes.unwrap()[0].new_value,
            Some(serde_json::json!({"a": [1, "b", null]}))
        );
    }
}
