//! One limiter per bot token, over memory or Redis.
//!
//! The `Authorization` header picks the limiter: each token has its own
//! buckets and global limit. Limits Discord counts per IP address (the
//! invalid request limit, a ban) are shared by every token: in memory
//! through `MemoryStore::sharing_ip_limits`, in Redis by one key for all.
//! Requests without a bot token (webhook and interaction-token routes)
//! share the limiter of namespace 0.

use crate::redis_store::RedisPool;
use std::{
    collections::HashMap,
    sync::{Arc, Mutex, PoisonError},
};
use twilight_http_ratelimiting::{
    MemoryStore, StoreRateLimiter,
    store::{Limits, Store},
};

/// Where the limits live.
#[derive(Debug)]
pub enum Backend {
    /// In this process.
    Memory(Box<MemoryStore>),
    /// In Redis, shared with every instance using the same prefix.
    Redis(RedisPool),
}

/// The bots' limiters.
#[derive(Debug)]
pub struct Bots {
    backend: Backend,
    limits: Limits,
    max: usize,
    /// Raised global limits, by namespace.
    global_limits: HashMap<u64, u32>,
    limiters: Mutex<HashMap<u64, StoreRateLimiter>>,
}

/// The namespace of a token: a stable hash (FNV-1a), so every instance
/// agrees on it and no store key holds the token.
#[must_use]
pub fn namespace(authorization: Option<&[u8]>) -> u64 {
    authorization.map_or(0, |token| {
        token
            .iter()
            .fold(0xcbf2_9ce4_8422_2325, |hash: u64, &byte| {
                (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
            })
            | 1
    })
}

impl Bots {
    /// At most `max` bots; `limits` apply to each.
    #[must_use]
    pub fn new(backend: Backend, limits: Limits, max: usize) -> Self {
        Self {
            backend,
            limits,
            max,
            global_limits: HashMap::new(),
            limiters: Mutex::new(HashMap::new()),
        }
    }

    /// Gives the bots of these namespaces their own global limit.
    #[must_use]
    pub fn with_global_limits(mut self, limits: impl IntoIterator<Item = (u64, u32)>) -> Self {
        self.global_limits.extend(limits);
        self
    }

    /// The backend.
    #[must_use]
    pub fn backend(&self) -> &Backend {
        &self.backend
    }

    /// The limiter of `namespace`, or `None` when `max` bots are already
    /// known (so that random tokens cannot grow memory).
    #[must_use]
    pub fn limiter(&self, namespace: u64) -> Option<StoreRateLimiter> {
        let mut limiters = self.limiters.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(limiter) = limiters.get(&namespace) {
            return Some(limiter.clone());
        }
        if limiters.len() >= self.max {
            return None;
        }
        let store: Arc<dyn Store> = match &self.backend {
            Backend::Memory(ip) => Arc::new(ip.sharing_ip_limits()),
            Backend::Redis(pool) => Arc::new(pool.store(namespace)),
        };
        let mut limits = self.limits;
        if let Some(&global) = self.global_limits.get(&namespace) {
            limits.global_limit = global;
        }
        let limiter = StoreRateLimiter::new(store, limits);
        limiters.insert(namespace, limiter.clone());
        Some(limiter)
    }
}
