//! HTTP only: messages with embeds, components and attachments, and who
//! their mentions notify.
//!
//! No gateway connection: a bot that only posts (a notifier, a cron job)
//! needs nothing but the REST client.
//!
//! ```text
//! cargo run -p examples --bin http-messages
//! DISCORD_TOKEN=... CHANNEL_ID=... cargo run -p examples --bin http-messages
//! ```

use examples::{BoxError, Setup};
use twilight_http::multipart::Attachment;
use twilight_model::message::{
    AllowedMentionType, AllowedMentions,
    component::{ActionRow, Button, ButtonStyle, Component},
    embed::{Embed, EmbedField, EmbedFooter},
};

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let setup = Setup::from_env(1, 5, 1.0).await?;
    let channel_id = setup.text_channel()?;
    let client = setup
        .http_builder()
        // Safe by default: no message of this client pings anyone unless
        // the message says so itself.
        .default_allowed_mentions(AllowedMentions {
            parse: Some(Vec::new()),
            ..AllowedMentions::default()
        })
        .build();

    // Plain text; the builder checks Discord's limits (2000 characters)
    // before anything is sent.
    let hello = client
        .create_message(channel_id)
        .content("hello from twilight-http")
        .await?
        .model()
        .await?;
    println!("sent message {}", hello.id);

    // An embed and a row of buttons. The buttons need an interaction
    // handler to do anything (see the `interactions` example); a link button
    // works on its own.
    let embed = Embed {
        title: Some("Release 1.0".to_owned()),
        description: Some("Everything that changed.".to_owned()),
        color: Some(0x0058_65F2),
        fields: Some(vec![EmbedField {
            name: "Downloads".to_owned(),
            value: "12,345".to_owned(),
            inline: Some(true),
        }]),
        footer: Some(EmbedFooter {
            text: "twilight examples".to_owned(),
            ..EmbedFooter::default()
        }),
        ..Embed::default()
    };
    let row = Component::ActionRow(ActionRow {
        id: None,
        components: vec![
            button(ButtonStyle::Primary, "Subscribe", Some("subscribe"), None),
            button(
                ButtonStyle::Link,
                "Changelog",
                None,
                Some("https://example.com"),
            ),
        ],
    });
    let announcement = client
        .create_message(channel_id)
        .embeds(&[embed])
        .components(&[row])
        .await?
        .model()
        .await?;
    println!(
        "sent message {} with {} embed(s) and {} component row(s)",
        announcement.id,
        announcement.embeds.len(),
        announcement.components.map_or(0, |rows| rows.len())
    );

    // A file: the request becomes multipart/form-data by itself.
    let report = client
        .create_message(channel_id)
        .content("last night's log")
        .attachment(
            Attachment::from_bytes("nightly.log", b"02:00 backup ok\n".to_vec())
                .description("the backup log"),
        )
        .await?
        .model()
        .await?;
    for attachment in &report.attachments {
        println!(
            "sent attachment {} ({} bytes)",
            attachment.filename, attachment.size
        );
    }

    // Mentions: this reply names @everyone and the bot itself, but only the
    // user listed is notified, and the author of the replied-to message is
    // not pinged. `allowed_mentions(None)` would send none and let Discord's
    // defaults apply.
    let me = client.get_my_user().await?.model().await?;
    let reply = client
        .create_message(channel_id)
        .content(format!("@everyone, <@{}> shipped it", me.id))
        .reply(hello.id)
        .allowed_mentions(Some(&AllowedMentions {
            parse: Some(vec![AllowedMentionType::Users]),
            users: None,
            replied_user: Some(false),
            ..AllowedMentions::default()
        }))
        .await?
        .model()
        .await?;
    println!(
        "sent reply {} (mentions everyone: {}, users mentioned: {})",
        reply.id,
        reply.mention_everyone,
        reply.mentions.len()
    );
    Ok(())
}

fn button(style: ButtonStyle, label: &str, id: Option<&str>, url: Option<&str>) -> Component {
    Component::Button(Button {
        id: None,
        style,
        label: Some(label.to_owned()),
        emoji: None,
        custom_id: id.map(str::to_owned),
        sku_id: None,
        url: url.map(str::to_owned),
        disabled: None,
    })
}
