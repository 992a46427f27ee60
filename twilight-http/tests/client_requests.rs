//! Requests and responses against twilight-mock: models on demand, empty
//! bodies, the headers the client sends, typed errors with Discord's codes.

mod client_support;

use client_support::{
    RawServer, TOKEN, bounded, client, client_at, create_message, current_user_error, get_channel,
    get_current_user, mock, text_channels, typing,
};
use serde_json::json;
use twilight_http::{
    Body, Client, ErrorKind,
    marker::EmptyBody,
    request::{Endpoint, Method, Request},
};
use twilight_model::{channel::Channel, message::Message, user::User};

#[tokio::test]
async fn a_model_is_parsed_on_demand() {
    bounded(async {
        let mock = mock().await;
        let client = client(&mock);
        let response = client.request::<User>(get_current_user()).await.unwrap();
        assert_eq!(response.status(), 200);
        assert!(response.header("x-ratelimit-bucket").is_some());
        assert_eq!(response.header("content-type"), Some("application/json"));
        let raw: serde_json::Value = serde_json::from_slice(response.body()).unwrap();
        let user = response.model().await.unwrap();
        assert_eq!(user.id.get().to_string(), raw["id"].as_str().unwrap());
        assert_eq!(user.bot, Some(true));
    })
    .await;
}

#[tokio::test]
async fn a_json_body_is_sent_and_its_result_parsed() {
    bounded(async {
        let mock = mock().await;
        let client = client(&mock);
        let channel = text_channels(&mock)[0];
        let message: Message = client
            .request(create_message(channel, &json!({ "content": "hello" })))
            .await
            .unwrap()
            .model()
            .await
            .unwrap();
        assert_eq!(message.content, "hello");
        assert_eq!(message.channel_id.get(), channel);
    })
    .await;
}

#[tokio::test]
async fn a_multipart_body_carries_its_files() {
    bounded(async {
        let mock = mock().await;
        let client = client(&mock);
        let channel = text_channels(&mock)[0];
        let boundary = "fb0b6e2f7a3c";
        let form = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"payload_json\"\r\n\
             Content-Type: application/json\r\n\r\n{{\"content\":\"with a file\"}}\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"files[0]\"; \
             filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nfile contents\r\n\
             --{boundary}--\r\n"
        );
        let request = Request::new(
            Method::Post,
            format!("/channels/{channel}/messages"),
            Endpoint::new(Method::Post, "/channels/{channel_id}/messages").major(channel),
        )
        .body(Body::Multipart {
            content_type: format!("multipart/form-data; boundary={boundary}"),
            bytes: form.into_bytes(),
        });
        let message: Message = client
            .request(request)
            .await
            .unwrap()
            .model()
            .await
            .unwrap();
        assert_eq!(message.content, "with a file");
        assert_eq!(message.attachments.len(), 1);
        assert_eq!(message.attachments[0].filename, "a.txt");
    })
    .await;
}

#[tokio::test]
async fn no_content_has_an_empty_model() {
    bounded(async {
        let mock = mock().await;
        let client = client(&mock);
        let response = client
            .request::<EmptyBody>(typing(text_channels(&mock)[0]))
            .await
            .unwrap();
        assert_eq!(response.status(), 204);
        assert!(response.body().is_empty());
        response.model().await.unwrap();
    })
    .await;
}

#[tokio::test]
async fn an_error_status_carries_discords_code() {
    bounded(async {
        let mock = mock().await;
        let client = client(&mock);
        let error = client.request::<Channel>(get_channel(1)).await.unwrap_err();
        let ErrorKind::Response {
            status,
            error: Some(api),
            body,
        } = error.kind()
        else {
            panic!("not a response error: {error:?}");
        };
        assert_eq!(*status, 404);
        assert_eq!(api.code, 10003);
        assert!(!body.is_empty());
        assert!(error.to_string().contains("10003"), "{error}");
    })
    .await;
}

#[tokio::test]
async fn invalid_form_body_lists_each_field() {
    bounded(async {
        let mock = mock().await;
        let client = client(&mock);
        let channel = text_channels(&mock)[0];
        let body = json!({ "content": "x".repeat(2001), "embeds": [1] });
        let error = client
            .request::<Message>(create_message(channel, &body))
            .await
            .unwrap_err();
        let ErrorKind::Response {
            status: 400,
            error: Some(api),
            ..
        } = error.kind()
        else {
            panic!("not a 400: {error:?}");
        };
        assert_eq!(api.code, 50035);
        let fields = api.field_errors();
        assert!(!fields.is_empty());
        assert!(
            fields.iter().any(|field| field.path == "content"),
            "{fields:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_body_of_another_shape_is_a_parsing_error_with_the_body() {
    bounded(async {
        let mock = mock().await;
        let client = client(&mock);
        let error = client
            .request::<Vec<Message>>(get_current_user())
            .await
            .unwrap()
            .model()
            .await
            .unwrap_err();
        let ErrorKind::Parsing { body } = error.kind() else {
            panic!("not a parsing error: {error:?}");
        };
        assert!(body.starts_with(b"{"));
    })
    .await;
}

#[tokio::test]
async fn headers_sent_token_agent_reason_content_type() {
    bounded(async {
        let server = RawServer::start(Some(
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}",
        ))
        .await;
        let client = client_at(format!("Bot {TOKEN}"), format!("{}/", server.url));
        let request = create_message(1, &json!({ "content": "hi" })).reason("spam & abuse: ünï");
        client.request::<EmptyBody>(request).await.unwrap();
        let unauthorized = get_current_user().without_authorization();
        client.request::<EmptyBody>(unauthorized).await.unwrap();

        let requests = server.requests();
        let first = &requests[0];
        assert!(
            first
                .head
                .starts_with("POST /api/v10/channels/1/messages HTTP/1.1")
        );
        assert_eq!(
            first.header("authorization"),
            Some(format!("Bot {TOKEN}").as_str()),
            "the Bot prefix is not doubled"
        );
        assert_eq!(
            first.header("user-agent"),
            Some(
                format!(
                    "DiscordBot ({}, {})",
                    env!("CARGO_PKG_REPOSITORY"),
                    env!("CARGO_PKG_VERSION")
                )
                .as_str()
            )
        );
        assert_eq!(
            first.header("x-audit-log-reason"),
            Some("spam%20%26%20abuse%3A%20%C3%BCn%C3%AF")
        );
        assert_eq!(first.header("content-type"), Some("application/json"));
        assert_eq!(first.body, br#"{"content":"hi"}"#);
        assert_eq!(requests[1].header("authorization"), None);
    })
    .await;
}

#[tokio::test]
async fn a_user_agent_set_on_the_builder_is_sent_verbatim() {
    bounded(async {
        let server = RawServer::start(Some(
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}",
        ))
        .await;
        let agent =
            "DiscordBot (https://example.com/fork, 2.0.0-rc.1) my-bot/0.3 (+ops@example.com)";
        let client = Client::builder()
            .token(TOKEN)
            .base_url(server.url.clone())
            .ratelimiter(None)
            .user_agent(agent)
            .build();
        client
            .request::<EmptyBody>(get_current_user())
            .await
            .unwrap();
        client
            .request::<EmptyBody>(get_current_user().without_authorization())
            .await
            .unwrap();
        let requests = server.requests();
        assert_eq!(requests.len(), 2);
        for request in &requests {
            assert_eq!(request.header("user-agent"), Some(agent));
        }
    })
    .await;
}

#[tokio::test]
async fn a_user_agent_unfit_for_a_header_is_a_typed_error() {
    bounded(async {
        let server = RawServer::start(None).await;
        let client = Client::builder()
            .token(TOKEN)
            .base_url(server.url.clone())
            .ratelimiter(None)
            .user_agent("DiscordBot (https://example.com, 1.0)\nX-Injected: yes")
            .build();
        for request in [
            get_current_user(),
            get_current_user().without_authorization(),
        ] {
            let error = client.request::<EmptyBody>(request).await.unwrap_err();
            assert!(matches!(error.kind(), ErrorKind::BuildingRequest), "{error:?}");
            let message = error.to_string();
            assert_eq!(
                message,
                "the request could not be built: the user agent holds characters not allowed in a header"
            );
            assert!(!message.contains(TOKEN) && !format!("{error:?}").contains(TOKEN));
        }
        assert!(server.requests().is_empty());
    })
    .await;
}

#[tokio::test]
async fn proxy_mode_sends_the_same_paths_without_a_limiter() {
    bounded(async {
        let mock = mock().await;
        // The mock serves /api/v10 like a proxy would.
        let host = mock
            .rest_url()
            .trim_start_matches("http://")
            .trim_end_matches("/api/v10")
            .to_owned();
        let client = Client::builder().token(TOKEN).proxy(&host, true).build();
        assert!(client.ratelimiter().is_none());
        assert_eq!(client.base_url(), mock.rest_url());
        let user = client
            .request::<User>(get_current_user())
            .await
            .unwrap()
            .model()
            .await
            .unwrap();
        assert_eq!(user.bot, Some(true));
        assert_eq!(mock.rest().requests()[0].path, "/api/v10/users/@me");
    })
    .await;
}

#[tokio::test]
async fn https_uses_tls_and_reports_a_failed_handshake() {
    bounded(async {
        // A plain-HTTP server answers the TLS handshake with plain text.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        tokio::spawn(async move {
            use tokio::io::{AsyncReadExt, AsyncWriteExt};
            let (mut stream, _) = listener.accept().await.unwrap();
            let mut hello = [0; 512];
            let _ = stream.read(&mut hello).await;
            let _ = stream
                .write_all(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n")
                .await;
        });
        let client = client_at(TOKEN, format!("https://{address}/api/v10"));
        let error = current_user_error(&client).await;
        assert!(matches!(error.kind(), ErrorKind::Connection), "{error:?}");
        // The cause, from deep in the source chain, is in the message.
        assert!(error.to_string().contains("corrupt message"), "{error}");
    })
    .await;
}

#[test]
fn default_allowed_mentions_are_kept_for_the_routes() {
    use twilight_model::message::AllowedMentions;
    let none = AllowedMentions::default();
    let client = Client::builder()
        .default_allowed_mentions(none.clone())
        .build();
    assert_eq!(client.default_allowed_mentions(), Some(&none));
    assert_eq!(Client::new(TOKEN).default_allowed_mentions(), None);
    assert!(
        Client::new(TOKEN).ratelimiter().is_some(),
        "in-memory by default"
    );
}

#[test]
fn a_limiter_set_explicitly_survives_proxy_mode() {
    use std::sync::Arc;
    use twilight_http_ratelimiting::{InMemoryRateLimiter, RateLimiter};
    let limiter = || Some(Arc::new(InMemoryRateLimiter::new()) as Arc<dyn RateLimiter>);
    let before = Client::builder()
        .ratelimiter(limiter())
        .proxy("localhost:3000", true)
        .build();
    let after = Client::builder()
        .proxy("localhost:3000", true)
        .ratelimiter(limiter())
        .build();
    assert!(before.ratelimiter().is_some() && after.ratelimiter().is_some());
}
