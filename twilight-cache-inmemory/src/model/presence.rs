//! The cached form of a presence: statuses packed in one integer, and
//! activities as a name and a list of the fields they actually carry.
//!
//! An activity has some twenty optional fields and sets four to eight of
//! them; a list of present fields costs 24 bytes per field instead of a
//! struct with room for all of them.

use crate::heap::HeapSize;
use twilight_model::gateway::presence::{
    Activity, ActivityAssets, ActivityButton, ActivityEmoji, ActivityFlags, ActivityParty,
    ActivitySecrets, ActivityTimestamps, ActivityType, ClientStatus, Presence, Status,
    StatusDisplayType,
};
use twilight_model::id::{Id, marker::ApplicationMarker};

/// A presence as the cache stores it; the user id is the map key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CachedPresence {
    statuses: PackedStatuses,
    /// The activities.
    pub activities: Box<[CachedActivity]>,
}

impl CachedPresence {
    /// The overall status.
    pub fn status(&self) -> Status {
        PackedStatuses::status(self.statuses.0 >> 12).unwrap_or(Status::Offline)
    }

    /// The status per platform.
    pub fn client_status(&self) -> ClientStatus {
        self.statuses.client_status()
    }
}

impl From<&Presence> for CachedPresence {
    fn from(presence: &Presence) -> Self {
        Self {
            statuses: PackedStatuses::pack(&presence.status, &presence.client_status),
            activities: presence
                .activities
                .iter()
                .map(CachedActivity::from)
                .collect(),
        }
    }
}

/// The overall and four platform statuses in 3 bits each. Discord's five
/// statuses fit; a status string Discord does not document reads back as
/// offline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct PackedStatuses(u16);

impl PackedStatuses {
    fn code(status: Option<&Status>) -> u16 {
        match status {
            None => 0,
            Some(Status::Online) => 1,
            Some(Status::DoNotDisturb) => 2,
            Some(Status::Idle) => 3,
            Some(Status::Invisible) => 4,
            Some(_) => 5,
        }
    }

    fn status(code: u16) -> Option<Status> {
        match code & 7 {
            0 => None,
            1 => Some(Status::Online),
            2 => Some(Status::DoNotDisturb),
            3 => Some(Status::Idle),
            4 => Some(Status::Invisible),
            _ => Some(Status::Offline),
        }
    }

    fn pack(status: &Status, client: &ClientStatus) -> Self {
        Self(
            Self::code(client.desktop.as_ref())
                | Self::code(client.mobile.as_ref()) << 3
                | Self::code(client.web.as_ref()) << 6
                | Self::code(client.vr.as_ref()) << 9
                | Self::code(Some(status)) << 12,
        )
    }

    fn client_status(self) -> ClientStatus {
        ClientStatus {
            desktop: Self::status(self.0),
            mobile: Self::status(self.0 >> 3),
            web: Self::status(self.0 >> 6),
            vr: Self::status(self.0 >> 9),
        }
    }
}

/// An activity as the cache stores it: the name, the type, and the fields
/// it carries. [`to_activity`](Self::to_activity) rebuilds the full form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CachedActivity {
    /// The activity's name.
    pub name: Box<str>,
    /// The activity type.
    pub kind: ActivityType,
    /// The fields the activity carries, in no particular order.
    pub fields: Box<[ActivityField]>,
}

macro_rules! activity_fields {
    (
        text { $( $(#[$tdoc:meta])* $text:ident => $tpath:ident $(. $tsub:ident)?, )* }
        other { $( $(#[$odoc:meta])* $other:ident($oty:ty) => $opath:ident $(. $osub:ident)?, )* }
    ) => {
        /// One field of a cached activity.
        #[derive(Clone, Debug, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum ActivityField {
            $( $(#[$tdoc])* $text(Box<str>), )*
            $( $(#[$odoc])* $other($oty), )*
        }

        impl ActivityField {
            fn collect(activity: &Activity) -> Vec<Self> {
                let mut fields = Vec::new();
                $(
                    if let Some(value) = activity_fields!(@get activity, $tpath $(. $tsub)?) {
                        fields.push(Self::$text(value.as_str().into()));
                    }
                )*
                $(
                    if let Some(value) = activity_fields!(@get activity, $opath $(. $osub)?) {
                        fields.push(Self::$other(value.clone().into()));
                    }
                )*
                fields
            }

            fn heap_size(&self) -> usize {
                match self {
                    $( Self::$text(text) => text.len(), )*
                    _ => 0,
                }
            }
        }
    };
    (@get $activity:ident, $path:ident) => { $activity.$path.as_ref() };
    (@get $activity:ident, $path:ident . $sub:ident) => {
        $activity.$path.as_ref().and_then(|inner| inner.$sub.as_ref())
    };
}

activity_fields! {
    text {
        /// What the user is doing, or a custom status's text.
        State => state,
        /// Details of what the user is doing.
        Details => details,
        /// The stream URL.
        Url => url,
        /// The URL of the details text.
        DetailsUrl => details_url,
        /// The URL of the state text.
        StateUrl => state_url,
        /// The large image.
        LargeImage => assets.large_image,
        /// The large image's hover text.
        LargeText => assets.large_text,
        /// The large image's link.
        LargeUrl => assets.large_url,
        /// The small image.
        SmallImage => assets.small_image,
        /// The small image's hover text.
        SmallText => assets.small_text,
        /// The small image's link.
        SmallUrl => assets.small_url,
        /// The invite cover image.
        InviteCoverImage => assets.invite_cover_image,
    }
    other {
        /// When the activity was added to the session (ms since the epoch).
        CreatedAt(u64) => created_at,
        /// When the activity started (ms since the epoch).
        Start(u64) => timestamps.start,
        /// When the activity ends (ms since the epoch).
        End(u64) => timestamps.end,
        /// The application.
        ApplicationId(Id<ApplicationMarker>) => application_id,
        /// Which field the status shows.
        StatusDisplayType(StatusDisplayType) => status_display_type,
        /// A custom status's emoji.
        Emoji(Box<ActivityEmoji>) => emoji,
        /// The party.
        Party(Box<ActivityParty>) => party,
        /// Secrets for joining and spectating.
        Secrets(Box<ActivitySecrets>) => secrets,
        /// Whether it is an instanced game session.
        Instance(bool) => instance,
        /// Activity flags.
        Flags(ActivityFlags) => flags,
        /// Buttons.
        Buttons(Box<[ActivityButton]>) => buttons,
    }
}

impl From<&Activity> for CachedActivity {
    fn from(activity: &Activity) -> Self {
        Self {
            name: activity.name.as_str().into(),
            kind: activity.kind,
            fields: ActivityField::collect(activity).into_boxed_slice(),
        }
    }
}

impl CachedActivity {
    fn text(&self, pick: fn(&ActivityField) -> Option<&str>) -> Option<&str> {
        self.fields.iter().find_map(pick)
    }

    /// The state (a custom status's text).
    pub fn state(&self) -> Option<&str> {
        self.text(|f| match f {
            ActivityField::State(text) => Some(text),
            _ => None,
        })
    }

    /// What the user is doing.
    pub fn details(&self) -> Option<&str> {
        self.text(|f| match f {
            ActivityField::Details(text) => Some(text),
            _ => None,
        })
    }

    /// The activity in its full model form.
    pub fn to_activity(&self) -> Activity {
        let mut activity = Activity {
            name: self.name.to_string(),
            kind: self.kind,
            url: None,
            created_at: None,
            timestamps: None,
            application_id: None,
            status_display_type: None,
            details: None,
            details_url: None,
            state: None,
            state_url: None,
            emoji: None,
            party: None,
            assets: None,
            secrets: None,
            instance: None,
            flags: None,
            buttons: None,
        };
        for field in &self.fields {
            apply(&mut activity, field);
        }
        activity
    }
}

fn apply(activity: &mut Activity, field: &ActivityField) {
    fn assets(activity: &mut Activity) -> &mut ActivityAssets {
        activity.assets.get_or_insert(ActivityAssets {
            large_image: None,
            large_text: None,
            large_url: None,
            small_image: None,
            small_text: None,
            small_url: None,
            invite_cover_image: None,
        })
    }
    fn timestamps(activity: &mut Activity) -> &mut ActivityTimestamps {
        activity.timestamps.get_or_insert(ActivityTimestamps {
            start: None,
            end: None,
        })
    }
    let text = |t: &str| Some(t.to_owned());
    match field {
        ActivityField::State(t) => activity.state = text(t),
        ActivityField::Details(t) => activity.details = text(t),
        ActivityField::Url(t) => activity.url = text(t),
        ActivityField::DetailsUrl(t) => activity.details_url = text(t),
        ActivityField::StateUrl(t) => activity.state_url = text(t),
        ActivityField::LargeImage(t) => assets(activity).large_image = text(t),
        ActivityField::LargeText(t) => assets(activity).large_text = text(t),
        ActivityField::LargeUrl(t) => assets(activity).large_url = text(t),
        ActivityField::SmallImage(t) => assets(activity).small_image = text(t),
        ActivityField::SmallText(t) => assets(activity).small_text = text(t),
        ActivityField::SmallUrl(t) => assets(activity).small_url = text(t),
        ActivityField::InviteCoverImage(t) => assets(activity).invite_cover_image = text(t),
        ActivityField::CreatedAt(v) => activity.created_at = Some(*v),
        ActivityField::Start(v) => timestamps(activity).start = Some(*v),
        ActivityField::End(v) => timestamps(activity).end = Some(*v),
        ActivityField::ApplicationId(id) => activity.application_id = Some(*id),
        ActivityField::StatusDisplayType(t) => activity.status_display_type = Some(*t),
        ActivityField::Emoji(e) => activity.emoji = Some((**e).clone()),
        ActivityField::Party(p) => activity.party = Some((**p).clone()),
        ActivityField::Secrets(s) => activity.secrets = Some((**s).clone()),
        ActivityField::Instance(i) => activity.instance = Some(*i),
        ActivityField::Flags(f) => activity.flags = Some(*f),
        ActivityField::Buttons(b) => activity.buttons = Some(b.to_vec()),
    }
}

impl HeapSize for CachedPresence {
    fn heap_size(&self) -> usize {
        self.activities
            .iter()
            .map(|a| {
                size_of::<CachedActivity>()
                    + a.name.len()
                    + size_of_val(&*a.fields)
                    + a.fields.iter().map(ActivityField::heap_size).sum::<usize>()
            })
            .sum()
    }
}
