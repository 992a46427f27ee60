//! Responses, and the future of a request in flight.

use crate::{Error, ErrorKind, transport::RawResponse};
use bytes::Bytes;
use http::HeaderMap;
use serde::de::DeserializeOwned;
use std::{
    fmt,
    future::Future,
    marker::PhantomData,
    pin::Pin,
    task::{Context, Poll},
};

/// A successful (2xx) response whose body deserialises into `T` on demand.
///
/// The body was read in full before the future resolved, so the status,
/// headers and bytes are there at once; [`model`](Self::model) parses them.
pub struct Response<T> {
    raw: RawResponse,
    // `fn() -> T`: a response is Send, Sync and Unpin whatever `T` is.
    model: PhantomData<fn() -> T>,
}

impl<T> Response<T> {
    pub(crate) const fn new(raw: RawResponse) -> Self {
        Self {
            raw,
            model: PhantomData,
        }
    }

    /// The HTTP status code (200-299).
    #[must_use]
    pub const fn status(&self) -> u16 {
        self.raw.status
    }

    /// The response's headers.
    #[must_use]
    pub const fn headers(&self) -> &HeaderMap {
        &self.raw.headers
    }

    /// The value of header `name`, if it is present and text.
    #[must_use]
    pub fn header(&self, name: &str) -> Option<&str> {
        self.raw.headers.get(name)?.to_str().ok()
    }

    /// The body, borrowed.
    #[must_use]
    pub fn body(&self) -> &[u8] {
        &self.raw.body
    }

    /// The body's bytes.
    ///
    /// # Errors
    ///
    /// None today (the body is read before the response is returned); the
    /// `Result` leaves room for streaming bodies.
    pub async fn bytes(self) -> Result<Bytes, Error> {
        Ok(self.raw.body)
    }

    /// The body as text.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Parsing`] if the body is not UTF-8.
    pub async fn text(self) -> Result<String, Error> {
        String::from_utf8(self.raw.body.to_vec()).map_err(|source| {
            let body = source.as_bytes().to_vec();
            Error::new(ErrorKind::Parsing { body }, source.utf8_error())
        })
    }

    /// Treats the body as `U` instead of `T` (for a route whose model this
    /// crate gets wrong, or to parse only some fields).
    #[must_use]
    pub fn cast<U>(self) -> Response<U> {
        Response::new(self.raw)
    }
}

impl<T: DeserializeOwned> Response<T> {
    /// Deserialises the body into `T`.
    ///
    /// An empty body (204 No Content) reads as JSON `null`: the model of
    /// [`EmptyBody`](crate::marker::EmptyBody) routes, `None` for an
    /// `Option`, an error for anything else.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Parsing`], with the body, if it does not deserialise.
    pub async fn model(self) -> Result<T, Error> {
        let body: &[u8] = if self.raw.body.is_empty() {
            b"null"
        } else {
            &self.raw.body
        };
        parse(body).map_err(|source| {
            Error::new(
                ErrorKind::Parsing {
                    body: self.raw.body.to_vec(),
                },
                source,
            )
        })
    }
}

impl Response<crate::marker::Binary> {
    /// The file the server answered: its bytes and content type.
    ///
    /// # Errors
    ///
    /// None today; fallible like [`model`](Response::model).
    pub async fn binary(self) -> Result<crate::marker::Binary, Error> {
        let content_type = self
            .raw
            .headers
            .get(http::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        Ok(crate::marker::Binary {
            content_type,
            bytes: self.raw.body,
        })
    }
}

#[cfg(not(feature = "simd-json"))]
fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, serde_json::Error> {
    serde_json::from_slice(body)
}

#[cfg(feature = "simd-json")]
fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, Box<dyn std::error::Error + Send + Sync>> {
    // The rare body simd-json would read differently from serde_json goes
    // to serde_json, so the feature changes speed, never results.
    if !twilight_model::util::simd::agrees_with_serde_json(body) {
        return Ok(serde_json::from_slice(body)?);
    }
    // simd-json parses in place, so it needs its own copy.
    let mut buffer = body.to_vec();
    Ok(simd_json::serde::from_slice(&mut buffer)?)
}

impl<T> fmt::Debug for Response<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.raw.status)
            .field("headers", &self.raw.headers)
            .field("body_len", &self.raw.body.len())
            .finish()
    }
}

type Inner = Pin<Box<dyn Future<Output = Result<RawResponse, Error>> + Send + 'static>>;

/// A request in flight: resolves to its [`Response`] or [`Error`].
///
/// Nothing happens until it is polled. Dropping it cancels the request;
/// a ratelimit permit it held is given back.
#[must_use = "a request is sent only when its future is awaited"]
pub struct ResponseFuture<T> {
    inner: Inner,
    model: PhantomData<fn() -> T>,
}

impl<T> ResponseFuture<T> {
    pub(crate) fn new(
        inner: impl Future<Output = Result<RawResponse, Error>> + Send + 'static,
    ) -> Self {
        Self {
            inner: Box::pin(inner),
            model: PhantomData,
        }
    }

    /// A future that resolves to `error` at once (for a request that failed
    /// validation and is never sent).
    ///
    /// ```
    /// use twilight_http::{Error, ErrorKind, ResponseFuture};
    ///
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// let future = ResponseFuture::<()>::error(Error::new(
    ///     ErrorKind::Validation,
    ///     "content is longer than 2000 characters",
    /// ));
    /// let error = future.await.unwrap_err();
    /// assert!(matches!(error.kind(), ErrorKind::Validation));
    /// # }
    /// ```
    pub fn error(error: Error) -> Self {
        Self::new(std::future::ready(Err(error)))
    }
}

impl<T> Future for ResponseFuture<T> {
    type Output = Result<Response<T>, Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.inner.as_mut().poll(cx).map_ok(Response::new)
    }
}

impl<T> fmt::Debug for ResponseFuture<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseFuture").finish_non_exhaustive()
    }
}

#[cfg(test)]
mod parse_tests {
    use super::parse;
    use serde_json::Value;

    /// With or without simd-json, a body reads the same: a lone surrogate
    /// is refused (simd-json alone would decode it to NUL), a paired one
    /// and an out-of-range number in an ignored field are read.
    #[test]
    fn bodies_read_the_same_with_either_parser() {
        assert!(parse::<Value>(br#"{"content":"text \ud800"}"#).is_err());
        let paired: Value = parse(br#"{"content":"\ud83d\ude00"}"#).unwrap();
        assert_eq!(paired["content"], "\u{1f600}");
        #[derive(serde::Deserialize)]
        struct Id {
            id: String,
        }
        let id: Id = parse(br#"{"id":"3","ignored":1e999}"#).unwrap();
        assert_eq!(id.id, "3");
    }
}
