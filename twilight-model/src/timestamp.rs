//! ISO 8601 timestamps, without a date library.
//!
//! Discord formats every timestamp as `YYYY-MM-DDTHH:MM:SS.ffffff+00:00`. A
//! [`Timestamp`] stores microseconds since the Unix epoch in one `i64`, parses
//! any ISO 8601 date-time with an offset (`Z`, `+HH:MM`, `-HH:MM`) and up to
//! nine fraction digits, and formats back in Discord's form.
//!
//! ```
//! use twilight_model::Timestamp;
//!
//! let ts = Timestamp::parse("2021-03-31T18:45:31.297561+00:00")?;
//! assert_eq!(ts.as_secs(), 1_617_216_331);
//! assert_eq!(ts.to_string(), "2021-03-31T18:45:31.297561+00:00");
//! assert_eq!(Timestamp::parse("2021-03-31T20:45:31.297561+02:00")?, ts);
//! # Ok::<(), twilight_model::timestamp::TimestampParseError>(())
//! ```

use serde::de::{Deserialize, Deserializer, Error as DeError, Visitor};
use serde::ser::{Serialize, Serializer};
use std::fmt::{self, Display, Formatter};
use std::str::FromStr;

const MICROS_PER_SEC: i64 = 1_000_000;
const SECS_PER_DAY: i64 = 86_400;

/// A point in time with microsecond precision, in UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Timestamp(i64);

impl Timestamp {
    /// A timestamp from microseconds since the Unix epoch.
    pub const fn from_micros(micros: i64) -> Self {
        Self(micros)
    }

    /// A timestamp from whole seconds since the Unix epoch.
    pub const fn from_secs(secs: i64) -> Self {
        Self(secs.saturating_mul(MICROS_PER_SEC))
    }

    /// Microseconds since the Unix epoch.
    pub const fn as_micros(self) -> i64 {
        self.0
    }

    /// Whole seconds since the Unix epoch (rounded down).
    pub const fn as_secs(self) -> i64 {
        self.0.div_euclid(MICROS_PER_SEC)
    }

    /// Parses an ISO 8601 date-time such as `2021-03-31T18:45:31.297561+00:00`.
    ///
    /// # Errors
    ///
    /// Returns a [`TimestampParseError`] if the text is not such a date-time
    /// or names a date that does not exist.
    pub fn parse(text: &str) -> Result<Self, TimestampParseError> {
        parse(text.as_bytes()).ok_or(TimestampParseError)
    }

    /// The timestamp in Discord's ISO 8601 form, without allocating.
    pub fn iso_8601(self) -> Iso8601 {
        let secs = self.0.div_euclid(MICROS_PER_SEC);
        let micros = self.0.rem_euclid(MICROS_PER_SEC);
        let (y, m, d) = civil_from_days(secs.div_euclid(SECS_PER_DAY));
        let day_secs = secs.rem_euclid(SECS_PER_DAY);
        let mut buf = *b"0000-00-00T00:00:00.000000+00:00";
        // Years outside 0..=9999 cannot be written in this form; clamp them
        // rather than write nonsense (Discord never sends them).
        let y = y.clamp(0, 9999);
        write_digits(&mut buf[0..4], y);
        write_digits(&mut buf[5..7], i64::from(m));
        write_digits(&mut buf[8..10], i64::from(d));
        write_digits(&mut buf[11..13], day_secs / 3600);
        write_digits(&mut buf[14..16], day_secs / 60 % 60);
        write_digits(&mut buf[17..19], day_secs % 60);
        write_digits(&mut buf[20..26], micros);
        Iso8601(buf)
    }
}

/// Text of a [`Timestamp`] in Discord's form, held on the stack.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Iso8601([u8; 32]);

impl Iso8601 {
    /// The text.
    pub fn as_str(&self) -> &str {
        // Only ASCII digits and separators are ever written.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

impl Display for Iso8601 {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Display for Timestamp {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(self.iso_8601().as_str())
    }
}

impl FromStr for Timestamp {
    type Err = TimestampParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

/// The text is not an ISO 8601 date-time with an offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimestampParseError;

impl Display for TimestampParseError {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str("expected an ISO 8601 date-time such as 2021-03-31T18:45:31.297561+00:00")
    }
}

impl std::error::Error for TimestampParseError {}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.iso_8601().as_str())
    }
}

struct TimestampVisitor;

impl Visitor<'_> for TimestampVisitor {
    type Value = Timestamp;

    fn expecting(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str("an ISO 8601 date-time")
    }

    fn visit_str<E: DeError>(self, v: &str) -> Result<Self::Value, E> {
        Timestamp::parse(v).map_err(E::custom)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(TimestampVisitor)
    }
}

fn write_digits(out: &mut [u8], mut value: i64) {
    for slot in out.iter_mut().rev() {
        #[allow(clippy::cast_sign_loss, clippy::cast_possible_truncation)] // 0..=9
        {
            *slot = b'0' + (value % 10) as u8;
        }
        value /= 10;
    }
}

fn digits(bytes: &[u8]) -> Option<i64> {
    if bytes.is_empty() {
        return None;
    }
    bytes.iter().try_fold(0_i64, |acc, &b| {
        b.is_ascii_digit().then(|| acc * 10 + i64::from(b - b'0'))
    })
}

fn parse(b: &[u8]) -> Option<Timestamp> {
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let year = digits(&b[0..4])?;
    let month = digits(&b[5..7])?;
    let day = digits(&b[8..10])?;
    let hour = digits(&b[11..13])?;
    let minute = digits(&b[14..16])?;
    let second = digits(&b[17..19])?;
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }

    let mut rest = &b[19..];
    let mut micros = 0;
    if let [b'.', tail @ ..] = rest {
        let len = tail.iter().take_while(|c| c.is_ascii_digit()).count();
        if len == 0 || len > 9 {
            return None;
        }
        let mut fraction = digits(&tail[..len])?;
        for _ in len..6 {
            fraction *= 10;
        }
        for _ in 6..len {
            fraction /= 10;
        }
        micros = fraction;
        rest = &tail[len..];
    }

    let offset_secs = match rest {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let hours = digits(&[*h1, *h2])?;
            let minutes = digits(&[*m1, *m2])?;
            if hours > 23 || minutes > 59 {
                return None;
            }
            let secs = hours * 3600 + minutes * 60;
            if *sign == b'-' { -secs } else { secs }
        }
        _ => return None,
    };

    #[allow(clippy::cast_possible_truncation)] // month and day were range checked.
    let days = days_from_civil(year, month as u32, day as u32);
    let secs = days * SECS_PER_DAY + hour * 3600 + minute * 60 + second - offset_secs;
    Some(Timestamp(secs * MICROS_PER_SEC + micros))
}

const fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

const fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
// algorithm, public domain).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // 1..=31, 1..=12
    (y, m as u32, d as u32)
}

#[cfg(test)]
mod tests {
    use super::Timestamp;

    #[test]
    fn round_trips_discord_form() {
        for text in [
            "2015-04-26T06:26:56.936000+00:00",
            "2021-04-12T23:40:39.855793+00:00",
            "1970-01-01T00:00:00.000000+00:00",
            "1969-12-31T23:59:59.999999+00:00",
            "2024-02-29T12:00:00.000001+00:00",
        ] {
            let ts = Timestamp::parse(text).unwrap();
            assert_eq!(ts.to_string(), text);
            let json = serde_json::to_string(&ts).unwrap();
            assert_eq!(serde_json::from_str::<Timestamp>(&json).unwrap(), ts);
        }
    }

    #[test]
    fn other_forms() {
        let base = Timestamp::parse("2021-01-01T00:00:00.000000+00:00").unwrap();
        assert_eq!(Timestamp::parse("2021-01-01T00:00:00Z").unwrap(), base);
        assert_eq!(Timestamp::parse("2021-01-01T01:30:00+01:30").unwrap(), base);
        assert_eq!(
            Timestamp::parse("2020-12-31T23:00:00.000000000-01:00").unwrap(),
            base
        );
        assert_eq!(
            Timestamp::parse("2021-01-01T00:00:00.5Z")
                .unwrap()
                .as_micros()
                - base.as_micros(),
            500_000
        );
        assert_eq!(base.as_secs(), 1_609_459_200);
    }

    #[test]
    fn garbage_is_an_error() {
        for text in [
            "",
            "2021-01-01",
            "2021-13-01T00:00:00Z",
            "2021-02-29T00:00:00Z",
            "2021-01-01T24:00:00Z",
            "2021-01-01T00:00:00",
            "2021-01-01T00:00:00.Z",
            "2021-01-01T00:00:00.0000000000Z",
            "2021-01-01T00:00:00+0100",
            "2021-01-01T00:00:00Zjunk",
            "２０２１-01-01T00:00:00Z",
        ] {
            assert!(Timestamp::parse(text).is_err(), "{text}");
        }
        assert!(serde_json::from_str::<Timestamp>("12").is_err());
    }
}
