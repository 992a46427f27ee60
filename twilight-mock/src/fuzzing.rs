//! Entry points for the fuzz targets in the repository's `fuzz/` directory:
//! the gateway's frame handling and the REST router, driven without
//! sockets. Behind the `fuzzing` feature, for fuzz targets only: no
//! stability promise.
//!
//! Each builds its mock once (and the REST one afresh every
//! [`REST_RESET`] inputs, as requests grow the world) and checks, besides
//! not panicking, that what the mock holds stays bounded.

use crate::config::{MockConfig, SessionStartLimit};
use crate::gateway::{Gateway, GatewayData};
use crate::hub::EventSink;
use crate::rest::RestContext;
use crate::state::State;
use bytes::Bytes;
use http_body_util::Full;
use hyper::{Method, Request, Uri};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;
use twilight_model::id::{Id, marker::GuildMarker};

/// What separates frames in a [`gateway_frames`] input: bytes that are not
/// UTF-8, so never inside a JSON frame.
pub const FRAME_SEPARATOR: &[u8] = b"\xff\xfe\xfd";

/// The capacity of the fuzzed gateway's log lists.
pub const LOG_CAPACITY: usize = 64;

/// After this many [`rest_request`] inputs the REST mock starts over.
pub const REST_RESET: u32 = 512;

/// The token the fuzzed mocks accept.
pub const TOKEN: &str = "fuzz-token";

/// A configuration where no window or daily limit shuts the fuzzer out:
/// Discord time runs a million times faster, and identifies are unlimited.
fn config() -> MockConfig {
    MockConfig {
        token: TOKEN.to_owned(),
        time_scale: 1_000_000.0,
        session_start_limit: SessionStartLimit {
            total: u32::MAX,
            remaining: u32::MAX,
            reset_after: Duration::from_secs(24 * 60 * 60),
            max_concurrency: 16,
        },
        global_rate_limit: u32::MAX,
        log_capacity: LOG_CAPACITY,
        outgoing_queue: 256,
        ..MockConfig::default()
    }
}

fn gateway() -> &'static Gateway {
    static GATEWAY: OnceLock<Gateway> = OnceLock::new();
    GATEWAY.get_or_init(|| {
        let config = config();
        let state = Arc::new(State::new(&config.fixtures));
        Gateway::new(config, state as Arc<dyn GatewayData>)
    })
}

/// Feeds `data` to the gateway as the frames of one connection: split at
/// [`FRAME_SEPARATOR`], ETF if the first byte is ETF's version byte (131),
/// JSON otherwise.
///
/// # Panics
///
/// If the gateway keeps a connection or session once its connection ended,
/// or a log list grows past [`LOG_CAPACITY`].
pub fn gateway_frames(data: &[u8]) {
    let etf = data.first() == Some(&131);
    let frames: Vec<&[u8]> = split(data, FRAME_SEPARATOR).collect();
    let gateway = gateway();
    let (conns, sessions) = gateway.feed_frames(&frames, etf);
    assert_eq!((conns, sessions), (0, 0), "state left after the connection");
    let log = gateway.log();
    assert!(log.payloads.len() <= LOG_CAPACITY);
    assert!(log.connections.len() <= LOG_CAPACITY);
    assert!(log.identifies.len() <= LOG_CAPACITY);
    assert!(log.resumes.len() <= LOG_CAPACITY);
    assert!(
        log.payloads
            .iter()
            .all(|p| p.raw.len() <= crate::gateway::MAX_LOGGED_RAW)
    );
}

fn split<'a>(mut data: &'a [u8], separator: &'a [u8]) -> impl Iterator<Item = &'a [u8]> {
    std::iter::from_fn(move || {
        if data.is_empty() {
            return None;
        }
        let at = data
            .windows(separator.len())
            .position(|w| w == separator)
            .unwrap_or(data.len());
        let frame = &data[..at];
        data = data.get(at + separator.len()..).unwrap_or(&[]);
        Some(frame)
    })
}

/// Events go nowhere: the REST target fuzzes the router and the state.
struct NoGateway;

impl EventSink for NoGateway {
    fn dispatch(&self, _: Option<Id<GuildMarker>>, _: &str, _: serde_json::Value) {}
}

struct Rest {
    runtime: tokio::runtime::Runtime,
    ctx: Mutex<(RestContext, u32)>,
}

fn rest_context() -> RestContext {
    let config = config();
    let state = Arc::new(State::new(&config.fixtures));
    RestContext::new(state, config, "ws://127.0.0.1:1", Arc::new(NoGateway))
}

fn rest() -> &'static Rest {
    static REST: OnceLock<Rest> = OnceLock::new();
    REST.get_or_init(|| Rest {
        runtime: tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("a current-thread runtime"),
        ctx: Mutex::new((rest_context(), 0)),
    })
}

/// Sends `data` to the REST server as one request: its first line is the
/// method and the path (with any query), the lines up to an empty one are
/// headers (`name: value`), the rest is the body. Without an
/// `authorization` header the bot's token is sent. Inputs that are not a
/// request line are skipped.
///
/// # Panics
///
/// If the server answers a status outside 100-599 (it turns a handler's
/// panic into a 500, but the fuzz targets' panic hook aborts first).
pub fn rest_request(data: &[u8]) {
    let Some(request) = parse_request(data) else {
        return;
    };
    let rest = rest();
    let ctx = {
        let mut guard = rest
            .ctx
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        guard.1 += 1;
        if guard.1 >= REST_RESET {
            *guard = (rest_context(), 0);
        }
        guard.0.clone()
    };
    let peer = SocketAddr::from(([127, 0, 0, 1], 9));
    let response = rest
        .runtime
        .block_on(crate::rest::handle(&ctx, request, peer));
    let status = response.status().as_u16();
    assert!((100..600).contains(&status), "status {status}");
}

fn parse_request(data: &[u8]) -> Option<Request<Full<Bytes>>> {
    let (head, body) = match data.windows(2).position(|w| w == b"\n\n") {
        Some(at) => (&data[..at], &data[at + 2..]),
        None => (data, &[][..]),
    };
    let mut lines = head.split(|b| *b == b'\n');
    let first = lines.next()?;
    let space = first.iter().position(|b| *b == b' ')?;
    let method = Method::from_bytes(&first[..space]).ok()?;
    let uri = Uri::try_from(&first[space + 1..]).ok()?;
    let mut request = Request::new(Full::new(Bytes::copy_from_slice(body)));
    *request.method_mut() = method;
    *request.uri_mut() = uri;
    let headers = request.headers_mut();
    for line in lines {
        let Some(colon) = line.iter().position(|b| *b == b':') else {
            continue;
        };
        let name = hyper::header::HeaderName::from_bytes(&line[..colon]);
        let value = hyper::header::HeaderValue::from_bytes(line[colon + 1..].trim_ascii());
        if let (Ok(name), Ok(value)) = (name, value) {
            headers.append(name, value);
        }
    }
    if !headers.contains_key(hyper::header::AUTHORIZATION) {
        let token = format!("Bot {TOKEN}");
        headers.insert(
            hyper::header::AUTHORIZATION,
            hyper::header::HeaderValue::from_str(&token).ok()?,
        );
    }
    Some(request)
}
