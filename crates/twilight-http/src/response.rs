//! Responses. SEAM STUB: the core helper replaces this file; the routes
//! helper uses only `ResponseFuture<T>` (as `IntoFuture::IntoFuture`),
//! `ResponseFuture::error` (a future that fails at once, for validation
//! errors) and `Response<T>`.

use crate::Error;
use std::{
    future::Future,
    marker::PhantomData,
    pin::Pin,
    task::{Context, Poll},
};

/// A response whose body deserialises into `T` on demand.
#[derive(Debug)]
pub struct Response<T> {
    _model: PhantomData<T>,
}

/// A request in flight.
#[derive(Debug)]
pub struct ResponseFuture<T> {
    _model: PhantomData<T>,
}

impl<T> ResponseFuture<T> {
    /// A future that resolves to `error` at once.
    #[must_use]
    pub fn error(error: Error) -> Self {
        drop(error);
        todo!("core helper")
    }
}

impl<T> Future for ResponseFuture<T> {
    type Output = Result<Response<T>, Error>;

    fn poll(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Self::Output> {
        todo!("core helper")
    }
}
