//! The simulated users of the local Discord: a task that makes members post
//! chatter, `!ping` and `!stats` in the guilds' text channels through the
//! mock's controls. Each post is stored by the mock and reaches the bot as
//! MESSAGE_CREATE on the shard that owns the guild, as a real user's would.

use serde_json::json;
use std::time::Duration;
use tokio::task::JoinHandle;
use twilight_mock::{Mock, fixtures::Fixtures};
use twilight_model::id::Id;

/// What users say when they are not asking the bot anything.
const CHATTER: &[&str] = &[
    "hi all",
    "anyone up for a game later?",
    "lol",
    "that patch broke my build again",
    "brb, coffee",
    "has anyone read the new docs?",
    "good morning",
    "nice",
    "the standup moved to 10",
    "who broke main",
];

/// Every sixth post is `!ping` and every sixth `!stats`, from the third
/// and the sixth on, so a short run sees both; the rest is chatter.
fn content(post: u64) -> &'static str {
    match post % 6 {
        2 => "!ping",
        5 => "!stats",
        _ => CHATTER[fastrand::usize(..CHATTER.len())],
    }
}

/// A text channel and who may post in it.
struct Room {
    channel: u64,
    members: Vec<u64>,
}

/// Starts posting, one message every `every`, in a random text channel of
/// a random guild by a random member (not the bot). Abort the task to stop.
pub(crate) fn spawn(mock: &Mock, fixtures: &Fixtures, every: Duration) -> JoinHandle<()> {
    let rooms: Vec<Room> = fixtures
        .guilds
        .iter()
        .flat_map(|guild| {
            let members: Vec<u64> = guild
                .members
                .iter()
                .map(|member| member.user_id)
                .filter(|user| *user != fixtures.bot.id)
                .map(Id::get)
                .collect();
            guild
                .channels
                .iter()
                .filter(|channel| channel.kind == 0)
                .map(move |channel| Room {
                    channel: channel.id.get(),
                    members: members.clone(),
                })
        })
        .filter(|room| !room.members.is_empty())
        .collect();
    let rest = mock.rest().clone();
    tokio::spawn(async move {
        if rooms.is_empty() {
            return;
        }
        let mut ticks = tokio::time::interval(every);
        for post in 0.. {
            ticks.tick().await;
            let room = &rooms[fastrand::usize(..rooms.len())];
            let user = room.members[fastrand::usize(..room.members.len())];
            let body = json!({ "content": content(post) });
            if let Err(error) = rest.user_message(room.channel, user, &body) {
                eprintln!("a simulated user could not post: {}", error.message);
            }
        }
    })
}
