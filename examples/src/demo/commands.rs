//! The bot's commands and the text of their replies: `!ping` answers with
//! the shard's heartbeat round trip, `!stats` with what the cache holds and
//! the bot's permissions in the channel.

use super::log::{bytes, millis};
use twilight_cache_inmemory::InMemoryCache;
use twilight_gateway::Latency;
use twilight_model::{
    gateway::ShardId,
    id::{
        Id,
        marker::{ChannelMarker, UserMarker},
    },
    permissions::Permissions,
};

/// A command the bot answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Command {
    /// `!ping`: the gateway latency.
    Ping,
    /// `!stats`: cache counts and permissions.
    Stats,
}

impl Command {
    /// The command a message's content starts with, if any.
    pub(crate) fn parse(content: &str) -> Option<Self> {
        match content.split_whitespace().next()? {
            "!ping" => Some(Self::Ping),
            "!stats" => Some(Self::Stats),
            _ => None,
        }
    }

    /// How users type it.
    pub(crate) const fn name(self) -> &'static str {
        match self {
            Self::Ping => "!ping",
            Self::Stats => "!stats",
        }
    }
}

/// `!ping`'s reply: the average heartbeat round trip of the shard that
/// received the command.
pub(crate) fn ping(shard: ShardId, latency: Option<&Latency>) -> String {
    match latency.and_then(|latency| Some((latency.average()?, latency.heartbeats()))) {
        Some((average, heartbeats)) => format!(
            "pong: {} (shard {}, average of {heartbeats} heartbeat{})",
            millis(average),
            shard.number(),
            if heartbeats == 1 { "" } else { "s" }
        ),
        None => format!(
            "pong: shard {} has no heartbeat acknowledged yet",
            shard.number()
        ),
    }
}

/// `!stats`' reply: what the cache holds and the bot's permissions in
/// `channel_id`, as the cache computes them from roles and overwrites.
pub(crate) fn stats(
    cache: &InMemoryCache,
    bot: Option<Id<UserMarker>>,
    channel_id: Id<ChannelMarker>,
) -> String {
    let stats = cache.stats();
    let permissions = match bot {
        Some(bot) => match cache.permissions().in_channel(bot, channel_id) {
            Ok(permissions) => names(permissions),
            Err(error) => format!("unknown ({error})"),
        },
        None => "unknown (no READY yet)".to_owned(),
    };
    format!(
        "cache: {} guilds, {} members, {} users, {} channels, {} messages, about {} | \
         my permissions here: {permissions}",
        stats.guilds,
        stats.members,
        stats.users,
        stats.channels,
        stats.messages,
        bytes(stats.total_bytes()),
    )
}

/// Permission names, lower case: "view channel, send messages, ...".
pub(crate) fn names(permissions: Permissions) -> String {
    if permissions.contains(Permissions::ADMINISTRATOR) {
        return "administrator (everything)".to_owned();
    }
    let mut names: Vec<String> = permissions
        .iter_names()
        .map(|(name, _)| name.to_lowercase().replace('_', " "))
        .collect();
    // Bits Discord sets but does not document (its default @everyone
    // permissions have bit 47).
    let unknown = permissions.bits() & !Permissions::all().bits();
    names.extend(
        (0..u64::BITS)
            .filter(|bit| unknown & (1 << bit) != 0)
            .map(|bit| format!("bit {bit}")),
    );
    if names.is_empty() {
        "none".to_owned()
    } else {
        names.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::{Command, names};
    use twilight_model::permissions::Permissions;

    #[test]
    fn commands_are_the_first_word() {
        assert_eq!(Command::parse("!ping"), Some(Command::Ping));
        assert_eq!(Command::parse("  !stats please"), Some(Command::Stats));
        assert_eq!(Command::parse("ping"), None);
        assert_eq!(Command::parse("hello !ping"), None);
        assert_eq!(Command::parse(""), None);
    }

    #[test]
    fn permissions_read_as_words() {
        let permissions = Permissions::VIEW_CHANNEL | Permissions::SEND_MESSAGES;
        assert_eq!(names(permissions), "view channel, send messages");
        assert_eq!(names(Permissions::empty()), "none");
        assert_eq!(
            names(Permissions::ADMINISTRATOR | Permissions::VIEW_CHANNEL),
            "administrator (everything)"
        );
        let undocumented = Permissions::from_bits_retain(Permissions::SPEAK.bits() | 1 << 47);
        assert_eq!(names(undocumented), "speak, bit 47");
    }
}
