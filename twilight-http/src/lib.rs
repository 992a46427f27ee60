//! A typed client for Discord's REST API: a builder for every operation,
//! Discord's documented limits checked before anything is sent, and
//! ratelimits waited for before a request goes out rather than after a
//! 429.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use twilight_http::Client;
//! use twilight_model::id::Id;
//!
//! let client = Client::new(std::env::var("DISCORD_TOKEN")?);
//!
//! // A generated builder: `GET /users/@me`.
//! let me = client.get_my_user().await?.model().await?;
//! println!("logged in as {}", me.username);
//!
//! // A hand-written one, checked against the limits of a message.
//! let message = client
//!     .create_message(Id::new(381_926_291_785_383_946))
//!     .content("hello")
//!     .await?
//!     .model()
//!     .await?;
//! println!("sent message {}", message.id);
//! # Ok(()) }
//! ```
//!
//! # How a request flows
//!
//! 1. A typed builder of [`api`], made by a method of [`Client`] named
//!    after the operation (`client.get_my_user()`), collects the path
//!    parameters, query and body. Each setter checks its value against
//!    [`validate`]; the first broken limit fails the request before it is
//!    sent.
//! 2. Awaiting the builder turns it into a [`Request`] (`try_into_request`
//!    does that alone): the [`routing::Route`] fills in the method, the
//!    path and the ratelimit [`Endpoint`](request::Endpoint), and the body
//!    is JSON or a [`multipart`] form.
//! 3. [`Client::request`] sends it: while the token is not yet known to
//!    work, only one authorized request is in flight, and after a 401 none
//!    is sent again (`token`).
//! 4. The ratelimiter ([`ClientBuilder::ratelimiter`], from
//!    twilight-http-ratelimiting) grants a permit for the endpoint's
//!    bucket; the request waits until it does.
//! 5. The transport (`transport`: hyper over rustls) makes one attempt
//!    within the client's timeout. The response's ratelimit headers go back
//!    to the ratelimiter, and a 429 is retried.
//! 6. A 2xx becomes a [`Response`], whose body is deserialised into the
//!    operation's model on demand ([`Response::model`]); any other status
//!    is an [`Error`] whose [`ErrorKind`] carries Discord's error code.
//!
//! # Modules
//!
//! - [`api`]: the builders. [`api::operations`] holds those generated from
//!   Discord's OpenAPI spec (one per operation, grouped by resource);
//!   [`api::message`] and [`api::interaction`] the hand-written ones for
//!   messages, webhook executions and interaction responses.
//! - [`client`]: [`Client`] and [`ClientBuilder`]: token, base URL or
//!   proxy, timeout, ratelimiter, default allowed mentions, user agent; the
//!   loop that sends a request, reports it and retries 429s.
//! - [`error`]: [`Error`] and [`ErrorKind`], one kind per way a request
//!   fails (validation, building, connection, timeout, ratelimit, 401,
//!   error status, parsing).
//! - [`marker`]: [`EmptyBody`](marker::EmptyBody), the model of a
//!   `204 No Content` response.
//! - [`multipart`]: `multipart/form-data` bodies and the
//!   [`Attachment`](multipart::Attachment)s they carry.
//! - [`request`]: [`Request`] and [`Body`], what every builder produces
//!   and the client sends; also a way to send a request by hand.
//! - [`response`]: [`Response`] and [`ResponseFuture`].
//! - [`routing`]: the route table generated from the spec: every
//!   operation's method, path, path parameters, ratelimit key and whether
//!   it takes the bot token.
//! - [`validate`]: Discord's documented limits, as functions the builders
//!   call and that can be called directly.
//! - `token` (private): the gate that keeps a rejected token from sending
//!   a storm of 401s, which Discord answers with an IP ban.
//! - `transport` (private): hyper's pooled HTTP/1.1 client over rustls,
//!   and one attempt of a request with the client's timeout.
//!
//! `tools/gen_http_routes.py` in the repository writes [`routing`]'s table
//! and [`api::operations`] from the spec vendored at `tests/openapi.json`.

#![warn(missing_docs)]

pub mod api;
pub mod client;
pub mod error;
pub mod marker;
pub mod multipart;
pub mod request;
pub mod response;
pub mod routing;
pub mod validate;

mod token;
mod transport;

pub use client::{Client, ClientBuilder};
pub use error::{Error, ErrorKind};
pub use request::{Body, Request};
pub use response::{Response, ResponseFuture};
