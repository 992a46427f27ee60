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
//!
//! # Typed requests
//!
//! A body field the spec requires is an argument of the constructor, an
//! optional one a setter; each takes the model's type (enums, bit sets,
//! ids with their marker, nested structs), and a PATCH field Discord lets
//! you clear has a `clear_x` setter beside it. The generated body of each
//! operation is a `#[derive(Serialize)]` struct; request-only objects the
//! model has no type for are in [`body`] and [`github`].
//!
//! ```no_run
//! # async fn run(client: twilight_http::Client) -> Result<(), twilight_http::Error> {
//! use twilight_model::{channel::ChannelType, id::Id};
//!
//! let channel = client
//!     .create_guild_channel(Id::new(1), "general")
//!     .kind(ChannelType::GuildText)
//!     .parent_id(Id::new(2))
//!     .await?
//!     .model()
//!     .await?;
//! # Ok(()) }
//! ```
//!
//! Leaving out a required field does not compile:
//!
//! ```compile_fail,E0061
//! # async fn run(client: twilight_http::Client) -> Result<(), twilight_http::Error> {
//! use twilight_model::id::Id;
//!
//! let channel = client.create_guild_channel(Id::new(1)).await?;
//! # Ok(()) }
//! ```
//!
//! Nor does an id of the wrong kind (a user id as the parent category):
//!
//! ```compile_fail,E0308
//! # async fn run(client: twilight_http::Client) -> Result<(), twilight_http::Error> {
//! use twilight_model::id::{Id, marker::UserMarker};
//!
//! let owner: Id<UserMarker> = Id::new(2);
//! let channel = client
//!     .create_guild_channel(Id::new(1), "general")
//!     .parent_id(owner)
//!     .await?;
//! # Ok(()) }
//! ```
//!
//! The builders written by hand, where the generator cannot express the
//! API well, are these (the generator's `HANDWRITTEN` list):
//! [`CreateMessage`], [`UpdateMessage`], [`ExecuteWebhook`] and
//! [`UpdateWebhookMessage`] (for `update_webhook_message` and
//! `update_original_webhook_message`) in [`message`]: defaults, limits
//! that span fields, files as `multipart/form-data`; and [`CreateResponse`]
//! in [`interaction`] (`create_interaction_response`): the whole
//! [`InteractionResponse`](twilight_model::interaction::InteractionResponse)
//! model as its body, with files.

pub mod body;
pub(crate) mod builder;
pub mod github;
pub mod interaction;
pub mod message;
pub mod operations;

pub use interaction::{CreateResponse, InteractionClient};
pub use message::{CreateMessage, ExecuteWebhook, UpdateMessage, UpdateWebhookMessage};

#[cfg(test)]
mod tests {
    use crate::routing::ROUTES;
    use serde_json::json;
    use twilight_model::{
        channel::{ChannelType, PermissionOverwrite, PermissionOverwriteType},
        guild::GuildWidgetStyle,
        id::Id,
        lobby::LobbyFlags,
        message::SearchAuthorType,
        permissions::Permissions,
    };

    /// The routes whose builder is written by hand.
    const HANDWRITTEN: &[&str] = &[
        "CreateMessage",
        "UpdateMessage",
        "ExecuteWebhook",
        "UpdateWebhookMessage",
        "UpdateOriginalWebhookMessage",
        "CreateInteractionResponse",
    ];

    fn json_body(request: &crate::Request) -> serde_json::Value {
        let Some(crate::Body::Json(bytes)) = request.body_ref() else {
            panic!("not JSON: {request:?}");
        };
        serde_json::from_slice(bytes).unwrap()
    }

    #[test]
    fn patch_bodies_tell_unchanged_from_cleared() {
        let client = crate::Client::new("token");
        let request = client
            .update_channel(Id::new(1))
            .clear_topic()
            .nsfw(true)
            .try_into_request()
            .unwrap();
        // Only what was set is sent: `topic` as null, nothing else.
        assert_eq!(json_body(&request), json!({ "topic": null, "nsfw": true }));
    }

    #[test]
    fn required_arguments_and_typed_fields_make_the_body() {
        let client = crate::Client::new("token");
        let request = client
            .create_guild_channel(Id::new(1), "staff")
            .kind(ChannelType::GuildVoice)
            .parent_id(Id::new(7))
            .permission_overwrites([PermissionOverwrite {
                id: Id::new(1),
                kind: PermissionOverwriteType::Role,
                allow: Permissions::empty(),
                deny: Permissions::VIEW_CHANNEL,
            }])
            .try_into_request()
            .unwrap();
        assert_eq!(
            json_body(&request),
            json!({
                "name": "staff",
                "type": 2,
                "parent_id": "7",
                "permission_overwrites": [{ "id": "1", "type": 0, "allow": "0", "deny": "1024" }],
            })
        );
        // A required argument is checked at once.
        let error = client
            .create_guild_channel(Id::new(1), "")
            .try_into_request()
            .unwrap_err();
        assert!(error.to_string().contains("`name`"), "{error}");
    }

    #[test]
    fn loosely_specified_query_parameters_are_typed() {
        let client = crate::Client::new("token");
        let png = client
            .get_guild_widget_png(Id::new(1))
            .style(GuildWidgetStyle::Banner2)
            .try_into_request()
            .unwrap();
        assert_eq!(png.path(), "/guilds/1/widget.png?style=banner2");
        let entitlements = client
            .get_entitlements(Id::new(1))
            .sku_ids([Id::new(5), Id::new(6)])
            .try_into_request()
            .unwrap();
        // Documented as comma-delimited: the commas are not encoded.
        assert_eq!(
            entitlements.path(),
            "/applications/1/entitlements?sku_ids=5,6"
        );
        // A string enum list: repeated keys, as Discord spells each value.
        let search = client
            .guild_search(Id::new(1))
            .author_type([SearchAuthorType::Bot, SearchAuthorType::NotWebhook])
            .try_into_request()
            .unwrap();
        assert_eq!(
            search.path(),
            "/guilds/1/messages/search?author_type=bot&author_type=-webhook"
        );
        // Lobby flags: only the one bit the spec accepts.
        let error = client
            .create_lobby()
            .flags(LobbyFlags::from_bits_retain(2))
            .try_into_request()
            .unwrap_err();
        assert!(error.to_string().contains("`flags`"), "{error}");
        let lobby = client
            .create_lobby()
            .flags(LobbyFlags::from_bits_retain(1))
            .try_into_request()
            .unwrap();
        let Some(crate::request::Body::Json(bytes)) = lobby.body_ref() else {
            panic!("not json");
        };
        assert_eq!(bytes, br#"{"flags":1}"#);
    }

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
