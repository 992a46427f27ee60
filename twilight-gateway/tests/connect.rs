//! Identify and READY against twilight-mock, on every compression.

mod support;

use support::{config, mock, ready, within};
use twilight_gateway::{Compression, EventTypeFlags, Message, Shard, ShardState};
use twilight_model::gateway::{Event, ShardId};

async fn identify_and_ready(compression: Compression) {
    let mock = mock(50.0).await;
    let config = config(&mock, 50.0).compression(compression).build();
    let mut shard = Shard::new(ShardId::new(0, 1).unwrap(), config);
    ready(&mut shard).await;
    assert_eq!(shard.state(), ShardState::Active);
    let session = shard.session().expect("a session after READY").clone();
    assert_eq!(mock.identifies().len(), 1);
    assert_eq!(mock.identifies()[0].session_id, session.id());
    assert_eq!(session.resume_url(), mock.resume_url());
    let path = &mock.log().connections[0].path;
    if let Some(compress) = compression.query() {
        assert!(path.contains(&format!("compress={compress}")), "{path}");
    }
    assert!(
        path.contains("v=10") && path.contains("encoding=json"),
        "{path}"
    );

    // Events after READY arrive, decompressed, with their sequence.
    mock.dispatch_to(0, "TEST_EVENT", serde_json::json!({"n": 1}));
    assert_eq!(support::next_test_number(&mut shard).await, 1);
    assert!(shard.session().unwrap().sequence() > session.sequence());
}

#[cfg(feature = "zlib")]
#[tokio::test]
async fn identify_and_ready_zlib_stream() {
    identify_and_ready(Compression::Zlib).await;
}

#[cfg(feature = "zstd")]
#[tokio::test]
async fn identify_and_ready_zstd_stream() {
    identify_and_ready(Compression::Zstd).await;
}

#[tokio::test]
async fn identify_and_ready_uncompressed() {
    identify_and_ready(Compression::None).await;
}

#[tokio::test]
async fn large_payloads_span_frames_and_decompress() {
    let mock = mock(50.0).await;
    let mut shard = Shard::new(ShardId::ONE, config(&mock, 50.0).build());
    ready(&mut shard).await;
    let big = "x".repeat(300_000);
    mock.dispatch_to(0, "TEST_EVENT", serde_json::json!({"n": 7, "pad": big}));
    assert_eq!(support::next_test_number(&mut shard).await, 7);
}

#[tokio::test]
async fn raw_messages_and_unwanted_events() {
    let mock = mock(50.0).await;
    let mut shard = Shard::new(ShardId::ONE, config(&mock, 50.0).build());
    // The first message is HELLO, processed by the shard and handed out.
    let first = within(shard.next_message()).await.unwrap().unwrap();
    let Message::Text(hello) = first else {
        panic!("{first:?}")
    };
    assert!(hello.contains("\"op\":10"), "{hello}");
    ready(&mut shard).await;

    // Garbage data under an unwanted type is skipped unparsed.
    mock.dispatch_to(0, "TYPING_START", serde_json::json!({"garbage": true}));
    mock.dispatch_to(0, "TEST_EVENT", serde_json::json!({"n": 2}));
    let raw = within(async {
        loop {
            let raw = shard
                .next_raw(EventTypeFlags::all() - EventTypeFlags::TYPING_START)
                .await
                .unwrap()
                .unwrap();
            assert_ne!(raw.name(), "TYPING_START");
            if raw.name() == "TEST_EVENT" {
                return raw;
            }
        }
    })
    .await;
    assert_eq!(raw.name(), "TEST_EVENT");
    assert_eq!(raw.kind(), None);
    assert_eq!(raw.data(), r#"{"n":2}"#);
    assert!(raw.json().contains("TEST_EVENT"));

    // A wanted event whose data does not fit is an error, not an end.
    mock.dispatch_to(0, "TYPING_START", serde_json::json!({"garbage": true}));
    let error = within(shard.next_event(EventTypeFlags::TYPING_START))
        .await
        .unwrap()
        .unwrap_err();
    assert!(!error.is_fatal());
    mock.dispatch_to(0, "TEST_EVENT", serde_json::json!({"n": 3}));
    assert_eq!(support::next_test_number(&mut shard).await, 3);
}

#[tokio::test]
async fn the_token_is_never_in_debug_output() {
    let mock = mock(50.0).await;
    let mut shard = Shard::new(ShardId::ONE, config(&mock, 50.0).build());
    ready(&mut shard).await;
    let debug = format!("{shard:?} {:?}", shard.config());
    assert!(!debug.contains(support::TOKEN), "{debug}");
    assert!(debug.contains("<redacted>"));
    // And the mock saw the bare token, not the REST form.
    let identify = &mock
        .payloads()
        .into_iter()
        .find(|p| p.op == Some(2))
        .unwrap()
        .raw;
    assert!(!identify.contains("Bot "), "{identify}");
}

#[tokio::test]
async fn stream_yields_configured_events() {
    use futures_util::StreamExt;
    let mock = mock(50.0).await;
    let config = config(&mock, 50.0)
        .event_types(EventTypeFlags::READY | EventTypeFlags::GUILD_CREATE)
        .build();
    let mut shard = Shard::new(ShardId::ONE, config);
    let first = within(shard.next()).await.unwrap().unwrap();
    assert!(matches!(first, Event::Ready(_)), "{first:?}");
}

#[tokio::test]
async fn latency_is_observable() {
    let mock = mock(50.0).await;
    let mut shard = Shard::new(ShardId::ONE, config(&mock, 50.0).build());
    ready(&mut shard).await;
    within(async {
        while shard.latency().heartbeats() < 2 {
            shard.next_message().await.unwrap().unwrap();
        }
    })
    .await;
    let latency = shard.latency();
    assert!(latency.average().is_some());
    assert_eq!(latency.recent().len(), 2);
    assert!(latency.received() >= latency.sent());
}

#[cfg(feature = "http-recommended")]
#[tokio::test]
async fn recommended_shards_from_gateway_bot() {
    let mock = support::mock_with(50.0, |config| config.recommended_shards = 3).await;
    let config = config(&mock, 50.0)
        .gateway_url("ws://unused.invalid")
        .build();
    let info = twilight_gateway::recommended_shards(&mock.rest_url(), &config)
        .await
        .unwrap();
    assert_eq!(info.shards, 3);
    let shards = twilight_gateway::create_recommended(&mock.rest_url(), config, |_, c| c)
        .await
        .unwrap();
    assert_eq!(shards.len(), 3);
    assert_eq!(shards[2].id(), ShardId::new(2, 3).unwrap());
    assert_eq!(shards[0].config().gateway_url(), mock.gateway_url());

    let wrong = support::config(&mock, 50.0).token("nope").build();
    let error = twilight_gateway::recommended_shards(&mock.rest_url(), &wrong)
        .await
        .unwrap_err();
    assert!(error.to_string().contains("401"), "{error}");
}

#[tokio::test(start_paused = true)]
async fn failed_connections_back_off_and_count_attempts() {
    // Nothing listens on port 1.
    let config =
        twilight_gateway::Config::builder(support::TOKEN, twilight_model::gateway::Intents::GUILDS)
            .gateway_url("ws://127.0.0.1:1")
            .build();
    let mut shard = Shard::new(ShardId::ONE, config);
    let mut waits = Vec::new();
    for attempt in 1..=5 {
        let start = tokio::time::Instant::now();
        let error = shard.next_message().await.unwrap().unwrap_err();
        waits.push(start.elapsed());
        assert_eq!(
            error.kind(),
            &twilight_gateway::ReceiveMessageErrorKind::Connecting
        );
        assert!(!error.is_fatal());
        assert_eq!(
            shard.state(),
            ShardState::Disconnected { attempts: attempt }
        );
    }
    // The waits before attempts 2..5 grow: 0.25-0.5 s, 0.5-1 s, 1-2 s, 2-4 s.
    for (i, wait) in waits.iter().enumerate().skip(1) {
        let base = std::time::Duration::from_millis(500 << (i - 1));
        assert!(
            *wait >= base / 2 && *wait <= base + base / 10,
            "{i}: {wait:?}"
        );
    }
}

#[tokio::test(start_paused = true)]
async fn a_server_that_never_answers_the_upgrade_times_out() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    // Accepts and holds connections without a word.
    let silent = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            held.push(stream);
        }
    });
    let config =
        twilight_gateway::Config::builder(support::TOKEN, twilight_model::gateway::Intents::GUILDS)
            .gateway_url(format!("ws://{address}"))
            .build();
    let mut shard = Shard::new(ShardId::ONE, config);
    let start = tokio::time::Instant::now();
    let error = shard.next_message().await.unwrap().unwrap_err();
    assert_eq!(
        error.kind(),
        &twilight_gateway::ReceiveMessageErrorKind::Connecting
    );
    assert!(start.elapsed() >= std::time::Duration::from_secs(30));
    assert_eq!(shard.state(), ShardState::Disconnected { attempts: 1 });
    silent.abort();
}

#[tokio::test]
async fn identify_carries_the_configuration() {
    use twilight_model::gateway::command::{IdentifyProperties, MinimalActivity, UpdatePresence};
    use twilight_model::gateway::presence::{ActivityType, Status};
    let mock = mock(50.0).await;
    let config = config(&mock, 50.0)
        .large_threshold(100)
        .identify_properties(IdentifyProperties::new("my-bot"))
        .presence(UpdatePresence {
            since: None,
            activities: vec![MinimalActivity {
                name: "tests".to_owned(),
                kind: ActivityType::new(0),
                url: None,
                state: None,
            }],
            status: Status::new("idle"),
            afk: false,
        })
        .build();
    let mut shard = Shard::new(ShardId::new(1, 2).unwrap(), config);
    let event = support::next_of(&mut shard, EventTypeFlags::READY).await;
    let Event::Ready(ready) = event else {
        panic!("{event:?}")
    };
    assert_eq!(ready.shard, ShardId::new(1, 2));
    let identify = mock
        .payloads()
        .into_iter()
        .find(|p| p.op == Some(2))
        .unwrap()
        .raw;
    for part in [
        r#""large_threshold":100"#,
        r#""shard":[1,2]"#,
        r#""browser":"my-bot""#,
        r#""status":"idle""#,
        r#""intents":513"#,
    ] {
        assert!(identify.contains(part), "{part} in {identify}");
    }
}

/// A dispatch whose data does not fit its type is an error that carries the
/// dispatch as received, and the shard goes on with the next one.
#[tokio::test]
async fn a_dispatch_that_fails_to_parse_is_handed_out_raw() {
    let mock = mock(50.0).await;
    let mut shard = Shard::new(ShardId::ONE, config(&mock, 50.0).build());
    ready(&mut shard).await;
    mock.dispatch_to(
        0,
        "MESSAGE_DELETE",
        serde_json::json!({"id": "not a snowflake"}),
    );
    mock.dispatch_to(0, "TEST_EVENT", serde_json::json!({"n": 7}));
    let error = support::within(async {
        loop {
            match shard
                .next_event(twilight_gateway::EventTypeFlags::all())
                .await
            {
                Some(Ok(Event::Ready(_) | Event::GuildCreate(_))) => {}
                Some(Err(error)) => return error,
                other => panic!("{other:?}"),
            }
        }
    })
    .await;
    assert!(
        matches!(
            error.kind(),
            twilight_gateway::ReceiveMessageErrorKind::Deserializing { event } if event == "MESSAGE_DELETE"
        ),
        "{error:?}"
    );
    let raw = error.into_raw_dispatch().expect("the dispatch");
    assert_eq!(raw.data(), r#"{"id":"not a snowflake"}"#);
    assert_eq!(shard.session().unwrap().sequence(), raw.sequence());
    assert_eq!(support::next_test_number(&mut shard).await, 7);
}
