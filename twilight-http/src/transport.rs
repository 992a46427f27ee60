//! The HTTP transport: hyper's pooled HTTP/1.1 client over rustls (ring),
//! and one attempt of a request with the client's timeout.

use crate::{Error, ErrorKind};
use bytes::Bytes;
use http::HeaderMap;
use http_body_util::{BodyExt, Full, Limited};
#[cfg(any(feature = "rustls-webpki-roots", feature = "rustls-native-roots"))]
use hyper_rustls::ConfigBuilderExt;
use hyper_rustls::HttpsConnector;
use hyper_util::{
    client::legacy::{Client, connect::HttpConnector},
    rt::{TokioExecutor, TokioTimer},
};
use rustls::ClientConfig;
use std::{sync::Arc, time::Duration};

/// The pooled client every request goes through.
pub(crate) type HttpClient = Client<HttpsConnector<HttpConnector>, Full<Bytes>>;

/// A whole response: read to the end within the timeout, so that a
/// connection goes back to the pool and no body is left half read.
#[derive(Debug)]
pub(crate) struct RawResponse {
    pub(crate) status: u16,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

/// Connections idle longer than this are closed; Discord's edge closes them
/// after about a minute anyway, and a write to a connection it closed is a
/// spurious error.
const POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(50);

/// Builds the pooled client. HTTPS uses rustls with the ring provider;
/// plain `http://` is allowed too, for a local proxy or twilight-mock.
pub(crate) fn http_client() -> HttpClient {
    let mut http = HttpConnector::new();
    // The HTTPS connector wraps this one and decides the scheme itself.
    http.enforce_http(false);
    http.set_nodelay(true);
    let https = hyper_rustls::HttpsConnectorBuilder::new()
        .with_tls_config(tls_config())
        .https_or_http()
        .enable_http1()
        .wrap_connector(http);
    Client::builder(TokioExecutor::new())
        .pool_timer(TokioTimer::new())
        .pool_idle_timeout(POOL_IDLE_TIMEOUT)
        .build(https)
}

fn tls_config() -> ClientConfig {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    // Fails only for a provider without TLS 1.2 or 1.3 cipher suites or key
    // exchange groups; ring's default provider has both, always.
    #[allow(clippy::expect_used)]
    let builder = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("ring's default provider supports TLS 1.2 and 1.3");
    with_roots(builder).with_no_client_auth()
}

type WantsVerifier = rustls::ConfigBuilder<ClientConfig, rustls::WantsVerifier>;
type WantsClientCert = rustls::ConfigBuilder<ClientConfig, rustls::client::WantsClientCert>;

#[cfg(feature = "rustls-native-roots")]
fn with_roots(builder: WantsVerifier) -> WantsClientCert {
    match builder.clone().with_native_roots() {
        Ok(builder) => builder,
        Err(error) => {
            // Without roots every HTTPS handshake fails with an error that
            // says so; plain HTTP to a proxy still works.
            tracing::error!(%error, "no usable native root certificates");
            fallback_roots(builder)
        }
    }
}

#[cfg(not(feature = "rustls-native-roots"))]
fn with_roots(builder: WantsVerifier) -> WantsClientCert {
    fallback_roots(builder)
}

#[cfg(feature = "rustls-webpki-roots")]
fn fallback_roots(builder: WantsVerifier) -> WantsClientCert {
    builder.with_webpki_roots()
}

/// Without a roots feature the client can still talk plain HTTP to a proxy
/// or a mock; HTTPS handshakes fail (unknown issuer).
#[cfg(not(feature = "rustls-webpki-roots"))]
fn fallback_roots(builder: WantsVerifier) -> WantsClientCert {
    builder.with_root_certificates(rustls::RootCertStore::empty())
}

/// Sends one request and reads the whole response, of at most `max_body`
/// bytes, before `timeout`.
pub(crate) async fn send(
    http: &HttpClient,
    request: http::Request<Full<Bytes>>,
    timeout: Duration,
    max_body: usize,
) -> Result<RawResponse, Error> {
    let too_large = || {
        Error::new(
            ErrorKind::ResponseTooLarge { limit: max_body },
            format!("more than {max_body} bytes"),
        )
    };
    let exchange = async {
        let response = http.request(request).await.map_err(connection_error)?;
        let (parts, body) = response.into_parts();
        // Refused before reading when the server says how much is coming.
        let declared = parts
            .headers
            .get(http::header::CONTENT_LENGTH)
            .and_then(|value| value.to_str().ok()?.parse::<u64>().ok());
        if declared.is_some_and(|length| length > max_body as u64) {
            return Err(too_large());
        }
        let body = Limited::new(body, max_body)
            .collect()
            .await
            .map_err(|source| {
                if source.is::<http_body_util::LengthLimitError>() {
                    too_large()
                } else {
                    Error::new(ErrorKind::Connection, source)
                }
            })?
            .to_bytes();
        Ok(RawResponse {
            status: parts.status.as_u16(),
            headers: parts.headers,
            body,
        })
    };
    tokio::time::timeout(timeout, exchange).await.map_err(|_| {
        Error::new(
            ErrorKind::Timeout,
            format!("no response within {timeout:?}"),
        )
    })?
}

fn connection_error(source: hyper_util::client::legacy::Error) -> Error {
    Error::new(ErrorKind::Connection, source)
}
