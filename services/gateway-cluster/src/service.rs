//! [`start`]: connects the broker and the session store, starts the
//! shards with their stored sessions, forwards their events, reads the
//! commands of their shards, writes sessions continuously and serves
//! `/health`, `/metrics` and `/shards`.

use crate::config::{BrokerKind, Config};
use crate::forward::{Forwarder, ShardStatus, lock};
use crate::metrics::Metrics;
use crate::sessions::{SessionStore, StoreError};
use hyper::{Method, Request, StatusCode, body::Incoming};
use service_support::{
    Health, Shutdown,
    server::{self, Body},
};
use std::collections::HashMap;
use std::fmt::{self, Display, Formatter};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::task::JoinHandle;
use twilight_gateway::{EventTypeFlags, MessageSender, Shard};
use twilight_gateway_broker::{
    CommandSubscriber, Layout, PublishConfig, Publisher, Retention, nats::NatsBroker,
    redis::RedisBroker,
};
use twilight_gateway_queue::{InMemoryQueue, Queue, ServiceQueue};
use twilight_model::gateway::{EventType, Intents, ShardId};

/// How long a command may stay unacknowledged before the broker delivers
/// it again (a cluster that crashed before sending it).
const COMMAND_ACK_WAIT: Duration = Duration::from_secs(30);

/// Why the service did not start.
#[derive(Debug)]
pub enum StartError {
    /// The flags are inconsistent (shard range, event type names, URLs).
    Config(String),
    /// The broker could not be reached or set up.
    Broker(twilight_gateway_broker::Error),
    /// The session store could not be reached.
    Store(StoreError),
    /// The listen address could not be bound.
    Bind(std::io::Error),
}

impl Display for StartError {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Self::Config(why) => write!(f, "configuration: {why}"),
            Self::Broker(error) => write!(f, "broker: {error}"),
            Self::Store(error) => Display::fmt(error, f),
            Self::Bind(error) => write!(f, "cannot listen: {error}"),
        }
    }
}

impl std::error::Error for StartError {}

/// The two adapters behind one face.
enum Broker {
    Nats(Box<NatsBroker>),
    Redis(RedisBroker),
}

impl Broker {
    async fn connect(config: &Config) -> Result<Self, StartError> {
        let layout = Layout::new(&config.app).map_err(StartError::Broker)?;
        let url = config.broker_url.expose();
        Ok(match config.broker {
            BrokerKind::Nats => Self::Nats(Box::new(
                NatsBroker::connect(url, layout, &Retention::default())
                    .await
                    .map_err(StartError::Broker)?,
            )),
            BrokerKind::Redis => Self::Redis(
                RedisBroker::connect(url, layout, Retention::default())
                    .await
                    .map_err(StartError::Broker)?,
            ),
        })
    }

    fn publisher(&self, config: &PublishConfig) -> Arc<dyn Publisher> {
        match self {
            Self::Nats(broker) => Arc::new(broker.publisher(config)),
            Self::Redis(broker) => Arc::new(broker.publisher(config)),
        }
    }

    async fn commands(
        &self,
        shards: impl IntoIterator<Item = u32>,
    ) -> Result<Box<dyn CommandSubscriber>, twilight_gateway_broker::Error> {
        Ok(match self {
            Self::Nats(broker) => {
                Box::new(broker.command_subscriber(shards, COMMAND_ACK_WAIT).await?)
            }
            Self::Redis(broker) => {
                Box::new(broker.command_subscriber(shards, COMMAND_ACK_WAIT).await?)
            }
        })
    }
}

type Statuses = Arc<Vec<Arc<Mutex<ShardStatus>>>>;

/// A running cluster.
#[derive(Debug)]
pub struct Running {
    url: String,
    shutdown: Shutdown,
    forwarders: Vec<JoinHandle<()>>,
    background: Vec<JoinHandle<()>>,
    server: JoinHandle<std::io::Result<()>>,
    statuses: Statuses,
    store: Option<SessionStore>,
    metrics: Arc<Metrics>,
}

impl Running {
    /// Where `/health`, `/metrics` and `/shards` are served.
    #[must_use]
    pub fn url(&self) -> String {
        self.url.clone()
    }

    /// The shards' status, as `/shards` reports it.
    #[must_use]
    pub fn shards(&self) -> Vec<ShardStatus> {
        self.statuses
            .iter()
            .map(|status| lock(status).clone())
            .collect()
    }

    /// A planned shutdown: closes every shard with a resumable code,
    /// waits for the broker to acknowledge what is in flight (up to the
    /// drain time), stores the sessions and stops serving.
    ///
    /// # Errors
    ///
    /// The server's I/O error, if it failed.
    pub async fn stop(self) -> std::io::Result<()> {
        self.shutdown.trigger();
        for forwarder in self.forwarders {
            let _ = forwarder.await;
        }
        for task in self.background {
            task.abort();
        }
        if let Some(store) = &self.store {
            write_sessions(store, &self.statuses, &self.metrics, true).await;
        }
        self.server.await.unwrap_or(Ok(()))
    }
}

/// Connects, loads the sessions, starts the shards and serves.
///
/// # Errors
///
/// See [`StartError`].
pub async fn start(config: Config) -> Result<Running, StartError> {
    if config.shard_start >= config.shard_end || config.shard_end > config.shard_total {
        return Err(StartError::Config(format!(
            "shards [{}, {}) of {} is not a non-empty range within the total",
            config.shard_start, config.shard_end, config.shard_total
        )));
    }
    let wanted = wanted_types(&config.event_types)?;
    let queue: Arc<dyn Queue> = match &config.queue_url {
        Some(url) => {
            let mut queue =
                ServiceQueue::new(url).map_err(|error| StartError::Config(error.to_string()))?;
            if let Some(secret) = &config.queue_secret {
                queue = queue
                    .with_secret(secret.expose())
                    .map_err(|error| StartError::Config(error.to_string()))?;
            }
            Arc::new(queue)
        }
        None => Arc::new(InMemoryQueue::new(
            config.max_concurrency.max(1),
            1000,
            Duration::from_secs(24 * 60 * 60),
            1000,
        )),
    };
    let broker = Broker::connect(&config).await?;
    let store = match &config.session_redis {
        Some(url) => Some(
            SessionStore::connect(
                url.expose(),
                &config.session_prefix,
                &config.app,
                config.shard_total,
            )
            .await
            .map_err(StartError::Store)?,
        ),
        None => {
            tracing::warn!("no --session-redis: a restart identifies every shard again");
            None
        }
    };
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(StartError::Bind)?;
    let addr: SocketAddr = listener.local_addr().map_err(StartError::Bind)?;

    let metrics = Arc::new(Metrics::default());
    let shutdown = Shutdown::new();
    let publish = PublishConfig {
        // Room for the forwarder's own bound and its retries, so the
        // forwarder's bound is what stops reading.
        max_in_flight: config.max_in_flight.saturating_mul(2).max(2),
        ack_timeout: config.ack_timeout(),
    };
    let mut statuses = Vec::new();
    let mut senders = HashMap::new();
    let mut forwarders = Vec::new();
    for number in config.shard_start..config.shard_end {
        let id = ShardId::new(number, config.shard_total).ok_or_else(|| {
            StartError::Config(format!("shard {number} of {}", config.shard_total))
        })?;
        let mut builder = twilight_gateway::Config::builder(
            config.token.clone(),
            Intents::from_bits_truncate(config.intents),
        )
        .gateway_url(config.gateway_url.clone())
        .queue(Arc::clone(&queue));
        if let Some(store) = &store {
            match store.load(number).await.map_err(StartError::Store)? {
                Some(session) => {
                    tracing::info!(
                        shard = number,
                        sequence = session.sequence(),
                        "resuming stored session"
                    );
                    builder = builder.session(session);
                }
                None => tracing::info!(shard = number, "no stored session; identifying"),
            }
        }
        let shard = Shard::new(id, builder.build());
        senders.insert(number, shard.sender());
        let status = Arc::new(Mutex::new(ShardStatus {
            shard: number,
            session_id: shard.config().session().map(|s| s.id().into()),
            resume_url: shard.config().session().map(|s| s.resume_url().into()),
            acked_sequence: shard
                .config()
                .session()
                .map_or(0, twilight_gateway::Session::sequence),
            ..ShardStatus::default()
        }));
        statuses.push(Arc::clone(&status));
        forwarders.push(tokio::spawn(
            Forwarder {
                shard,
                publisher: broker.publisher(&publish),
                status,
                metrics: Arc::clone(&metrics),
                wanted,
                max_in_flight: config.max_in_flight.max(1),
                shutdown: shutdown.clone(),
                drain: config.drain(),
            }
            .run(),
        ));
    }
    let statuses: Statuses = Arc::new(statuses);

    let mut background = Vec::new();
    let commands = broker
        .commands(config.shard_start..config.shard_end)
        .await
        .map_err(StartError::Broker)?;
    background.push(tokio::spawn(send_commands(commands, senders)));
    if let Some(store) = &store {
        background.push(tokio::spawn(keep_sessions(
            store.clone(),
            Arc::clone(&statuses),
            Arc::clone(&metrics),
            config.session_interval(),
        )));
    }

    let handler = {
        let statuses = Arc::clone(&statuses);
        let metrics = Arc::clone(&metrics);
        let store = store.clone();
        move |request: Request<Incoming>| {
            let statuses = Arc::clone(&statuses);
            let metrics = Arc::clone(&metrics);
            let store = store.clone();
            async move { route(&request, &statuses, &metrics, store.as_ref()).await }
        }
    };
    let server = tokio::spawn(server::serve(
        listener,
        handler,
        shutdown.clone(),
        Duration::from_secs(5),
    ));
    Ok(Running {
        url: format!("http://{addr}"),
        shutdown,
        forwarders,
        background,
        server,
        statuses,
        store,
        metrics,
    })
}

fn wanted_types(names: &[String]) -> Result<EventTypeFlags, StartError> {
    if names.is_empty() {
        return Ok(EventTypeFlags::all());
    }
    names
        .iter()
        .map(|name| {
            EventType::from_name(name.trim())
                .ok_or_else(|| StartError::Config(format!("unknown event type {name:?}")))
        })
        .collect()
}

async fn route(
    request: &Request<Incoming>,
    statuses: &Statuses,
    metrics: &Metrics,
    store: Option<&SessionStore>,
) -> hyper::Response<Body> {
    if request.method() != Method::GET {
        return server::error(StatusCode::METHOD_NOT_ALLOWED, "only GET is served");
    }
    match request.uri().path() {
        "/health" => {
            let ended = statuses
                .iter()
                .filter(|status| lock(status).state == "FatallyClosed")
                .count();
            let mut health = Health::new().check(
                "shards",
                ended == 0,
                format!("{} shards, {ended} fatally closed", statuses.len()),
            );
            if let Some(store) = store {
                let ok = store.ping().await;
                health = health.check(
                    "session_store",
                    ok,
                    if ok { "answers" } else { "unreachable" },
                );
            }
            health.response()
        }
        "/health/live" => Health::live(),
        "/metrics" => service_support::metrics::response(&metrics.registry),
        "/shards" => {
            let shards: Vec<ShardStatus> =
                statuses.iter().map(|status| lock(status).clone()).collect();
            server::json(StatusCode::OK, &shards)
        }
        _ => server::error(StatusCode::NOT_FOUND, "not found"),
    }
}

/// Sends each command read from the broker through its shard's sender
/// (which holds it until the session is active and paces it under the
/// 120 per 60 s limit), then acknowledges it.
async fn send_commands(
    mut commands: Box<dyn CommandSubscriber>,
    senders: HashMap<u32, MessageSender>,
) {
    loop {
        let delivery = match commands.next().await {
            Ok(delivery) => delivery,
            Err(error) => {
                tracing::warn!(%error, "reading commands failed; retrying");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        let command = delivery.command();
        let Some(sender) = senders.get(&command.shard()) else {
            tracing::warn!(
                shard = command.shard(),
                "command for a shard not run here; dropped unacknowledged"
            );
            continue;
        };
        // The subscriber checked it is a UTF-8 JSON command.
        let json = String::from_utf8_lossy(command.payload()).into_owned();
        if let Err(error) = sender.send(json) {
            tracing::warn!(shard = command.shard(), %error, "shard ended; command left for redelivery");
            continue;
        }
        if let Err(error) = delivery.ack().await {
            tracing::warn!(%error, "command acknowledgement failed; it may be sent twice");
        }
    }
}

/// Writes changed sessions every `interval`.
async fn keep_sessions(
    store: SessionStore,
    statuses: Statuses,
    metrics: Arc<Metrics>,
    interval: Duration,
) {
    let mut tick = tokio::time::interval(interval);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        write_sessions(&store, &statuses, &metrics, false).await;
    }
}

async fn write_sessions(store: &SessionStore, statuses: &Statuses, metrics: &Metrics, all: bool) {
    let mut changed = Vec::new();
    for status in statuses.iter() {
        let mut status = lock(status);
        if (all || status.dirty)
            && let Some(session) = status.session()
        {
            status.dirty = false;
            changed.push((status.shard, session));
        }
    }
    if let Err(error) = store.store(&changed).await {
        metrics.session_store_failures.inc();
        tracing::warn!(%error, "sessions not stored; retrying");
        for status in statuses.iter() {
            let mut status = lock(status);
            if changed.iter().any(|(shard, _)| *shard == status.shard) {
                status.dirty = true;
            }
        }
    }
}
