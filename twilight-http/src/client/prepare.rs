//! A [`Request`] turned into what hyper sends, once, so that retries only
//! clone it: URI, headers and body bytes.

use crate::{Body, Error, ErrorKind, Request};
use bytes::Bytes;
use http::{
    HeaderMap, HeaderValue, Uri,
    header::{AUTHORIZATION, CONTENT_TYPE, USER_AGENT},
};
use http_body_util::Full;

/// A request ready to send, any number of times.
#[derive(Debug)]
pub(super) struct Prepared {
    method: http::Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
}

impl Prepared {
    /// Builds the URI from `base` and the request's path, and the headers.
    /// `authorization` is sent if the request is authorized.
    pub(super) fn new(
        request: &Request,
        base: &str,
        authorization: Option<&HeaderValue>,
        user_agent: &HeaderValue,
    ) -> Result<Self, Error> {
        // The path may hold a webhook or interaction token: the error must
        // not quote it, and http's URI errors do not.
        let uri: Uri = format!("{base}{}", request.path())
            .parse()
            .map_err(|source| Error::new(ErrorKind::BuildingRequest, source))?;

        let mut headers = HeaderMap::with_capacity(4);
        headers.insert(USER_AGENT, user_agent.clone());
        if let Some(authorization) = authorization {
            headers.insert(AUTHORIZATION, authorization.clone());
        }
        if let Some(reason) = request.audit_log_reason() {
            // Percent-encoding leaves only ASCII that is valid in a header.
            let value = HeaderValue::from_str(&percent_encode(reason))
                .map_err(|source| Error::new(ErrorKind::BuildingRequest, source))?;
            headers.insert("x-audit-log-reason", value);
        }
        let body = match request.body_ref() {
            None => Bytes::new(),
            Some(Body::Json(bytes)) => {
                headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
                Bytes::copy_from_slice(bytes)
            }
            Some(Body::Multipart {
                content_type,
                bytes,
            }) => {
                let value = HeaderValue::from_str(content_type).map_err(|source| {
                    Error::new(
                        ErrorKind::BuildingRequest,
                        format!("invalid multipart content type: {source}"),
                    )
                })?;
                headers.insert(CONTENT_TYPE, value);
                Bytes::copy_from_slice(bytes)
            }
        };

        Ok(Self {
            method: method(request),
            uri,
            headers,
            body,
        })
    }

    /// One copy to send (the body is shared, not copied).
    pub(super) fn to_http(&self) -> http::Request<Full<Bytes>> {
        let mut request = http::Request::new(Full::new(self.body.clone()));
        *request.method_mut() = self.method.clone();
        *request.uri_mut() = self.uri.clone();
        *request.headers_mut() = self.headers.clone();
        request
    }
}

fn method(request: &Request) -> http::Method {
    use twilight_http_ratelimiting::Method as M;
    match request.method() {
        M::Delete => http::Method::DELETE,
        M::Get => http::Method::GET,
        M::Patch => http::Method::PATCH,
        M::Post => http::Method::POST,
        M::Put => http::Method::PUT,
    }
}

/// Percent-encodes every byte but the unreserved characters of RFC 3986,
/// as Discord expects of `X-Audit-Log-Reason` (URL-encoded UTF-8).
pub(super) fn percent_encode(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len());
    for &byte in text.as_bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0xf)]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::{Endpoint, Method};

    #[test]
    fn audit_log_reasons_are_percent_encoded() {
        assert_eq!(percent_encode("spam bot"), "spam%20bot");
        assert_eq!(percent_encode("ünïcode/ok~"), "%C3%BCn%C3%AFcode%2Fok~");
        assert_eq!(percent_encode("line\nbreak"), "line%0Abreak");
    }

    #[test]
    fn headers_and_uri() {
        let request = Request::new(
            Method::Post,
            "/channels/1/messages?x=1",
            Endpoint::new(Method::Post, "/channels/{channel_id}/messages").major(1),
        )
        .json(&serde_json::json!({"content": "hi"}))
        .unwrap()
        .reason("a b");
        let auth = HeaderValue::from_static("Bot abc");
        let agent = HeaderValue::from_static("DiscordBot (x, 1)");
        let prepared =
            Prepared::new(&request, "http://127.0.0.1:1/api/v10", Some(&auth), &agent).unwrap();
        let http = prepared.to_http();
        assert_eq!(http.method(), http::Method::POST);
        assert_eq!(
            http.uri().to_string(),
            "http://127.0.0.1:1/api/v10/channels/1/messages?x=1"
        );
        assert_eq!(http.headers()[CONTENT_TYPE], "application/json");
        assert_eq!(http.headers()["x-audit-log-reason"], "a%20b");
        assert_eq!(http.headers()[AUTHORIZATION], "Bot abc");
    }

    #[test]
    fn a_bad_path_is_a_typed_error_without_the_path() {
        let request = Request::new(
            Method::Get,
            "/webhooks/1/secret token",
            Endpoint::new(Method::Get, "/webhooks/{webhook_id}/{token}"),
        );
        let agent = HeaderValue::from_static("x");
        let error = Prepared::new(&request, "http://h", None, &agent).unwrap_err();
        assert!(matches!(error.kind(), ErrorKind::BuildingRequest));
        assert!(!error.to_string().contains("secret"));
    }
}
