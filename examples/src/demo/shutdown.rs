//! Stopping: when to stop. (Closing the shards is
//! `ShardEventStream::close`.)

use std::{env, time::Duration};

/// How long the demo runs before it stops on its own: `DEMO_SECONDS` (0:
/// until Ctrl-C) or `EXAMPLE_RUN_FOR`, the shorter if both are set;
/// otherwise `local_default` against the local Discord and no limit
/// against Discord.
///
/// # Errors
///
/// `DEMO_SECONDS` is not a number of seconds.
pub(crate) fn time_limit(
    is_local: bool,
    local_default: Duration,
) -> Result<Option<Duration>, String> {
    let demo = match env::var("DEMO_SECONDS") {
        Ok(value) => match value.trim().parse::<f64>() {
            Ok(seconds) if seconds.is_finite() && seconds >= 0.0 => {
                Some(Duration::from_secs_f64(seconds))
            }
            _ => {
                return Err(format!(
                    "DEMO_SECONDS is not a number of seconds: {value:?}"
                ));
            }
        },
        Err(_) => None,
    };
    if demo == Some(Duration::ZERO) {
        return Ok(None);
    }
    let limit = match (demo, examples::run_for()) {
        (Some(demo), Some(run_for)) => Some(demo.min(run_for)),
        (demo, run_for) => demo.or(run_for),
    };
    Ok(limit.or_else(|| is_local.then_some(local_default)))
}
