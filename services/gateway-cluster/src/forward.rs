//! One shard's forwarding loop: read a dispatch, hand it to the broker,
//! keep reading while the broker acknowledges; the sequence counts as done
//! only up to the first event not yet acknowledged.
//!
//! Publishes are pipelined: each handed-over event waits for its
//! acknowledgement in a queue that yields in the order the events were
//! received, so the acknowledged prefix is the last one yielded. A failed
//! acknowledgement is retried (the broker drops the duplicate if the first
//! publish was stored after all). At `max_in_flight` events awaiting an
//! acknowledgement the shard is not read at all; if Discord closes it
//! meanwhile, it resumes once read again.

use crate::metrics::{EventLabel, Metrics, ShardLabel};
use bytes::Bytes;
use futures_util::{StreamExt, stream::FuturesOrdered};
use serde::Serialize;
use service_support::Shutdown;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::Instant;
use twilight_gateway::{CloseFrame, EventTypeFlags, Session, Shard, ShardState};
use twilight_gateway_broker::{OutgoingEvent, PendingAck, Publisher};
use twilight_model::gateway::ShardId;

/// The longest wait between two attempts to hand an event over.
const MAX_BACKOFF: Duration = Duration::from_secs(2);

/// What the cluster knows of one shard, for `/shards` and the session
/// store.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ShardStatus {
    /// The shard's number.
    pub shard: u32,
    /// Its state (`Active`, `Resuming`, `Disconnected { .. }`, ...).
    pub state: String,
    /// Average heartbeat round trip, in milliseconds.
    pub latency_ms: Option<u128>,
    /// The session id.
    pub session_id: Option<Arc<str>>,
    /// Every event of the session up to this sequence was acknowledged by
    /// the broker.
    pub acked_sequence: u64,
    /// Where the session resumes.
    #[serde(skip)]
    pub resume_url: Option<Arc<str>>,
    /// Events handed to the broker, not yet acknowledged.
    pub awaiting_ack: usize,
    /// Events acknowledged since the process started.
    pub forwarded: u64,
    /// Whether the session changed since it was last stored.
    #[serde(skip)]
    pub dirty: bool,
}

impl ShardStatus {
    /// The session to store: the acknowledged sequence, not the shard's.
    #[must_use]
    pub fn session(&self) -> Option<Session> {
        let (id, url) = (self.session_id.as_ref()?, self.resume_url.as_ref()?);
        Some(Session::new(
            id.to_string(),
            self.acked_sequence,
            url.to_string(),
        ))
    }
}

/// An acknowledged event.
struct Done {
    event_type: Arc<str>,
    session_id: Arc<str>,
    sequence: u64,
    received: Instant,
}

/// Runs a shard until it ends (fatal close, or `shutdown` and the close
/// that follows), then waits up to `drain` for what is in flight.
pub(crate) struct Forwarder {
    pub(crate) shard: Shard,
    pub(crate) publisher: Arc<dyn Publisher>,
    pub(crate) status: Arc<Mutex<ShardStatus>>,
    pub(crate) metrics: Arc<Metrics>,
    pub(crate) wanted: EventTypeFlags,
    pub(crate) max_in_flight: usize,
    pub(crate) shutdown: Shutdown,
    pub(crate) drain: Duration,
}

impl Forwarder {
    pub(crate) async fn run(self) {
        let Self {
            mut shard,
            publisher,
            status,
            metrics,
            wanted,
            max_in_flight,
            shutdown,
            drain,
        } = self;
        let id = shard.id();
        let label = ShardLabel { shard: id.number() };
        let awaiting = metrics.awaiting_ack.get_or_create(&label).clone();
        let mut counters = HashMap::new();
        let mut in_flight = FuturesOrdered::new();
        let mut current: Option<(Arc<str>, Arc<str>)> = None;
        let mut closing = false;
        let mut stalled = false;
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        let warnings = Arc::new(Warnings::default());
        loop {
            tokio::select! {
                biased;
                Some(done) = in_flight.next(), if !in_flight.is_empty() => {
                    // Kept current as acknowledgements come, not only at
                    // the next tick: a stream that ended must read 0.
                    record(&status, &metrics, &mut counters, id, &done, stalled, in_flight.len());
                    awaiting.set(i64::try_from(in_flight.len()).unwrap_or(i64::MAX));
                }
                () = shutdown.wait(), if !closing => {
                    closing = true;
                    shard.close(&CloseFrame::RESUME);
                }
                raw = shard.next_raw(wanted), if in_flight.len() < max_in_flight => {
                    let raw = match raw {
                        None => break,
                        Some(Ok(raw)) => raw,
                        Some(Err(error)) => {
                            tracing::warn!(shard = id.number(), %error, "receive failed");
                            continue;
                        }
                    };
                    let started = match raw.name() {
                        "READY" => Some(&metrics.identifies),
                        "RESUMED" => Some(&metrics.resumes),
                        _ => None,
                    };
                    if let Some(counter) = started {
                        counter.get_or_create(&label).inc();
                        update_state(&shard, &status, &metrics, &label, in_flight.len());
                    }
                    let session = refresh_session(&shard, &mut current, &status);
                    let received = Instant::now();
                    let sequence = raw.sequence();
                    let event = match OutgoingEvent::from_dispatch(
                        Bytes::from(raw.into_json()),
                        id,
                        Arc::clone(&session),
                    ) {
                        Ok(event) => event,
                        Err(error) => {
                            // Cannot happen for what the shard parsed as a
                            // dispatch with an event type; never count it.
                            tracing::error!(shard = id.number(), %error, "dispatch not forwardable");
                            stalled = true;
                            continue;
                        }
                    };
                    let Some(pending) = hand_over(&*publisher, &event, &shutdown, &metrics, &label).await else {
                        // Shut down while the broker was unreachable: what
                        // follows is not counted, Discord replays it.
                        stalled = true;
                        continue;
                    };
                    let event_type = Arc::clone(&event.meta.event_type);
                    let publisher = Arc::clone(&publisher);
                    let metrics = Arc::clone(&metrics);
                    let label = label.clone();
                    let warnings = Arc::clone(&warnings);
                    in_flight.push_back(async move {
                        confirm(pending, event, &*publisher, &metrics, &label, &warnings).await;
                        Done { event_type, session_id: session, sequence, received }
                    });
                    awaiting.set(i64::try_from(in_flight.len()).unwrap_or(i64::MAX));
                }
                _ = tick.tick() => {
                    update_state(&shard, &status, &metrics, &label, in_flight.len());
                }
            }
        }
        let drained = tokio::time::timeout(drain, async {
            while let Some(done) = in_flight.next().await {
                record(
                    &status,
                    &metrics,
                    &mut counters,
                    id,
                    &done,
                    stalled,
                    in_flight.len(),
                );
            }
        })
        .await;
        if drained.is_err() {
            tracing::warn!(
                shard = id.number(),
                left = in_flight.len(),
                "not acknowledged within the drain time; Discord replays them on resume"
            );
        }
        update_state(&shard, &status, &metrics, &label, in_flight.len());
    }
}

/// The session id and resume URL of the shard's session, refreshed when
/// the shard started a new one.
fn refresh_session(
    shard: &Shard,
    current: &mut Option<(Arc<str>, Arc<str>)>,
    status: &Mutex<ShardStatus>,
) -> Arc<str> {
    let Some(session) = shard.session() else {
        // The shard hands out dispatches only after READY or RESUMED.
        return current
            .as_ref()
            .map_or_else(|| Arc::from(""), |(id, _)| Arc::clone(id));
    };
    if current.as_ref().is_none_or(|(id, _)| **id != *session.id()) {
        let id: Arc<str> = session.id().into();
        let url: Arc<str> = session.resume_url().into();
        let mut status = lock(status);
        // A resumed session keeps what was acknowledged; a new one
        // starts from its first event.
        if status.session_id.as_deref() != Some(session.id()) {
            status.acked_sequence = 0;
        }
        status.session_id = Some(Arc::clone(&id));
        status.resume_url = Some(Arc::clone(&url));
        *current = Some((Arc::clone(&id), url));
    }
    current
        .as_ref()
        .map_or_else(|| Arc::from(""), |(id, _)| Arc::clone(id))
}

/// Hands `event` to the broker, retrying with a growing pause while it
/// cannot be sent; `None` if `shutdown` came first.
async fn hand_over(
    publisher: &dyn Publisher,
    event: &OutgoingEvent,
    shutdown: &Shutdown,
    metrics: &Metrics,
    label: &ShardLabel,
) -> Option<PendingAck> {
    let mut backoff = Duration::from_millis(50);
    loop {
        match publisher.publish(event.clone()).await {
            Ok(pending) => return Some(pending),
            Err(error) => {
                metrics.publish_retries.get_or_create(label).inc();
                tracing::warn!(shard = label.shard, %error, ?backoff, "publish failed; retrying");
                tokio::select! {
                    () = tokio::time::sleep(backoff) => {}
                    () = shutdown.wait() => return None,
                }
                backoff = (backoff * 2).min(MAX_BACKOFF);
            }
        }
    }
}

/// How often a shard logs failed acknowledgements: while the broker is
/// away every event in flight fails each round, and one line a second
/// (with the count since the last) says as much as a thousand.
const WARN_EVERY: Duration = Duration::from_secs(1);

/// The failed acknowledgements of one shard not logged yet.
#[derive(Default)]
struct Warnings {
    last: Mutex<Option<Instant>>,
    unlogged: std::sync::atomic::AtomicU64,
}

impl Warnings {
    /// How many failures to report now (this one included), if it is time.
    fn due(&self) -> Option<u64> {
        use std::sync::atomic::Ordering;
        let unlogged = self.unlogged.fetch_add(1, Ordering::Relaxed) + 1;
        let mut last = self
            .last
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let now = Instant::now();
        if last.is_some_and(|at| now.duration_since(at) < WARN_EVERY) {
            return None;
        }
        *last = Some(now);
        self.unlogged.fetch_sub(unlogged, Ordering::Relaxed);
        Some(unlogged)
    }
}

/// Waits for the broker's acknowledgement, publishing again after each
/// failure until one arrives.
async fn confirm(
    mut pending: PendingAck,
    event: OutgoingEvent,
    publisher: &dyn Publisher,
    metrics: &Metrics,
    label: &ShardLabel,
    warnings: &Warnings,
) {
    let mut backoff = Duration::from_millis(50);
    loop {
        match pending.await {
            Ok(_) => return,
            Err(error) => {
                metrics.publish_retries.get_or_create(label).inc();
                if let Some(failures) = warnings.due() {
                    tracing::warn!(
                        shard = label.shard,
                        %error,
                        failures,
                        "publishes not acknowledged; retrying them"
                    );
                }
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(MAX_BACKOFF);
            }
        }
        pending = loop {
            match publisher.publish(event.clone()).await {
                Ok(pending) => break pending,
                Err(_) => {
                    tokio::time::sleep(backoff).await;
                    backoff = (backoff * 2).min(MAX_BACKOFF);
                }
            }
        };
    }
}

fn record(
    status: &Mutex<ShardStatus>,
    metrics: &Metrics,
    counters: &mut HashMap<Arc<str>, prometheus_client::metrics::counter::Counter>,
    id: ShardId,
    done: &Done,
    stalled: bool,
    awaiting: usize,
) {
    metrics
        .publish_seconds
        .observe(done.received.elapsed().as_secs_f64());
    counters
        .entry(Arc::clone(&done.event_type))
        .or_insert_with(|| {
            metrics
                .events
                .get_or_create(&EventLabel {
                    shard: id.number(),
                    event_type: done.event_type.to_string(),
                })
                .clone()
        })
        .inc();
    let mut status = lock(status);
    status.forwarded += 1;
    status.awaiting_ack = awaiting;
    if !stalled && status.session_id.as_deref() == Some(&*done.session_id) {
        status.acked_sequence = status.acked_sequence.max(done.sequence);
        status.dirty = true;
    }
}

fn update_state(
    shard: &Shard,
    status: &Mutex<ShardStatus>,
    metrics: &Metrics,
    label: &ShardLabel,
    awaiting: usize,
) {
    let state = shard.state();
    let latency = shard.latency().average();
    metrics
        .shard_active
        .get_or_create(label)
        .set(i64::from(state == ShardState::Active));
    metrics
        .shard_latency_seconds
        .get_or_create(label)
        .set(latency.map_or(0.0, |latency| latency.as_secs_f64()));
    metrics
        .awaiting_ack
        .get_or_create(label)
        .set(i64::try_from(awaiting).unwrap_or(i64::MAX));
    let mut status = lock(status);
    status.state = format!("{state:?}");
    status.latency_ms = latency.map(|latency| latency.as_millis());
    status.awaiting_ack = awaiting;
}

pub(crate) fn lock(status: &Mutex<ShardStatus>) -> std::sync::MutexGuard<'_, ShardStatus> {
    status
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
