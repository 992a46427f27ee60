#!/usr/bin/env python3
"""Generates twilight-http's route table and its typed builders from
Discord's OpenAPI spec.

    python3 tools/gen_http_routes.py [--check] [path/to/openapi.json]

The spec defaults to the vendored twilight-http/tests/openapi.json. Writes

- twilight-http/src/routing/table.rs: a `routes!` invocation, one route
  per operation (method, path, ratelimit major parameter, authorization);
- twilight-http/src/api/operations/<resource>.rs: an `operations!`
  per resource, per operation without a hand-written one: its builder (an
  `operations!` invocation, the macro is in api/builder.rs, with one query
  parameter per line), its body as a `#[derive(Serialize)]` struct (one
  field per line, typed with twilight-model's types; a PATCH field the
  spec marks nullable is an `Option<Nullable<T>>`), its constructor on
  `Client` (path parameters, then the body's required fields) and a
  setter per optional field, checking the documented limits. The spec has no tags: operations are grouped by path prefix
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
    "ActivitiesAttachmentResponse": "application::ActivityAttachment",
    "GuildJoinRequestsListResponse": "guild::GuildJoinRequests",
    "GuildJoinRequestResponse": "guild::GuildJoinRequest",
    "GuildScheduledEventExceptionResponse": "scheduled_event::GuildScheduledEventException",
    "ScheduledEventUserCountResponse": "scheduled_event::ScheduledEventUserCount",
    "ListGuildSoundboardSoundsResponse": "soundboard::GuildSoundboardSounds",
    "TargetUsersJobStatusResponse": "invite::TargetUsersJobStatus",
    "LobbyResponse": "lobby::Lobby",
    "LobbyMemberResponse": "lobby::LobbyMember",
    "LobbyGuildInviteResponse": "lobby::LobbyGuildInvite",
    "LobbyMessageResponse": "lobby::LobbyMessage",
    "OAuth2GetKeys": "oauth2::PublicKeys",
    "OAuth2GetOpenIDConnectUserInfoResponse": "oauth2::OpenIdUserInfo",
    "ProvisionalTokenResponse": "oauth2::ProvisionalToken",
}
# Guild-wide thread lists use their own model.
RESPONSE_OVERRIDE = {
    "get_active_guild_threads": "guild::ActiveThreads",
    # 200 with results, or 202 while the index is built: one enum.
    "thread_search": "channel::ThreadSearch",
    # 200 with a body, or 204: an empty body is `None`.
    "trigger_typing_indicator": "Option<channel::TypingIndicator>",
    "get_guild_new_member_welcome": "Option<guild::GuildHomeSettings>",
    "guild_role_member_counts": "HashMap<Id<RoleMarker>, u64>",
    "execute_slack_compatible_webhook": "Option<String>",
    # A PNG: the bytes and their content type.
    "get_guild_widget_png": "Binary",
}

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
    "SortingMode": "message::SearchSortMode",
    "SortingOrder": "message::SearchSortOrder",
    "AuthorType": "message::SearchAuthorType",
    "HasOption": "message::SearchHasType",
    "SearchableEmbedType": "message::SearchEmbedType",
    "ThreadSortingMode": "channel::ThreadSearchSortMode",
    "ThreadSearchTagSetting": "channel::ThreadSearchTagSetting",
    "WidgetImageStyles": "guild::GuildWidgetStyle",
    "MessageShareCustomUserThemeBaseTheme": "message::BaseThemeType",
    "AfkTimeouts": "guild::AfkTimeout",
    "AvailableLocalesEnum": "locale::Locale",
    "ApplicationIdentityProviderAuthType": "oauth2::ExternalAuthType",
    "GuildJoinRequestApplicationStatus": "guild::JoinRequestStatus",
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


# The marker of every id field (body and query), by field name; an id
# field not listed stops the generator, so no id takes any marker.
ID_MARKERS = {
    "afk_channel_id": "ChannelMarker",
    "applied_tags": "TagMarker",
    "channel_id": "ChannelMarker",
    "client_id": "ApplicationMarker",
    "default_channel_ids": "ChannelMarker",
    "emoji_id": "EmojiMarker",
    "exempt_channels": "ChannelMarker",
    "exempt_roles": "RoleMarker",
    "guild_scheduled_event_id": "ScheduledEventMarker",
    "messages": "MessageMarker",
    "owner_id": "UserMarker",
    "parent_id": "ChannelMarker",
    "provisional_user_id": "UserMarker",
    "public_updates_channel_id": "ChannelMarker",
    "recipient_id": "UserMarker",
    "roles": "RoleMarker",
    "rules_channel_id": "ChannelMarker",
    "safety_alerts_channel_id": "ChannelMarker",
    "sku_id": "SkuMarker",
    "sound_id": "SoundboardSoundMarker",
    "source_guild_id": "GuildMarker",
    "sticker_ids": "StickerMarker",
    "system_channel_id": "ChannelMarker",
    "target_application_id": "ApplicationMarker",
    "target_user_id": "UserMarker",
    "team_id": "GenericMarker",
    "user_ids": "UserMarker",
    "webhook_channel_id": "ChannelMarker",
    "author_id": "UserMarker",
    "guild_id": "GuildMarker",
    "guild_scheduled_event_exception_ids": "GenericMarker",
    "mentions": "UserMarker",
    "mentions_role_id": "RoleMarker",
    "replied_to_message_id": "MessageMarker",
    "replied_to_user_id": "UserMarker",
    "target_channel_id": "ChannelMarker",
    "target_message_id": "MessageMarker",
    "thread_id": "ChannelMarker",
    "user_id": "UserMarker",
    "role_ids": "RoleMarker",
    "include_roles": "RoleMarker",
    "sku_ids": "SkuMarker",
    "tag": "TagMarker",
}
# Pagination ids name an object of the listed resource: their marker comes
# from the operation (`before` a message id when listing messages).
PAGINATION = {"before", "after", "around", "min_id", "max_id", "target_id"}
PAGINATION_MARKERS = {
    "list_messages": "MessageMarker",
    "list_guild_members": "UserMarker",
    "list_guild_bans": "UserMarker",
    "list_guild_audit_log_entries": "AuditLogEntryMarker",
    "list_my_guilds": "GuildMarker",
    "list_message_reactions_by_emoji": "UserMarker",
    "list_public_archived_threads": "GenericMarker",
    "list_private_archived_threads": "GenericMarker",
    "list_my_private_archived_threads": "GenericMarker",
    "list_guild_scheduled_event_users": "UserMarker",
    "get_answer_voters": "UserMarker",
    "get_entitlements": "EntitlementMarker",
    "get_sku_subscriptions": "SubscriptionMarker",
    "list_guild_scheduled_event_exception_users": "UserMarker",
    "guild_search": "MessageMarker",
    "get_lobby_messages": "MessageMarker",
    "list_thread_members": "UserMarker",
    "thread_search": "ChannelMarker",
    "get_guild_join_requests": "GenericMarker",
}

# Fields the spec types loosely (a union, a bare object, an integer for a
# bit set): their kind, by (operation or "*", field). A kind names a model
# type (`model(path)`, `models(path, lo, hi)`), a map (`map(key, value,
# lo, hi)`), or a plain kind (`str(lo, hi)`, `int(lo, hi)`, ...).
OVERRIDES = {
    ("update_my_application", "type"): "model(application::ApplicationType)",
    ("update_my_application", "explicit_content_filter"): "model(application::ApplicationExplicitContentFilter)",
    ("update_my_application", "event_webhooks_status"): "model(application::ApplicationEventWebhookStatus)",
    ("update_application", "type"): "model(application::ApplicationType)",
    ("update_application", "explicit_content_filter"): "model(application::ApplicationExplicitContentFilter)",
    ("update_application", "event_webhooks_status"): "model(application::ApplicationEventWebhookStatus)",
    ("*", "event_webhooks_types"): "models(application::WebhookEventType, _, _)",
    ("put_guilds_onboarding", "mode"): "model(guild::OnboardingMode)",
    ("execute_github_compatible_webhook", "commits"): "models(github::GithubCommit, _, _)",
    ("execute_github_compatible_webhook", "answer"): "model(github::GithubComment)",
    ("execute_github_compatible_webhook", "discussion"): "model(github::GithubDiscussion)",
    ("execute_github_compatible_webhook", "check_suite"): "model(github::GithubCheckSuite)",
    ("execute_github_compatible_webhook", "check_run"): "model(github::GithubCheckRun)",
    ("execute_github_compatible_webhook", "review"): "model(github::GithubReview)",
    ("execute_github_compatible_webhook", "head_commit"): "model(github::GithubCommit)",
    ("execute_github_compatible_webhook", "release"): "model(github::GithubRelease)",
    ("execute_github_compatible_webhook", "member"): "model(github::GithubUser)",
    ("execute_github_compatible_webhook", "sender"): "model(github::GithubUser)",
    ("execute_github_compatible_webhook", "forkee"): "model(github::GithubRepository)",
    ("execute_github_compatible_webhook", "repository"): "model(github::GithubRepository)",
    ("execute_github_compatible_webhook", "pull_request"): "model(github::GithubIssue)",
    ("execute_github_compatible_webhook", "issue"): "model(github::GithubIssue)",
    ("execute_github_compatible_webhook", "comment"): "model(github::GithubComment)",
    ("create_application_command", "name"): "checked(command_name)",
    ("create_application_command", "description"): "checked(command_description)",
    ("create_guild_application_command", "name"): "checked(command_name)",
    ("create_guild_application_command", "description"): "checked(command_description)",
    ("update_application_command", "name"): "checked(command_name)",
    ("update_application_command", "description"): "checked(command_description)",
    ("update_guild_application_command", "name"): "checked(command_name)",
    ("update_guild_application_command", "description"): "checked(command_description)",
    ("*", "system_channel_flags"): "model(guild::SystemChannelFlags)",
    ("add_guild_member", "flags"): "model(guild::MemberFlags)",
    ("update_guild_member", "flags"): "model(guild::MemberFlags)",
    ("update_my_guild_member", "flags"): "model(guild::MemberFlags)",
    ("update_channel", "flags"): "model(channel::ChannelFlags)",
    ("update_channel", "name"): "checked(channel_name)",
    ("update_channel", "user_limit"): "int(0, 10000)",
    ("*", "permission_overwrites"): "models(channel::PermissionOverwrite, _, 100)",
    ("*", "default_reaction_emoji"): "model(channel::DefaultReaction)",
    ("*", "available_tags"): "models(body::NewForumTag, _, 20)",
    ("update_my_application", "flags"): "model(application::ApplicationFlags)",
    ("update_application", "flags"): "model(application::ApplicationFlags)",
    ("*", "install_params"): "model(application::InstallParams)",
    ("*", "integration_types_config"): "map(application::ApplicationIntegrationType, application::ApplicationIntegrationTypeConfiguration, 1, 2)",
    ("*", "name_localizations"): "map(String, String, _, 34)",
    ("*", "description_localizations"): "map(String, String, _, 34)",
    ("update_my_application", "description"): "model(body::LocalizedText)",
    ("update_application", "description"): "model(body::LocalizedText)",
    ("*", "options"): "models(application::command::CommandOption, _, 25)",
    ("bulk_set_application_commands", "items"): "models(body::NewCommand, _, 130)",
    ("bulk_set_guild_application_commands", "items"): "models(body::NewCommand, _, 130)",
    ("set_guild_application_command_permissions", "permissions"): "models(application::command::CommandPermission, _, 100)",
    ("update_application_role_connections_metadata", "items"): "models(application::ApplicationRoleConnectionMetadata, _, 5)",
    ("create_channel_invite", "max_age"): "int(0, 604800)",
    ("create_channel_invite", "role_ids"): "ids(_, 250)",
    ("create_thread", "message"): "model(body::ForumThreadMessage)",
    ("*", "actions"): "models(auto_moderation::Action, 1, 5)",
    ("*", "trigger_metadata"): "model(auto_moderation::TriggerMetadata)",
    ("bulk_update_guild_channels", "items"): "models(body::ChannelPosition, _, _)",
    ("put_guilds_onboarding", "prompts"): "models(guild::OnboardingPrompt, _, 15)",
    ("prune_guild", "include_roles"): "ids(_, 100)",
    ("*", "colors"): "model(guild::RoleColors)",
    ("bulk_update_guild_roles", "items"): "models(body::RolePosition, _, _)",
    ("*", "recurrence_rule"): "model(scheduled_event::RecurrenceRule)",
    ("*", "entity_metadata"): "model(scheduled_event::EntityMetadata)",
    ("update_guild_welcome_screen", "welcome_channels"): "models(guild::WelcomeScreenChannel, _, 5)",
    ("*", "members"): "models(body::LobbyMemberRequest, _, 25)",
    ("*", "metadata"): "map(String, String, _, 25)",
    ("*", "lobby_metadata"): "map(String, String, _, 25)",
    ("*", "member_metadata"): "map(String, String, _, 25)",
    ("create_lobby", "flags"): "bits(lobby::LobbyFlags, 1)",
    ("create_or_join_lobby", "flags"): "bits(lobby::LobbyFlags, 1)",
    ("edit_lobby", "flags"): "bits(lobby::LobbyFlags, 1)",
    ("add_lobby_member", "flags"): "model(lobby::LobbyMemberFlags)",
    ("bulk_update_lobby_members", "items"): "models(body::BulkLobbyMember, 1, 25)",
    ("create_lobby_message", "embeds"): "embeds",
    ("create_lobby_message", "allowed_mentions"): "model(message::AllowedMentions)",
    ("create_lobby_message", "components"): "components",
    ("create_lobby_message", "flags"): "model(message::MessageFlags)",
    ("create_lobby_message", "attachments"): "models(body::AttachmentRequest, _, 10)",
    ("create_lobby_message", "poll"): "model(poll::PollCreateRequest)",
    ("create_lobby_message", "shared_client_theme"): "model(message::SharedClientTheme)",
    ("create_lobby_message", "message_reference"): "model(message::MessageReference)",
    ("create_lobby_message", "nonce"): "str(_, 25)",
    ("update_application_user_role_connection", "metadata"): "map(String, String, _, 5)",
    ("create_dm", "nicks"): "map(Id<UserMarker>, String, _, _)",
    ("execute_slack_compatible_webhook", "attachments"): "models(body::SlackAttachment, _, _)",
}

# Query parameters the spec types loosely (a string or a list of ids, a
# string enum): their kind, by (operation, parameter). `idlist` is one
# comma-delimited value, for the parameters the docs say so of; any other
# list is sent as repeated keys (reference.mdx, "Array Query Strings").
QUERY_OVERRIDES = {
    ("get_entitlements", "sku_ids"): "idlist",
    ("get_current_user_application_entitlements", "sku_ids"): "idlist",
    ("preview_prune_guild", "include_roles"): "idlist",
    ("thread_search", "tag"): "ids(_, 20)",
    ("get_guild_join_requests", "status"): "model(guild::JoinRequestStatus)",
}

# GitHub's event objects, as the spec lists them (`Github*` schemas): the
# generator writes a struct per schema into api/github.rs, and the fields
# of execute_github_compatible_webhook take them.
GITHUB = ROOT / "twilight-http/src/api/github.rs"
PASSTHROUGH = set()


def github_type(schema):
    """(Rust type, nullable) of a property of a `Github*` schema."""
    nullable = False
    if "oneOf" in schema:
        rest = [s for s in schema["oneOf"] if s.get("type") != "null"]
        nullable = len(rest) < len(schema["oneOf"])
        schema = rest[0]
    name = ref_name(schema)
    if name:
        return name, nullable
    t = schema.get("type")
    if isinstance(t, list):
        nullable = nullable or "null" in t
        t = next(x for x in t if x != "null")
    if t == "array":
        inner, _ = github_type(schema["items"])
        return f"Vec<{inner}>", nullable
    if t is None:
        # `GithubIssue.pull_request`: an object whose presence marks a pull
        # request.
        return "GithubPullRequestLink", nullable
    return {"string": "String", "integer": "i64", "boolean": "bool", "number": "f64"}[t], nullable


def github_file():
    """api/github.rs: a struct per `Github*` schema but the body's."""
    out = [
        "//! GitHub's event objects, as a GitHub-compatible webhook takes them",
        "//! (Execute GitHub-Compatible Webhook): one struct per `Github*` schema",
        "//! of Discord's spec. Fields left `None` are left out of the JSON.",
        "",
        "use serde::Serialize;",
        "",
        "/// Present on an issue that is a pull request.",
        "#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]",
        "pub struct GithubPullRequestLink {}",
    ]
    for name in sorted(n for n in SCHEMAS if n.startswith("Github") and n != "GithubWebhook"):
        schema = SCHEMAS[name]
        required = set(schema.get("required", []))
        floats = any(github_type(v)[0] == "f64" for v in schema.get("properties", {}).values())
        eq = "" if floats else ", Eq"
        out += ["", f"/// GitHub's `{name.removeprefix('Github')}` object.", f"#[derive(Clone, Debug, Default, PartialEq{eq}, Serialize)]", f"pub struct {name} {{"]
        for field, prop in schema.get("properties", {}).items():
            ty, nullable = github_type(prop)
            rust = "r#ref" if field == "ref" else field
            out.append(f"    /// `{field}`.")
            if field in required and not nullable:
                out.append(f"    pub {rust}: {ty},")
            else:
                out.append('    #[serde(skip_serializing_if = "Option::is_none")]')
                out.append(f"    pub {rust}: Option<{ty}>,")
        out.append("}")
    return HEADER + "\n".join(out) + "\n"


def split_args(text):
    """`a, b<c, d>, e` -> [a, b<c, d>, e]."""
    out, depth, cur = [], 0, ""
    for ch in text:
        if ch == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
            continue
        depth += ch == "<"
        depth -= ch == ">"
        cur += ch
    if cur.strip():
        out.append(cur.strip())
    return out


def opt(bound):
    return "None" if bound == "_" else f"Some({bound})"


class Field:
    """One body field or query parameter: its Rust storage and setter
    argument types, how an argument becomes the stored value, and the
    documented limit checked before anything is sent.

    Each is kept twice: as Rust (`check`, `conv`) for the constructor's
    required arguments, and as `body_setters!` input (`form`, `limit`) for
    the optional fields' setters."""

    def __init__(self, op_id, json_name, rust, spec_kind, nullable=False, required=False):
        self.json = json_name
        self.rust = rust
        self.spec_kind = spec_kind
        self.nullable = nullable
        self.required = required
        self.file = False
        self.check = None  # text with {v}: a `validate::..` call
        self.conv = "{v}"
        self.form = "plain"  # how `body_setters!` takes the argument
        self.limit = ""  # the `body_setters!` check, if any
        k, args = (spec_kind.split("(", 1) + [""])[:2]
        args = split_args(args.rstrip(")")) if args else []
        self.kind = k

        def bounded(rule, value, lo, hi):
            if [lo, hi] != ["_", "_"]:
                self.check = f'validate::{rule}("{json_name}", {value}, {opt(lo)}, {opt(hi)})'
                self.limit = f" {rule}({lo}, {hi})"

        def collected(item, into=False):
            self.ty = f"Vec<{item}>"
            if into:
                self.arg = f"impl IntoIterator<Item = impl Into<{item}>>"
                self.conv = "{v}.into_iter().map(Into::into).collect()"
                self.form = "iter_into"
            else:
                self.arg = f"impl IntoIterator<Item = {item}>"
                self.conv = "{v}.into_iter().collect()"
                self.form = "iter"
            self.item = item

        if k == "bool":
            self.ty = self.arg = "bool"
        elif k == "num":
            self.ty = self.arg = "f64"
        elif k == "int":
            self.ty = self.arg = "i64"
            bounded("range", "{v}", *args)
        elif k in ("str", "checked"):
            self.ty, self.arg, self.conv, self.form = "String", "impl Into<String>", "{v}.into()", "into"
            if k == "str":
                bounded("length", "&{v}", *args)
            else:
                self.check = f"validate::{args[0]}(&{{v}})"
                self.limit = f" call({args[0]})"
        elif k in ("id", "ids", "idlist"):
            marker = id_marker(op_id, json_name)
            if k == "id":
                self.ty = self.arg = f"Id<{marker}>"
            else:
                collected(f"Id<{marker}>")
                if k == "ids":
                    bounded("count", "{v}.len()", *args)
        elif k == "strs":
            collected("String", into=True)
            bounded("count", "{v}.len()", *args)
        elif k == "model":
            self.ty = self.arg = args[0]
        elif k == "bits":
            # A bit set of which the spec accepts only the bits of a mask.
            self.ty = self.arg = args[0]
            self.check = f'validate::bits("{json_name}", {{v}}.bits().into(), {args[1]})'
            self.limit = f" bits({args[1]})"
        elif k == "models":
            collected(args[0])
            bounded("count", "{v}.len()", *args[1:])
        elif k == "map":
            self.ty = self.arg = f"HashMap<{args[0]}, {args[1]}>"
            bounded("count", "{v}.len()", *args[2:])
        elif k == "embeds":
            collected("message::embed::Embed")
            self.check = "validate::embeds(&{v})"
            self.limit = " call(embeds)"
        elif k == "components":
            collected("message::component::Component")
            # Lobby messages take components v2 (40 in total, nested).
            self.check = "validate::components(&{v}, true)"
            self.limit = " call(components, true)"
        elif k == "file":
            self.file = True
            self.ty = self.arg = "Attachment"
        elif k == "json":
            self.ty = self.arg = "Value"
        else:
            sys.exit(f"gen_http_routes: {op_id}.{json_name}: no Rust type for the kind `{spec_kind}`")

    def setter(self):
        """The field's line in a `body_setters!` invocation."""
        if self.file:
            return f'file {self.rust} "{self.json}";'
        item = getattr(self, "item", self.ty) if self.form.startswith("iter") else self.ty
        if self.nullable:
            head = f'null {self.rust} "{self.json}" clear_{self.rust.removesuffix("_field")}'
        else:
            head = f'set {self.rust} "{self.json}"'
        return f"{head}: {self.form}({item}){self.limit};"

    def signature(self):
        """What makes two bodies the same: every field as the builder
        takes, checks and sends it."""
        return (self.json, self.rust, self.spec_kind, self.nullable, self.required)

    def stored(self):
        """The field's type in the body struct."""
        if self.required:
            return self.ty
        if self.nullable:
            return f"Option<Nullable<{self.ty}>>"
        return f"Option<{self.ty}>"

    def prepare(self, v, parts):
        """Statements turning the argument `v` into its stored value and
        checking it."""
        lines = []
        if self.conv != "{v}":
            lines.append(f"let {v}: {self.ty} = {self.conv.format(v=v)};")
        if self.check:
            lines.append(f"{parts}.check({self.check.format(v=v)});")
        return lines


def id_marker(op_id, name):
    if name in PAGINATION:
        marker = PAGINATION_MARKERS.get(op_id)
        if marker:
            return marker
    marker = ID_MARKERS.get(name)
    if marker is None:
        sys.exit(f"gen_http_routes: {op_id}.{name}: no marker for this id field; add it to ID_MARKERS or PAGINATION_MARKERS")
    return marker


def field_kind(op_id, name, schema):
    """(kind, nullable) of a body field, overrides first."""
    k, nullable = kind(schema, name)
    over = OVERRIDES.get((op_id, name)) or OVERRIDES.get(("*", name))
    if over:
        return over, nullable
    if op_id in PASSTHROUGH and k.startswith("value"):
        return "json", nullable
    return k, nullable


# The module of each operation, by path prefix: the longest prefix that
# matches the operation's path wins, so the order here does not matter. A
# `{}` segment matches any path parameter (`{guild_id}`), a literal
# segment only itself. (module, what it holds, prefixes)
RESOURCES = [
    ("applications", "Applications: the current one, activity instances, attachments and role connection metadata.", ["/applications"]),
    ("auto_moderation", "Auto moderation rules.", ["/guilds/{}/auto-moderation"]),
    ("bans", "Guild bans, one user or many.", ["/guilds/{}/bans", "/guilds/{}/bulk-ban"]),
    ("channels", "Channels: settings, permission overwrites, followers, group DM recipients, typing.", ["/channels"]),
    ("commands", "Global application commands.", ["/applications/{}/commands"]),
    ("emojis", "Emojis of an application or a guild.", ["/applications/{}/emojis", "/guilds/{}/emojis"]),
    ("entitlements", "Monetization: entitlements, SKUs and their subscriptions.", ["/applications/{}/entitlements", "/users/@me/applications/{}/entitlements", "/skus"]),
    ("gateway", "The gateway's URL and the bot's session limits.", ["/gateway"]),
    ("guild_commands", "Application commands of one guild, and their permissions there.", ["/applications/{}/guilds/{}/commands"]),
    ("guilds", "Guilds: creating, settings, the channel list, integrations, preview and vanity URL.", ["/guilds"]),
    ("invites", "Invites of a channel or guild, and by code.", ["/channels/{}/invites", "/guilds/{}/invites", "/invites"]),
    ("lobbies", "Lobbies (the social SDK): members, messages, linked channels.", ["/lobbies"]),
    ("members", "Guild members and their roles.", ["/guilds/{}/members"]),
    ("messages", "Messages of a channel: listing, fetching, deleting, crossposting, pins; searching a guild's messages.", ["/channels/{}/messages", "/channels/{}/pins", "/guilds/{}/messages"]),
    ("moderation", "Guild moderation: the audit log, pruning members, incident actions.", ["/guilds/{}/audit-logs", "/guilds/{}/incident-actions", "/guilds/{}/prune"]),
    ("onboarding", "A guild's newcomers: onboarding, the welcome screen, the new member welcome, join requests.", ["/guilds/{}/new-member-welcome", "/guilds/{}/onboarding", "/guilds/{}/requests", "/guilds/{}/welcome-screen"]),
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
    ("widgets", "A guild's widget: its settings, its JSON and its PNG image.", ["/guilds/{}/widget", "/guilds/{}/widget.json", "/guilds/{}/widget.png"]),
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


def doc_lines(docs, indent=""):
    return [f"{indent}///{' ' + d if d else ''}" for d in docs]


def emit_operation(op_id, name, params, arg_types, resp, docs, qfields, mode, bfields, body_name, builders, shared):
    """The Rust of one operation: the builder (through `operations!`), its
    constructor on `Client` and, when `builders` names the builders that
    send this body (this operation is the first of them), the body struct
    and its setters (through `body_setters!`)."""
    out = ["operations! {"]
    out += doc_lines(docs, "    ")
    head = f"    {name} -> {resp}"
    inner = []
    if qfields:
        inner += block("query", qfields)
    if mode:
        inner.append(f"        body {mode} {body_name};")
    out += [head + " {"] + inner + ["    }"] if inner else [head + " {}"]
    out.append("}")
    fields = [f for f in bfields if not f.file]
    required = [f for f in bfields if f.required]
    optional = [f for f in bfields if not f.required]
    inits = [f"{f.rust}," if f.required else f"{f.rust}: None," for f in fields]
    if mode and builders:
        links = ", ".join(f"[`{builder}`]" for builder in builders)
        out.append("")
        out.append(f"/// The JSON body of {links}.")
        derives = "Debug, Serialize" + ("" if required and any(not f.file for f in required) else ", Default")
        out.append(f"#[derive({derives})]")
        if mode == "array":
            out.append("#[serde(transparent)]")
        out.append(f"pub(crate) struct {body_name} {{")
        for f in fields:
            attrs = []
            if f.rust != f.json and mode != "array":
                attrs.append(f'rename = "{f.json}"')
            if not f.required:
                attrs.append('skip_serializing_if = "Option::is_none"')
            if attrs:
                out.append(f"    #[serde({', '.join(attrs)})]")
            # Seen by the sibling modules that send the same body.
            out.append(f"    pub(super) {f.rust}: {f.stored()},")
        out.append("}")
        # Builders sharing a body fill its required fields in one place.
        if shared and any(f.required for f in fields):
            params_new = ", ".join(f"{f.rust}: {f.stored()}" for f in fields if f.required)
            out += ["", f"impl {body_name} {{", f"    pub(super) fn new({params_new}) -> Self {{", "        Self {"]
            out += ["            " + i for i in inits]
            out += ["        }", "    }", "}"]
        if optional:
            out.append("")
            out.append("body_setters! {")
            out.append(f"    {body_name} for {', '.join(builders)} {{")
            out += [f"        {f.setter()}" for f in optional]
            out.append("    }")
            out.append("}")
    # constructor
    out.append("")
    out.append("impl Client {")
    out += doc_lines(docs, "    ")
    args = [f"{p}: {t}" for p, t in zip(params, arg_types)]
    args += [f"{f.rust}: {f.arg}" for f in required]
    out.append(f"    pub fn {op_id}(&self{''.join(', ' + a for a in args)}) -> {name}<'_> {{")
    mut = "mut " if any(f.check or f.file for f in required) else ""
    out.append(f"        let {mut}parts = Parts::default();")
    for f in required:
        if f.file:
            out.append(f'        parts.file("{f.json}".to_owned(), {f.rust});')
        else:
            out += ["        " + line for line in f.prepare(f.rust, "parts")]
    route = f"Route::{name} {{ " + ", ".join(f"{p}: Into::into({p})" for p in params) + " }" if params else f"Route::{name} {{}}"
    if not mode:
        body = "()"
    elif any(not f.file for f in required) and shared:
        body = f"{body_name}::new(" + ", ".join(f.rust for f in fields if f.required) + ")"
    elif any(not f.file for f in required):
        body = f"{body_name} {{\n" + "\n".join("                " + i for i in inits) + "\n            }"
    else:
        body = f"{body_name}::default()"
    out += [
        f"        {name} {{",
        "            client: self,",
        f"            route: {route},",
        "            parts,",
        f"            body: {body},",
        "        }",
        "    }",
        "}",
    ]
    return "\n".join(out)


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
                k = QUERY_OVERRIDES.get((op_id, q["name"]), k)
                if k == "file" or k.startswith("value"):
                    k = "str(_, _)"
                if k == "id":
                    k = f"id({id_marker(op_id, q['name'])})"
                elif k.startswith("ids("):
                    k = f"ids({id_marker(op_id, q['name'])}, {k[4:]}"
                elif k == "idlist":
                    k = f"idlist({id_marker(op_id, q['name'])})"
                rn = rust_name(q["name"], taken)
                taken.add(rn)
                qfields.append(f'{rn} "{q["name"]}": {k}')
            # body
            bfields, mode = [], None
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
                    k, _ = field_kind(op_id, "items", schema)
                    mode = "array"
                    bfields.append(Field(op_id, "items", "items", k, required=True))
                else:
                    props, req = object_fields(schema)
                    for pname, pschema in props.items():
                        if "[" in pname:
                            continue
                        k, nullable = field_kind(op_id, pname, pschema)
                        if pname in ("nick",) and k.startswith("str"):
                            k = "str(_, 32)"
                        # Limits the spec does not state, from the docs.
                        if "webhook" in op_id and pname == "name" and k.startswith("str"):
                            k = "checked(webhook_name)"
                        if op_id.endswith("guild_channel") and pname == "name":
                            k = "checked(channel_name)"
                        rn = rust_name(pname, taken)
                        taken.add(rn)
                        nullable = nullable and method == "patch" and k != "file"
                        bfields.append(Field(op_id, pname, rn, k, nullable=nullable, required=pname in req))
            arg_types = [ARG_TYPES.get(PATH_TYPES[p], PATH_TYPES[p]) for p in params]
            resp = response_type(op_id, op)
            words = op_id.replace("_", " ")
            docs = [
                f"{words[:1].upper()}{words[1:]}: `{op_id}`.",
                "",
                f"{method.upper()} `{path}`.",
            ]
            required = [f for f in bfields if f.required]
            if required:
                docs += ["", "Required: " + ", ".join(f"`{f.json}`" for f in required) + " (the arguments after the path's)."]
            found = resource_of(path)
            ops.append({
                "op_id": op_id,
                "name": name,
                "path": path,
                "module": found and found[0],
                "prefix": found and found[1],
                "mode": mode,
                "args": (op_id, name, params, arg_types, resp, docs, qfields, mode, bfields),
                "key": mode and (mode, tuple(f.signature() for f in bfields)),
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

    # Operations whose bodies the spec gives the same fields share one body
    # struct and one list of setters, written beside the first of them.
    sharing = {}
    for op in ops:
        if op["key"]:
            sharing.setdefault(op["key"], []).append(op)
    for op in ops:
        group = sharing.get(op["key"], [])
        owner = group[0] if group else op
        op["body"] = f"{owner['name']}Body" if op["mode"] else None
        builders = [member["name"] for member in group] if owner is op else None
        op["text"] = emit_operation(*op["args"], op["body"], builders, len(group) > 1)
        # What this module names from the others.
        op["imports"] = []
        if owner["module"] != op["module"] and op["mode"]:
            op["imports"].append(f"use super::{owner['module']}::{op['body']};")
        setters = owner is op and any(not f.required for f in op["args"][8])
        for member in group if setters else []:
            if member["module"] != op["module"]:
                op["imports"].append(f"use super::{member['module']}::{member['name']};")

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
        text = "\n\n".join(op["text"] for op in mine)
        imports = [
            "use crate::Client;",
            "use crate::api::builder::{Parts, operations};",
            "use crate::routing::Route;",
        ]
        if "body_setters! {" in text:
            imports.append("use crate::api::builder::body_setters;")
        imports += sorted({line for op in mine for line in op["imports"]})
        if re.search(r"\bNullable\b", text):
            imports.append("use crate::api::builder::Nullable;")
        if re.search(r"\bbody::", text):
            imports.append("use crate::api::body;")
        if re.search(r"\bgithub::", text):
            imports.append("use crate::api::github;")
        if re.search(r"\bEmptyBody\b", text):
            imports.append("use crate::marker::EmptyBody;")
        if re.search(r"\bBinary\b", text):
            imports.append("use crate::marker::Binary;")
        if re.search(r"\bAttachment\b", text):
            imports.append("use crate::multipart::Attachment;")
        if re.search(r"\bReactionEmoji\b", text):
            imports.append("use crate::routing::ReactionEmoji;")
        if re.search(r"\bvalidate::", text):
            imports.append("use crate::validate;")
        if re.search(r"\bSerialize\b", text):
            imports.append("use serde::Serialize;")
        if re.search(r"(?<!::)\bValue\b", text):
            imports.append("use serde_json::Value;")
        if re.search(r"\bHashMap\b", text):
            imports.append("use std::collections::HashMap;")
        markers = sorted(set(re.findall(r"\bId<(\w+)>", text)))
        if markers:
            imports.append(f"use twilight_model::id::{{Id, marker::{{{', '.join(markers)}}}}};")
        # Query kinds name their types through the macro's own paths.
        plain = "\n".join(line for line in text.splitlines() if not re.match(r'\s+\w+ "[^"]+": ', line))
        used = set(re.findall(r"(?<![:\w])([a-z_][a-z0-9_]*)::", plain)) - {"body", "github", "validate", "crate", "std", "serde", "serde_json", "twilight_model"}
        models = sorted(used)
        if models:
            imports.append(f"use twilight_model::{{{', '.join(models)}}};")
        files[OPERATIONS_DIR / f"{module}.rs"] = (
            HEADER
            + f"//! {doc}\n\n"
            + "\n".join(imports)
            + "\n\n"
            + text
            + "\n\n/// The routes with a generated builder.\n#[cfg(test)]\npub(crate) const GENERATED: &[&str] = &["
            + ", ".join(f'"{camel(op["op_id"])}"' for op in mine)
            + "];\n"
        )
    files[GITHUB] = github_file()
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
