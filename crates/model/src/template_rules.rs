//! The checks Pinpoint makes on an in-app message before it stores it, whether it comes in an
//! in-app template (CreateInAppTemplate, UpdateInAppTemplate) or inline in a campaign's
//! MessageConfiguration: the template's name, the model's enumerations (Layout, Alignment,
//! ButtonAction) and the documented bounds. Each problem is worded with the member's path
//! (`Content[0].BodyConfig.Alignment`).
//!
//! Bounds, and where they come from:
//! - a template name starts with a letter or digit and has at most 128 characters, each a
//!   letter, a digit, `_` or `-` (the model's documentation of `template-name`);
//! - 1 to 5 content items (pages), one unless the Layout is CAROUSEL, each with BodyConfig,
//!   HeaderConfig and BackgroundColor (the user guide's in-app template editor; the project's
//!   reference recommends enforcing it);
//! - at most 200,000 characters per in-app message (the quota per in-app template), counted
//!   over the JSON of its Content and CustomConfig; the same bound holds for a campaign's own
//!   in-app message.

use super::enums::{Alignment, ButtonAction, Layout, check_enum};
use super::wire::{InAppMessageButton, InAppMessageContent, InAppTemplateRequest};
use indexmap::IndexMap;

/// Longest template name.
pub const MAX_TEMPLATE_NAME_CHARS: usize = 128;
/// Most pages of an in-app message (a carousel's).
pub const MAX_CONTENT_ITEMS: usize = 5;
/// Most characters of an in-app message (Content and CustomConfig, as JSON).
pub const MAX_IN_APP_CHARS: usize = 200_000;

/// A template name as Pinpoint allows it, or the problem.
pub fn check_template_name(name: &str) -> Result<(), String> {
    let Some(first) = name.chars().next() else {
        return Err("the template name is empty".into());
    };
    if !first.is_ascii_alphanumeric() {
        return Err(format!(
            "template name `{name}` must start with a letter or a digit"
        ));
    }
    let count = name.chars().count();
    if count > MAX_TEMPLATE_NAME_CHARS {
        return Err(format!(
            "template name has {count} characters; at most {MAX_TEMPLATE_NAME_CHARS} are allowed"
        ));
    }
    if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '-'))
    {
        return Err(format!(
            "template name `{name}` has `{}`; only letters, digits, `_` and `-` are allowed",
            bad.escape_default()
        ));
    }
    Ok(())
}

/// Checks an InAppTemplateRequest (the body of CreateInAppTemplate and UpdateInAppTemplate).
pub fn check_in_app_template(request: &InAppTemplateRequest) -> Result<(), String> {
    check_in_app_message(
        "",
        request.layout.as_deref(),
        request.content.as_deref(),
        request.custom_config.as_ref(),
    )
}

/// Checks an in-app message: `path` is where it sits (`MessageConfiguration.InAppMessage`,
/// or empty for a template's top level).
pub fn check_in_app_message(
    path: &str,
    layout: Option<&str>,
    content: Option<&[InAppMessageContent]>,
    custom_config: Option<&IndexMap<String, String>>,
) -> Result<(), String> {
    let at = |member: &str| {
        if path.is_empty() {
            member.to_string()
        } else {
            format!("{path}.{member}")
        }
    };
    check_enum(&at("Layout"), layout, Layout::NAMES)?;
    let content = content.unwrap_or_default();
    let carousel = layout == Some(Layout::Carousel.as_str());
    let most = if carousel { MAX_CONTENT_ITEMS } else { 1 };
    if content.is_empty() {
        return Err(format!(
            "{}: an in-app message needs 1 content item (up to {MAX_CONTENT_ITEMS} in a CAROUSEL)",
            at("Content")
        ));
    }
    if content.len() > most {
        let layout = layout.unwrap_or("(no Layout)");
        return Err(format!(
            "{}: {} content items; {layout} allows {most}{}",
            at("Content"),
            content.len(),
            if carousel {
                ""
            } else {
                " (only a CAROUSEL has several, up to 5)"
            }
        ));
    }
    for (i, item) in content.iter().enumerate() {
        check_content(&format!("{}[{i}]", at("Content")), item)?;
    }
    let chars = json_chars(&content) + custom_config.map_or(0, json_chars);
    if chars > MAX_IN_APP_CHARS {
        return Err(format!(
            "{}: the in-app message has {chars} characters; at most {MAX_IN_APP_CHARS} are allowed",
            at("Content")
        ));
    }
    Ok(())
}

fn json_chars<T: serde::Serialize + ?Sized>(value: &T) -> usize {
    serde_json::to_string(value)
        .map(|text| text.chars().count())
        .unwrap_or(0)
}

fn check_content(path: &str, item: &InAppMessageContent) -> Result<(), String> {
    if item.background_color.is_none() {
        return Err(format!("{path}.BackgroundColor is required"));
    }
    for (member, alignment) in [
        (
            "HeaderConfig",
            item.header_config.as_ref().map(|h| &h.alignment),
        ),
        (
            "BodyConfig",
            item.body_config.as_ref().map(|b| &b.alignment),
        ),
    ] {
        let Some(alignment) = alignment else {
            return Err(format!("{path}.{member} is required"));
        };
        check_enum(
            &format!("{path}.{member}.Alignment"),
            Some(alignment),
            Alignment::NAMES,
        )?;
    }
    for (member, button) in [
        ("PrimaryBtn", &item.primary_btn),
        ("SecondaryBtn", &item.secondary_btn),
    ] {
        if let Some(button) = button {
            check_button(&format!("{path}.{member}"), button)?;
        }
    }
    Ok(())
}

fn check_button(path: &str, button: &InAppMessageButton) -> Result<(), String> {
    if let Some(default) = &button.default_config {
        check_enum(
            &format!("{path}.DefaultConfig.ButtonAction"),
            Some(&default.button_action),
            ButtonAction::NAMES,
        )?;
    }
    for (member, config) in [
        ("Android", &button.android),
        ("IOS", &button.ios),
        ("Web", &button.web),
    ] {
        if let Some(config) = config {
            check_enum(
                &format!("{path}.{member}.ButtonAction"),
                Some(&config.button_action),
                ButtonAction::NAMES,
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn page() -> serde_json::Value {
        json!({"BackgroundColor": "#FFFFFF",
               "HeaderConfig": {"Alignment": "CENTER", "Header": "Hi", "TextColor": "#000000"},
               "BodyConfig": {"Alignment": "LEFT", "Body": "Welcome", "TextColor": "#000000"}})
    }

    fn check(body: serde_json::Value) -> Result<(), String> {
        check_in_app_template(&serde_json::from_value(body).unwrap())
    }

    #[test]
    fn names_start_alphanumeric_and_keep_to_128_safe_characters() {
        for good in ["a", "9lives", "spring_sale-2026", &"x".repeat(128)] {
            assert_eq!(check_template_name(good), Ok(()), "{good}");
        }
        let cases = [
            ("", "empty"),
            ("-lead", "must start with a letter or a digit"),
            ("_lead", "must start with a letter or a digit"),
            ("has space", "has ` `"),
            ("dot.ted", "has `.`"),
            ("é", "must start"),
            ("aé", "has `\\u{e9}`"),
        ];
        for (name, part) in cases {
            let message = check_template_name(name).unwrap_err();
            assert!(message.contains(part), "{name}: {message}");
        }
        let long = check_template_name(&"x".repeat(129)).unwrap_err();
        assert!(long.contains("129 characters"), "{long}");
    }

    #[test]
    fn content_items_are_counted_by_layout() {
        assert_eq!(
            check(json!({"Layout": "TOP_BANNER", "Content": [page()]})),
            Ok(())
        );
        assert_eq!(check(json!({"Content": [page()]})), Ok(()));
        let five = vec![page(); 5];
        assert_eq!(
            check(json!({"Layout": "CAROUSEL", "Content": five})),
            Ok(())
        );
        let six = check(json!({"Layout": "CAROUSEL", "Content": vec![page(); 6]})).unwrap_err();
        assert!(
            six.starts_with("Content: 6 content items; CAROUSEL allows 5"),
            "{six}"
        );
        let two = check(json!({"Layout": "OVERLAYS", "Content": [page(), page()]})).unwrap_err();
        assert!(
            two.starts_with("Content: 2 content items; OVERLAYS allows 1"),
            "{two}"
        );
        let none = check(json!({"Layout": "OVERLAYS", "Content": []})).unwrap_err();
        assert!(
            none.starts_with("Content: an in-app message needs 1"),
            "{none}"
        );
        let absent = check(json!({"Layout": "OVERLAYS"})).unwrap_err();
        assert!(absent.starts_with("Content:"), "{absent}");
    }

    #[test]
    fn every_page_has_a_header_a_body_and_a_background_colour() {
        for (member, path) in [
            ("BackgroundColor", "Content[0].BackgroundColor is required"),
            ("HeaderConfig", "Content[0].HeaderConfig is required"),
            ("BodyConfig", "Content[0].BodyConfig is required"),
        ] {
            let mut item = page();
            item.as_object_mut().unwrap().remove(member);
            assert_eq!(check(json!({"Content": [item]})), Err(path.into()));
        }
    }

    #[test]
    fn enums_outside_the_model_name_the_member() {
        let mut bad_alignment = page();
        bad_alignment["BodyConfig"]["Alignment"] = json!("JUSTIFY");
        let mut bad_action = page();
        bad_action["PrimaryBtn"] = json!({"DefaultConfig": {"ButtonAction": "OPEN", "Text": "t"}});
        let mut bad_override = page();
        bad_override["SecondaryBtn"] = json!({"IOS": {"ButtonAction": "link"}});
        let cases = [
            (
                json!({"Layout": "SIDEBAR", "Content": [page()]}),
                "Layout: `SIDEBAR`",
                "`CAROUSEL`",
            ),
            (
                json!({"Content": [bad_alignment]}),
                "Content[0].BodyConfig.Alignment: `JUSTIFY`",
                "`RIGHT`",
            ),
            (
                json!({"Content": [bad_action]}),
                "Content[0].PrimaryBtn.DefaultConfig.ButtonAction: `OPEN`",
                "`DEEP_LINK`",
            ),
            (
                json!({"Content": [bad_override]}),
                "Content[0].SecondaryBtn.IOS.ButtonAction: `link`",
                "`CLOSE`",
            ),
        ];
        for (body, start, allowed) in cases {
            let message = check(body).unwrap_err();
            assert!(message.starts_with(start), "{message}");
            assert!(message.contains(allowed), "{message}");
        }
    }

    #[test]
    fn a_message_over_200000_characters_is_refused_and_100_kb_passes() {
        let mut item = page();
        item["BodyConfig"]["Body"] = json!("x".repeat(100_000));
        assert_eq!(check(json!({"Content": [item.clone()]})), Ok(()));
        item["BodyConfig"]["Body"] = json!("x".repeat(MAX_IN_APP_CHARS));
        let over = check(json!({"Content": [item]})).unwrap_err();
        assert!(over.contains("at most 200000"), "{over}");
        // Control characters are text like any other.
        let mut control = page();
        control["HeaderConfig"]["Header"] = json!("\u{1b}[2J\u{7}");
        assert_eq!(check(json!({"Content": [control]})), Ok(()));
    }

    #[test]
    fn a_campaign_message_is_named_by_its_path() {
        let message = check_in_app_message(
            "MessageConfiguration.InAppMessage",
            Some("NOPE"),
            None,
            None,
        )
        .unwrap_err();
        assert!(
            message.starts_with("MessageConfiguration.InAppMessage.Layout: `NOPE`"),
            "{message}"
        );
    }
}
