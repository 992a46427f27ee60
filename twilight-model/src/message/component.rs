//! Message and modal components, including the layout components of components v2.
//!
//! [`Component`] is a union tagged by the integer `type` field. It is read in
//! one pass into a private struct that holds every variant's fields, then
//! turned into the variant `type` names, so `type` may come anywhere in the
//! object and nothing is buffered. A component type this crate does not know
//! becomes [`Component::Unknown`].

use crate::channel::ChannelType;
use crate::emoji::Emoji;
use crate::id::{
    Id,
    marker::{AttachmentMarker, GenericMarker, SkuMarker},
};
use serde::de::Error as DeError;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

crate::int_enum! {
    /// Type of a component.
    pub enum ComponentType: u8 {
        /// Container for a row of interactive components.
        ActionRow = 1,
        /// Button.
        Button = 2,
        /// Select menu of developer-defined text options.
        StringSelect = 3,
        /// Text input in a modal.
        TextInput = 4,
        /// Select menu of users.
        UserSelect = 5,
        /// Select menu of roles.
        RoleSelect = 6,
        /// Select menu of users and roles.
        MentionableSelect = 7,
        /// Select menu of channels.
        ChannelSelect = 8,
        /// Text alongside an accessory component.
        Section = 9,
        /// Markdown text.
        TextDisplay = 10,
        /// Small image, used as an accessory.
        Thumbnail = 11,
        /// Gallery of images and other media.
        MediaGallery = 12,
        /// Attached file.
        File = 13,
        /// Vertical padding between components.
        Separator = 14,
        /// Visual group of components.
        Container = 17,
        /// Label and description for a modal component.
        Label = 18,
        /// File upload in a modal.
        FileUpload = 19,
        /// Single-choice set of options in a modal.
        RadioGroup = 21,
        /// Multi-choice group of checkboxes in a modal.
        CheckboxGroup = 22,
        /// Single checkbox in a modal.
        Checkbox = 23,
    }
}

crate::int_enum! {
    /// Style of a [`Button`].
    pub enum ButtonStyle: u8 {
        /// The most important or recommended action.
        Primary = 1,
        /// Alternative or supporting action.
        Secondary = 2,
        /// Positive confirmation or completion.
        Success = 3,
        /// Action with irreversible consequences.
        Danger = 4,
        /// Navigates to a URL.
        Link = 5,
        /// Purchase of a SKU.
        Premium = 6,
    }
}

crate::int_enum! {
    /// Style of a [`TextInput`].
    pub enum TextInputStyle: u8 {
        /// Single-line input.
        Short = 1,
        /// Multi-line input.
        Paragraph = 2,
    }
}

crate::int_enum! {
    /// Size of a [`Separator`]'s padding.
    pub enum SeparatorSpacing: u8 {
        /// Small padding.
        Small = 1,
        /// Large padding.
        Large = 2,
    }
}

crate::str_enum! {
    /// What the id of a [`SelectDefaultValue`] names.
    pub enum SelectDefaultValueType {
        /// A user.
        User = "user",
        /// A role.
        Role = "role",
        /// A channel.
        Channel = "channel",
    }
}

crate::flags! {
    /// Flags of an [`UnfurledMediaItem`].
    pub struct UnfurledMediaItemFlags: u64 {
        /// The image is animated.
        const IS_ANIMATED = 1 << 0;
    }
}

/// A message or modal component.
#[derive(Clone, Debug, PartialEq)]
// Boxing every variant would cost an allocation per component; messages
// carry few components, so the unused space is cheaper.
#[allow(clippy::large_enum_variant)]
pub enum Component {
    /// Row of interactive components.
    ActionRow(ActionRow),
    /// Button.
    Button(Button),
    /// Select menu of text options.
    StringSelect(StringSelect),
    /// Text input.
    TextInput(TextInput),
    /// Select menu of users.
    UserSelect(EntitySelect),
    /// Select menu of roles.
    RoleSelect(EntitySelect),
    /// Select menu of users and roles.
    MentionableSelect(EntitySelect),
    /// Select menu of channels.
    ChannelSelect(EntitySelect),
    /// Text with an accessory.
    Section(Section),
    /// Markdown text.
    TextDisplay(TextDisplay),
    /// Small image.
    Thumbnail(Thumbnail),
    /// Media gallery.
    MediaGallery(MediaGallery),
    /// Attached file.
    File(FileDisplay),
    /// Padding between components.
    Separator(Separator),
    /// Visual group of components.
    Container(Container),
    /// Label around a modal component.
    Label(Label),
    /// File upload.
    FileUpload(FileUpload),
    /// Radio group.
    RadioGroup(RadioGroup),
    /// Checkbox group.
    CheckboxGroup(CheckboxGroup),
    /// Single checkbox.
    Checkbox(Checkbox),
    /// A component type this crate does not know.
    Unknown(UnknownComponent),
}

impl Component {
    /// The component's type.
    pub const fn kind(&self) -> ComponentType {
        match self {
            Self::ActionRow(_) => ComponentType::ActionRow,
            Self::Button(_) => ComponentType::Button,
            Self::StringSelect(_) => ComponentType::StringSelect,
            Self::TextInput(_) => ComponentType::TextInput,
            Self::UserSelect(_) => ComponentType::UserSelect,
            Self::RoleSelect(_) => ComponentType::RoleSelect,
            Self::MentionableSelect(_) => ComponentType::MentionableSelect,
            Self::ChannelSelect(_) => ComponentType::ChannelSelect,
            Self::Section(_) => ComponentType::Section,
            Self::TextDisplay(_) => ComponentType::TextDisplay,
            Self::Thumbnail(_) => ComponentType::Thumbnail,
            Self::MediaGallery(_) => ComponentType::MediaGallery,
            Self::File(_) => ComponentType::File,
            Self::Separator(_) => ComponentType::Separator,
            Self::Container(_) => ComponentType::Container,
            Self::Label(_) => ComponentType::Label,
            Self::FileUpload(_) => ComponentType::FileUpload,
            Self::RadioGroup(_) => ComponentType::RadioGroup,
            Self::CheckboxGroup(_) => ComponentType::CheckboxGroup,
            Self::Checkbox(_) => ComponentType::Checkbox,
            Self::Unknown(unknown) => ComponentType::new(unknown.kind),
        }
    }

    /// The component's optional identifier.
    pub const fn id(&self) -> Option<i32> {
        match self {
            Self::ActionRow(c) => c.id,
            Self::Button(c) => c.id,
            Self::StringSelect(c) => c.id,
            Self::TextInput(c) => c.id,
            Self::UserSelect(c)
            | Self::RoleSelect(c)
            | Self::MentionableSelect(c)
            | Self::ChannelSelect(c) => c.id,
            Self::Section(c) => c.id,
            Self::TextDisplay(c) => c.id,
            Self::Thumbnail(c) => c.id,
            Self::MediaGallery(c) => c.id,
            Self::File(c) => c.id,
            Self::Separator(c) => c.id,
            Self::Container(c) => c.id,
            Self::Label(c) => c.id,
            Self::FileUpload(c) => c.id,
            Self::RadioGroup(c) => c.id,
            Self::CheckboxGroup(c) => c.id,
            Self::Checkbox(c) => c.id,
            Self::Unknown(c) => c.id,
        }
    }
}

/// Container for a row of buttons or a single select menu.
#[derive(Clone, Debug, PartialEq)]
pub struct ActionRow {
    /// Optional identifier for the component.
    pub id: Option<i32>,
    /// Up to 5 buttons or a single select menu.
    pub components: Vec<Component>,
}

/// Clickable button.
#[derive(Clone, Debug, PartialEq)]
pub struct Button {
    /// Optional identifier for the component.
    pub id: Option<i32>,
    /// Style of the button.
    pub style: ButtonStyle,
    /// Text on the button; max 80 characters.
    pub label: Option<String>,
    /// Partial emoji: `name`, `id` and `animated`.
    pub emoji: Option<Emoji>,
    /// Developer-defined identifier; 1-100 characters.
    pub custom_id: Option<String>,
    /// SKU of a premium button.
    pub sku_id: Option<Id<SkuMarker>>,
    /// URL of a link button.
    pub url: Option<String>,
    /// Whether the button is disabled (defaults to `false`).
    pub disabled: Option<bool>,
}

/// Select menu of developer-defined text options.
#[derive(Clone, Debug, PartialEq)]
pub struct StringSelect {
    /// Optional identifier for the component.
    pub id: Option<i32>,
    /// Developer-defined identifier; 1-100 characters.
    pub custom_id: String,
    /// Choices; max 25.
    pub options: Vec<SelectMenuOption>,
    /// Placeholder text if nothing is selected; max 150 characters.
    pub placeholder: Option<String>,
    /// Minimum number of items to choose (defaults to 1).
    pub min_values: Option<u8>,
    /// Maximum number of items to choose (defaults to 1).
    pub max_values: Option<u8>,
    /// Whether an answer is required in a modal (defaults to `true`).
    pub required: Option<bool>,
    /// Whether the select is disabled in a message (defaults to `false`).
    pub disabled: Option<bool>,
}

/// Option of a [`StringSelect`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SelectMenuOption {
    /// User-facing name; max 100 characters.
    pub label: String,
    /// Developer-defined value; max 100 characters.
    pub value: String,
    /// Additional description; max 100 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Partial emoji: `id`, `name` and `animated`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emoji: Option<Emoji>,
    /// Whether the option is selected by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<bool>,
}

/// Text input in a modal.
#[derive(Clone, Debug, PartialEq)]
pub struct TextInput {
    /// Optional identifier for the component.
    pub id: Option<i32>,
    /// Developer-defined identifier; 1-100 characters.
    pub custom_id: String,
    /// Style of the input.
    pub style: TextInputStyle,
    /// Deprecated label (use a [`Label`] instead).
    pub label: Option<String>,
    /// Minimum input length; 0-4000.
    pub min_length: Option<u16>,
    /// Maximum input length; 1-4000.
    pub max_length: Option<u16>,
    /// Whether the input must be filled (defaults to `true`).
    pub required: Option<bool>,
    /// Pre-filled value; max 4000 characters.
    pub value: Option<String>,
    /// Placeholder text if the input is empty; max 100 characters.
    pub placeholder: Option<String>,
}

/// Default value of an auto-populated select menu.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SelectDefaultValue {
    /// Id of a user, role or channel.
    pub id: Id<GenericMarker>,
    /// What the id names.
    #[serde(rename = "type")]
    pub kind: SelectDefaultValueType,
}

/// A select menu whose options Discord fills in: users, roles, users and
/// roles (mentionables) or channels. The [`Component`] variant says which.
#[derive(Clone, Debug, PartialEq)]
pub struct EntitySelect {
    /// Optional identifier for the component.
    pub id: Option<i32>,
    /// Developer-defined identifier; 1-100 characters.
    pub custom_id: String,
    /// Channel types to include (channel selects only).
    pub channel_types: Option<Vec<ChannelType>>,
    /// Placeholder text if nothing is selected; max 150 characters.
    pub placeholder: Option<String>,
    /// Values selected by default.
    pub default_values: Option<Vec<SelectDefaultValue>>,
    /// Minimum number of items to choose (defaults to 1).
    pub min_values: Option<u8>,
    /// Maximum number of items to choose (defaults to 1).
    pub max_values: Option<u8>,
    /// Whether an answer is required in a modal (defaults to `true`).
    pub required: Option<bool>,
    /// Whether the select is disabled in a message (defaults to `false`).
    pub disabled: Option<bool>,
}

/// Text contextually associated with an accessory.
#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    /// Optional identifier for the component.
    pub id: Option<i32>,
    /// One to three child components (text displays).
    pub components: Vec<Component>,
    /// Component associated with the content (button or thumbnail).
    pub accessory: Box<Component>,
}

/// Markdown text.
#[derive(Clone, Debug, PartialEq)]
pub struct TextDisplay {
    /// Optional identifier for the component.
    pub id: Option<i32>,
    /// Text displayed like a message's content.
    pub content: String,
}

/// Small image, used as an accessory of a [`Section`].
#[derive(Clone, Debug, PartialEq)]
pub struct Thumbnail {
    /// Optional identifier for the component.
    pub id: Option<i32>,
    /// URL or attachment of the image.
    pub media: UnfurledMediaItem,
    /// Alt text; max 1024 characters.
    pub description: Option<String>,
    /// Whether the thumbnail is blurred out (defaults to `false`).
    pub spoiler: Option<bool>,
}

/// Gallery of 1 to 10 media items.
#[derive(Clone, Debug, PartialEq)]
pub struct MediaGallery {
    /// Optional identifier for the component.
    pub id: Option<i32>,
    /// Media items.
    pub items: Vec<MediaGalleryItem>,
}

/// Item of a [`MediaGallery`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MediaGalleryItem {
    /// URL or attachment of the media.
    pub media: UnfurledMediaItem,
    /// Alt text; max 1024 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Whether the media is blurred out (defaults to `false`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spoiler: Option<bool>,
}

/// Attached file (the File component, type 13).
#[derive(Clone, Debug, PartialEq)]
pub struct FileDisplay {
    /// Optional identifier for the component.
    pub id: Option<i32>,
    /// The file, as an `attachment://<filename>` reference.
    pub file: UnfurledMediaItem,
    /// Whether the file is blurred out (defaults to `false`).
    pub spoiler: Option<bool>,
    /// Name of the file, provided by the API.
    pub name: Option<String>,
    /// Size of the file in bytes, provided by the API.
    pub size: Option<u64>,
}

/// Vertical padding and an optional divider between components.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Separator {
    /// Optional identifier for the component.
    pub id: Option<i32>,
    /// Whether a visual divider is displayed (defaults to `true`).
    pub divider: Option<bool>,
    /// Size of the padding (defaults to small).
    pub spacing: Option<SeparatorSpacing>,
}

/// Visual group of components.
#[derive(Clone, Debug, PartialEq)]
pub struct Container {
    /// Optional identifier for the component.
    pub id: Option<i32>,
    /// Child components.
    pub components: Vec<Component>,
    /// Accent colour as RGB from `0x000000` to `0xFFFFFF`.
    pub accent_color: Option<u32>,
    /// Whether the container is blurred out (defaults to `false`).
    pub spoiler: Option<bool>,
}

/// Label and description around a modal component.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    /// Optional identifier for the component.
    pub id: Option<i32>,
    /// Label text; max 45 characters.
    pub label: String,
    /// Description text; max 100 characters.
    pub description: Option<String>,
    /// The labelled component.
    pub component: Box<Component>,
}

/// File upload in a modal.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FileUpload {
    /// Optional identifier for the component.
    pub id: Option<i32>,
    /// Developer-defined identifier; 1-100 characters.
    pub custom_id: String,
    /// Minimum number of files (defaults to 1).
    pub min_values: Option<u8>,
    /// Maximum number of files (defaults to 1).
    pub max_values: Option<u8>,
    /// Whether files must be uploaded (defaults to `true`).
    pub required: Option<bool>,
    /// File types to accept: `image`, `video`, `audio` or a dot-prefixed extension.
    pub file_types: Option<Vec<String>>,
}

/// Option of a [`RadioGroup`] or [`CheckboxGroup`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct GroupOption {
    /// Developer-defined value; max 100 characters.
    pub value: String,
    /// User-facing label; max 100 characters.
    pub label: String,
    /// Description; max 100 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Whether the option is selected by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<bool>,
}

impl From<SelectMenuOption> for GroupOption {
    fn from(option: SelectMenuOption) -> Self {
        Self {
            value: option.value,
            label: option.label,
            description: option.description,
            default: option.default,
        }
    }
}

/// Single-choice set of options in a modal.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RadioGroup {
    /// Optional identifier for the component.
    pub id: Option<i32>,
    /// Developer-defined identifier; 1-100 characters.
    pub custom_id: String,
    /// Options; 2 to 10.
    pub options: Vec<GroupOption>,
    /// Whether a selection is required (defaults to `true`).
    pub required: Option<bool>,
}

/// Multi-choice group of checkboxes in a modal.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CheckboxGroup {
    /// Optional identifier for the component.
    pub id: Option<i32>,
    /// Developer-defined identifier; 1-100 characters.
    pub custom_id: String,
    /// Options; 1 to 10.
    pub options: Vec<GroupOption>,
    /// Minimum number of items to choose (defaults to 1).
    pub min_values: Option<u8>,
    /// Maximum number of items to choose (defaults to the number of options).
    pub max_values: Option<u8>,
    /// Whether a selection is required (defaults to `true`).
    pub required: Option<bool>,
}

/// Single yes/no checkbox in a modal.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Checkbox {
    /// Optional identifier for the component.
    pub id: Option<i32>,
    /// Developer-defined identifier; 1-100 characters.
    pub custom_id: String,
    /// Whether the checkbox is selected by default.
    pub default: Option<bool>,
}

/// A component of a type this crate does not know; its other fields are dropped.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct UnknownComponent {
    /// The raw component type.
    pub kind: u8,
    /// Optional identifier for the component.
    pub id: Option<i32>,
}

/// Piece of media given by a URL, used within a component.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct UnfurledMediaItem {
    /// Arbitrary URL or `attachment://<filename>` reference.
    pub url: String,
    /// Proxied URL, provided by the API.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proxy_url: Option<String>,
    /// Height, if an image or video.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    /// Width, if an image or video.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    /// Thumbhash placeholder, if an image or video.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<String>,
    /// Version of the placeholder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder_version: Option<u32>,
    /// Media type of the content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// Flags of the media item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flags: Option<UnfurledMediaItemFlags>,
    /// Id of the uploaded attachment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachment_id: Option<Id<AttachmentMarker>>,
}

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
            ComponentType::Unknown(kind) => Component::Unknown(UnknownComponent { kind, id }),
        })
    }
}

impl<'de> Deserialize<'de> for Component {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        WideComponent::deserialize(deserializer)?
            .build()
            .map_err(D::Error::missing_field)
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
            Self::Unknown(_) => WideRef::default(),
        };
        WideRef { kind, id, ..wide }.serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    fn round_trip(input: &Value) -> Vec<Component> {
        crate::test_support::round_trip(&input.to_string())
    }

    #[test]
    fn action_row_of_buttons() {
        let input = json!([{
            "type": 1,
            "components": [
                {"type": 2, "custom_id": "click_yes", "label": "Accept", "style": 1},
                {"type": 2, "label": "Learn More", "style": 5, "url": "http://watchanimeattheoffice.com/"},
                {"type": 2, "custom_id": "click_no", "label": "Decline", "style": 4, "disabled": false},
                {"style": 6, "type": 2, "sku_id": "1180218955160375406"}
            ]
        }]);
        let components = round_trip(&input);
        let Component::ActionRow(row) = &components[0] else {
            panic!("not an action row")
        };
        assert_eq!(row.components.len(), 4);
        let Component::Button(link) = &row.components[1] else {
            panic!("not a button")
        };
        assert_eq!(link.style, ButtonStyle::Link);
        assert_eq!(
            link.url.as_deref(),
            Some("http://watchanimeattheoffice.com/")
        );
        assert_eq!(row.components[3].kind(), ComponentType::Button);
    }

    #[test]
    fn unknown_component_in_action_row() {
        let input = json!({
            "type": 1,
            "id": 1,
            "components": [{"type": 99, "id": 7, "whatever": {"nested": [1, 2]}}]
        });
        let row: Component = serde_json::from_value(input).unwrap();
        let Component::ActionRow(row) = &row else {
            panic!("not an action row")
        };
        assert_eq!(
            row.components[0],
            Component::Unknown(UnknownComponent {
                kind: 99,
                id: Some(7)
            })
        );
        assert_eq!(row.components[0].kind(), ComponentType::Unknown(99));
        assert_eq!(
            serde_json::to_value(&row.components[0]).unwrap(),
            json!({"type": 99, "id": 7})
        );
    }

    #[test]
    fn selects() {
        let input = json!([{
            "type": 1,
            "id": 1,
            "components": [{
                "type": 3,
                "id": 2,
                "custom_id": "favorite_bug",
                "placeholder": "Favorite bug?",
                "min_values": 1,
                "max_values": 2,
                "options": [
                    {"label": "Ant", "value": "ant", "description": "(best option)", "default": true},
                    {"label": "Butterfly", "value": "butterfly"}
                ]
            }]
        }, {
            "type": 1,
            "components": [{
                "type": 8,
                "custom_id": "channels",
                "channel_types": [0, 5],
                "default_values": [{"id": "222222222222222222", "type": "channel"}],
                "disabled": true
            }]
        }, {
            "type": 1,
            "components": [{"type": 5, "custom_id": "user_select", "placeholder": "Select a user"}]
        }, {
            "type": 1,
            "components": [{"type": 6, "custom_id": "role_ids", "min_values": 1, "max_values": 3}]
        }, {
            "type": 1,
            "components": [{"type": 7, "custom_id": "who_to_ping", "default_values": [{"id": "1", "type": "user"}, {"id": "2", "type": "role"}]}]
        }]);
        let components = round_trip(&input);
        let Component::ActionRow(row) = &components[1] else {
            panic!("not an action row")
        };
        let Component::ChannelSelect(select) = &row.components[0] else {
            panic!("not a channel select")
        };
        assert_eq!(select.channel_types.as_ref().map(Vec::len), Some(2));
        assert_eq!(
            select.default_values.as_ref().unwrap()[0].kind,
            SelectDefaultValueType::Channel
        );
    }

    #[test]
    fn modal_components() {
        let input = json!([{
            "type": 18,
            "label": "What did you find interesting about the game?",
            "description": "Please give us as much detail as possible so we can improve the game!",
            "component": {
                "type": 4,
                "custom_id": "game_feedback",
                "style": 2,
                "min_length": 100,
                "max_length": 4000,
                "placeholder": "Write your feedback here...",
                "required": true
            }
        }, {
            "type": 18,
            "label": "Upload",
            "component": {"type": 19, "custom_id": "files", "min_values": 1, "max_values": 10, "file_types": ["image", ".pdf"]}
        }, {
            "type": 18,
            "label": "Pick one",
            "component": {"type": 21, "custom_id": "radio", "options": [
                {"value": "a", "label": "A", "default": true},
                {"value": "b", "label": "B", "description": "bee"}
            ]}
        }, {
            "type": 18,
            "label": "Pick some",
            "component": {"type": 22, "custom_id": "boxes", "min_values": 0, "required": false, "options": [
                {"value": "a", "label": "A"}
            ]}
        }, {
            "type": 18,
            "label": "Agree?",
            "component": {"type": 23, "custom_id": "agree", "default": true}
        }, {
            "type": 1,
            "components": [{"type": 4, "custom_id": "legacy", "style": 1, "label": "Name", "value": "prefilled"}]
        }, {
            "type": 10,
            "content": "Hello"
        }]);
        let components = round_trip(&input);
        let Component::Label(label) = &components[0] else {
            panic!("not a label")
        };
        let Component::TextInput(input) = &*label.component else {
            panic!("not a text input")
        };
        assert_eq!(input.style, TextInputStyle::Paragraph);
        assert_eq!(input.max_length, Some(4000));
        let Component::Label(label) = &components[2] else {
            panic!("not a label")
        };
        assert_eq!(label.component.kind(), ComponentType::RadioGroup);
    }

    #[test]
    fn components_v2() {
        let input = json!([{
            "type": 17,
            "id": 1,
            "accent_color": 703_487,
            "spoiler": false,
            "components": [
                {"type": 10, "id": 2, "content": "# You have encountered a wild coyote!"},
                {
                    "type": 9,
                    "id": 3,
                    "components": [{"type": 10, "id": 4, "content": "A coyote"}],
                    "accessory": {
                        "type": 11,
                        "id": 5,
                        "media": {"url": "https://example.com/coyote.webp"},
                        "description": "Coyote",
                        "spoiler": true
                    }
                },
                {
                    "type": 9,
                    "components": [{"type": 10, "content": "Pet"}],
                    "accessory": {"type": 2, "style": 1, "custom_id": "pet", "label": "Pet it!"}
                },
                {
                    "type": 12,
                    "items": [
                        {"media": {
                            "url": "https://example.com/a.png",
                            "proxy_url": "https://media.example.com/a.png",
                            "width": 640,
                            "height": 480,
                            "placeholder": "abc",
                            "placeholder_version": 1,
                            "content_type": "image/png",
                            "flags": 3,
                            "attachment_id": "1111111111111111111"
                        }, "description": "A", "spoiler": true},
                        {"media": {"url": "https://example.com/b.png"}}
                    ]
                },
                {"type": 14, "divider": true, "spacing": 2},
                {"type": 13, "file": {"url": "attachment://game.zip"}, "name": "game.zip", "size": 1024, "spoiler": false}
            ]
        }]);
        let components = round_trip(&input);
        let Component::Container(container) = &components[0] else {
            panic!("not a container")
        };
        assert_eq!(container.accent_color, Some(703_487));
        let Component::Section(section) = &container.components[1] else {
            panic!("not a section")
        };
        let Component::Thumbnail(thumbnail) = &*section.accessory else {
            panic!("not a thumbnail")
        };
        assert_eq!(thumbnail.spoiler, Some(true));
        let Component::MediaGallery(gallery) = &container.components[3] else {
            panic!("not a gallery")
        };
        let flags = gallery.items[0].media.flags.unwrap();
        assert!(flags.contains(UnfurledMediaItemFlags::IS_ANIMATED));
        assert_eq!(flags.bits(), 3, "unknown bit kept");
        assert_eq!(
            container.components[4],
            Component::Separator(Separator {
                id: None,
                divider: Some(true),
                spacing: Some(SeparatorSpacing::Large),
            })
        );
        assert_eq!(container.components[5].kind(), ComponentType::File);
    }

    #[test]
    fn unknown_enum_values_are_kept() {
        let input = json!([{"type": 2, "style": 42, "custom_id": "x"}, {"type": 14, "spacing": 9}]);
        let components = round_trip(&input);
        let Component::Button(button) = &components[0] else {
            panic!("not a button")
        };
        assert_eq!(button.style, ButtonStyle::Unknown(42));
    }

    #[test]
    fn malformed_is_an_error() {
        for input in [
            json!({"type": 2}),
            json!({"type": "2", "style": 1}),
            json!({"type": 1, "components": {}}),
            json!({"type": 1, "components": [{"type": 2, "style": "big"}]}),
            json!({"type": 9, "components": []}),
            json!({"type": 10, "content": 5}),
            json!({"id": 3}),
            json!([]),
        ] {
            assert!(
                serde_json::from_value::<Component>(input.clone()).is_err(),
                "{input}"
            );
        }
    }
}
