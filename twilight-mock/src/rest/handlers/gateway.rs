//! GET /gateway and GET /gateway/bot: where to connect, the recommended
//! shard count and the session start limit.

use crate::rest::context::RestContext;
use crate::rest::responses::{Reply, ok};
use crate::state::ApiError;
use serde_json::json;

/// GET /gateway.
pub(super) fn gateway(ctx: &RestContext) -> Result<Reply, ApiError> {
    ok(json!({ "url": &*ctx.gateway_url }))
}

/// GET /gateway/bot: the live session start limit when the gateway reports
/// one, the configured one otherwise.
pub(super) fn gateway_bot(ctx: &RestContext) -> Result<Reply, ApiError> {
    let limit = ctx
        .session_start
        .as_ref()
        .map_or_else(|| ctx.config.session_start_limit.clone(), |f| f());
    ok(json!({
        "url": &*ctx.gateway_url,
        "shards": ctx.config.recommended_shards,
        "session_start_limit": {
            "total": limit.total,
            "remaining": limit.remaining,
            "reset_after": u64::try_from(limit.reset_after.as_millis()).unwrap_or(u64::MAX),
            "max_concurrency": limit.max_concurrency,
        },
    }))
}
