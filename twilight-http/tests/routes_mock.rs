//! Typed requests against twilight-mock: one representative request (or a
//! short flow) per resource group, asserting on the models returned and on
//! what the mock stored and saw.

use serde_json::json;
use std::time::Duration;
use twilight_http::{
    Client, ErrorKind, Response, api::body::NewCommand, multipart::Attachment,
    routing::ReactionEmoji, validate::ValidationError,
};
use twilight_mock::{Mock, MockConfig};
use twilight_model::{
    application::command::CommandType,
    channel::{AutoArchiveDuration, ChannelType},
    id::{
        Id,
        marker::{ChannelMarker, GuildMarker, UserMarker},
    },
    interaction::{InteractionResponse, InteractionResponseData, InteractionResponseType},
    message::{AllowedMentions, MessageReferenceType, embed::Embed},
    timestamp::Timestamp,
};

const TOKEN: &str = "routes-test-token";

/// Fails a test that hangs; never a timing assertion.
async fn bounded<T>(future: impl Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(120), future)
        .await
        .expect("the test hung")
}

struct World {
    mock: Mock,
    client: Client,
    guild: Id<GuildMarker>,
    channel: Id<ChannelMarker>,
    user: Id<UserMarker>,
    other_user: Id<UserMarker>,
}

async fn world() -> World {
    world_with(|builder| builder).await
}

async fn world_with(
    configure: impl FnOnce(twilight_http::ClientBuilder) -> twilight_http::ClientBuilder,
) -> World {
    let config = MockConfig {
        token: TOKEN.to_owned(),
        ..MockConfig::default()
    };
    let user = config.fixtures.users[0].id.cast();
    let other_user = config.fixtures.users[1].id.cast();
    let mock = Mock::start(config).await.expect("the mock starts");
    mock.rest().set_interaction_deadline(None);
    let client = configure(
        Client::builder()
            .token(TOKEN)
            .base_url(mock.rest_url())
            .ratelimiter(None),
    )
    .build();
    let guild = mock.state().guild_ids()[0];
    let channels = mock
        .state()
        .list_guild_channels(guild.get())
        .expect("the guild has channels");
    let channel = channels
        .as_array()
        .into_iter()
        .flatten()
        .find(|channel| channel["type"] == 0)
        .and_then(|channel| channel["id"].as_str()?.parse().ok())
        .expect("a text channel");
    World {
        mock,
        client,
        guild: guild.cast(),
        channel: Id::new(channel),
        user,
        other_user,
    }
}

async fn model<T: serde::de::DeserializeOwned>(
    response: Result<Response<T>, twilight_http::Error>,
) -> T {
    response
        .expect("the request succeeds")
        .model()
        .await
        .expect("the body is the model")
}

fn validation(error: &twilight_http::Error) -> &ValidationError {
    assert!(matches!(error.kind(), ErrorKind::Validation), "{error}");
    std::error::Error::source(error)
        .and_then(|source| source.downcast_ref::<ValidationError>())
        .expect("a ValidationError")
}

#[tokio::test]
async fn routes_messages_with_attachments() {
    bounded(async {
        let w = world().await;
        let message = model(
            w.client
                .create_message(w.channel)
                .content("the logs")
                .attachment(
                    Attachment::from_bytes("log.txt", b"all quiet".to_vec()).description("a log"),
                )
                .attachment(Attachment::from_bytes(
                    "cat.png",
                    vec![0x89, b'P', b'N', b'G'],
                ))
                .await,
        )
        .await;
        assert_eq!(message.content, "the logs");
        assert_eq!(message.attachments.len(), 2);
        assert_eq!(message.attachments[0].filename, "log.txt");
        assert_eq!(message.attachments[0].description.as_deref(), Some("a log"));
        assert_eq!(message.attachments[1].filename, "cat.png");
        // The bytes arrived as sent, with the guessed content type.
        let stored = w
            .mock
            .state()
            .file(message.attachments[0].id.get())
            .expect("the mock stored the file");
        assert_eq!(&stored.data[..], b"all quiet");
        let png = w
            .mock
            .state()
            .file(message.attachments[1].id.get())
            .expect("the mock stored the file");
        assert_eq!(png.content_type, "image/png");

        // Edit, reply, fetch, list and delete.
        let edited = model(
            w.client
                .update_message(w.channel, message.id)
                .content("edited")
                .await,
        )
        .await;
        assert_eq!(edited.content, "edited");
        // Keep one of the two files and add a new one: both end up on the
        // message, the other file is gone.
        let edited = model(
            w.client
                .update_message(w.channel, message.id)
                .keep_attachment_ids(&[message.attachments[0].id])
                .attachment(Attachment::from_bytes("new.txt", b"fresh".to_vec()))
                .await,
        )
        .await;
        let names: Vec<&str> = edited
            .attachments
            .iter()
            .map(|attachment| attachment.filename.as_str())
            .collect();
        assert_eq!(names, ["log.txt", "new.txt"]);
        assert_eq!(edited.attachments[0].id, message.attachments[0].id);
        let fresh = w
            .mock
            .state()
            .file(edited.attachments[1].id.get())
            .expect("the mock stored the new file");
        assert_eq!(&fresh.data[..], b"fresh");
        // A forward carries a snapshot of the message it forwards.
        let forward = model(
            w.client
                .create_message(w.channel)
                .forward(w.channel, message.id)
                .await,
        )
        .await;
        let reference = forward
            .message_reference
            .expect("a forward has a reference");
        assert_eq!(reference.kind, Some(MessageReferenceType::Forward));
        assert_eq!(reference.message_id, Some(message.id));
        let snapshots = forward.message_snapshots.expect("a forward has a snapshot");
        assert_eq!(snapshots[0].message.content, "edited");
        let reply = model(
            w.client
                .create_message(w.channel)
                .content("a reply")
                .reply(message.id)
                .await,
        )
        .await;
        assert_eq!(
            reply
                .message_reference
                .and_then(|reference| reference.message_id),
            Some(message.id)
        );
        let fetched = model(w.client.get_message(w.channel, message.id).await).await;
        assert_eq!(fetched.content, "edited");
        let listed = model(w.client.list_messages(w.channel).limit(2).await).await;
        assert_eq!(listed.len(), 2);
        assert_eq!(listed[0].id, reply.id);
        let response = w
            .client
            .delete_message(w.channel, message.id)
            .await
            .expect("deleted");
        assert_eq!(response.status(), 204);
    })
    .await;
}

#[tokio::test]
async fn routes_validation_stops_requests_before_sending() {
    bounded(async {
        let w = world().await;
        let before = w.mock.rest().requests().len();

        let error = w
            .client
            .create_message(w.channel)
            .content("a".repeat(2001))
            .await
            .unwrap_err();
        let invalid = validation(&error);
        assert_eq!(invalid.field(), "content");

        let mut embed: Embed = serde_json::from_value(json!({})).unwrap();
        embed.title = Some("t".repeat(257));
        let error = w
            .client
            .create_message(w.channel)
            .embeds(&[embed])
            .await
            .unwrap_err();
        assert_eq!(validation(&error).field(), "embeds[0].title");

        let error = w
            .client
            .list_messages(w.channel)
            .limit(101)
            .await
            .unwrap_err();
        assert_eq!(validation(&error).field(), "limit");

        let error = w
            .client
            .ban_user_from_guild(w.guild, w.user)
            .delete_message_seconds(604_801)
            .await
            .unwrap_err();
        assert_eq!(validation(&error).field(), "delete_message_seconds");

        let error = w
            .client
            .update_guild_member(w.guild, w.user)
            .nick("n".repeat(33))
            .await
            .unwrap_err();
        assert_eq!(validation(&error).field(), "nick");

        let error = w
            .client
            .delete_channel(w.channel)
            .reason("r".repeat(513))
            .await
            .unwrap_err();
        assert_eq!(validation(&error).field(), "X-Audit-Log-Reason");

        // Limits from Discord's docs the spec does not state.
        let error = w
            .client
            .create_webhook(w.channel, "my discord hook")
            .await
            .unwrap_err();
        assert_eq!(validation(&error).field(), "name");

        // A required field checked in the constructor: nothing is sent.
        let error = w.client.create_webhook(w.channel, "").await.unwrap_err();
        assert_eq!(validation(&error).field(), "name");

        // No request reached the mock.
        assert_eq!(w.mock.rest().requests().len(), before);
    })
    .await;
}

#[tokio::test]
async fn routes_reactions() {
    bounded(async {
        let w = world().await;
        let message = model(w.client.create_message(w.channel).content("react").await).await;
        let rocket = ReactionEmoji::unicode("🚀");
        let response = w
            .client
            .add_my_message_reaction(w.channel, message.id, rocket.clone())
            .await
            .expect("reacted");
        assert_eq!(response.status(), 204);
        let users = model(
            w.client
                .list_message_reactions_by_emoji(w.channel, message.id, rocket.clone())
                .await,
        )
        .await;
        assert_eq!(users.len(), 1);
        assert_eq!(users[0].id, w.mock.state().bot_id());
        let fetched = model(w.client.get_message(w.channel, message.id).await).await;
        let reactions = fetched.reactions.unwrap_or_default();
        assert_eq!(reactions.len(), 1);
        assert_eq!(reactions[0].count, 1);

        w.client
            .delete_my_message_reaction(w.channel, message.id, "🚀")
            .await
            .expect("removed");
        let fetched = model(w.client.get_message(w.channel, message.id).await).await;
        assert!(fetched.reactions.unwrap_or_default().is_empty());
        // The emoji travelled percent-encoded.
        let requests = w.mock.rest().requests();
        assert!(
            requests.iter().any(
                |request| request.path.ends_with("/reactions/%F0%9F%9A%80/@me")
                    || request.path.ends_with("/reactions/🚀/@me")
            ),
            "{requests:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn routes_channels_and_threads() {
    bounded(async {
        let w = world().await;
        let channel = model(
            w.client
                .create_guild_channel(w.guild, "announcements")
                .kind(ChannelType::GuildText)
                .topic("news")
                .reason("a channel for news")
                .await,
        )
        .await;
        assert_eq!(channel.name.as_deref(), Some("announcements"));
        assert_eq!(channel.guild_id, Some(w.guild));
        let updated = model(
            w.client
                .update_channel(channel.id)
                .name("news")
                .clear_topic()
                .await,
        )
        .await;
        assert_eq!(updated.name.as_deref(), Some("news"));
        assert_eq!(updated.topic, None);
        let listed = model(w.client.list_guild_channels(w.guild).await).await;
        assert!(listed.iter().any(|listed| listed.id == channel.id));

        // A thread from a message, joined and listed.
        let message = model(w.client.create_message(channel.id).content("topic").await).await;
        let thread = model(
            w.client
                .create_thread_from_message(channel.id, message.id, "discussion")
                .auto_archive_duration(AutoArchiveDuration::Hour)
                .await,
        )
        .await;
        assert_eq!(thread.name.as_deref(), Some("discussion"));
        assert_eq!(thread.parent_id, Some(channel.id));
        let active = model(w.client.get_active_guild_threads(w.guild).await).await;
        assert!(active.threads.iter().any(|active| active.id == thread.id));
        let response = w.client.leave_thread(thread.id).await.expect("left");
        assert_eq!(response.status(), 204);

        let deleted = model(w.client.delete_channel(channel.id).await).await;
        assert_eq!(deleted.id, channel.id);
        let error = w.client.get_channel(channel.id).await.unwrap_err();
        assert!(matches!(
            error.kind(),
            ErrorKind::Response { status: 404, .. }
        ));
    })
    .await;
}

#[tokio::test]
async fn routes_members_roles_and_bans() {
    bounded(async {
        let w = world().await;
        let member = model(w.client.get_guild_member(w.guild, w.user).await).await;
        assert_eq!(member.user.id, w.user);

        let role = model(
            w.client
                .create_guild_role(w.guild)
                .name("helpers")
                .hoist(true)
                .mentionable(true)
                .reason("new team")
                .await,
        )
        .await;
        assert_eq!(role.name, "helpers");
        assert!(role.hoist);
        w.client
            .add_guild_member_role(w.guild, w.user, role.id)
            .reason("joined the team")
            .await
            .expect("role added");
        let member = model(
            w.client
                .update_guild_member(w.guild, w.user)
                .nick("helper")
                .communication_disabled_until(Timestamp::from_secs(4_102_444_800))
                .await,
        )
        .await;
        assert_eq!(member.nick.as_deref(), Some("helper"));
        assert_eq!(
            member.communication_disabled_until,
            Some(Timestamp::from_secs(4_102_444_800))
        );
        // clear_* sends null: the timeout ends.
        let member = model(
            w.client
                .update_guild_member(w.guild, w.user)
                .clear_communication_disabled_until()
                .await,
        )
        .await;
        assert_eq!(member.communication_disabled_until, None);
        assert!(member.roles.contains(&role.id));
        let role = model(
            w.client
                .update_guild_role(w.guild, role.id)
                .name("mentors")
                .await,
        )
        .await;
        assert_eq!(role.name, "mentors");
        let roles = model(w.client.list_guild_roles(w.guild).await).await;
        assert!(roles.iter().any(|listed| listed.id == role.id));

        // A ban: the audit log reason arrives and becomes the ban's reason.
        let banned = w.other_user;
        w.client
            .ban_user_from_guild(w.guild, banned)
            .delete_message_seconds(3600)
            .reason("spam and more: ünïcode")
            .await
            .expect("banned");
        let ban = model(w.client.get_guild_ban(w.guild, banned).await).await;
        assert_eq!(ban.user.id, banned);
        assert_eq!(ban.reason.as_deref(), Some("spam and more: ünïcode"));
        let bans = model(w.client.list_guild_bans(w.guild).limit(10).await).await;
        assert_eq!(bans.len(), 1);
        w.client
            .unban_user_from_guild(w.guild, banned)
            .await
            .expect("unbanned");
        assert!(
            model(w.client.list_guild_bans(w.guild).await)
                .await
                .is_empty()
        );

        // Removing a member.
        w.client
            .delete_guild_member(w.guild, w.user)
            .reason("bye")
            .await
            .expect("removed");
        let error = w
            .client
            .get_guild_member(w.guild, w.user)
            .await
            .unwrap_err();
        assert!(matches!(
            error.kind(),
            ErrorKind::Response { status: 404, .. }
        ));
        w.client
            .delete_guild_role(w.guild, role.id)
            .await
            .expect("role deleted");
    })
    .await;
}

#[tokio::test]
async fn routes_webhooks() {
    bounded(async {
        let w = world().await;
        let webhook = model(w.client.create_webhook(w.channel, "Captain Hook").await).await;
        assert_eq!(webhook.name.as_deref(), Some("Captain Hook"));
        let token = webhook.token.expect("an incoming webhook has a token");
        let token = token.expose();

        // Without wait Discord answers 204; with it, the message.
        let response = w
            .client
            .execute_webhook(webhook.id, token)
            .content("fire and forget")
            .await
            .expect("executed");
        assert_eq!(response.status(), 204);
        let message = model(
            w.client
                .execute_webhook(webhook.id, token)
                .content("hello from the hook")
                .username("Hooky")
                .wait()
                .await,
        )
        .await;
        assert_eq!(message.content, "hello from the hook");
        assert_eq!(message.webhook_id, Some(webhook.id));
        assert_eq!(message.author.username, "Hooky");

        let edited = model(
            w.client
                .update_webhook_message(webhook.id, token, message.id)
                .content("edited by the hook")
                .await,
        )
        .await;
        assert_eq!(edited.content, "edited by the hook");
        let fetched = model(
            w.client
                .get_webhook_message(webhook.id, token, message.id)
                .await,
        )
        .await;
        assert_eq!(fetched.content, "edited by the hook");
        let by_token = model(w.client.get_webhook_by_token(webhook.id, token).await).await;
        assert_eq!(by_token.id, webhook.id);

        // Token routes went without the bot token, and the token shows up
        // in no Debug output of a builder.
        let builder = w.client.execute_webhook(webhook.id, token).content("x");
        assert!(!format!("{builder:?}").contains(token));

        let listed = model(w.client.list_channel_webhooks(w.channel).await).await;
        assert!(listed.iter().any(|listed| listed.id == webhook.id));
        w.client
            .delete_webhook(webhook.id)
            .reason("cleanup")
            .await
            .expect("deleted");
    })
    .await;
}

#[tokio::test]
async fn routes_interactions_and_commands() {
    bounded(async {
        let w = world_with(|builder| {
            builder.default_allowed_mentions(AllowedMentions {
                parse: Some(Vec::new()),
                ..AllowedMentions::default()
            })
        })
        .await;
        let application_id = w.mock.state().application_id();
        let interaction = w.client.interaction(Id::new(application_id));

        // Commands: create, overwrite all, list, edit, delete.
        let ping = model(
            interaction
                .create_global_command("ping", "Replies with pong")
                .await,
        )
        .await;
        assert_eq!(ping.name, "ping");
        let error = interaction
            .create_global_command("Bad Name", "x")
            .await
            .unwrap_err();
        assert_eq!(validation(&error).field(), "name");
        let set = model(
            interaction
                .set_global_commands([
                    NewCommand {
                        name: "ping".to_owned(),
                        description: Some("Pong".to_owned()),
                        ..NewCommand::default()
                    },
                    NewCommand {
                        name: "Report message".to_owned(),
                        kind: Some(CommandType::Message),
                        ..NewCommand::default()
                    },
                ])
                .await,
        )
        .await;
        assert_eq!(set.len(), 2);
        assert_eq!(set[0].id, ping.id);
        let listed = model(interaction.global_commands().await).await;
        assert_eq!(listed.len(), 2);
        let guild_command = model(
            interaction
                .create_guild_command(w.guild, "local", "Guild only")
                .await,
        )
        .await;
        assert_eq!(guild_command.guild_id, Some(w.guild));
        let edited = model(
            interaction
                .update_guild_command(w.guild, guild_command.id)
                .description("Still guild only")
                .await,
        )
        .await;
        assert_eq!(edited.description, "Still guild only");
        assert_eq!(
            model(interaction.guild_commands(w.guild).await).await.len(),
            1
        );
        interaction
            .delete_guild_command(w.guild, guild_command.id)
            .await
            .expect("deleted");

        // An interaction: respond, edit the response, follow up.
        let created = w
            .mock
            .rest()
            .create_interaction(
                w.channel.get(),
                w.user.get(),
                2,
                &json!({ "id": ping.id.to_string(), "name": "ping", "type": 1 }),
            )
            .expect("the interaction is created");
        let interaction_id = Id::new(created["id"].as_str().unwrap().parse().unwrap());
        let token = created["token"].as_str().unwrap();
        let response = InteractionResponse {
            kind: InteractionResponseType::ChannelMessageWithSource,
            data: Some(InteractionResponseData {
                content: Some("pong".to_owned()),
                ..InteractionResponseData::default()
            }),
        };
        let callback = model(
            interaction
                .create_response(interaction_id, token, &response)
                .with_response()
                .await,
        )
        .await;
        assert_eq!(callback.interaction.id, interaction_id);
        let original = model(interaction.response(token).await).await;
        assert_eq!(original.content, "pong");
        let updated = model(
            interaction
                .update_response(token)
                .content("pong, edited")
                .await,
        )
        .await;
        assert_eq!(updated.content, "pong, edited");
        let followup = model(
            interaction
                .create_followup(token)
                .content("a followup with a file")
                .attachment(Attachment::from_bytes("result.json", b"{}".to_vec()))
                .await,
        )
        .await;
        assert_eq!(followup.attachments.len(), 1);
        assert_eq!(followup.attachments[0].filename, "result.json");
        interaction
            .delete_followup(token, followup.id)
            .await
            .expect("deleted");

        // The callback reached the mock on its own route.
        let requests = w.mock.rest().requests();
        let callback_path = format!("/api/v10/interactions/{interaction_id}/");
        assert!(
            requests
                .iter()
                .any(|request| request.path.starts_with(&callback_path)),
            "{requests:?}"
        );

        // The client's default allowed mentions go with every message that
        // sets none; `allowed_mentions(None)` sends none at all.
        let body = |request: twilight_http::Request| match request.body_ref() {
            Some(twilight_http::Body::Json(bytes)) => {
                serde_json::from_slice::<serde_json::Value>(bytes).unwrap()
            }
            other => panic!("not JSON: {other:?}"),
        };
        let request = w
            .client
            .create_message(w.channel)
            .content("@everyone")
            .try_into_request()
            .unwrap();
        assert_eq!(body(request)["allowed_mentions"], json!({ "parse": [] }));
        let request = w
            .client
            .create_message(w.channel)
            .content("@everyone")
            .allowed_mentions(None)
            .try_into_request()
            .unwrap();
        assert!(body(request).get("allowed_mentions").is_none());
    })
    .await;
}

#[tokio::test]
async fn routes_guilds_users_pins_and_gateway() {
    bounded(async {
        let w = world().await;
        let guild = model(w.client.get_guild(w.guild).with_counts(true).await).await;
        assert_eq!(guild.id, w.guild);
        assert!(guild.approximate_member_count.is_some());
        let me = model(w.client.get_my_user().await).await;
        assert_eq!(me.id, w.mock.state().bot_id());
        let user = model(w.client.get_user(w.user).await).await;
        assert_eq!(user.id, w.user);
        let dm = model(w.client.create_dm().recipient_id(w.user).await).await;
        assert!(
            dm.recipients
                .unwrap_or_default()
                .iter()
                .any(|recipient| recipient.id == w.user)
        );

        let typing = w
            .client
            .trigger_typing_indicator(w.channel)
            .await
            .expect("typing");
        assert!(matches!(typing.status(), 200 | 204));

        let message = model(w.client.create_message(w.channel).content("pin me").await).await;
        w.client
            .create_pin(w.channel, message.id)
            .reason("important")
            .await
            .expect("pinned");
        let pins = model(w.client.list_pins(w.channel).limit(10).await).await;
        assert_eq!(pins.items.len(), 1);
        assert_eq!(pins.items[0].message.id, message.id);

        let gateway = model(w.client.get_bot_gateway().await).await;
        assert_eq!(gateway.url, w.mock.gateway_url());
        // An anonymous route: sent without the token, answered all the same.
        let gateway = model(w.client.get_gateway().await).await;
        assert_eq!(gateway.url, w.mock.gateway_url());
    })
    .await;
}

/// The query string the mock received for the last request to `path`.
fn sent_query(w: &World, path: &str) -> String {
    w.mock
        .rest()
        .requests()
        .iter()
        .rev()
        .find(|request| request.path == path)
        .unwrap_or_else(|| panic!("no request reached {path}"))
        .query
        .clone()
}

#[tokio::test]
async fn routes_list_queries_are_sent_as_the_docs_say() {
    use twilight_model::{
        channel::{ThreadSearchSortMode, ThreadSearchTagSetting},
        message::{SearchHasType, SearchSortMode, SearchSortOrder},
    };
    bounded(async {
        let w = world().await;
        let application_id = w.mock.state().application_id();
        // `sku_ids` and `include_roles` are documented as comma-delimited:
        // one key, literal commas.
        let _ = w
            .client
            .get_entitlements(Id::new(application_id))
            .sku_ids([Id::new(11), Id::new(12)])
            .await;
        assert_eq!(
            sent_query(
                &w,
                &format!("/api/v10/applications/{application_id}/entitlements")
            ),
            "sku_ids=11,12"
        );
        let _ = w
            .client
            .preview_prune_guild(w.guild)
            .include_roles([Id::new(21), Id::new(22)])
            .await;
        assert_eq!(
            sent_query(&w, &format!("/api/v10/guilds/{}/prune", w.guild)),
            "include_roles=21,22"
        );
        // Other arrays are repeated keys (reference.mdx, Array Query
        // Strings); enums are sent as Discord spells them.
        let _ = w
            .client
            .guild_search(w.guild)
            .channel_id([w.channel, Id::new(31)])
            .has([SearchHasType::Image, SearchHasType::NotLink])
            .sort_by(SearchSortMode::Timestamp)
            .sort_order(SearchSortOrder::Ascending)
            .await;
        assert_eq!(
            sent_query(&w, &format!("/api/v10/guilds/{}/messages/search", w.guild)),
            format!(
                "channel_id={}&channel_id=31&has=image&has=-link&sort_by=timestamp&sort_order=asc",
                w.channel
            )
        );
        let _ = w
            .client
            .thread_search(w.channel)
            .tag([Id::new(41), Id::new(42)])
            .tag_setting(ThreadSearchTagSetting::MatchAll)
            .sort_by(ThreadSearchSortMode::LastMessageTime)
            .await;
        assert_eq!(
            sent_query(
                &w,
                &format!("/api/v10/channels/{}/threads/search", w.channel)
            ),
            "tag=41&tag=42&tag_setting=match_all&sort_by=last_message_time"
        );
    })
    .await;
}
