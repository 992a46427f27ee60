//! Discord's documented limits, checked before a request is sent.
//!
//! Every builder checks its input against these; a broken limit becomes an
//! [`Error`] of kind [`ErrorKind::Validation`] whose source is a
//! [`ValidationError`] naming the field, the limit and the actual value, and
//! the request is never sent.
//!
//! ```
//! use twilight_http::validate::{self, ValidationErrorKind};
//!
//! let error = validate::message_content(&"a".repeat(2001)).unwrap_err();
//! assert_eq!(error.field(), "content");
//! assert_eq!(
//!     error.kind(),
//!     &ValidationErrorKind::TooLong { max: 2000, actual: 2001 }
//! );
//! ```
//!
//! [`Error`]: crate::Error
//! [`ErrorKind::Validation`]: crate::ErrorKind::Validation

use std::{error::Error as StdError, fmt};
use twilight_model::message::{component::Component, embed::Embed};

/// The most characters in a message's content.
pub const MESSAGE_CONTENT_LENGTH: usize = 2000;
/// The most embeds in a message.
pub const EMBED_COUNT: usize = 10;
/// The most characters across all embeds of a message (titles,
/// descriptions, field names and values, footer texts, author names).
pub const EMBED_TOTAL_LENGTH: usize = 6000;
/// The most characters in an embed title.
pub const EMBED_TITLE_LENGTH: usize = 256;
/// The most characters in an embed description.
pub const EMBED_DESCRIPTION_LENGTH: usize = 4096;
/// The most fields in an embed.
pub const EMBED_FIELD_COUNT: usize = 25;
/// The most characters in an embed field name.
pub const EMBED_FIELD_NAME_LENGTH: usize = 256;
/// The most characters in an embed field value.
pub const EMBED_FIELD_VALUE_LENGTH: usize = 1024;
/// The most characters in an embed footer text.
pub const EMBED_FOOTER_TEXT_LENGTH: usize = 2048;
/// The most characters in an embed author name.
pub const EMBED_AUTHOR_NAME_LENGTH: usize = 256;
/// The most top-level components (action rows) in a message without the
/// components-v2 flag.
pub const COMPONENT_ROWS: usize = 5;
/// The most components, nested ones included, of a components v2 message.
pub const COMPONENT_TOTAL: usize = 40;
/// The most stickers in a message.
pub const STICKER_COUNT: usize = 3;
/// The most attachments in a message.
pub const ATTACHMENT_COUNT: usize = 10;
/// The most characters in an audit log reason.
pub const AUDIT_REASON_LENGTH: usize = 512;
/// The characters allowed in a chat input command name (1 to 32).
pub const COMMAND_NAME_LENGTH: (usize, usize) = (1, 32);
/// The characters allowed in a chat input command description (1 to 100).
pub const COMMAND_DESCRIPTION_LENGTH: (usize, usize) = (1, 100);
/// The most options of a command.
pub const COMMAND_OPTION_COUNT: usize = 25;
/// The most commands of one kind set at once (100 chat input commands,
/// plus user and message commands).
pub const COMMAND_COUNT: usize = 130;
/// The most seconds of messages a ban deletes (7 days).
pub const BAN_DELETE_MESSAGE_SECONDS: i64 = 604_800;
/// The range of `limit` when listing messages.
pub const GET_MESSAGES_LIMIT: (i64, i64) = (1, 100);
/// The most characters in a nickname.
pub const NICKNAME_LENGTH: usize = 32;
/// The characters allowed in a channel name (1 to 100).
pub const CHANNEL_NAME_LENGTH: (usize, usize) = (1, 100);
/// The characters allowed in a webhook name (1 to 80).
pub const WEBHOOK_NAME_LENGTH: (usize, usize) = (1, 80);
/// The characters allowed in a role name (at most 100).
pub const ROLE_NAME_LENGTH: usize = 100;

/// A documented limit the request broke.
#[derive(Clone, Debug, Eq, PartialEq)]
pub struct ValidationError {
    field: String,
    kind: ValidationErrorKind,
}

/// Which limit was broken, with the limit and the actual value.
#[derive(Clone, Debug, Eq, PartialEq)]
#[non_exhaustive]
pub enum ValidationErrorKind {
    /// More characters than allowed.
    TooLong {
        /// The most allowed.
        max: usize,
        /// How many there were.
        actual: usize,
    },
    /// Fewer characters than required.
    TooShort {
        /// The fewest allowed.
        min: usize,
        /// How many there were.
        actual: usize,
    },
    /// More items than allowed.
    TooMany {
        /// The most allowed.
        max: usize,
        /// How many there were.
        actual: usize,
    },
    /// Fewer items than required.
    TooFew {
        /// The fewest allowed.
        min: usize,
        /// How many there were.
        actual: usize,
    },
    /// A number outside its range.
    OutOfRange {
        /// The smallest allowed, if bounded below.
        min: Option<i64>,
        /// The largest allowed, if bounded above.
        max: Option<i64>,
        /// The value given.
        actual: i64,
    },
    /// A value of the wrong form (the reason says which).
    Invalid {
        /// What is wrong.
        reason: &'static str,
    },
}

impl ValidationError {
    /// An error of `kind` for `field`.
    #[must_use]
    pub fn new(field: impl Into<String>, kind: ValidationErrorKind) -> Self {
        Self {
            field: field.into(),
            kind,
        }
    }

    /// The field, as Discord names it (nested fields as
    /// `embeds[0].fields[2].value`).
    #[must_use]
    pub fn field(&self) -> &str {
        &self.field
    }

    /// The limit and the actual value.
    #[must_use]
    pub const fn kind(&self) -> &ValidationErrorKind {
        &self.kind
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let field = &self.field;
        match &self.kind {
            ValidationErrorKind::TooLong { max, actual } => write!(
                f,
                "`{field}` is {actual} characters long, more than the limit of {max}"
            ),
            ValidationErrorKind::TooShort { min, actual } => write!(
                f,
                "`{field}` is {actual} characters long, fewer than the minimum of {min}"
            ),
            ValidationErrorKind::TooMany { max, actual } => write!(
                f,
                "`{field}` has {actual} items, more than the limit of {max}"
            ),
            ValidationErrorKind::TooFew { min, actual } => write!(
                f,
                "`{field}` has {actual} items, fewer than the minimum of {min}"
            ),
            ValidationErrorKind::OutOfRange { min, max, actual } => {
                write!(f, "`{field}` is {actual}, outside ")?;
                match (min, max) {
                    (Some(min), Some(max)) => write!(f, "{min}..={max}"),
                    (Some(min), None) => write!(f, "{min}.."),
                    (None, Some(max)) => write!(f, "..={max}"),
                    (None, None) => f.write_str(".."),
                }
            }
            ValidationErrorKind::Invalid { reason } => write!(f, "`{field}` {reason}"),
        }
    }
}

impl StdError for ValidationError {}

impl From<ValidationError> for crate::Error {
    fn from(error: ValidationError) -> Self {
        Self::new(crate::ErrorKind::Validation, error)
    }
}

/// Checks that `value` has between `min` and `max` characters (Unicode
/// scalar values, as Discord counts them).
///
/// # Errors
///
/// [`ValidationErrorKind::TooShort`] or [`ValidationErrorKind::TooLong`].
pub fn length(
    field: &str,
    value: &str,
    min: Option<usize>,
    max: Option<usize>,
) -> Result<(), ValidationError> {
    let actual = value.chars().count();
    if let Some(max) = max
        && actual > max
    {
        return Err(ValidationError::new(
            field,
            ValidationErrorKind::TooLong { max, actual },
        ));
    }
    if let Some(min) = min
        && actual < min
    {
        return Err(ValidationError::new(
            field,
            ValidationErrorKind::TooShort { min, actual },
        ));
    }
    Ok(())
}

/// Checks that a list has between `min` and `max` items.
///
/// # Errors
///
/// [`ValidationErrorKind::TooFew`] or [`ValidationErrorKind::TooMany`].
pub fn count(
    field: &str,
    actual: usize,
    min: Option<usize>,
    max: Option<usize>,
) -> Result<(), ValidationError> {
    if let Some(max) = max
        && actual > max
    {
        return Err(ValidationError::new(
            field,
            ValidationErrorKind::TooMany { max, actual },
        ));
    }
    if let Some(min) = min
        && actual < min
    {
        return Err(ValidationError::new(
            field,
            ValidationErrorKind::TooFew { min, actual },
        ));
    }
    Ok(())
}

/// Checks that `actual` lies in `min..=max`.
///
/// # Errors
///
/// [`ValidationErrorKind::OutOfRange`].
pub fn range(
    field: &str,
    actual: i64,
    min: Option<i64>,
    max: Option<i64>,
) -> Result<(), ValidationError> {
    if min.is_some_and(|min| actual < min) || max.is_some_and(|max| actual > max) {
        return Err(ValidationError::new(
            field,
            ValidationErrorKind::OutOfRange { min, max, actual },
        ));
    }
    Ok(())
}

/// Checks that a bit set has no bit outside `allowed` (a lobby's flags
/// accept only `1 << 0`).
///
/// # Errors
///
/// [`ValidationErrorKind::Invalid`].
pub fn bits(field: &str, actual: u64, allowed: u64) -> Result<(), ValidationError> {
    if actual & !allowed != 0 {
        return Err(ValidationError::new(
            field,
            ValidationErrorKind::Invalid {
                reason: "has a bit Discord does not accept here",
            },
        ));
    }
    Ok(())
}

/// A message's content: at most 2000 characters.
///
/// # Errors
///
/// [`ValidationErrorKind::TooLong`].
pub fn message_content(content: &str) -> Result<(), ValidationError> {
    length("content", content, None, Some(MESSAGE_CONTENT_LENGTH))
}

/// An audit log reason: at most 512 characters.
///
/// # Errors
///
/// [`ValidationErrorKind::TooLong`].
pub fn audit_reason(reason: &str) -> Result<(), ValidationError> {
    length(
        "X-Audit-Log-Reason",
        reason,
        None,
        Some(AUDIT_REASON_LENGTH),
    )
}

/// A message's embeds: at most 10, each within its field limits, and at
/// most 6000 characters across all of them.
///
/// # Errors
///
/// The first broken limit, naming the field (`embeds[1].fields[0].name`).
pub fn embeds(embeds: &[Embed]) -> Result<(), ValidationError> {
    count("embeds", embeds.len(), None, Some(EMBED_COUNT))?;
    let mut total = 0;
    for (index, embed) in embeds.iter().enumerate() {
        total += self::embed(index, embed)?;
    }
    if total > EMBED_TOTAL_LENGTH {
        return Err(ValidationError::new(
            "embeds",
            ValidationErrorKind::TooLong {
                max: EMBED_TOTAL_LENGTH,
                actual: total,
            },
        ));
    }
    Ok(())
}

/// Checks one embed, returning the characters it counts towards the total.
fn embed(index: usize, embed: &Embed) -> Result<usize, ValidationError> {
    let mut total = 0;
    let mut check = |name: &str, text: Option<&str>, max: usize| {
        if let Some(text) = text {
            length(&format!("embeds[{index}].{name}"), text, None, Some(max))?;
            total += text.chars().count();
        }
        Ok::<_, ValidationError>(())
    };
    check("title", embed.title.as_deref(), EMBED_TITLE_LENGTH)?;
    check(
        "description",
        embed.description.as_deref(),
        EMBED_DESCRIPTION_LENGTH,
    )?;
    check(
        "footer.text",
        embed.footer.as_ref().map(|footer| footer.text.as_str()),
        EMBED_FOOTER_TEXT_LENGTH,
    )?;
    check(
        "author.name",
        embed.author.as_ref().map(|author| author.name.as_str()),
        EMBED_AUTHOR_NAME_LENGTH,
    )?;
    count(
        &format!("embeds[{index}].fields"),
        embed.fields.as_ref().map_or(0, Vec::len),
        None,
        Some(EMBED_FIELD_COUNT),
    )?;
    for (field_index, field) in embed.fields.iter().flatten().enumerate() {
        check(
            &format!("fields[{field_index}].name"),
            Some(&field.name),
            EMBED_FIELD_NAME_LENGTH,
        )?;
        check(
            &format!("fields[{field_index}].value"),
            Some(&field.value),
            EMBED_FIELD_VALUE_LENGTH,
        )?;
    }
    Ok(total)
}

/// A message's components: at most 5 top-level rows unless the message
/// uses components v2 (`flags` has `IS_COMPONENTS_V2`, 1 << 15), whose limit
/// of 40 components in total, counted through every row, section,
/// container and label ([`component_count`]), is checked instead.
///
/// # Errors
///
/// [`ValidationErrorKind::TooMany`].
pub fn components(components: &[Component], v2: bool) -> Result<(), ValidationError> {
    if v2 {
        count(
            "components",
            component_count(components),
            None,
            Some(COMPONENT_TOTAL),
        )
    } else {
        count("components", components.len(), None, Some(COMPONENT_ROWS))
    }
}

/// How many components there are, each child (of a row, section,
/// container or label, and a section's accessory) counted like the
/// top-level ones, as Discord counts components v2.
#[must_use]
pub fn component_count(components: &[Component]) -> usize {
    components.iter().map(component_tree_count).sum()
}

fn component_tree_count(component: &Component) -> usize {
    1 + match component {
        Component::ActionRow(row) => component_count(&row.components),
        Component::Section(section) => {
            component_count(&section.components) + component_tree_count(&section.accessory)
        }
        Component::Container(container) => component_count(&container.components),
        Component::Label(label) => component_tree_count(&label.component),
        _ => 0,
    }
}

/// A chat input command's name: 1 to 32 characters, lowercase where the
/// character has a lowercase form, no whitespace.
///
/// # Errors
///
/// [`ValidationErrorKind::TooShort`], [`ValidationErrorKind::TooLong`] or
/// [`ValidationErrorKind::Invalid`].
pub fn command_name(name: &str) -> Result<(), ValidationError> {
    let (min, max) = COMMAND_NAME_LENGTH;
    length("name", name, Some(min), Some(max))?;
    if name.chars().any(char::is_whitespace) {
        return Err(ValidationError::new(
            "name",
            ValidationErrorKind::Invalid {
                reason: "contains whitespace",
            },
        ));
    }
    if name.chars().any(char::is_uppercase) {
        return Err(ValidationError::new(
            "name",
            ValidationErrorKind::Invalid {
                reason: "has uppercase letters (chat input command names are lowercase)",
            },
        ));
    }
    Ok(())
}

/// A chat input command's description: 1 to 100 characters.
///
/// # Errors
///
/// [`ValidationErrorKind::TooShort`] or [`ValidationErrorKind::TooLong`].
pub fn command_description(description: &str) -> Result<(), ValidationError> {
    let (min, max) = COMMAND_DESCRIPTION_LENGTH;
    length("description", description, Some(min), Some(max))
}

/// The seconds of messages a ban deletes: 0 to 604800.
///
/// # Errors
///
/// [`ValidationErrorKind::OutOfRange`].
pub fn ban_delete_message_seconds(seconds: i64) -> Result<(), ValidationError> {
    range(
        "delete_message_seconds",
        seconds,
        Some(0),
        Some(BAN_DELETE_MESSAGE_SECONDS),
    )
}

/// The `limit` of a message list: 1 to 100.
///
/// # Errors
///
/// [`ValidationErrorKind::OutOfRange`].
pub fn get_messages_limit(limit: i64) -> Result<(), ValidationError> {
    let (min, max) = GET_MESSAGES_LIMIT;
    range("limit", limit, Some(min), Some(max))
}

/// A member's nickname: at most 32 characters.
///
/// # Errors
///
/// [`ValidationErrorKind::TooLong`].
pub fn nickname(nick: &str) -> Result<(), ValidationError> {
    length("nick", nick, None, Some(NICKNAME_LENGTH))
}

/// A channel's name: 1 to 100 characters.
///
/// # Errors
///
/// [`ValidationErrorKind::TooShort`] or [`ValidationErrorKind::TooLong`].
pub fn channel_name(name: &str) -> Result<(), ValidationError> {
    let (min, max) = CHANNEL_NAME_LENGTH;
    length("name", name, Some(min), Some(max))
}

/// A webhook's name: 1 to 80 characters, and neither "clyde" nor
/// "discord" in any case, which Discord refuses.
///
/// # Errors
///
/// [`ValidationErrorKind::TooShort`], [`ValidationErrorKind::TooLong`] or
/// [`ValidationErrorKind::Invalid`].
pub fn webhook_name(name: &str) -> Result<(), ValidationError> {
    let (min, max) = WEBHOOK_NAME_LENGTH;
    length("name", name, Some(min), Some(max))?;
    let lower = name.to_lowercase();
    if lower.contains("clyde") || lower.contains("discord") {
        return Err(ValidationError::new(
            "name",
            ValidationErrorKind::Invalid {
                reason: "contains \"clyde\" or \"discord\"",
            },
        ));
    }
    Ok(())
}

/// A message's sticker ids: at most 3.
///
/// # Errors
///
/// [`ValidationErrorKind::TooMany`].
pub fn sticker_ids(count: usize) -> Result<(), ValidationError> {
    self::count("sticker_ids", count, None, Some(STICKER_COUNT))
}

#[cfg(test)]
mod tests {
    use super::*;
    use twilight_model::message::embed::{EmbedAuthor, EmbedField, EmbedFooter};

    fn embed() -> Embed {
        serde_json::from_str("{}").unwrap()
    }

    #[test]
    fn content_limit() {
        assert!(message_content(&"a".repeat(2000)).is_ok());
        // Characters, not bytes: 2000 emoji are fine.
        assert!(message_content(&"🚀".repeat(2000)).is_ok());
        let error = message_content(&"a".repeat(2001)).unwrap_err();
        assert_eq!(error.field(), "content");
        assert_eq!(
            error.kind(),
            &ValidationErrorKind::TooLong {
                max: 2000,
                actual: 2001
            }
        );
        assert_eq!(
            error.to_string(),
            "`content` is 2001 characters long, more than the limit of 2000"
        );
    }

    #[test]
    fn embed_count_and_fields() {
        assert!(embeds(&vec![embed(); 10]).is_ok());
        let error = embeds(&vec![embed(); 11]).unwrap_err();
        assert_eq!(
            error.kind(),
            &ValidationErrorKind::TooMany {
                max: 10,
                actual: 11
            }
        );

        let mut e = embed();
        e.title = Some("t".repeat(257));
        assert_eq!(embeds(&[e]).unwrap_err().field(), "embeds[0].title");

        let mut e = embed();
        e.description = Some("d".repeat(4097));
        assert_eq!(embeds(&[e]).unwrap_err().field(), "embeds[0].description");

        let field = |name: &str, value: &str| EmbedField {
            name: name.to_owned(),
            value: value.to_owned(),
            inline: None,
        };
        let mut e = embed();
        e.fields = Some(vec![field("n", "v"); 26]);
        assert_eq!(embeds(&[e]).unwrap_err().field(), "embeds[0].fields");

        let mut e = embed();
        e.fields = Some(vec![field("n", "v"), field(&"n".repeat(257), "v")]);
        let error = embeds(&[embed(), e]).unwrap_err();
        assert_eq!(error.field(), "embeds[1].fields[1].name");

        let mut e = embed();
        e.fields = Some(vec![field("n", &"v".repeat(1025))]);
        assert_eq!(
            embeds(&[e]).unwrap_err().field(),
            "embeds[0].fields[0].value"
        );

        let mut e = embed();
        e.footer = Some(EmbedFooter {
            text: "f".repeat(2049),
            icon_url: None,
            proxy_icon_url: None,
        });
        assert_eq!(embeds(&[e]).unwrap_err().field(), "embeds[0].footer.text");

        let mut e = embed();
        e.author = Some(EmbedAuthor {
            name: "a".repeat(257),
            url: None,
            icon_url: None,
            proxy_icon_url: None,
        });
        assert_eq!(embeds(&[e]).unwrap_err().field(), "embeds[0].author.name");
    }

    #[test]
    fn embed_total() {
        // Two embeds of 4000-character descriptions: each within its own
        // limit, together over 6000.
        let mut e = embed();
        e.description = Some("d".repeat(4000));
        let error = embeds(&[e.clone(), e]).unwrap_err();
        assert_eq!(error.field(), "embeds");
        assert_eq!(
            error.kind(),
            &ValidationErrorKind::TooLong {
                max: 6000,
                actual: 8000
            }
        );
    }

    #[test]
    fn component_rows() {
        let row: Component = serde_json::from_str(r#"{"type":1,"components":[]}"#).unwrap();
        assert!(components(&vec![row.clone(); 5], false).is_ok());
        assert!(components(&vec![row.clone(); 6], false).is_err());
        assert!(components(&vec![row; 6], true).is_ok());
    }

    #[test]
    fn components_v2_count_nested_children() {
        // A container of 3 sections, each with 2 texts and a button: 1 + 3 * 4.
        let section = r#"{"type":9,"components":[{"type":10,"content":"a"},{"type":10,"content":"b"}],
            "accessory":{"type":2,"style":1,"custom_id":"x","label":"x"}}"#;
        let container = format!(r#"{{"type":17,"components":[{section},{section},{section}]}}"#);
        let container: Component = serde_json::from_str(&container).unwrap();
        assert_eq!(component_count(std::slice::from_ref(&container)), 13);
        // Three such containers are 39 components; a fourth top-level text
        // is 40, and one more breaks the limit though only 5 are top-level.
        let text: Component = serde_json::from_str(r#"{"type":10,"content":"t"}"#).unwrap();
        let mut message = vec![
            container.clone(),
            container.clone(),
            container,
            text.clone(),
        ];
        assert!(components(&message, true).is_ok());
        message.push(text);
        assert_eq!(
            components(&message, true).unwrap_err().kind(),
            &ValidationErrorKind::TooMany {
                max: 40,
                actual: 41
            }
        );
    }

    #[test]
    fn audit_reason_limit() {
        assert!(audit_reason(&"r".repeat(512)).is_ok());
        assert_eq!(
            audit_reason(&"r".repeat(513)).unwrap_err().kind(),
            &ValidationErrorKind::TooLong {
                max: 512,
                actual: 513
            }
        );
    }

    #[test]
    fn command_limits() {
        assert!(command_name("ping").is_ok());
        assert!(command_name("").is_err());
        assert!(command_name(&"a".repeat(33)).is_err());
        assert!(command_name("two words").is_err());
        assert!(command_name("Ping").is_err());
        assert!(command_description("Replies with pong").is_ok());
        assert!(command_description("").is_err());
        assert!(command_description(&"d".repeat(101)).is_err());
    }

    #[test]
    fn ranges() {
        assert!(ban_delete_message_seconds(604_800).is_ok());
        assert_eq!(
            ban_delete_message_seconds(604_801).unwrap_err().to_string(),
            "`delete_message_seconds` is 604801, outside 0..=604800"
        );
        assert!(ban_delete_message_seconds(-1).is_err());
        assert!(get_messages_limit(1).is_ok());
        assert!(get_messages_limit(100).is_ok());
        assert!(get_messages_limit(0).is_err());
        assert!(get_messages_limit(101).is_err());
    }

    #[test]
    fn names() {
        assert!(nickname(&"n".repeat(32)).is_ok());
        assert!(nickname(&"n".repeat(33)).is_err());
        assert!(channel_name("general").is_ok());
        assert!(channel_name("").is_err());
        assert!(channel_name(&"c".repeat(101)).is_err());
        assert!(webhook_name("Captain Hook").is_ok());
        assert!(webhook_name("my discord hook").is_err());
        assert!(webhook_name(&"w".repeat(81)).is_err());
        assert!(sticker_ids(3).is_ok());
        assert!(sticker_ids(4).is_err());
    }
}
