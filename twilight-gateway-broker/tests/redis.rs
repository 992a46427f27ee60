//! The shared scenarios against the real Redis (`REDIS_URL`, else
//! `redis://127.0.0.1:6379`).

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use twilight_gateway_broker::redis::RedisBroker;
use twilight_gateway_broker::{
    CommandPublisher, CommandSubscriber, Consumer, ConsumerConfig, Layout, PublishConfig,
    Publisher, Retention,
};

struct Redis(RedisBroker);

fn url() -> String {
    std::env::var("REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".to_owned())
}

impl Redis {
    async fn available() -> bool {
        let answer = async {
            let client = redis::Client::open(url()).map_err(|why| why.to_string())?;
            let mut connection = tokio::time::timeout(
                Duration::from_secs(3),
                client.get_multiplexed_async_connection(),
            )
            .await
            .map_err(|_| "no answer within 3 s".to_owned())?
            .map_err(|why| why.to_string())?;
            redis::cmd("PING")
                .query_async::<String>(&mut connection)
                .await
                .map(drop)
                .map_err(|why| why.to_string())
        }
        .await;
        common::require("Redis", &url(), answer)
    }
}

impl common::Harness for Redis {
    async fn start(retention: Retention) -> Self {
        let layout = Layout::new(&common::unique_app("redis")).unwrap();
        Self(
            RedisBroker::connect(&url(), layout, retention)
                .await
                .unwrap(),
        )
    }

    async fn publisher(&self) -> Box<dyn Publisher> {
        Box::new(self.0.publisher(&PublishConfig::default()))
    }

    async fn consumer(&self, config: ConsumerConfig) -> Box<dyn Consumer> {
        Box::new(self.0.consumer(config).await.unwrap())
    }

    async fn command_publisher(&self) -> Box<dyn CommandPublisher> {
        Box::new(self.0.command_publisher())
    }

    async fn command_subscriber(&self, shards: Vec<u32>) -> Box<dyn CommandSubscriber> {
        Box::new(
            self.0
                .command_subscriber(shards, Duration::from_secs(1))
                .await
                .unwrap(),
        )
    }

    async fn stored(&self, event_type: &str) -> usize {
        redis::cmd("XLEN")
            .arg(self.0.layout().event(event_type, 0).unwrap())
            .query_async(&mut self.0.connection())
            .await
            .unwrap()
    }

    fn retention_slack(&self) -> usize {
        // `MAXLEN ~` trims whole nodes: stream-node-max-entries (100).
        100
    }
}

impl Drop for Redis {
    fn drop(&mut self) {
        // The keys of a test app are removed, even after a failed
        // assertion, so repeated runs leave nothing behind on the server.
        let mut connection = self.0.connection();
        let pattern = format!("discord.{}.*", self.0.layout().app());
        tokio::task::block_in_place(|| {
            tokio::runtime::Handle::current().block_on(async {
                let keys: Vec<String> = redis::cmd("KEYS")
                    .arg(pattern)
                    .query_async(&mut connection)
                    .await
                    .unwrap_or_default();
                if !keys.is_empty() {
                    let _ = redis::cmd("DEL")
                        .arg(keys)
                        .query_async::<i64>(&mut connection)
                        .await;
                }
            });
        });
    }
}

scenarios!(Redis);

/// A Redis that forgot the publish script (restarted without persistence
/// of scripts, or `SCRIPT FLUSH`) still takes publishes: the writer loads
/// the script again and resends, and nothing is stored twice.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn publishing_survives_a_flushed_script_cache() {
    use common::Harness as _;
    if !Redis::available().await {
        return;
    }
    let broker = Redis::start(Retention::default()).await;
    let publisher = broker.publisher().await;
    let first = common::dispatch(
        "MESSAGE_CREATE",
        "sess",
        1,
        twilight_model::gateway::ShardId::ONE,
    );
    assert!(
        !publisher
            .publish(first.clone())
            .await
            .unwrap()
            .await
            .unwrap()
            .duplicate
    );
    redis::cmd("SCRIPT")
        .arg("FLUSH")
        .query_async::<()>(&mut broker.0.connection())
        .await
        .unwrap();
    let second = common::dispatch(
        "MESSAGE_CREATE",
        "sess",
        2,
        twilight_model::gateway::ShardId::ONE,
    );
    let acks = [
        publisher.publish(first).await.unwrap(),
        publisher.publish(second).await.unwrap(),
    ];
    let mut duplicates = Vec::new();
    for ack in acks {
        duplicates.push(ack.await.unwrap().duplicate);
    }
    assert_eq!(duplicates, [true, false]);
    let stored: usize = redis::cmd("XLEN")
        .arg(broker.0.layout().event("MESSAGE_CREATE", 0).unwrap())
        .query_async(&mut broker.0.connection())
        .await
        .unwrap();
    assert_eq!(stored, 2);
}

/// A TCP proxy to Redis whose open connections can be made to go silent:
/// the bytes sent on them are swallowed, the sockets stay open, as with a
/// peer that hangs or a network that drops packets. Connections opened
/// later pass through.
struct SilentProxy {
    addr: std::net::SocketAddr,
    open: Arc<Mutex<Vec<Arc<AtomicBool>>>>,
}

impl SilentProxy {
    async fn start(target: String) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let open = Arc::new(Mutex::new(Vec::new()));
        let connections = Arc::clone(&open);
        tokio::spawn(async move {
            while let Ok((inbound, _)) = listener.accept().await {
                let Ok(outbound) = tokio::net::TcpStream::connect(&target).await else {
                    continue;
                };
                let silent = Arc::new(AtomicBool::new(false));
                connections.lock().unwrap().push(Arc::clone(&silent));
                let (in_read, in_write) = inbound.into_split();
                let (out_read, out_write) = outbound.into_split();
                tokio::spawn(pipe(in_read, out_write, Arc::clone(&silent)));
                tokio::spawn(pipe(out_read, in_write, silent));
            }
        });
        Self { addr, open }
    }

    /// Every connection open now goes silent for good.
    fn silence(&self) {
        for silent in self.open.lock().unwrap().drain(..) {
            silent.store(true, Ordering::SeqCst);
        }
    }
}

/// Copies `from` to `to` until either closes, dropping what is read once
/// `silent` is set.
async fn pipe(
    mut from: impl AsyncRead + Unpin,
    mut to: impl AsyncWrite + Unpin,
    silent: Arc<AtomicBool>,
) {
    let mut buffer = vec![0; 16 * 1024];
    while let Ok(read @ 1..) = from.read(&mut buffer).await {
        if !silent.load(Ordering::SeqCst) && to.write_all(&buffer[..read]).await.is_err() {
            break;
        }
    }
}

/// A publish whose reply never comes (Redis hangs, packets vanish) fails
/// with a timeout instead of waiting forever; the adapter drops the silent
/// connection, and publishing again goes through a new one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_publish_without_reply_times_out_and_a_retry_reconnects() {
    use twilight_gateway_broker::redis::ConnectionConfig;
    use twilight_gateway_broker::{ErrorKind, OutgoingEvent};
    if !Redis::available().await {
        return;
    }
    let target = url()
        .trim_start_matches("redis://")
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    let proxy = SilentProxy::start(target).await;
    let layout = Layout::new(&common::unique_app("redis-silent")).unwrap();
    let config = ConnectionConfig {
        response_timeout: Duration::from_millis(500),
        ..ConnectionConfig::default()
    };
    let broker = Redis(
        RedisBroker::connect_with(
            &format!("redis://{}", proxy.addr),
            layout,
            Retention::default(),
            config,
        )
        .await
        .unwrap(),
    );
    let publisher = broker.0.publisher(&PublishConfig {
        ack_timeout: Duration::from_millis(500),
        ..PublishConfig::default()
    });
    let event = |sequence| -> OutgoingEvent {
        common::dispatch(
            "MESSAGE_CREATE",
            "sess",
            sequence,
            twilight_model::gateway::ShardId::ONE,
        )
    };
    // A guard against a hang, far beyond the configured timeouts.
    let guard = Duration::from_secs(30);
    let ack = publisher.publish(event(1)).await.unwrap();
    assert!(
        !tokio::time::timeout(guard, ack)
            .await
            .unwrap()
            .unwrap()
            .duplicate
    );

    proxy.silence();
    let ack = publisher.publish(event(2)).await.unwrap();
    let error = tokio::time::timeout(guard, ack)
        .await
        .expect("a publish without reply resolves")
        .unwrap_err();
    assert_eq!(error.kind(), &ErrorKind::Timeout, "{error}");

    let ack = publisher.publish(event(2)).await.unwrap();
    let acked = tokio::time::timeout(guard, ack).await.unwrap().unwrap();
    assert!(!acked.duplicate, "the silenced publish never reached Redis");
    let mut consumer = broker
        .0
        .consumer(ConsumerConfig::new("silent", "c1"))
        .await
        .unwrap();
    let mut sequences = Vec::new();
    for _ in 0..2 {
        let delivery = tokio::time::timeout(guard, consumer.next())
            .await
            .unwrap()
            .unwrap();
        sequences.push(delivery.stable_id().sequence);
        delivery.ack().await.unwrap();
    }
    assert_eq!(sequences, [1, 2]);
}
