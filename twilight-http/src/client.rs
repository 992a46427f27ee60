//! The client: sends [`Request`]s through the ratelimiter, retries 429s,
//! and turns error statuses into typed errors.

mod builder;
mod prepare;

pub use builder::{
    ClientBuilder, DEFAULT_BASE_URL, DEFAULT_MAX_RATELIMIT_WAIT, DEFAULT_MAX_RESPONSE_SIZE,
    DEFAULT_RATELIMIT_ATTEMPTS, DEFAULT_TIMEOUT,
};

use crate::{
    Error, ErrorKind, Request, ResponseFuture,
    token::TokenGate,
    transport::{self, HttpClient, RawResponse},
};
use builder::{InvalidToken, InvalidUserAgent};
use http::{HeaderMap, HeaderValue};
use prepare::Prepared;
use std::{fmt, sync::Arc, time::Duration};
use twilight_http_ratelimiting::{
    InMemoryRateLimiter, Outcome, Permit, RateLimitHeaders, RateLimiter,
};
use twilight_model::{
    error::{ApiError, RateLimitedBody},
    message::AllowedMentions,
    util::secret::Secret,
};

/// A Discord REST client.
///
/// Cheap to clone: clones share the connection pool, the ratelimiter and
/// the token's state.
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// use twilight_http::{
///     Client,
///     request::{Endpoint, Method, Request},
/// };
/// use twilight_model::user::User;
///
/// let client = Client::new("my-token");
/// let request = Request::new(Method::Get, "/users/@me", Endpoint::new(Method::Get, "/users/@me"));
/// let me: User = client.request(request).await?.model().await?;
/// println!("logged in as {}", me.username);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    shared: Arc<Shared>,
}

/// What every request of a client (and its clones) uses.
struct Shared {
    http: HttpClient,
    base_url: Box<str>,
    token: Option<Secret>,
    /// `Bot <token>`, marked sensitive; `Err` if the token cannot be a
    /// header value.
    authorization: Option<Result<HeaderValue, InvalidToken>>,
    token_gate: TokenGate,
    ratelimiter: Option<Arc<dyn RateLimiter>>,
    timeout: Duration,
    max_response_size: usize,
    max_ratelimit_wait: Duration,
    ratelimit_attempts: u32,
    default_allowed_mentions: Option<AllowedMentions>,
    /// `Err` if the one the builder was given cannot be a header value.
    user_agent: Result<HeaderValue, InvalidUserAgent>,
}

/// The ratelimiter of a client that was given none: Discord's limits,
/// kept in this process.
fn default_ratelimiter() -> Option<Arc<dyn RateLimiter>> {
    Some(Arc::new(InMemoryRateLimiter::new()))
}

impl Client {
    /// A client with `token` and the defaults (see [`ClientBuilder`]).
    pub fn new(token: impl Into<Secret>) -> Self {
        Self::builder().token(token).build()
    }

    /// A builder for a client with other settings.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// The token, if the client has one.
    #[must_use]
    pub fn token(&self) -> Option<&Secret> {
        self.shared.token.as_ref()
    }

    /// The base URL requests go to.
    #[must_use]
    pub fn base_url(&self) -> &str {
        &self.shared.base_url
    }

    /// The timeout of one attempt of a request.
    #[must_use]
    pub fn timeout(&self) -> Duration {
        self.shared.timeout
    }

    /// The ratelimiter, if the client limits requests itself.
    #[must_use]
    pub fn ratelimiter(&self) -> Option<&Arc<dyn RateLimiter>> {
        self.shared.ratelimiter.as_ref()
    }

    /// The allowed mentions that message-sending requests use when they set
    /// none.
    #[must_use]
    pub fn default_allowed_mentions(&self) -> Option<&AllowedMentions> {
        self.shared.default_allowed_mentions.as_ref()
    }

    /// Whether Discord rejected the token (401): every later request that
    /// needs it fails with [`ErrorKind::Unauthorized`] without being sent.
    #[must_use]
    pub fn is_token_invalid(&self) -> bool {
        self.shared.token_gate.is_invalid()
    }

    /// Sends `request`; the response deserialises into `T` on demand.
    ///
    /// The returned future does nothing until polled. It waits for the
    /// ratelimiter, sends the request, reports the response to the
    /// ratelimiter, and sends it again after a 429 (up to the builder's
    /// [`ratelimit_attempts`](ClientBuilder::ratelimit_attempts)).
    ///
    /// # Errors
    ///
    /// The future resolves to an [`Error`]; its [`ErrorKind`] says why:
    /// [`Unauthorized`](ErrorKind::Unauthorized) after a 401 (now or
    /// before), [`Response`](ErrorKind::Response) for another error status,
    /// [`RateLimited`](ErrorKind::RateLimited),
    /// [`Timeout`](ErrorKind::Timeout), [`Connection`](ErrorKind::Connection)
    /// or [`BuildingRequest`](ErrorKind::BuildingRequest).
    pub fn request<T>(&self, request: Request) -> ResponseFuture<T> {
        ResponseFuture::new(execute(Arc::clone(&self.shared), request))
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.shared.base_url)
            .field("token", &self.shared.token)
            .field("ratelimiter", &self.shared.ratelimiter)
            .field("timeout", &self.shared.timeout)
            .field("token_invalid", &self.shared.token_gate.is_invalid())
            .finish_non_exhaustive()
    }
}

/// The whole life of a request: token gate, permit, send, report, retry.
async fn execute(shared: Arc<Shared>, request: Request) -> Result<RawResponse, Error> {
    let authorization = match (&shared.authorization, request.is_authorized()) {
        (Some(Ok(value)), true) => Some(value),
        (Some(Err(invalid)), true) => {
            return Err(Error::new(ErrorKind::BuildingRequest, *invalid));
        }
        _ => None,
    };
    let user_agent = shared
        .user_agent
        .as_ref()
        .map_err(|invalid| Error::new(ErrorKind::BuildingRequest, *invalid))?;
    let prepared = Prepared::new(&request, &shared.base_url, authorization, user_agent)?;
    let gate = authorization.map(|_| &shared.token_gate);
    // Held until a response shows whether the token works; other
    // authorized requests wait for that.
    let mut probe = match gate {
        Some(gate) => gate.enter().await.map_err(|_| unauthorized())?,
        None => None,
    };

    let endpoint = request.endpoint();
    let mut attempt = 0;
    loop {
        attempt += 1;
        check_token(&shared, gate)?;
        let permit = match &shared.ratelimiter {
            // Dropping the wait on the bound gives its place up.
            Some(limiter) => tokio::time::timeout(
                shared.max_ratelimit_wait,
                limiter.acquire(endpoint.clone()),
            )
            .await
            .map_err(|_| {
                Error::new(
                    ErrorKind::RateLimited,
                    format!(
                        "the ratelimiter gave no permit within {:?} (ClientBuilder::max_ratelimit_wait)",
                        shared.max_ratelimit_wait
                    ),
                )
            })?,
            None => Permit::unlimited(),
        };
        // The token may have been rejected while this request waited.
        check_token(&shared, gate)?;

        // On an error the permit is dropped unused, which tells the
        // ratelimiter that no response came.
        let response = transport::send(
            &shared.http,
            prepared.to_http(),
            shared.timeout,
            shared.max_response_size,
        )
        .await?;
        if shared.ratelimiter.is_some() {
            permit.complete(Outcome {
                status: response.status,
                headers: ratelimit_headers(&response.headers),
            });
        } else {
            drop(permit);
        }
        tracing::debug!(
            method = %endpoint.method(),
            route = endpoint.route(),
            status = response.status,
            attempt,
            "response"
        );

        match response.status {
            // A 401 of a request without the client's token (a webhook or
            // interaction token in the path) says nothing about that token:
            // it stays a plain error status.
            401 if gate.is_some() => {
                tracing::warn!("Discord rejected the token: no more requests with it");
                shared.token_gate.rejected();
                return Err(Error::new(
                    ErrorKind::Unauthorized,
                    response_error(response),
                ));
            }
            429 => {
                // A 429 without Discord's JSON is Cloudflare's ban (an hour
                // long): retrying only prolongs it.
                let Ok(limited) = serde_json::from_slice::<RateLimitedBody>(&response.body) else {
                    return Err(response_error(response));
                };
                if attempt >= shared.ratelimit_attempts {
                    return Err(Error::new(
                        ErrorKind::RateLimited,
                        format!(
                            "429 on each of {attempt} attempts (last: {}, retry after {} s)",
                            limited.message, limited.retry_after
                        ),
                    ));
                }
                if shared.ratelimiter.is_none() {
                    // Nobody else waits for it: a proxy that passed the 429
                    // on, or no limiting at all.
                    let wait = retry_after(&limited);
                    if wait > shared.max_ratelimit_wait {
                        return Err(Error::new(
                            ErrorKind::RateLimited,
                            format!(
                                "429 with a retry after {wait:?}, past the bound of {:?} (ClientBuilder::max_ratelimit_wait)",
                                shared.max_ratelimit_wait
                            ),
                        ));
                    }
                    tokio::time::sleep(wait).await;
                }
            }
            _ => {
                if let Some(gate) = gate {
                    gate.accepted();
                }
                drop(probe.take());
                if (200..300).contains(&response.status) {
                    return Ok(response);
                }
                return Err(response_error(response));
            }
        }
        // A 429 keeps the probe: the token is not yet known to work.
    }
}

/// Fails if the token was rejected: by a 401 to this client (or a clone),
/// or, as its ratelimiter reports, to another client sharing it.
fn check_token(shared: &Shared, gate: Option<&TokenGate>) -> Result<(), Error> {
    let Some(gate) = gate else { return Ok(()) };
    if shared
        .ratelimiter
        .as_ref()
        .is_some_and(RateLimiter::unauthorized)
    {
        gate.rejected();
    }
    if gate.is_invalid() {
        return Err(unauthorized());
    }
    Ok(())
}

fn unauthorized() -> Error {
    Error::new(
        ErrorKind::Unauthorized,
        "Discord rejected the token earlier (401); it is not sent again",
    )
}

/// An error status as a typed error, with Discord's error body if it sent
/// one.
fn response_error(response: RawResponse) -> Error {
    let error = serde_json::from_slice::<ApiError>(&response.body).ok();
    Error::from_kind(ErrorKind::Response {
        status: response.status,
        error,
        body: Vec::from(response.body),
    })
}

/// The body's `retry_after` (fractional seconds), capped as the headers'
/// waits are.
fn retry_after(body: &RateLimitedBody) -> Duration {
    // Negative (and NaN, which `max` drops) is read as "now".
    twilight_http_ratelimiting::headers::capped_wait(body.retry_after.max(0.0))
        .unwrap_or(Duration::from_secs(1))
}

/// The ratelimit headers of a response. A header Discord (or a proxy) sent
/// with an unexpected value is left out rather than failing the request;
/// the ratelimiter then knows less about the bucket, never something false.
fn ratelimit_headers(headers: &HeaderMap) -> RateLimitHeaders {
    let mut pairs: Vec<(&str, &[u8])> = headers
        .iter()
        .filter(|(name, _)| {
            let name = name.as_str();
            name.starts_with("x-ratelimit-") || name == "retry-after"
        })
        .map(|(name, value)| (name.as_str(), value.as_bytes()))
        .collect();
    loop {
        match RateLimitHeaders::from_pairs(pairs.iter().copied()) {
            Ok(parsed) => return parsed,
            Err(error) => {
                tracing::warn!(%error, "ignoring a ratelimit header");
                let before = pairs.len();
                pairs.retain(|(name, _)| !name.eq_ignore_ascii_case(error.name()));
                if pairs.len() == before {
                    return RateLimitHeaders::default();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_ratelimit_header_is_left_out() {
        let mut headers = HeaderMap::new();
        headers.insert("x-ratelimit-remaining", HeaderValue::from_static("-1"));
        headers.insert("x-ratelimit-limit", HeaderValue::from_static("5"));
        headers.insert("x-ratelimit-bucket", HeaderValue::from_static("abc"));
        let parsed = ratelimit_headers(&headers);
        assert_eq!(parsed.remaining, None);
        assert_eq!(parsed.limit, Some(5));
        assert_eq!(parsed.bucket.as_deref(), Some("abc"));
    }

    #[test]
    fn debug_output_never_shows_the_token() {
        let client = Client::new("Bot super-secret-token");
        let debug = format!("{client:?}");
        assert!(!debug.contains("super-secret"), "{debug}");
        assert_eq!(
            client.token().map(Secret::expose),
            Some("super-secret-token")
        );
    }

    #[test]
    fn retry_after_is_bounded() {
        let body = |retry_after| RateLimitedBody {
            message: String::new(),
            retry_after,
            global: false,
            code: None,
        };
        assert_eq!(retry_after(&body(0.25)), Duration::from_millis(250));
        assert_eq!(retry_after(&body(-3.0)), Duration::ZERO);
        assert_eq!(retry_after(&body(f64::NAN)), Duration::ZERO);
        for huge in [f64::INFINITY, 1e300, 1e18] {
            assert_eq!(
                retry_after(&body(huge)),
                twilight_http_ratelimiting::headers::MAX_WAIT
            );
        }
    }
}
