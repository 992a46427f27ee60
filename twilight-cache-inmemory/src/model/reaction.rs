//! Reactions on cached messages.

use twilight_model::emoji::Emoji;
use twilight_model::gateway::payload::{MessageReactionAdd, MessageReactionRemove};
use twilight_model::id::{Id, marker::EmojiMarker};
use twilight_model::message::{Reaction, ReactionCountDetails};

/// The emoji of a reaction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReactionEmoji {
    /// A custom emoji.
    Custom {
        /// The emoji id.
        id: Id<EmojiMarker>,
        /// The emoji name, if known.
        name: Option<Box<str>>,
        /// Whether it is animated.
        animated: bool,
    },
    /// A Unicode emoji.
    Unicode(Box<str>),
}

impl ReactionEmoji {
    /// Whether this is the same emoji as `emoji` (custom emojis compare by
    /// id, Unicode ones by text).
    pub fn matches(&self, emoji: &Emoji) -> bool {
        match (self, emoji.id) {
            (Self::Custom { id, .. }, Some(other)) => *id == other,
            (Self::Unicode(name), None) => Some(&**name) == emoji.name.as_deref(),
            _ => false,
        }
    }
}

impl From<&Emoji> for ReactionEmoji {
    fn from(emoji: &Emoji) -> Self {
        match emoji.id {
            Some(id) => Self::Custom {
                id,
                name: emoji.name.as_deref().map(Into::into),
                animated: emoji.animated.unwrap_or(false),
            },
            None => Self::Unicode(emoji.name.as_deref().unwrap_or_default().into()),
        }
    }
}

/// A reaction on a cached message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CachedReaction {
    /// The emoji.
    pub emoji: ReactionEmoji,
    /// How many users reacted with it (normal and burst).
    pub count: u32,
    /// Normal and burst counts.
    pub count_details: ReactionCountDetails,
    /// Whether the current user reacted.
    pub me: bool,
    /// Whether the current user super-reacted.
    pub me_burst: bool,
    /// The colours of super reactions.
    pub burst_colors: Box<[Box<str>]>,
}

impl From<&Reaction> for CachedReaction {
    fn from(reaction: &Reaction) -> Self {
        Self {
            emoji: ReactionEmoji::from(&reaction.emoji),
            count: reaction.count,
            count_details: reaction.count_details,
            me: reaction.me,
            me_burst: reaction.me_burst,
            burst_colors: reaction
                .burst_colors
                .iter()
                .map(|c| c.as_str().into())
                .collect(),
        }
    }
}

impl CachedReaction {
    pub(crate) fn add(reactions: &mut Vec<Self>, event: &MessageReactionAdd, me: bool) {
        let index = match reactions.iter().position(|r| r.emoji.matches(&event.emoji)) {
            Some(index) => index,
            None => {
                reactions.push(Self {
                    emoji: ReactionEmoji::from(&event.emoji),
                    count: 0,
                    count_details: ReactionCountDetails::default(),
                    me: false,
                    me_burst: false,
                    burst_colors: Box::default(),
                });
                reactions.len() - 1
            }
        };
        let reaction = &mut reactions[index];
        // Counts come from the network: saturate rather than overflow.
        reaction.count = reaction.count.saturating_add(1);
        if event.burst {
            reaction.count_details.burst = reaction.count_details.burst.saturating_add(1);
            reaction.me_burst |= me;
            if let Some(colors) = &event.burst_colors
                && !colors.is_empty()
            {
                reaction.burst_colors = colors.iter().map(|c| c.as_str().into()).collect();
            }
        } else {
            reaction.count_details.normal = reaction.count_details.normal.saturating_add(1);
            reaction.me |= me;
        }
    }

    pub(crate) fn remove(reactions: &mut Vec<Self>, event: &MessageReactionRemove, me: bool) {
        let Some(index) = reactions.iter().position(|r| r.emoji.matches(&event.emoji)) else {
            return;
        };
        let reaction = &mut reactions[index];
        reaction.count = reaction.count.saturating_sub(1);
        if event.burst {
            reaction.count_details.burst = reaction.count_details.burst.saturating_sub(1);
            if me {
                reaction.me_burst = false;
            }
        } else {
            reaction.count_details.normal = reaction.count_details.normal.saturating_sub(1);
            if me {
                reaction.me = false;
            }
        }
        if reaction.count == 0 {
            reactions.remove(index);
        }
    }
}
