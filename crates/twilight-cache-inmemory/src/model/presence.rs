//! The cached form of a presence: the status, the per-platform statuses in
//! one integer, and activities with their rarely set parts boxed.

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
    /// The overall status.
    pub status: Status,
    client_status: PackedClientStatus,
    /// The activities.
    pub activities: Box<[CachedActivity]>,
}

impl CachedPresence {
    /// The status per platform.
    pub fn client_status(&self) -> ClientStatus {
        self.client_status.unpack()
    }
}

impl From<&Presence> for CachedPresence {
    fn from(presence: &Presence) -> Self {
        Self {
            status: presence.status.clone(),
            client_status: PackedClientStatus::pack(&presence.client_status),
            activities: presence
                .activities
                .iter()
                .map(CachedActivity::from)
                .collect(),
        }
    }
}

/// Four platform statuses in 3 bits each. Discord's five statuses fit; an
/// unknown status string (none exists today) reads back as offline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct PackedClientStatus(u16);

impl PackedClientStatus {
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

    fn pack(status: &ClientStatus) -> Self {
        Self(
            Self::code(status.desktop.as_ref())
                | Self::code(status.mobile.as_ref()) << 3
                | Self::code(status.web.as_ref()) << 6
                | Self::code(status.vr.as_ref()) << 9,
        )
    }

    fn unpack(self) -> ClientStatus {
        ClientStatus {
            desktop: Self::status(self.0),
            mobile: Self::status(self.0 >> 3),
            web: Self::status(self.0 >> 6),
            vr: Self::status(self.0 >> 9),
        }
    }
}

/// An activity as the cache stores it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CachedActivity {
    /// The activity's name.
    pub name: Box<str>,
    /// The activity type.
    pub kind: ActivityType,
    /// The state (a custom status's text).
    pub state: Option<Box<str>>,
    /// What the user is doing.
    pub details: Option<Box<str>>,
    /// When it was added to the session (ms since the epoch).
    pub created_at: Option<u64>,
    /// Start and end times.
    pub timestamps: Option<ActivityTimestamps>,
    /// The application.
    pub application_id: Option<Id<ApplicationMarker>>,
    /// The rest: few activities carry it.
    pub extras: Option<Box<ActivityExtras>>,
}

/// The parts of an activity that few activities carry.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ActivityExtras {
    /// Stream URL.
    pub url: Option<String>,
    /// Which field is shown in the status.
    pub status_display_type: Option<StatusDisplayType>,
    /// URL of the details text.
    pub details_url: Option<String>,
    /// URL of the state text.
    pub state_url: Option<String>,
    /// The emoji of a custom status.
    pub emoji: Option<ActivityEmoji>,
    /// The party.
    pub party: Option<ActivityParty>,
    /// Images.
    pub assets: Option<ActivityAssets>,
    /// Secrets for joining and spectating.
    pub secrets: Option<ActivitySecrets>,
    /// Whether it is an instanced game session.
    pub instance: Option<bool>,
    /// Activity flags.
    pub flags: Option<ActivityFlags>,
    /// Buttons.
    pub buttons: Option<Vec<ActivityButton>>,
}

impl From<&Activity> for CachedActivity {
    fn from(activity: &Activity) -> Self {
        let extras = ActivityExtras {
            url: activity.url.clone(),
            status_display_type: activity.status_display_type,
            details_url: activity.details_url.clone(),
            state_url: activity.state_url.clone(),
            emoji: activity.emoji.clone(),
            party: activity.party.clone(),
            assets: activity.assets.clone(),
            secrets: activity.secrets.clone(),
            instance: activity.instance,
            flags: activity.flags,
            buttons: activity.buttons.clone(),
        };
        Self {
            name: activity.name.as_str().into(),
            kind: activity.kind,
            state: activity.state.as_deref().map(Into::into),
            details: activity.details.as_deref().map(Into::into),
            created_at: activity.created_at,
            timestamps: activity.timestamps,
            application_id: activity.application_id,
            extras: (extras != ActivityExtras::default()).then(|| Box::new(extras)),
        }
    }
}

impl HeapSize for CachedPresence {
    fn heap_size(&self) -> usize {
        self.activities
            .iter()
            .map(|a| {
                size_of::<CachedActivity>()
                    + a.name.len()
                    + a.state.heap_size()
                    + a.details.heap_size()
                    + a.extras.as_ref().map_or(0, |_| size_of::<ActivityExtras>())
            })
            .sum()
    }
}
