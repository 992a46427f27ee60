//! Interactions: the callback (the initial response, within the deadline)
//! and follow-ups through the interaction's token, valid for 15 minutes.

use crate::rest::context::{RestContext, lock};
use crate::rest::input::{Input, snowflake};
use crate::rest::responses::{Reply, ok};
use crate::state::{ApiError, Author, Events, snowflake_of};
use std::time::Duration;
use twilight_model::message::MessageFlags;

/// How long an interaction's token serves follow-ups.
const TOKEN_LIFETIME: Duration = Duration::from_secs(15 * 60);

/// Whether an interaction created at `created` has outlived its token.
pub(super) fn token_expired(ctx: &RestContext, created: tokio::time::Instant) -> bool {
    ctx.clock.elapsed(created) > TOKEN_LIFETIME
}

/// POST /interactions/{interaction.id}/{token}/callback
/// [?with_response=true]: 10062 Unknown interaction once the deadline has
/// passed without a response.
pub(super) fn callback(
    ctx: &RestContext,
    interaction: &str,
    token: &str,
    input: &Input,
    events: &mut Events,
) -> Result<Reply, ApiError> {
    let state = &ctx.state;
    let i = snowflake(interaction, "interaction_id")?;
    let (_, created, _) = state.interaction(i, token)?;
    let deadline = *lock(&ctx.interaction_deadline);
    if deadline.is_some_and(|d| ctx.clock.elapsed(created) > d) && !state.interaction_responded(i) {
        return Err(ApiError::unknown(10062, "interaction"));
    }
    let response =
        state.interaction_callback(i, &input.json, &input.files, &input.file_base, events)?;
    if input.query_bool("with_response") {
        ok(response)
    } else {
        Ok(Reply::Empty)
    }
}

/// POST /webhooks/{application.id}/{interaction.token}: a follow-up (or,
/// after a deferred response, the edit of the original).
pub(super) fn followup(
    ctx: &RestContext,
    interaction: u64,
    channel: u64,
    created: tokio::time::Instant,
    input: &Input,
    events: &mut Events,
) -> Result<Reply, ApiError> {
    let state = &ctx.state;
    if token_expired(ctx, created) {
        return Err(ApiError::new(401, 50027, "Invalid Webhook Token"));
    }
    if !state.interaction_responded(interaction) {
        return Err(ApiError::unknown(10015, "Webhook"));
    }
    let author = Author::Interaction {
        id: interaction,
        original: false,
    };
    if let Ok(original) = state.interaction_original(interaction) {
        let loading = state.get_message(channel, original).is_ok_and(|m| {
            m["flags"]
                .as_u64()
                .is_some_and(|f| MessageFlags::from_bits_retain(f).contains(MessageFlags::LOADING))
        });
        if loading {
            return ok(state.edit_message(
                channel,
                original,
                &input.json,
                &input.files,
                &author,
                &input.file_base,
                events,
            )?);
        }
    }
    let message = state.create_message(
        channel,
        &input.json,
        &input.files,
        &author,
        &input.file_base,
        events,
    )?;
    if let Some(id) = message.get("id").and_then(snowflake_of) {
        state.interaction_followup(interaction, id);
    }
    ok(message)
}
