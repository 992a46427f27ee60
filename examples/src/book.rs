//! The guide's chapters, compiled and run as doc-tests.
//!
//! They live here rather than in the crates they describe because this
//! package depends on every crate (a chapter may use several), and because a
//! published crate may only include files inside its own folder.

#[doc = include_str!("../../book/src/model.md")]
mod model {}

#[doc = include_str!("../../book/src/gateway.md")]
mod gateway {}

#[doc = include_str!("../../book/src/gateway-queue.md")]
mod gateway_queue {}

#[doc = include_str!("../../book/src/http.md")]
mod http {}

#[doc = include_str!("../../book/src/http-routes.md")]
mod http_routes {}

#[doc = include_str!("../../book/src/http-ratelimiting.md")]
mod http_ratelimiting {}

#[doc = include_str!("../../book/src/cache.md")]
mod cache {}

#[doc = include_str!("../../book/src/testing-with-twilight-mock.md")]
mod testing {}

#[doc = include_str!("../../book/src/broker.md")]
mod broker {}
