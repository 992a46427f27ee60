use super::*;
use crate::application::command::{CommandOptionChoiceValue, CommandOptionType};
use crate::message::component::{ButtonStyle, Component};
use serde_json::{Value, json};

const SLASH_COMMAND: &str = r#"{
    "type": 2,
    "token": "A_UNIQUE_TOKEN",
    "member": {
        "user": {
            "id": "53908232506183680",
            "username": "Mason",
            "avatar": "a_d5efa99b3eeaa7dd43acca82f5692432",
            "discriminator": "1337",
            "public_flags": 131141
        },
        "roles": ["539082325061836999"],
        "premium_since": null,
        "permissions": "2147483647",
        "pending": false,
        "nick": null,
        "mute": false,
        "joined_at": "2017-03-13T19:19:14.040000+00:00",
        "is_pending": false,
        "deaf": false
    },
    "id": "786008729715212338",
    "guild_id": "290926798626357999",
    "app_permissions": "442368",
    "guild_locale": "en-US",
    "locale": "en-US",
    "data": {
        "options": [{
            "type": 3,
            "name": "cardname",
            "value": "The Gitrog Monster"
        }],
        "type": 1,
        "name": "cardsearch",
        "id": "771825006014889984"
    },
    "channel_id": "645027906669510667"
}"#;

use crate::test_support::without_nulls as drop_nulls;

#[test]
fn slash_command_example_round_trips() {
    let interaction: Interaction = serde_json::from_str(SLASH_COMMAND).unwrap();
    assert_eq!(interaction.kind, InteractionType::ApplicationCommand);
    assert_eq!(interaction.id, Id::new(786_008_729_715_212_338));
    assert_eq!(interaction.token, "A_UNIQUE_TOKEN");
    assert_eq!(interaction.app_permissions.unwrap().bits(), 442_368);
    let member = interaction.member.as_ref().unwrap();
    assert_eq!(member.permissions.bits(), 2_147_483_647);
    assert_eq!(member.deaf, Some(false));
    assert_eq!(member.roles, [Id::new(539_082_325_061_836_999)]);
    let Some(InteractionData::ApplicationCommand(data)) = &interaction.data else {
        panic!("not command data")
    };
    assert_eq!(data.name, "cardsearch");
    assert_eq!(data.kind, CommandType::ChatInput);
    let options = data.options.as_ref().unwrap();
    assert_eq!(options[0].name, "cardname");
    assert_eq!(
        options[0].value,
        CommandOptionValue::String("The Gitrog Monster".to_owned())
    );

    let input: Value = serde_json::from_str(SLASH_COMMAND).unwrap();
    let output = serde_json::to_value(&interaction).unwrap();
    assert_eq!(output, drop_nulls(input));
}

#[test]
fn options_of_every_type() {
    let input = json!({
        "id": "1",
        "application_id": "2",
        "type": 2,
        "token": "t",
        "version": 1,
        "data": {
            "id": "3",
            "name": "everything",
            "type": 1,
            "guild_id": "4",
            "options": [{
                "name": "group",
                "type": 2,
                "options": [{
                    "name": "sub",
                    "type": 1,
                    "options": [
                        {"name": "s", "type": 3, "value": "text"},
                        {"name": "i", "type": 4, "value": -42},
                        {"name": "b", "type": 5, "value": true},
                        {"name": "u", "type": 6, "value": "5"},
                        {"name": "c", "type": 7, "value": "6"},
                        {"name": "r", "type": 8, "value": "7"},
                        {"name": "m", "type": 9, "value": "8"},
                        {"name": "n", "type": 10, "value": 2.5},
                        {"name": "a", "type": 11, "value": "9"},
                        {"name": "x", "type": 99, "value": 3}
                    ]
                }]
            }]
        }
    });
    let interaction: Interaction = serde_json::from_value(input.clone()).unwrap();
    let Some(InteractionData::ApplicationCommand(data)) = &interaction.data else {
        panic!("not command data")
    };
    let CommandOptionValue::SubCommandGroup(group) = &data.options.as_ref().unwrap()[0].value
    else {
        panic!("not a group")
    };
    let CommandOptionValue::SubCommand(options) = &group[0].value else {
        panic!("not a subcommand")
    };
    let values: Vec<_> = options.iter().map(|option| option.value.clone()).collect();
    assert_eq!(
        values,
        [
            CommandOptionValue::String("text".to_owned()),
            CommandOptionValue::Integer(-42),
            CommandOptionValue::Boolean(true),
            CommandOptionValue::User(Id::new(5)),
            CommandOptionValue::Channel(Id::new(6)),
            CommandOptionValue::Role(Id::new(7)),
            CommandOptionValue::Mentionable(Id::new(8)),
            CommandOptionValue::Number(2.5),
            CommandOptionValue::Attachment(Id::new(9)),
            CommandOptionValue::Unknown {
                kind: 99,
                value: Some(CommandOptionScalar::Integer(3)),
                options: None,
            },
        ]
    );
    assert_eq!(options[9].value.kind(), CommandOptionType::Unknown(99));
    assert_eq!(serde_json::to_value(&interaction).unwrap(), input);
}

#[test]
fn autocomplete_focused_option() {
    let input = json!({
        "id": "1",
        "type": 4,
        "token": "t",
        "data": {
            "id": "3",
            "name": "search",
            "type": 1,
            "options": [
                {"name": "query", "type": 3, "value": "gitr", "focused": true},
                {"name": "count", "type": 4, "value": 5}
            ]
        }
    });
    let interaction: Interaction = serde_json::from_value(input.clone()).unwrap();
    let Some(InteractionData::ApplicationCommand(data)) = &interaction.data else {
        panic!("not command data")
    };
    assert_eq!(
        data.options.as_ref().unwrap()[0].value,
        CommandOptionValue::Focused("gitr".to_owned(), CommandOptionType::String)
    );
    assert_eq!(serde_json::to_value(&interaction).unwrap(), input);
}

#[test]
fn user_command_with_resolved_member() {
    let input = json!({
        "application_id": "775799577604522054",
        "channel_id": "772908445358620702",
        "data": {
            "id": "866818195033292850",
            "name": "context-menu-user-2",
            "resolved": {
                "members": {
                    "809850198683418695": {
                        "avatar": null,
                        "is_pending": false,
                        "joined_at": "2021-02-12T18:25:07.972000+00:00",
                        "nick": null,
                        "pending": false,
                        "permissions": "246997699136",
                        "premium_since": null,
                        "roles": []
                    }
                }
            },
            "target_id": "809850198683418695",
            "type": 2
        },
        "guild_id": "772904309264089089",
        "guild_locale": "en-US",
        "app_permissions": "442368",
        "id": "867794291820986368",
        "locale": "en-US",
        "token": "UNIQUE_TOKEN",
        "type": 2,
        "version": 1
    });
    let interaction: Interaction = serde_json::from_value(input.clone()).unwrap();
    let Some(InteractionData::ApplicationCommand(data)) = &interaction.data else {
        panic!("not command data")
    };
    assert_eq!(data.kind, CommandType::User);
    assert_eq!(data.target_id, Some(Id::new(809_850_198_683_418_695)));
    let members = data.resolved.as_ref().unwrap().members.as_ref().unwrap();
    let member = &members[&Id::new(809_850_198_683_418_695)];
    assert_eq!(member.permissions.bits(), 246_997_699_136);
    assert!(member.user.is_none());
    assert_eq!(
        serde_json::to_value(&interaction).unwrap(),
        drop_nulls(input)
    );
}

#[test]
fn message_component_interaction() {
    let input = json!({
        "id": "1",
        "application_id": "2",
        "type": 3,
        "token": "t",
        "version": 1,
        "context": 0,
        "guild": {"id": "5", "locale": "en-US", "features": ["COMMUNITY"]},
        "authorizing_integration_owners": {"0": "5", "1": "6"},
        "attachment_size_limit": 10_485_760,
        "data": {"component_type": 2, "id": 2, "custom_id": "click_me"}
    });
    let interaction: Interaction = serde_json::from_value(input.clone()).unwrap();
    let Some(InteractionData::MessageComponent(data)) = &interaction.data else {
        panic!("not component data")
    };
    assert_eq!(data.component_type, ComponentType::Button);
    assert_eq!(data.id, Some(2));
    assert_eq!(data.custom_id, "click_me");
    assert_eq!(interaction.context, Some(InteractionContextType::Guild));
    assert_eq!(interaction.guild.as_ref().unwrap().id, Id::new(5));
    assert_eq!(serde_json::to_value(&interaction).unwrap(), input);

    let select = json!({
        "id": "1",
        "type": 3,
        "token": "t",
        "data": {"component_type": 3, "custom_id": "favorite_bug", "values": ["butterfly"]}
    });
    let interaction: Interaction = serde_json::from_value(select.clone()).unwrap();
    let Some(InteractionData::MessageComponent(data)) = &interaction.data else {
        panic!("not component data")
    };
    assert_eq!(data.values.as_deref(), Some(&["butterfly".to_owned()][..]));
    assert_eq!(serde_json::to_value(&interaction).unwrap(), select);
}

#[test]
fn authorizing_owner_zero_is_none() {
    let input = json!({
        "id": "1",
        "type": 1,
        "token": "t",
        "authorizing_integration_owners": {"0": "0", "1": "6"}
    });
    let interaction: Interaction = serde_json::from_value(input.clone()).unwrap();
    assert!(interaction.data.is_none());
    let owners = interaction.authorizing_integration_owners.as_ref().unwrap();
    assert_eq!(owners.get(&ApplicationIntegrationType::new(0)), Some(&None));
    assert_eq!(
        owners.get(&ApplicationIntegrationType::new(1)),
        Some(&Some(Id::new(6)))
    );
    assert_eq!(serde_json::to_value(&interaction).unwrap(), input);
}

#[test]
fn modal_submit() {
    let input = json!({
        "id": "1",
        "type": 5,
        "token": "t",
        "data": {
            "custom_id": "bug_modal",
            "components": [
                {"type": 18, "id": 1, "component": {"type": 4, "id": 2, "custom_id": "game_feedback", "value": "Shadows need help"}},
                {"type": 18, "id": 3, "component": {"type": 3, "id": 4, "custom_id": "favorite_bug", "values": ["butterfly"]}},
                {"type": 18, "id": 5, "component": {"type": 5, "id": 6, "custom_id": "users", "values": ["11111111111111111"]}},
                {"type": 18, "id": 7, "component": {"type": 6, "id": 8, "custom_id": "roles", "values": ["1362213912946147499", "1357409927680889032"]}},
                {"type": 18, "id": 9, "component": {"type": 7, "id": 10, "custom_id": "mentionables", "values": ["1361539726405926952"]}},
                {"type": 18, "id": 11, "component": {"type": 8, "id": 12, "custom_id": "channels", "values": []}},
                {"type": 18, "id": 13, "component": {"type": 19, "id": 14, "custom_id": "files", "values": ["111"]}},
                {"type": 18, "id": 15, "component": {"type": 21, "id": 16, "custom_id": "radio", "value": "a"}},
                {"type": 18, "id": 17, "component": {"type": 21, "id": 18, "custom_id": "radio_empty", "value": null}},
                {"type": 18, "id": 19, "component": {"type": 22, "id": 20, "custom_id": "boxes", "values": []}},
                {"type": 18, "id": 21, "component": {"type": 23, "id": 22, "custom_id": "agree", "value": true}},
                {"type": 10, "id": 23},
                {"type": 1, "id": 24, "components": [{"type": 4, "id": 25, "custom_id": "legacy", "value": "old"}]},
                {"type": 77, "id": 26, "future": true}
            ]
        }
    });
    let interaction: Interaction = serde_json::from_value(input.clone()).unwrap();
    let Some(InteractionData::ModalSubmit(data)) = &interaction.data else {
        panic!("not modal data")
    };
    assert_eq!(data.custom_id, "bug_modal");
    let ModalInteractionComponent::Label(label) = &data.components[0] else {
        panic!("not a label")
    };
    assert_eq!(
        *label.component,
        ModalInteractionComponent::TextInput(ModalInteractionTextInput {
            id: 2,
            custom_id: "game_feedback".to_owned(),
            value: "Shadows need help".to_owned(),
        })
    );
    let ModalInteractionComponent::Label(label) = &data.components[3] else {
        panic!("not a label")
    };
    let ModalInteractionComponent::RoleSelect(roles) = &*label.component else {
        panic!("not a role select")
    };
    assert_eq!(roles.values[1], Id::new(1_357_409_927_680_889_032));
    let ModalInteractionComponent::Label(label) = &data.components[10] else {
        panic!("not a label")
    };
    assert_eq!(
        *label.component,
        ModalInteractionComponent::Checkbox(ModalInteractionCheckbox {
            id: 22,
            custom_id: "agree".to_owned(),
            value: true,
        })
    );
    assert_eq!(data.components[13].kind(), ComponentType::Unknown(77));

    let mut expected = drop_nulls(input);
    expected["data"]["components"][13] = json!({"type": 77, "id": 26});
    assert_eq!(serde_json::to_value(&interaction).unwrap(), expected);
}

#[test]
fn unknown_interaction_type() {
    let input = json!({"id": "1", "type": 42, "token": "t", "data": {"whatever": 1}});
    let interaction: Interaction = serde_json::from_value(input).unwrap();
    assert_eq!(interaction.kind, InteractionType::Unknown(42));
    assert!(interaction.data.is_none());
}

#[test]
fn malformed_is_an_error() {
    for input in [
        json!({"id": "1", "type": "2", "token": "t"}),
        json!({"id": "0", "type": 1, "token": "t"}),
        json!({"id": "1", "type": 1}),
        json!({"id": "1", "type": 2, "token": "t", "data": {"id": "0", "name": "a", "type": 1}}),
        json!({"id": "1", "type": 2, "token": "t", "data": {"name": "a", "type": 1}}),
        json!({"id": "1", "type": 2, "token": "t", "data": {"id": "3", "name": "a", "type": 1,
            "options": [{"name": "n", "type": 4, "value": "not a number"}]}}),
        json!({"id": "1", "type": 2, "token": "t", "data": {"id": "3", "name": "a", "type": 1,
            "options": [{"name": "n", "type": 6, "value": true}]}}),
        json!({"id": "1", "type": 2, "token": "t", "data": {"id": "3", "name": "a", "type": 1,
            "options": [{"name": "n", "type": 3}]}}),
        json!({"id": "1", "type": 2, "token": "t", "data": {"id": "3", "name": "a", "type": 1,
            "options": {"name": "n"}}}),
        json!({"id": "1", "type": 3, "token": "t", "data": {"component_type": 2}}),
        json!({"id": "1", "type": 3, "token": "t", "data": {"component_type": 2, "custom_id": "x", "id": 9_999_999_999_u64}}),
        json!({"id": "1", "type": 5, "token": "t", "data": {"custom_id": "m", "components": [
            {"type": 4, "id": 1, "custom_id": "x", "value": false}]}}),
        json!({"id": "1", "type": 5, "token": "t", "data": {"custom_id": "m", "components": [
            {"type": 5, "id": 1, "custom_id": "x", "values": ["not-an-id"]}]}}),
        json!({"id": "1", "type": 5, "token": "t", "data": {"custom_id": "m", "components": [
            {"type": 23, "id": 1, "custom_id": "x", "value": "yes"}]}}),
        json!({"id": "1", "type": 1, "token": "t", "member": {"roles": []}}),
        json!({"id": "1", "type": 1, "token": "t", "authorizing_integration_owners": {"0": true}}),
        json!([]),
    ] {
        assert!(
            serde_json::from_value::<Interaction>(input.clone()).is_err(),
            "{input}"
        );
    }
}

#[test]
fn modal_response() {
    let input = json!({
        "type": 9,
        "data": {
            "custom_id": "game_feedback_modal",
            "title": "Game Feedback",
            "components": [{
                "type": 18,
                "label": "What did you find interesting about the game?",
                "description": "Please give us as much detail as possible so we can improve the game!",
                "component": {
                    "type": 4,
                    "custom_id": "game_feedback",
                    "style": 2,
                    "min_length": 100,
                    "max_length": 4000,
                    "placeholder": "Write your feedback here...",
                    "required": true
                }
            }]
        }
    });
    let response: InteractionResponse = serde_json::from_value(input.clone()).unwrap();
    assert_eq!(response.kind, InteractionResponseType::Modal);
    let data = response.data.as_ref().unwrap();
    assert_eq!(data.title.as_deref(), Some("Game Feedback"));
    assert!(matches!(
        data.components.as_deref(),
        Some([Component::Label(_)])
    ));
    assert_eq!(serde_json::to_value(&response).unwrap(), input);
}

#[test]
fn message_and_autocomplete_responses() {
    let message = json!({
        "type": 4,
        "data": {
            "tts": false,
            "content": "Congrats on sending your command!",
            "flags": 32768,
            "components": [{"type": 1, "components": [{"type": 2, "style": 1, "custom_id": "a", "label": "A"}]}]
        }
    });
    let response: InteractionResponse = serde_json::from_value(message.clone()).unwrap();
    let components = response.data.as_ref().unwrap().components.as_ref().unwrap();
    let Component::ActionRow(row) = &components[0] else {
        panic!("not an action row")
    };
    let Component::Button(button) = &row.components[0] else {
        panic!("not a button")
    };
    assert_eq!(button.style, ButtonStyle::Primary);
    assert_eq!(serde_json::to_value(&response).unwrap(), message);

    let autocomplete = json!({
        "type": 8,
        "data": {"choices": [{"name": "one", "value": 1}, {"name": "pi", "value": 3.5}, {"name": "s", "value": "s"}]}
    });
    let response: InteractionResponse = serde_json::from_value(autocomplete.clone()).unwrap();
    let choices = response.data.as_ref().unwrap().choices.as_ref().unwrap();
    assert_eq!(choices[1].value, CommandOptionChoiceValue::Number(3.5));
    assert_eq!(serde_json::to_value(&response).unwrap(), autocomplete);

    let pong: InteractionResponse = serde_json::from_value(json!({"type": 1})).unwrap();
    assert_eq!(pong.kind, InteractionResponseType::Pong);
    assert_eq!(serde_json::to_value(&pong).unwrap(), json!({"type": 1}));
    let unknown: InteractionResponse = serde_json::from_value(json!({"type": 77})).unwrap();
    assert_eq!(unknown.kind, InteractionResponseType::Unknown(77));
}

#[test]
fn callback_response() {
    let input = json!({
        "interaction": {
            "id": "1",
            "type": 2,
            "response_message_id": "3",
            "response_message_loading": false,
            "response_message_ephemeral": true
        },
        "resource": {"type": 12, "activity_instance": {"id": "i-1"}}
    });
    let response: InteractionCallbackResponse = serde_json::from_value(input.clone()).unwrap();
    assert_eq!(
        response.interaction.kind,
        InteractionType::ApplicationCommand
    );
    let resource = response.resource.as_ref().unwrap();
    assert_eq!(resource.kind, InteractionResponseType::LaunchActivity);
    assert_eq!(resource.activity_instance.as_ref().unwrap().id, "i-1");
    assert_eq!(serde_json::to_value(&response).unwrap(), input);
}

#[cfg(feature = "simd-json")]
#[test]
fn simd_json_reads_the_same() {
    let inputs = [
        SLASH_COMMAND.to_owned(),
        json!({
            "id": "1",
            "type": 3,
            "token": "t",
            "authorizing_integration_owners": {"0": "0", "1": "6"},
            "data": {"component_type": 2, "id": 2, "custom_id": "click_me"}
        })
        .to_string(),
        json!({
            "id": "1",
            "type": 5,
            "token": "t",
            "data": {"custom_id": "m", "components": [
                {"type": 18, "id": 1, "component": {"type": 23, "id": 2, "custom_id": "x", "value": true}},
                {"type": 18, "id": 3, "component": {"type": 5, "id": 4, "custom_id": "u", "values": ["5"]}}
            ]}
        })
        .to_string(),
    ];
    for input in inputs {
        let expected: Interaction = serde_json::from_str(&input).unwrap();
        let mut bytes = input.into_bytes();
        let actual: Interaction = simd_json::serde::from_slice(&mut bytes).unwrap();
        assert_eq!(actual, expected);
    }
}
