//! Resuming a gateway session after a process restart.
//!
//! Before it exits, a bot closes its shard keeping the session resumable
//! and stores the session (id, sequence, resume URL). The next process
//! gives it to its shard, which resumes instead of identifying: Discord
//! replays every event sent in between, and no identify of the day's limit
//! is used.
//!
//! With Discord, run it twice within a minute or so: the first run stores
//! the session in `SESSION_FILE`, the second resumes it. Against the local
//! Discord, which lives only as long as this process, one run does both,
//! and a user writes while the bot is "down".
//!
//! ```text
//! cargo run -p examples --bin session-resume
//! DISCORD_TOKEN=... cargo run -p examples --bin session-resume   # twice
//! ```

use examples::{BoxError, Setup, close, next_event};
use serde_json::json;
use std::{env, fs, path::PathBuf};
use twilight_gateway::{CloseFrame, EventTypeFlags, Session, Shard};
use twilight_model::gateway::{Intents, ShardId, event::Event};

/// MESSAGE_CONTENT is privileged: enable it in the developer portal.
const INTENTS: Intents = Intents::GUILDS
    .union(Intents::GUILD_MESSAGES)
    .union(Intents::MESSAGE_CONTENT);

/// The first process: run until READY, then close keeping the session and
/// store it.
async fn run_and_store(setup: &Setup, path: &PathBuf) -> Result<(), BoxError> {
    let mut shard = Shard::new(ShardId::ONE, setup.gateway_config(INTENTS).build());
    if let Event::Ready(ready) = next_event(&mut shard, EventTypeFlags::READY).await? {
        println!("READY: new session for {}", ready.user.username);
    }
    // Code 4000 (not 1000): the session stays resumable.
    let session = close(&mut shard, &CloseFrame::RESUME)
        .await
        .ok_or("no session to store")?;
    fs::write(path, serde_json::to_string(&session)?)?;
    println!("stored the session at sequence {}", session.sequence());
    Ok(())
}

/// The next process: resume the stored session.
async fn resume(setup: &Setup, session: Session) -> Result<(), BoxError> {
    let config = setup.gateway_config(INTENTS).session(session).build();
    let mut shard = Shard::new(ShardId::ONE, config);
    let wanted = EventTypeFlags::READY | EventTypeFlags::RESUMED | EventTypeFlags::MESSAGE_CREATE;
    loop {
        match next_event(&mut shard, wanted).await? {
            Event::MessageCreate(message) => {
                println!("replayed MESSAGE_CREATE: {}", message.content);
            }
            Event::Resumed(_) => {
                println!("RESUMED: every missed event was replayed");
                break;
            }
            // Resumed too late: Discord ended the session, the shard
            // identified anew, and the missed events are lost.
            Event::Ready(_) => {
                println!("READY: the session had expired; started a new one");
                break;
            }
            _ => {}
        }
    }
    close(&mut shard, &CloseFrame::NORMAL).await;
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let setup = Setup::from_env(1, 5, 1.0).await?;
    // The local Discord's sessions die with this process: its file is
    // this process's own.
    let name = match &setup.mock {
        Some(_) => format!("twilight-example-session-{}.json", std::process::id()),
        None => "twilight-example-session.json".to_owned(),
    };
    let path =
        env::var_os("SESSION_FILE").map_or_else(|| env::temp_dir().join(name), PathBuf::from);

    if setup.is_local() || !path.exists() {
        run_and_store(&setup, &path).await?;
        let Some(mock) = &setup.mock else {
            println!("run again to resume");
            return Ok(());
        };
        // While the bot is down, a user writes.
        let (channel, user) = (setup.text_channel()?, setup.local_user().ok_or("no user")?);
        for content in ["are you there?", "hello?"] {
            mock.rest()
                .user_message(channel.get(), user.get(), &json!({ "content": content }))?;
        }
    }

    let session: Session = serde_json::from_str(&fs::read_to_string(&path)?)?;
    fs::remove_file(&path)?;
    println!("resuming session at sequence {}", session.sequence());
    resume(&setup, session).await?;
    if let Some(mock) = &setup.mock {
        assert!(
            mock.resumes().iter().any(|resume| resume.resumed),
            "the mock saw a resume"
        );
        println!(
            "identifies: {}, resumes: {}",
            mock.identifies().len(),
            mock.resumes().len()
        );
    }
    Ok(())
}
