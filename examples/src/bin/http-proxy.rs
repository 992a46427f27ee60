//! The HTTP client configured for a ratelimiting proxy.
//!
//! A proxy speaks Discord's API to many client processes and holds the
//! ratelimits for all of them, so the client keeps none of its own: it
//! sends every request at once and leaves the waiting to the proxy.
//!
//! There is no proxy service in this workspace yet (it is planned in
//! `services/`). Against the local Discord, the client points at the
//! mock's REST address instead, which serves the same paths; it does not
//! queue requests like a proxy, so a burst over a limit is answered 429,
//! which the client then waits out by the response's `retry_after`.
//!
//! ```text
//! cargo run -p examples --bin http-proxy
//! DISCORD_TOKEN=... CHANNEL_ID=... PROXY_HOST=localhost:3000 cargo run -p examples --bin http-proxy
//! ```

use examples::{BoxError, Setup};
use std::{env, time::Duration};

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let setup = Setup::from_env(1, 5, 1.0).await?;
    let channel_id = setup.text_channel()?;
    if let Some(mock) = &setup.mock {
        // 5 messages per second per channel, so the example is quick.
        mock.rest()
            .set_route_limit("messages.create", 5, Duration::from_secs(1));
    }

    // `host:port` of the proxy; the client adds `/api/v10`.
    let host = match &setup.rest_url {
        Some(url) => url
            .trim_start_matches("http://")
            .trim_end_matches("/api/v10")
            .to_owned(),
        None => env::var("PROXY_HOST").map_err(|_| "set PROXY_HOST to the proxy's host:port")?,
    };
    let client = setup
        .http_builder()
        // `true`: plain HTTP, as to a proxy beside the bot; `false`: HTTPS.
        .proxy(&host, true)
        .build();
    println!("client base URL: {}", client.base_url());
    assert!(client.ratelimiter().is_none(), "the proxy holds the limits");

    // More messages than one window allows: with a
    // proxy all of them arrive, in the proxy's order.
    let mut sent = Vec::new();
    for n in 0..7 {
        let message = client
            .create_message(channel_id)
            .content(format!("through the proxy: {n}"))
            .await?
            .model()
            .await?;
        sent.push(message.id);
    }
    println!("sent {} messages through the proxy", sent.len());
    if let Some(mock) = &setup.mock {
        // The stand-in answered 429 instead of queueing; the client waited
        // and sent those again.
        println!("429s waited out: {}", mock.rest().stats().user_429);
    }
    Ok(())
}
