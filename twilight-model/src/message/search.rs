//! The filters and sorting of Search Guild Messages
//! (resources/message.mdx, "Search Guild Messages").

crate::str_enum! {
    /// How search results are sorted.
    pub enum SearchSortMode {
        /// By the message's creation time (Discord's default).
        Timestamp = "timestamp",
        /// By the message's relevance to the query.
        Relevance = "relevance",
    }
}

crate::str_enum! {
    /// The direction search results are sorted in (not respected when
    /// sorting by relevance). Thread search uses it too.
    pub enum SearchSortOrder {
        /// Ascending.
        Ascending = "asc",
        /// Descending (Discord's default).
        Descending = "desc",
    }
}

crate::str_enum! {
    /// The kind of author a searched message has, or (the `Not` variants,
    /// prefixed with `-`) must not have.
    pub enum SearchAuthorType {
        /// Sent by a user account.
        User = "user",
        /// Sent by a bot account.
        Bot = "bot",
        /// Sent by a webhook.
        Webhook = "webhook",
        /// Not sent by a user account.
        NotUser = "-user",
        /// Not sent by a bot account.
        NotBot = "-bot",
        /// Not sent by a webhook.
        NotWebhook = "-webhook",
    }
}

crate::str_enum! {
    /// Something a searched message has, or (the `Not` variants, prefixed
    /// with `-`) must not have.
    pub enum SearchHasType {
        /// An image.
        Image = "image",
        /// A sound attachment.
        Sound = "sound",
        /// A video.
        Video = "video",
        /// An attachment.
        File = "file",
        /// A sticker.
        Sticker = "sticker",
        /// An embed.
        Embed = "embed",
        /// A link.
        Link = "link",
        /// A poll.
        Poll = "poll",
        /// A forwarded message.
        Snapshot = "snapshot",
        /// No image.
        NotImage = "-image",
        /// No sound attachment.
        NotSound = "-sound",
        /// No video.
        NotVideo = "-video",
        /// No attachment.
        NotFile = "-file",
        /// No sticker.
        NotSticker = "-sticker",
        /// No embed.
        NotEmbed = "-embed",
        /// No link.
        NotLink = "-link",
        /// No poll.
        NotPoll = "-poll",
        /// No forwarded message.
        NotSnapshot = "-snapshot",
    }
}

crate::str_enum! {
    /// The kind of embed a searched message has. Not the embed's own
    /// `type`: each covers several of those.
    pub enum SearchEmbedType {
        /// An image embed.
        Image = "image",
        /// A video embed.
        Video = "video",
        /// A gifv embed.
        Gif = "gif",
        /// A sound embed.
        Sound = "sound",
        /// An article embed.
        Article = "article",
    }
}

#[cfg(test)]
mod tests {
    use super::{SearchAuthorType, SearchHasType, SearchSortOrder};

    #[test]
    fn negated_filters_keep_their_dash() {
        assert_eq!(
            serde_json::to_value(SearchAuthorType::NotBot).unwrap(),
            "-bot"
        );
        assert_eq!(SearchHasType::new("-snapshot"), SearchHasType::NotSnapshot);
        assert_eq!(SearchSortOrder::new("asc"), SearchSortOrder::Ascending);
    }

    #[test]
    fn unknown_values_are_kept() {
        let has: SearchHasType = serde_json::from_value("-forum".into()).unwrap();
        assert_eq!(has, SearchHasType::Unknown("-forum".into()));
        assert_eq!(serde_json::to_value(has).unwrap(), "-forum");
    }
}
