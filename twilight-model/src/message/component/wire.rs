//! The serde dispatch of [`Component`] on its integer `type`: one pass into a
//! struct holding every variant's fields, then the variant `type` names.

use super::{
    ActionRow, Button, ButtonStyle, Checkbox, CheckboxGroup, Component, ComponentType, Container,
    EntitySelect, FileDisplay, FileUpload, GroupOption, Label, MediaGallery, MediaGalleryItem,
    RadioGroup, Section, SelectDefaultValue, SelectMenuOption, Separator, SeparatorSpacing,
    StringSelect, TextDisplay, TextInput, TextInputStyle, Thumbnail, UnfurledMediaItem,
    UnknownComponent,
};
use crate::channel::ChannelType;
use crate::emoji::Emoji;
use crate::id::{Id, marker::SkuMarker};
use serde::de::value::{MapAccessDeserializer, StrDeserializer, U8Deserializer};
use serde::de::{DeserializeSeed, Error as DeError, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use std::fmt;

/// Every variant's fields, as read from JSON in one pass.
#[derive(Deserialize)]
struct WideComponent {
    #[serde(rename = "type")]
    kind: u8,
    id: Option<i32>,
    custom_id: Option<String>,
    style: Option<u8>,
    label: Option<String>,
    emoji: Option<Emoji>,
    sku_id: Option<Id<SkuMarker>>,
    url: Option<String>,
    disabled: Option<bool>,
    options: Option<Vec<SelectMenuOption>>,
    placeholder: Option<String>,
    min_values: Option<u8>,
    max_values: Option<u8>,
    required: Option<bool>,
    default_values: Option<Vec<SelectDefaultValue>>,
    channel_types: Option<Vec<ChannelType>>,
    min_length: Option<u16>,
    max_length: Option<u16>,
    value: Option<String>,
    components: Option<Vec<Component>>,
    accessory: Option<Box<Component>>,
    component: Option<Box<Component>>,
    content: Option<String>,
    media: Option<UnfurledMediaItem>,
    description: Option<String>,
    spoiler: Option<bool>,
    items: Option<Vec<MediaGalleryItem>>,
    file: Option<UnfurledMediaItem>,
    name: Option<String>,
    size: Option<u64>,
    divider: Option<bool>,
    spacing: Option<SeparatorSpacing>,
    accent_color: Option<u32>,
    file_types: Option<Vec<String>>,
    default: Option<bool>,
}

fn required<T>(value: Option<T>, field: &'static str) -> Result<T, &'static str> {
    value.ok_or(field)
}

impl WideComponent {
    fn entity_select(self) -> Result<EntitySelect, &'static str> {
        Ok(EntitySelect {
            id: self.id,
            custom_id: required(self.custom_id, "custom_id")?,
            channel_types: self.channel_types,
            placeholder: self.placeholder,
            default_values: self.default_values,
            min_values: self.min_values,
            max_values: self.max_values,
            required: self.required,
            disabled: self.disabled,
        })
    }

    /// Builds the variant named by `type`; `Err` names a missing field.
    #[allow(clippy::too_many_lines)] // One arm per component type.
    fn build(self) -> Result<Component, &'static str> {
        let id = self.id;
        Ok(match ComponentType::new(self.kind) {
            ComponentType::ActionRow => Component::ActionRow(ActionRow {
                id,
                components: required(self.components, "components")?,
            }),
            ComponentType::Button => Component::Button(Button {
                id,
                style: ButtonStyle::new(required(self.style, "style")?),
                label: self.label,
                emoji: self.emoji,
                custom_id: self.custom_id,
                sku_id: self.sku_id,
                url: self.url,
                disabled: self.disabled,
            }),
            ComponentType::StringSelect => Component::StringSelect(StringSelect {
                id,
                custom_id: required(self.custom_id, "custom_id")?,
                options: required(self.options, "options")?,
                placeholder: self.placeholder,
                min_values: self.min_values,
                max_values: self.max_values,
                required: self.required,
                disabled: self.disabled,
            }),
            ComponentType::TextInput => Component::TextInput(TextInput {
                id,
                custom_id: required(self.custom_id, "custom_id")?,
                style: TextInputStyle::new(required(self.style, "style")?),
                label: self.label,
                min_length: self.min_length,
                max_length: self.max_length,
                required: self.required,
                value: self.value,
                placeholder: self.placeholder,
            }),
            ComponentType::UserSelect => Component::UserSelect(self.entity_select()?),
            ComponentType::RoleSelect => Component::RoleSelect(self.entity_select()?),
            ComponentType::MentionableSelect => Component::MentionableSelect(self.entity_select()?),
            ComponentType::ChannelSelect => Component::ChannelSelect(self.entity_select()?),
            ComponentType::Section => Component::Section(Section {
                id,
                components: required(self.components, "components")?,
                accessory: required(self.accessory, "accessory")?,
            }),
            ComponentType::TextDisplay => Component::TextDisplay(TextDisplay {
                id,
                content: required(self.content, "content")?,
            }),
            ComponentType::Thumbnail => Component::Thumbnail(Thumbnail {
                id,
                media: required(self.media, "media")?,
                description: self.description,
                spoiler: self.spoiler,
            }),
            ComponentType::MediaGallery => Component::MediaGallery(MediaGallery {
                id,
                items: required(self.items, "items")?,
            }),
            ComponentType::File => Component::File(FileDisplay {
                id,
                file: required(self.file, "file")?,
                spoiler: self.spoiler,
                name: self.name,
                size: self.size,
            }),
            ComponentType::Separator => Component::Separator(Separator {
                id,
                divider: self.divider,
                spacing: self.spacing,
            }),
            ComponentType::Container => Component::Container(Container {
                id,
                components: required(self.components, "components")?,
                accent_color: self.accent_color,
                spoiler: self.spoiler,
            }),
            ComponentType::Label => Component::Label(Label {
                id,
                label: required(self.label, "label")?,
                description: self.description,
                component: required(self.component, "component")?,
            }),
            ComponentType::FileUpload => Component::FileUpload(FileUpload {
                id,
                custom_id: required(self.custom_id, "custom_id")?,
                min_values: self.min_values,
                max_values: self.max_values,
                required: self.required,
                file_types: self.file_types,
            }),
            ComponentType::RadioGroup => Component::RadioGroup(RadioGroup {
                id,
                custom_id: required(self.custom_id, "custom_id")?,
                options: required(self.options, "options")?
                    .into_iter()
                    .map(GroupOption::from)
                    .collect(),
                required: self.required,
            }),
            ComponentType::CheckboxGroup => Component::CheckboxGroup(CheckboxGroup {
                id,
                custom_id: required(self.custom_id, "custom_id")?,
                options: required(self.options, "options")?
                    .into_iter()
                    .map(GroupOption::from)
                    .collect(),
                min_values: self.min_values,
                max_values: self.max_values,
                required: self.required,
            }),
            ComponentType::Checkbox => Component::Checkbox(Checkbox {
                id,
                custom_id: required(self.custom_id, "custom_id")?,
                default: self.default,
            }),
            // Handled before the wide read, which would type its fields.
            ComponentType::Unknown(kind) => Component::Unknown(UnknownComponent {
                kind,
                id,
                fields: serde_json::Map::new(),
            }),
        })
    }
}

impl<'de> Deserialize<'de> for Component {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ComponentVisitor)
    }
}

/// Only the type says whether the fields can be read as a known
/// component's. Discord sends `type` first: then a known component is read
/// in one pass, with `type` replayed to the wide read. An unknown type, or
/// `type` later in the object, is read as JSON first.
struct ComponentVisitor;

impl<'de> Visitor<'de> for ComponentVisitor {
    type Value = Component;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a component object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Component, A::Error> {
        let Some(first) = map.next_key::<String>()? else {
            return Err(A::Error::missing_field("type"));
        };
        if first == "type" {
            let kind: u8 = map.next_value()?;
            if let ComponentType::Unknown(kind) = ComponentType::new(kind) {
                let mut fields = serde_json::Map::new();
                while let Some((key, value)) = map.next_entry::<String, Value>()? {
                    fields.insert(key, value);
                }
                return unknown(kind, fields).map_err(A::Error::custom);
            }
            let replay = Replay {
                kind: Some(kind),
                inner: map,
            };
            return WideComponent::deserialize(MapAccessDeserializer::new(replay))?
                .build()
                .map_err(A::Error::missing_field);
        }
        let mut fields = serde_json::Map::new();
        fields.insert(first, map.next_value()?);
        while let Some((key, value)) = map.next_entry::<String, Value>()? {
            fields.insert(key, value);
        }
        let kind = match fields.remove("type") {
            Some(kind) => u8::deserialize(kind).map_err(A::Error::custom)?,
            None => return Err(A::Error::missing_field("type")),
        };
        if let ComponentType::Unknown(kind) = ComponentType::new(kind) {
            return unknown(kind, fields).map_err(A::Error::custom);
        }
        fields.insert("type".to_owned(), Value::from(kind));
        WideComponent::deserialize(Value::Object(fields))
            .map_err(A::Error::custom)?
            .build()
            .map_err(A::Error::missing_field)
    }
}

/// An unknown component from its fields (without `type`).
fn unknown(
    kind: u8,
    mut fields: serde_json::Map<String, Value>,
) -> Result<Component, serde_json::Error> {
    let id = match fields.remove("id") {
        None | Some(Value::Null) => None,
        Some(id) => Some(i32::deserialize(id)?),
    };
    Ok(Component::Unknown(UnknownComponent { kind, id, fields }))
}

/// A map whose `type` entry was already read: yields it again, then the rest.
struct Replay<A> {
    kind: Option<u8>,
    inner: A,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Replay<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        if self.kind.is_some() {
            return seed
                .deserialize(StrDeserializer::<A::Error>::new("type"))
                .map(Some);
        }
        self.inner.next_key_seed(seed)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        match self.kind.take() {
            Some(kind) => seed.deserialize(U8Deserializer::<A::Error>::new(kind)),
            None => self.inner.next_value_seed(seed),
        }
    }
}

/// Every variant's fields, borrowed for serialising; `None` is skipped.
#[derive(Default, Serialize)]
struct WideRef<'a> {
    #[serde(rename = "type")]
    kind: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    custom_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    style: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    emoji: Option<&'a Emoji>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sku_id: Option<Id<SkuMarker>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    disabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    options: Option<&'a [SelectMenuOption]>,
    #[serde(rename = "options", skip_serializing_if = "Option::is_none")]
    group_options: Option<&'a [GroupOption]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    placeholder: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    min_values: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_values: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    required: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    default_values: Option<&'a [SelectDefaultValue]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    channel_types: Option<&'a [ChannelType]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    min_length: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_length: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    components: Option<&'a [Component]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    accessory: Option<&'a Component>,
    #[serde(skip_serializing_if = "Option::is_none")]
    component: Option<&'a Component>,
    #[serde(skip_serializing_if = "Option::is_none")]
    content: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    media: Option<&'a UnfurledMediaItem>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    spoiler: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    items: Option<&'a [MediaGalleryItem]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<&'a UnfurledMediaItem>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    size: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    divider: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    spacing: Option<SeparatorSpacing>,
    #[serde(skip_serializing_if = "Option::is_none")]
    accent_color: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    file_types: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    default: Option<bool>,
}

impl Serialize for Component {
    #[allow(clippy::too_many_lines)] // One arm per component type.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if let Self::Unknown(unknown) = self {
            let mut map = serializer.serialize_map(Some(unknown.fields.len() + 2))?;
            map.serialize_entry("type", &unknown.kind)?;
            if let Some(id) = unknown.id {
                map.serialize_entry("id", &id)?;
            }
            for (key, value) in &unknown.fields {
                map.serialize_entry(key, value)?;
            }
            return map.end();
        }
        let kind = self.kind().value();
        let id = self.id();
        let wide = match self {
            Self::ActionRow(c) => WideRef {
                components: Some(&c.components),
                ..WideRef::default()
            },
            Self::Button(c) => WideRef {
                style: Some(c.style.value()),
                label: c.label.as_deref(),
                emoji: c.emoji.as_ref(),
                custom_id: c.custom_id.as_deref(),
                sku_id: c.sku_id,
                url: c.url.as_deref(),
                disabled: c.disabled,
                ..WideRef::default()
            },
            Self::StringSelect(c) => WideRef {
                custom_id: Some(&c.custom_id),
                options: Some(&c.options),
                placeholder: c.placeholder.as_deref(),
                min_values: c.min_values,
                max_values: c.max_values,
                required: c.required,
                disabled: c.disabled,
                ..WideRef::default()
            },
            Self::TextInput(c) => WideRef {
                custom_id: Some(&c.custom_id),
                style: Some(c.style.value()),
                label: c.label.as_deref(),
                min_length: c.min_length,
                max_length: c.max_length,
                required: c.required,
                value: c.value.as_deref(),
                placeholder: c.placeholder.as_deref(),
                ..WideRef::default()
            },
            Self::UserSelect(c)
            | Self::RoleSelect(c)
            | Self::MentionableSelect(c)
            | Self::ChannelSelect(c) => WideRef {
                custom_id: Some(&c.custom_id),
                channel_types: c.channel_types.as_deref(),
                placeholder: c.placeholder.as_deref(),
                default_values: c.default_values.as_deref(),
                min_values: c.min_values,
                max_values: c.max_values,
                required: c.required,
                disabled: c.disabled,
                ..WideRef::default()
            },
            Self::Section(c) => WideRef {
                components: Some(&c.components),
                accessory: Some(&c.accessory),
                ..WideRef::default()
            },
            Self::TextDisplay(c) => WideRef {
                content: Some(&c.content),
                ..WideRef::default()
            },
            Self::Thumbnail(c) => WideRef {
                media: Some(&c.media),
                description: c.description.as_deref(),
                spoiler: c.spoiler,
                ..WideRef::default()
            },
            Self::MediaGallery(c) => WideRef {
                items: Some(&c.items),
                ..WideRef::default()
            },
            Self::File(c) => WideRef {
                file: Some(&c.file),
                spoiler: c.spoiler,
                name: c.name.as_deref(),
                size: c.size,
                ..WideRef::default()
            },
            Self::Separator(c) => WideRef {
                divider: c.divider,
                spacing: c.spacing,
                ..WideRef::default()
            },
            Self::Container(c) => WideRef {
                components: Some(&c.components),
                accent_color: c.accent_color,
                spoiler: c.spoiler,
                ..WideRef::default()
            },
            Self::Label(c) => WideRef {
                label: Some(&c.label),
                description: c.description.as_deref(),
                component: Some(&c.component),
                ..WideRef::default()
            },
            Self::FileUpload(c) => WideRef {
                custom_id: Some(&c.custom_id),
                min_values: c.min_values,
                max_values: c.max_values,
                required: c.required,
                file_types: c.file_types.as_deref(),
                ..WideRef::default()
            },
            Self::RadioGroup(c) => WideRef {
                custom_id: Some(&c.custom_id),
                group_options: Some(&c.options),
                required: c.required,
                ..WideRef::default()
            },
            Self::CheckboxGroup(c) => WideRef {
                custom_id: Some(&c.custom_id),
                group_options: Some(&c.options),
                min_values: c.min_values,
                max_values: c.max_values,
                required: c.required,
                ..WideRef::default()
            },
            Self::Checkbox(c) => WideRef {
                custom_id: Some(&c.custom_id),
                default: c.default,
                ..WideRef::default()
            },
            Self::Unknown(_) => unreachable!("serialised above"),
        };
        WideRef { kind, id, ..wide }.serialize(serializer)
    }
}
