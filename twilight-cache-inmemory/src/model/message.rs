//! The cached form of a message: ids instead of users, boxed slices, and the
//! rarely present parts behind one pointer.

use crate::heap::{HeapSize, slice_bytes};
use crate::model::reaction::CachedReaction;
use twilight_model::Timestamp;
use twilight_model::channel::ChannelType;
use twilight_model::emoji::Emoji;
use twilight_model::gateway::payload::{MessageReactionAdd, MessageReactionRemove};
use twilight_model::id::{
    Id,
    marker::{
        ApplicationMarker, ChannelMarker, GuildMarker, MessageMarker, RoleMarker, UserMarker,
        WebhookMarker,
    },
};
use twilight_model::message::component::Component;
use twilight_model::message::embed::Embed;
use twilight_model::message::{
    Attachment, ChannelMention, Message, MessageActivity, MessageCall, MessageFlags,
    MessageInteractionMetadata, MessageReference, MessageSnapshot, MessageType,
    PurchaseNotification, RoleSubscriptionData,
};
use twilight_model::poll::Poll;
use twilight_model::sticker::StickerItem;

/// A message as the cache stores it by default.
#[derive(Clone, Debug, PartialEq)]
pub struct CachedMessage {
    /// The message id.
    pub id: Id<MessageMarker>,
    /// The channel it was sent in.
    pub channel_id: Id<ChannelMarker>,
    /// The guild it was sent in, if any.
    pub guild_id: Option<Id<GuildMarker>>,
    /// The type of the channel it was sent in: as the message said, or else
    /// the cached channel's type when the message was cached.
    pub channel_type: Option<ChannelType>,
    /// The author's user id; the user is in the cache's user map.
    pub author_id: Id<UserMarker>,
    /// The text.
    pub content: Box<str>,
    /// When it was sent.
    pub timestamp: Timestamp,
    /// When it was last edited.
    pub edited_timestamp: Option<Timestamp>,
    /// The message type.
    pub kind: MessageType,
    /// The message flags.
    pub flags: MessageFlags,
    /// Whether it was a text-to-speech message.
    pub tts: bool,
    /// Whether it mentions everyone.
    pub mention_everyone: bool,
    /// Whether it is pinned.
    pub pinned: bool,
    /// The ids of the users it mentions.
    pub mentions: Box<[Id<UserMarker>]>,
    /// The ids of the roles it mentions.
    pub mention_roles: Box<[Id<RoleMarker>]>,
    /// The attachments.
    pub attachments: Box<[Attachment]>,
    /// The embeds.
    pub embeds: Box<[Embed]>,
    /// The reactions, kept up to date by reaction events.
    pub reactions: Vec<CachedReaction>,
    /// The webhook that sent it.
    pub webhook_id: Option<Id<WebhookMarker>>,
    /// Everything else a message may carry; most messages carry none of it.
    pub extras: Option<Box<MessageExtras>>,
}

/// The parts of a message that most messages lack.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MessageExtras {
    /// Channels mentioned (cross-posts).
    pub mention_channels: Vec<ChannelMention>,
    /// Rich presence activity.
    pub activity: Option<MessageActivity>,
    /// The application that sent it (interactions, webhooks).
    pub application_id: Option<Id<ApplicationMarker>>,
    /// The message this one replies to or forwards.
    pub message_reference: Option<MessageReference>,
    /// Forwarded message snapshots.
    pub message_snapshots: Vec<MessageSnapshot>,
    /// The id of the referenced message (the message itself is cached
    /// separately if it was seen).
    pub referenced_message_id: Option<Id<MessageMarker>>,
    /// The interaction this message answers.
    pub interaction_metadata: Option<Box<MessageInteractionMetadata>>,
    /// The thread started from this message.
    pub thread_id: Option<Id<ChannelMarker>>,
    /// Components.
    pub components: Vec<Component>,
    /// Stickers.
    pub sticker_items: Vec<StickerItem>,
    /// Position in a thread.
    pub position: Option<u64>,
    /// Role subscription purchase data.
    pub role_subscription_data: Option<RoleSubscriptionData>,
    /// A poll.
    pub poll: Option<Box<Poll>>,
    /// A call.
    pub call: Option<MessageCall>,
    /// A purchase notification.
    pub purchase_notification: Option<PurchaseNotification>,
}

impl MessageExtras {
    fn of(message: &Message) -> Option<Box<Self>> {
        let extras = Self {
            mention_channels: message.mention_channels.clone().unwrap_or_default(),
            activity: message.activity.clone(),
            application_id: message.application_id,
            message_reference: message.message_reference,
            message_snapshots: message.message_snapshots.clone().unwrap_or_default(),
            referenced_message_id: message.referenced_message.as_ref().map(|m| m.id),
            interaction_metadata: message.interaction_metadata.clone(),
            thread_id: message.thread.as_ref().map(|t| t.id),
            components: message
                .components
                .as_ref()
                .filter(|c| !c.is_empty())
                .cloned()
                .unwrap_or_default(),
            sticker_items: message.sticker_items.clone().unwrap_or_default(),
            position: message.position,
            role_subscription_data: message.role_subscription_data.clone(),
            poll: message.poll.clone(),
            call: message.call.clone(),
            purchase_notification: message.purchase_notification.clone(),
        };
        (extras != Self::default()).then(|| Box::new(extras))
    }
}

/// A cached message: implement it to store messages in your own form.
pub trait CacheableMessage: Send + Sync + 'static {
    /// The cached form of MESSAGE_CREATE's message.
    fn from_message(message: &Message) -> Self;

    /// Applies MESSAGE_UPDATE (which carries the whole edited message).
    fn update(&mut self, message: &Message);

    /// The author's user id.
    fn author_id(&self) -> Id<UserMarker>;

    /// Sets the channel's type, from the cached channel, when the message
    /// did not carry it. The default ignores it.
    fn set_channel_type(&mut self, kind: ChannelType) {
        let _ = kind;
    }

    /// Applies MESSAGE_REACTION_ADD; `me` says whether the current user
    /// reacted. The default ignores reactions.
    fn add_reaction(&mut self, reaction: &MessageReactionAdd, me: bool) {
        let _ = (reaction, me);
    }

    /// Applies MESSAGE_REACTION_REMOVE. The default ignores reactions.
    fn remove_reaction(&mut self, reaction: &MessageReactionRemove, me: bool) {
        let _ = (reaction, me);
    }

    /// Applies MESSAGE_REACTION_REMOVE_ALL. The default ignores reactions.
    fn clear_reactions(&mut self) {}

    /// Applies MESSAGE_REACTION_REMOVE_EMOJI. The default ignores reactions.
    fn remove_reaction_emoji(&mut self, emoji: &Emoji) {
        let _ = emoji;
    }

    /// Heap bytes owned by this value, for [`Stats`](crate::Stats). The
    /// default says 0.
    fn heap_size(&self) -> usize {
        0
    }
}

impl CacheableMessage for CachedMessage {
    fn from_message(message: &Message) -> Self {
        Self {
            id: message.id,
            channel_id: message.channel_id,
            guild_id: message.guild_id,
            channel_type: message.channel_type,
            author_id: message.author.id,
            content: message.content.as_str().into(),
            timestamp: message.timestamp,
            edited_timestamp: message.edited_timestamp,
            kind: message.kind,
            flags: message.flags.unwrap_or(MessageFlags::empty()),
            tts: message.tts,
            mention_everyone: message.mention_everyone,
            pinned: message.pinned,
            mentions: message.mentions.iter().map(|user| user.id).collect(),
            mention_roles: message.mention_roles.as_slice().into(),
            attachments: message.attachments.as_slice().into(),
            embeds: message.embeds.as_slice().into(),
            reactions: message
                .reactions
                .iter()
                .flatten()
                .map(CachedReaction::from)
                .collect(),
            webhook_id: message.webhook_id,
            extras: MessageExtras::of(message),
        }
    }

    fn update(&mut self, message: &Message) {
        let reactions = std::mem::take(&mut self.reactions);
        let channel_type = self.channel_type;
        *self = Self::from_message(message);
        self.channel_type = self.channel_type.or(channel_type);
        // Reaction events keep the counts; an edit may omit them.
        if message.reactions.is_none() {
            self.reactions = reactions;
        }
    }

    fn author_id(&self) -> Id<UserMarker> {
        self.author_id
    }

    fn set_channel_type(&mut self, kind: ChannelType) {
        self.channel_type = Some(kind);
    }

    fn add_reaction(&mut self, reaction: &MessageReactionAdd, me: bool) {
        CachedReaction::add(&mut self.reactions, reaction, me);
    }

    fn remove_reaction(&mut self, reaction: &MessageReactionRemove, me: bool) {
        CachedReaction::remove(&mut self.reactions, reaction, me);
    }

    fn clear_reactions(&mut self) {
        self.reactions = Vec::new();
    }

    fn remove_reaction_emoji(&mut self, emoji: &Emoji) {
        self.reactions.retain(|r| !r.emoji.matches(emoji));
    }

    fn heap_size(&self) -> usize {
        HeapSize::heap_size(self)
    }
}

impl HeapSize for CachedMessage {
    fn heap_size(&self) -> usize {
        let embeds: usize = self
            .embeds
            .iter()
            .map(|e| {
                e.title.as_ref().map_or(0, String::len)
                    + e.description.as_ref().map_or(0, String::len)
                    + e.fields
                        .iter()
                        .flatten()
                        .map(|f| f.name.len() + f.value.len() + size_of_val(f))
                        .sum::<usize>()
            })
            .sum();
        self.content.len()
            + slice_bytes(&self.mentions)
            + slice_bytes(&self.mention_roles)
            + slice_bytes(&self.attachments)
            + slice_bytes(&self.embeds)
            + embeds
            + self.reactions.capacity() * size_of::<CachedReaction>()
            + self
                .extras
                .as_ref()
                .map_or(0, |_| size_of::<MessageExtras>())
    }
}
