//! Data of modal submit interactions: the values of the submitted components.

use super::ResolvedData;
use crate::id::{
    Id,
    marker::{AttachmentMarker, ChannelMarker, GenericMarker, RoleMarker, UserMarker},
};
use crate::message::component::{ComponentType, UnknownComponent};
use serde::de::{Error as DeError, Visitor};
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt::{self, Formatter};

/// Data of a modal submit interaction.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModalSubmitData {
    /// Developer-defined identifier of the modal.
    pub custom_id: String,
    /// Values submitted by the user.
    pub components: Vec<ModalInteractionComponent>,
    /// Entities resolved from the selected values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved: Option<ResolvedData>,
}

/// A submitted modal component and its value.
#[derive(Clone, Debug, PartialEq)]
pub enum ModalInteractionComponent {
    /// Legacy row of text inputs.
    ActionRow(ModalInteractionActionRow),
    /// Label and the labelled component.
    Label(ModalInteractionLabel),
    /// Text input and its text.
    TextInput(ModalInteractionTextInput),
    /// String select and the selected option values.
    StringSelect(ModalInteractionValues<String>),
    /// User select and the selected users.
    UserSelect(ModalInteractionValues<Id<UserMarker>>),
    /// Role select and the selected roles.
    RoleSelect(ModalInteractionValues<Id<RoleMarker>>),
    /// Mentionable select and the selected users and roles.
    MentionableSelect(ModalInteractionValues<Id<GenericMarker>>),
    /// Channel select and the selected channels.
    ChannelSelect(ModalInteractionValues<Id<ChannelMarker>>),
    /// Text display (no value).
    TextDisplay(ModalInteractionTextDisplay),
    /// File upload and the uploaded attachments.
    FileUpload(ModalInteractionValues<Id<AttachmentMarker>>),
    /// Radio group and the selected option value.
    RadioGroup(ModalInteractionRadioGroup),
    /// Checkbox group and the selected option values.
    CheckboxGroup(ModalInteractionValues<String>),
    /// Checkbox and its state.
    Checkbox(ModalInteractionCheckbox),
    /// A component type this crate does not know.
    Unknown(UnknownComponent),
}

impl ModalInteractionComponent {
    /// The component's type.
    pub const fn kind(&self) -> ComponentType {
        match self {
            Self::ActionRow(_) => ComponentType::ActionRow,
            Self::Label(_) => ComponentType::Label,
            Self::TextInput(_) => ComponentType::TextInput,
            Self::StringSelect(_) => ComponentType::StringSelect,
            Self::UserSelect(_) => ComponentType::UserSelect,
            Self::RoleSelect(_) => ComponentType::RoleSelect,
            Self::MentionableSelect(_) => ComponentType::MentionableSelect,
            Self::ChannelSelect(_) => ComponentType::ChannelSelect,
            Self::TextDisplay(_) => ComponentType::TextDisplay,
            Self::FileUpload(_) => ComponentType::FileUpload,
            Self::RadioGroup(_) => ComponentType::RadioGroup,
            Self::CheckboxGroup(_) => ComponentType::CheckboxGroup,
            Self::Checkbox(_) => ComponentType::Checkbox,
            Self::Unknown(unknown) => ComponentType::new(unknown.kind),
        }
    }
}

/// Submitted legacy action row.
#[derive(Clone, Debug, PartialEq)]
pub struct ModalInteractionActionRow {
    /// Identifier of the component.
    pub id: Option<i32>,
    /// Submitted components of the row.
    pub components: Vec<ModalInteractionComponent>,
}

/// Submitted label.
#[derive(Clone, Debug, PartialEq)]
pub struct ModalInteractionLabel {
    /// Identifier of the component.
    pub id: i32,
    /// The labelled component.
    pub component: Box<ModalInteractionComponent>,
}

/// Submitted text input.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ModalInteractionTextInput {
    /// Identifier of the component.
    pub id: i32,
    /// Developer-defined identifier of the input.
    pub custom_id: String,
    /// The user's text.
    pub value: String,
}

/// Submitted select menu, file upload or checkbox group and its values.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ModalInteractionValues<T> {
    /// Identifier of the component.
    pub id: i32,
    /// Developer-defined identifier of the component.
    pub custom_id: String,
    /// Selected values or uploaded attachments.
    pub values: Vec<T>,
}

/// Submitted text display.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ModalInteractionTextDisplay {
    /// Identifier of the component.
    pub id: i32,
}

/// Submitted radio group.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ModalInteractionRadioGroup {
    /// Identifier of the component.
    pub id: i32,
    /// Developer-defined identifier of the component.
    pub custom_id: String,
    /// Value of the selected option, if any.
    pub value: Option<String>,
}

/// Submitted checkbox.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ModalInteractionCheckbox {
    /// Identifier of the component.
    pub id: i32,
    /// Developer-defined identifier of the component.
    pub custom_id: String,
    /// Whether the checkbox is checked.
    pub value: bool,
}

/// A submitted `value`: text, or a checkbox's state.
enum WideValue {
    Text(String),
    Bool(bool),
}

impl<'de> Deserialize<'de> for WideValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = WideValue;
            fn expecting(&self, f: &mut Formatter<'_>) -> fmt::Result {
                f.write_str("a string or a boolean")
            }
            fn visit_str<E: DeError>(self, v: &str) -> Result<Self::Value, E> {
                Ok(WideValue::Text(v.to_owned()))
            }
            fn visit_string<E: DeError>(self, v: String) -> Result<Self::Value, E> {
                Ok(WideValue::Text(v))
            }
            fn visit_bool<E: DeError>(self, v: bool) -> Result<Self::Value, E> {
                Ok(WideValue::Bool(v))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// Every variant's fields, as read from JSON in one pass.
#[derive(Deserialize)]
struct WideModalComponent {
    #[serde(rename = "type")]
    kind: u8,
    id: Option<i32>,
    custom_id: Option<String>,
    value: Option<WideValue>,
    values: Option<Vec<String>>,
    component: Option<Box<ModalInteractionComponent>>,
    components: Option<Vec<ModalInteractionComponent>>,
}

fn required<T, E: DeError>(value: Option<T>, field: &'static str) -> Result<T, E> {
    value.ok_or_else(|| E::missing_field(field))
}

impl WideModalComponent {
    fn values<T: std::str::FromStr, E: DeError>(self) -> Result<ModalInteractionValues<T>, E> {
        let values = required::<_, E>(self.values, "values")?
            .into_iter()
            .map(|value| {
                value.parse().map_err(|_| {
                    E::invalid_value(serde::de::Unexpected::Str(&value), &"a snowflake")
                })
            })
            .collect::<Result<_, E>>()?;
        Ok(ModalInteractionValues {
            id: required(self.id, "id")?,
            custom_id: required(self.custom_id, "custom_id")?,
            values,
        })
    }

    fn build<E: DeError>(self) -> Result<ModalInteractionComponent, E> {
        Ok(match ComponentType::new(self.kind) {
            ComponentType::ActionRow => {
                ModalInteractionComponent::ActionRow(ModalInteractionActionRow {
                    id: self.id,
                    components: required(self.components, "components")?,
                })
            }
            ComponentType::Label => ModalInteractionComponent::Label(ModalInteractionLabel {
                id: required(self.id, "id")?,
                component: required(self.component, "component")?,
            }),
            ComponentType::TextInput => {
                let Some(WideValue::Text(value)) = self.value else {
                    return Err(E::invalid_type(
                        serde::de::Unexpected::Other("a missing or non-string value"),
                        &"a string value",
                    ));
                };
                ModalInteractionComponent::TextInput(ModalInteractionTextInput {
                    id: required(self.id, "id")?,
                    custom_id: required(self.custom_id, "custom_id")?,
                    value,
                })
            }
            ComponentType::StringSelect => ModalInteractionComponent::StringSelect(self.values()?),
            ComponentType::UserSelect => ModalInteractionComponent::UserSelect(self.values()?),
            ComponentType::RoleSelect => ModalInteractionComponent::RoleSelect(self.values()?),
            ComponentType::MentionableSelect => {
                ModalInteractionComponent::MentionableSelect(self.values()?)
            }
            ComponentType::ChannelSelect => {
                ModalInteractionComponent::ChannelSelect(self.values()?)
            }
            ComponentType::TextDisplay => {
                ModalInteractionComponent::TextDisplay(ModalInteractionTextDisplay {
                    id: required(self.id, "id")?,
                })
            }
            ComponentType::FileUpload => ModalInteractionComponent::FileUpload(self.values()?),
            ComponentType::RadioGroup => {
                let value = match self.value {
                    None => None,
                    Some(WideValue::Text(value)) => Some(value),
                    Some(WideValue::Bool(value)) => {
                        return Err(E::invalid_type(
                            serde::de::Unexpected::Bool(value),
                            &"a string or null",
                        ));
                    }
                };
                ModalInteractionComponent::RadioGroup(ModalInteractionRadioGroup {
                    id: required(self.id, "id")?,
                    custom_id: required(self.custom_id, "custom_id")?,
                    value,
                })
            }
            ComponentType::CheckboxGroup => {
                ModalInteractionComponent::CheckboxGroup(self.values()?)
            }
            ComponentType::Checkbox => {
                let Some(WideValue::Bool(value)) = self.value else {
                    return Err(E::invalid_type(
                        serde::de::Unexpected::Other("a missing or non-boolean value"),
                        &"a boolean value",
                    ));
                };
                ModalInteractionComponent::Checkbox(ModalInteractionCheckbox {
                    id: required(self.id, "id")?,
                    custom_id: required(self.custom_id, "custom_id")?,
                    value,
                })
            }
            // Components that are never submitted with a value keep only
            // their type and id, like unknown ones.
            other => ModalInteractionComponent::Unknown(UnknownComponent {
                kind: other.value(),
                id: self.id,
                fields: serde_json::Map::new(),
            }),
        })
    }
}

impl<'de> Deserialize<'de> for ModalInteractionComponent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        WideModalComponent::deserialize(deserializer)?.build()
    }
}

fn serialize_values<S: SerializeStruct, T: Serialize>(
    state: &mut S,
    component: &ModalInteractionValues<T>,
) -> Result<(), S::Error> {
    state.serialize_field("id", &component.id)?;
    state.serialize_field("custom_id", &component.custom_id)?;
    state.serialize_field("values", &component.values)
}

impl Serialize for ModalInteractionComponent {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut state = serializer.serialize_struct("ModalInteractionComponent", 4)?;
        state.serialize_field("type", &self.kind())?;
        match self {
            Self::ActionRow(c) => {
                if let Some(id) = c.id {
                    state.serialize_field("id", &id)?;
                }
                state.serialize_field("components", &c.components)?;
            }
            Self::Label(c) => {
                state.serialize_field("id", &c.id)?;
                state.serialize_field("component", &c.component)?;
            }
            Self::TextInput(c) => {
                state.serialize_field("id", &c.id)?;
                state.serialize_field("custom_id", &c.custom_id)?;
                state.serialize_field("value", &c.value)?;
            }
            Self::StringSelect(c) | Self::CheckboxGroup(c) => serialize_values(&mut state, c)?,
            Self::UserSelect(c) => serialize_values(&mut state, c)?,
            Self::RoleSelect(c) => serialize_values(&mut state, c)?,
            Self::MentionableSelect(c) => serialize_values(&mut state, c)?,
            Self::ChannelSelect(c) => serialize_values(&mut state, c)?,
            Self::FileUpload(c) => serialize_values(&mut state, c)?,
            Self::TextDisplay(c) => state.serialize_field("id", &c.id)?,
            Self::RadioGroup(c) => {
                state.serialize_field("id", &c.id)?;
                state.serialize_field("custom_id", &c.custom_id)?;
                if let Some(value) = &c.value {
                    state.serialize_field("value", value)?;
                }
            }
            Self::Checkbox(c) => {
                state.serialize_field("id", &c.id)?;
                state.serialize_field("custom_id", &c.custom_id)?;
                state.serialize_field("value", &c.value)?;
            }
            Self::Unknown(c) => {
                if let Some(id) = c.id {
                    state.serialize_field("id", &id)?;
                }
            }
        }
        state.end()
    }
}
