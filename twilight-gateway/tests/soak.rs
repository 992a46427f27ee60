//! A soak test: a thousand faults at random moments while the local
//! Discord dispatches a numbered stream to one shard. Every fault is one
//! Discord may cause: a dropped connection, RECONNECT, INVALID_SESSION
//! (resumable or not), and close codes that keep the session (4000-4008)
//! or end it (4007, 4009). The shard's user sees every event exactly once,
//! in order.
//!
//! Events are dispatched into a session only: when a fault ends the
//! session, Discord keeps nothing for the next one, so the stream waits
//! for the new READY (what a bot then learns from GUILD_CREATE is not
//! this test's business). Where a session survives, its events are
//! replayed on RESUME and must all arrive.
//!
//! The clock is tokio's paused clock, shared by the mock and the shard, so
//! the 1 to 5 s before a new IDENTIFY and the queue's windows pass at once.
//! `SOAK_SEED` replays a run (its seed is printed).

mod support;

use std::time::Duration;
use support::{config, mock_with};
use tokio::sync::watch;
use twilight_gateway::{EventTypeFlags, Shard};
use twilight_mock::{Target, gateway::numbered_message};
use twilight_model::{
    gateway::{Event, ShardId},
    id::Id,
};

/// Events in the stream.
const EVENTS: u64 = 20_000;

/// Faults injected while it runs.
const FAULTS: usize = 1_000;

#[derive(Clone, Copy, Debug)]
enum Fault {
    Drop,
    Reconnect,
    InvalidSession { resumable: bool },
    Close(u16),
}

impl Fault {
    /// Every kind, picked from uniformly.
    const ALL: [Self; 12] = [
        Self::Drop,
        Self::Reconnect,
        Self::InvalidSession { resumable: true },
        Self::InvalidSession { resumable: false },
        // Unknown error, unknown opcode, decode error, not authenticated,
        // already authenticated, rate limited: reconnect and resume.
        Self::Close(4000),
        Self::Close(4001),
        Self::Close(4002),
        Self::Close(4003),
        Self::Close(4005),
        Self::Close(4008),
        // Invalid seq, session timed out: reconnect, new session.
        Self::Close(4007),
        Self::Close(4009),
    ];

    /// Whether Discord ends the session (opcodes-and-status-codes.mdx).
    const fn ends_session(self) -> bool {
        matches!(
            self,
            Self::InvalidSession { resumable: false } | Self::Close(4007 | 4009)
        )
    }

    fn inject(self, gateway: &twilight_mock::Gateway) {
        let shard = Target::Shard(0);
        match self {
            Self::Drop => gateway.drop_connection(shard),
            Self::Reconnect => gateway.send_reconnect(shard),
            Self::InvalidSession { resumable } => gateway.send_invalid_session(shard, resumable),
            Self::Close(code) => gateway.close_connection(shard, code, "soak"),
        }
    }
}

/// Waits until the shard's user has seen more than `after` READYs and
/// RESUMEDs: the shard is connected, in a session.
async fn recovered(sessions: &mut watch::Receiver<u64>, after: u64) {
    sessions
        .wait_for(|seen| *seen > after)
        .await
        .expect("the shard's user is still reading");
}

#[tokio::test(start_paused = true)]
async fn a_thousand_faults_lose_and_duplicate_nothing() {
    let seed = std::env::var("SOAK_SEED")
        .ok()
        .and_then(|seed| seed.parse().ok())
        .unwrap_or_else(|| fastrand::u64(..));
    println!("SOAK_SEED={seed}");
    let mut rng = fastrand::Rng::with_seed(seed);

    let mock = mock_with(1.0, |config| {
        config.session_start_limit.total = 10_000;
        config.session_start_limit.remaining = 10_000;
    })
    .await;
    let mut shard = Shard::new(ShardId::ONE, config(&mock, 1.0).build());

    // The shard's user: the stream's numbers as received, and a count of
    // READYs and RESUMEDs for the driver below.
    let (seen_tx, mut sessions) = watch::channel(0_u64);
    let user = tokio::spawn(async move {
        let wanted =
            EventTypeFlags::READY | EventTypeFlags::RESUMED | EventTypeFlags::MESSAGE_CREATE;
        let mut numbers = Vec::new();
        // Until the stream's last event: a lost one shows as a gap.
        while numbers.last() != Some(&(EVENTS - 1)) {
            match shard.next_event(wanted).await {
                Some(Ok(Event::MessageCreate(message))) => numbers.push(message.id.get() - 1),
                Some(Ok(Event::Ready(_) | Event::Resumed(_))) => {
                    seen_tx.send_modify(|seen| *seen += 1);
                }
                Some(Ok(_)) => {}
                Some(Err(error)) if !error.is_fatal() => {}
                other => panic!("the shard ended: {other:?}"),
            }
        }
        numbers
    });
    recovered(&mut sessions, 0).await;

    // A thousand distinct moments in the stream, each after one event.
    let mut moments = std::collections::BTreeSet::new();
    while moments.len() < FAULTS {
        moments.insert(rng.u64(..EVENTS));
    }
    let gateway = mock.gateway();
    let guild_id = Id::new(1);
    let mut kinds = std::collections::BTreeMap::<String, usize>::new();
    let mut last_fault = None;
    for n in 0..EVENTS {
        gateway.dispatch_to(
            Target::Shard(0),
            "MESSAGE_CREATE",
            numbered_message(n, guild_id),
        );
        if moments.contains(&n) {
            // One fault at a time: the last one was recovered from, so
            // this one meets a connection in a session.
            let before = *sessions.borrow();
            if let Some(after) = last_fault {
                recovered(&mut sessions, after).await;
            }
            let fault = Fault::ALL[rng.usize(..Fault::ALL.len())];
            *kinds.entry(format!("{fault:?}")).or_default() += 1;
            let at = (*sessions.borrow()).max(before);
            fault.inject(gateway);
            last_fault = Some(at);
            if fault.ends_session() {
                recovered(&mut sessions, at).await;
                last_fault = None;
            }
        }
        // Let the shard read as the stream goes, rather than all at the end.
        if n % 8 == 0 {
            tokio::task::yield_now().await;
        }
    }

    // Paused time runs ahead at every idle moment (heartbeats keep a timer
    // pending), so this guard costs seconds when the last event is lost.
    let numbers = tokio::time::timeout(Duration::from_secs(7 * 86_400), user)
        .await
        .expect("the stream's last event arrived")
        .expect("the user's task ended");
    println!("faults by kind: {kinds:?}");
    assert_eq!(kinds.values().sum::<usize>(), FAULTS);
    let first_wrong = numbers
        .iter()
        .zip(0..)
        .find(|(got, want)| **got != *want)
        .map(|(got, want)| format!("position {want} holds event {got}"));
    assert_eq!(
        first_wrong,
        None,
        "{} events received of {EVENTS}, seed {seed}",
        numbers.len()
    );
    assert_eq!(numbers.len(), usize::try_from(EVENTS).unwrap());
}
