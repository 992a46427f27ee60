//! The recommended shards: GET /gateway/bot through a minimal hyper client
//! (feature `http-recommended`).

use crate::config::Config;
use crate::shard::Shard;
use crate::stream::create_range;
use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use std::fmt::{self, Display, Formatter};
use twilight_model::gateway::ShardId;
use twilight_model::gateway::payload::BotConnectionInfo;

/// Discord's REST API base.
pub const DISCORD_API_BASE: &str = "https://discord.com/api/v10";

/// GET /gateway/bot failed.
#[derive(Debug)]
pub struct RecommendedError {
    kind: RecommendedErrorKind,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

/// The kind of [`RecommendedError`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RecommendedErrorKind {
    /// The URL or the token does not fit an HTTP request.
    Request,
    /// The request failed.
    Sending,
    /// Discord answered with this status.
    Status {
        /// The HTTP status.
        status: u16,
    },
    /// The body was not a `GET /gateway/bot` answer.
    Body,
    /// Discord recommended no shards.
    NoShards,
}

impl RecommendedError {
    /// The kind of error.
    pub const fn kind(&self) -> &RecommendedErrorKind {
        &self.kind
    }

    fn new(
        kind: RecommendedErrorKind,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        Self {
            kind,
            source: Some(source.into()),
        }
    }
}

impl Display for RecommendedError {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match &self.kind {
            RecommendedErrorKind::Request => f.write_str("could not build GET /gateway/bot"),
            RecommendedErrorKind::Sending => f.write_str("GET /gateway/bot failed"),
            RecommendedErrorKind::Status { status } => {
                write!(f, "GET /gateway/bot answered {status}")
            }
            RecommendedErrorKind::Body => f.write_str("GET /gateway/bot answered garbage"),
            RecommendedErrorKind::NoShards => f.write_str("Discord recommended no shards"),
        }
    }
}

impl std::error::Error for RecommendedError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// Fetches `GET {api_base}/gateway/bot` with the configuration's token:
/// the recommended shard count, the gateway URL and the session start
/// limits (`max_concurrency` for the queue).
///
/// # Errors
///
/// Returns an error if the request fails or the answer is not a success.
pub async fn recommended_shards(
    api_base: &str,
    config: &Config,
) -> Result<BotConnectionInfo, RecommendedError> {
    let url = format!("{}/gateway/bot", api_base.trim_end_matches('/'));
    let mut authorization =
        hyper::header::HeaderValue::from_str(&format!("Bot {}", config.token().expose()))
            .map_err(|error| RecommendedError::new(RecommendedErrorKind::Request, error))?;
    // Kept out of hyper's and any middleware's Debug output and HPACK tables.
    authorization.set_sensitive(true);
    let request = hyper::Request::get(url.as_str())
        .header(hyper::header::AUTHORIZATION, authorization)
        .header(
            hyper::header::USER_AGENT,
            concat!(
                "DiscordBot (",
                env!("CARGO_PKG_REPOSITORY"),
                ", ",
                env!("CARGO_PKG_VERSION"),
                ")"
            ),
        )
        .body(Empty::<Bytes>::new())
        .map_err(|error| RecommendedError::new(RecommendedErrorKind::Request, error))?;
    let connector = hyper_rustls::HttpsConnectorBuilder::new()
        .with_webpki_roots()
        .https_or_http()
        .enable_http1()
        .build();
    let client = Client::builder(TokioExecutor::new()).build(connector);
    let response = client
        .request(request)
        .await
        .map_err(|error| RecommendedError::new(RecommendedErrorKind::Sending, error))?;
    let status = response.status();
    let body = response
        .into_body()
        .collect()
        .await
        .map_err(|error| RecommendedError::new(RecommendedErrorKind::Sending, error))?
        .to_bytes();
    if !status.is_success() {
        return Err(RecommendedError {
            kind: RecommendedErrorKind::Status {
                status: status.as_u16(),
            },
            source: None,
        });
    }
    serde_json::from_slice(&body)
        .map_err(|error| RecommendedError::new(RecommendedErrorKind::Body, error))
}

/// Creates every shard Discord recommends (GET /gateway/bot), connecting
/// to the URL it names. `per_shard` may change each shard's configuration.
///
/// # Errors
///
/// Returns an error if the request fails or recommends no shards.
pub async fn create_recommended(
    api_base: &str,
    config: Config,
    per_shard: impl Fn(ShardId, Config) -> Config,
) -> Result<Vec<Shard>, RecommendedError> {
    let info = recommended_shards(api_base, &config).await?;
    let config = config.into_builder().gateway_url(info.url).build();
    create_range(0..info.shards, info.shards, config, per_shard)
        .map_err(|error| RecommendedError::new(RecommendedErrorKind::NoShards, error))
}
