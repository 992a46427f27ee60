//! From a request's path to what the limiter keys it by.
//!
//! The proxy knows no route table, so that a route Discord adds tomorrow
//! is forwarded today: a path becomes a template by replacing ids, tokens
//! and free-form values with placeholders, its major parameter is the id
//! after the first `channels`, `guilds` or `webhooks` segment (webhook and
//! interaction routes with a token: the id mixed with the token's hash),
//! and routes authenticated by a webhook or interaction token are exempt
//! from the global limit. Discord's `X-RateLimit-Bucket` then tells which
//! templates share a bucket.
//!
//! Templates are interned (the limiter keys by `&'static str`); their
//! number is bounded ([`MAX_TEMPLATES`]), past which new shapes share one
//! template, so that odd paths cannot grow memory or the metrics' label
//! set.

use std::{
    collections::HashMap,
    sync::{Mutex, PoisonError},
};
use twilight_http_ratelimiting::{Endpoint, Method};

/// Distinct templates kept; more share [`OVERFLOW`].
pub const MAX_TEMPLATES: usize = 4096;

/// The template of every path past [`MAX_TEMPLATES`].
pub const OVERFLOW: &str = "/{other}";

/// A request's path, classified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    /// What the limiter keys the request by.
    pub endpoint: Endpoint,
    /// Whether a webhook or interaction token authenticates the request
    /// (it needs no bot token).
    pub token_route: bool,
}

/// The path after `/api` and an optional `/vN`, or `None` for a path that
/// is not Discord's API.
#[must_use]
pub fn api_path(path: &str) -> Option<&str> {
    let rest = path.strip_prefix("/api")?;
    if rest.is_empty() {
        return Some("/");
    }
    let after = rest.strip_prefix('/')?;
    let first = after.split('/').next().unwrap_or("");
    let versioned = first
        .strip_prefix('v')
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    let tail = if versioned {
        &after[first.len()..]
    } else {
        rest
    };
    Some(if tail.is_empty() { "/" } else { tail })
}

/// The method as the limiter names it, or `None` for one Discord does not
/// use.
#[must_use]
pub fn method(method: &hyper::Method) -> Option<Method> {
    Some(match *method {
        hyper::Method::GET => Method::Get,
        hyper::Method::POST => Method::Post,
        hyper::Method::PUT => Method::Put,
        hyper::Method::PATCH => Method::Patch,
        hyper::Method::DELETE => Method::Delete,
        _ => return None,
    })
}

/// Interns templates, bounded.
#[derive(Debug, Default)]
pub struct Templates {
    known: Mutex<HashMap<String, &'static str>>,
}

impl Templates {
    /// An empty set.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    fn intern(&self, template: String) -> &'static str {
        let mut known = self.known.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(&interned) = known.get(&template) {
            return interned;
        }
        if known.len() >= MAX_TEMPLATES {
            return OVERFLOW;
        }
        // Leaked on purpose: at most MAX_TEMPLATES, kept for the process's
        // life, as the limiter's keys and the metrics' labels.
        let interned: &'static str = Box::leak(template.clone().into_boxed_str());
        known.insert(template, interned);
        interned
    }

    /// Classifies `path` (after [`api_path`], without the query).
    #[must_use]
    pub fn classify(&self, method: Method, path: &str) -> Route {
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        let mut template = String::with_capacity(path.len());
        let mut major: Option<u64> = None;
        let mut token_major: Option<(u64, &str)> = None;
        let mut token_route = false;
        for (index, segment) in segments.iter().enumerate() {
            let previous = index.checked_sub(1).map(|i| segments[i]);
            let before = index.checked_sub(2).map(|i| segments[i]);
            let id = segment.parse::<u64>().ok();
            let placeholder = match (previous, before) {
                (Some(prev), _) if id.is_some() => Some(id_name(prev)),
                // `/webhooks/{id}/{token}` and `/interactions/{id}/{token}`.
                (Some(prev), Some(kind @ ("webhooks" | "interactions")))
                    if prev.parse::<u64>().is_ok() && index == 2 =>
                {
                    token_route = true;
                    if let Ok(owner) = prev.parse::<u64>() {
                        token_major = Some((owner, segment));
                    }
                    Some(if kind == "webhooks" {
                        "{webhook_token}"
                    } else {
                        "{interaction_token}"
                    })
                }
                (Some("reactions"), _) => Some("{emoji}"),
                (Some("invites"), _) => Some("{invite_code}"),
                (Some("templates"), _) => Some("{template_code}"),
                _ if !plain(segment) => Some("{param}"),
                _ => None,
            };
            if major.is_none()
                && index == 1
                && let (Some("channels" | "guilds" | "webhooks"), Some(id)) = (previous, id)
            {
                major = Some(id);
            }
            template.push('/');
            template.push_str(placeholder.unwrap_or(segment));
        }
        if template.is_empty() {
            template.push('/');
        }
        let mut endpoint = Endpoint::new(method, self.intern(template));
        if let Some((owner, token)) = token_major {
            endpoint = endpoint.webhook(owner, token).global_exempt(true);
        } else if let Some(major) = major {
            endpoint = endpoint.major(major);
        }
        Route {
            endpoint,
            token_route,
        }
    }
}

/// The placeholder of an id after `previous`.
fn id_name(previous: &str) -> &'static str {
    match previous {
        "channels" => "{channel_id}",
        "guilds" => "{guild_id}",
        "webhooks" => "{webhook_id}",
        "interactions" => "{interaction_id}",
        "messages" => "{message_id}",
        "users" => "{user_id}",
        "members" => "{user_id}",
        "roles" => "{role_id}",
        "applications" => "{application_id}",
        "commands" => "{command_id}",
        "emojis" => "{emoji_id}",
        _ => "{id}",
    }
}

/// A segment kept as is: a short word of Discord's path vocabulary
/// (`messages`, `@me`, `bulk-delete`, `@original`).
fn plain(segment: &str) -> bool {
    segment.len() <= 32
        && segment
            .bytes()
            .all(|b| b.is_ascii_lowercase() || matches!(b, b'-' | b'_' | b'@'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_and_unversioned_paths_are_api_paths() {
        assert_eq!(api_path("/api/v10/channels/1"), Some("/channels/1"));
        assert_eq!(api_path("/api/v9/users/@me"), Some("/users/@me"));
        assert_eq!(api_path("/api/users/@me"), Some("/users/@me"));
        assert_eq!(api_path("/api/v10"), Some("/"));
        assert_eq!(api_path("/health"), None);
        assert_eq!(api_path("/apix/v10"), None);
    }

    #[test]
    fn ids_and_tokens_become_placeholders() {
        let templates = Templates::new();
        let route = templates.classify(Method::Post, "/channels/123/messages");
        assert_eq!(route.endpoint.route(), "/channels/{channel_id}/messages");
        assert_eq!(route.endpoint.major_param(), Some(123));
        assert!(!route.endpoint.is_global_exempt());

        let route = templates.classify(
            Method::Put,
            "/channels/1/messages/2/reactions/%F0%9F%91%8D/@me",
        );
        assert_eq!(
            route.endpoint.route(),
            "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me"
        );

        let webhook = templates.classify(Method::Post, "/webhooks/7/secret-token.AbC");
        assert_eq!(
            webhook.endpoint.route(),
            "/webhooks/{webhook_id}/{webhook_token}"
        );
        assert!(webhook.endpoint.is_global_exempt() && webhook.token_route);
        let other = templates.classify(Method::Post, "/webhooks/7/another");
        assert_ne!(webhook.endpoint.major_param(), other.endpoint.major_param());
        assert!(!format!("{webhook:?}").contains("secret-token"));

        let callback = templates.classify(Method::Post, "/interactions/9/tok/callback");
        assert_eq!(
            callback.endpoint.route(),
            "/interactions/{interaction_id}/{interaction_token}/callback"
        );
        assert!(callback.endpoint.is_global_exempt());

        // A route no one knows yet keeps its words and its major parameter.
        let unknown = templates.classify(Method::Get, "/guilds/5/new-feature/77");
        assert_eq!(
            unknown.endpoint.route(),
            "/guilds/{guild_id}/new-feature/{id}"
        );
        assert_eq!(unknown.endpoint.major_param(), Some(5));
    }

    #[test]
    fn the_template_set_is_bounded() {
        let templates = Templates::new();
        for n in 0..MAX_TEMPLATES + 10 {
            let path = format!("/x{}", "a".repeat(n % 30 + 1)) + &"/b".repeat(n / 30);
            let _ = templates.classify(Method::Get, &path);
        }
        let route = templates.classify(Method::Get, "/brand-new");
        assert_eq!(route.endpoint.route(), OVERFLOW);
        assert!(templates.known.lock().unwrap().len() <= MAX_TEMPLATES);
    }
}
