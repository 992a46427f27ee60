//! Shards in several processes sharing one bot's session start limits
//! through the gateway queue service (`services/gateway-queue`), with
//! `ServiceQueue` (feature `service-client` of twilight-gateway-queue).
//!
//! Without `QUEUE_URL`, the example starts the real service in-process
//! (the `gateway-queue-service` crate as a library), on loopback with a
//! random secret; the service learns the limits from GET /gateway/bot with
//! the bot's token, as it does in production. With `QUEUE_URL` (and
//! `QUEUE_SECRET`), it asks that service instead.
//!
//! ```text
//! cargo run -p examples --bin service-queue
//! QUEUE_URL=http://gateway-queue:8080 QUEUE_SECRET=... DISCORD_TOKEN=... \
//!     cargo run -p examples --bin service-queue
//! ```

use examples::{BoxError, Setup, shutdown_signal};
use futures_util::StreamExt;
use std::{env, sync::Arc};
use tokio::time::Instant;
use twilight_gateway::{EventTypeFlags, ShardEventStream, create_range};
use twilight_gateway_queue::{Queue, ServiceQueue};
use twilight_model::gateway::{Intents, event::Event};

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let setup = Setup::from_env_with(3, 3, 1.0, |config| {
        config.session_start_limit.max_concurrency = 2;
    })
    .await?;

    let (url, secret, _service) = match env::var("QUEUE_URL") {
        Ok(url) => (url, env::var("QUEUE_SECRET").ok(), None),
        Err(_) => {
            let secret = format!("{:016x}{:016x}", fastrand::u64(..), fastrand::u64(..));
            let mut args = vec![
                "gateway-queue-service".to_owned(),
                "--listen".to_owned(),
                "127.0.0.1:0".to_owned(),
                "--secret".to_owned(),
                secret.clone(),
                "--token".to_owned(),
                setup.token.expose().to_owned(),
            ];
            // Against the local Discord, the service asks it instead.
            if let Some(rest) = &setup.rest_url {
                let host = rest
                    .trim_start_matches("http://")
                    .trim_end_matches("/api/v10");
                args.extend([
                    "--discord-proxy".to_owned(),
                    host.to_owned(),
                    "--discord-proxy-http".to_owned(),
                ]);
            }
            let config = gateway_queue_service::Config::try_parse_args(args)?;
            let service = gateway_queue_service::start(config).await?;
            println!("gateway queue service at {}", service.url());
            (service.url(), Some(secret), Some(service))
        }
    };

    // Two processes, each with its own client of the one service: shards 0
    // and 1 of 3 in the first, shard 2 in the second.
    let started = Instant::now();
    let mut processes = tokio::task::JoinSet::new();
    for (process, range) in [(0, 0..2), (1, 2..3)] {
        let mut client = ServiceQueue::new(&url)?;
        if let Some(secret) = &secret {
            client = client.with_secret(secret)?;
        }
        let queue: Arc<dyn Queue> = Arc::new(client);
        let config = setup.gateway_config(Intents::GUILDS).queue(queue).build();
        let shards = create_range(range.clone(), 3, config, |_, config| config)?;
        processes.spawn(async move {
            let mut events = ShardEventStream::new(shards, EventTypeFlags::READY);
            let mut waiting = range.len();
            while waiting > 0 {
                let Some((shard_id, item)) = events.next().await else {
                    break;
                };
                let shard = shard_id.number();
                match item {
                    Ok(Event::Ready(_)) => {
                        let after = started.elapsed().as_millis();
                        println!("shard {shard} (process {process}) READY after {after} ms");
                        waiting -= 1;
                    }
                    Ok(_) => {}
                    Err(error) => eprintln!("shard {shard}: {error}"),
                }
            }
        });
    }
    // Against Discord, stop after EXAMPLE_RUN_FOR or Ctrl-C if a shard
    // cannot start.
    tokio::select! {
        () = async { while processes.join_next().await.is_some() {} } => {}
        () = shutdown_signal() => {}
    }
    // With max_concurrency 2, shards 0 and 2 share bucket 0: one of them
    // waited the 5 s window, although they run in different processes.
    if let Some(mock) = &setup.mock {
        println!("identifies Discord refused: {}", mock.sessions_refused());
    }
    Ok(())
}
