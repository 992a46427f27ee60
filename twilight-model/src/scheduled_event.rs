//! Guild scheduled events (resources/guild-scheduled-event.mdx).

use crate::Timestamp;
use crate::guild::PartialMember;
use crate::id::{
    Id,
    marker::{ChannelMarker, GenericMarker, GuildMarker, ScheduledEventMarker, UserMarker},
};
use crate::user::User;
use crate::util::image_hash::ImageHash;
use serde::{Deserialize, Serialize};

/// A scheduled event in a guild.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GuildScheduledEvent {
    /// The id of the scheduled event.
    pub id: Id<ScheduledEventMarker>,
    /// The guild id which the scheduled event belongs to.
    pub guild_id: Id<GuildMarker>,
    /// The channel id in which the event will be hosted; `None` for external events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_id: Option<Id<ChannelMarker>>,
    /// The id of the user that created the scheduled event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creator_id: Option<Id<UserMarker>>,
    /// The name of the scheduled event (1-100 characters).
    pub name: String,
    /// The description of the scheduled event (1-1000 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The time the scheduled event will start.
    pub scheduled_start_time: Timestamp,
    /// The time the scheduled event will end; required for external events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheduled_end_time: Option<Timestamp>,
    /// The privacy level of the scheduled event.
    pub privacy_level: PrivacyLevel,
    /// The status of the scheduled event.
    pub status: ScheduledEventStatus,
    /// The type of the scheduled event.
    pub entity_type: EntityType,
    /// The id of an entity associated with the scheduled event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity_id: Option<Id<GenericMarker>>,
    /// Additional metadata for the scheduled event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity_metadata: Option<EntityMetadata>,
    /// The user that created the scheduled event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creator: Option<User>,
    /// The number of users subscribed to the scheduled event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_count: Option<u64>,
    /// The cover image hash of the scheduled event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<ImageHash>,
    /// The definition for how often this event should recur.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recurrence_rule: Option<RecurrenceRule>,
}

crate::int_enum! {
    /// Who can see a scheduled event.
    pub enum PrivacyLevel: u8 {
        /// Only accessible to guild members.
        GuildOnly = 2,
    }
}

crate::int_enum! {
    /// Where a scheduled event takes place.
    pub enum EntityType: u8 {
        /// In a stage instance.
        StageInstance = 1,
        /// In a voice channel.
        Voice = 2,
        /// Somewhere else.
        External = 3,
    }
}

crate::int_enum! {
    /// The status of a scheduled event.
    pub enum ScheduledEventStatus: u8 {
        /// Not started yet.
        Scheduled = 1,
        /// Happening now.
        Active = 2,
        /// Over.
        Completed = 3,
        /// Called off.
        Canceled = 4,
    }
}

/// Additional metadata of a scheduled event.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct EntityMetadata {
    /// Location of the event (1-100 characters); required for external events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
}

/// A user subscribed to a scheduled event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GuildScheduledEventUser {
    /// The scheduled event id which the user subscribed to.
    pub guild_scheduled_event_id: Id<ScheduledEventMarker>,
    /// User which subscribed to an event.
    pub user: User,
    /// Guild member data for this user for the event's guild, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<PartialMember>,
}

/// How often a scheduled event recurs (a subset of iCalendar's RRULE).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RecurrenceRule {
    /// Starting time of the recurrence interval.
    pub start: Timestamp,
    /// Ending time of the recurrence interval.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<Timestamp>,
    /// How often the event occurs.
    pub frequency: RecurrenceRuleFrequency,
    /// The spacing between the events, in units of `frequency`.
    pub interval: u16,
    /// Specific days within a week for the event to recur on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by_weekday: Option<Vec<RecurrenceRuleWeekday>>,
    /// Specific days within a specific week (1-5) to recur on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by_n_weekday: Option<Vec<RecurrenceRuleNWeekday>>,
    /// Specific months to recur on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by_month: Option<Vec<RecurrenceRuleMonth>>,
    /// Specific dates within a month to recur on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by_month_day: Option<Vec<u8>>,
    /// Days within a year to recur on (1-364).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by_year_day: Option<Vec<u16>>,
    /// The total number of times the event may recur before stopping.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
}

crate::int_enum! {
    /// How often a recurring event occurs.
    pub enum RecurrenceRuleFrequency: u8 {
        /// Every year.
        Yearly = 0,
        /// Every month.
        Monthly = 1,
        /// Every week.
        Weekly = 2,
        /// Every day.
        Daily = 3,
    }
}

crate::int_enum! {
    /// A day of the week in a recurrence rule.
    pub enum RecurrenceRuleWeekday: u8 {
        /// Monday.
        Monday = 0,
        /// Tuesday.
        Tuesday = 1,
        /// Wednesday.
        Wednesday = 2,
        /// Thursday.
        Thursday = 3,
        /// Friday.
        Friday = 4,
        /// Saturday.
        Saturday = 5,
        /// Sunday.
        Sunday = 6,
    }
}

/// A day within a specific week of the month.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RecurrenceRuleNWeekday {
    /// The week to recur on, 1-5.
    pub n: u8,
    /// The day within the week to recur on.
    pub day: RecurrenceRuleWeekday,
}

crate::int_enum! {
    /// A month in a recurrence rule.
    pub enum RecurrenceRuleMonth: u8 {
        /// January.
        January = 1,
        /// February.
        February = 2,
        /// March.
        March = 3,
        /// April.
        April = 4,
        /// May.
        May = 5,
        /// June.
        June = 6,
        /// July.
        July = 7,
        /// August.
        August = 8,
        /// September.
        September = 9,
        /// October.
        October = 10,
        /// November.
        November = 11,
        /// December.
        December = 12,
    }
}

/// A change to one occurrence of a recurring scheduled event: moved or
/// canceled.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuildScheduledEventException {
    /// The event.
    pub event_id: Id<ScheduledEventMarker>,
    /// The exception.
    pub event_exception_id: Id<GenericMarker>,
    /// The occurrence's new start.
    pub scheduled_start_time: Option<Timestamp>,
    /// The occurrence's new end.
    pub scheduled_end_time: Option<Timestamp>,
    /// Whether the occurrence is canceled.
    pub is_canceled: bool,
}

/// How many users are interested in a scheduled event and in each of its
/// exceptions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduledEventUserCount {
    /// Users interested in the event.
    pub guild_scheduled_event_count: u64,
    /// Users interested in each exception, by exception id.
    pub guild_scheduled_event_exception_counts: std::collections::HashMap<Id<GenericMarker>, u64>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guild::test_support::{fill, round_trip};

    #[test]
    fn external_event_with_recurrence() {
        let event: GuildScheduledEvent = round_trip(
            r#"{
              "id": "1000000000000000001",
              "guild_id": "197038439483310086",
              "channel_id": null,
              "creator_id": "80351110224678912",
              "name": "Meetup",
              "description": "Monthly",
              "scheduled_start_time": "2024-01-24T18:00:00.000000+00:00",
              "scheduled_end_time": "2024-01-24T20:00:00.000000+00:00",
              "privacy_level": 2,
              "status": 1,
              "entity_type": 3,
              "entity_id": null,
              "entity_metadata": {"location": "Somewhere"},
              "user_count": 12,
              "image": "a_bab14f271d565501444b2ca3be944b25",
              "recurrence_rule": {
                "start": "2024-01-24T18:00:00.000000+00:00",
                "end": null,
                "frequency": 1,
                "interval": 1,
                "by_weekday": null,
                "by_n_weekday": [{"n": 4, "day": 2}],
                "by_month": null,
                "by_month_day": null,
                "by_year_day": null,
                "count": null
              }
            }"#,
        );
        assert_eq!(event.entity_type, EntityType::External);
        assert_eq!(event.status, ScheduledEventStatus::Scheduled);
        assert_eq!(event.privacy_level, PrivacyLevel::GuildOnly);
        assert_eq!(
            event.entity_metadata.unwrap().location.as_deref(),
            Some("Somewhere")
        );
        let rule = event.recurrence_rule.unwrap();
        assert_eq!(rule.frequency, RecurrenceRuleFrequency::Monthly);
        assert_eq!(
            rule.by_n_weekday.unwrap()[0],
            RecurrenceRuleNWeekday {
                n: 4,
                day: RecurrenceRuleWeekday::Wednesday
            }
        );
    }

    #[test]
    fn annual_rule_and_unknown_values() {
        let rule: RecurrenceRule = round_trip(
            r#"{"start":"2024-07-24T00:00:00.000000+00:00","frequency":0,"interval":1,
                "by_month":[7],"by_month_day":[24]}"#,
        );
        assert_eq!(rule.by_month.unwrap(), [RecurrenceRuleMonth::July]);
        assert_eq!(
            serde_json::from_str::<ScheduledEventStatus>("7").unwrap(),
            ScheduledEventStatus::Unknown(7)
        );
        assert_eq!(
            serde_json::from_str::<EntityType>("9").unwrap(),
            EntityType::Unknown(9)
        );
    }

    #[test]
    fn event_user() {
        let user: GuildScheduledEventUser = serde_json::from_str(&fill(
            r#"{"guild_scheduled_event_id":"5","user":@USER@,"member":{"roles":[],"joined_at":null}}"#,
        ))
        .unwrap();
        assert_eq!(user.guild_scheduled_event_id.get(), 5);
        assert!(user.member.is_some());
    }

    #[test]
    fn malformed() {
        assert!(
            serde_json::from_str::<RecurrenceRule>(
                r#"{"start":"yesterday","frequency":0,"interval":1}"#
            )
            .is_err()
        );
    }
}
