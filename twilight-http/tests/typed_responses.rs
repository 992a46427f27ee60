//! Responses whose shape depends on the answer: a file with its content
//! type, an empty `204` read as `None`, maps keyed by ids, a search that is
//! not ready yet.

mod client_support;

use client_support::{RawServer, TOKEN, bounded, client_at};
use twilight_model::{channel::ThreadSearch, id::Id};

#[tokio::test]
async fn the_widget_png_answers_its_bytes_and_content_type() {
    bounded(async {
        let server = RawServer::start(Some(
            b"HTTP/1.1 200 OK\r\ncontent-type: image/png\r\ncontent-length: 4\r\n\r\n\x89PNG",
        ))
        .await;
        let client = client_at(TOKEN, &server.url);
        let png = client
            .get_guild_widget_png(Id::new(1))
            .await
            .unwrap()
            .binary()
            .await
            .unwrap();
        assert_eq!(png.content_type.as_deref(), Some("image/png"));
        assert_eq!(&png.bytes[..], b"\x89PNG");
    })
    .await;
}

#[tokio::test]
async fn typing_answers_none_on_204_and_the_cooldown_on_200() {
    bounded(async {
        let empty = RawServer::start(Some(b"HTTP/1.1 204 No Content\r\n\r\n")).await;
        let client = client_at(TOKEN, &empty.url);
        let answer = client
            .trigger_typing_indicator(Id::new(1))
            .await
            .unwrap()
            .model()
            .await
            .unwrap();
        assert_eq!(answer, None);

        let slow =
            RawServer::start(Some(json_answer(r#"{"message_send_cooldown_ms":5000}"#))).await;
        let client = client_at(TOKEN, &slow.url);
        let answer = client
            .trigger_typing_indicator(Id::new(1))
            .await
            .unwrap()
            .model()
            .await
            .unwrap()
            .expect("a cooldown");
        assert_eq!(answer.message_send_cooldown_ms, Some(5000));
    })
    .await;
}

fn json_answer(body: &str) -> &'static [u8] {
    Box::leak(
        format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
            body.len()
        )
        .into_bytes()
        .into_boxed_slice(),
    )
}

#[tokio::test]
async fn role_member_counts_are_keyed_by_role_id() {
    bounded(async {
        let server = RawServer::start(Some(json_answer(r#"{"10":3,"11":0}"#))).await;
        let client = client_at(TOKEN, &server.url);
        let counts = client
            .guild_role_member_counts(Id::new(1))
            .await
            .unwrap()
            .model()
            .await
            .unwrap();
        assert_eq!(counts[&Id::new(10)], 3);
        assert_eq!(counts[&Id::new(11)], 0);
    })
    .await;
}

#[tokio::test]
async fn a_thread_search_whose_index_is_not_ready_says_so() {
    bounded(async {
        let server = RawServer::start(Some(json_answer(
            r#"{"message":"Index not yet available","code":110000,"documents_indexed":0,"retry_after":2}"#,
        )))
        .await;
        let client = client_at(TOKEN, &server.url);
        let search = client
            .thread_search(Id::new(1))
            .await
            .unwrap()
            .model()
            .await
            .unwrap();
        let ThreadSearch::NotReady(not_ready) = search else {
            panic!("read as results: {search:?}");
        };
        assert_eq!(not_ready.retry_after, 2);
    })
    .await;
}

#[tokio::test]
async fn a_webhook_executed_without_wait_resolves_to_an_empty_body() {
    bounded(async {
        let server = RawServer::start(Some(b"HTTP/1.1 204 No Content\r\n\r\n")).await;
        let client = client_at(TOKEN, &server.url);
        let twilight_http::marker::EmptyBody = client
            .execute_webhook(Id::new(1), "token")
            .content("hi")
            .await
            .unwrap()
            .model()
            .await
            .unwrap();
        assert!(
            server.requests()[0]
                .head
                .starts_with("POST /api/v10/webhooks/1/token ")
        );
    })
    .await;
}

#[tokio::test]
async fn a_webhook_executed_with_wait_resolves_to_its_message() {
    bounded(async {
        let server = RawServer::start(Some(json_answer(
            r#"{"id":"3","channel_id":"2","author":{"id":"1","username":"hook","discriminator":"0000","avatar":null},
            "content":"hi","timestamp":"2024-01-01T00:00:00+00:00","edited_timestamp":null,"tts":false,
            "mention_everyone":false,"mentions":[],"mention_roles":[],"attachments":[],"embeds":[],
            "pinned":false,"type":0,"webhook_id":"1"}"#,
        )))
        .await;
        let client = client_at(TOKEN, &server.url);
        let message = client
            .execute_webhook(Id::new(1), "token")
            .wait()
            .content("hi")
            .await
            .unwrap()
            .model()
            .await
            .unwrap();
        assert_eq!(message.content, "hi");
        assert!(server.requests()[0].head.starts_with("POST /api/v10/webhooks/1/token?wait=true "));
    })
    .await;
}
