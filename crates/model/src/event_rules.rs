//! The checks PutEvents makes, as pure functions: the request's quotas (events and bytes) and
//! each event's own (a type, an ISO 8601 timestamp, the number and length of its attribute
//! and metric names and values). One event that breaks its own rules is refused alone (its
//! own 400 in the answer) while the others land; a request over its quotas is refused whole.
//!
//! Quotas, from Pinpoint's quota page: at most 100 events and 4 MB per request, 1,000 KB per
//! event, 40 attribute and metric names per event, an attribute name at most 50 characters
//! and a value at most 200. Where the page is silent, metric names are held to the attribute
//! names' 50 characters, and the session's timestamps must be ISO 8601 like the event's.

use time::OffsetDateTime;

use super::segment::parse_instant;
use super::wire::Event;

/// Most events in one PutEvents request, over all its endpoints.
pub const MAX_EVENTS_PER_REQUEST: usize = 100;
/// Largest PutEvents body (4 MB).
pub const MAX_REQUEST_BYTES: usize = 4 * 1024 * 1024;
/// Largest event, as JSON (1,000 KB).
pub const MAX_EVENT_BYTES: usize = 1000 * 1024;
/// Most attribute and metric names of one event, together.
pub const MAX_EVENT_KEYS: usize = 40;
/// Longest attribute or metric name of an event.
pub const MAX_EVENT_KEY_CHARS: usize = 50;
/// Longest attribute value of an event.
pub const MAX_EVENT_VALUE_CHARS: usize = 200;

/// Checks one event: `Ok` with when it shows the endpoint active (the latest of its
/// Timestamp and its session's start and stop), or the problem.
pub fn check_event(event: &Event) -> Result<OffsetDateTime, String> {
    if event.event_type.trim().is_empty() {
        return Err("EventType is empty".into());
    }
    let mut latest = instant("Timestamp", &event.timestamp)?;
    if let Some(session) = &event.session {
        if session.id.is_empty() {
            return Err("Session.Id is empty".into());
        }
        let start = instant("Session.StartTimestamp", &session.start_timestamp)?;
        latest = latest.max(start);
        if let Some(stop) = &session.stop_timestamp {
            latest = latest.max(instant("Session.StopTimestamp", stop)?);
        }
        if let Some(duration) = session.duration
            && duration < 0
        {
            return Err(format!(
                "Session.Duration: {duration} is not a duration (0 or more milliseconds)"
            ));
        }
    }
    let attributes = event.attributes.as_ref();
    let metrics = event.metrics.as_ref();
    let keys = attributes.map_or(0, |a| a.len()) + metrics.map_or(0, |m| m.len());
    if keys > MAX_EVENT_KEYS {
        return Err(format!(
            "the event has {keys} attribute and metric names; at most {MAX_EVENT_KEYS} are allowed"
        ));
    }
    let names = attributes
        .into_iter()
        .flat_map(|a| a.keys().map(|k| ("Attributes", k)))
        .chain(
            metrics
                .into_iter()
                .flat_map(|m| m.keys().map(|k| ("Metrics", k))),
        );
    for (section, name) in names {
        let chars = name.chars().count();
        if chars > MAX_EVENT_KEY_CHARS {
            return Err(format!(
                "{section}: the name `{}...` has {chars} characters; at most {MAX_EVENT_KEY_CHARS} are allowed",
                name.chars().take(20).collect::<String>()
            ));
        }
        if name.is_empty() {
            return Err(format!("{section}: a name is empty"));
        }
    }
    for (name, value) in attributes.into_iter().flatten() {
        let chars = value.chars().count();
        if chars > MAX_EVENT_VALUE_CHARS {
            return Err(format!(
                "Attributes.{name}: the value has {chars} characters; at most {MAX_EVENT_VALUE_CHARS} are allowed"
            ));
        }
    }
    for (name, value) in metrics.into_iter().flatten() {
        if !value.is_finite() {
            return Err(format!("Metrics.{name}: {value} is not a finite number"));
        }
    }
    Ok(latest)
}

fn instant(member: &str, text: &str) -> Result<OffsetDateTime, String> {
    parse_instant(text).ok_or_else(|| format!("{member}: `{text}` is not an ISO 8601 time"))
}

/// The request-level quota on events: `Ok`, or the message of the 400 that refuses it whole.
pub fn check_event_count(count: usize) -> Result<(), String> {
    if count > MAX_EVENTS_PER_REQUEST {
        return Err(format!(
            "The request has {count} events; PutEvents accepts at most {MAX_EVENTS_PER_REQUEST} events per request"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    fn event(body: Value) -> Event {
        serde_json::from_value(body).unwrap()
    }

    fn base() -> Value {
        json!({"EventType": "purchase", "Timestamp": "2026-09-01T10:00:00.000Z"})
    }

    #[test]
    fn a_good_event_says_when_the_endpoint_was_active() {
        let at = check_event(&event(base())).unwrap();
        assert_eq!(at, parse_instant("2026-09-01T10:00:00Z").unwrap());
        let mut later_session = base();
        later_session["Session"] = json!({"Id": "s", "StartTimestamp": "2026-09-01T09:00:00Z",
            "StopTimestamp": "2026-09-01T11:00:00Z", "Duration": 7200000});
        let at = check_event(&event(later_session)).unwrap();
        assert_eq!(at, parse_instant("2026-09-01T11:00:00Z").unwrap());
        // `_`-prefixed types are accepted.
        let mut system = base();
        system["EventType"] = json!("_session.start");
        assert!(check_event(&event(system)).is_ok());
    }

    #[test]
    fn each_rule_names_what_it_is_about() {
        let edit = |member: &str, value: Value| {
            let mut e = base();
            e[member] = value;
            e
        };
        let many: serde_json::Map<String, Value> =
            (0..41).map(|i| (format!("a{i}"), json!("v"))).collect();
        let split_attrs: serde_json::Map<String, Value> =
            (0..21).map(|i| (format!("a{i}"), json!("v"))).collect();
        let split_metrics: serde_json::Map<String, Value> =
            (0..20).map(|i| (format!("m{i}"), json!(1))).collect();
        let mut split = edit("Attributes", Value::Object(split_attrs));
        split["Metrics"] = Value::Object(split_metrics);
        let cases = [
            (edit("EventType", json!("")), "EventType is empty"),
            (edit("EventType", json!("  ")), "EventType is empty"),
            (
                edit("Timestamp", json!("yesterday")),
                "Timestamp: `yesterday` is not an ISO 8601 time",
            ),
            (
                edit("Timestamp", json!("1693562400")),
                "Timestamp: `1693562400`",
            ),
            (
                edit("Session", json!({"Id": "s", "StartTimestamp": "soon"})),
                "Session.StartTimestamp: `soon`",
            ),
            (
                edit(
                    "Session",
                    json!({"Id": "s", "StartTimestamp": "2026-09-01", "StopTimestamp": "x"}),
                ),
                "Session.StopTimestamp: `x`",
            ),
            (
                edit("Session", json!({"Id": "", "StartTimestamp": "2026-09-01"})),
                "Session.Id is empty",
            ),
            (
                edit(
                    "Session",
                    json!({"Id": "s", "StartTimestamp": "2026-09-01", "Duration": -1}),
                ),
                "Session.Duration: -1",
            ),
            (
                edit("Attributes", Value::Object(many)),
                "the event has 41 attribute and metric names; at most 40",
            ),
            (split, "the event has 41 attribute and metric names"),
            (
                edit("Attributes", json!({"k".repeat(51): "v"})),
                "Attributes: the name `kkkkkkkkkkkkkkkkkkkk...` has 51 characters",
            ),
            (
                edit("Metrics", json!({"m".repeat(51): 1})),
                "Metrics: the name `mmmmmmmmmmmmmmmmmmmm...` has 51 characters",
            ),
            (
                edit("Attributes", json!({"item": "v".repeat(201)})),
                "Attributes.item: the value has 201 characters; at most 200",
            ),
            (
                edit("Attributes", json!({"": "v"})),
                "Attributes: a name is empty",
            ),
        ];
        for (body, start) in cases {
            let message = check_event(&event(body.clone())).expect_err(&body.to_string());
            assert!(message.starts_with(start), "{start}\n  got: {message}");
        }
        // At the bounds: fine.
        let forty: serde_json::Map<String, Value> = (0..40)
            .map(|i| (format!("a{i}"), json!("v".repeat(200))))
            .collect();
        let mut at_bounds = edit("Attributes", Value::Object(forty));
        at_bounds["Attributes"]["k".repeat(50)] = json!("v");
        at_bounds["Attributes"]
            .as_object_mut()
            .unwrap()
            .remove("a0");
        assert!(check_event(&event(at_bounds)).is_ok());
    }

    #[test]
    fn at_most_100_events_per_request() {
        assert_eq!(check_event_count(100), Ok(()));
        let message = check_event_count(101).unwrap_err();
        assert!(
            message.contains("101 events") && message.contains("at most 100"),
            "{message}"
        );
    }
}
