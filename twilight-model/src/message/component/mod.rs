//! Message and modal components, including the layout components of components v2.
//!
//! [`Component`] is a union tagged by the integer `type` field. It is read in
//! one pass into a private struct that holds every variant's fields, then
//! turned into the variant `type` names, so `type` may come anywhere in the
//! object and nothing is buffered. A component type this crate does not know
//! becomes [`Component::Unknown`].
//!
//! The variants' types live in files by kind, all re-exported here: action
//! rows and buttons, select menus, text inputs, layout components (sections,
//! text, media, files, separators, containers) and the modal-only inputs
//! (labels, file uploads, radio and checkbox groups). The serde dispatch on
//! `type` is in `wire.rs`.

mod action_row;
mod layout;
mod modal;
mod select;
mod text_input;
mod wire;

#[cfg(test)]
mod tests;

pub use self::action_row::{ActionRow, Button, ButtonStyle};
pub use self::layout::{
    Container, FileDisplay, MediaGallery, MediaGalleryItem, Section, Separator, SeparatorSpacing,
    TextDisplay, Thumbnail, UnfurledMediaItem, UnfurledMediaItemFlags,
};
pub use self::modal::{Checkbox, CheckboxGroup, FileUpload, GroupOption, Label, RadioGroup};
pub use self::select::{
    EntitySelect, SelectDefaultValue, SelectDefaultValueType, SelectMenuOption, StringSelect,
};
pub use self::text_input::{TextInput, TextInputStyle};

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

/// A component of a type this crate does not know, with every field it was
/// sent with, so that it serialises back unchanged.
///
/// Its fields are kept as JSON rather than read as a known component's:
/// a future component may reuse a field name with another shape, and must
/// not fail the message it is in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownComponent {
    /// The raw component type.
    pub kind: u8,
    /// Optional identifier for the component.
    pub id: Option<i32>,
    /// Every other field, as sent (without `type` and `id`).
    pub fields: serde_json::Map<String, serde_json::Value>,
}
