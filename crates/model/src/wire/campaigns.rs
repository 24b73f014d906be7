//! Campaigns: CreateCampaign, UpdateCampaign (a WriteCampaignRequest), GetCampaign(s) and
//! DeleteCampaign (a CampaignResponse), with their schedule, event filter, message and
//! template configuration and treatments.
//!
//! Every member of the model is declared, so nothing legal is "unknown". The sandbox serves
//! in-app campaigns only: the message and template members of the other channels are read
//! (messages as plain JSON) so that they can be refused by name. Frequency, FilterType and
//! CampaignStatus are kept as text; their values are in `model::enums`.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use super::{
    AttributeDimension, CampaignHook, CampaignInAppMessage, CampaignLimits, MetricDimension,
    QuietTime, SetDimension,
};

/// The body of CreateCampaign (`POST /v1/apps/{application-id}/campaigns`) and
/// UpdateCampaign (`PUT /v1/apps/{application-id}/campaigns/{campaign-id}`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WriteCampaignRequest {
    #[serde(
        rename = "AdditionalTreatments",
        skip_serializing_if = "Option::is_none"
    )]
    pub additional_treatments: Option<Vec<WriteTreatmentResource>>,
    #[serde(
        rename = "CustomDeliveryConfiguration",
        skip_serializing_if = "Option::is_none"
    )]
    pub custom_delivery_configuration: Option<CustomDeliveryConfiguration>,
    #[serde(rename = "Description", skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(rename = "HoldoutPercent", skip_serializing_if = "Option::is_none")]
    pub holdout_percent: Option<i64>,
    #[serde(rename = "Hook", skip_serializing_if = "Option::is_none")]
    pub hook: Option<CampaignHook>,
    #[serde(rename = "IsPaused", skip_serializing_if = "Option::is_none")]
    pub is_paused: Option<bool>,
    #[serde(rename = "Limits", skip_serializing_if = "Option::is_none")]
    pub limits: Option<CampaignLimits>,
    #[serde(
        rename = "MessageConfiguration",
        skip_serializing_if = "Option::is_none"
    )]
    pub message_configuration: Option<MessageConfiguration>,
    #[serde(rename = "Name", skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(rename = "Schedule", skip_serializing_if = "Option::is_none")]
    pub schedule: Option<Schedule>,
    #[serde(rename = "SegmentId", skip_serializing_if = "Option::is_none")]
    pub segment_id: Option<String>,
    #[serde(rename = "SegmentVersion", skip_serializing_if = "Option::is_none")]
    pub segment_version: Option<i64>,
    #[serde(rename = "tags", skip_serializing_if = "Option::is_none")]
    pub tags: Option<IndexMap<String, String>>,
    #[serde(
        rename = "TemplateConfiguration",
        skip_serializing_if = "Option::is_none"
    )]
    pub template_configuration: Option<TemplateConfiguration>,
    #[serde(
        rename = "TreatmentDescription",
        skip_serializing_if = "Option::is_none"
    )]
    pub treatment_description: Option<String>,
    #[serde(rename = "TreatmentName", skip_serializing_if = "Option::is_none")]
    pub treatment_name: Option<String>,
    #[serde(rename = "Priority", skip_serializing_if = "Option::is_none")]
    pub priority: Option<i64>,
}

/// One campaign, as the campaign operations return it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CampaignResponse {
    #[serde(
        rename = "AdditionalTreatments",
        skip_serializing_if = "Option::is_none"
    )]
    pub additional_treatments: Option<Vec<TreatmentResource>>,
    #[serde(rename = "ApplicationId")]
    pub application_id: String,
    #[serde(rename = "Arn")]
    pub arn: String,
    #[serde(rename = "CreationDate")]
    pub creation_date: String,
    #[serde(
        rename = "CustomDeliveryConfiguration",
        skip_serializing_if = "Option::is_none"
    )]
    pub custom_delivery_configuration: Option<CustomDeliveryConfiguration>,
    #[serde(rename = "DefaultState", skip_serializing_if = "Option::is_none")]
    pub default_state: Option<CampaignState>,
    #[serde(rename = "Description", skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(rename = "HoldoutPercent", skip_serializing_if = "Option::is_none")]
    pub holdout_percent: Option<i64>,
    #[serde(rename = "Hook", skip_serializing_if = "Option::is_none")]
    pub hook: Option<CampaignHook>,
    #[serde(rename = "Id")]
    pub id: String,
    #[serde(rename = "IsPaused", skip_serializing_if = "Option::is_none")]
    pub is_paused: Option<bool>,
    #[serde(rename = "LastModifiedDate")]
    pub last_modified_date: String,
    #[serde(rename = "Limits", skip_serializing_if = "Option::is_none")]
    pub limits: Option<CampaignLimits>,
    #[serde(
        rename = "MessageConfiguration",
        skip_serializing_if = "Option::is_none"
    )]
    pub message_configuration: Option<MessageConfiguration>,
    #[serde(rename = "Name", skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(rename = "Schedule", skip_serializing_if = "Option::is_none")]
    pub schedule: Option<Schedule>,
    #[serde(rename = "SegmentId")]
    pub segment_id: String,
    #[serde(rename = "SegmentVersion")]
    pub segment_version: i64,
    #[serde(rename = "State", skip_serializing_if = "Option::is_none")]
    pub state: Option<CampaignState>,
    #[serde(rename = "tags", skip_serializing_if = "Option::is_none")]
    pub tags: Option<IndexMap<String, String>>,
    #[serde(
        rename = "TemplateConfiguration",
        skip_serializing_if = "Option::is_none"
    )]
    pub template_configuration: Option<TemplateConfiguration>,
    #[serde(
        rename = "TreatmentDescription",
        skip_serializing_if = "Option::is_none"
    )]
    pub treatment_description: Option<String>,
    #[serde(rename = "TreatmentName", skip_serializing_if = "Option::is_none")]
    pub treatment_name: Option<String>,
    #[serde(rename = "Version", skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
    #[serde(rename = "Priority", skip_serializing_if = "Option::is_none")]
    pub priority: Option<i64>,
}

impl CampaignResponse {
    /// The campaign's own in-app message, if it has one.
    pub fn in_app_message(&self) -> Option<&CampaignInAppMessage> {
        self.message_configuration.as_ref()?.in_app_message.as_ref()
    }

    /// The in-app template the campaign takes, if it names one.
    pub fn in_app_template(&self) -> Option<&Template> {
        self.template_configuration
            .as_ref()?
            .in_app_template
            .as_ref()
    }
}

/// What GetCampaigns returns.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CampaignsResponse {
    pub item: Vec<CampaignResponse>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// When a campaign runs: from `StartTime` ("IMMEDIATE" or ISO 8601) to `EndTime`, how often
/// (`Frequency`; in-app campaigns use IN_APP_EVENT and an `EventFilter`), outside
/// `QuietTime`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Schedule {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_filter: Option<CampaignEventFilter>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frequency: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_local_time: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quiet_time: Option<QuietTime>,
    pub start_time: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
}

/// The events that trigger a campaign. `FilterType` is SYSTEM or ENDPOINT.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CampaignEventFilter {
    pub dimensions: EventDimensions,
    pub filter_type: String,
}

/// An event's type, attributes and metrics, as a campaign's event filter compares them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct EventDimensions {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attributes: Option<IndexMap<String, AttributeDimension>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_type: Option<SetDimension>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metrics: Option<IndexMap<String, MetricDimension>>,
}

/// A campaign's (or treatment's) status.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CampaignState {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub campaign_status: Option<String>,
}

/// The message of each channel a campaign sends. `InAppMessage` is typed; the other
/// channels' messages are kept as the JSON they were given, since the sandbox serves in-app
/// campaigns only and refuses them, naming the member.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MessageConfiguration {
    /// Not served: refused by the sandbox.
    #[serde(rename = "ADMMessage", skip_serializing_if = "Option::is_none")]
    pub adm_message: Option<serde_json::Value>,
    /// Not served: refused by the sandbox.
    #[serde(rename = "APNSMessage", skip_serializing_if = "Option::is_none")]
    pub apns_message: Option<serde_json::Value>,
    /// Not served: refused by the sandbox.
    #[serde(rename = "BaiduMessage", skip_serializing_if = "Option::is_none")]
    pub baidu_message: Option<serde_json::Value>,
    /// Not served: refused by the sandbox.
    #[serde(rename = "CustomMessage", skip_serializing_if = "Option::is_none")]
    pub custom_message: Option<serde_json::Value>,
    /// Not served: refused by the sandbox.
    #[serde(rename = "DefaultMessage", skip_serializing_if = "Option::is_none")]
    pub default_message: Option<serde_json::Value>,
    /// Not served: refused by the sandbox.
    #[serde(rename = "EmailMessage", skip_serializing_if = "Option::is_none")]
    pub email_message: Option<serde_json::Value>,
    /// Not served: refused by the sandbox.
    #[serde(rename = "GCMMessage", skip_serializing_if = "Option::is_none")]
    pub gcm_message: Option<serde_json::Value>,
    /// Not served: refused by the sandbox.
    #[serde(rename = "SMSMessage", skip_serializing_if = "Option::is_none")]
    pub sms_message: Option<serde_json::Value>,
    #[serde(rename = "InAppMessage", skip_serializing_if = "Option::is_none")]
    pub in_app_message: Option<CampaignInAppMessage>,
}

/// The message template of each channel a campaign uses. The sandbox serves in-app
/// templates only and refuses the others, naming the member.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateConfiguration {
    /// Not served: refused by the sandbox.
    #[serde(rename = "EmailTemplate", skip_serializing_if = "Option::is_none")]
    pub email_template: Option<Template>,
    /// Not served: refused by the sandbox.
    #[serde(rename = "PushTemplate", skip_serializing_if = "Option::is_none")]
    pub push_template: Option<Template>,
    /// Not served: refused by the sandbox.
    #[serde(rename = "SMSTemplate", skip_serializing_if = "Option::is_none")]
    pub sms_template: Option<Template>,
    /// Not served: refused by the sandbox.
    #[serde(rename = "VoiceTemplate", skip_serializing_if = "Option::is_none")]
    pub voice_template: Option<Template>,
    #[serde(rename = "InAppTemplate", skip_serializing_if = "Option::is_none")]
    pub in_app_template: Option<Template>,
}

/// A template a campaign uses: its name, and the version (the active one when absent).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Template {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

/// A treatment of a campaign (an A/B variant), as the campaign operations return it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TreatmentResource {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_delivery_configuration: Option<CustomDeliveryConfiguration>,
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_configuration: Option<MessageConfiguration>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schedule: Option<Schedule>,
    pub size_percent: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<CampaignState>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template_configuration: Option<TemplateConfiguration>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub treatment_description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub treatment_name: Option<String>,
}

/// A treatment of a campaign, as CreateCampaign and UpdateCampaign take it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct WriteTreatmentResource {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_delivery_configuration: Option<CustomDeliveryConfiguration>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_configuration: Option<MessageConfiguration>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schedule: Option<Schedule>,
    pub size_percent: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template_configuration: Option<TemplateConfiguration>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub treatment_description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub treatment_name: Option<String>,
}

/// Delivery through a Lambda function or web hook (`DeliveryUri`) for the endpoint types
/// listed (ChannelType values).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CustomDeliveryConfiguration {
    pub delivery_uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint_types: Option<Vec<String>>,
}

#[cfg(test)]
mod tests {
    use super::super::tests::{refused, round_trip};
    use super::*;

    #[test]
    fn create_campaign_body_reads_and_writes_back() {
        let read: WriteCampaignRequest = round_trip(include_str!(
            "../../../../tests/fixtures/inapp/create-campaign.request.json"
        ));
        let message = read.message_configuration.unwrap().in_app_message.unwrap();
        assert_eq!(message.layout.as_deref(), Some("BOTTOM_BANNER"));
        assert_eq!(message.custom_config.unwrap()["promo"], "G10");
        let schedule = read.schedule.unwrap();
        assert_eq!(schedule.frequency.as_deref(), Some("IN_APP_EVENT"));
        let filter = schedule.event_filter.unwrap();
        assert_eq!(filter.filter_type, "ENDPOINT");
        let price = &filter.dimensions.metrics.unwrap()["price"];
        assert_eq!(price.value, 10.0);
        assert_eq!(read.limits.unwrap().session, Some(1));
    }

    #[test]
    fn campaign_answers_read_and_write_back() {
        let read: CampaignResponse = round_trip(include_str!(
            "../../../../tests/fixtures/inapp/campaign.response.json"
        ));
        assert_eq!(read.segment_version, 1);
        assert_eq!(
            read.state.unwrap().campaign_status.as_deref(),
            Some("SCHEDULED")
        );
        let list: CampaignsResponse = round_trip(include_str!(
            "../../../../tests/fixtures/inapp/campaigns.response.json"
        ));
        assert_eq!(list.item.len(), 2);
        assert_eq!(list.next_token.as_deref(), Some("2"));
        let treatment = &list.item[1].additional_treatments.as_ref().unwrap()[0];
        assert_eq!(treatment.size_percent, 40);
    }

    #[test]
    fn every_member_of_the_model_is_read() {
        // Members of other channels are declared (not unknown), and kept as given.
        let read: WriteCampaignRequest = round_trip(
            r#"{"AdditionalTreatments":[{"SizePercent":50,"TreatmentName":"b",
                  "CustomDeliveryConfiguration":{"DeliveryUri":"https://h","EndpointTypes":["IN_APP"]},
                  "TemplateConfiguration":{"InAppTemplate":{"Name":"t","Version":"2"}}}],
                "CustomDeliveryConfiguration":{"DeliveryUri":"arn:aws:lambda:f"},
                "Description":"d","HoldoutPercent":10,"Hook":{"Mode":"FILTER","WebUrl":"https://w"},
                "IsPaused":true,
                "Limits":{"Daily":1,"MaximumDuration":60,"MessagesPerSecond":50,"Total":2,"Session":1},
                "MessageConfiguration":{"ADMMessage":{"Body":"a"},"APNSMessage":{"Body":"a"},
                  "BaiduMessage":{"Body":"b"},"CustomMessage":{"Data":"d"},"DefaultMessage":{"Body":"d"},
                  "EmailMessage":{"Title":"t","Headers":[{"Name":"n","Value":"v"}]},
                  "GCMMessage":{"Body":"g"},"SMSMessage":{"Body":"s","MessageType":"PROMOTIONAL"},
                  "InAppMessage":{"Body":"x"}},
                "Name":"n","Schedule":{"StartTime":"IMMEDIATE","IsLocalTime":false,"Timezone":"UTC+05:30"},
                "SegmentId":"s","SegmentVersion":2,"tags":{"team":"qa"},
                "TemplateConfiguration":{"EmailTemplate":{"Name":"e"},"PushTemplate":{"Name":"p"},
                  "SMSTemplate":{"Name":"s"},"VoiceTemplate":{"Name":"v"},"InAppTemplate":{"Name":"i"}},
                "TreatmentDescription":"td","TreatmentName":"tn","Priority":5}"#,
        );
        let messages = read.message_configuration.unwrap();
        assert_eq!(messages.email_message.unwrap()["Headers"][0]["Name"], "n");
        assert_eq!(
            read.template_configuration
                .unwrap()
                .voice_template
                .unwrap()
                .name
                .as_deref(),
            Some("v")
        );
    }

    #[test]
    fn unknown_and_missing_members_are_named() {
        assert!(refused::<WriteCampaignRequest>(r#"{"Tags":{}}"#).contains("Tags"));
        assert!(refused::<MessageConfiguration>(r#"{"PushMessage":{}}"#).contains("PushMessage"));
        assert!(refused::<Schedule>(r#"{"EndTime":"2026-01-01T00:00:00Z"}"#).contains("StartTime"));
        assert!(refused::<WriteTreatmentResource>("{}").contains("SizePercent"));
        assert!(refused::<CustomDeliveryConfiguration>("{}").contains("DeliveryUri"));
        assert!(
            refused::<CampaignResponse>(
                r#"{"Id":"c","Arn":"a","ApplicationId":"a",
                "CreationDate":"d","LastModifiedDate":"d","SegmentId":"s"}"#
            )
            .contains("SegmentVersion")
        );
        // The developer guide's GetInAppMessages example leaves out FilterType; the model
        // requires it.
        assert!(
            refused::<CampaignEventFilter>(
                r#"{"Dimensions":{"EventType":{"DimensionType":"INCLUSIVE","Values":["a"]}}}"#
            )
            .contains("FilterType")
        );
    }
}
