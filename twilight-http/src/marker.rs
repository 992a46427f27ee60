//! Markers for responses without a model.

use serde::{Deserialize, Deserializer, de::IgnoredAny};

/// The model of a route that answers `204 No Content` (or whose body is of
/// no interest): [`Response::model`](crate::Response::model) returns it for
/// an empty body and for any JSON, whose content it ignores.
///
/// ```no_run
/// # async fn run(client: twilight_http::Client) -> Result<(), twilight_http::Error> {
/// use twilight_http::{
///     marker::EmptyBody,
///     request::{Endpoint, Method, Request},
/// };
///
/// let request = Request::new(
///     Method::Post,
///     "/channels/123/typing",
///     Endpoint::new(Method::Post, "/channels/{channel_id}/typing").major(123),
/// );
/// let response = client.request::<EmptyBody>(request).await?;
/// assert_eq!(response.status(), 204);
/// let EmptyBody = response.model().await?;
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug, Default, Eq, Hash, PartialEq)]
pub struct EmptyBody;

impl<'de> Deserialize<'de> for EmptyBody {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        IgnoredAny::deserialize(deserializer)?;
        Ok(Self)
    }
}

/// The model of a route that answers a file rather than JSON (the guild
/// widget's PNG): [`Response::binary`](crate::Response::binary) returns
/// its bytes and content type.
#[derive(Clone, Debug, Default, Eq, PartialEq)]
pub struct Binary {
    /// The `Content-Type` the server sent (`image/png`), if any.
    pub content_type: Option<String>,
    /// The bytes.
    pub bytes: bytes::Bytes,
}

#[cfg(test)]
mod tests {
    use super::EmptyBody;

    #[test]
    fn any_json_is_an_empty_body() {
        for json in ["null", "{}", r#"{"id":"1","nested":[1,2]}"#, "[]"] {
            assert_eq!(serde_json::from_str::<EmptyBody>(json).unwrap(), EmptyBody);
        }
    }
}
