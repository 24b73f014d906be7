//! An application's default settings (GetApplicationSettings, UpdateApplicationSettings), as
//! pure functions over wire shapes: what a new application has, the bounds the model's
//! documentation gives, and how an update merges into what is stored.
//!
//! Choices where the documentation is silent, each written down here:
//! - A new application's settings are `CampaignHook`, `Limits` and `QuietTime` as empty
//!   objects, no `JourneyLimits`, and the application's CreationDate as LastModifiedDate.
//! - An update replaces each member it sends (CampaignHook, Limits, QuietTime, JourneyLimits)
//!   whole; a member left out keeps its stored value. LastModifiedDate is the update's time.
//! - CloudWatchMetricsEnabled and EventTaggingEnabled are accepted but not kept: the
//!   settings resource has no member that shows them.

use crate::model::campaign_rules::{check_limits, check_quiet_time, in_range};
use crate::model::enums::{HookMode, check_enum};
use crate::model::wire::{
    ApplicationSettingsJourneyLimits, ApplicationSettingsResource, CampaignHook, CampaignLimits,
    QuietTime, WriteApplicationSettingsRequest,
};

/// The settings of an application that was never updated.
pub fn defaults(application_id: &str, created: Option<&str>) -> ApplicationSettingsResource {
    ApplicationSettingsResource {
        application_id: application_id.to_string(),
        campaign_hook: Some(CampaignHook::default()),
        last_modified_date: created.map(str::to_string),
        limits: Some(CampaignLimits::default()),
        quiet_time: Some(QuietTime::default()),
        journey_limits: None,
    }
}

/// The stored settings after an update.
pub fn apply(
    stored: ApplicationSettingsResource,
    request: WriteApplicationSettingsRequest,
    now: &str,
) -> ApplicationSettingsResource {
    ApplicationSettingsResource {
        application_id: stored.application_id,
        campaign_hook: request.campaign_hook.or(stored.campaign_hook),
        last_modified_date: Some(now.to_string()),
        limits: request.limits.or(stored.limits),
        quiet_time: request.quiet_time.or(stored.quiet_time),
        journey_limits: request.journey_limits.or(stored.journey_limits),
    }
}

/// Checks an update against the model's enumerations and documented bounds: the first
/// problem, worded with the member's path, or `Ok`. Limits and QuietTime are checked as a
/// campaign's are.
pub fn check(request: &WriteApplicationSettingsRequest) -> Result<(), String> {
    if let Some(hook) = &request.campaign_hook {
        check_enum("CampaignHook.Mode", hook.mode.as_deref(), HookMode::NAMES)?;
    }
    if let Some(limits) = &request.limits {
        check_limits(limits)?;
    }
    if let Some(quiet) = &request.quiet_time {
        check_quiet_time("QuietTime", quiet)?;
    }
    if let Some(journey) = &request.journey_limits {
        check_journey_limits(journey)?;
    }
    Ok(())
}

fn check_journey_limits(journey: &ApplicationSettingsJourneyLimits) -> Result<(), String> {
    in_range("JourneyLimits.DailyCap", journey.daily_cap, 0, Some(100))?;
    in_range("JourneyLimits.TotalCap", journey.total_cap, 0, Some(100))?;
    if let Some(cap) = &journey.timeframe_cap {
        in_range("JourneyLimits.TimeframeCap.Cap", cap.cap, 0, Some(100))?;
        in_range("JourneyLimits.TimeframeCap.Days", cap.days, 0, Some(30))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn request(body: serde_json::Value) -> WriteApplicationSettingsRequest {
        serde_json::from_value(body).unwrap()
    }

    #[test]
    fn bounds_and_enums_name_the_member() {
        let cases = [
            (json!({"Limits": {"Daily": 101}}), "Limits.Daily: 101"),
            (json!({"Limits": {"Daily": -1}}), "Limits.Daily"),
            (
                json!({"Limits": {"MaximumDuration": 59}}),
                "Limits.MaximumDuration: 59",
            ),
            (
                json!({"Limits": {"MessagesPerSecond": 0}}),
                "Limits.MessagesPerSecond",
            ),
            (
                json!({"Limits": {"MessagesPerSecond": 20001}}),
                "Limits.MessagesPerSecond",
            ),
            (json!({"Limits": {"Total": 101}}), "Limits.Total"),
            (json!({"Limits": {"Session": -5}}), "Limits.Session"),
            (json!({"QuietTime": {"Start": "24:00"}}), "QuietTime.Start"),
            (json!({"QuietTime": {"End": "2:30"}}), "QuietTime.End"),
            (json!({"QuietTime": {"End": "12:60"}}), "QuietTime.End"),
            (
                json!({"CampaignHook": {"Mode": "SOMETIMES"}}),
                "CampaignHook.Mode",
            ),
            (
                json!({"JourneyLimits": {"DailyCap": 101}}),
                "JourneyLimits.DailyCap",
            ),
            (
                json!({"JourneyLimits": {"TimeframeCap": {"Days": 31}}}),
                "JourneyLimits.TimeframeCap.Days",
            ),
            (
                json!({"JourneyLimits": {"TimeframeCap": {"Cap": 101}}}),
                "JourneyLimits.TimeframeCap.Cap",
            ),
        ];
        for (body, path) in cases {
            let message = check(&request(body.clone())).expect_err(&body.to_string());
            assert!(message.starts_with(path), "{message}");
        }
    }

    #[test]
    fn values_within_the_bounds_pass() {
        let body = json!({
            "CampaignHook": {"LambdaFunctionName": "f", "Mode": "FILTER", "WebUrl": "https://x"},
            "CloudWatchMetricsEnabled": true,
            "EventTaggingEnabled": false,
            "Limits": {"Daily": 100, "MaximumDuration": 60, "MessagesPerSecond": 20000, "Total": 0, "Session": 7},
            "QuietTime": {"Start": "22:00", "End": "07:59"},
            "JourneyLimits": {"DailyCap": 0, "TotalCap": 100, "TimeframeCap": {"Cap": 100, "Days": 30}}
        });
        assert_eq!(check(&request(body)), Ok(()));
        assert_eq!(
            check(&request(json!({"CampaignHook": {"Mode": "DELIVERY"}}))),
            Ok(())
        );
    }

    #[test]
    fn members_sent_replace_and_members_left_out_are_kept() {
        let first = apply(
            defaults("app", Some("t0")),
            request(
                json!({"Limits": {"Daily": 5, "Total": 10}, "QuietTime": {"Start": "22:00", "End": "07:00"}}),
            ),
            "t1",
        );
        let second = apply(
            first,
            request(json!({"Limits": {"Daily": 7}, "CloudWatchMetricsEnabled": true})),
            "t2",
        );
        assert_eq!(
            serde_json::to_value(&second).unwrap(),
            json!({"ApplicationId": "app", "CampaignHook": {}, "LastModifiedDate": "t2",
                   "Limits": {"Daily": 7}, "QuietTime": {"Start": "22:00", "End": "07:00"}})
        );
    }
}
