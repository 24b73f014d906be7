//! A message as the Amplify client hands it to the app (`onMessageReceived`), after
//! amplify-js v6 normalizes what GetInAppMessages returned (`interpretLayout`,
//! `extractContent`):
//! - the layout under Amplify's names: MOBILE_FEED is MODAL, OVERLAYS is FULL_SCREEN, no
//!   layout is TOP_BANNER; the banners and CAROUSEL keep theirs;
//! - each page's background, header and body (text, colour, alignment), image and buttons;
//!   a button needs a DefaultConfig (one without is dropped), and the override of the app's
//!   platform (`Web` in a browser, `IOS` or `Android` in a native app) is merged over it.

use indexmap::IndexMap;

use crate::wire::{InAppMessage, InAppMessageButton, InAppMessageContent};

/// Where the app runs, which picks the button override Amplify applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Platform {
    Web,
    Ios,
    Android,
}

impl Platform {
    /// The platform of an endpoint's `Demographic.Platform`: iOS and Android (any case) are
    /// native apps; anything else, or nothing, is Amplify JS in a browser.
    pub fn of(demographic_platform: Option<&str>) -> Platform {
        match demographic_platform.map(str::to_ascii_lowercase).as_deref() {
            Some("ios") => Platform::Ios,
            Some("android") => Platform::Android,
            _ => Platform::Web,
        }
    }

    /// The platform as people write it (`iOS`, `Android`, `web`).
    pub fn name(self) -> &'static str {
        match self {
            Platform::Web => "web",
            Platform::Ios => "iOS",
            Platform::Android => "Android",
        }
    }

    /// The button member whose override applies (`Web`, `IOS`, `Android`).
    pub fn member(self) -> &'static str {
        match self {
            Platform::Web => "Web",
            Platform::Ios => "IOS",
            Platform::Android => "Android",
        }
    }
}

/// The layouts of Amplify's InAppMessage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Layout {
    TopBanner,
    MiddleBanner,
    BottomBanner,
    FullScreen,
    Modal,
    Carousel,
    /// A value Amplify passes through as it is (no app draws it).
    Other(String),
}

impl Layout {
    /// Amplify's layout for the message's `Layout`.
    pub fn interpret(layout: Option<&str>) -> Layout {
        match layout {
            None | Some("TOP_BANNER") => Layout::TopBanner,
            Some("MIDDLE_BANNER") => Layout::MiddleBanner,
            Some("BOTTOM_BANNER") => Layout::BottomBanner,
            Some("OVERLAYS" | "FULL_SCREEN") => Layout::FullScreen,
            Some("MOBILE_FEED" | "MODAL") => Layout::Modal,
            Some("CAROUSEL") => Layout::Carousel,
            Some(other) => Layout::Other(other.to_string()),
        }
    }

    /// Amplify's name of the layout.
    pub fn name(&self) -> &str {
        match self {
            Layout::TopBanner => "TOP_BANNER",
            Layout::MiddleBanner => "MIDDLE_BANNER",
            Layout::BottomBanner => "BOTTOM_BANNER",
            Layout::FullScreen => "FULL_SCREEN",
            Layout::Modal => "MODAL",
            Layout::Carousel => "CAROUSEL",
            Layout::Other(name) => name,
        }
    }
}

/// A header or a body: its text, colour and alignment (`left`, `center`, `right`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub content: String,
    pub color: String,
    pub align: String,
}

/// A button as Amplify gives it: the DefaultConfig with the platform's override on top.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Button {
    pub title: String,
    /// LINK, DEEP_LINK or CLOSE.
    pub action: String,
    pub url: Option<String>,
    pub background: Option<String>,
    pub color: Option<String>,
    pub border_radius: Option<i64>,
}

/// One page of a message (a carousel has up to five).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    pub background: Option<String>,
    pub header: Option<Text>,
    pub body: Option<Text>,
    pub image: Option<String>,
    pub primary: Option<Button>,
    pub secondary: Option<Button>,
}

/// A message as the app receives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Displayed {
    pub layout: Layout,
    /// The layout as the service sent it (`MOBILE_FEED`), if any.
    pub sent_layout: Option<String>,
    pub pages: Vec<Page>,
    pub custom_data: IndexMap<String, String>,
    pub platform: Platform,
}

/// What the app receives for `message` on `platform`.
pub fn displayed(message: &InAppMessage, platform: Platform) -> Displayed {
    Displayed {
        layout: Layout::interpret(message.layout.as_deref()),
        sent_layout: message.layout.clone(),
        pages: message
            .content
            .iter()
            .flatten()
            .map(|c| page(c, platform))
            .collect(),
        custom_data: message.custom_config.clone().unwrap_or_default(),
        platform,
    }
}

fn page(content: &InAppMessageContent, platform: Platform) -> Page {
    Page {
        background: content.background_color.clone(),
        header: content.header_config.as_ref().map(|h| Text {
            content: h.header.clone(),
            color: h.text_color.clone(),
            align: h.alignment.to_ascii_lowercase(),
        }),
        body: content.body_config.as_ref().map(|b| Text {
            content: b.body.clone(),
            color: b.text_color.clone(),
            align: b.alignment.to_ascii_lowercase(),
        }),
        image: content.image_url.clone().filter(|u| !u.is_empty()),
        primary: content
            .primary_btn
            .as_ref()
            .and_then(|b| button(b, platform)),
        secondary: content
            .secondary_btn
            .as_ref()
            .and_then(|b| button(b, platform)),
    }
}

fn button(button: &InAppMessageButton, platform: Platform) -> Option<Button> {
    let default = button.default_config.as_ref()?;
    let over = match platform {
        Platform::Web => button.web.as_ref(),
        Platform::Ios => button.ios.as_ref(),
        Platform::Android => button.android.as_ref(),
    };
    let (action, url) = match over {
        // The override's members replace the default's; a Link it leaves out stays.
        Some(o) => (
            o.button_action.clone(),
            o.link.clone().or_else(|| default.link.clone()),
        ),
        None => (default.button_action.clone(), default.link.clone()),
    };
    Some(Button {
        title: default.text.clone(),
        action,
        url,
        background: default.background_color.clone(),
        color: default.text_color.clone(),
        border_radius: default.border_radius,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::{
        DefaultButtonConfiguration, InAppMessageBodyConfig, OverrideButtonConfiguration,
    };

    fn message(layout: Option<&str>, button: InAppMessageButton) -> InAppMessage {
        InAppMessage {
            layout: layout.map(str::to_string),
            content: Some(vec![InAppMessageContent {
                background_color: Some("#FFFFFF".into()),
                body_config: Some(InAppMessageBodyConfig {
                    alignment: "CENTER".into(),
                    body: "Hello".into(),
                    text_color: "#000000".into(),
                }),
                primary_btn: Some(button),
                ..Default::default()
            }]),
            custom_config: None,
        }
    }

    fn shop() -> InAppMessageButton {
        InAppMessageButton {
            default_config: Some(DefaultButtonConfiguration {
                button_action: "LINK".into(),
                link: Some("https://example.com/shop".into()),
                text: "Shop".into(),
                background_color: Some("#0A6CFF".into()),
                ..Default::default()
            }),
            ios: Some(OverrideButtonConfiguration {
                button_action: "DEEP_LINK".into(),
                link: Some("myapp://shop".into()),
            }),
            android: Some(OverrideButtonConfiguration {
                button_action: "CLOSE".into(),
                link: None,
            }),
            web: None,
        }
    }

    #[test]
    fn layouts_take_amplify_names() {
        for (sent, shown) in [
            (None, Layout::TopBanner),
            (Some("TOP_BANNER"), Layout::TopBanner),
            (Some("MIDDLE_BANNER"), Layout::MiddleBanner),
            (Some("BOTTOM_BANNER"), Layout::BottomBanner),
            (Some("MOBILE_FEED"), Layout::Modal),
            (Some("OVERLAYS"), Layout::FullScreen),
            (Some("CAROUSEL"), Layout::Carousel),
            (Some("SIDEBAR"), Layout::Other("SIDEBAR".into())),
        ] {
            let d = displayed(&message(sent, shop()), Platform::Web);
            assert_eq!(d.layout, shown, "{sent:?}");
            assert_eq!(d.sent_layout.as_deref(), sent);
        }
        assert_eq!(Layout::Modal.name(), "MODAL");
        assert_eq!(Layout::FullScreen.name(), "FULL_SCREEN");
    }

    #[test]
    fn the_platform_override_is_merged_over_the_default() {
        let web = displayed(&message(None, shop()), Platform::Web);
        let b = web.pages[0].primary.clone().unwrap();
        assert_eq!(
            (b.action.as_str(), b.url.as_deref()),
            ("LINK", Some("https://example.com/shop"))
        );
        let ios = displayed(&message(None, shop()), Platform::of(Some("iOS")));
        let b = ios.pages[0].primary.clone().unwrap();
        assert_eq!(
            (b.action.as_str(), b.url.as_deref(), b.title.as_str()),
            ("DEEP_LINK", Some("myapp://shop"), "Shop")
        );
        assert_eq!(b.background.as_deref(), Some("#0A6CFF"), "the look stays");
        let android = displayed(&message(None, shop()), Platform::of(Some("ANDROID")));
        let b = android.pages[0].primary.clone().unwrap();
        assert_eq!(b.action, "CLOSE");
        assert_eq!(
            b.url.as_deref(),
            Some("https://example.com/shop"),
            "a Link the override leaves out is the default's"
        );
    }

    #[test]
    fn a_button_without_default_config_is_dropped() {
        let mut button = shop();
        button.default_config = None;
        let d = displayed(&message(Some("MODAL"), button), Platform::Ios);
        assert_eq!(d.pages[0].primary, None);
        assert_eq!(d.pages[0].body.as_ref().unwrap().align, "center");
        assert_eq!(Platform::of(None), Platform::Web);
        assert_eq!(Platform::of(Some("macOS")).member(), "Web");
    }
}
