//! Stopping: when to stop, and closing the shards so that Discord ends
//! their sessions at once instead of waiting for them to time out.

use std::{env, time::Duration};
use tokio::task::JoinSet;
use twilight_gateway::{CloseFrame, Message, Shard, ShardState};

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

/// Closes every shard with a normal close (the session ends) and waits,
/// at most `timeout`, for the gateway to answer. Returns how many shards
/// closed cleanly.
pub(crate) async fn close_all(shards: Vec<Shard>, timeout: Duration) -> usize {
    let mut closing = JoinSet::new();
    for shard in shards {
        closing.spawn(close(shard));
    }
    let mut closed = 0;
    let _ = tokio::time::timeout(timeout, async {
        while let Some(result) = closing.join_next().await {
            if matches!(result, Ok(true)) {
                closed += 1;
            }
        }
    })
    .await;
    closed
}

/// Closes one shard; `true` once the gateway answered the close (or the
/// shard had no connection to close).
async fn close(mut shard: Shard) -> bool {
    // A shard without a connection has nothing to close, and polling it
    // would connect again.
    let connected = !matches!(
        shard.state(),
        ShardState::Disconnected { .. } | ShardState::FatallyClosed
    );
    shard.close(&CloseFrame::NORMAL);
    if !connected {
        return true;
    }
    // The close frame goes out, and the gateway's answer comes back, only
    // while the shard is polled; events still arriving are dropped.
    while let Some(message) = shard.next_message().await {
        match message {
            Ok(Message::Close(_)) => return true,
            Ok(_) => {}
            Err(_) => return false,
        }
    }
    false
}
