//! Typed requests: a builder for every operation of Discord's REST API,
//! reached from the [`Client`](crate::Client).
//!
//! Every response is typed: operations answering `204 No Content` resolve
//! to [`EmptyBody`](crate::marker::EmptyBody), those answering a body or
//! `204` to an `Option` of their model, the guild widget's PNG to
//! [`Binary`](crate::marker::Binary) (its bytes and content type).
//!
//! Every builder is awaited to send it (`IntoFuture`), checks Discord's
//! documented limits before anything is sent, and takes an audit log
//! reason. Most are generated from Discord's OpenAPI spec
//! ([`operations`]); messages, webhook executions and interaction
//! responses have hand-written builders ([`message`], [`interaction`]).

pub mod body;
pub(crate) mod builder;
pub mod interaction;
pub mod message;
pub mod operations;

pub use interaction::{CreateResponse, InteractionClient};
pub use message::{CreateMessage, ExecuteWebhook, UpdateMessage, UpdateWebhookMessage};

#[cfg(test)]
mod tests {
    use crate::routing::ROUTES;

    /// The routes whose builder is written by hand.
    const HANDWRITTEN: &[&str] = &[
        "CreateMessage",
        "UpdateMessage",
        "ExecuteWebhook",
        "UpdateWebhookMessage",
        "UpdateOriginalWebhookMessage",
        "CreateInteractionResponse",
    ];

    #[test]
    fn every_route_has_exactly_one_builder() {
        let names: Vec<&str> = super::operations::GENERATED
            .iter()
            .flat_map(|module| module.iter().copied())
            .collect();
        for route in ROUTES {
            let generated = names.contains(&route.name);
            let handwritten = HANDWRITTEN.contains(&route.name);
            assert!(
                generated != handwritten,
                "{}: generated {generated}, hand-written {handwritten}",
                route.name
            );
        }
        assert_eq!(names.len() + HANDWRITTEN.len(), ROUTES.len());
    }
}
