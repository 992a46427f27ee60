//! HTTP only: what each kind of failure looks like, and how to tell them
//! apart.
//!
//! - a request that breaks a documented limit fails before it is sent;
//! - Discord's errors carry its JSON error code, and field errors for 50035;
//! - a rejected token costs one 401: later requests fail without being sent.
//!
//! ```text
//! cargo run -p examples --bin http-errors
//! DISCORD_TOKEN=... CHANNEL_ID=... cargo run -p examples --bin http-errors
//! ```

use examples::{BoxError, Setup};
use twilight_http::{Client, ErrorKind};
use twilight_model::id::Id;

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let setup = Setup::from_env(1, 5, 1.0).await?;
    let channel_id = setup.text_channel()?;
    let client = setup.http();

    // 1. Validation: 2001 characters. Nothing is sent; the source names the
    //    field and the limit.
    let error = client
        .create_message(channel_id)
        .content("a".repeat(2001))
        .await
        .expect_err("too long");
    assert!(matches!(error.kind(), ErrorKind::Validation));
    if let Some(invalid) = error.validation() {
        println!("validation error on `{}`: {invalid}", invalid.field());
    }

    // 2. Discord's error codes: 10003 Unknown Channel.
    let error = client
        .get_channel(Id::new(1))
        .await
        .expect_err("no such channel");
    if let ErrorKind::Response {
        status,
        error: Some(api),
        ..
    } = error.kind()
    {
        println!(
            "Discord answered {status} with code {}: {}",
            api.code, api.message
        );
        assert_eq!(api.code, 10003);
    }

    // 3. Invalid Form Body (50035): the field errors say what was wrong
    //    where. Here: a reply to a message that does not exist.
    let error = client
        .create_message(channel_id)
        .content("a reply")
        .reply(Id::new(1))
        .await
        .expect_err("unknown message");
    match error.kind() {
        ErrorKind::Response {
            error: Some(api), ..
        } if api.code == 50035 => {
            for field in api.field_errors() {
                println!(
                    "field error at `{}`: {} ({})",
                    field.path, field.message, field.code
                );
            }
        }
        other => println!("unexpected: {other:?}"),
    }

    // 4. A rejected token. Discord bans an IP after 10,000 invalid requests
    //    in 10 minutes, so the client sends one request with a token it
    //    has not seen work, and after its 401 sends none at all.
    let mut builder = Client::builder().token("not-a-valid-token");
    if let Some(url) = &setup.rest_url {
        builder = builder.base_url(url);
    }
    let bad = builder.build();
    let (first, second) = tokio::join!(bad.get_my_user(), bad.get_my_user());
    for result in [first, second] {
        let error = result.expect_err("bad token");
        assert!(matches!(error.kind(), ErrorKind::Unauthorized));
        println!("unauthorized: {error}");
    }
    assert!(bad.is_token_invalid());
    if let Some(mock) = &setup.mock {
        let sent = mock
            .rest()
            .requests()
            .iter()
            .filter(|r| r.status == 401)
            .count();
        println!("401s Discord saw: {sent}");
        assert_eq!(sent, 1);
    }

    // 5. Connection failures and timeouts are reported, never retried: the
    //    request may have arrived, and only the caller knows whether
    //    sending it again is safe.
    let unreachable = Client::builder()
        .token("any")
        .base_url("http://127.0.0.1:9/api/v10") // the discard port: refused
        .build();
    let error = unreachable.get_my_user().await.expect_err("refused");
    assert!(matches!(
        error.kind(),
        ErrorKind::Connection | ErrorKind::Timeout
    ));
    println!("connection error: {error}");

    println!("every error was typed");
    Ok(())
}
