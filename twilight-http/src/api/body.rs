//! Request-only objects of request bodies that twilight-model has no type
//! for (the model holds what Discord sends; these are what it is sent).
//! Every field left `None` is left out of the JSON.

use serde::Serialize;
use std::collections::HashMap;
use twilight_model::{
    application::{
        ApplicationIntegrationType,
        command::{CommandOption, CommandType, EntryPointCommandHandlerType},
    },
    id::{
        Id,
        marker::{
            ChannelMarker, CommandMarker, EmojiMarker, GenericMarker, RoleMarker, StickerMarker,
            TagMarker, UserMarker,
        },
    },
    interaction::InteractionContextType,
    lobby::LobbyMemberFlags,
    message::{AllowedMentions, MessageFlags, component::Component, embed::Embed},
    permissions::Permissions,
    poll::PollCreateRequest,
};

/// A tag of a forum or media channel, to create (no `id`) or to keep and
/// update (its `id`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct NewForumTag {
    /// The tag to update; `None` creates one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<Id<TagMarker>>,
    /// The name (0 to 20 characters).
    pub name: String,
    /// Whether only members with `MANAGE_THREADS` can add or remove it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub moderated: Option<bool>,
    /// A guild's custom emoji.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub emoji_id: Option<Id<EmojiMarker>>,
    /// A Unicode emoji.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub emoji_name: Option<String>,
}

/// A text with its translations, by locale (an application's
/// description).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct LocalizedText {
    /// The text in the default locale (at most 400 characters).
    pub default: String,
    /// The text in other locales.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub localizations: Option<HashMap<String, String>>,
}

/// An application command as a bulk overwrite sends it: with `id` to keep
/// (and update) an existing command, without to create one.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct NewCommand {
    /// The command to update.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<Id<CommandMarker>>,
    /// The type (chat input when `None`).
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<CommandType>,
    /// The name (1 to 32 characters).
    pub name: String,
    /// The name's translations, by locale.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_localizations: Option<HashMap<String, String>>,
    /// The description (1 to 100 characters; chat input commands only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The description's translations, by locale.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description_localizations: Option<HashMap<String, String>>,
    /// The parameters (at most 25).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<CommandOption>>,
    /// The permissions a member needs by default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_member_permissions: Option<Permissions>,
    /// Where the command can be used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contexts: Option<Vec<InteractionContextType>>,
    /// Where the application must be installed for the command.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub integration_types: Option<Vec<ApplicationIntegrationType>>,
    /// Who handles a primary entry point command.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub handler: Option<EntryPointCommandHandlerType>,
    /// Whether the command is age-restricted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nsfw: Option<bool>,
}

/// The first message of a forum or media channel post.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ForumThreadMessage {
    /// The content (at most 2000 characters).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// The embeds (at most 10).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub embeds: Option<Vec<Embed>>,
    /// Which mentions ping.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed_mentions: Option<AllowedMentions>,
    /// The components.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub components: Option<Vec<Component>>,
    /// Stickers (at most 3).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sticker_ids: Option<Vec<Id<StickerMarker>>>,
    /// The message flags.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flags: Option<MessageFlags>,
    /// A poll.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub poll: Option<PollCreateRequest>,
}

/// A guild channel's new position (Modify Guild Channel Positions).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChannelPosition {
    /// The channel.
    pub id: Id<ChannelMarker>,
    /// Its position; `None` leaves it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<i64>,
    /// Syncs the permission overwrites with the new parent's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lock_permissions: Option<bool>,
    /// The new parent category.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<Id<ChannelMarker>>,
}

/// A role's new position (Modify Guild Role Positions).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RolePosition {
    /// The role.
    pub id: Id<RoleMarker>,
    /// Its position.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<i64>,
}

/// A member to put in a lobby.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LobbyMemberRequest {
    /// The user.
    pub id: Id<UserMarker>,
    /// String key/value pairs (at most 1000 characters in total).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<HashMap<String, String>>,
    /// The member's flags.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flags: Option<LobbyMemberFlags>,
}

/// A member to add, update or remove in a bulk update of a lobby.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BulkLobbyMember {
    /// The user.
    pub id: Id<UserMarker>,
    /// String key/value pairs (at most 1000 characters in total).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<HashMap<String, String>>,
    /// The member's flags.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flags: Option<LobbyMemberFlags>,
    /// Removes the member instead.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remove_member: Option<bool>,
    /// A display name of 1 to 80 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub additional_name: Option<String>,
}

/// An attachment entry of a message: a file uploaded beside it (`id` is
/// the `n` of `files[n]`) or an uploaded attachment's id.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AttachmentRequest {
    /// The attachment.
    pub id: Id<GenericMarker>,
    /// Its file name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filename: Option<String>,
    /// Its description (alt text).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// A voice message's duration.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration_secs: Option<f64>,
    /// A voice message's waveform (base64).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waveform: Option<String>,
    /// The title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Whether it is shown as a spoiler.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_spoiler: Option<bool>,
}

/// A Slack attachment of a Slack-compatible webhook execution.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SlackAttachment {
    /// The title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The title's link.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title_link: Option<String>,
    /// The text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The colour (`#rrggbb`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    /// A Unix timestamp shown in the footer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ts: Option<i64>,
    /// Text above the attachment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pretext: Option<String>,
    /// The footer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub footer: Option<String>,
    /// The footer's icon URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub footer_icon: Option<String>,
    /// The author's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author_name: Option<String>,
    /// The author's link.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author_link: Option<String>,
    /// The author's icon URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author_icon: Option<String>,
    /// An image URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// A thumbnail URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thumb_url: Option<String>,
}
