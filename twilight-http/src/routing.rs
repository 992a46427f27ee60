//! The route table: every operation of Discord's REST API, its method, path
//! template, typed path parameters, the parameter its ratelimit is keyed on,
//! and whether it is sent with the bot token.
//!
//! A [`Route`] holds the path parameters of one operation; it fills in its
//! path ([`Route::path`]), names its ratelimit key ([`Route::endpoint`]) and
//! becomes a [`Request`] ([`Route::request`]). [`ROUTES`] lists every
//! operation, for tests and tools.
//!
//! ```
//! use twilight_http::routing::Route;
//! use twilight_model::id::Id;
//!
//! let route = Route::CreateMessage { channel_id: Id::new(123) };
//! assert_eq!(route.path(), "/channels/123/messages");
//! assert_eq!(route.endpoint().major_param(), Some(123));
//! ```

mod table;

use crate::request::{Method, Request};
use std::fmt::{self, Write as _};
use twilight_model::id::{Id, marker::EmojiMarker};

pub use table::{ROUTES, Route};

/// What the table says about one operation.
#[derive(Clone, Copy, Debug, Eq, PartialEq)]
pub struct RouteInfo {
    /// The [`Route`] variant's name (the spec's operationId in CamelCase).
    pub name: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path template, as in Discord's spec.
    pub template: &'static str,
    /// Whether the bot token is sent (routes authenticated by a webhook or
    /// interaction token in the path, and public routes, go without).
    pub authorized: bool,
    /// Whether the route is exempt from the global ratelimit.
    pub global_exempt: bool,
}

/// The emoji of a reaction route: a Unicode emoji or a custom emoji.
///
/// In a path, a Unicode emoji is percent-encoded and a custom emoji is
/// written `name:id`, as Discord requires.
#[derive(Clone, Debug, Eq, Hash, PartialEq)]
pub enum ReactionEmoji {
    /// A Unicode emoji, such as `"🚀"`.
    Unicode {
        /// The emoji itself.
        name: String,
    },
    /// A custom emoji.
    Custom {
        /// The emoji's name.
        name: String,
        /// The emoji's id.
        id: Id<EmojiMarker>,
    },
}

impl ReactionEmoji {
    /// A Unicode emoji.
    pub fn unicode(name: impl Into<String>) -> Self {
        Self::Unicode { name: name.into() }
    }

    /// A custom emoji.
    pub fn custom(name: impl Into<String>, id: Id<EmojiMarker>) -> Self {
        Self::Custom {
            name: name.into(),
            id,
        }
    }
}

impl From<&str> for ReactionEmoji {
    fn from(name: &str) -> Self {
        Self::unicode(name)
    }
}

/// A value that can stand in a path segment.
trait PathParam {
    /// Appends the value, percent-encoded where needed.
    fn write_to(&self, out: &mut String);
}

impl<T> PathParam for Id<T> {
    fn write_to(&self, out: &mut String) {
        let _ = write!(out, "{}", self.get());
    }
}

impl PathParam for u8 {
    fn write_to(&self, out: &mut String) {
        let _ = write!(out, "{self}");
    }
}

impl PathParam for String {
    fn write_to(&self, out: &mut String) {
        encode_segment(self, out);
    }
}

impl PathParam for ReactionEmoji {
    fn write_to(&self, out: &mut String) {
        match self {
            Self::Unicode { name } => encode_segment(name, out),
            Self::Custom { name, id } => {
                encode_segment(name, out);
                let _ = write!(out, ":{}", id.get());
            }
        }
    }
}

/// Percent-encodes everything but RFC 3986's unreserved characters, so a
/// value can never add a path segment or a query.
pub(crate) fn encode_segment(text: &str, out: &mut String) {
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
}

/// Writes `template` into a new string, with each `{name}` replaced by the
/// value `param` gives for it.
fn fill(template: &str, mut param: impl FnMut(&str, &mut String)) -> String {
    let mut out = String::with_capacity(template.len() + 40);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            return out;
        };
        param(&after[..end], &mut out);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

impl fmt::Debug for Route {
    // Only the operation and template: path parameters include webhook and
    // interaction tokens.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Route::{} ({} {})",
            self.name(),
            self.method(),
            self.template()
        )
    }
}

impl Route {
    /// The request for this route, without body: method, filled-in path,
    /// ratelimit endpoint, and the bot token unless the route goes without.
    #[must_use]
    pub fn request(&self) -> Request {
        self.request_with_query("")
    }

    /// Like [`Route::request`], with `query` (already encoded, without `?`)
    /// appended to the path.
    #[must_use]
    pub fn request_with_query(&self, query: &str) -> Request {
        let mut path = self.path();
        if !query.is_empty() {
            path.push('?');
            path.push_str(query);
        }
        let request = Request::new(self.method(), path, self.endpoint());
        if self.is_authorized() {
            request
        } else {
            request.without_authorization()
        }
    }
}

/// Defines [`Route`] and [`ROUTES`] from the table in `table.rs`.
macro_rules! routes {
    ($(
        $(#[$doc:meta])*
        $name:ident { $($param:ident : $ty:ty),* $(,)? }
            = $method:ident $template:literal, $major:ident ( $($key:ident),* ), $auth:ident;
    )*) => {
        /// One operation of Discord's REST API with its path parameters.
        #[derive(Clone, Eq, PartialEq)]
        #[non_exhaustive]
        pub enum Route {
            $(
                $(#[$doc])*
                $name {
                    $(
                        #[doc = concat!("The `", stringify!($param), "` path parameter.")]
                        $param: $ty,
                    )*
                },
            )*
        }

        /// Every operation in the table.
        pub const ROUTES: &[$crate::routing::RouteInfo] = &[
            $(
                $crate::routing::RouteInfo {
                    name: stringify!($name),
                    method: $crate::request::Method::$method,
                    template: $template,
                    authorized: routes!(@auth $auth),
                    global_exempt: routes!(@exempt $major),
                },
            )*
        ];

        impl Route {
            /// The variant's name (the spec's operationId in CamelCase).
            #[must_use]
            pub const fn name(&self) -> &'static str {
                match self {
                    $(Self::$name { .. } => stringify!($name),)*
                }
            }

            /// The HTTP method.
            #[must_use]
            pub const fn method(&self) -> $crate::request::Method {
                match self {
                    $(Self::$name { .. } => $crate::request::Method::$method,)*
                }
            }

            /// The path template, as in Discord's spec.
            #[must_use]
            pub const fn template(&self) -> &'static str {
                match self {
                    $(Self::$name { .. } => $template,)*
                }
            }

            /// Whether the bot token is sent.
            #[must_use]
            pub const fn is_authorized(&self) -> bool {
                match self {
                    $(Self::$name { .. } => routes!(@auth $auth),)*
                }
            }

            /// The path with every parameter filled in (percent-encoded
            /// where needed), without query.
            #[must_use]
            pub fn path(&self) -> String {
                match self {
                    $(Self::$name { $($param),* } => $crate::routing::fill($template, |name, out| {
                        let _ = (name, &out);
                        $(
                            if name == stringify!($param) {
                                $crate::routing::PathParam::write_to($param, out);
                            }
                        )*
                    }),)*
                }
            }

            /// What the ratelimiter keys the route on: method, template and
            /// major parameter.
            #[must_use]
            pub fn endpoint(&self) -> $crate::request::Endpoint {
                match self {
                    $(Self::$name { $($key,)* .. } => routes!(
                        @endpoint $major($($key),*),
                        $crate::request::Endpoint::new($crate::request::Method::$method, $template)
                    ),)*
                }
            }
        }
    };
    (@auth bot) => { true };
    (@auth anonymous) => { false };
    (@exempt webhook) => { true };
    (@exempt $other:ident) => { false };
    (@endpoint none(), $endpoint:expr) => { $endpoint };
    (@endpoint major($id:ident), $endpoint:expr) => { $endpoint.major($id.get()) };
    (@endpoint webhook($id:ident, $token:ident), $endpoint:expr) => {
        $endpoint.webhook($id.get(), $token).global_exempt(true)
    };
}
use routes;

#[cfg(test)]
mod tests {
    use super::{ROUTES, ReactionEmoji, Route};
    use twilight_model::id::Id;

    #[test]
    fn fills_paths_and_encodes_segments() {
        let route = Route::AddMyMessageReaction {
            channel_id: Id::new(1),
            message_id: Id::new(2),
            emoji_name: ReactionEmoji::unicode("🚀"),
        };
        assert_eq!(
            route.path(),
            "/channels/1/messages/2/reactions/%F0%9F%9A%80/@me"
        );
        let route = Route::DeleteAllMessageReactionsByEmoji {
            channel_id: Id::new(1),
            message_id: Id::new(2),
            emoji_name: ReactionEmoji::custom("blob", Id::new(3)),
        };
        assert_eq!(route.path(), "/channels/1/messages/2/reactions/blob:3");
        let route = Route::GetGuildTemplate {
            code: "a/b?c".to_owned(),
        };
        assert_eq!(route.path(), "/guilds/templates/a%2Fb%3Fc");
    }

    #[test]
    fn major_parameters_and_exemptions() {
        let route = Route::GetGuildMember {
            guild_id: Id::new(7),
            user_id: Id::new(8),
        };
        assert_eq!(route.endpoint().major_param(), Some(7));
        assert!(!route.endpoint().is_global_exempt());
        assert!(route.request().is_authorized());

        let route = Route::ExecuteWebhook {
            webhook_id: Id::new(9),
            webhook_token: "secret-token".to_owned(),
        };
        let endpoint = route.endpoint();
        assert!(endpoint.is_global_exempt());
        assert!(endpoint.major_param().is_some());
        assert!(!route.request().is_authorized());
        // The token never shows in Debug output or in the endpoint.
        assert!(!format!("{route:?}").contains("secret-token"));
        assert!(!format!("{endpoint:?}").contains("secret-token"));

        let route = Route::CreateInteractionResponse {
            interaction_id: Id::new(1),
            interaction_token: "tok".to_owned(),
        };
        assert!(route.endpoint().is_global_exempt());
        assert!(!route.is_authorized());
        assert_eq!(route.path(), "/interactions/1/tok/callback");
    }

    #[test]
    fn table_is_complete_and_unique() {
        assert_eq!(ROUTES.len(), 242);
        let mut seen = std::collections::HashSet::new();
        for info in ROUTES {
            assert!(seen.insert((info.method, info.template)), "{info:?}");
        }
    }
}
