//! Mentions in message content (`<@id>`, `<@&id>`, `@everyone`) and the
//! `allowed_mentions` that filter them (resources/message.mdx).

use super::Inner;
use super::messages::Author;
use super::values::id_str;
use serde_json::{Value, json};
use std::collections::HashSet;

impl Inner {
    /// Users and roles mentioned in content (`<@id>`, `<@!id>`, `<@&id>`,
    /// `@everyone`, `@here`).
    pub(super) fn mentions(&self, content: &str, guild_id: Option<u64>) -> (Value, Value, bool) {
        let mut users = Vec::new();
        let mut roles = Vec::new();
        let mut seen = HashSet::new();
        let mut rest = content;
        while let Some(start) = rest.find("<@") {
            rest = &rest[start + 2..];
            let (is_role, body) = match rest.strip_prefix('&') {
                Some(r) => (true, r),
                None => (false, rest.strip_prefix('!').unwrap_or(rest)),
            };
            let Some(end) = body.find('>') else { break };
            if let Ok(id) = body[..end].parse::<u64>() {
                if is_role {
                    let known = guild_id
                        .and_then(|g| self.guilds.get(&g))
                        .is_some_and(|g| g.roles.contains_key(&id));
                    if known && !roles.contains(&id_str(id)) {
                        roles.push(id_str(id));
                    }
                } else if let Some(u) = self.users.get(&id)
                    && seen.insert(id)
                {
                    users.push(u.clone());
                }
            }
        }
        let everyone = content.contains("@everyone") || content.contains("@here");
        (Value::Array(users), Value::Array(roles), everyone)
    }

    /// The mentions of `content` that `body`'s `allowed_mentions` lets
    /// through (message.mdx, Allowed Mentions Object). Without it, regular
    /// messages parse every type, webhooks and interactions only users.
    pub(super) fn allowed_mentions(
        &self,
        content: &str,
        guild_id: Option<u64>,
        body: &Value,
        author: &Author,
    ) -> (Value, Value, bool) {
        let (mut users, mut roles, mut everyone) = self.mentions(content, guild_id);
        let allowed = match body.get("allowed_mentions").filter(|a| a.is_object()) {
            Some(allowed) => allowed.clone(),
            None if matches!(author, Author::Bot | Author::User(_)) => {
                return (users, roles, everyone);
            }
            None => json!({ "parse": ["users"] }),
        };
        let parses = |kind: &str| {
            allowed["parse"]
                .as_array()
                .is_some_and(|parse| parse.iter().any(|p| p == kind))
        };
        // A type not parsed keeps only the ids listed for it.
        let listed = |list: &str, id: &Value| {
            allowed[list]
                .as_array()
                .is_some_and(|ids| ids.iter().any(|listed| listed == id))
        };
        if !parses("users")
            && let Value::Array(list) = &mut users
        {
            list.retain(|user| listed("users", &user["id"]));
        }
        if !parses("roles")
            && let Value::Array(list) = &mut roles
        {
            list.retain(|role| listed("roles", role));
        }
        everyone &= parses("everyone");
        (users, roles, everyone)
    }
}
