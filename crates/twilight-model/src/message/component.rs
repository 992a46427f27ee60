//! Message and modal components, including the layout components of components v2.

// STUB owned by helper M2: replace every stub below with the full types.

use serde::{Deserialize, Serialize};

/// Stub of `Component`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Component {}
