//! The cache with permissions: what may the bot, and a member, do in each
//! channel, answered from the cache without a request.
//!
//! A shard feeds every event to the cache. GUILD_CREATE carries every
//! member only with the GUILD_PRESENCES intent, so the bot asks for them
//! (REQUEST_GUILD_MEMBERS, with the GUILD_MEMBERS intent).
//!
//! Against the local Discord, the bot also creates an `#announcements`
//! channel where @everyone may not send but the bot may: its CHANNEL_CREATE
//! reaches the cache like any other change.
//!
//! ```text
//! cargo run -p examples --bin cache-permissions
//! DISCORD_TOKEN=... GUILD_ID=... cargo run -p examples --bin cache-permissions
//! ```

use examples::{BoxError, Setup, next_event};
use twilight_cache_inmemory::{InMemoryCache, ResourceType};
use twilight_gateway::{EventTypeFlags, Shard};
use twilight_model::{
    channel::{ChannelType, PermissionOverwrite, PermissionOverwriteType},
    gateway::{Intents, ShardId, command::RequestGuildMembers, event::Event},
    permissions::Permissions,
};

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let setup = Setup::from_env(1, 5, 1.0).await?;
    let guild_id = setup.guild()?;
    // Only what permissions need.
    let cache = InMemoryCache::builder()
        .resource_types(
            ResourceType::GUILD
                | ResourceType::CHANNEL
                | ResourceType::ROLE
                | ResourceType::MEMBER
                | ResourceType::USER
                | ResourceType::USER_CURRENT,
        )
        .message_cache_size(0)
        .build();

    let intents = Intents::GUILDS | Intents::GUILD_MEMBERS;
    let mut shard = Shard::new(ShardId::ONE, setup.gateway_config(intents).build());
    let (mut members_done, mut channel_done) = (false, !setup.is_local());
    while !(members_done && channel_done) {
        let event = next_event(&mut shard, EventTypeFlags::all()).await?;
        cache.update(&event);
        match event {
            Event::GuildCreate(guild) if guild.id() == guild_id => {
                shard.command(&RequestGuildMembers::query(guild_id, "", 0))?;
                if setup.is_local() {
                    let bot = cache.current_user().ok_or("no READY")?.id;
                    // @everyone may not send; the bot, by its own overwrite,
                    // may (a member's overwrite comes last).
                    let overwrites = [
                        PermissionOverwrite {
                            id: guild_id.cast(),
                            kind: PermissionOverwriteType::Role,
                            allow: Permissions::empty(),
                            deny: Permissions::SEND_MESSAGES,
                        },
                        PermissionOverwrite {
                            id: bot.cast(),
                            kind: PermissionOverwriteType::Member,
                            allow: Permissions::SEND_MESSAGES,
                            deny: Permissions::empty(),
                        },
                    ];
                    setup
                        .http()
                        .create_guild_channel(guild_id, "announcements")
                        .permission_overwrites(overwrites)
                        .await?;
                }
            }
            Event::GuildMembersChunk(chunk) if chunk.guild_id == guild_id => {
                members_done = chunk.chunk_index + 1 == chunk.chunk_count;
            }
            Event::ChannelCreate(channel) => {
                channel_done |= channel.name.as_deref() == Some("announcements");
            }
            _ => {}
        }
    }

    let bot = cache.current_user().ok_or("no READY")?.id;
    let owner = cache.guild(guild_id).ok_or("no guild")?.owner_id;
    // A member other than the bot and the owner, who has only their roles.
    let member = cache
        .guild_members(guild_id)
        .ok_or("no members")?
        .keys()
        .copied()
        .find(|user| *user != bot && *user != owner)
        .ok_or("no other member")?;
    let root = cache.permissions().root(member, guild_id)?;
    println!(
        "member {member}: administrator: {}, may manage channels: {}",
        root.contains(Permissions::ADMINISTRATOR),
        root.contains(Permissions::MANAGE_CHANNELS)
    );

    let mut channels: Vec<_> = cache
        .guild_channels(guild_id)
        .ok_or("no channels")?
        .iter()
        .copied()
        .collect();
    channels.sort();
    for channel_id in channels {
        let channel = cache.channel(channel_id).ok_or("no channel")?;
        if channel.kind == ChannelType::GuildCategory {
            continue;
        }
        let name = channel.name.as_deref().unwrap_or("?");
        let may_send = |user| {
            cache
                .permissions()
                .in_channel(user, channel_id)
                .map(|p| p.contains(Permissions::SEND_MESSAGES))
        };
        println!(
            "#{name}: bot may send: {}, member may send: {}",
            may_send(bot)?,
            may_send(member)?
        );
    }
    Ok(())
}
