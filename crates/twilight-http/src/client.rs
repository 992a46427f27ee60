//! The client. SEAM STUB: the core helper replaces this file; the routes
//! helper uses only `Client` and `Client::request`.

use crate::{Request, ResponseFuture};

/// A Discord REST client.
#[derive(Debug)]
pub struct Client {
    _private: (),
}

impl Client {
    /// Sends `request`; the response deserialises into `T` on demand.
    pub fn request<T>(&self, request: Request) -> ResponseFuture<T> {
        drop(request);
        todo!("core helper")
    }
}
