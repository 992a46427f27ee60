//! Interactions: register slash commands, receive them over the gateway,
//! and answer them.
//!
//! Commands are registered once (here for one guild, where changes show at
//! once) through the interaction client. A user's `/roll` arrives as
//! INTERACTION_CREATE; the bot must answer within 3 seconds, with the
//! interaction's id and token, and may follow up for 15 minutes.
//!
//! Against the local Discord, a user runs `/roll sides:20` once the bot is
//! ready. With Discord, run it and use the command yourself.
//!
//! ```text
//! cargo run -p examples --bin interactions
//! DISCORD_TOKEN=... GUILD_ID=... cargo run -p examples --bin interactions
//! ```

use examples::{BoxError, Setup, next_event, shutdown_signal};
use serde_json::json;
use twilight_gateway::{EventTypeFlags, Shard};
use twilight_model::{
    application::command::{CommandOption, CommandOptionType, CommandOptionValueBound},
    gateway::{Intents, ShardId, event::Event},
    interaction::{
        CommandOptionValue, InteractionData, InteractionResponse, InteractionResponseData,
        InteractionResponseType,
    },
};

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let setup = Setup::from_env(1, 5, 1.0).await?;
    let client = setup.http();
    let guild_id = setup.guild()?;
    let application_id = client.get_my_application().await?.model().await?.id;
    let interaction = client.interaction(application_id);

    // Names and descriptions are checked before sending. Registering a
    // command with the name of an existing one replaces it.
    let roll = interaction
        .create_guild_command(guild_id, "roll", "Rolls a die")
        .options([integer_option("sides", "How many sides", 2, 100)])
        .await?
        .model()
        .await?;
    println!("registered /{} ({})", roll.name, roll.id);

    let mut shard = Shard::new(ShardId::ONE, setup.gateway_config(Intents::GUILDS).build());
    let wanted = EventTypeFlags::READY | EventTypeFlags::INTERACTION_CREATE;
    let shutdown = shutdown_signal();
    tokio::pin!(shutdown);
    loop {
        let event = tokio::select! {
            event = next_event(&mut shard, wanted) => event?,
            () = &mut shutdown => break,
        };
        match event {
            Event::Ready(_) => {
                println!("READY; waiting for /roll");
                if let (Some(mock), Some(user)) = (&setup.mock, setup.local_user()) {
                    let data = json!({
                        "id": roll.id.to_string(), "name": "roll", "type": 1,
                        "options": [{ "name": "sides", "type": 4, "value": 20 }],
                    });
                    mock.rest().create_interaction(
                        setup.text_channel()?.get(),
                        user.get(),
                        2,
                        &data,
                    )?;
                }
            }
            Event::InteractionCreate(created) => {
                let Some(InteractionData::ApplicationCommand(command)) = &created.data else {
                    continue;
                };
                let sides = command
                    .options
                    .iter()
                    .flatten()
                    .find_map(|option| match option.value {
                        CommandOptionValue::Integer(sides) if option.name == "sides" => Some(sides),
                        _ => None,
                    })
                    .unwrap_or(6);
                let rolled = fastrand::i64(1..=sides.max(1));
                let response = InteractionResponse {
                    kind: InteractionResponseType::ChannelMessageWithSource,
                    data: Some(InteractionResponseData {
                        content: Some(format!("rolled a d{sides}: {rolled}")),
                        ..InteractionResponseData::default()
                    }),
                };
                let token = created.token.expose();
                interaction
                    .create_response(created.id, token, &response)
                    .await?;
                // The response is a message; read it back as the user sees it.
                let message = interaction.response(token).await?.model().await?;
                println!("answered /{}: {}", command.name, message.content);
                if let Some(mock) = &setup.mock {
                    assert!(mock.state().interaction_responded(created.id.get()));
                    break;
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// An integer option between `min` and `max`, required.
fn integer_option(name: &str, description: &str, min: i64, max: i64) -> CommandOption {
    CommandOption {
        required: Some(true),
        min_value: Some(CommandOptionValueBound::Integer(min)),
        max_value: Some(CommandOptionValueBound::Integer(max)),
        ..CommandOption::new(CommandOptionType::Integer, name, description)
    }
}
