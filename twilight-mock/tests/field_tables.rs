//! Every object the mock builds against the field tables of Discord's
//! documentation: a field the table requires is present, and a field is
//! `null` only where its type is nullable (`?type`). An optional field
//! (`field?`) that is not nullable is left out rather than sent as `null`.

mod rest_common;

use hyper::Method;
use rest_common::*;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::path::Path;

/// One row of a structure table.
#[derive(Debug)]
struct Field {
    optional: bool,
    nullable: bool,
}

/// The vendored page `name`.
fn page(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/discord-spec/docs")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The table under the heading `###### {heading}` of `page`.
fn table(page: &str, heading: &str) -> HashMap<String, Field> {
    let marker = format!("###### {heading}\n");
    let start = page.find(&marker).unwrap_or_else(|| panic!("no {heading}")) + marker.len();
    let mut fields = HashMap::new();
    let mut rows = page[start..]
        .lines()
        .skip_while(|line| !line.starts_with('|'))
        .take_while(|line| line.starts_with('|'));
    // The header and the separator.
    rows.next();
    rows.next();
    for row in rows {
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        // Footnote marks (`*`, `\*`) follow the name, some after a space.
        let name: String = cells[1]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '?')
            .collect();
        let (name, optional) = match name.strip_suffix('?') {
            Some(name) => (name, true),
            None => (name.as_str(), false),
        };
        let nullable = cells[2].starts_with('?');
        fields.insert(name.to_owned(), Field { optional, nullable });
    }
    // The smallest table, Ban Structure, has two rows.
    assert!(fields.len() >= 2, "{heading}: {fields:?}");
    fields
}

/// The problems of `value` against `fields`, named by `what`.
fn check(what: &str, value: &Value, fields: &HashMap<String, Field>, problems: &mut Vec<String>) {
    let Some(object) = value.as_object() else {
        problems.push(format!("{what}: not an object: {value}"));
        return;
    };
    for (name, field) in fields {
        match object.get(name) {
            None if !field.optional => problems.push(format!("{what}: lacks required `{name}`")),
            Some(Value::Null) if !field.nullable => {
                problems.push(format!("{what}: `{name}` is null but not nullable"));
            }
            _ => {}
        }
    }
}

struct Tables {
    user: HashMap<String, Field>,
    member: HashMap<String, Field>,
    guild: HashMap<String, Field>,
    channel: HashMap<String, Field>,
    message: HashMap<String, Field>,
    role: HashMap<String, Field>,
    command: HashMap<String, Field>,
    application: HashMap<String, Field>,
}

fn tables() -> Tables {
    let guild = page("guild.mdx");
    Tables {
        user: table(&page("user.mdx"), "User Structure"),
        member: table(&guild, "Guild Member Structure"),
        guild: table(&guild, "Guild Structure"),
        channel: table(&page("channel.mdx"), "Channel Structure"),
        message: table(&page("message.mdx"), "Message Structure"),
        role: table(&page("permissions.mdx"), "Role Structure"),
        command: table(
            &page("application-commands.mdx"),
            "Application Command Structure",
        ),
        application: table(&page("application.mdx"), "Application Structure"),
    }
}

/// A member as REST returns it, with its user.
fn check_member(t: &Tables, what: &str, member: &Value, problems: &mut Vec<String>) {
    check(what, member, &t.member, problems);
    check(&format!("{what}.user"), &member["user"], &t.user, problems);
}

#[tokio::test]
async fn objects_follow_the_docs_field_tables() {
    bounded(async {
        let t = tables();
        let s = start().await;
        let mut problems = Vec::new();
        let guild = s.guild(0);
        let channel = s.text_channel(0);

        let me = s.api(Method::GET, "/users/@me", None).await.body;
        check("GET /users/@me", &me, &t.user, &mut problems);
        let user = s
            .api(Method::GET, &format!("/users/{}", s.user(0)), None)
            .await
            .body;
        check("GET /users/{id}", &user, &t.user, &mut problems);

        let g = s
            .api(Method::GET, &format!("/guilds/{guild}?with_counts=true"), None)
            .await
            .body;
        check("GET /guilds/{id}", &g, &t.guild, &mut problems);
        for role in g["roles"].as_array().unwrap() {
            check("guild.roles[]", role, &t.role, &mut problems);
        }
        let roles = s
            .api(Method::GET, &format!("/guilds/{guild}/roles"), None)
            .await
            .body;
        for role in roles.as_array().unwrap() {
            check("GET /guilds/{id}/roles", role, &t.role, &mut problems);
        }
        let created = s
            .api(
                Method::POST,
                &format!("/guilds/{guild}/roles"),
                Some(json!({ "name": "new", "icon": null, "unicode_emoji": null })),
            )
            .await;
        assert!(created.status.is_success(), "{}", created.body);
        check("POST /guilds/{id}/roles", &created.body, &t.role, &mut problems);

        let members = s
            .api(Method::GET, &format!("/guilds/{guild}/members?limit=1000"), None)
            .await
            .body;
        for member in members.as_array().unwrap() {
            check_member(&t, "GET /guilds/{id}/members", member, &mut problems);
        }

        let channels = s
            .api(Method::GET, &format!("/guilds/{guild}/channels"), None)
            .await
            .body;
        for c in channels.as_array().unwrap() {
            check(
                &format!("channel type {}", c["type"]),
                c,
                &t.channel,
                &mut problems,
            );
        }
        let created = s
            .api(
                Method::POST,
                &format!("/guilds/{guild}/channels"),
                Some(json!({ "name": "made", "topic": null, "parent_id": null, "nsfw": null })),
            )
            .await;
        assert!(created.status.is_success(), "{}", created.body);
        check("POST /guilds/{id}/channels", &created.body, &t.channel, &mut problems);

        let message = s
            .api(
                Method::POST,
                &format!("/channels/{channel}/messages"),
                Some(json!({
                    "content": "hi",
                    "embeds": null,
                    "components": null,
                    "sticker_ids": null,
                    "message_reference": null,
                    "allowed_mentions": null,
                    "flags": null,
                    "tts": null,
                    "nonce": null,
                })),
            )
            .await;
        assert!(message.status.is_success(), "{}", message.body);
        check("POST message", &message.body, &t.message, &mut problems);
        check("message.author", &message.body["author"], &t.user, &mut problems);
        let listed = s
            .api(Method::GET, &format!("/channels/{channel}/messages"), None)
            .await
            .body;
        for m in listed.as_array().unwrap() {
            check("GET messages", m, &t.message, &mut problems);
        }
        let thread = s
            .api(
                Method::POST,
                &format!(
                    "/channels/{channel}/messages/{}/threads",
                    message.body["id"].as_str().unwrap()
                ),
                Some(json!({ "name": "talk", "auto_archive_duration": null, "rate_limit_per_user": null })),
            )
            .await;
        assert!(thread.status.is_success(), "{}", thread.body);
        check("POST thread", &thread.body, &t.channel, &mut problems);

        let app = s.api(Method::GET, "/applications/@me", None).await.body;
        check("GET /applications/@me", &app, &t.application, &mut problems);
        check("application.owner", &app["owner"], &t.user, &mut problems);

        let app_id = app["id"].as_str().unwrap();
        for (path, body) in [
            (
                format!("/applications/{app_id}/commands"),
                json!({
                    "name": "ping",
                    "description": "pong",
                    "options": null,
                    "name_localizations": null,
                    "default_member_permissions": null,
                    "dm_permission": null,
                    "nsfw": null,
                    "integration_types": null,
                    "contexts": null,
                }),
            ),
            (
                format!("/applications/{app_id}/guilds/{guild}/commands"),
                json!({ "name": "local", "description": "here", "options": null, "type": null }),
            ),
        ] {
            let r = s.api(Method::POST, &path, Some(body)).await;
            assert!(r.status.is_success(), "{path}: {}", r.body);
            check(&format!("POST {path}"), &r.body, &t.command, &mut problems);
            let listed = s.api(Method::GET, &path, None).await.body;
            for c in listed.as_array().unwrap() {
                check(&format!("GET {path}"), c, &t.command, &mut problems);
            }
        }

        // GUILD_CREATE: the guild with its members, channels and threads.
        let create = s
            .ctx
            .state()
            .guild_create(twilight_model::id::Id::new(guild))
            .unwrap();
        check("GUILD_CREATE", &create, &t.guild, &mut problems);
        for member in create["members"].as_array().unwrap() {
            check_member(&t, "GUILD_CREATE.members[]", member, &mut problems);
        }
        for key in ["channels", "threads"] {
            for c in create[key].as_array().unwrap() {
                check(&format!("GUILD_CREATE.{key}[]"), c, &t.channel, &mut problems);
            }
        }

        assert!(problems.is_empty(), "{}", problems.join("\n"));
    })
    .await;
}

/// Webhooks, invites, emojis, bans and interactions, as the mock builds them.
#[tokio::test]
async fn webhooks_invites_emojis_bans_and_interactions_follow_the_docs_field_tables() {
    bounded(async {
        let guild_page = page("guild.mdx");
        let webhook = table(&page("webhook.mdx"), "Webhook Structure");
        let invite = table(&page("invite.mdx"), "Invite Structure");
        let emoji = table(&page("emoji.mdx"), "Emoji Structure");
        let ban = table(&guild_page, "Ban Structure");
        let user = table(&page("user.mdx"), "User Structure");
        let s = start().await;
        let mut problems = Vec::new();
        let guild = s.guild(0);
        let channel = s.text_channel(0);

        let created = s
            .api(
                Method::POST,
                &format!("/channels/{channel}/webhooks"),
                Some(json!({ "name": "hook", "avatar": null })),
            )
            .await;
        assert!(created.status.is_success(), "{}", created.body);
        check("POST webhook", &created.body, &webhook, &mut problems);
        let listed = s
            .api(Method::GET, &format!("/channels/{channel}/webhooks"), None)
            .await
            .body;
        for w in listed.as_array().unwrap() {
            check("GET channel webhooks", w, &webhook, &mut problems);
        }

        let created = s
            .api(
                Method::POST,
                &format!("/channels/{channel}/invites"),
                Some(
                    json!({ "max_age": null, "max_uses": null, "temporary": null, "unique": null }),
                ),
            )
            .await;
        assert!(created.status.is_success(), "{}", created.body);
        check("POST invite", &created.body, &invite, &mut problems);
        let code = created.body["code"].as_str().unwrap().to_owned();
        let fetched = s
            .api(Method::GET, &format!("/invites/{code}"), None)
            .await
            .body;
        check("GET invite", &fetched, &invite, &mut problems);

        let emojis = s
            .api(Method::GET, &format!("/guilds/{guild}/emojis"), None)
            .await
            .body;
        for e in emojis.as_array().unwrap() {
            check("GET emojis", e, &emoji, &mut problems);
        }

        let target = s.user(1);
        let banned = s
            .api(
                Method::PUT,
                &format!("/guilds/{guild}/bans/{target}"),
                Some(json!({ "delete_message_seconds": null })),
            )
            .await;
        assert!(banned.status.is_success(), "{}", banned.body);
        let bans = s
            .api(Method::GET, &format!("/guilds/{guild}/bans"), None)
            .await
            .body;
        assert!(!bans.as_array().unwrap().is_empty(), "{bans}");
        for b in bans.as_array().unwrap() {
            check("GET bans", b, &ban, &mut problems);
            check("ban.user", &b["user"], &user, &mut problems);
        }

        // An interaction, as INTERACTION_CREATE carries it.
        let interaction_table = table(
            &page("receiving-and-responding.mdx"),
            "Interaction Structure",
        );
        let member = table(&guild_page, "Guild Member Structure");
        for (kind, data) in [
            (2, json!({ "id": "1", "name": "ping", "type": 1 })),
            (3, json!({ "custom_id": "button", "component_type": 2 })),
        ] {
            let interaction = s
                .ctx
                .create_interaction(channel, s.user(0), kind, &data)
                .unwrap();
            let what = format!("INTERACTION_CREATE (type {kind})");
            check(&what, &interaction, &interaction_table, &mut problems);
            check(
                &format!("{what}.member"),
                &interaction["member"],
                &member,
                &mut problems,
            );
            check(
                &format!("{what}.member.user"),
                &interaction["member"]["user"],
                &user,
                &mut problems,
            );
        }

        assert!(problems.is_empty(), "{}", problems.join("\n"));
    })
    .await;
}

/// The vendored pages are the shared reference's, when it is beside the
/// repository.
#[test]
fn vendored_pages_match_the_shared_copy() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/discord-spec/docs");
    if !shared.exists() {
        eprintln!("skipped: {} not found", shared.display());
        return;
    }
    for (name, dir) in [
        ("user.mdx", "resources"),
        ("guild.mdx", "resources"),
        ("channel.mdx", "resources"),
        ("message.mdx", "resources"),
        ("application.mdx", "resources"),
        ("permissions.mdx", "topics"),
        ("application-commands.mdx", "interactions"),
        ("webhook.mdx", "resources"),
        ("invite.mdx", "resources"),
        ("emoji.mdx", "resources"),
        ("receiving-and-responding.mdx", "interactions"),
    ] {
        let theirs = std::fs::read_to_string(shared.join(dir).join(name)).unwrap();
        assert!(page(name) == theirs, "{name} differs from the shared copy");
    }
}
