//! Gateway only: one shard receiving events.
//!
//! The shard connects, identifies, heartbeats, and reconnects or resumes by
//! itself; the loop below sees only the event types it asks for, and the
//! others are skipped before they are parsed.
//!
//! Against the local Discord, a user writes a message once the first guild
//! has arrived, so that there is a message to receive.
//!
//! ```text
//! cargo run -p examples --bin gateway-events
//! DISCORD_TOKEN=... cargo run -p examples --bin gateway-events
//! ```

use examples::{BoxError, Setup, shutdown_signal};
use serde_json::json;
use twilight_gateway::{CloseFrame, EventTypeFlags, Message, Shard};
use twilight_model::gateway::{Intents, ShardId, event::Event};

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let setup = Setup::from_env(2, 5, 1.0).await?;
    // MESSAGE_CONTENT is privileged: enable it in the developer portal, or
    // messages arrive without their content.
    let intents = Intents::GUILDS | Intents::GUILD_MESSAGES | Intents::MESSAGE_CONTENT;
    let mut shard = Shard::new(ShardId::ONE, setup.gateway_config(intents).build());
    let wanted =
        EventTypeFlags::READY | EventTypeFlags::GUILD_CREATE | EventTypeFlags::MESSAGE_CREATE;

    let shutdown = shutdown_signal();
    tokio::pin!(shutdown);
    loop {
        let item = tokio::select! {
            item = shard.next_event(wanted) => item,
            () = &mut shutdown => break,
        };
        let event = match item {
            Some(Ok(event)) => event,
            // A rejected token (4004) or intents (4013, 4014): retrying
            // cannot help.
            Some(Err(error)) if error.is_fatal() => return Err(error.into()),
            // Anything else: the shard reconnects or resumes by itself.
            Some(Err(error)) => {
                eprintln!("receiving: {error}");
                continue;
            }
            None => break,
        };
        match event {
            Event::Ready(ready) => {
                println!(
                    "READY as {}, {} guild(s) to come",
                    ready.user.username,
                    ready.guilds.len()
                );
            }
            Event::GuildCreate(guild) => {
                println!("GUILD_CREATE {}", guild.id());
                // Against the local Discord, a user writes in the first guild.
                if let (Some(mock), Some(user)) = (&setup.mock, setup.local_user())
                    && guild.id() == setup.guild()?
                {
                    let channel = setup.text_channel()?;
                    mock.rest().user_message(
                        channel.get(),
                        user.get(),
                        &json!({ "content": "hi bot" }),
                    )?;
                }
            }
            Event::MessageCreate(message) => {
                println!(
                    "MESSAGE_CREATE from {}: {}",
                    message.author.username, message.content
                );
                // Against the local Discord, that was all; a bot runs on.
                if setup.is_local() {
                    break;
                }
            }
            _ => {}
        }
    }
    // 1000: the session ends, and Discord shows the bot offline at once.
    // The shard sends the close frame while it is polled: poll it until
    // the close has gone out.
    shard.close(&CloseFrame::NORMAL);
    while let Some(Ok(message)) = shard.next_message().await {
        if matches!(message, Message::Close(_)) {
            break;
        }
    }
    println!("closed");
    Ok(())
}
