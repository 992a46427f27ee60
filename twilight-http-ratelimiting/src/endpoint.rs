//! What a request is limited by: its method, route and major parameter.

use std::fmt;

/// An HTTP method of Discord's REST API.
#[derive(Clone, Copy, Debug, Eq, Hash, PartialEq)]
pub enum Method {
    /// DELETE.
    Delete,
    /// GET.
    Get,
    /// PATCH.
    Patch,
    /// POST.
    Post,
    /// PUT.
    Put,
}

impl Method {
    /// The method's name, as sent on the wire.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Delete => "DELETE",
            Self::Get => "GET",
            Self::Patch => "PATCH",
            Self::Post => "POST",
            Self::Put => "PUT",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A request as a ratelimiter sees it.
///
/// `route` is the path template (`/channels/{channel_id}/messages`), never a
/// filled-in path, so it holds no ids and no tokens. `major` is the value of
/// the route's major parameter (channel, guild or webhook id; for webhook
/// routes with a token, mixed with a hash of the token): the same route with
/// different major parameters never shares a bucket.
#[derive(Clone, Debug, Eq, Hash, PartialEq)]
pub struct Endpoint {
    method: Method,
    route: &'static str,
    major: Option<u64>,
    global_exempt: bool,
}

impl Endpoint {
    /// An endpoint without a major parameter.
    #[must_use]
    pub const fn new(method: Method, route: &'static str) -> Self {
        Self {
            method,
            route,
            major: None,
            global_exempt: false,
        }
    }

    /// Sets the major parameter (a channel, guild or webhook id).
    #[must_use]
    pub const fn major(mut self, id: u64) -> Self {
        self.major = Some(id);
        self
    }

    /// Sets a webhook id and token as the major parameter. The token is kept
    /// only as a hash, so an endpoint never carries a secret.
    ///
    /// The hash is the same in every process and every build (FNV-1a, not
    /// std's `DefaultHasher`, whose output may change between Rust
    /// releases), so limiters that share state across processes agree on
    /// the key.
    #[must_use]
    pub fn webhook(mut self, id: u64, token: &str) -> Self {
        self.major = Some(id ^ fnv1a(token.as_bytes()));
        self
    }

    /// Marks the endpoint as exempt from the global limit (interaction
    /// responses and routes authenticated by a webhook token).
    #[must_use]
    pub const fn global_exempt(mut self, exempt: bool) -> Self {
        self.global_exempt = exempt;
        self
    }

    /// The HTTP method.
    #[must_use]
    pub const fn method(&self) -> Method {
        self.method
    }

    /// The path template.
    #[must_use]
    pub const fn route(&self) -> &'static str {
        self.route
    }

    /// The major parameter's value, if the route has one.
    #[must_use]
    pub const fn major_param(&self) -> Option<u64> {
        self.major
    }

    /// Whether the global limit does not apply.
    #[must_use]
    pub const fn is_global_exempt(&self) -> bool {
        self.global_exempt
    }
}

/// 64-bit FNV-1a: stable across processes, builds and platforms.
fn fnv1a(bytes: &[u8]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0100_0000_01b3;
    bytes.iter().fold(OFFSET, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(PRIME)
    })
}

#[cfg(test)]
mod tests {
    use super::{Endpoint, Method, fnv1a};

    #[test]
    fn the_token_hash_is_stable_and_separates_tokens() {
        // Published FNV-1a test vectors: the key must not change between
        // builds, or processes sharing a limiter would disagree.
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(b"foobar"), 0x8594_4171_f739_67e8);

        let route = "/webhooks/{webhook_id}/{webhook_token}";
        let one = Endpoint::new(Method::Post, route).webhook(7, "token-one");
        let again = Endpoint::new(Method::Post, route).webhook(7, "token-one");
        let other = Endpoint::new(Method::Post, route).webhook(7, "token-two");
        assert_eq!(one, again);
        assert_ne!(one.major_param(), other.major_param());
        assert!(!format!("{one:?}").contains("token-one"));
    }
}
