//! Where events, commands and dead letters live: one subject (NATS) or
//! stream key (Redis) per event type and shard.
//!
//! | what | subject / key |
//! |------|---------------|
//! | an event | `discord.<app>.events.<EVENT_TYPE>.<shard>` |
//! | a command for a shard | `discord.<app>.commands.<shard>` |
//! | a dead letter | `discord.<app>.dead.<EVENT_TYPE>.<shard>` |
//!
//! `<shard>` is the shard number (not the total). The `events` token keeps
//! the three families apart under wildcards: `discord.<app>.events.>` is
//! every event and nothing else, so a JetStream stream can own it without
//! overlapping the command and dead-letter streams.
//!
//! JetStream streams are named `<app>_events`, `<app>_commands` and
//! `<app>_dead`. Redis keeps, besides the streams, a set per family of the
//! stream keys written so far (`discord.<app>.events`,
//! `discord.<app>.commands`, `discord.<app>.dead`) so consumers find new
//! shards' streams, and de-duplication keys `discord.<app>.seen.<stable id>`.

use crate::Error;

/// The family a subject belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Family {
    /// Gateway dispatches.
    Events,
    /// Events that were delivered too often without acknowledgement.
    Dead,
    /// Gateway commands for a shard.
    Commands,
}

impl Family {
    /// The family's token in a subject.
    #[must_use]
    pub const fn token(self) -> &'static str {
        match self {
            Self::Events => "events",
            Self::Dead => "dead",
            Self::Commands => "commands",
        }
    }
}

/// The subjects of one application (one bot, or one environment of it).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Layout {
    app: String,
}

impl Layout {
    /// The layout of application `app`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidName`](crate::ErrorKind::InvalidName) unless
    /// `app` is 1 to 64 ASCII letters, digits, `_` or `-` (it names streams
    /// too, whose names allow less than subjects).
    pub fn new(app: &str) -> Result<Self, Error> {
        if app.is_empty()
            || app.len() > 64
            || !app
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'-')
        {
            return Err(Error::invalid_name("app", app));
        }
        Ok(Self {
            app: app.to_owned(),
        })
    }

    /// The application's name.
    #[must_use]
    pub fn app(&self) -> &str {
        &self.app
    }

    /// `discord.<app>.<family>`: the prefix of a family's subjects, and the
    /// Redis set of its stream keys.
    #[must_use]
    pub fn family(&self, family: Family) -> String {
        format!("discord.{}.{}", self.app, family.token())
    }

    /// `discord.<app>.events.<EVENT_TYPE>.<shard>`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidName`](crate::ErrorKind::InvalidName) if the
    /// event type cannot be a subject token ([`check_event_type`]).
    pub fn event(&self, event_type: &str, shard: u32) -> Result<String, Error> {
        self.typed(Family::Events, event_type, shard)
    }

    /// `discord.<app>.dead.<EVENT_TYPE>.<shard>`.
    ///
    /// # Errors
    ///
    /// As [`Layout::event`].
    pub fn dead(&self, event_type: &str, shard: u32) -> Result<String, Error> {
        self.typed(Family::Dead, event_type, shard)
    }

    /// `discord.<app>.commands.<shard>`.
    #[must_use]
    pub fn commands(&self, shard: u32) -> String {
        format!("discord.{}.commands.{shard}", self.app)
    }

    /// The subject of an event type and shard in `family` (`Events` or
    /// `Dead`; `Commands` ignores the event type).
    ///
    /// # Errors
    ///
    /// As [`Layout::event`].
    pub fn typed(&self, family: Family, event_type: &str, shard: u32) -> Result<String, Error> {
        if family == Family::Commands {
            return Ok(self.commands(shard));
        }
        check_event_type(event_type)?;
        Ok(format!(
            "discord.{}.{}.{event_type}.{shard}",
            self.app,
            family.token()
        ))
    }

    /// A JetStream stream name of a family: `<app>_events`, `<app>_dead`,
    /// `<app>_commands`.
    #[must_use]
    pub fn stream(&self, family: Family) -> String {
        format!("{}_{}", self.app, family.token())
    }

    /// The Redis key that marks a stable id as published.
    #[must_use]
    pub fn seen(&self, stable_id: &str) -> String {
        format!("discord.{}.seen.{stable_id}", self.app)
    }

    /// Splits a subject or key of `family` into its event type and shard
    /// (the event type is empty for commands).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Malformed`](crate::ErrorKind::Malformed) if `subject`
    /// is not one of this layout's subjects of `family`.
    pub fn parse<'a>(&self, family: Family, subject: &'a str) -> Result<(&'a str, u32), Error> {
        let malformed = || Error::malformed(format!("subject {subject:?} is not of this layout"));
        let prefix = self.family(family);
        let rest = subject
            .strip_prefix(prefix.as_str())
            .and_then(|rest| rest.strip_prefix('.'))
            .ok_or_else(malformed)?;
        let (event_type, shard) = match family {
            Family::Commands => ("", rest),
            Family::Events | Family::Dead => rest.rsplit_once('.').ok_or_else(malformed)?,
        };
        let shard = shard.parse().map_err(|_| malformed())?;
        Ok((event_type, shard))
    }
}

/// Checks that an event type can be one subject token: 1 to 128 printable
/// ASCII characters other than `.`, `*`, `>` (NATS's separators and
/// wildcards). Discord's names (`MESSAGE_CREATE`) always pass; a new,
/// unknown name from Discord passes unless it breaks that rule.
///
/// # Errors
///
/// [`ErrorKind::InvalidName`](crate::ErrorKind::InvalidName) otherwise.
pub fn check_event_type(event_type: &str) -> Result<(), Error> {
    if event_type.is_empty()
        || event_type.len() > 128
        || !event_type
            .bytes()
            .all(|byte| byte.is_ascii_graphic() && !matches!(byte, b'.' | b'*' | b'>'))
    {
        return Err(Error::invalid_name("event type", event_type));
    }
    Ok(())
}

/// Checks a consumer group (JetStream durable) name: 1 to 64 ASCII
/// letters, digits, `_` or `-`.
///
/// # Errors
///
/// [`ErrorKind::InvalidName`](crate::ErrorKind::InvalidName) otherwise.
pub fn check_group(group: &str) -> Result<(), Error> {
    if group.is_empty()
        || group.len() > 64
        || !group
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'-')
    {
        return Err(Error::invalid_name("group", group));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{Family, Layout, check_event_type};
    use crate::ErrorKind;

    #[test]
    fn subjects_follow_the_documented_layout() {
        let layout = Layout::new("my-bot").unwrap();
        assert_eq!(
            layout.event("MESSAGE_CREATE", 3).unwrap(),
            "discord.my-bot.events.MESSAGE_CREATE.3"
        );
        assert_eq!(layout.commands(7), "discord.my-bot.commands.7");
        assert_eq!(
            layout.dead("GUILD_CREATE", 0).unwrap(),
            "discord.my-bot.dead.GUILD_CREATE.0"
        );
        assert_eq!(layout.stream(Family::Events), "my-bot_events");
        assert_eq!(
            layout
                .parse(Family::Events, "discord.my-bot.events.MESSAGE_CREATE.3")
                .unwrap(),
            ("MESSAGE_CREATE", 3)
        );
        assert_eq!(
            layout
                .parse(Family::Commands, "discord.my-bot.commands.12")
                .unwrap(),
            ("", 12)
        );
    }

    #[test]
    fn names_that_would_break_a_subject_are_rejected() {
        for app in ["", "a.b", "a b", "a*", "a>", &"x".repeat(65)] {
            assert!(
                matches!(
                    Layout::new(app).unwrap_err().kind(),
                    ErrorKind::InvalidName { what: "app", .. }
                ),
                "{app:?}"
            );
        }
        for event_type in ["", "A.B", "A*", "A>", "A B", "\u{e9}"] {
            assert!(check_event_type(event_type).is_err(), "{event_type:?}");
        }
        let layout = Layout::new("bot").unwrap();
        assert!(layout.event("MESSAGE.CREATE", 0).is_err());
        assert!(
            layout
                .parse(Family::Events, "discord.other.events.X.1")
                .is_err()
        );
        assert!(
            layout
                .parse(Family::Events, "discord.bot.events.X.one")
                .is_err()
        );
    }
}
