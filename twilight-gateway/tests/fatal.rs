//! Fatal close codes end a shard with a typed error.

mod support;

use support::{config, mock, ready, within};
use twilight_gateway::{ReceiveMessageErrorKind, Shard, ShardState};
use twilight_model::gateway::{CloseCode, Intents, ShardId};

const SCALE: f64 = 50.0;

/// Polls until the shard ends; returns the fatal error's close code.
async fn fatal_code(shard: &mut Shard) -> u16 {
    let code = within(async {
        loop {
            match shard.next_message().await {
                Some(Err(error)) if error.is_fatal() => {
                    let ReceiveMessageErrorKind::FatallyClosed { close_code } = error.kind() else {
                        panic!("{error:?}");
                    };
                    assert!(error.to_string().contains("cannot reconnect"), "{error}");
                    return u16::from(*close_code);
                }
                Some(_) => {}
                None => panic!("ended without an error"),
            }
        }
    })
    .await;
    assert_eq!(shard.state(), ShardState::FatallyClosed);
    assert!(
        within(shard.next_message()).await.is_none(),
        "nothing after the end"
    );
    code
}

#[tokio::test]
async fn each_fatal_close_code_ends_the_shard_with_its_error() {
    let mock = mock(SCALE).await;
    // One queue for every shard, as one bot has.
    let config = config(&mock, SCALE).build();
    for code in [4004_u16, 4010, 4011, 4012, 4013, 4014] {
        let mut shard = Shard::new(ShardId::ONE, config.clone());
        ready(&mut shard).await;
        mock.close_connection(0, code, "fatal");
        assert_eq!(fatal_code(&mut shard).await, code);
        assert!(!CloseCode::new(code).can_reconnect());
    }
}

#[tokio::test]
async fn a_wrong_token_is_fatal() {
    let mock = mock(SCALE).await;
    let config = config(&mock, SCALE).token("wrong-token").build();
    let mut shard = Shard::new(ShardId::ONE, config);
    assert_eq!(fatal_code(&mut shard).await, 4004);
    assert_eq!(mock.identifies().len(), 0);
}

#[tokio::test]
async fn disallowed_intents_are_fatal() {
    let mock = support::mock_with(SCALE, |config| config.privileged_intents = 0).await;
    let config = config(&mock, SCALE).intents(Intents::GUILD_MEMBERS).build();
    let mut shard = Shard::new(ShardId::ONE, config);
    assert_eq!(fatal_code(&mut shard).await, 4014);
}

#[tokio::test]
async fn an_invalid_shard_is_fatal() {
    let mock = support::mock_with(SCALE, |config| config.shard_multiple = 16).await;
    let mut shard = Shard::new(ShardId::new(0, 3).unwrap(), config(&mock, SCALE).build());
    assert_eq!(fatal_code(&mut shard).await, 4010);
}
