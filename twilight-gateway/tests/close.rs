//! Closing by the user: a closed shard ends instead of reconnecting, and a
//! stream of shards closes them all and hands back their sessions.

mod support;

use futures_util::StreamExt;
use std::collections::HashSet;
use support::{config, mock, mock_with, next_of, ready, within};
use twilight_gateway::{
    CloseFrame, EventTypeFlags, Message, Shard, ShardEventStream, ShardState, create_range,
};
use twilight_model::gateway::{Event, ShardId};

const SCALE: f64 = 50.0;

/// Polls until the shard ends, returning the close frames it yielded.
async fn until_end(shard: &mut Shard) -> Vec<Option<CloseFrame>> {
    within(async {
        let mut closes = Vec::new();
        while let Some(message) = shard.next_message().await {
            if let Ok(Message::Close(frame)) = message {
                closes.push(frame);
            }
        }
        closes
    })
    .await
}

#[tokio::test]
async fn a_closed_shard_yields_the_close_then_ends_without_reconnecting() {
    let mock = mock(SCALE).await;
    let mut shard = Shard::new(ShardId::ONE, config(&mock, SCALE).build());
    ready(&mut shard).await;

    shard.close(&CloseFrame::RESUME);
    let closes = until_end(&mut shard).await;
    assert!(shard.session().is_some(), "4000 keeps the session");
    assert_eq!(closes.len(), 1, "{closes:?}");
    assert_eq!(closes[0].as_ref().map(|frame| frame.code), Some(4000));
    assert_eq!(shard.state(), ShardState::Closed);

    // Polled again: still ended, no new connection.
    assert!(shard.next_message().await.is_none());
    assert!(shard.next_event(EventTypeFlags::all()).await.is_none());
    assert_eq!(mock.log().connections.len(), 1);
    assert!(mock.resumes().is_empty());
    assert_eq!(mock.identifies().len(), 1);
}

#[tokio::test]
async fn a_shard_closed_while_disconnected_ends_at_once() {
    let mock = mock(SCALE).await;
    let mut shard = Shard::new(ShardId::ONE, config(&mock, SCALE).build());
    ready(&mut shard).await;
    // A close code that allows a reconnect: the shard yields it and would
    // connect again on the next poll.
    mock.close_connection(0, 4000, "Unknown error.");
    within(async { while !matches!(shard.next_message().await, Some(Ok(Message::Close(_)))) {} })
        .await;
    assert!(matches!(shard.state(), ShardState::Disconnected { .. }));

    shard.close(&CloseFrame::RESUME);
    assert!(until_end(&mut shard).await.is_empty(), "nothing to close");
    assert!(shard.session().is_some(), "the session is kept");
    assert_eq!(shard.state(), ShardState::Closed);
    assert_eq!(mock.log().connections.len(), 1, "did not connect again");
}

#[tokio::test]
async fn closing_a_stream_closes_every_shard_and_returns_resumable_sessions() {
    let mock = mock_with(SCALE, |config| config.recommended_shards = 3).await;
    let shards = create_range(0..3, 3, config(&mock, SCALE).build(), |_, c| c).unwrap();
    let mut stream = ShardEventStream::new(shards, EventTypeFlags::READY);
    let mut ready = HashSet::new();
    within(async {
        while ready.len() < 3 {
            if let (id, Ok(Event::Ready(_))) = stream.next().await.unwrap() {
                ready.insert(id.number());
            }
        }
    })
    .await;

    let mut sessions = within(stream.close(CloseFrame::RESUME)).await;
    sessions.sort_by_key(|(id, _)| id.number());
    let ids: Vec<u32> = sessions.iter().map(|(id, _)| id.number()).collect();
    assert_eq!(ids, [0, 1, 2]);
    assert!(stream.is_empty());
    assert!(stream.next().await.is_none(), "the stream ended");
    assert_eq!(mock.log().connections.len(), 3, "no shard reconnected");

    // The sessions resume in new shards, as after a restart.
    for (id, session) in sessions {
        let session = session.expect("4000 keeps the session");
        let config = config(&mock, SCALE).session(session).build();
        let mut shard = Shard::new(id, config);
        next_of(&mut shard, EventTypeFlags::RESUMED).await;
    }
    assert_eq!(mock.resumes().len(), 3);
    assert!(mock.resumes().iter().all(|resume| resume.resumed));
    assert_eq!(mock.identifies().len(), 3, "resumed instead of identifying");
}

#[tokio::test]
async fn closing_a_stream_normally_ends_the_sessions() {
    let mock = mock_with(SCALE, |config| config.recommended_shards = 2).await;
    let shards = create_range(0..2, 2, config(&mock, SCALE).build(), |_, c| c).unwrap();
    let mut stream = ShardEventStream::new(shards, EventTypeFlags::READY);
    let mut ready = 0;
    within(async {
        while ready < 2 {
            if let (_, Ok(Event::Ready(_))) = stream.next().await.unwrap() {
                ready += 1;
            }
        }
    })
    .await;
    let sessions = within(stream.close(CloseFrame::NORMAL)).await;
    assert_eq!(sessions.len(), 2);
    assert!(sessions.iter().all(|(_, session)| session.is_none()));
    assert!(stream.is_empty());
}

/// Shards that never connected (or are between connections) have nothing
/// to close: the stream ends at once, without connecting them.
#[tokio::test]
async fn closing_a_stream_of_unconnected_shards_does_not_connect_them() {
    let mock = mock(SCALE).await;
    let shards = create_range(0..4, 4, config(&mock, SCALE).build(), |_, c| c).unwrap();
    let mut stream = ShardEventStream::new(shards, EventTypeFlags::all());
    let sessions = within(stream.close(CloseFrame::RESUME)).await;
    assert_eq!(sessions.len(), 4);
    assert!(sessions.iter().all(|(_, session)| session.is_none()));
    assert!(mock.log().connections.is_empty());
}

/// A sender's close reaches a shard that has no connection without it
/// connecting first; commands queued before it still wait for a session.
#[tokio::test]
async fn a_sender_close_ends_an_unconnected_shard_without_connecting() {
    let mock = mock(SCALE).await;
    let mut shard = Shard::new(ShardId::ONE, config(&mock, SCALE).build());
    shard.sender().close(CloseFrame::NORMAL).unwrap();
    assert!(until_end(&mut shard).await.is_empty());
    assert_eq!(shard.state(), ShardState::Closed);
    assert!(mock.log().connections.is_empty());
}

/// Closing a stream sends every close frame at once. Inside the stream a
/// shard is only polled when something wakes it; on Discord's real clock
/// the next wake-up (a heartbeat) is up to 41 s away, so the close must not
/// wait for one.
#[tokio::test]
async fn closing_a_stream_does_not_wait_for_a_heartbeat() {
    let mock = mock_with(1.0, |config| {
        config.recommended_shards = 2;
        config.session_start_limit.max_concurrency = 2;
    })
    .await;
    let config = config(&mock, 1.0)
        .queue(std::sync::Arc::new(support::scaled_queue(2, 1.0)))
        .build();
    let shards = create_range(0..2, 2, config, |_, c| c).unwrap();
    let mut stream = ShardEventStream::new(shards, EventTypeFlags::READY);
    let mut ready = 0;
    within(async {
        while ready < 2 {
            if let (_, Ok(Event::Ready(_))) = stream.next().await.unwrap() {
                ready += 1;
            }
        }
    })
    .await;
    // Let the connections go quiet: nothing wakes the shards any more but
    // their heartbeat timers.
    while let Ok(Some(_)) =
        tokio::time::timeout(std::time::Duration::from_millis(300), stream.next()).await
    {}
    // A guard far below the 41.25 s heartbeat interval, far above a close
    // handshake on loopback.
    let closing = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        stream.close(CloseFrame::NORMAL),
    );
    let sessions = closing.await.expect("the close waited for a wake-up");
    assert_eq!(sessions.len(), 2);
}

/// A sender's close is not stuck behind a command that waits for a
/// session: a shard that cannot connect, holding a command, ends at once.
#[tokio::test]
async fn a_senders_close_does_not_wait_behind_a_held_command() {
    let mock = mock(SCALE).await;
    let dead = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dead_url = format!("ws://{}", dead.local_addr().unwrap());
    drop(dead);
    let config = config(&mock, SCALE).gateway_url(dead_url).build();
    let mut shard = Shard::new(ShardId::ONE, config);
    let sender = shard.sender();
    sender
        .command(&twilight_model::gateway::command::RequestSoundboardSounds {
            guild_ids: vec![twilight_model::id::Id::new(1)],
        })
        .unwrap();
    sender.close(CloseFrame::RESUME).unwrap();
    let closes = until_end(&mut shard).await;
    assert!(closes.is_empty(), "never connected: {closes:?}");
    assert_eq!(shard.state(), ShardState::Closed);
}

/// A close code WebSocket forbids on the wire goes out as 4000, which
/// keeps the session, not as 1000, which would end it at Discord while the
/// shard kept it.
#[tokio::test]
async fn an_unsendable_close_code_is_sent_as_a_resumable_one() {
    let mock = mock(SCALE).await;
    let mut shard = Shard::new(ShardId::ONE, config(&mock, SCALE).build());
    ready(&mut shard).await;
    shard.close(&CloseFrame::new(1005, "no status"));
    until_end(&mut shard).await;
    let session = shard.session().cloned().expect("kept");
    // Had 1000 gone out, the mock (as Discord) would have ended the session.
    let mut second = Shard::new(ShardId::ONE, config(&mock, SCALE).session(session).build());
    next_of(&mut second, EventTypeFlags::RESUMED).await;
    let resumes = mock.resumes();
    assert!(resumes.len() == 1 && resumes[0].resumed, "{resumes:?}");
}

/// The session read after the drain counts every message the drain handed
/// out: resuming with it replays nothing the user already has.
#[tokio::test]
async fn the_session_after_a_close_counts_what_the_drain_handed_out() {
    let mock = mock(SCALE).await;
    let mut shard = Shard::new(ShardId::ONE, config(&mock, SCALE).build());
    ready(&mut shard).await;
    for n in 0..20 {
        mock.dispatch_to(0, "TEST_EVENT", serde_json::json!({ "n": n }));
    }
    shard.close(&CloseFrame::RESUME);
    let mut last = None;
    within(async {
        while let Some(message) = shard.next_message().await {
            if let Ok(Message::Text(text)) = message
                && let Ok(envelope) = twilight_model::gateway::Envelope::peek(&text)
                && let Some(sequence) = envelope.sequence()
            {
                last = Some(sequence);
            }
        }
    })
    .await;
    // Sent before the close, so read before its answer: handed out.
    let last = last.expect("the drain handed out the dispatches");
    let session = shard.session().expect("kept");
    assert_eq!(session.sequence(), last);
}
