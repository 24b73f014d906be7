//! In-app messages: the content a campaign or a template carries (pages, header, body,
//! buttons), a campaign's in-app message, and what GetInAppMessages returns.

use aws_sdk_pinpoint::types as sdk;

use super::campaigns::{from_sdk_event_filter, from_sdk_quiet_time};
use super::{
    NotSendable, at, from_hash, int, list, optional_enum, required, required_enum, to_hash,
};
use crate::wire::{
    CampaignInAppMessage, DefaultButtonConfiguration, InAppCampaignSchedule, InAppMessage,
    InAppMessageBodyConfig, InAppMessageButton, InAppMessageCampaign, InAppMessageContent,
    InAppMessageHeaderConfig, InAppMessagesResponse, OverrideButtonConfiguration,
};

fn to_sdk_override(o: &OverrideButtonConfiguration) -> sdk::OverrideButtonConfiguration {
    sdk::OverrideButtonConfiguration::builder()
        .button_action(sdk::ButtonAction::from(o.button_action.as_str()))
        .set_link(o.link.clone())
        .build()
}

fn from_sdk_override(o: &sdk::OverrideButtonConfiguration) -> OverrideButtonConfiguration {
    OverrideButtonConfiguration {
        button_action: required_enum(o.button_action.as_ref()),
        link: o.link.clone(),
    }
}

fn to_sdk_button(
    path: &str,
    b: &InAppMessageButton,
) -> Result<sdk::InAppMessageButton, NotSendable> {
    let default = b
        .default_config
        .as_ref()
        .map(|d| {
            let path = at(path, "DefaultConfig");
            Ok::<_, NotSendable>(
                sdk::DefaultButtonConfiguration::builder()
                    .set_background_color(d.background_color.clone())
                    .set_border_radius(int(&path, "BorderRadius", d.border_radius)?)
                    .button_action(sdk::ButtonAction::from(d.button_action.as_str()))
                    .set_link(d.link.clone())
                    .text(d.text.clone())
                    .set_text_color(d.text_color.clone())
                    .build(),
            )
        })
        .transpose()?;
    Ok(sdk::InAppMessageButton::builder()
        .set_android(b.android.as_ref().map(to_sdk_override))
        .set_default_config(default)
        .set_ios(b.ios.as_ref().map(to_sdk_override))
        .set_web(b.web.as_ref().map(to_sdk_override))
        .build())
}

fn from_sdk_button(b: &sdk::InAppMessageButton) -> InAppMessageButton {
    InAppMessageButton {
        android: b.android.as_ref().map(from_sdk_override),
        default_config: b
            .default_config
            .as_ref()
            .map(|d| DefaultButtonConfiguration {
                background_color: d.background_color.clone(),
                border_radius: d.border_radius.map(i64::from),
                button_action: required_enum(d.button_action.as_ref()),
                link: d.link.clone(),
                text: required(&d.text),
                text_color: d.text_color.clone(),
            }),
        ios: b.ios.as_ref().map(from_sdk_override),
        web: b.web.as_ref().map(from_sdk_override),
    }
}

/// The SDK's page of an in-app message; `path` names it in errors (`Content[0]`).
pub(super) fn to_sdk_content(
    path: &str,
    c: &InAppMessageContent,
) -> Result<sdk::InAppMessageContent, NotSendable> {
    let body = c.body_config.as_ref().map(|b| {
        sdk::InAppMessageBodyConfig::builder()
            .alignment(sdk::Alignment::from(b.alignment.as_str()))
            .body(b.body.clone())
            .text_color(b.text_color.clone())
            .build()
    });
    let header = c.header_config.as_ref().map(|h| {
        sdk::InAppMessageHeaderConfig::builder()
            .alignment(sdk::Alignment::from(h.alignment.as_str()))
            .header(h.header.clone())
            .text_color(h.text_color.clone())
            .build()
    });
    let button = |member: &str, b: &Option<InAppMessageButton>| {
        b.as_ref()
            .map(|b| to_sdk_button(&at(path, member), b))
            .transpose()
    };
    Ok(sdk::InAppMessageContent::builder()
        .set_background_color(c.background_color.clone())
        .set_body_config(body)
        .set_header_config(header)
        .set_image_url(c.image_url.clone())
        .set_primary_btn(button("PrimaryBtn", &c.primary_btn)?)
        .set_secondary_btn(button("SecondaryBtn", &c.secondary_btn)?)
        .build())
}

/// The wire page of an in-app message.
pub(super) fn from_sdk_content(c: &sdk::InAppMessageContent) -> InAppMessageContent {
    InAppMessageContent {
        background_color: c.background_color.clone(),
        body_config: c.body_config.as_ref().map(|b| InAppMessageBodyConfig {
            alignment: required_enum(b.alignment.as_ref()),
            body: required(&b.body),
            text_color: required(&b.text_color),
        }),
        header_config: c.header_config.as_ref().map(|h| InAppMessageHeaderConfig {
            alignment: required_enum(h.alignment.as_ref()),
            header: required(&h.header),
            text_color: required(&h.text_color),
        }),
        image_url: c.image_url.clone(),
        primary_btn: c.primary_btn.as_ref().map(from_sdk_button),
        secondary_btn: c.secondary_btn.as_ref().map(from_sdk_button),
    }
}

/// The pages of a message or a template, read back.
pub(super) fn from_sdk_contents(
    contents: &Option<Vec<sdk::InAppMessageContent>>,
) -> Option<Vec<InAppMessageContent>> {
    contents
        .as_ref()
        .map(|c| c.iter().map(from_sdk_content).collect())
}

/// The SDK's in-app message of a campaign.
pub(super) fn to_sdk_campaign_message(
    path: &str,
    m: &CampaignInAppMessage,
) -> Result<sdk::CampaignInAppMessage, NotSendable> {
    Ok(sdk::CampaignInAppMessage::builder()
        .set_body(m.body.clone())
        .set_content(list(path, "Content", &m.content, to_sdk_content)?)
        .set_custom_config(to_hash(&m.custom_config))
        .set_layout(m.layout.as_deref().map(sdk::Layout::from))
        .build())
}

/// The wire in-app message of a campaign.
pub(super) fn from_sdk_campaign_message(m: &sdk::CampaignInAppMessage) -> CampaignInAppMessage {
    CampaignInAppMessage {
        body: m.body.clone(),
        content: from_sdk_contents(&m.content),
        custom_config: from_hash(m.custom_config.as_ref()),
        layout: optional_enum(&m.layout),
    }
}

fn from_sdk_message_campaign(c: &sdk::InAppMessageCampaign) -> InAppMessageCampaign {
    InAppMessageCampaign {
        campaign_id: c.campaign_id.clone(),
        daily_cap: c.daily_cap.map(i64::from),
        in_app_message: c.in_app_message.as_ref().map(|m| InAppMessage {
            content: from_sdk_contents(&m.content),
            custom_config: from_hash(m.custom_config.as_ref()),
            layout: optional_enum(&m.layout),
        }),
        priority: c.priority.map(i64::from),
        schedule: c.schedule.as_ref().map(|s| InAppCampaignSchedule {
            end_date: s.end_date.clone(),
            event_filter: s.event_filter.as_ref().map(from_sdk_event_filter),
            quiet_time: s.quiet_time.as_ref().map(from_sdk_quiet_time),
        }),
        session_cap: c.session_cap.map(i64::from),
        total_cap: c.total_cap.map(i64::from),
        treatment_id: c.treatment_id.clone(),
    }
}

/// The wire InAppMessagesResponse for what the SDK parsed from GetInAppMessages.
pub fn from_sdk_in_app_messages(r: &sdk::InAppMessagesResponse) -> InAppMessagesResponse {
    InAppMessagesResponse {
        in_app_message_campaigns: r
            .in_app_message_campaigns
            .as_ref()
            .map(|c| c.iter().map(from_sdk_message_campaign).collect()),
    }
}
