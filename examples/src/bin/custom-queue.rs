//! A custom session start `Queue`: the shards of a bot ask it before they
//! identify, and it decides when each may.
//!
//! This one gives each bucket (`shard % max_concurrency`) a fair lock:
//! shards of a bucket take turns in the order they asked, one per 5
//! seconds, and a shard that stops waiting gives its place up. (It does
//! not keep the daily number of sessions; `InMemoryQueue` does.) Write
//! your own the same way to keep the turns in a database, Redis or a lock
//! service shared by several processes (the guide's chapter on the queue
//! has a Redis sketch).
//!
//! ```text
//! cargo run -p examples --bin custom-queue
//! DISCORD_TOKEN=... cargo run -p examples --bin custom-queue
//! ```

use examples::{BoxError, Setup, shutdown_signal};
use futures_util::StreamExt;
use std::{sync::Arc, time::Duration};
use tokio::{sync::Mutex, time::Instant};
use twilight_gateway::{EventTypeFlags, ShardEventStream, create_range};
use twilight_gateway_queue::{Enqueued, IDENTIFY_PERIOD, Queue, scaled_identify_period};
use twilight_model::gateway::{Intents, event::Event};

/// One identify per bucket per `window`.
#[derive(Debug)]
struct BucketQueue {
    buckets: Vec<Arc<Mutex<()>>>,
    window: Duration,
}

impl BucketQueue {
    fn new(max_concurrency: u32, window: Duration) -> Self {
        let buckets = (0..max_concurrency.max(1))
            .map(|_| Arc::default())
            .collect();
        Self { buckets, window }
    }
}

impl Queue for BucketQueue {
    fn enqueue(&self, shard: u32, _total: u32) -> Enqueued {
        let bucket = Arc::clone(&self.buckets[shard as usize % self.buckets.len()]);
        let window = self.window;
        Box::pin(async move {
            // tokio's mutex is fair: waiters get it in the order they
            // asked, and a dropped waiter leaves the line.
            let turn = bucket.lock_owned().await;
            // The shard may identify now; the bucket stays taken for the
            // window, without keeping the shard waiting.
            tokio::spawn(async move {
                tokio::time::sleep(window).await;
                drop(turn);
            });
        })
    }
}

/// How much faster than Discord's the local Discord's clock runs.
const TIME_SCALE: f64 = 10.0;

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let setup = Setup::from_env_with(4, 3, TIME_SCALE, |config| {
        config.session_start_limit.max_concurrency = 2;
    })
    .await?;
    // Discord's window is 5 s; the local Discord's runs faster. The
    // margin is for an IDENTIFY that leaves late after its turn: Discord
    // counts the window between the IDENTIFYs it receives.
    let window = if setup.is_local() {
        scaled_identify_period(TIME_SCALE)
    } else {
        IDENTIFY_PERIOD
    };

    // How many shards may start at once, from GET /gateway/bot.
    let info = setup.http().get_bot_gateway().await?.model().await?;
    let limit = info.session_start_limit;
    println!(
        "max_concurrency {}, {} of {} sessions left today",
        limit.max_concurrency, limit.remaining, limit.total
    );
    let queue: Arc<dyn Queue> = Arc::new(BucketQueue::new(limit.max_concurrency, window));

    // Four shards sharing the queue; each asks it before it identifies.
    let total = 4;
    let config = setup.gateway_config(Intents::GUILDS).queue(queue).build();
    let shards = create_range(0..total, total, config, |_, config| config)?;
    let mut events = ShardEventStream::new(shards, EventTypeFlags::READY);
    let started = Instant::now();
    let mut ready = 0;
    let shutdown = shutdown_signal();
    tokio::pin!(shutdown);
    while ready < total {
        let (shard_id, item) = tokio::select! {
            Some(next) = events.next() => next,
            () = &mut shutdown => break,
            else => break,
        };
        match item {
            Ok(Event::Ready(_)) => {
                let after = started.elapsed().as_millis();
                println!("shard {} READY after {after} ms", shard_id.number());
                ready += 1;
            }
            Ok(_) => {}
            Err(error) => eprintln!("shard {}: {error}", shard_id.number()),
        }
    }
    // Two buckets: one shard of each went at once, the others a window
    // later, and Discord refused none.
    if let Some(mock) = &setup.mock {
        println!("identifies Discord refused: {}", mock.sessions_refused());
    }
    Ok(())
}
