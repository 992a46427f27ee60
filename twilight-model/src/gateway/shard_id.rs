//! Shard ids: `[shard_id, num_shards]`.

use serde::de::{Deserialize, Deserializer, Error as DeError, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeTuple, Serializer};
use std::fmt::{self, Display, Formatter};

/// A shard's number and the total number of shards, sent as
/// `[shard_id, num_shards]`. Always valid: `number < total`.
///
/// ```
/// use twilight_model::gateway::ShardId;
///
/// let shard = ShardId::new(3, 16).unwrap();
/// assert_eq!(serde_json::to_string(&shard).unwrap(), "[3,16]");
/// assert!(ShardId::new(16, 16).is_none());
/// // Which shard receives a guild's events.
/// assert_eq!(ShardId::for_guild(41_771_983_423_143_937, 16).number(), ((41_771_983_423_143_937_u64 >> 22) % 16) as u32);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ShardId {
    number: u32,
    total: u32,
}

impl ShardId {
    /// The only shard of a bot that does not shard.
    pub const ONE: Self = Self {
        number: 0,
        total: 1,
    };

    /// A shard id, or `None` unless `number < total`.
    pub const fn new(number: u32, total: u32) -> Option<Self> {
        if number < total {
            Some(Self { number, total })
        } else {
            None
        }
    }

    /// The shard that receives the events of a guild: `(guild_id >> 22) % total`.
    ///
    /// # Panics
    ///
    /// Panics if `total` is zero.
    pub const fn for_guild(guild_id: u64, total: u32) -> Self {
        assert!(total > 0, "a bot has at least one shard");
        #[allow(clippy::cast_possible_truncation)] // the remainder is below `total`.
        Self {
            number: ((guild_id >> 22) % total as u64) as u32,
            total,
        }
    }

    /// This shard's number, from 0.
    pub const fn number(self) -> u32 {
        self.number
    }

    /// How many shards there are.
    pub const fn total(self) -> u32 {
        self.total
    }

    /// Formats as `number/total` (`3/16`), for logs read by people;
    /// [`Display`] keeps the `[3, 16]` form of Discord's payloads.
    ///
    /// ```
    /// use twilight_model::gateway::ShardId;
    ///
    /// let shard = ShardId::new(3, 16).unwrap();
    /// assert_eq!(format!("shard {}", shard.display_fraction()), "shard 3/16");
    /// assert_eq!(shard.to_string(), "[3, 16]");
    /// ```
    pub const fn display_fraction(self) -> ShardIdFraction {
        ShardIdFraction(self)
    }
}

impl Display for ShardId {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "[{}, {}]", self.number, self.total)
    }
}

/// A [`ShardId`] formatted as `number/total`: see
/// [`ShardId::display_fraction`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ShardIdFraction(ShardId);

impl Display for ShardIdFraction {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if f.width().is_none() {
            return write!(f, "{}/{}", self.0.number, self.0.total);
        }
        // Through `pad` so that width and alignment (`{:>6}`) apply to the
        // whole fraction, for aligned columns of shards.
        f.pad(&format!("{}/{}", self.0.number, self.0.total))
    }
}

impl Serialize for ShardId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut tuple = serializer.serialize_tuple(2)?;
        tuple.serialize_element(&self.number)?;
        tuple.serialize_element(&self.total)?;
        tuple.end()
    }
}

struct ShardIdVisitor;

impl<'de> Visitor<'de> for ShardIdVisitor {
    type Value = ShardId;

    fn expecting(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str("[shard_id, num_shards] with shard_id < num_shards")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let number: u32 = seq
            .next_element()?
            .ok_or_else(|| A::Error::invalid_length(0, &self))?;
        let total: u32 = seq
            .next_element()?
            .ok_or_else(|| A::Error::invalid_length(1, &self))?;
        if seq.next_element::<serde::de::IgnoredAny>()?.is_some() {
            return Err(A::Error::invalid_length(3, &self));
        }
        ShardId::new(number, total)
            .ok_or_else(|| A::Error::custom("shard_id must be below num_shards"))
    }
}

impl<'de> Deserialize<'de> for ShardId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_tuple(2, ShardIdVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::ShardId;

    #[test]
    fn display_fraction_is_number_slash_total_and_pads_as_a_whole() {
        let shard = ShardId::new(0, 2).unwrap();
        assert_eq!(shard.display_fraction().to_string(), "0/2");
        assert_eq!(format!("{:>5}|", shard.display_fraction()), "  0/2|");
        assert_eq!(format!("{:<5}|", ShardId::ONE.display_fraction()), "0/1  |");
        // Display stays the payload form.
        assert_eq!(shard.to_string(), "[0, 2]");
    }
}
