//! In-app messages: what GetInAppMessages returns (`InAppMessageCampaign`s, each with its
//! message, caps, priority and schedule) and the message content a campaign or an in-app
//! template carries (layout, header, body, image, buttons). Layout, Alignment and
//! ButtonAction are kept as text; their values are in `model::enums`.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use super::{CampaignEventFilter, QuietTime};

/// What GetInAppMessages (`GET /v1/apps/{application-id}/endpoints/{endpoint-id}/inappmessages`)
/// returns: the in-app campaigns the endpoint is entitled to.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct InAppMessagesResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_app_message_campaigns: Option<Vec<InAppMessageCampaign>>,
}

/// One campaign as a device receives it. Caps count shows: `DailyCap` of any in-app
/// message per day, `SessionCap` of this one per session, `TotalCap` overall (0: no cap);
/// the lower `Priority` wins.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct InAppMessageCampaign {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub campaign_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub daily_cap: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_app_message: Option<InAppMessage>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schedule: Option<InAppCampaignSchedule>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_cap: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_cap: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub treatment_id: Option<String>,
}

/// The message of an InAppMessageCampaign: its pages (one, or up to five in a carousel),
/// custom data and layout.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct InAppMessage {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<Vec<InAppMessageContent>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_config: Option<IndexMap<String, String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub layout: Option<String>,
}

/// The in-app message of a campaign's MessageConfiguration: an InAppMessage plus `Body`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CampaignInAppMessage {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<Vec<InAppMessageContent>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_config: Option<IndexMap<String, String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub layout: Option<String>,
}

/// One page of an in-app message.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct InAppMessageContent {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub background_color: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body_config: Option<InAppMessageBodyConfig>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub header_config: Option<InAppMessageHeaderConfig>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub primary_btn: Option<InAppMessageButton>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secondary_btn: Option<InAppMessageButton>,
}

/// The body text of a page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct InAppMessageBodyConfig {
    pub alignment: String,
    pub body: String,
    pub text_color: String,
}

/// The header text of a page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct InAppMessageHeaderConfig {
    pub alignment: String,
    pub header: String,
    pub text_color: String,
}

/// A button: its default look and action, and what each platform does instead.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InAppMessageButton {
    #[serde(rename = "Android", skip_serializing_if = "Option::is_none")]
    pub android: Option<OverrideButtonConfiguration>,
    #[serde(rename = "DefaultConfig", skip_serializing_if = "Option::is_none")]
    pub default_config: Option<DefaultButtonConfiguration>,
    #[serde(rename = "IOS", skip_serializing_if = "Option::is_none")]
    pub ios: Option<OverrideButtonConfiguration>,
    #[serde(rename = "Web", skip_serializing_if = "Option::is_none")]
    pub web: Option<OverrideButtonConfiguration>,
}

/// A button's text, colours, shape and action.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DefaultButtonConfiguration {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub background_color: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub border_radius: Option<i64>,
    pub button_action: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text_color: Option<String>,
}

/// A platform's own action for a button.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct OverrideButtonConfiguration {
    pub button_action: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
}

/// When a device shows an in-app campaign: until `EndDate`, on the events `EventFilter`
/// matches, outside `QuietTime`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct InAppCampaignSchedule {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_filter: Option<CampaignEventFilter>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quiet_time: Option<QuietTime>,
}

#[cfg(test)]
mod tests {
    use super::super::tests::{refused, round_trip};
    use super::*;

    #[test]
    fn get_in_app_messages_answer_reads_and_writes_back() {
        let read: InAppMessagesResponse = round_trip(include_str!(
            "../../../../tests/fixtures/inapp/in-app-messages.response.json"
        ));
        let campaigns = read.in_app_message_campaigns.unwrap();
        let campaign = &campaigns[0];
        assert_eq!(campaign.priority, Some(3));
        let message = campaign.in_app_message.as_ref().unwrap();
        assert_eq!(message.layout.as_deref(), Some("MIDDLE_BANNER"));
        let content = &message.content.as_ref().unwrap()[0];
        assert_eq!(content.header_config.as_ref().unwrap().header, "Sample");
        let button = content.primary_btn.as_ref().unwrap();
        assert_eq!(
            button.default_config.as_ref().unwrap().border_radius,
            Some(50)
        );
        let filter = campaign.schedule.as_ref().unwrap().event_filter.as_ref();
        let dimensions = &filter.unwrap().dimensions;
        assert_eq!(dimensions.attributes.as_ref().map(IndexMap::len), Some(0));
        assert_eq!(
            dimensions.event_type.as_ref().unwrap().values,
            ["_session.start"]
        );
    }

    #[test]
    fn per_platform_buttons_keep_their_model_names() {
        let button: InAppMessageButton = round_trip(
            r##"{"Android":{"ButtonAction":"DEEP_LINK","Link":"app://a"},
                "DefaultConfig":{"BackgroundColor":"#000000","BorderRadius":4,"ButtonAction":"LINK",
                  "Link":"https://example.com","Text":"Go","TextColor":"#FFFFFF"},
                "IOS":{"ButtonAction":"CLOSE"},"Web":{"ButtonAction":"LINK","Link":"https://w"}}"##,
        );
        assert_eq!(button.ios.unwrap().button_action, "CLOSE");
        assert!(
            refused::<InAppMessageButton>(r#"{"Ios":{"ButtonAction":"CLOSE"}}"#).contains("Ios")
        );
    }

    #[test]
    fn required_members_are_required() {
        let cases = [
            (
                refused::<InAppMessageBodyConfig>(r#"{"Alignment":"LEFT","Body":"b"}"#),
                "TextColor",
            ),
            (
                refused::<InAppMessageHeaderConfig>(r##"{"Alignment":"LEFT","TextColor":"#000"}"##),
                "Header",
            ),
            (
                refused::<DefaultButtonConfiguration>(r#"{"Text":"t"}"#),
                "ButtonAction",
            ),
            (refused::<OverrideButtonConfiguration>("{}"), "ButtonAction"),
        ];
        for (error, member) in cases {
            assert!(error.contains(member), "{member}: {error}");
        }
    }
}
