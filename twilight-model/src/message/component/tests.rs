//! Round trips of every component type, unknown values and malformed input.

use super::*;
use serde_json::{Value, json};

fn round_trip(input: &Value) -> Vec<Component> {
    crate::test_support::round_trip(&input.to_string())
}

#[test]
fn action_row_of_buttons() {
    let input = json!([{
        "type": 1,
        "components": [
            {"type": 2, "custom_id": "click_yes", "label": "Accept", "style": 1},
            {"type": 2, "label": "Learn More", "style": 5, "url": "http://watchanimeattheoffice.com/"},
            {"type": 2, "custom_id": "click_no", "label": "Decline", "style": 4, "disabled": false},
            {"style": 6, "type": 2, "sku_id": "1180218955160375406"}
        ]
    }]);
    let components = round_trip(&input);
    let Component::ActionRow(row) = &components[0] else {
        panic!("not an action row")
    };
    assert_eq!(row.components.len(), 4);
    let Component::Button(link) = &row.components[1] else {
        panic!("not a button")
    };
    assert_eq!(link.style, ButtonStyle::Link);
    assert_eq!(
        link.url.as_deref(),
        Some("http://watchanimeattheoffice.com/")
    );
    assert_eq!(row.components[3].kind(), ComponentType::Button);
}

#[test]
fn unknown_component_in_action_row() {
    let input = json!({
        "type": 1,
        "id": 1,
        "components": [{"type": 99, "id": 7, "whatever": {"nested": [1, 2]}}]
    });
    let row: Component = serde_json::from_value(input).unwrap();
    let Component::ActionRow(row) = &row else {
        panic!("not an action row")
    };
    let mut fields = serde_json::Map::new();
    fields.insert("whatever".to_owned(), json!({"nested": [1, 2]}));
    assert_eq!(
        row.components[0],
        Component::Unknown(UnknownComponent {
            kind: 99,
            id: Some(7),
            fields,
        })
    );
    assert_eq!(row.components[0].kind(), ComponentType::Unknown(99));
    assert_eq!(
        serde_json::to_value(&row.components[0]).unwrap(),
        json!({"type": 99, "id": 7, "whatever": {"nested": [1, 2]}})
    );
}

#[test]
fn selects() {
    let input = json!([{
        "type": 1,
        "id": 1,
        "components": [{
            "type": 3,
            "id": 2,
            "custom_id": "favorite_bug",
            "placeholder": "Favorite bug?",
            "min_values": 1,
            "max_values": 2,
            "options": [
                {"label": "Ant", "value": "ant", "description": "(best option)", "default": true},
                {"label": "Butterfly", "value": "butterfly"}
            ]
        }]
    }, {
        "type": 1,
        "components": [{
            "type": 8,
            "custom_id": "channels",
            "channel_types": [0, 5],
            "default_values": [{"id": "222222222222222222", "type": "channel"}],
            "disabled": true
        }]
    }, {
        "type": 1,
        "components": [{"type": 5, "custom_id": "user_select", "placeholder": "Select a user"}]
    }, {
        "type": 1,
        "components": [{"type": 6, "custom_id": "role_ids", "min_values": 1, "max_values": 3}]
    }, {
        "type": 1,
        "components": [{"type": 7, "custom_id": "who_to_ping", "default_values": [{"id": "1", "type": "user"}, {"id": "2", "type": "role"}]}]
    }]);
    let components = round_trip(&input);
    let Component::ActionRow(row) = &components[1] else {
        panic!("not an action row")
    };
    let Component::ChannelSelect(select) = &row.components[0] else {
        panic!("not a channel select")
    };
    assert_eq!(select.channel_types.as_ref().map(Vec::len), Some(2));
    assert_eq!(
        select.default_values.as_ref().unwrap()[0].kind,
        SelectDefaultValueType::Channel
    );
}

#[test]
fn modal_components() {
    let input = json!([{
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
    }, {
        "type": 18,
        "label": "Upload",
        "component": {"type": 19, "custom_id": "files", "min_values": 1, "max_values": 10, "file_types": ["image", ".pdf"]}
    }, {
        "type": 18,
        "label": "Pick one",
        "component": {"type": 21, "custom_id": "radio", "options": [
            {"value": "a", "label": "A", "default": true},
            {"value": "b", "label": "B", "description": "bee"}
        ]}
    }, {
        "type": 18,
        "label": "Pick some",
        "component": {"type": 22, "custom_id": "boxes", "min_values": 0, "required": false, "options": [
            {"value": "a", "label": "A"}
        ]}
    }, {
        "type": 18,
        "label": "Agree?",
        "component": {"type": 23, "custom_id": "agree", "default": true}
    }, {
        "type": 1,
        "components": [{"type": 4, "custom_id": "legacy", "style": 1, "label": "Name", "value": "prefilled"}]
    }, {
        "type": 10,
        "content": "Hello"
    }]);
    let components = round_trip(&input);
    let Component::Label(label) = &components[0] else {
        panic!("not a label")
    };
    let Component::TextInput(input) = &*label.component else {
        panic!("not a text input")
    };
    assert_eq!(input.style, TextInputStyle::Paragraph);
    assert_eq!(input.max_length, Some(4000));
    let Component::Label(label) = &components[2] else {
        panic!("not a label")
    };
    assert_eq!(label.component.kind(), ComponentType::RadioGroup);
}

#[test]
fn components_v2() {
    let input = json!([{
        "type": 17,
        "id": 1,
        "accent_color": 703_487,
        "spoiler": false,
        "components": [
            {"type": 10, "id": 2, "content": "# You have encountered a wild coyote!"},
            {
                "type": 9,
                "id": 3,
                "components": [{"type": 10, "id": 4, "content": "A coyote"}],
                "accessory": {
                    "type": 11,
                    "id": 5,
                    "media": {"url": "https://example.com/coyote.webp"},
                    "description": "Coyote",
                    "spoiler": true
                }
            },
            {
                "type": 9,
                "components": [{"type": 10, "content": "Pet"}],
                "accessory": {"type": 2, "style": 1, "custom_id": "pet", "label": "Pet it!"}
            },
            {
                "type": 12,
                "items": [
                    {"media": {
                        "url": "https://example.com/a.png",
                        "proxy_url": "https://media.example.com/a.png",
                        "width": 640,
                        "height": 480,
                        "placeholder": "abc",
                        "placeholder_version": 1,
                        "content_type": "image/png",
                        "flags": 3,
                        "attachment_id": "1111111111111111111"
                    }, "description": "A", "spoiler": true},
                    {"media": {"url": "https://example.com/b.png"}}
                ]
            },
            {"type": 14, "divider": true, "spacing": 2},
            {"type": 13, "file": {"url": "attachment://game.zip"}, "name": "game.zip", "size": 1024, "spoiler": false}
        ]
    }]);
    let components = round_trip(&input);
    let Component::Container(container) = &components[0] else {
        panic!("not a container")
    };
    assert_eq!(container.accent_color, Some(703_487));
    let Component::Section(section) = &container.components[1] else {
        panic!("not a section")
    };
    let Component::Thumbnail(thumbnail) = &*section.accessory else {
        panic!("not a thumbnail")
    };
    assert_eq!(thumbnail.spoiler, Some(true));
    let Component::MediaGallery(gallery) = &container.components[3] else {
        panic!("not a gallery")
    };
    let flags = gallery.items[0].media.flags.unwrap();
    assert!(flags.contains(UnfurledMediaItemFlags::IS_ANIMATED));
    assert_eq!(flags.bits(), 3, "unknown bit kept");
    assert_eq!(
        container.components[4],
        Component::Separator(Separator {
            id: None,
            divider: Some(true),
            spacing: Some(SeparatorSpacing::Large),
        })
    );
    assert_eq!(container.components[5].kind(), ComponentType::File);
}

#[test]
fn unknown_enum_values_are_kept() {
    let input = json!([{"type": 2, "style": 42, "custom_id": "x"}, {"type": 14, "spacing": 9}]);
    let components = round_trip(&input);
    let Component::Button(button) = &components[0] else {
        panic!("not a button")
    };
    assert_eq!(button.style, ButtonStyle::Unknown(42));
}

#[test]
fn malformed_is_an_error() {
    for input in [
        json!({"type": 2}),
        json!({"type": "2", "style": 1}),
        json!({"type": 1, "components": {}}),
        json!({"type": 1, "components": [{"type": 2, "style": "big"}]}),
        json!({"type": 9, "components": []}),
        json!({"type": 10, "content": 5}),
        json!({"id": 3}),
        json!([]),
    ] {
        assert!(
            serde_json::from_value::<Component>(input.clone()).is_err(),
            "{input}"
        );
    }
}

/// A future component that reuses known field names with other shapes
/// (`options` as a string, `components` as an object, `style` as text) is
/// kept whole, and the message holding it still parses and round-trips.
#[test]
fn an_unknown_component_with_foreign_shapes_round_trips_in_a_message() {
    let message = json!({
        "id": "3", "channel_id": "2", "content": "", "timestamp": "2021-01-01T00:00:00.000000+00:00",
        "edited_timestamp": null, "tts": false, "mention_everyone": false, "mentions": [],
        "mention_roles": [], "attachments": [], "embeds": [], "pinned": false, "type": 0,
        "author": {"id": "1", "username": "u", "discriminator": "0", "avatar": null, "global_name": null},
        "components": [
            {"type": 200, "options": "not a list", "components": {"a": 1}, "style": "bold", "deep": [[{"x": 1}]]},
            {"type": 1, "components": [{"type": 201, "id": 4, "label": 12}]}
        ]
    });
    let parsed: crate::message::Message = crate::test_support::round_trip(&message.to_string());
    let components = parsed.components.unwrap();
    let Component::Unknown(unknown) = &components[0] else {
        panic!("{:?}", components[0])
    };
    assert_eq!((unknown.kind, unknown.id), (200, None));
    assert_eq!(unknown.fields["options"], "not a list");

    // Nulls in an unknown component are the sender's data: kept as sent.
    let with_nulls = json!({"type": 202, "id": null, "a": null, "b": [null, {"c": null}]});
    let component: Component = serde_json::from_value(with_nulls.clone()).unwrap();
    let mut expected = with_nulls;
    expected.as_object_mut().unwrap().remove("id");
    assert_eq!(serde_json::to_value(&component).unwrap(), expected);
}

/// `type` after the other fields (not Discord's order) reads the same as
/// `type` first, for known and unknown components.
#[test]
fn the_type_may_come_anywhere() {
    let first: Component =
        serde_json::from_value(json!({"type": 2, "style": 1, "custom_id": "a", "label": "A"}))
            .unwrap();
    let last: Component =
        serde_json::from_value(json!({"style": 1, "custom_id": "a", "label": "A", "type": 2}))
            .unwrap();
    assert_eq!(first, last);
    assert_eq!(first.kind(), ComponentType::Button);
    let unknown_last: Component =
        serde_json::from_value(json!({"id": 3, "x": [1], "type": 250})).unwrap();
    let unknown_first: Component =
        serde_json::from_value(json!({"type": 250, "id": 3, "x": [1]})).unwrap();
    assert_eq!(unknown_first, unknown_last);
    assert_eq!(
        serde_json::to_value(&unknown_last).unwrap(),
        json!({"type": 250, "id": 3, "x": [1]})
    );
    assert!(serde_json::from_value::<Component>(json!({"style": 1})).is_err());
    assert!(serde_json::from_value::<Component>(json!({})).is_err());
}
