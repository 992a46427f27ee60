//! The HTTP client through the ratelimiting proxy (`services/http-proxy`).
//!
//! A proxy speaks Discord's API to many client processes and holds the
//! ratelimits for all of them, so the client keeps none of its own: it
//! sends every request at once and leaves the waiting to the proxy.
//!
//! This example runs the real proxy service in-process, on loopback, in
//! front of the local Discord (or Discord itself with `DISCORD_TOKEN`),
//! and sends more messages at once than one window of the route allows:
//! the proxy queues them, and Discord never answers 429. In production the
//! proxy is its own process (`cargo run -p http-proxy-service -- --help`),
//! possibly several instances sharing Redis (`--redis`).
//!
//! ```text
//! cargo run -p examples --bin http-proxy
//! DISCORD_TOKEN=... CHANNEL_ID=... cargo run -p examples --bin http-proxy
//! ```

use examples::{BoxError, Setup};
use http_proxy_service::{ClientAuth, Config, Proxy};
use service_support::{Secret, Shutdown};
use std::time::Duration;

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let setup = Setup::from_env(1, 5, 1.0).await?;
    let channel_id = setup.text_channel()?;
    if let Some(mock) = &setup.mock {
        // 5 messages per second per channel, so the example is quick.
        mock.rest()
            .set_route_limit("messages.create", 5, Duration::from_secs(1));
    }

    // The proxy: the upstream is the mock's (or Discord's) host; clients
    // are let in by the bot token it serves, so it is no open relay.
    let upstream = match &setup.rest_url {
        Some(url) => url.trim_end_matches("/api/v10").to_owned(),
        None => "https://discord.com".to_owned(),
    };
    let bare = setup.token.expose().trim_start_matches("Bot ");
    let config = Config {
        upstream,
        auth: ClientAuth {
            tokens: vec![Secret::new(format!("Bot {bare}"))],
            ..ClientAuth::default()
        },
        ..Config::default()
    };
    let proxy = Proxy::new(config).await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    let shutdown = Shutdown::new();
    let server = tokio::spawn(proxy.serve(listener, shutdown.clone()));

    let client = setup
        .http_builder()
        // `true`: plain HTTP, as to a proxy beside the bot; `false`: HTTPS.
        .proxy(address.to_string(), true)
        .build();
    println!("client base URL: {}", client.base_url());
    assert!(client.ratelimiter().is_none(), "the proxy holds the limits");

    // More messages than one window allows, all at once: the proxy sends
    // them as the window allows.
    let sends = (0..7).map(|n| {
        let client = client.clone();
        tokio::spawn(async move {
            client
                .create_message(channel_id)
                .content(format!("through the proxy: {n}"))
                .await?
                .model()
                .await
        })
    });
    let mut sent = 0;
    for send in sends.collect::<Vec<_>>() {
        send.await??;
        sent += 1;
    }
    println!("sent {sent} messages through the proxy");
    if let Some(mock) = &setup.mock {
        let stats = mock.rest().stats();
        println!(
            "429s from the local Discord: {}",
            stats.user_429 + stats.global_429
        );
    }
    // Graceful: requests in flight finish, then the server returns.
    shutdown.trigger();
    server.await??;
    Ok(())
}
