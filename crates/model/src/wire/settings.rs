//! Application settings (GetApplicationSettings, UpdateApplicationSettings) and the campaign
//! hook, limits and quiet time they share with campaigns.

use serde::{Deserialize, Serialize};

/// An application's default settings, as GetApplicationSettings and
/// UpdateApplicationSettings return them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ApplicationSettingsResource {
    pub application_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub campaign_hook: Option<CampaignHook>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_modified_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limits: Option<CampaignLimits>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quiet_time: Option<QuietTime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub journey_limits: Option<ApplicationSettingsJourneyLimits>,
}

/// The body of UpdateApplicationSettings (`PUT /v1/apps/{application-id}/settings`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct WriteApplicationSettingsRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub campaign_hook: Option<CampaignHook>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cloud_watch_metrics_enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_tagging_enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limits: Option<CampaignLimits>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quiet_time: Option<QuietTime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub journey_limits: Option<ApplicationSettingsJourneyLimits>,
}

/// The Lambda function a campaign calls to customize its segment. `Mode` is DELIVERY or FILTER.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CampaignHook {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lambda_function_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub web_url: Option<String>,
}

/// Sending limits for campaigns (integers in the model; read wider so that an out-of-range
/// value is reported with its bounds).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CampaignLimits {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub daily: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum_duration: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub messages_per_second: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<i64>,
}

/// When messages are not sent: `HH:MM` to `HH:MM`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct QuietTime {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
}

/// Sending limits for journeys.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ApplicationSettingsJourneyLimits {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub daily_cap: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeframe_cap: Option<JourneyTimeframeCap>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_cap: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct JourneyTimeframeCap {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cap: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days: Option<i64>,
}
