//! Permissions of roles, members and overwrites (topics/permissions.mdx).
//!
//! Discord sends a permission set as a string holding the integer; a
//! [`Permissions`] also deserialises from a plain integer, and keeps bits this
//! crate does not know.

crate::flags! {
    /// A set of permissions, sent as a string of the integer.
    pub struct Permissions: u64 as string {
        /// Allows creation of instant invites.
        const CREATE_INSTANT_INVITE = 1 << 0;
        /// Allows kicking members.
        const KICK_MEMBERS = 1 << 1;
        /// Allows banning members.
        const BAN_MEMBERS = 1 << 2;
        /// Allows all permissions and bypasses channel permission overwrites.
        const ADMINISTRATOR = 1 << 3;
        /// Allows management and editing of channels.
        const MANAGE_CHANNELS = 1 << 4;
        /// Allows management and editing of the guild.
        const MANAGE_GUILD = 1 << 5;
        /// Allows for adding new reactions to messages.
        const ADD_REACTIONS = 1 << 6;
        /// Allows for viewing of audit logs.
        const VIEW_AUDIT_LOG = 1 << 7;
        /// Allows for using priority speaker in a voice channel.
        const PRIORITY_SPEAKER = 1 << 8;
        /// Allows the user to go live.
        const STREAM = 1 << 9;
        /// Allows guild members to view a channel.
        const VIEW_CHANNEL = 1 << 10;
        /// Allows for sending messages in a channel and creating threads in a forum.
        const SEND_MESSAGES = 1 << 11;
        /// Allows for sending of `/tts` messages.
        const SEND_TTS_MESSAGES = 1 << 12;
        /// Allows for deletion of other users messages.
        const MANAGE_MESSAGES = 1 << 13;
        /// Links sent by users with this permission will be auto-embedded.
        const EMBED_LINKS = 1 << 14;
        /// Allows for uploading images and files.
        const ATTACH_FILES = 1 << 15;
        /// Allows for reading of message history.
        const READ_MESSAGE_HISTORY = 1 << 16;
        /// Allows for using the `@everyone` and `@here` tags.
        const MENTION_EVERYONE = 1 << 17;
        /// Allows the usage of custom emojis from other servers.
        const USE_EXTERNAL_EMOJIS = 1 << 18;
        /// Allows for viewing guild insights.
        const VIEW_GUILD_INSIGHTS = 1 << 19;
        /// Allows for joining of a voice channel.
        const CONNECT = 1 << 20;
        /// Allows for speaking in a voice channel.
        const SPEAK = 1 << 21;
        /// Allows for muting members in a voice channel.
        const MUTE_MEMBERS = 1 << 22;
        /// Allows for deafening of members in a voice channel.
        const DEAFEN_MEMBERS = 1 << 23;
        /// Allows for moving of members between voice channels.
        const MOVE_MEMBERS = 1 << 24;
        /// Allows for using voice-activity-detection in a voice channel.
        const USE_VAD = 1 << 25;
        /// Allows for modification of own nickname.
        const CHANGE_NICKNAME = 1 << 26;
        /// Allows for modification of other users nicknames.
        const MANAGE_NICKNAMES = 1 << 27;
        /// Allows management and editing of roles.
        const MANAGE_ROLES = 1 << 28;
        /// Allows management and editing of webhooks.
        const MANAGE_WEBHOOKS = 1 << 29;
        /// Allows for editing and deleting emojis, stickers, and soundboard sounds created by all users.
        const MANAGE_GUILD_EXPRESSIONS = 1 << 30;
        /// Allows members to use application commands.
        const USE_APPLICATION_COMMANDS = 1 << 31;
        /// Allows for requesting to speak in stage channels.
        const REQUEST_TO_SPEAK = 1 << 32;
        /// Allows for editing and deleting scheduled events created by all users.
        const MANAGE_EVENTS = 1 << 33;
        /// Allows for deleting and archiving threads, and viewing all private threads.
        const MANAGE_THREADS = 1 << 34;
        /// Allows for creating public and announcement threads.
        const CREATE_PUBLIC_THREADS = 1 << 35;
        /// Allows for creating private threads.
        const CREATE_PRIVATE_THREADS = 1 << 36;
        /// Allows the usage of custom stickers from other servers.
        const USE_EXTERNAL_STICKERS = 1 << 37;
        /// Allows for sending messages in threads.
        const SEND_MESSAGES_IN_THREADS = 1 << 38;
        /// Allows for using Activities (applications with the `EMBEDDED` flag).
        const USE_EMBEDDED_ACTIVITIES = 1 << 39;
        /// Allows for timing out users.
        const MODERATE_MEMBERS = 1 << 40;
        /// Allows for viewing role subscription insights.
        const VIEW_CREATOR_MONETIZATION_ANALYTICS = 1 << 41;
        /// Allows for using soundboard in a voice channel.
        const USE_SOUNDBOARD = 1 << 42;
        /// Allows for creating emojis, stickers, and soundboard sounds.
        const CREATE_GUILD_EXPRESSIONS = 1 << 43;
        /// Allows for creating scheduled events.
        const CREATE_EVENTS = 1 << 44;
        /// Allows the usage of custom soundboard sounds from other servers.
        const USE_EXTERNAL_SOUNDS = 1 << 45;
        /// Allows sending voice messages.
        const SEND_VOICE_MESSAGES = 1 << 46;
        /// Allows setting voice channel status.
        const SET_VOICE_CHANNEL_STATUS = 1 << 48;
        /// Allows sending polls.
        const SEND_POLLS = 1 << 49;
        /// Allows user-installed apps to send public responses.
        const USE_EXTERNAL_APPS = 1 << 50;
        /// Allows pinning and unpinning messages.
        const PIN_MESSAGES = 1 << 51;
        /// Allows bypassing slowmode restrictions.
        const BYPASS_SLOWMODE = 1 << 52;
    }
}

impl Permissions {
    /// Every permission this version of the crate knows (the same as
    /// [`Permissions::all`]).
    pub const fn all_known() -> Self {
        Self::all()
    }

    /// The bits this version of the crate does not know.
    pub const fn unknown_bits(self) -> u64 {
        self.bits() & !Self::all().bits()
    }
}

#[cfg(test)]
mod tests {
    use super::Permissions;

    #[test]
    fn string_and_integer() {
        let p: Permissions = serde_json::from_str(r#""66321471""#).unwrap();
        assert!(p.contains(Permissions::ADMINISTRATOR | Permissions::KICK_MEMBERS));
        assert_eq!(serde_json::to_string(&p).unwrap(), r#""66321471""#);
        let q: Permissions = serde_json::from_str("66321471").unwrap();
        assert_eq!(p, q);
    }

    #[test]
    fn unknown_high_bit_survives() {
        let raw = (1u64 << 63) | (1 << 47) | Permissions::SEND_MESSAGES.bits();
        let json = format!("\"{raw}\"");
        let p: Permissions = serde_json::from_str(&json).unwrap();
        assert!(p.contains(Permissions::SEND_MESSAGES));
        assert_eq!(p.unknown_bits(), (1u64 << 63) | (1 << 47));
        assert_eq!(serde_json::to_string(&p).unwrap(), json);
    }

    #[test]
    fn known_values() {
        assert_eq!(Permissions::BYPASS_SLOWMODE.bits(), 0x0010_0000_0000_0000);
        assert_eq!(
            Permissions::SET_VOICE_CHANNEL_STATUS.bits(),
            0x0001_0000_0000_0000
        );
        assert_eq!(Permissions::all_known().bits().count_ones(), 52);
    }

    #[test]
    fn malformed() {
        assert!(serde_json::from_str::<Permissions>(r#""12a""#).is_err());
        assert!(serde_json::from_str::<Permissions>("-1").is_err());
        assert!(serde_json::from_str::<Permissions>("true").is_err());
        assert!(serde_json::from_str::<Permissions>(r#""18446744073709551616""#).is_err());
    }
}
