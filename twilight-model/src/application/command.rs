//! Application commands, their options and permissions.

use crate::application::ApplicationIntegrationType;
use crate::channel::ChannelType;
use crate::id::{
    Id,
    marker::{ApplicationMarker, CommandMarker, CommandVersionMarker, GenericMarker, GuildMarker},
};
use crate::interaction::InteractionContextType;
use crate::permissions::Permissions;
use serde::de::{Error as DeError, Unexpected, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::HashMap;
use std::fmt::{self, Formatter};

crate::int_enum! {
    /// Type of an application command.
    pub enum CommandType: u8 {
        /// Slash command, shown when a user types `/`.
        ChatInput = 1,
        /// Shown when right clicking or tapping a user.
        User = 2,
        /// Shown when right clicking or tapping a message.
        Message = 3,
        /// Primary way to invoke an app's Activity.
        PrimaryEntryPoint = 4,
    }
}

crate::int_enum! {
    /// Type of an application command option.
    pub enum CommandOptionType: u8 {
        /// Subcommand.
        SubCommand = 1,
        /// Group of subcommands.
        SubCommandGroup = 2,
        /// String.
        String = 3,
        /// Integer between -2^53+1 and 2^53-1.
        Integer = 4,
        /// Boolean.
        Boolean = 5,
        /// User.
        User = 6,
        /// Channel, including categories.
        Channel = 7,
        /// Role.
        Role = 8,
        /// User or role.
        Mentionable = 9,
        /// Double between -2^53 and 2^53.
        Number = 10,
        /// Attachment.
        Attachment = 11,
    }
}

crate::int_enum! {
    /// Who handles a primary entry point command.
    pub enum EntryPointCommandHandlerType: u8 {
        /// The app handles the interaction with an interaction token.
        AppHandler = 1,
        /// Discord launches the Activity and sends a follow-up message.
        DiscordLaunchActivity = 2,
    }
}

crate::int_enum! {
    /// What an application command permission applies to.
    pub enum CommandPermissionType: u8 {
        /// A role.
        Role = 1,
        /// A user.
        User = 2,
        /// A channel.
        Channel = 3,
    }
}

/// Application command.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Command {
    /// Unique id of the command.
    pub id: Id<CommandMarker>,
    /// Type of command (defaults to chat input).
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<CommandType>,
    /// Id of the parent application.
    pub application_id: Id<ApplicationMarker>,
    /// Guild of the command, if not global.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
    /// Name; 1-32 characters.
    pub name: String,
    /// Localised name in the requested locale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_localized: Option<String>,
    /// Localisations of the name, by locale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_localizations: Option<HashMap<String, String>>,
    /// Description; empty for user and message commands.
    pub description: String,
    /// Localised description in the requested locale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description_localized: Option<String>,
    /// Localisations of the description, by locale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description_localizations: Option<HashMap<String, String>>,
    /// Parameters; max 25.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<CommandOption>>,
    /// Permissions a member needs by default; `None` for everyone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_member_permissions: Option<Permissions>,
    /// Deprecated: whether the command is available in DMs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dm_permission: Option<bool>,
    /// Deprecated: whether the command is enabled by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_permission: Option<bool>,
    /// Whether the command is age-restricted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nsfw: Option<bool>,
    /// Installation contexts where the command is available.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integration_types: Option<Vec<ApplicationIntegrationType>>,
    /// Interaction contexts where the command can be used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contexts: Option<Vec<InteractionContextType>>,
    /// Autoincrementing version identifier.
    pub version: Id<CommandVersionMarker>,
    /// Who handles a primary entry point command.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handler: Option<EntryPointCommandHandlerType>,
}

/// Parameter of an application command.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommandOption {
    /// Type of option.
    #[serde(rename = "type")]
    pub kind: CommandOptionType,
    /// Name; 1-32 characters.
    pub name: String,
    /// Localised name in the requested locale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_localized: Option<String>,
    /// Localisations of the name, by locale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_localizations: Option<HashMap<String, String>>,
    /// Description; 1-100 characters.
    pub description: String,
    /// Localised description in the requested locale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description_localized: Option<String>,
    /// Localisations of the description, by locale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description_localizations: Option<HashMap<String, String>>,
    /// Whether the parameter is required (defaults to `false`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    /// Choices to pick from; max 25.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choices: Option<Vec<CommandOptionChoice>>,
    /// Parameters of a subcommand, or subcommands of a group; max 25.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<CommandOption>>,
    /// Channel types a channel option is restricted to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_types: Option<Vec<ChannelType>>,
    /// Minimum value of an integer or number option.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_value: Option<CommandOptionValueBound>,
    /// Maximum value of an integer or number option.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_value: Option<CommandOptionValueBound>,
    /// Minimum length of a string option; 0-6000.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u16>,
    /// Maximum length of a string option; 1-6000.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u16>,
    /// Whether autocomplete interactions are enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub autocomplete: Option<bool>,
    /// File types an attachment option accepts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_types: Option<Vec<String>>,
}

impl CommandOption {
    /// An option of `kind` with its name and description; every optional
    /// field unset (set them on the returned value).
    ///
    /// ```
    /// use twilight_model::application::command::{CommandOption, CommandOptionType};
    ///
    /// let sides = CommandOption {
    ///     required: Some(true),
    ///     ..CommandOption::new(CommandOptionType::Integer, "sides", "How many sides")
    /// };
    /// assert_eq!(sides.name, "sides");
    /// assert_eq!(sides.choices, None);
    /// ```
    #[must_use]
    pub fn new(
        kind: CommandOptionType,
        name: impl Into<String>,
        description: impl Into<String>,
    ) -> Self {
        Self {
            kind,
            name: name.into(),
            name_localized: None,
            name_localizations: None,
            description: description.into(),
            description_localized: None,
            description_localizations: None,
            required: None,
            choices: None,
            options: None,
            channel_types: None,
            min_value: None,
            max_value: None,
            min_length: None,
            max_length: None,
            autocomplete: None,
            file_types: None,
        }
    }
}

/// Choice of a string, integer or number option.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommandOptionChoice {
    /// Name; 1-100 characters.
    pub name: String,
    /// Localised name in the requested locale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_localized: Option<String>,
    /// Localisations of the name, by locale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_localizations: Option<HashMap<String, String>>,
    /// Value of the choice.
    pub value: CommandOptionChoiceValue,
}

/// Value of a [`CommandOptionChoice`], as sent in JSON.
#[derive(Clone, Debug, PartialEq)]
pub enum CommandOptionChoiceValue {
    /// String; up to 100 characters.
    String(String),
    /// Integer.
    Integer(i64),
    /// Double.
    Number(f64),
}

impl Serialize for CommandOptionChoiceValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::String(value) => serializer.serialize_str(value),
            Self::Integer(value) => serializer.serialize_i64(*value),
            Self::Number(value) => serializer.serialize_f64(*value),
        }
    }
}

impl<'de> Deserialize<'de> for CommandOptionChoiceValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = CommandOptionChoiceValue;
            fn expecting(&self, f: &mut Formatter<'_>) -> fmt::Result {
                f.write_str("a string, integer or number")
            }
            fn visit_str<E: DeError>(self, v: &str) -> Result<Self::Value, E> {
                Ok(CommandOptionChoiceValue::String(v.to_owned()))
            }
            fn visit_string<E: DeError>(self, v: String) -> Result<Self::Value, E> {
                Ok(CommandOptionChoiceValue::String(v))
            }
            fn visit_i64<E: DeError>(self, v: i64) -> Result<Self::Value, E> {
                Ok(CommandOptionChoiceValue::Integer(v))
            }
            fn visit_u64<E: DeError>(self, v: u64) -> Result<Self::Value, E> {
                i64::try_from(v)
                    .map(CommandOptionChoiceValue::Integer)
                    .map_err(|_| E::invalid_value(Unexpected::Unsigned(v), &self))
            }
            fn visit_f64<E: DeError>(self, v: f64) -> Result<Self::Value, E> {
                Ok(CommandOptionChoiceValue::Number(v))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// Minimum or maximum value of an integer or number option.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum CommandOptionValueBound {
    /// Bound of an integer option.
    Integer(i64),
    /// Bound of a number option.
    Number(f64),
}

impl Serialize for CommandOptionValueBound {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Integer(value) => serializer.serialize_i64(*value),
            Self::Number(value) => serializer.serialize_f64(*value),
        }
    }
}

impl<'de> Deserialize<'de> for CommandOptionValueBound {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = CommandOptionValueBound;
            fn expecting(&self, f: &mut Formatter<'_>) -> fmt::Result {
                f.write_str("an integer or a number")
            }
            fn visit_i64<E: DeError>(self, v: i64) -> Result<Self::Value, E> {
                Ok(CommandOptionValueBound::Integer(v))
            }
            fn visit_u64<E: DeError>(self, v: u64) -> Result<Self::Value, E> {
                i64::try_from(v)
                    .map(CommandOptionValueBound::Integer)
                    .map_err(|_| E::invalid_value(Unexpected::Unsigned(v), &self))
            }
            fn visit_f64<E: DeError>(self, v: f64) -> Result<Self::Value, E> {
                Ok(CommandOptionValueBound::Number(v))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// Permissions of the commands of an application in a guild.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GuildCommandPermissions {
    /// Id of the command, or of the application for all its commands.
    pub id: Id<GenericMarker>,
    /// Id of the application the command belongs to.
    pub application_id: Id<ApplicationMarker>,
    /// Id of the guild.
    pub guild_id: Id<GuildMarker>,
    /// Permissions of the command in the guild; max 100.
    pub permissions: Vec<CommandPermission>,
}

/// Permission of a command for a role, user or channel.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CommandPermission {
    /// Id of the role, user or channel, or a permission constant
    /// (`guild_id` for `@everyone`, `guild_id - 1` for all channels).
    pub id: Id<GenericMarker>,
    /// What the id names.
    #[serde(rename = "type")]
    pub kind: CommandPermissionType,
    /// `true` to allow, `false` to disallow.
    pub permission: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn command_round_trip() {
        let input = json!({
            "id": "1234567890123456789",
            "type": 1,
            "application_id": "775799577604522054",
            "guild_id": "772904309264089089",
            "name": "blep",
            "name_localizations": {"de": "blep-de"},
            "description": "Send a random adorable animal photo",
            "description_localizations": {"de": "Tierfoto"},
            "default_member_permissions": "8",
            "dm_permission": false,
            "default_permission": true,
            "nsfw": false,
            "integration_types": [0, 1],
            "contexts": [0, 1, 2],
            "version": "1234567890123456790",
            "options": [
                {
                    "type": 3,
                    "name": "animal",
                    "description": "The type of animal",
                    "required": true,
                    "choices": [
                        {"name": "Dog", "value": "animal_dog", "name_localizations": {"de": "Hund"}},
                        {"name": "Cat", "value": "animal_cat"}
                    ],
                    "min_length": 1,
                    "max_length": 20
                },
                {"type": 4, "name": "count", "description": "How many", "min_value": -5, "max_value": 10, "autocomplete": true},
                {"type": 10, "name": "ratio", "description": "Ratio", "min_value": 0.5, "max_value": 2.0,
                 "choices": [{"name": "half", "value": 0.5}]},
                {"type": 4, "name": "pick", "description": "Pick", "choices": [{"name": "one", "value": 1}]},
                {"type": 7, "name": "channel", "description": "Where", "channel_types": [0, 2]},
                {"type": 11, "name": "file", "description": "A file", "file_types": ["image", ".pdf"]},
                {"type": 2, "name": "group", "description": "Group", "options": [
                    {"type": 1, "name": "sub", "description": "Sub", "options": [
                        {"type": 5, "name": "flag", "description": "Flag"}
                    ]}
                ]}
            ]
        });
        let command: Command = serde_json::from_value(input.clone()).unwrap();
        assert_eq!(command.kind, Some(CommandType::ChatInput));
        let options = command.options.as_ref().unwrap();
        assert_eq!(
            options[1].min_value,
            Some(CommandOptionValueBound::Integer(-5))
        );
        assert_eq!(
            options[2].max_value,
            Some(CommandOptionValueBound::Number(2.0))
        );
        assert_eq!(
            options[0].choices.as_ref().unwrap()[0].value,
            CommandOptionChoiceValue::String("animal_dog".to_owned())
        );
        assert_eq!(
            options[3].choices.as_ref().unwrap()[0].value,
            CommandOptionChoiceValue::Integer(1)
        );
        assert_eq!(serde_json::to_value(&command).unwrap(), input);
    }

    #[test]
    fn entry_point_and_unknown_values() {
        let input = json!({
            "id": "1",
            "type": 4,
            "application_id": "2",
            "name": "launch",
            "description": "",
            "version": "3",
            "handler": 2,
            "contexts": [7]
        });
        let command: Command = serde_json::from_value(input.clone()).unwrap();
        assert_eq!(command.kind, Some(CommandType::PrimaryEntryPoint));
        assert_eq!(
            command.handler,
            Some(EntryPointCommandHandlerType::DiscordLaunchActivity)
        );
        assert_eq!(
            command.contexts,
            Some(vec![InteractionContextType::Unknown(7)])
        );
        assert_eq!(serde_json::to_value(&command).unwrap(), input);
    }

    #[test]
    fn guild_permissions() {
        let input = json!({
            "id": "1",
            "application_id": "2",
            "guild_id": "3",
            "permissions": [
                {"id": "4", "type": 1, "permission": true},
                {"id": "5", "type": 3, "permission": false},
                {"id": "6", "type": 9, "permission": false}
            ]
        });
        let permissions: GuildCommandPermissions = serde_json::from_value(input.clone()).unwrap();
        assert_eq!(permissions.permissions[0].kind, CommandPermissionType::Role);
        assert_eq!(
            permissions.permissions[2].kind,
            CommandPermissionType::Unknown(9)
        );
        assert_eq!(serde_json::to_value(&permissions).unwrap(), input);
    }

    #[test]
    fn malformed_is_an_error() {
        assert!(
            serde_json::from_value::<CommandOptionChoice>(json!({"name": "a", "value": true}))
                .is_err()
        );
        assert!(
            serde_json::from_value::<CommandOption>(
                json!({"type": 4, "name": "a", "description": "b", "min_value": "1"})
            )
            .is_err()
        );
        assert!(serde_json::from_value::<Command>(json!({"id": "1", "name": "a"})).is_err());
    }
}
