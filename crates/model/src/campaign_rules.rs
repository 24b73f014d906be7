//! Campaigns as pure functions: the checks Pinpoint makes on a WriteCampaignRequest before it
//! stores it (each problem worded with the member's path, `Schedule.EventFilter.Dimensions`),
//! the CampaignResponse a request makes, and the campaign's State at a given time.
//!
//! The sandbox serves in-app campaigns only, so a campaign must carry an in-app message
//! (`MessageConfiguration.InAppMessage`) or an in-app template
//! (`TemplateConfiguration.InAppTemplate`); every other channel's message or template, and
//! `CustomDeliveryConfiguration`, is refused by name. Checked, as the model documents or, where
//! it is silent, as the project's reference recommends:
//! - SegmentId is required; SegmentVersion, when given, is 1 or more (whether the segment and
//!   the version exist is the store's check);
//! - Schedule is required: StartTime `IMMEDIATE` or ISO 8601, EndTime ISO 8601 and after
//!   StartTime, Frequency one of the model's and IN_APP_EVENT for an in-app campaign, an
//!   EventFilter with at least one EventType value, its FilterType, DimensionType,
//!   AttributeType and ComparisonOperator values the model's, QuietTime `HH:MM`, Timezone one
//!   of the documented offsets;
//! - Limits: Daily and Total 0..100, MessagesPerSecond 1..20000, MaximumDuration 60 or more,
//!   Session 0 or more (the model's documentation);
//! - Priority 1..5 (CloudFormation's documentation of the campaign's Priority: 1 highest);
//!   HoldoutPercent 0..100; each treatment's SizePercent 0..100, all together at most 100;
//! - the in-app message itself as `template_rules` checks it.
//!
//! State, computed when the campaign is read (where the documentation is silent, this follows
//! the reference): DELETED when its segment no longer exists (the model: deleting the segment
//! fails the campaign with status DELETED), COMPLETED once EndTime has passed, PAUSED while
//! IsPaused, SCHEDULED before StartTime, EXECUTING otherwise. Treatments have their own
//! State (from their own Schedule when they have one); DefaultState, the default treatment's,
//! is there only when the campaign has additional treatments.

use indexmap::IndexMap;
use time::OffsetDateTime;

use super::enums::{CampaignStatus, DimensionType, FilterType, Frequency, HookMode, check_enum};
use super::inapp::IN_APP_EVENT;
use super::segment::parse_instant;
use super::segment_rules::{check_attribute, check_metric};
use super::template_rules::{check_in_app_message, check_template_name};
use super::validate::key_path;
use super::wire::{
    CampaignEventFilter, CampaignLimits, CampaignResponse, CampaignState, MessageConfiguration,
    QuietTime, Schedule, TemplateConfiguration, TreatmentResource, WriteCampaignRequest,
};

/// Highest (least urgent) Priority; 1 is the most urgent.
pub const MAX_PRIORITY: i64 = 5;

/// Schedule.Timezone's documented values.
pub const TIMEZONES: &[&str] = &[
    "UTC",
    "UTC+01",
    "UTC+02",
    "UTC+03",
    "UTC+03:30",
    "UTC+04",
    "UTC+04:30",
    "UTC+05",
    "UTC+05:30",
    "UTC+05:45",
    "UTC+06",
    "UTC+06:30",
    "UTC+07",
    "UTC+08",
    "UTC+09",
    "UTC+09:30",
    "UTC+10",
    "UTC+10:30",
    "UTC+11",
    "UTC+12",
    "UTC+13",
    "UTC-02",
    "UTC-03",
    "UTC-04",
    "UTC-05",
    "UTC-06",
    "UTC-07",
    "UTC-08",
    "UTC-09",
    "UTC-10",
    "UTC-11",
];

/// Checks a WriteCampaignRequest at `now` (an IMMEDIATE start is `now`): the first problem,
/// worded with the member's path, or `Ok`.
pub fn check_write_campaign(
    request: &WriteCampaignRequest,
    now: OffsetDateTime,
) -> Result<(), String> {
    if request.segment_id.as_deref().is_none_or(str::is_empty) {
        return Err("SegmentId is required: the segment whose endpoints get the campaign".into());
    }
    in_range("SegmentVersion", request.segment_version, 1, None)?;
    if request.custom_delivery_configuration.is_some() {
        return Err(not_served("CustomDeliveryConfiguration"));
    }
    check_messages(
        "",
        request.message_configuration.as_ref(),
        request.template_configuration.as_ref(),
    )?;
    let has_in_app = request
        .message_configuration
        .as_ref()
        .is_some_and(|m| m.in_app_message.is_some())
        || request
            .template_configuration
            .as_ref()
            .is_some_and(|t| t.in_app_template.is_some());
    if !has_in_app {
        return Err(
            "MessageConfiguration.InAppMessage or TemplateConfiguration.InAppTemplate is \
             required: the pinpoint-console sandbox serves in-app campaigns only"
                .into(),
        );
    }
    let Some(schedule) = &request.schedule else {
        return Err(
            "Schedule is required: an in-app campaign runs on IN_APP_EVENT with an EventFilter"
                .into(),
        );
    };
    check_schedule("Schedule", schedule, now)?;
    if let Some(limits) = &request.limits {
        check_limits(limits)?;
    }
    in_range("Priority", request.priority, 1, Some(MAX_PRIORITY))?;
    in_range("HoldoutPercent", request.holdout_percent, 0, Some(100))?;
    if let Some(hook) = &request.hook {
        check_enum("Hook.Mode", hook.mode.as_deref(), HookMode::NAMES)?;
    }
    let mut total = 0;
    for (i, treatment) in request.additional_treatments.iter().flatten().enumerate() {
        let path = format!("AdditionalTreatments[{i}]");
        in_range(
            &format!("{path}.SizePercent"),
            Some(treatment.size_percent),
            0,
            Some(100),
        )?;
        total += treatment.size_percent;
        if treatment.custom_delivery_configuration.is_some() {
            return Err(not_served(&format!("{path}.CustomDeliveryConfiguration")));
        }
        check_messages(
            &format!("{path}."),
            treatment.message_configuration.as_ref(),
            treatment.template_configuration.as_ref(),
        )?;
        if let Some(schedule) = &treatment.schedule {
            check_schedule(&format!("{path}.Schedule"), schedule, now)?;
        }
    }
    if total > 100 {
        return Err(format!(
            "AdditionalTreatments: their SizePercent values add up to {total}; at most 100 are allowed"
        ));
    }
    Ok(())
}

fn not_served(path: &str) -> String {
    format!(
        "{path}: the pinpoint-console sandbox serves in-app campaigns only (MessageConfiguration.InAppMessage or TemplateConfiguration.InAppTemplate)"
    )
}

/// The message and template members of a campaign or treatment (`prefix` is empty or ends
/// with a dot).
fn check_messages(
    prefix: &str,
    messages: Option<&MessageConfiguration>,
    templates: Option<&TemplateConfiguration>,
) -> Result<(), String> {
    if let Some(m) = messages {
        let others = [
            ("ADMMessage", m.adm_message.is_some()),
            ("APNSMessage", m.apns_message.is_some()),
            ("BaiduMessage", m.baidu_message.is_some()),
            ("CustomMessage", m.custom_message.is_some()),
            ("DefaultMessage", m.default_message.is_some()),
            ("EmailMessage", m.email_message.is_some()),
            ("GCMMessage", m.gcm_message.is_some()),
            ("SMSMessage", m.sms_message.is_some()),
        ];
        if let Some((member, _)) = others.iter().find(|(_, sent)| *sent) {
            return Err(not_served(&format!(
                "{prefix}MessageConfiguration.{member}"
            )));
        }
        if let Some(message) = &m.in_app_message {
            check_in_app_message(
                &format!("{prefix}MessageConfiguration.InAppMessage"),
                message.layout.as_deref(),
                message.content.as_deref(),
                message.custom_config.as_ref(),
            )?;
        }
    }
    if let Some(t) = templates {
        let others = [
            ("EmailTemplate", t.email_template.is_some()),
            ("PushTemplate", t.push_template.is_some()),
            ("SMSTemplate", t.sms_template.is_some()),
            ("VoiceTemplate", t.voice_template.is_some()),
        ];
        if let Some((member, _)) = others.iter().find(|(_, sent)| *sent) {
            return Err(not_served(&format!(
                "{prefix}TemplateConfiguration.{member}"
            )));
        }
        if let Some(template) = &t.in_app_template {
            let path = format!("{prefix}TemplateConfiguration.InAppTemplate");
            let Some(name) = template.name.as_deref() else {
                return Err(format!("{path}.Name is required"));
            };
            check_template_name(name).map_err(|e| format!("{path}.Name: {e}"))?;
            if let Some(version) = template.version.as_deref() {
                template_version(version).map_err(|e| format!("{path}.Version: {e}"))?;
            }
        }
    }
    Ok(())
}

/// A template version as the API names it: a whole number from 1, as text.
pub fn template_version(text: &str) -> Result<i64, String> {
    text.parse::<i64>()
        .ok()
        .filter(|v| *v > 0)
        .ok_or_else(|| format!("`{text}` is not a template version (a whole number from 1)"))
}

fn check_schedule(path: &str, schedule: &Schedule, now: OffsetDateTime) -> Result<(), String> {
    let start = match schedule.start_time.as_str() {
        "IMMEDIATE" => now,
        text => parse_instant(text).ok_or_else(|| {
            format!("{path}.StartTime: `{text}` is neither IMMEDIATE nor an ISO 8601 time")
        })?,
    };
    if let Some(text) = &schedule.end_time {
        let end = parse_instant(text)
            .ok_or_else(|| format!("{path}.EndTime: `{text}` is not an ISO 8601 time"))?;
        if end <= start {
            let (name, at) = match schedule.start_time.as_str() {
                "IMMEDIATE" => ("now", String::new()),
                other => ("StartTime", format!(" {other}")),
            };
            return Err(format!("{path}.EndTime: {text} is not after {name}{at}"));
        }
    }
    check_enum(
        &format!("{path}.Frequency"),
        schedule.frequency.as_deref(),
        Frequency::NAMES,
    )?;
    match schedule.frequency.as_deref() {
        Some(IN_APP_EVENT) => {}
        Some(other) => {
            return Err(format!(
                "{path}.Frequency: an in-app campaign runs on {IN_APP_EVENT}, not {other}"
            ));
        }
        None => {
            return Err(format!(
                "{path}.Frequency is required: an in-app campaign runs on {IN_APP_EVENT}"
            ));
        }
    }
    let Some(filter) = &schedule.event_filter else {
        return Err(format!(
            "{path}.EventFilter is required for an in-app campaign: the events that show the message"
        ));
    };
    check_event_filter(&format!("{path}.EventFilter"), filter)?;
    if let Some(quiet) = &schedule.quiet_time {
        check_quiet_time(&format!("{path}.QuietTime"), quiet)?;
    }
    check_enum(
        &format!("{path}.Timezone"),
        schedule.timezone.as_deref(),
        TIMEZONES,
    )
}

fn check_event_filter(path: &str, filter: &CampaignEventFilter) -> Result<(), String> {
    check_enum(
        &format!("{path}.FilterType"),
        Some(&filter.filter_type),
        FilterType::NAMES,
    )?;
    let dims = &filter.dimensions;
    let at = format!("{path}.Dimensions");
    let Some(event_type) = &dims.event_type else {
        return Err(format!(
            "{at}.EventType is required: the event types that show an in-app message"
        ));
    };
    check_enum(
        &format!("{at}.EventType.DimensionType"),
        event_type.dimension_type.as_deref(),
        DimensionType::NAMES,
    )?;
    if event_type.values.iter().all(String::is_empty) {
        return Err(format!(
            "{at}.EventType.Values: at least one event type is required"
        ));
    }
    for (name, dim) in dims.attributes.iter().flatten() {
        check_attribute(&key_path(&format!("{at}.Attributes"), name), dim)?;
    }
    for (name, dim) in dims.metrics.iter().flatten() {
        check_metric(&key_path(&format!("{at}.Metrics"), name), dim)?;
    }
    Ok(())
}

/// `value` within `min..=max` (`max` `None`: no upper bound).
pub fn in_range(path: &str, value: Option<i64>, min: i64, max: Option<i64>) -> Result<(), String> {
    let Some(v) = value else { return Ok(()) };
    if v >= min && max.is_none_or(|m| v <= m) {
        return Ok(());
    }
    Err(match max {
        Some(max) => format!("{path}: {v} is outside {min}..{max}"),
        None => format!("{path}: {v} is less than the minimum of {min}"),
    })
}

/// The model's documented bounds of Limits (a campaign's, or an application's default).
pub fn check_limits(limits: &CampaignLimits) -> Result<(), String> {
    in_range("Limits.Daily", limits.daily, 0, Some(100))?;
    in_range("Limits.MaximumDuration", limits.maximum_duration, 60, None)?;
    in_range(
        "Limits.MessagesPerSecond",
        limits.messages_per_second,
        1,
        Some(20_000),
    )?;
    in_range("Limits.Total", limits.total, 0, Some(100))?;
    in_range("Limits.Session", limits.session, 0, None)
}

/// QuietTime's Start and End in 24-hour `HH:MM` notation.
pub fn check_quiet_time(path: &str, quiet: &QuietTime) -> Result<(), String> {
    for (member, value) in [("Start", &quiet.start), ("End", &quiet.end)] {
        if let Some(v) = value
            && !is_hh_mm(v)
        {
            return Err(format!(
                "{path}.{member}: `{v}` is not a time in 24-hour HH:MM notation (such as 02:30 or 14:30)"
            ));
        }
    }
    Ok(())
}

/// `HH:MM`, 00:00 to 23:59, with the leading zeros.
pub fn is_hh_mm(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 5
        && b[2] == b':'
        && [b[0], b[1], b[3], b[4]].iter().all(u8::is_ascii_digit)
        && (b[0] - b'0') * 10 + (b[1] - b'0') < 24
        && b[3] < b'6'
}

/// What the service fills in on a campaign it stores.
#[derive(Debug, Clone)]
pub struct Stored<'a> {
    pub application_id: &'a str,
    pub id: &'a str,
    pub arn: &'a str,
    pub created: &'a str,
    pub modified: &'a str,
    /// 1 at creation, one more at each update.
    pub version: i64,
    /// The segment version the campaign names (the segment's current one when the request
    /// names none).
    pub segment_version: i64,
    /// The creation's tags (an update does not change them).
    pub tags: Option<IndexMap<String, String>>,
}

/// The campaign a checked request makes, without its State (computed when read). The
/// additional treatments get the ids "1", "2"... in order; the default treatment is "0".
pub fn campaign_response(request: WriteCampaignRequest, stored: Stored<'_>) -> CampaignResponse {
    let treatments = request.additional_treatments.map(|list| {
        list.into_iter()
            .enumerate()
            .map(|(i, t)| TreatmentResource {
                custom_delivery_configuration: t.custom_delivery_configuration,
                id: (i + 1).to_string(),
                message_configuration: t.message_configuration,
                schedule: t.schedule,
                size_percent: t.size_percent,
                state: None,
                template_configuration: t.template_configuration,
                treatment_description: t.treatment_description,
                treatment_name: t.treatment_name,
            })
            .collect()
    });
    CampaignResponse {
        additional_treatments: treatments,
        application_id: stored.application_id.to_string(),
        arn: stored.arn.to_string(),
        creation_date: stored.created.to_string(),
        custom_delivery_configuration: request.custom_delivery_configuration,
        default_state: None,
        description: request.description,
        holdout_percent: request.holdout_percent,
        hook: request.hook,
        id: stored.id.to_string(),
        is_paused: request.is_paused,
        last_modified_date: stored.modified.to_string(),
        limits: request.limits,
        message_configuration: request.message_configuration,
        name: request.name,
        schedule: request.schedule,
        segment_id: request.segment_id.unwrap_or_default(),
        segment_version: stored.segment_version,
        state: None,
        tags: stored.tags,
        template_configuration: request.template_configuration,
        treatment_description: request.treatment_description,
        treatment_name: request.treatment_name,
        version: Some(stored.version),
        priority: request.priority,
    }
}

/// A campaign's (or treatment's) status at `now`.
pub fn status(
    schedule: Option<&Schedule>,
    paused: bool,
    segment_exists: bool,
    now: OffsetDateTime,
) -> CampaignStatus {
    if !segment_exists {
        return CampaignStatus::Deleted;
    }
    let end = schedule
        .and_then(|s| s.end_time.as_deref())
        .and_then(parse_instant);
    if end.is_some_and(|end| now >= end) {
        return CampaignStatus::Completed;
    }
    if paused {
        return CampaignStatus::Paused;
    }
    let start = schedule
        .map(|s| s.start_time.as_str())
        .filter(|s| *s != "IMMEDIATE")
        .and_then(parse_instant);
    match start {
        Some(start) if now < start => CampaignStatus::Scheduled,
        _ => CampaignStatus::Executing,
    }
}

/// The campaign with its State (and its treatments' and DefaultState) as of `now`.
pub fn with_state(
    mut campaign: CampaignResponse,
    segment_exists: bool,
    now: OffsetDateTime,
) -> CampaignResponse {
    let paused = campaign.is_paused == Some(true);
    let own = status(campaign.schedule.as_ref(), paused, segment_exists, now);
    let state = |s: CampaignStatus| {
        Some(CampaignState {
            campaign_status: Some(s.as_str().to_string()),
        })
    };
    campaign.state = state(own);
    let mut any = false;
    for t in campaign.additional_treatments.iter_mut().flatten() {
        any = true;
        let schedule = t.schedule.as_ref().or(campaign.schedule.as_ref());
        t.state = state(status(schedule, paused, segment_exists, now));
    }
    campaign.default_state = if any { state(own) } else { None };
    campaign
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    fn page() -> Value {
        json!({"BackgroundColor": "#FFFFFF",
               "HeaderConfig": {"Alignment": "CENTER", "Header": "Hi", "TextColor": "#000000"},
               "BodyConfig": {"Alignment": "LEFT", "Body": "Welcome", "TextColor": "#000000"}})
    }

    fn campaign() -> Value {
        json!({
            "Name": "spring-sale",
            "SegmentId": "s1",
            "MessageConfiguration": {"InAppMessage": {"Layout": "BOTTOM_BANNER", "Content": [page()]}},
            "Schedule": {"StartTime": "IMMEDIATE", "Frequency": "IN_APP_EVENT",
                "EventFilter": {"FilterType": "ENDPOINT",
                    "Dimensions": {"EventType": {"DimensionType": "INCLUSIVE", "Values": ["purchase"]}}}}
        })
    }

    fn check(body: Value) -> Result<(), String> {
        check_write_campaign(
            &serde_json::from_value(body).unwrap(),
            at("2026-09-15T00:00:00Z"),
        )
    }

    /// `campaign()` with `edit` applied at the JSON pointer `at`.
    fn with(at: &str, value: Value) -> Value {
        let mut body = campaign();
        let (parent, member) = at.rsplit_once('/').unwrap();
        let target = body.pointer_mut(parent).unwrap();
        if value.is_null() {
            target.as_object_mut().unwrap().remove(member);
        } else {
            target[member] = value;
        }
        body
    }

    #[test]
    fn an_in_app_campaign_passes() {
        assert_eq!(check(campaign()), Ok(()));
        let templated = with("/MessageConfiguration", Value::Null);
        let mut templated = templated;
        templated["TemplateConfiguration"] =
            json!({"InAppTemplate": {"Name": "spring-banner", "Version": "2"}});
        assert_eq!(check(templated), Ok(()));
        let full = with(
            "/Limits",
            json!({"Daily": 100, "Total": 0, "Session": 3,
            "MessagesPerSecond": 20000, "MaximumDuration": 60}),
        );
        let mut full = full;
        full["Priority"] = json!(5);
        full["HoldoutPercent"] = json!(100);
        full["AdditionalTreatments"] = json!([{"SizePercent": 60}, {"SizePercent": 40,
            "TemplateConfiguration": {"InAppTemplate": {"Name": "b"}}}]);
        full["Schedule"]["QuietTime"] = json!({"Start": "22:00", "End": "07:00"});
        full["Schedule"]["Timezone"] = json!("UTC+05:45");
        full["Schedule"]["EndTime"] = json!("2030-01-01T00:00:00Z");
        assert_eq!(check(full), Ok(()));
    }

    #[test]
    fn every_problem_names_its_member() {
        let mut both_missing = campaign();
        both_missing
            .as_object_mut()
            .unwrap()
            .remove("MessageConfiguration");
        let mut treatments_over = campaign();
        treatments_over["AdditionalTreatments"] = json!([{"SizePercent": 60}, {"SizePercent": 41}]);
        let mut treatment_email = campaign();
        treatment_email["AdditionalTreatments"] =
            json!([{"SizePercent": 10, "MessageConfiguration": {"EmailMessage": {"Body": "b"}}}]);
        let mut treatment_schedule = campaign();
        treatment_schedule["AdditionalTreatments"] = json!([{"SizePercent": 10,
            "Schedule": {"StartTime": "IMMEDIATE", "Frequency": "ONCE"}}]);
        let cases = [
            (with("/SegmentId", Value::Null), "SegmentId is required"),
            (with("/SegmentId", json!("")), "SegmentId is required"),
            (
                with("/SegmentVersion", json!(0)),
                "SegmentVersion: 0 is less than the minimum of 1",
            ),
            (
                both_missing,
                "MessageConfiguration.InAppMessage or TemplateConfiguration.InAppTemplate is required",
            ),
            (
                with("/MessageConfiguration/SMSMessage", json!({"Body": "x"})),
                "MessageConfiguration.SMSMessage: the pinpoint-console sandbox serves in-app campaigns only",
            ),
            (
                with(
                    "/TemplateConfiguration",
                    json!({"EmailTemplate": {"Name": "e"}}),
                ),
                "TemplateConfiguration.EmailTemplate: the pinpoint-console sandbox",
            ),
            (
                with(
                    "/CustomDeliveryConfiguration",
                    json!({"DeliveryUri": "https://x"}),
                ),
                "CustomDeliveryConfiguration: the pinpoint-console sandbox",
            ),
            (
                with(
                    "/TemplateConfiguration",
                    json!({"InAppTemplate": {"Version": "1"}}),
                ),
                "TemplateConfiguration.InAppTemplate.Name is required",
            ),
            (
                with(
                    "/TemplateConfiguration",
                    json!({"InAppTemplate": {"Name": "-x"}}),
                ),
                "TemplateConfiguration.InAppTemplate.Name: template name `-x` must start",
            ),
            (
                with(
                    "/TemplateConfiguration",
                    json!({"InAppTemplate": {"Name": "x", "Version": "latest"}}),
                ),
                "TemplateConfiguration.InAppTemplate.Version: `latest`",
            ),
            (
                with("/MessageConfiguration/InAppMessage/Layout", json!("POPUP")),
                "MessageConfiguration.InAppMessage.Layout: `POPUP`",
            ),
            (
                with(
                    "/MessageConfiguration/InAppMessage/Content",
                    json!([page(), page()]),
                ),
                "MessageConfiguration.InAppMessage.Content: 2 content items; BOTTOM_BANNER allows 1",
            ),
            (with("/Schedule", Value::Null), "Schedule is required"),
            (
                with("/Schedule/StartTime", json!("tomorrow")),
                "Schedule.StartTime: `tomorrow` is neither IMMEDIATE nor an ISO 8601 time",
            ),
            (
                with("/Schedule/EndTime", json!("2026-13-01")),
                "Schedule.EndTime: `2026-13-01` is not an ISO 8601 time",
            ),
            (
                with("/Schedule/Frequency", json!("SOMETIMES")),
                "Schedule.Frequency: `SOMETIMES` is not a valid value",
            ),
            (
                with("/Schedule/Frequency", json!("DAILY")),
                "Schedule.Frequency: an in-app campaign runs on IN_APP_EVENT, not DAILY",
            ),
            (
                with("/Schedule/Frequency", Value::Null),
                "Schedule.Frequency is required",
            ),
            (
                with("/Schedule/EventFilter", Value::Null),
                "Schedule.EventFilter is required",
            ),
            (
                with("/Schedule/EventFilter/FilterType", json!("APP")),
                "Schedule.EventFilter.FilterType: `APP`",
            ),
            (
                with("/Schedule/EventFilter/Dimensions/EventType", Value::Null),
                "Schedule.EventFilter.Dimensions.EventType is required",
            ),
            (
                with(
                    "/Schedule/EventFilter/Dimensions/EventType/Values",
                    json!([]),
                ),
                "Schedule.EventFilter.Dimensions.EventType.Values: at least one",
            ),
            (
                with(
                    "/Schedule/EventFilter/Dimensions/EventType/DimensionType",
                    json!("MAYBE"),
                ),
                "Schedule.EventFilter.Dimensions.EventType.DimensionType: `MAYBE`",
            ),
            (
                with(
                    "/Schedule/EventFilter/Dimensions/Attributes",
                    json!({"item": {"AttributeType": "LIKE", "Values": ["a"]}}),
                ),
                "Schedule.EventFilter.Dimensions.Attributes.item.AttributeType: `LIKE`",
            ),
            (
                with(
                    "/Schedule/EventFilter/Dimensions/Metrics",
                    json!({"price": {"ComparisonOperator": "ABOUT", "Value": 1}}),
                ),
                "Schedule.EventFilter.Dimensions.Metrics.price.ComparisonOperator: `ABOUT`",
            ),
            (
                with("/Schedule/QuietTime", json!({"Start": "25:00"})),
                "Schedule.QuietTime.Start: `25:00`",
            ),
            (
                with("/Schedule/Timezone", json!("UTC+14")),
                "Schedule.Timezone: `UTC+14`",
            ),
            (
                with("/Limits", json!({"Daily": 101})),
                "Limits.Daily: 101 is outside 0..100",
            ),
            (with("/Limits", json!({"Total": 101})), "Limits.Total: 101"),
            (
                with("/Limits", json!({"MessagesPerSecond": 0})),
                "Limits.MessagesPerSecond: 0",
            ),
            (
                with("/Limits", json!({"MessagesPerSecond": 20001})),
                "Limits.MessagesPerSecond: 20001",
            ),
            (
                with("/Limits", json!({"MaximumDuration": 59})),
                "Limits.MaximumDuration: 59 is less than the minimum of 60",
            ),
            (
                with("/Limits", json!({"Session": -1})),
                "Limits.Session: -1",
            ),
            (with("/Priority", json!(0)), "Priority: 0 is outside 1..5"),
            (with("/Priority", json!(6)), "Priority: 6 is outside 1..5"),
            (
                with("/HoldoutPercent", json!(101)),
                "HoldoutPercent: 101 is outside 0..100",
            ),
            (with("/HoldoutPercent", json!(-1)), "HoldoutPercent: -1"),
            (
                with("/Hook", json!({"Mode": "ALWAYS"})),
                "Hook.Mode: `ALWAYS`",
            ),
            (
                with("/AdditionalTreatments", json!([{"SizePercent": 101}])),
                "AdditionalTreatments[0].SizePercent: 101 is outside 0..100",
            ),
            (
                treatments_over,
                "AdditionalTreatments: their SizePercent values add up to 101",
            ),
            (
                treatment_email,
                "AdditionalTreatments[0].MessageConfiguration.EmailMessage: the pinpoint-console sandbox",
            ),
            (
                treatment_schedule,
                "AdditionalTreatments[0].Schedule.Frequency: an in-app campaign runs on IN_APP_EVENT, not ONCE",
            ),
        ];
        for (body, start) in cases {
            let message = check(body.clone()).expect_err(&body.to_string());
            assert!(message.starts_with(start), "{start}\n  got: {message}");
        }
    }

    #[test]
    fn end_time_comes_after_start_time() {
        let message = check(with("/Schedule/EndTime", json!("2026-09-14T00:00:00Z"))).unwrap_err();
        assert_eq!(
            message,
            "Schedule.EndTime: 2026-09-14T00:00:00Z is not after now"
        );
        assert_eq!(
            check(with("/Schedule/EndTime", json!("2026-09-16T00:00:00Z"))),
            Ok(())
        );
        let mut body = with("/Schedule/StartTime", json!("2026-09-01T00:00:00Z"));
        body["Schedule"]["EndTime"] = json!("2026-09-01T00:00:00Z");
        let message = check(body.clone()).unwrap_err();
        assert!(
            message.starts_with("Schedule.EndTime: 2026-09-01T00:00:00Z is not after"),
            "{message}"
        );
        body["Schedule"]["EndTime"] = json!("2026-09-01T00:00:01Z");
        assert_eq!(check(body), Ok(()));
    }

    fn at(text: &str) -> OffsetDateTime {
        parse_instant(text).unwrap()
    }

    #[test]
    fn the_state_follows_the_schedule_pause_and_segment() {
        let schedule: Schedule = serde_json::from_value(json!({
            "StartTime": "2026-09-01T00:00:00Z", "EndTime": "2026-10-01T00:00:00Z"}))
        .unwrap();
        let s = Some(&schedule);
        let before = at("2026-08-31T23:59:59Z");
        let during = at("2026-09-15T00:00:00Z");
        let after = at("2026-10-01T00:00:00Z");
        assert_eq!(status(s, false, true, before), CampaignStatus::Scheduled);
        assert_eq!(status(s, false, true, during), CampaignStatus::Executing);
        assert_eq!(status(s, false, true, after), CampaignStatus::Completed);
        assert_eq!(status(s, true, true, during), CampaignStatus::Paused);
        assert_eq!(status(s, true, true, before), CampaignStatus::Paused);
        assert_eq!(status(s, true, true, after), CampaignStatus::Completed);
        assert_eq!(status(s, false, false, during), CampaignStatus::Deleted);
        let immediate: Schedule =
            serde_json::from_value(json!({"StartTime": "IMMEDIATE"})).unwrap();
        assert_eq!(
            status(Some(&immediate), false, true, before),
            CampaignStatus::Executing
        );
    }

    #[test]
    fn a_request_makes_a_campaign_with_its_state_on_read() {
        let mut body = campaign();
        body["AdditionalTreatments"] = json!([{"SizePercent": 30,
            "Schedule": {"StartTime": "2099-01-01T00:00:00Z", "Frequency": "IN_APP_EVENT",
                "EventFilter": {"FilterType": "SYSTEM",
                    "Dimensions": {"EventType": {"Values": ["x"]}}}}}]);
        body["tags"] = json!({"ignored": "on the response: the stored tags are used"});
        let request: WriteCampaignRequest = serde_json::from_value(body).unwrap();
        let made = campaign_response(
            request,
            Stored {
                application_id: "app",
                id: "c1",
                arn: "arn:c1",
                created: "t0",
                modified: "t1",
                version: 2,
                segment_version: 3,
                tags: None,
            },
        );
        assert_eq!(made.segment_id, "s1");
        assert_eq!(made.segment_version, 3);
        assert_eq!(made.version, Some(2));
        assert_eq!(made.tags, None);
        assert_eq!(made.state, None);
        let treatments = made.additional_treatments.as_ref().unwrap();
        assert_eq!(treatments[0].id, "1");
        let read = with_state(made, true, at("2026-09-15T00:00:00Z"));
        let status = |s: &Option<CampaignState>| s.clone().unwrap().campaign_status.unwrap();
        assert_eq!(status(&read.state), "EXECUTING");
        assert_eq!(status(&read.default_state), "EXECUTING");
        assert_eq!(
            status(&read.additional_treatments.as_ref().unwrap()[0].state),
            "SCHEDULED"
        );
        let alone = with_state(
            CampaignResponse {
                schedule: read.schedule.clone(),
                ..CampaignResponse::default()
            },
            false,
            at("2026-09-15T00:00:00Z"),
        );
        assert_eq!(status(&alone.state), "DELETED");
        assert_eq!(alone.default_state, None, "only with treatments");
    }
}
