//! The seam from REST to the gateway: a REST change emits the matching
//! dispatch event to the shard that owns the guild.
