//! Commands: from the shard and from senders held by other tasks, through
//! the ratelimiter.

mod support;

use std::time::Duration;
use support::{config, mock, next_of, ready, within};
use twilight_gateway::{EventTypeFlags, Message, SendErrorKind, Shard};
use twilight_model::gateway::command::{
    RequestGuildMembers, RequestSoundboardSounds, UpdatePresence, UpdateVoiceState,
};
use twilight_model::gateway::presence::Status;
use twilight_model::gateway::{Event, ShardId};
use twilight_model::id::Id;

/// Sends 1000 presence updates at once from another task and checks the
/// gateway saw no more than 120 payloads in any 60 s (Discord time).
async fn burst_of_1000(scale: f64, period: Option<Duration>) {
    let mock = mock(scale).await;
    let mut config = config(&mock, scale);
    if let Some(period) = period {
        config = config.ratelimit_period(period);
    }
    let mut shard = Shard::new(ShardId::ONE, config.build());
    ready(&mut shard).await;

    let sender = shard.sender();
    let burst = tokio::spawn(async move {
        let presence = UpdatePresence {
            since: None,
            activities: Vec::new(),
            status: Status::new("online"),
            afk: false,
        };
        for _ in 0..1000 {
            sender.command(&presence).unwrap();
        }
    });

    let presences =
        |log: &twilight_mock::GatewayLog| log.payloads.iter().filter(|p| p.op == Some(3)).count();
    tokio::time::timeout(Duration::from_secs(3600), async {
        loop {
            tokio::select! {
                () = mock.wait_for(|log| presences(log) >= 1000) => break,
                item = shard.next_message() => {
                    if let Some(Ok(Message::Close(frame))) = item {
                        panic!("connection closed: {frame:?}");
                    }
                }
            }
        }
    })
    .await
    .expect("all commands sent");
    burst.await.unwrap();

    let log = mock.log();
    assert_eq!(presences(&log), 1000);
    assert!(log.connections.iter().all(|c| c.closed_with.is_none()));
    assert_eq!(log.connections.len(), 1, "never reconnected");
    // No 60 s (Discord time) window holds more than 120 payloads.
    let times: Vec<_> = log.payloads.iter().map(|p| p.at).collect();
    for (i, start) in times.iter().enumerate() {
        let in_window = times[i..]
            .iter()
            .take_while(|at| **at - *start < Duration::from_secs(60))
            .count();
        assert!(in_window <= 120, "{in_window} payloads in one window");
    }
    // The limiter spread the burst over at least eight windows.
    assert!(*times.last().unwrap() - times[0] >= Duration::from_secs(7 * 60));
    // Heartbeats went on during the burst.
    let heartbeats = log.payloads.iter().filter(|p| p.op == Some(1)).count();
    assert!(heartbeats >= 5, "{heartbeats} heartbeats");
}

/// On a real clock: the mock's 60 s window is 1.5 s; the limiter gets
/// 1.95 s so that transit jitter on a loaded machine (up to 450 ms) cannot
/// squeeze two windows into one.
#[tokio::test]
async fn a_burst_of_1000_commands_never_exceeds_the_limit() {
    burst_of_1000(40.0, Some(Duration::from_millis(1950))).await;
}

#[tokio::test]
async fn every_command_kind_reaches_the_gateway() {
    let mock = mock(50.0).await;
    let mut shard = Shard::new(ShardId::ONE, config(&mock, 50.0).build());
    // Queued before the session is active: sent once it is.
    let guild = Id::new(1 << 22);
    shard
        .command(&RequestSoundboardSounds {
            guild_ids: vec![guild],
        })
        .unwrap();
    ready(&mut shard).await;
    let sender = shard.sender();
    sender
        .command(&RequestGuildMembers::query(guild, "", 1))
        .unwrap();
    sender
        .command(&UpdateVoiceState {
            guild_id: guild,
            channel_id: None,
            self_mute: false,
            self_deaf: false,
        })
        .unwrap();
    let too_large = sender.send(format!(r#"{{"op":3,"d":"{}"}}"#, "x".repeat(5000)));
    assert_eq!(
        too_large.unwrap_err().kind(),
        &SendErrorKind::TooLarge { len: 5015 }
    );
    // Waiting for an answer polls the shard, which sends the commands.
    let wanted = EventTypeFlags::GUILD_MEMBERS_CHUNK;
    assert!(matches!(
        next_of(&mut shard, wanted).await,
        Event::GuildMembersChunk(_)
    ));
    within(mock.wait_for(|log| {
        [31, 8, 4]
            .iter()
            .all(|op| log.payloads.iter().any(|p| p.op == Some(*op)))
    }))
    .await;
    drop(shard);
    assert!(sender.is_closed());
    assert_eq!(
        sender
            .command(&RequestSoundboardSounds { guild_ids: vec![] })
            .unwrap_err()
            .kind(),
        &SendErrorKind::ShardGone
    );
}

/// A sender's close ends the shard (a task polling it sees `None`); its
/// session resumes in a new shard.
#[tokio::test]
async fn a_sender_can_close_the_shard_and_a_new_one_resumes() {
    let mock = mock(50.0).await;
    let mut shard = Shard::new(ShardId::ONE, config(&mock, 50.0).build());
    ready(&mut shard).await;
    shard
        .sender()
        .close(twilight_gateway::CloseFrame::RESUME)
        .unwrap();
    let closed = within(async {
        loop {
            if let Some(Ok(Message::Close(frame))) = shard.next_message().await {
                return frame;
            }
        }
    })
    .await;
    assert_eq!(closed.map(|frame| frame.code), Some(4000));
    assert!(shard.next_message().await.is_none(), "the shard ended");
    let session = shard.session().cloned().expect("4000 keeps the session");
    let mut shard = Shard::new(ShardId::ONE, config(&mock, 50.0).session(session).build());
    next_of(&mut shard, EventTypeFlags::RESUMED).await;
    assert!(mock.resumes()[0].resumed);
}
