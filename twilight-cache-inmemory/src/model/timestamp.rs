//! An optional timestamp in 8 bytes.

use twilight_model::Timestamp;

/// `Option<Timestamp>` takes 16 bytes; the earliest representable instant
/// marks "none" instead, which no Discord timestamp is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct PackedTimestamp(i64);

impl PackedTimestamp {
    pub(crate) const fn new(timestamp: Option<Timestamp>) -> Self {
        match timestamp {
            Some(timestamp) => Self(timestamp.as_micros()),
            None => Self(i64::MIN),
        }
    }

    pub(crate) const fn get(self) -> Option<Timestamp> {
        if self.0 == i64::MIN {
            None
        } else {
            Some(Timestamp::from_micros(self.0))
        }
    }
}
