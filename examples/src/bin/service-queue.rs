//! Shards in several processes sharing one bot's session start limits
//! through the gateway queue service, with `ServiceQueue` (feature
//! `service-client` of twilight-gateway-queue).
//!
//! The queue service itself is not in this workspace yet, so this example
//! runs a tiny stand-in in-process: a hyper server that speaks the
//! service's protocol (`GET /enqueue?shard=N&total=M`, answered `200
//! {"shard":N}` when the shard may identify) over an `InMemoryQueue`. With
//! `QUEUE_URL` set, the example asks that service instead.
//!
//! ```text
//! cargo run -p examples --bin service-queue
//! QUEUE_URL=http://gateway-queue:8080 DISCORD_TOKEN=... cargo run -p examples --bin service-queue
//! ```

use bytes::Bytes;
use examples::{BoxError, Setup, shutdown_signal};
use futures_util::StreamExt;
use http_body_util::Full;
use hyper::{
    Request, Response, StatusCode, body::Incoming, server::conn::http1, service::service_fn,
};
use hyper_util::rt::TokioIo;
use std::{env, sync::Arc, time::Duration};
use tokio::{net::TcpListener, time::Instant};
use twilight_gateway::{EventTypeFlags, ShardEventStream, create_range};
use twilight_gateway_queue::{InMemoryQueue, Queue, ServiceQueue};
use twilight_model::gateway::{Intents, event::Event};

/// The stand-in service: holds each request until `queue` lets the shard
/// identify. A client that disconnects drops its request, and with it its
/// place in the queue.
async fn serve(listener: TcpListener, queue: InMemoryQueue) {
    while let Ok((stream, _)) = listener.accept().await {
        let queue = queue.clone();
        let service = service_fn(move |request: Request<Incoming>| {
            let queue = queue.clone();
            async move {
                let param = |name: &str| -> Option<u32> {
                    let query = request.uri().query()?;
                    let pair = query.split('&').find(|pair| pair.starts_with(name))?;
                    pair.strip_prefix(name)?.strip_prefix('=')?.parse().ok()
                };
                let (status, body) = match (request.uri().path(), param("shard"), param("total")) {
                    ("/enqueue", Some(shard), Some(total)) if shard < total => {
                        queue.enqueue(shard, total).await;
                        (StatusCode::OK, format!(r#"{{"shard":{shard}}}"#))
                    }
                    _ => (StatusCode::BAD_REQUEST, String::new()),
                };
                Response::builder()
                    .status(status)
                    .header("content-type", "application/json")
                    .body(Full::new(Bytes::from(body)))
            }
        });
        tokio::spawn(http1::Builder::new().serve_connection(TokioIo::new(stream), service));
    }
}

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let setup = Setup::from_env_with(3, 3, 1.0, |config| {
        config.session_start_limit.max_concurrency = 2;
    })
    .await?;

    let url = match env::var("QUEUE_URL") {
        Ok(url) => url,
        Err(_) => {
            // The service learns the limits from GET /gateway/bot.
            let info = setup.http().get_bot_gateway().await?.model().await?;
            let limit = info.session_start_limit;
            let queue = InMemoryQueue::new(
                limit.max_concurrency,
                limit.remaining,
                Duration::from_millis(limit.reset_after),
                limit.total,
            );
            let listener = TcpListener::bind("127.0.0.1:0").await?;
            let url = format!("http://{}", listener.local_addr()?);
            tokio::spawn(serve(listener, queue));
            println!("stand-in queue service at {url}");
            url
        }
    };

    // Two processes, each with its own client of the one service: shards 0
    // and 1 of 3 in the first, shard 2 in the second.
    let started = Instant::now();
    let mut processes = tokio::task::JoinSet::new();
    for (process, range) in [(0, 0..2), (1, 2..3)] {
        let queue: Arc<dyn Queue> = Arc::new(ServiceQueue::new(&url)?);
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
