//! Interactions: every interaction type, its data, responses and modals.
//!
//! An [`Interaction`]'s `data` takes its form from the interaction's `type`,
//! which may come after `data` in the JSON. Both are read in one pass: `data`
//! into a private struct holding the fields of every form, then turned into
//! the right [`InteractionData`] variant once the object has been read.

mod application_command;
mod message_component;
mod modal;
mod resolved;
mod response;

pub use self::application_command::{
    CommandData, CommandDataOption, CommandOptionScalar, CommandOptionValue,
};
pub use self::message_component::MessageComponentData;
pub use self::modal::{
    ModalInteractionActionRow, ModalInteractionCheckbox, ModalInteractionComponent,
    ModalInteractionLabel, ModalInteractionRadioGroup, ModalInteractionTextDisplay,
    ModalInteractionTextInput, ModalInteractionValues, ModalSubmitData,
};
pub use self::resolved::ResolvedData;
pub use self::response::{
    InteractionCallback, InteractionCallbackActivityInstance, InteractionCallbackResource,
    InteractionCallbackResponse, InteractionResponse, InteractionResponseData,
    InteractionResponseType,
};

use crate::Timestamp;
use crate::application::ApplicationIntegrationType;
use crate::application::command::CommandType;
use crate::channel::Channel;
use crate::entitlement::Entitlement;
use crate::guild::PartialMember;
use crate::id::{
    Id,
    marker::{
        ApplicationMarker, ChannelMarker, GenericMarker, GuildMarker, InteractionMarker, RoleMarker,
    },
};
use crate::message::Message;
use crate::message::component::ComponentType;
use crate::permissions::Permissions;
use crate::user::{AvatarDecorationData, User};
use crate::util::image_hash::ImageHash;
use serde::de::{Error as DeError, Unexpected, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::HashMap;
use std::fmt::{self, Formatter};

crate::int_enum! {
    /// Type of an interaction.
    pub enum InteractionType: u8 {
        /// Ping from Discord to check an interactions endpoint.
        Ping = 1,
        /// Application command.
        ApplicationCommand = 2,
        /// Message component.
        MessageComponent = 3,
        /// Autocomplete of an application command option.
        ApplicationCommandAutocomplete = 4,
        /// Modal submit.
        ModalSubmit = 5,
    }
}

crate::int_enum! {
    /// Context where an interaction can be used or was triggered from.
    pub enum InteractionContextType: u8 {
        /// Within servers.
        Guild = 0,
        /// Within DMs with the app's bot user.
        BotDm = 1,
        /// Within group DMs and DMs other than with the app's bot user.
        PrivateChannel = 2,
    }
}

/// Installation contexts an interaction was authorised for, and the related
/// guild or user ids.
///
/// The value is `None` where Discord sends `"0"`: a guild installation
/// triggered from a DM with the app's bot user.
pub type AuthorizingIntegrationOwners =
    HashMap<ApplicationIntegrationType, Option<Id<GenericMarker>>>;

/// Interaction: a user used an application command, a message component or a modal.
///
/// Six fields Discord documents as always present (`application_id`,
/// `version`, `app_permissions`, `entitlements`,
/// `authorizing_integration_owners`, `attachment_size_limit`) are `Option`s
/// here: Discord's own example interaction omits five of them and
/// `app_permissions` arrived years after interactions did, so payloads
/// without them exist (older API versions, proxies, recorded fixtures) and
/// must not fail the whole INTERACTION_CREATE. Each is `None` only when
/// absent from the payload.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Interaction {
    /// Id of the interaction.
    pub id: Id<InteractionMarker>,
    /// Id of the application the interaction is for (documented as always
    /// present; see the type's docs for why it is an `Option`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub application_id: Option<Id<ApplicationMarker>>,
    /// Type of interaction.
    #[serde(rename = "type")]
    pub kind: InteractionType,
    /// Data, whose form depends on the type; `None` for pings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<InteractionData>,
    /// Partial guild the interaction was sent from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guild: Option<InteractionGuild>,
    /// Guild the interaction was sent from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
    /// Partial channel the interaction was sent from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<Channel>,
    /// Channel the interaction was sent from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel_id: Option<Id<ChannelMarker>>,
    /// Invoking member, with permissions, if in a guild.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub member: Option<InteractionMember>,
    /// Invoking user, if in a DM.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<User>,
    /// Continuation token for responding (never shown by `Debug`).
    pub token: crate::util::secret::Secret,
    /// Read-only property, always `1` (documented as always present).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<u8>,
    /// Message a component or modal was attached to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<Box<Message>>,
    /// Permissions the app has where the interaction was triggered
    /// (documented as always present).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_permissions: Option<Permissions>,
    /// Language of the invoking user (all types but ping).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// Preferred locale of the guild, if in a guild.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guild_locale: Option<String>,
    /// Entitlements of the invoking user, for monetised apps (documented as
    /// always present, empty when there are none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entitlements: Option<Vec<Entitlement>>,
    /// Installation contexts the interaction was authorised for (documented
    /// as always present).
    #[serde(
        serialize_with = "serialize_owners",
        skip_serializing_if = "Option::is_none"
    )]
    pub authorizing_integration_owners: Option<AuthorizingIntegrationOwners>,
    /// Context the interaction was triggered from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context: Option<InteractionContextType>,
    /// Attachment size limit in bytes (documented as always present).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attachment_size_limit: Option<u64>,
}

/// Data of an interaction, by interaction type.
#[derive(Clone, Debug, PartialEq)]
pub enum InteractionData {
    /// Application command or autocomplete.
    ApplicationCommand(Box<CommandData>),
    /// Message component.
    MessageComponent(Box<MessageComponentData>),
    /// Modal submit.
    ModalSubmit(Box<ModalSubmitData>),
}

impl Serialize for InteractionData {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::ApplicationCommand(data) => data.serialize(serializer),
            Self::MessageComponent(data) => data.serialize(serializer),
            Self::ModalSubmit(data) => data.serialize(serializer),
        }
    }
}

/// Partial guild an interaction was sent from.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct InteractionGuild {
    /// Id of the guild.
    pub id: Id<GuildMarker>,
    /// Preferred locale of the guild.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// Enabled guild features.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub features: Option<Vec<String>>,
}

/// Guild member in an interaction: the invoking member (with `user`, `deaf`
/// and `mute`) or a resolved partial member (without them).
///
/// Unlike [`PartialMember`], `permissions` is
/// always present: Discord computes them for every member of an interaction.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InteractionMember {
    /// The user this member represents (absent in resolved data).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<User>,
    /// Guild nickname.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nick: Option<String>,
    /// Guild avatar hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar: Option<ImageHash>,
    /// Guild banner hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub banner: Option<ImageHash>,
    /// Role ids.
    pub roles: Vec<Id<RoleMarker>>,
    /// When the user joined the guild.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub joined_at: Option<Timestamp>,
    /// When the user started boosting the guild.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub premium_since: Option<Timestamp>,
    /// Whether the user is deafened (absent in resolved data).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deaf: Option<bool>,
    /// Whether the user is muted (absent in resolved data).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mute: Option<bool>,
    /// Guild member flags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flags: Option<crate::guild::MemberFlags>,
    /// Whether the user has not yet passed membership screening.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending: Option<bool>,
    /// Undocumented copy of `pending` that Discord sends in interactions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_pending: Option<bool>,
    /// Total permissions of the member in the channel, including overwrites.
    pub permissions: Permissions,
    /// When the member's timeout ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub communication_disabled_until: Option<Timestamp>,
    /// Guild avatar decoration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar_decoration_data: Option<AvatarDecorationData>,
    /// The member's guild collectibles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collectibles: Option<crate::user::Collectibles>,
}

/// Interaction a message is a response to (deprecated in favour of
/// interaction metadata).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MessageInteraction {
    /// Id of the interaction.
    pub id: Id<InteractionMarker>,
    /// Type of the interaction.
    #[serde(rename = "type")]
    pub kind: InteractionType,
    /// Name of the command, including subcommands and groups.
    pub name: String,
    /// User who invoked the interaction.
    pub user: User,
    /// Member who invoked the interaction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<PartialMember>,
}

/// An id sent as a string or an integer, checked once its meaning is known.
struct RawId(u64);

impl<'de> Deserialize<'de> for RawId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = RawId;
            fn expecting(&self, f: &mut Formatter<'_>) -> fmt::Result {
                f.write_str("an id as a string or an integer")
            }
            fn visit_u64<E: DeError>(self, v: u64) -> Result<Self::Value, E> {
                Ok(RawId(v))
            }
            fn visit_i64<E: DeError>(self, v: i64) -> Result<Self::Value, E> {
                u64::try_from(v)
                    .map(RawId)
                    .map_err(|_| E::invalid_value(Unexpected::Signed(v), &self))
            }
            fn visit_str<E: DeError>(self, v: &str) -> Result<Self::Value, E> {
                v.parse()
                    .map(RawId)
                    .map_err(|_| E::invalid_value(Unexpected::Str(v), &self))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// The fields of every form of interaction data, read in one pass.
#[derive(Deserialize)]
struct WideData {
    id: Option<RawId>,
    name: Option<String>,
    #[serde(rename = "type")]
    kind: Option<CommandType>,
    resolved: Option<ResolvedData>,
    options: Option<Vec<CommandDataOption>>,
    guild_id: Option<Id<GuildMarker>>,
    target_id: Option<Id<GenericMarker>>,
    custom_id: Option<String>,
    component_type: Option<ComponentType>,
    values: Option<Vec<String>>,
    components: Option<Vec<ModalInteractionComponent>>,
}

fn required<T, E: DeError>(value: Option<T>, field: &'static str) -> Result<T, E> {
    value.ok_or_else(|| E::missing_field(field))
}

impl WideData {
    /// The data of an interaction of type `kind`; `None` for types without
    /// (known) data.
    fn build<E: DeError>(self, kind: InteractionType) -> Result<Option<InteractionData>, E> {
        Ok(Some(match kind {
            InteractionType::ApplicationCommand
            | InteractionType::ApplicationCommandAutocomplete => {
                let RawId(raw) = required(self.id, "id")?;
                let id = Id::new_checked(raw)
                    .ok_or_else(|| E::invalid_value(Unexpected::Unsigned(raw), &"a non-zero id"))?;
                InteractionData::ApplicationCommand(Box::new(CommandData {
                    id,
                    name: required(self.name, "name")?,
                    kind: required(self.kind, "type")?,
                    resolved: self.resolved,
                    options: self.options,
                    guild_id: self.guild_id,
                    target_id: self.target_id,
                }))
            }
            InteractionType::MessageComponent => {
                let id = self
                    .id
                    .map(|RawId(raw)| {
                        i32::try_from(raw).map_err(|_| {
                            E::invalid_value(Unexpected::Unsigned(raw), &"a 32-bit component id")
                        })
                    })
                    .transpose()?;
                InteractionData::MessageComponent(Box::new(MessageComponentData {
                    id,
                    custom_id: required(self.custom_id, "custom_id")?,
                    component_type: required(self.component_type, "component_type")?,
                    values: self.values,
                    resolved: self.resolved,
                }))
            }
            InteractionType::ModalSubmit => {
                InteractionData::ModalSubmit(Box::new(ModalSubmitData {
                    custom_id: required(self.custom_id, "custom_id")?,
                    components: required(self.components, "components")?,
                    resolved: self.resolved,
                }))
            }
            InteractionType::Ping | InteractionType::Unknown(_) => return Ok(None),
        }))
    }
}

/// An authorizing integration owner id; `"0"` stands for none.
struct OwnerId(Option<Id<GenericMarker>>);

/// An installation context as a map key, sent as a string of its integer.
#[derive(PartialEq, Eq, Hash)]
struct OwnerKey(u8);

impl<'de> Deserialize<'de> for OwnerKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let RawId(raw) = RawId::deserialize(deserializer)?;
        u8::try_from(raw)
            .map(Self)
            .map_err(|_| D::Error::invalid_value(Unexpected::Unsigned(raw), &"an integration type"))
    }
}

impl<'de> Deserialize<'de> for OwnerId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        RawId::deserialize(deserializer).map(|RawId(raw)| Self(Id::new_checked(raw)))
    }
}

fn serialize_owners<S: Serializer>(
    owners: &Option<AuthorizingIntegrationOwners>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    struct Owner(Option<Id<GenericMarker>>);
    impl Serialize for Owner {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            match self.0 {
                Some(id) => id.serialize(serializer),
                None => serializer.serialize_str("0"),
            }
        }
    }
    match owners {
        Some(owners) => {
            let mut map = serializer.serialize_map(Some(owners.len()))?;
            for (key, value) in owners {
                map.serialize_entry(key, &Owner(*value))?;
            }
            map.end()
        }
        None => serializer.serialize_none(),
    }
}

/// An interaction's fields, read in one pass.
#[derive(Deserialize)]
struct WideInteraction {
    id: Id<InteractionMarker>,
    application_id: Option<Id<ApplicationMarker>>,
    #[serde(rename = "type")]
    kind: InteractionType,
    data: Option<WideData>,
    guild: Option<InteractionGuild>,
    guild_id: Option<Id<GuildMarker>>,
    channel: Option<Channel>,
    channel_id: Option<Id<ChannelMarker>>,
    member: Option<InteractionMember>,
    user: Option<User>,
    token: crate::util::secret::Secret,
    version: Option<u8>,
    message: Option<Box<Message>>,
    app_permissions: Option<Permissions>,
    locale: Option<String>,
    guild_locale: Option<String>,
    entitlements: Option<Vec<Entitlement>>,
    authorizing_integration_owners: Option<HashMap<OwnerKey, OwnerId>>,
    context: Option<InteractionContextType>,
    attachment_size_limit: Option<u64>,
}

impl<'de> Deserialize<'de> for Interaction {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wide = WideInteraction::deserialize(deserializer)?;
        let data = match wide.data {
            Some(data) => data.build(wide.kind)?,
            None => None,
        };
        Ok(Self {
            id: wide.id,
            application_id: wide.application_id,
            kind: wide.kind,
            data,
            guild: wide.guild,
            guild_id: wide.guild_id,
            channel: wide.channel,
            channel_id: wide.channel_id,
            member: wide.member,
            user: wide.user,
            token: wide.token,
            version: wide.version,
            message: wide.message,
            app_permissions: wide.app_permissions,
            locale: wide.locale,
            guild_locale: wide.guild_locale,
            entitlements: wide.entitlements,
            authorizing_integration_owners: wide.authorizing_integration_owners.map(|owners| {
                owners
                    .into_iter()
                    .map(|(OwnerKey(key), OwnerId(value))| {
                        (ApplicationIntegrationType::new(key), value)
                    })
                    .collect()
            }),
            context: wide.context,
            attachment_size_limit: wide.attachment_size_limit,
        })
    }
}

#[cfg(test)]
mod tests;
