//! Data of application command and autocomplete interactions.

use super::ResolvedData;
use crate::application::command::{CommandOptionType, CommandType};
use crate::id::{
    Id,
    marker::{
        AttachmentMarker, ChannelMarker, CommandMarker, GenericMarker, GuildMarker, RoleMarker,
        UserMarker,
    },
};
use serde::de::{Error as DeError, Unexpected, Visitor};
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt::{self, Formatter};

/// Data of an application command or autocomplete interaction.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommandData {
    /// Id of the invoked command.
    pub id: Id<CommandMarker>,
    /// Name of the invoked command.
    pub name: String,
    /// Type of the invoked command.
    #[serde(rename = "type")]
    pub kind: CommandType,
    /// Users, members, roles, channels, messages and attachments named by options.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved: Option<ResolvedData>,
    /// Parameters and values from the user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<CommandDataOption>>,
    /// Guild the command is registered to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
    /// User or message targeted by a user or message command.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_id: Option<Id<GenericMarker>>,
}

/// Parameter of an invoked command and its value.
///
/// The option's `type` decides the form of its `value`; both are kept in
/// [`CommandOptionValue`].
#[derive(Clone, Debug, PartialEq)]
pub struct CommandDataOption {
    /// Name of the parameter.
    pub name: String,
    /// Value, subcommand options or focused input.
    pub value: CommandOptionValue,
}

/// Value of a [`CommandDataOption`], by option type.
#[derive(Clone, Debug, PartialEq)]
pub enum CommandOptionValue {
    /// Subcommand and its options.
    SubCommand(Vec<CommandDataOption>),
    /// Subcommand group and its subcommand.
    SubCommandGroup(Vec<CommandDataOption>),
    /// String.
    String(String),
    /// Integer.
    Integer(i64),
    /// Boolean.
    Boolean(bool),
    /// User id.
    User(Id<UserMarker>),
    /// Channel id.
    Channel(Id<ChannelMarker>),
    /// Role id.
    Role(Id<RoleMarker>),
    /// User or role id.
    Mentionable(Id<GenericMarker>),
    /// Double.
    Number(f64),
    /// Attachment id.
    Attachment(Id<AttachmentMarker>),
    /// Partial input of the option focused in an autocomplete interaction,
    /// and the option's type.
    Focused(String, CommandOptionType),
    /// An option type this crate does not know.
    Unknown {
        /// Raw option type.
        kind: u8,
        /// Value, if any.
        value: Option<CommandOptionScalar>,
        /// Nested options, if any.
        options: Option<Vec<CommandDataOption>>,
    },
}

impl CommandOptionValue {
    /// The option type of the value.
    pub const fn kind(&self) -> CommandOptionType {
        match self {
            Self::SubCommand(_) => CommandOptionType::SubCommand,
            Self::SubCommandGroup(_) => CommandOptionType::SubCommandGroup,
            Self::String(_) => CommandOptionType::String,
            Self::Integer(_) => CommandOptionType::Integer,
            Self::Boolean(_) => CommandOptionType::Boolean,
            Self::User(_) => CommandOptionType::User,
            Self::Channel(_) => CommandOptionType::Channel,
            Self::Role(_) => CommandOptionType::Role,
            Self::Mentionable(_) => CommandOptionType::Mentionable,
            Self::Number(_) => CommandOptionType::Number,
            Self::Attachment(_) => CommandOptionType::Attachment,
            Self::Focused(_, kind) => *kind,
            Self::Unknown { kind, .. } => CommandOptionType::new(*kind),
        }
    }
}

/// A JSON scalar option value, as sent.
#[derive(Clone, Debug, PartialEq)]
pub enum CommandOptionScalar {
    /// String.
    String(String),
    /// Integer.
    Integer(i64),
    /// Double.
    Number(f64),
    /// Boolean.
    Boolean(bool),
}

impl CommandOptionScalar {
    fn unexpected(&self) -> Unexpected<'_> {
        match self {
            Self::String(v) => Unexpected::Str(v),
            Self::Integer(v) => Unexpected::Signed(*v),
            Self::Number(v) => Unexpected::Float(*v),
            Self::Boolean(v) => Unexpected::Bool(*v),
        }
    }

    fn into_id<T, E: DeError>(self) -> Result<Id<T>, E> {
        let id = match &self {
            Self::String(v) => v.parse::<u64>().ok().and_then(Id::new_checked),
            Self::Integer(v) => u64::try_from(*v).ok().and_then(Id::new_checked),
            _ => None,
        };
        id.ok_or_else(|| E::invalid_type(self.unexpected(), &"a snowflake"))
    }
}

impl Serialize for CommandOptionScalar {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::String(v) => serializer.serialize_str(v),
            Self::Integer(v) => serializer.serialize_i64(*v),
            Self::Number(v) => serializer.serialize_f64(*v),
            Self::Boolean(v) => serializer.serialize_bool(*v),
        }
    }
}

impl<'de> Deserialize<'de> for CommandOptionScalar {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = CommandOptionScalar;
            fn expecting(&self, f: &mut Formatter<'_>) -> fmt::Result {
                f.write_str("a string, integer, number or boolean")
            }
            fn visit_str<E: DeError>(self, v: &str) -> Result<Self::Value, E> {
                Ok(CommandOptionScalar::String(v.to_owned()))
            }
            fn visit_string<E: DeError>(self, v: String) -> Result<Self::Value, E> {
                Ok(CommandOptionScalar::String(v))
            }
            fn visit_i64<E: DeError>(self, v: i64) -> Result<Self::Value, E> {
                Ok(CommandOptionScalar::Integer(v))
            }
            fn visit_u64<E: DeError>(self, v: u64) -> Result<Self::Value, E> {
                i64::try_from(v)
                    .map(CommandOptionScalar::Integer)
                    .map_err(|_| E::invalid_value(Unexpected::Unsigned(v), &self))
            }
            fn visit_f64<E: DeError>(self, v: f64) -> Result<Self::Value, E> {
                Ok(CommandOptionScalar::Number(v))
            }
            fn visit_bool<E: DeError>(self, v: bool) -> Result<Self::Value, E> {
                Ok(CommandOptionScalar::Boolean(v))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// A data option's fields, as read from JSON in one pass.
#[derive(Deserialize)]
struct WideOption {
    name: String,
    #[serde(rename = "type")]
    kind: CommandOptionType,
    value: Option<CommandOptionScalar>,
    options: Option<Vec<CommandDataOption>>,
    focused: Option<bool>,
}

impl WideOption {
    fn build<E: DeError>(self) -> Result<CommandDataOption, E> {
        let kind = self.kind;
        let value = match kind {
            CommandOptionType::SubCommand => {
                return Ok(CommandDataOption {
                    name: self.name,
                    value: CommandOptionValue::SubCommand(self.options.unwrap_or_default()),
                });
            }
            CommandOptionType::SubCommandGroup => {
                return Ok(CommandDataOption {
                    name: self.name,
                    value: CommandOptionValue::SubCommandGroup(self.options.unwrap_or_default()),
                });
            }
            CommandOptionType::Unknown(raw) => {
                return Ok(CommandDataOption {
                    name: self.name,
                    value: CommandOptionValue::Unknown {
                        kind: raw,
                        value: self.value,
                        options: self.options,
                    },
                });
            }
            _ => self.value.ok_or_else(|| E::missing_field("value"))?,
        };
        let value = if self.focused == Some(true) {
            let text = match value {
                CommandOptionScalar::String(v) => v,
                CommandOptionScalar::Integer(v) => v.to_string(),
                CommandOptionScalar::Number(v) => v.to_string(),
                CommandOptionScalar::Boolean(v) => v.to_string(),
            };
            CommandOptionValue::Focused(text, kind)
        } else {
            match (kind, value) {
                (CommandOptionType::String, CommandOptionScalar::String(v)) => {
                    CommandOptionValue::String(v)
                }
                (CommandOptionType::Integer, CommandOptionScalar::Integer(v)) => {
                    CommandOptionValue::Integer(v)
                }
                (CommandOptionType::Boolean, CommandOptionScalar::Boolean(v)) => {
                    CommandOptionValue::Boolean(v)
                }
                #[allow(clippy::cast_precision_loss)] // Discord limits numbers to 2^53.
                (CommandOptionType::Number, CommandOptionScalar::Integer(v)) => {
                    CommandOptionValue::Number(v as f64)
                }
                (CommandOptionType::Number, CommandOptionScalar::Number(v)) => {
                    CommandOptionValue::Number(v)
                }
                (CommandOptionType::User, v) => CommandOptionValue::User(v.into_id()?),
                (CommandOptionType::Channel, v) => CommandOptionValue::Channel(v.into_id()?),
                (CommandOptionType::Role, v) => CommandOptionValue::Role(v.into_id()?),
                (CommandOptionType::Mentionable, v) => {
                    CommandOptionValue::Mentionable(v.into_id()?)
                }
                (CommandOptionType::Attachment, v) => CommandOptionValue::Attachment(v.into_id()?),
                (_, v) => {
                    return Err(E::invalid_type(
                        v.unexpected(),
                        &"a value of the option's type",
                    ));
                }
            }
        };
        Ok(CommandDataOption {
            name: self.name,
            value,
        })
    }
}

impl<'de> Deserialize<'de> for CommandDataOption {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        WideOption::deserialize(deserializer)?.build()
    }
}

impl Serialize for CommandDataOption {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut state = serializer.serialize_struct("CommandDataOption", 4)?;
        state.serialize_field("name", &self.name)?;
        state.serialize_field("type", &self.value.kind())?;
        match &self.value {
            CommandOptionValue::SubCommand(options)
            | CommandOptionValue::SubCommandGroup(options) => {
                state.serialize_field("options", options)?;
            }
            CommandOptionValue::String(v) => state.serialize_field("value", v)?,
            CommandOptionValue::Integer(v) => state.serialize_field("value", v)?,
            CommandOptionValue::Boolean(v) => state.serialize_field("value", v)?,
            CommandOptionValue::User(v) => state.serialize_field("value", v)?,
            CommandOptionValue::Channel(v) => state.serialize_field("value", v)?,
            CommandOptionValue::Role(v) => state.serialize_field("value", v)?,
            CommandOptionValue::Mentionable(v) => state.serialize_field("value", v)?,
            CommandOptionValue::Number(v) => state.serialize_field("value", v)?,
            CommandOptionValue::Attachment(v) => state.serialize_field("value", v)?,
            CommandOptionValue::Focused(v, _) => {
                state.serialize_field("value", v)?;
                state.serialize_field("focused", &true)?;
            }
            CommandOptionValue::Unknown { value, options, .. } => {
                if let Some(value) = value {
                    state.serialize_field("value", value)?;
                }
                if let Some(options) = options {
                    state.serialize_field("options", options)?;
                }
            }
        }
        state.end()
    }
}
