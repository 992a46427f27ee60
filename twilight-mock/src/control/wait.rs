//! Long-polls: `POST /wait` answers once a log holds `count` records, or
//! 408 after `timeout_ms` (real milliseconds; default 10 000), so a test
//! in any language waits without sleeping.

use super::{Answer, bad_request};
use crate::Gateway;
use crate::gateway::GatewayLog;
use crate::rest::RestContext;
use serde_json::{Value, json};
use std::time::Duration;

/// How often the request log, which has no change signal, is read.
const REQUEST_POLL: Duration = Duration::from_millis(5);

/// `{"for": "identifies" | "resumes" | "connections" | "payloads" |
/// "requests", "count": n, "timeout_ms": ms}`.
pub(super) async fn wait(gateway: &Gateway, rest: &RestContext, body: &Value) -> Answer {
    let Some(count) = body.get("count").and_then(Value::as_u64) else {
        return bad_request("`count` is required");
    };
    let count = usize::try_from(count).unwrap_or(usize::MAX);
    let timeout = Duration::from_millis(
        body.get("timeout_ms")
            .and_then(Value::as_u64)
            .unwrap_or(10_000),
    );
    let what = body.get("for").and_then(Value::as_str).unwrap_or("");
    let of_log: fn(&GatewayLog) -> usize = match what {
        "identifies" => |log| log.identifies.len(),
        "resumes" => |log| log.resumes.len(),
        "connections" => |log| log.connections.len(),
        "payloads" => |log| log.payloads.len(),
        "requests" => {
            let polled = tokio::time::timeout(timeout, async {
                while rest.requests().len() < count {
                    tokio::time::sleep(REQUEST_POLL).await;
                }
            })
            .await;
            return answer(polled.is_ok(), rest.requests().len());
        }
        _ => {
            return bad_request(
                r#"`for` must be "identifies", "resumes", "connections", "payloads" or "requests""#,
            );
        }
    };
    let waited = tokio::time::timeout(timeout, gateway.wait_for(|log| of_log(log) >= count)).await;
    answer(waited.is_ok(), of_log(&gateway.log()))
}

fn answer(done: bool, count: usize) -> Answer {
    if done {
        (200, json!({ "count": count }))
    } else {
        (408, json!({ "message": "timed out", "count": count }))
    }
}
