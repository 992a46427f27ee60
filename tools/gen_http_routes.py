#!/usr/bin/env python3
"""Generates twilight-http's route table and its typed builders from
Discord's OpenAPI spec.

    python3 tools/gen_http_routes.py [--check] [path/to/openapi.json]

The spec defaults to the vendored twilight-http/tests/openapi.json. Writes

- twilight-http/src/routing/table.rs: a `routes!` invocation, one route
  per operation (method, path, ratelimit major parameter, authorization);
- twilight-http/src/api/operations/<resource>.rs: an `operations!`
  invocation (the macro is in api/builder.rs) per resource, one builder per
  operation without a hand-written one, one query parameter or body field
  per line. The spec has no tags: operations are grouped by path prefix
  (`RESOURCES` below); an operation no prefix matches, or a prefix that
  matches nothing, stops the generator;
- twilight-http/src/api/operations/mod.rs: the modules and their
  re-exports, so every builder is `twilight_http::api::operations::Name`.

Every file is run through `rustfmt --edition 2024` before it is written,
so `cargo fmt --all --check` is clean right after generating. Files in
operations/ the generator does not write (a resource that was renamed or
emptied) are deleted.

With --check nothing is written: the files are generated in memory and
compared with the checked-in ones; the exit status is 1, with the list of
stale files, if any differs, is missing or should not exist, else 0.
"""
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARGS = sys.argv[1:]
CHECK = "--check" in ARGS
ARGS = [arg for arg in ARGS if arg != "--check"]
if len(ARGS) > 1 or any(arg.startswith("-") for arg in ARGS):
    sys.exit(__doc__)
SPEC = Path(ARGS[0]) if ARGS else ROOT / "twilight-http/tests/openapi.json"
spec = json.loads(SPEC.read_text())
SCHEMAS = spec["components"]["schemas"]
METHODS = ("get", "post", "put", "patch", "delete")

# Operations with a hand-written builder in api/*.rs; they still get a route.
HANDWRITTEN = {
    "create_message",
    "update_message",
    "execute_webhook",
    "create_interaction_response",
    "update_webhook_message",
    "update_original_webhook_message",
}

PATH_TYPES = {
    "application_id": "Id<ApplicationMarker>",
    "command_id": "Id<CommandMarker>",
    "emoji_id": "Id<EmojiMarker>",
    "entitlement_id": "Id<EntitlementMarker>",
    "guild_id": "Id<GuildMarker>",
    "channel_id": "Id<ChannelMarker>",
    "message_id": "Id<MessageMarker>",
    "emoji_name": "ReactionEmoji",
    "user_id": "Id<UserMarker>",
    "user_id_1": "Id<UserMarker>",
    "user_id_2": "Id<UserMarker>",
    "overwrite_id": "Id<GenericMarker>",
    "answer_id": "u8",
    "code": "String",
    "instance_id": "String",
    "rule_id": "Id<AutoModerationRuleMarker>",
    "integration_id": "Id<IntegrationMarker>",
    "role_id": "Id<RoleMarker>",
    "request_id": "Id<GenericMarker>",
    "guild_scheduled_event_id": "Id<ScheduledEventMarker>",
    "guild_scheduled_event_exception_id": "Id<GenericMarker>",
    "exception_id": "Id<GenericMarker>",
    "sound_id": "Id<SoundboardSoundMarker>",
    "sticker_id": "Id<StickerMarker>",
    "interaction_id": "Id<InteractionMarker>",
    "interaction_token": "String",
    "lobby_id": "Id<LobbyMarker>",
    "sku_id": "Id<SkuMarker>",
    "subscription_id": "Id<SubscriptionMarker>",
    "pack_id": "Id<StickerPackMarker>",
    "webhook_id": "Id<WebhookMarker>",
    "webhook_token": "String",
}
# Builder constructor argument types (borrowed where the route owns).
ARG_TYPES = {"String": "&str", "ReactionEmoji": "impl Into<ReactionEmoji>"}

MODEL = {
    "PrivateApplicationResponse": "application::Application",
    "EmbeddedActivityInstance": "application::ActivityInstance",
    "ApplicationCommandResponse": "application::command::Command",
    "ListApplicationEmojisResponse": "emoji::ApplicationEmojis",
    "EmojiResponse": "emoji::Emoji",
    "EntitlementResponse": "entitlement::Entitlement",
    "CommandPermissionsResponse": "application::command::GuildCommandPermissions",
    "ApplicationRoleConnectionsMetadataItemResponse": "application::ApplicationRoleConnectionMetadata",
    "GuildChannelResponse": "channel::Channel",
    "PrivateChannelResponse": "channel::Channel",
    "ThreadResponse": "channel::Channel",
    "CreatedThreadResponse": "channel::Channel",
    "ChannelFollowerResponse": "channel::FollowedChannel",
    "FriendInviteResponse": "invite::Invite",
    "MessageResponse": "message::Message",
    "PinnedMessagesResponse": "message::MessagePins",
    "UserResponse": "user::User",
    "UserPIIResponse": "user::User",
    "PollAnswerDetailsResponse": "poll::PollAnswerVoters",
    "ThreadMemberResponse": "channel::ThreadMember",
    "ThreadsResponse": "channel::ThreadList",
    "ApplicationIncomingWebhookResponse": "webhook::Webhook",
    "GuildIncomingWebhookResponse": "webhook::Webhook",
    "GatewayResponse": "gateway::payload::ConnectionInfo",
    "GatewayBotResponse": "gateway::payload::BotConnectionInfo",
    "GuildTemplateResponse": "guild::GuildTemplate",
    "GuildWithCountsResponse": "guild::Guild",
    "GuildResponse": "guild::Guild",
    "GuildAuditLogResponse": "audit_log::AuditLog",
    "DefaultKeywordRuleResponse": "auto_moderation::AutoModerationRule",
    "GuildBanResponse": "guild::Ban",
    "BulkBanUsersResponse": "guild::BulkBanResponse",
    "GuildIncidentsDataResponse": "guild::GuildIncidentsData",
    "DiscordIntegrationResponse": "guild::Integration",
    "GuildMemberResponse": "guild::Member",
    "PrivateGuildMemberResponse": "guild::Member",
    "GuildSearchResponse": "message::MessageSearchResults",
    "GuildOnboardingResponse": "guild::GuildOnboarding",
    "UserGuildOnboardingResponse": "guild::GuildOnboarding",
    "GuildPreviewResponse": "guild::GuildPreview",
    "GuildPruneResponse": "guild::GuildPrune",
    "VoiceRegionResponse": "voice::VoiceRegion",
    "GuildRoleResponse": "guild::Role",
    "ExternalScheduledEventResponse": "scheduled_event::GuildScheduledEvent",
    "ScheduledEventUserResponse": "scheduled_event::GuildScheduledEventUser",
    "SoundboardSoundResponse": "soundboard::SoundboardSound",
    "GuildStickerResponse": "sticker::Sticker",
    "StickerPackResponse": "sticker::StickerPack",
    "StickerPackCollectionResponse": "sticker::StickerPacks",
    "VanityURLResponse": "guild::GuildVanityUrl",
    "VoiceStateResponse": "voice::VoiceState",
    "GuildWelcomeScreenResponse": "guild::WelcomeScreen",
    "WidgetSettingsResponse": "guild::GuildWidgetSettings",
    "WidgetResponse": "guild::GuildWidget",
    "InteractionCallbackResponse": "interaction::InteractionCallbackResponse",
    "StageInstanceResponse": "stage_instance::StageInstance",
    "SubscriptionResponse": "subscription::Subscription",
    "ConnectedAccountResponse": "user::Connection",
    "MyGuildResponse": "user::CurrentUserGuild",
    "ApplicationUserRoleConnectionResponse": "user::ApplicationRoleConnection",
    "OAuth2GetAuthorizationResponse": "oauth2::CurrentAuthorizationInformation",
}
# Guild-wide thread lists use their own model.
RESPONSE_OVERRIDE = {"get_active_guild_threads": "guild::ActiveThreads"}

# Enum schemas of the spec with a twilight-model type: setters take it.
ENUMS = {
    "AuditLogActionTypes": "audit_log::AuditLogEvent",
    "ReactionTypes": "message::ReactionType",
    "ThreadAutoArchiveDuration": "channel::AutoArchiveDuration",
    "InteractionContextType": "interaction::InteractionContextType",
    "ForumLayout": "channel::ForumLayoutType",
    "UserNotificationSettings": "guild::DefaultMessageNotificationLevel",
    "ThreadSortOrder": "channel::SortOrderType",
    "GuildScheduledEventEntityTypes": "scheduled_event::EntityType",
    "AutomodEventType": "auto_moderation::EventType",
    "GuildExplicitContentFilterTypes": "guild::ExplicitContentFilter",
    "ApplicationCommandHandler": "application::command::EntryPointCommandHandlerType",
    "ApplicationIntegrationType": "application::ApplicationIntegrationType",
    "EntitlementOwnerTypes": "entitlement::EntitlementOwnerType",
    "GuildScheduledEventPrivacyLevels": "scheduled_event::PrivacyLevel",
    "StageInstancesPrivacyLevels": "stage_instance::PrivacyLevel",
    "GuildScheduledEventStatuses": "scheduled_event::ScheduledEventStatus",
    "InviteTargetTypes": "invite::InviteTargetType",
    "AutomodTriggerType": "auto_moderation::TriggerType",
    "ApplicationCommandType": "application::command::CommandType",
    "ChannelPermissionOverwrites": "channel::PermissionOverwriteType",
    "ChannelTypes": "channel::ChannelType",
    "VerificationLevels": "guild::VerificationLevel",
    "VideoQualityModes": "channel::VideoQualityMode",
}
# Permission bit sets, by field name.
PERMISSION_FIELDS = {"permissions", "allow", "deny", "default_member_permissions"}

BIG = 100_000  # the spec's placeholder lengths (152133) are no limits


def camel(name):
    return "".join(part[:1].upper() + part[1:] for part in name.split("_"))


def deref(schema):
    while "$ref" in schema:
        schema = SCHEMAS[schema["$ref"].rsplit("/", 1)[1]]
    return schema


def ref_name(schema):
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[1]
    return None


def response_type(op_id, op):
    if op_id in RESPONSE_OVERRIDE:
        return RESPONSE_OVERRIDE[op_id]
    schema = None
    for code, resp in sorted(op["responses"].items()):
        if code.startswith("2"):
            content = resp.get("content", {}).get("application/json")
            if content:
                schema = content["schema"]
                break
    if schema is None:
        return "EmptyBody"
    wrap = "{}"
    if schema.get("type") in ("array", ["array", "null"]):
        wrap = "Vec<{}>"
        schema = schema["items"]
    name = ref_name(schema)
    if name is None and "oneOf" in schema:
        name = ref_name(schema["oneOf"][0])
    if name in MODEL:
        return wrap.format(MODEL[name])
    return wrap.format("Value")


def bounds(lo, hi):
    lo = "_" if lo is None or lo < 0 or lo >= 2**62 else str(int(lo))
    hi = "_" if hi is None or abs(hi) >= 2**62 or hi >= BIG * 10**9 else str(int(hi))
    return lo, hi


def enum_ref(schema):
    """The spec's enum schema a property refers to, if any."""
    for c in [schema] + schema.get("oneOf", []) + schema.get("anyOf", []) + schema.get("allOf", []):
        for cc in [c] + c.get("allOf", []):
            name = ref_name(cc)
            if name in ENUMS:
                return name
    return None


def nullable_of(schema):
    t = schema.get("type")
    return (isinstance(t, list) and "null" in t) or any(
        x.get("type") == "null" for x in schema.get("oneOf", []) + schema.get("anyOf", [])
    )


def kind(schema, name=None):
    """(kind text, nullable) of a property schema."""
    if name in PERMISSION_FIELDS and "array" not in str(schema.get("type")) and "items" not in schema:
        return "model(permissions::Permissions)", nullable_of(schema)
    enum = enum_ref(schema)
    if enum:
        return f"model({ENUMS[enum]})", nullable_of(schema)
    t = schema.get("type")
    if t in ("array", ["array", "null"]):
        enum = enum_ref(schema.get("items", {}))
        if enum:
            lo, hi = schema.get("minItems"), schema.get("maxItems")
            lo, hi = bounds(lo if lo else None, hi)
            return f"models({ENUMS[enum]}, {lo}, {hi})", nullable_of(schema)
    nullable = False
    schema = dict(schema)
    for _ in range(6):
        if "$ref" in schema:
            name = ref_name(schema)
            target = deref(schema)
            if name == "SnowflakeType":
                return "id", nullable
            schema = dict(target)
            continue
        union = schema.get("oneOf") or schema.get("anyOf")
        if union and "type" not in schema or (union and schema.get("type") == ["object", "null"]):
            rest = [s for s in union if s.get("type") != "null"]
            if len(rest) < len(union):
                nullable = True
            if len(rest) == 1:
                schema = dict(rest[0])
                continue
            kinds = {kind(s)[0].split("(")[0] for s in rest}
            if kinds == {"int"}:
                return "int(_, _)", nullable
            if kinds == {"str"}:
                return "str(_, _)", nullable
            return "value(_, _)", nullable
        if "allOf" in schema and "type" not in schema:
            schema = dict(schema["allOf"][0])
            continue
        break
    t = schema.get("type")
    if isinstance(t, list):
        if "null" in t:
            nullable = True
        t = [x for x in t if x != "null"]
        t = t[0] if len(t) == 1 else None
    if t == "string":
        if schema.get("format") == "snowflake":
            return "id", nullable
        if schema.get("contentEncoding") == "binary":
            return "file", nullable
        if schema.get("format") == "date-time":
            return "model(timestamp::Timestamp)", nullable
        lo, hi = schema.get("minLength"), schema.get("maxLength")
        if hi is not None and hi >= BIG:
            hi = None
        if lo == 0:
            lo = None
        lo, hi = bounds(lo, hi)
        return f"str({lo}, {hi})", nullable
    if t == "integer":
        lo, hi = bounds(schema.get("minimum"), schema.get("maximum"))
        return f"int({lo}, {hi})", nullable
    if t == "number":
        return "num", nullable
    if t == "boolean":
        return "bool", nullable
    if t == "array":
        items = schema.get("items", {})
        ik, _ = kind(items)
        lo, hi = schema.get("minItems"), schema.get("maxItems")
        if lo == 0:
            lo = None
        lo, hi = bounds(lo, hi)
        if ik == "id":
            return f"ids({lo}, {hi})", nullable
        if ik.startswith("str"):
            return f"strs({lo}, {hi})", nullable
        return f"value({lo}, {hi})", nullable
    return "value(_, _)", nullable


def object_fields(schema):
    """Properties (name -> schema) and required names of a body schema."""
    schema = deref(schema)
    if "allOf" in schema:
        props, req = {}, set()
        for part in schema["allOf"]:
            p, r = object_fields(part)
            props.update(p)
            req |= r
        return props, req
    union = schema.get("oneOf") or schema.get("anyOf")
    if union:
        props, req = {}, None
        for part in union:
            if part.get("type") == "null":
                continue
            p, r = object_fields(part)
            for k, v in p.items():
                if k in props and kind(props[k])[0] != kind(v)[0]:
                    props[k] = {}
                else:
                    props.setdefault(k, v)
            req = r if req is None else req & r
        return props, req or set()
    return dict(schema.get("properties", {})), set(schema.get("required", []))


RESERVED = {"reason", "attachment", "into_future", "exec", "request", "type", "self", "match", "mod", "ref"}


def rust_name(name, taken):
    out = {"type": "kind"}.get(name, name)
    if out in RESERVED or out in taken:
        out = out + "_field"
    return out


# The module of each operation, by path prefix: the longest prefix that
# matches the operation's path wins, so the order here does not matter. A
# `{}` segment matches any path parameter (`{guild_id}`), a literal
# segment only itself. (module, what it holds, prefixes)
RESOURCES = [
    ("applications", "Applications: the current one, activity instances, attachments and role connection metadata.", ["/applications"]),
    ("auto_moderation", "Auto moderation rules.", ["/guilds/{}/auto-moderation"]),
    ("bans", "Guild bans, one user or many.", ["/guilds/{}/bans", "/guilds/{}/bulk-ban"]),
    ("channels", "Channels: settings, permission overwrites, followers, group DM recipients, typing.", ["/channels"]),
    ("commands", "Application commands, global and per guild, and their permissions.", ["/applications/{}/commands", "/applications/{}/guilds/{}/commands"]),
    ("emojis", "Emojis of an application or a guild.", ["/applications/{}/emojis", "/guilds/{}/emojis"]),
    ("entitlements", "Monetization: entitlements, SKUs and their subscriptions.", ["/applications/{}/entitlements", "/users/@me/applications/{}/entitlements", "/skus"]),
    ("gateway", "The gateway's URL and the bot's session limits.", ["/gateway"]),
    ("guilds", "Guilds: settings, audit log, channel list, integrations, onboarding, pruning, widgets and the rest of a guild's own routes.", ["/guilds"]),
    ("invites", "Invites of a channel or guild, and by code.", ["/channels/{}/invites", "/guilds/{}/invites", "/invites"]),
    ("lobbies", "Lobbies (the social SDK): members, messages, linked channels.", ["/lobbies"]),
    ("members", "Guild members and their roles.", ["/guilds/{}/members"]),
    ("messages", "Messages of a channel: listing, fetching, deleting, crossposting, pins.", ["/channels/{}/messages", "/channels/{}/pins"]),
    ("oauth2", "OAuth2: the current authorization, application, keys and user info.", ["/oauth2"]),
    ("partner_sdk", "The partner SDK: provisional accounts, tokens, DM moderation metadata.", ["/partner-sdk"]),
    ("polls", "Polls: answer voters, ending a poll.", ["/channels/{}/polls"]),
    ("reactions", "Reactions to a message.", ["/channels/{}/messages/{}/reactions"]),
    ("roles", "Guild roles.", ["/guilds/{}/roles"]),
    ("scheduled_events", "Guild scheduled events, their exceptions and users.", ["/guilds/{}/scheduled-events"]),
    ("soundboard", "Soundboard sounds: a guild's, the defaults, playing one.", ["/channels/{}/send-soundboard-sound", "/guilds/{}/soundboard-sounds", "/soundboard-default-sounds"]),
    ("stage_instances", "Stage instances.", ["/stage-instances"]),
    ("stickers", "Stickers of a guild, sticker packs, any sticker by id.", ["/guilds/{}/stickers", "/sticker-packs", "/stickers"]),
    ("templates", "Guild templates.", ["/guilds/templates", "/guilds/{}/templates"]),
    ("threads", "Threads: creating, listing, searching, and their members.", ["/channels/{}/messages/{}/threads", "/channels/{}/thread-members", "/channels/{}/threads", "/channels/{}/users/@me/threads", "/guilds/{}/threads"]),
    ("users", "Users: the current one, its DMs, connections, guilds and role connections; any user by id.", ["/users"]),
    ("voice", "Voice: regions, voice states, a voice channel's status.", ["/channels/{}/voice-status", "/guilds/{}/voice-states", "/guilds/{}/regions", "/voice"]),
    ("webhooks", "Webhooks of a channel or guild, by id or by token, and their messages.", ["/channels/{}/webhooks", "/guilds/{}/webhooks", "/webhooks"]),
]

OPERATIONS_DIR = ROOT / "twilight-http/src/api/operations"
TABLE = ROOT / "twilight-http/src/routing/table.rs"
# Where the operations were before they were split; must not come back.
OLD_OPERATIONS = ROOT / "twilight-http/src/api/operations.rs"
HEADER = (
    "// @generated by tools/gen_http_routes.py from Discord's OpenAPI spec.\n"
    "// Edit the generator, not this file.\n\n"
)


def segments(path):
    return ["{}" if seg.startswith("{") else seg for seg in path.strip("/").split("/")]


def resource_of(path):
    """(module, prefix) of the longest prefix matching `path`, or None."""
    best = None
    segs = segments(path)
    for module, _, prefixes in RESOURCES:
        for prefix in prefixes:
            want = prefix.strip("/").split("/")
            if segs[: len(want)] == want and (best is None or len(want) > best[2]):
                best = (module, prefix, len(want))
    return best and best[:2]


def rustfmt(text, name):
    """`text` as `cargo fmt` leaves it (the workspace's rustfmt.toml and
    edition)."""
    try:
        done = subprocess.run(
            ["rustfmt", "--edition", "2024", "--config-path", str(ROOT / "rustfmt.toml"), "--emit", "stdout"],
            input=text,
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError:
        sys.exit("gen_http_routes: rustfmt not found (rustup component add rustfmt)")
    if done.returncode != 0:
        sys.exit(f"gen_http_routes: rustfmt failed on {name}:\n{done.stderr}")
    return done.stdout


def block(keyword, fields):
    """A `query { .. }` or `body .. { .. }` block, one field per line."""
    if not fields:
        # A body the spec gives no properties (an empty JSON object).
        return [f"        {keyword} {{}}"]
    lines = [f"        {keyword} {{"]
    lines += [f"            {field};" for field in fields]
    lines.append("        }")
    return lines


def generate():
    """{path: unformatted text} of every file the generator writes."""
    routes, ops = [], []
    for path, item in spec["paths"].items():
        shared = item.get("parameters", [])
        for method in METHODS:
            if method not in item:
                continue
            op = item[method]
            op_id = op["operationId"]
            name = camel(op_id)
            params = [seg[1:-1] for seg in path.split("/") if seg.startswith("{")]
            # webhook routes also carry `{webhook_token}` etc. in one segment
            typed = ", ".join(f"{p}: {PATH_TYPES[p]}" for p in params)
            # `{}` among the requirements: the route works without a token
            authorized = not any(req == {} for req in op.get("security", []))
            if "webhook_id" in params and "webhook_token" in params:
                major = "webhook(webhook_id, webhook_token)"
            elif "interaction_id" in params:
                major = "webhook(interaction_id, interaction_token)"
            elif "channel_id" in params:
                major = "major(channel_id)"
            elif "guild_id" in params:
                major = "major(guild_id)"
            elif "webhook_id" in params:
                major = "major(webhook_id)"
            else:
                major = "none()"
            auth = "bot" if authorized else "anonymous"
            routes.append(
                f'    /// {method.upper()} `{path}` (`{op_id}`).\n'
                f'    {name} {{ {typed} }} = {method.capitalize()} "{path}", {major}, {auth};'
            )
            if op_id in HANDWRITTEN:
                continue
            # query parameters
            qfields = []
            taken = set()
            for q in shared + op.get("parameters", []):
                if q["in"] != "query":
                    continue
                k, _ = kind(q["schema"], q["name"])
                if k.startswith("ids") and q["name"] in ("sku_ids", "guild_scheduled_event_exception_ids"):
                    k = "idlist"
                if k == "file" or k.startswith("value"):
                    k = "str(_, _)"
                rn = rust_name(q["name"], taken)
                taken.add(rn)
                qfields.append(f'{rn} "{q["name"]}": {k}')
            # body
            bfields, required, mode = [], [], None
            rb = op.get("requestBody")
            if rb:
                content = rb["content"]
                if "application/json" in content:
                    mode = "json"
                    schema = content["application/json"]["schema"]
                else:
                    mode = "form"
                    schema = content["multipart/form-data"]["schema"]
                if "multipart/form-data" in content and mode == "json":
                    mode = "json_files"
                s = deref(schema)
                if s.get("type") in ("array", ["array", "null"]):
                    k, _ = kind(schema)
                    mode = {"json": "array", "json_files": "array"}[mode]
                    bfields.append(f'items "items": {k}')
                else:
                    props, req = object_fields(schema)
                    for pname, pschema in props.items():
                        if "[" in pname:
                            continue
                        k, nullable = kind(pschema, pname)
                        if pname in ("nick",) and k.startswith("str"):
                            k = "str(_, 32)"
                        # Limits the spec does not state, from the docs.
                        if "webhook" in op_id and pname == "name" and k.startswith("str"):
                            k = "checked(webhook_name)"
                        if op_id.endswith("guild_channel") and pname == "name":
                            k = "checked(channel_name)"
                        rn = rust_name(pname, taken)
                        taken.add(rn)
                        opt = f" / clear_{rn.removeprefix('r#')}" if nullable and method == "patch" and k != "file" else ""
                        bfields.append(f'{rn}{opt} "{pname}": {k}')
                    required = sorted(r for r in req if "[" not in r)
            arg_types = [ARG_TYPES.get(PATH_TYPES[p], PATH_TYPES[p]) for p in params]
            args = ", ".join(f"{p}: {t}" for p, t in zip(params, arg_types))
            resp = response_type(op_id, op)
            words = op_id.replace("_", " ")
            doc = f"{words[:1].upper()}{words[1:]}: `{op_id}`."
            lines = [
                f'    /// {doc}',
                '    ///',
                f'    /// {method.upper()} `{path}`.',
            ]
            signature = f'    {op_id} => {name}({args}) -> {resp} {{'
            inner = []
            if qfields:
                inner += block("query", qfields)
            if mode:
                req_text = ", ".join(f'"{r}"' for r in required)
                inner += block(f"body {mode}" + (f" [{req_text}]" if required else ""), bfields)
            if inner:
                lines += [signature] + inner + ['    }']
            else:
                lines.append(signature + '}')
            found = resource_of(path)
            ops.append({
                "op_id": op_id,
                "path": path,
                "module": found and found[0],
                "prefix": found and found[1],
                "text": "\n".join(lines),
                "types": arg_types + [resp],
            })

    unmatched = [f"  {op['op_id']}: {op['path']}" for op in ops if op["module"] is None]
    if unmatched:
        sys.exit(
            "gen_http_routes: no entry of RESOURCES matches these operations' paths; "
            "add a prefix for them:\n" + "\n".join(unmatched)
        )
    used = {op["prefix"] for op in ops}
    unused = [f"  {module}: {prefix}" for module, _, prefixes in RESOURCES for prefix in prefixes if prefix not in used]
    if unused:
        sys.exit(
            "gen_http_routes: these prefixes of RESOURCES match no generated operation; "
            "remove them:\n" + "\n".join(unused)
        )

    files = {
        TABLE: HEADER
        + "//! Every operation of Discord's REST API: method, path template, path\n"
        + "//! parameters, the ratelimit's major parameter and authorization.\n\n"
        + "use super::{Id, ReactionEmoji, routes};\nuse twilight_model::id::marker::*;\n\n"
        + "routes! {\n" + "\n".join(routes) + "\n}\n"
    }
    modules = []
    for module, doc, _ in sorted(RESOURCES):
        mine = [op for op in ops if op["module"] == module]
        if not mine:
            continue
        modules.append(module)
        types = " ".join(t for op in mine for t in op["types"])
        imports = ["use crate::api::builder::operations;"]
        if re.search(r"\bEmptyBody\b", types):
            imports.append("use crate::marker::EmptyBody;")
        if re.search(r"\bReactionEmoji\b", types):
            imports.append("use crate::routing::ReactionEmoji;")
        if re.search(r"\bValue\b", types):
            imports.append("use serde_json::Value;")
        markers = sorted(set(re.findall(r"\bId<(\w+)>", types)))
        if markers:
            imports.append(f"use twilight_model::id::{{Id, marker::{{{', '.join(markers)}}}}};")
        models = sorted(set(re.findall(r"(?<![:\w])([a-z_][a-z0-9_]*)::", types)))
        if models:
            imports.append(f"use twilight_model::{{{', '.join(models)}}};")
        files[OPERATIONS_DIR / f"{module}.rs"] = (
            HEADER
            + f"//! {doc}\n\n"
            + "\n".join(imports)
            + "\n\noperations! {\n"
            + "\n\n".join(op["text"] for op in mine)
            + "\n}\n"
        )
    files[OPERATIONS_DIR / "mod.rs"] = (
        HEADER
        + "//! A typed builder for every operation without a hand-written one.\n"
        + "//!\n"
        + "//! Each builder is made by a method of [`Client`](crate::Client) named\n"
        + "//! after the operation's id in Discord's OpenAPI spec, and is sent by\n"
        + "//! awaiting it.\n\n"
        + "".join(f"mod {module};\n" for module in modules)
        + "\n"
        + "".join(f"pub use {module}::*;\n" for module in modules)
        + "\n/// The routes with a generated builder, by module.\n#[cfg(test)]\n"
        + "pub(crate) const GENERATED: &[&[&str]] = &["
        + ", ".join(f"{module}::GENERATED" for module in modules)
        + "];\n"
    )
    print(f"{len(routes)} routes, {len(ops)} generated builders in {len(modules)} modules", file=sys.stderr)
    return files


def stale_extras(files):
    """Checked-in files the generator would not write (and that would
    break the build or shadow a module)."""
    extra = [path for path in OPERATIONS_DIR.glob("*.rs") if path not in files] if OPERATIONS_DIR.is_dir() else []
    if OLD_OPERATIONS.exists():
        extra.append(OLD_OPERATIONS)
    return sorted(extra)


def main():
    files = {path: rustfmt(text, path.relative_to(ROOT)) for path, text in generate().items()}
    extras = stale_extras(files)
    if CHECK:
        stale = [path for path, text in files.items() if not path.exists() or path.read_text() != text]
        if stale or extras:
            lines = [f"  {path.relative_to(ROOT)} (differs from the spec's output)" if path.exists()
                     else f"  {path.relative_to(ROOT)} (missing)" for path in sorted(stale)]
            lines += [f"  {path.relative_to(ROOT)} (not generated: delete it)" for path in extras]
            sys.exit(
                "gen_http_routes --check: the generated files are stale; run "
                "`python3 tools/gen_http_routes.py` and commit the result:\n" + "\n".join(lines)
            )
        print(f"gen_http_routes --check: {len(files)} generated files are up to date")
        return
    OPERATIONS_DIR.mkdir(exist_ok=True)
    for path, text in files.items():
        if not path.exists() or path.read_text() != text:
            path.write_text(text)
            print(f"wrote {path.relative_to(ROOT)}")
    for path in extras:
        path.unlink()
        print(f"deleted {path.relative_to(ROOT)} (not generated)")


main()
