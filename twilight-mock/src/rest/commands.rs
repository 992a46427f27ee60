//! Application commands: global and guild commands of the mock's
//! application (create, overwrite all, list, get, edit, delete), with
//! Discord's checks of names, descriptions and counts.

use crate::state::{ApiError, State};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use std::sync::Mutex;
use twilight_model::application::command::CommandType;

/// The commands of the mock's application, by id.
#[derive(Debug, Default)]
pub struct Commands {
    by_id: Mutex<BTreeMap<u64, Value>>,
}

/// Where a command lives: globally or in a guild.
pub type Scope = Option<u64>;

fn unknown_command() -> ApiError {
    ApiError::unknown(10063, "application command")
}

fn scope_of(command: &Value) -> Scope {
    command
        .get("guild_id")
        .and_then(Value::as_str)
        .and_then(|id| id.parse().ok())
}

/// A command's raw `type`, CHAT_INPUT when absent.
fn kind_of(command: &Value) -> u64 {
    command
        .get("type")
        .and_then(Value::as_u64)
        .unwrap_or(u64::from(CommandType::ChatInput.value()))
}

fn name_of(command: &Value) -> &str {
    command.get("name").and_then(Value::as_str).unwrap_or("")
}

fn length(path: &str, value: &str, min: usize, max: usize) -> Result<(), ApiError> {
    let n = value.chars().count();
    if n < min || n > max {
        return Err(ApiError::form(
            path,
            "BASE_TYPE_BAD_LENGTH",
            &format!("Must be between {min} and {max} in length."),
        ));
    }
    Ok(())
}

/// Checks a command body as Discord does: a name of 1 to 32 characters
/// (lowercase, without spaces, for chat input commands), a description of
/// 1 to 100 characters for chat input commands and none for the others, at
/// most 25 options.
fn check(body: &Value, prefix: &str) -> Result<(), ApiError> {
    let path = |key: &str| format!("{prefix}{key}");
    let Some(object) = body.as_object() else {
        return Err(ApiError::form(
            prefix.trim_end_matches('.'),
            "DICT_TYPE_CONVERT",
            "Only dictionaries may be used in a DictType",
        ));
    };
    let kind = u8::try_from(kind_of(body)).map_or(CommandType::Unknown(0), CommandType::new);
    if matches!(kind, CommandType::Unknown(_)) {
        return Err(ApiError::form(
            &path("type"),
            "BASE_TYPE_CHOICES",
            "Value must be one of {1, 2, 3, 4}.",
        ));
    }
    let Some(name) = object.get("name").and_then(Value::as_str) else {
        return Err(ApiError::form(
            &path("name"),
            "BASE_TYPE_REQUIRED",
            "This field is required",
        ));
    };
    length(&path("name"), name, 1, 32)?;
    let description = object
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or("");
    if kind == CommandType::ChatInput {
        if name.chars().any(|c| c.is_whitespace() || c.is_uppercase()) {
            return Err(ApiError::form(
                &path("name"),
                "APPLICATION_COMMAND_INVALID_NAME",
                "Command name is invalid",
            ));
        }
        length(&path("description"), description, 1, 100)?;
    } else if !description.is_empty() {
        return Err(ApiError::form(
            &path("description"),
            "APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION",
            "Context menu commands cannot have description",
        ));
    }
    if let Some(options) = object.get("options").and_then(Value::as_array)
        && options.len() > 25
    {
        return Err(ApiError::form(
            &path("options"),
            "BASE_TYPE_MAX_LENGTH",
            "Must be 25 or fewer in length.",
        ));
    }
    Ok(())
}

/// The command fields interactions/application-commands.mdx types `?`.
const NULLABLE: &[&str] = &[
    "name_localizations",
    "description_localizations",
    "default_member_permissions",
    "contexts",
];

impl Commands {
    /// The stored form of a command body: Discord's fields with defaults.
    fn build(state: &State, scope: Scope, body: &Value, id: u64, version: u64) -> Value {
        let mut command = Map::new();
        if let Some(object) = body.as_object() {
            for key in [
                "name",
                "name_localizations",
                "description",
                "description_localizations",
                "options",
                "default_member_permissions",
                "dm_permission",
                "nsfw",
                "contexts",
                "integration_types",
                "handler",
            ] {
                // A `null` asks for the default; the fields the docs do not
                // make nullable are then left out, never sent as `null`.
                match object.get(key) {
                    Some(Value::Null) if !NULLABLE.contains(&key) => {}
                    Some(value) => {
                        command.insert(key.to_owned(), value.clone());
                    }
                    None => {}
                }
            }
        }
        command.insert("id".to_owned(), json!(id.to_string()));
        command.insert("type".to_owned(), json!(kind_of(body)));
        command.insert(
            "application_id".to_owned(),
            json!(state.application_id().to_string()),
        );
        if let Some(guild) = scope {
            command.insert("guild_id".to_owned(), json!(guild.to_string()));
        }
        command.entry("description").or_insert_with(|| json!(""));
        command
            .entry("default_member_permissions")
            .or_insert(Value::Null);
        command.entry("nsfw").or_insert(json!(false));
        command.insert("version".to_owned(), json!(version.to_string()));
        Value::Object(command)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<u64, Value>> {
        self.by_id
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The commands of a scope.
    pub fn list(&self, scope: Scope) -> Value {
        Value::Array(
            self.lock()
                .values()
                .filter(|command| scope_of(command) == scope)
                .cloned()
                .collect(),
        )
    }

    /// One command of a scope.
    pub fn get(&self, scope: Scope, id: u64) -> Result<Value, ApiError> {
        self.lock()
            .get(&id)
            .filter(|command| scope_of(command) == scope)
            .cloned()
            .ok_or_else(unknown_command)
    }

    /// POST: creates a command, or overwrites the one of the same type and
    /// name (answering 200 instead of 201).
    pub fn create(
        &self,
        state: &State,
        scope: Scope,
        body: &Value,
    ) -> Result<(u16, Value), ApiError> {
        check(body, "")?;
        let mut commands = self.lock();
        let existing = commands
            .values()
            .find(|command| {
                scope_of(command) == scope
                    && kind_of(command) == kind_of(body)
                    && name_of(command) == name_of(body)
            })
            .and_then(|command| command.get("id")?.as_str()?.parse::<u64>().ok());
        let status = if existing.is_some() { 200 } else { 201 };
        let id = existing.unwrap_or_else(|| state.next_id());
        let command = Self::build(state, scope, body, id, state.next_id());
        commands.insert(id, command.clone());
        Ok((status, command))
    }

    /// PUT: replaces every command of the scope; commands keeping their
    /// type and name keep their id.
    pub fn overwrite(&self, state: &State, scope: Scope, body: &Value) -> Result<Value, ApiError> {
        let Some(items) = body.as_array() else {
            return Err(ApiError::form("", "BASE_TYPE_ARRAY", "Must be an array."));
        };
        if items.len() > 130 {
            return Err(ApiError::form(
                "",
                "BASE_TYPE_MAX_LENGTH",
                "Must be 130 or fewer in length.",
            ));
        }
        for (index, item) in items.iter().enumerate() {
            check(item, &format!("{index}."))?;
        }
        let mut commands = self.lock();
        let old: Vec<(u64, Value)> = commands
            .iter()
            .filter(|(_, command)| scope_of(command) == scope)
            .map(|(id, command)| (*id, command.clone()))
            .collect();
        for (id, _) in &old {
            commands.remove(id);
        }
        let mut created = Vec::new();
        for item in items {
            let id = old
                .iter()
                .find(|(_, command)| {
                    kind_of(command) == kind_of(item) && name_of(command) == name_of(item)
                })
                .map_or_else(|| state.next_id(), |(id, _)| *id);
            let command = Self::build(state, scope, item, id, state.next_id());
            commands.insert(id, command.clone());
            created.push(command);
        }
        Ok(Value::Array(created))
    }

    /// PATCH: changes the given fields of a command.
    pub fn edit(
        &self,
        state: &State,
        scope: Scope,
        id: u64,
        body: &Value,
    ) -> Result<Value, ApiError> {
        let mut commands = self.lock();
        let command = commands
            .get(&id)
            .filter(|command| scope_of(command) == scope)
            .ok_or_else(unknown_command)?;
        let mut merged = command.clone();
        if let (Some(target), Some(changes)) = (merged.as_object_mut(), body.as_object()) {
            for (key, value) in changes {
                if key != "type" {
                    target.insert(key.clone(), value.clone());
                }
            }
        }
        check(&merged, "")?;
        let command = Self::build(state, scope, &merged, id, state.next_id());
        commands.insert(id, command.clone());
        Ok(command)
    }

    /// DELETE: removes a command.
    pub fn delete(&self, scope: Scope, id: u64) -> Result<(), ApiError> {
        let mut commands = self.lock();
        if commands
            .get(&id)
            .is_none_or(|command| scope_of(command) != scope)
        {
            return Err(unknown_command());
        }
        commands.remove(&id);
        Ok(())
    }
}
