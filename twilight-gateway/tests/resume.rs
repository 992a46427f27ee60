//! Resuming: dropped connections, zombies, RECONNECT, INVALID_SESSION,
//! non-fatal close codes, and a session handed to a new shard.

mod support;

use support::{config, mock, next_of, next_test_number, ready, within};
use twilight_gateway::{CloseFrame, EventTypeFlags, Message, Session, Shard, ShardState};
use twilight_model::gateway::{Event, ShardId};

const SCALE: f64 = 50.0;

fn dispatch_numbers(mock: &twilight_mock::Mock, numbers: std::ops::Range<u64>) {
    for n in numbers {
        mock.dispatch_to(0, "TEST_EVENT", serde_json::json!({ "n": n }));
    }
}

/// Receives test events until `last`, asserting each arrives once, in order.
async fn expect_numbers(shard: &mut Shard, numbers: std::ops::Range<u64>) {
    for expected in numbers {
        assert_eq!(next_test_number(shard).await, expected);
    }
}

/// A shard that identified and is active.
async fn active_shard(mock: &twilight_mock::Mock) -> Shard {
    let mut shard = Shard::new(ShardId::ONE, config(mock, SCALE).build());
    ready(&mut shard).await;
    shard
}

#[tokio::test]
async fn resume_after_a_dropped_connection_replays_missed_events_once_in_order() {
    let mock = mock(SCALE).await;
    let mut shard = active_shard(&mock).await;
    dispatch_numbers(&mock, 0..5);
    expect_numbers(&mut shard, 0..3).await;

    mock.drop_connection(0);
    // Sent while the connection is down: buffered by the session.
    dispatch_numbers(&mock, 5..10);
    expect_numbers(&mut shard, 3..10).await;

    within(mock.wait_for_resumes(1)).await;
    let resume = &mock.resumes()[0];
    assert!(resume.resumed);
    assert!(
        mock.log().connections[1].resume_url,
        "resumed on resume_gateway_url"
    );
    assert_eq!(mock.identifies().len(), 1);
    // Nothing more: each event came exactly once.
    dispatch_numbers(&mock, 10..11);
    expect_numbers(&mut shard, 10..11).await;
    assert_eq!(shard.state(), ShardState::Active);
}

/// A replay longer than the local Discord's outgoing queue per connection
/// is written as the shard reads it: the resume neither overflows the
/// queue nor loops.
#[tokio::test]
async fn a_replay_longer_than_the_outgoing_queue_arrives_whole() {
    let mock = support::mock_with(SCALE, |config| config.outgoing_queue = 16).await;
    let mut shard = active_shard(&mock).await;
    mock.drop_connection(0);
    dispatch_numbers(&mock, 0..500);
    expect_numbers(&mut shard, 0..500).await;
    within(mock.wait_for_resumes(1)).await;
    let resumes = mock.resumes();
    assert_eq!(resumes.len(), 1, "one resume, no overflow and retry");
    assert_eq!(resumes[0].replayed, 500);
    // The connection that resumed took the whole replay. (The dropped one
    // may have overflowed with the dispatches queued before its drop took
    // effect; they were in the session's buffer all the same.)
    let resumed_on = resumes[0].connection;
    let log = mock.log();
    let connection = log
        .connections
        .iter()
        .find(|connection| connection.id == resumed_on)
        .expect("the resumed connection is logged");
    assert_eq!(connection.dropped_because, None, "{connection:?}");
}

#[tokio::test]
async fn zombie_connection_is_detected_and_resumed() {
    let mock = mock(SCALE).await;
    let mut shard = active_shard(&mock).await;
    mock.stop_heartbeat_acks(Some(0));
    // The shard notices no acknowledgement, drops the connection, resumes.
    let resumed = next_of(&mut shard, EventTypeFlags::RESUMED).await;
    assert!(matches!(resumed, Event::Resumed(_)));
    assert!(mock.resumes()[0].resumed);
    assert_eq!(mock.identifies().len(), 1);
    mock.resume_heartbeat_acks();
    dispatch_numbers(&mock, 0..1);
    expect_numbers(&mut shard, 0..1).await;
}

#[tokio::test]
async fn reconnect_resumes() {
    let mock = mock(SCALE).await;
    let mut shard = active_shard(&mock).await;
    dispatch_numbers(&mock, 0..2);
    expect_numbers(&mut shard, 0..1).await;
    mock.send_reconnect(0);
    // The event sent before RECONNECT but not yet handed out, and one sent
    // while reconnecting, both come once, in order.
    dispatch_numbers(&mock, 2..3);
    expect_numbers(&mut shard, 1..3).await;
    within(mock.wait_for_resumes(1)).await;
    assert!(mock.resumes()[0].resumed);
    assert_eq!(mock.identifies().len(), 1);
}

#[tokio::test]
async fn resumable_invalid_session_resumes() {
    let mock = mock(SCALE).await;
    let mut shard = active_shard(&mock).await;
    mock.send_invalid_session(0, true);
    next_of(&mut shard, EventTypeFlags::RESUMED).await;
    assert!(mock.resumes()[0].resumed);
    assert_eq!(mock.identifies().len(), 1);
}

#[tokio::test]
async fn non_resumable_invalid_session_identifies_again() {
    let mock = mock(SCALE).await;
    let mut shard = active_shard(&mock).await;
    let old = shard.session().unwrap().id().to_owned();
    mock.send_invalid_session(0, false);
    ready(&mut shard).await;
    assert_eq!(mock.identifies().len(), 2);
    assert!(mock.resumes().is_empty());
    assert_ne!(shard.session().unwrap().id(), old);
}

#[tokio::test]
async fn non_fatal_close_codes_reconnect_and_resume() {
    let mock = mock(SCALE).await;
    let mut shard = active_shard(&mock).await;
    for (i, code) in [4000_u16, 4001, 4002, 4003, 4005, 4008]
        .into_iter()
        .enumerate()
    {
        mock.close_connection(0, code, "test");
        let closed = within(async {
            loop {
                if let Some(Ok(Message::Close(frame))) = shard.next_message().await {
                    return frame;
                }
            }
        })
        .await;
        assert_eq!(closed.map(|frame| frame.code), Some(code));
        next_of(&mut shard, EventTypeFlags::RESUMED).await;
        assert_eq!(mock.resumes().len(), i + 1, "after {code}");
        assert!(mock.resumes()[i].resumed, "after {code}");
    }
    assert_eq!(mock.identifies().len(), 1);
}

#[tokio::test]
async fn invalid_sequence_close_starts_a_new_session() {
    let mock = mock(SCALE).await;
    let mut shard = active_shard(&mock).await;
    mock.close_connection(0, 4007, "Invalid seq.");
    ready(&mut shard).await;
    assert_eq!(mock.identifies().len(), 2);
}

#[tokio::test]
async fn session_timed_out_close_starts_a_new_session() {
    let mock = mock(SCALE).await;
    let mut shard = active_shard(&mock).await;
    let old = shard.session().unwrap().id().to_owned();
    mock.close_connection(0, 4009, "Session timed out.");
    for _ in 0..3 {
        let m = shard.next_message().await;
        eprintln!("DBG {m:?} {:?}", shard.session().map(|s| s.id().to_owned()));
    }
    ready(&mut shard).await;
    assert_eq!(mock.identifies().len(), 2);
    assert!(
        mock.resumes().is_empty(),
        "resumed after 4009: {:?} {:?}",
        mock.resumes(),
        mock.log().connections
    );
    assert_ne!(shard.session().unwrap().id(), old);
}

#[tokio::test]
async fn a_session_handed_to_a_new_shard_resumes() {
    let mock = mock(SCALE).await;
    let mut first = active_shard(&mock).await;
    dispatch_numbers(&mock, 0..3);
    expect_numbers(&mut first, 0..3).await;

    // Shut down keeping the session resumable; store it as a restart would.
    first.close(&CloseFrame::RESUME);
    within(async { while !matches!(first.next_message().await, Some(Ok(Message::Close(_)))) {} })
        .await;
    let session = first.session().cloned().expect("a session");
    drop(first);
    let stored = serde_json::to_string(&session).unwrap();
    // Missed while no process runs.
    dispatch_numbers(&mock, 3..6);

    let session: Session = serde_json::from_str(&stored).unwrap();
    let config = config(&mock, SCALE).session(session).build();
    let mut second = Shard::new(ShardId::ONE, config);
    expect_numbers(&mut second, 3..6).await;
    within(mock.wait_for_resumes(1)).await;
    assert!(mock.resumes()[0].resumed);
    assert_eq!(mock.resumes()[0].replayed, 3);
    assert_eq!(mock.identifies().len(), 1, "resumed instead of identifying");
    next_of(&mut second, EventTypeFlags::RESUMED).await;
    assert_eq!(second.state(), ShardState::Active);
}

#[tokio::test]
async fn a_normal_close_ends_the_session() {
    let mock = mock(SCALE).await;
    let mut shard = active_shard(&mock).await;
    shard.close(&CloseFrame::NORMAL);
    assert!(shard.session().is_none(), "1000 ends the session");
    within(async { while !matches!(shard.next_message().await, Some(Ok(Message::Close(_)))) {} })
        .await;
    // The shard ended; a new one identifies a new session.
    assert!(shard.next_message().await.is_none());
    let mut shard = Shard::new(ShardId::ONE, config(&mock, SCALE).build());
    ready(&mut shard).await;
    assert_eq!(mock.identifies().len(), 2);
    assert!(mock.resumes().is_empty());
}

#[tokio::test]
async fn cancelled_polls_lose_no_event() {
    let mock = mock(SCALE).await;
    let mut shard = active_shard(&mock).await;
    dispatch_numbers(&mock, 0..200);
    let mut received = Vec::new();
    within(async {
        while received.len() < 200 {
            // Dropping `next_event` midway, as `select!` does, must lose
            // nothing: every in-progress step lives in the shard.
            tokio::select! {
                biased;
                () = tokio::task::yield_now() => {}
                event = shard.next_event(EventTypeFlags::all()) => {
                    if let Some(Ok(Event::Unknown(unknown))) = event {
                        let value: serde_json::Value = serde_json::from_str(unknown.data.get()).unwrap();
                        received.push(value["n"].as_u64().unwrap());
                    }
                }
            }
        }
    })
    .await;
    assert_eq!(received, (0..200).collect::<Vec<_>>());
}
