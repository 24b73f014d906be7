//! `events put`: records one event with PutEvents, for a test user's endpoint (sent with the
//! event, as UpdateEndpoint would send it) or for a stored endpoint (`"Endpoint": {}`, as
//! Amplify sends it), and prints the status the service gives the endpoint and the event.

use indexmap::IndexMap;
use serde::Serialize;

use crate::model::inapp::AppEvent;
use crate::model::wire::{
    EndpointRequest, Event, EventsBatch, EventsRequest, EventsResponse, Session,
};
use crate::store::paths::Paths;

use super::remote::with_client;
use super::render::{cut, whole};
use super::{EventData, GlobalArgs, endpoints, render, source, usage};

/// The event an app records: its name, with the attributes and metrics given.
pub fn app_event(name: &str, data: &EventData) -> AppEvent {
    AppEvent {
        name: name.to_string(),
        attributes: data.attributes.iter().cloned().collect(),
        metrics: data.metrics.iter().cloned().collect(),
    }
}

/// What PutEvents is sent: one batch item, keyed by the endpoint id, with the endpoint's
/// update and the event (in `session`, which starts at `now` when it is new).
pub fn events_request(
    endpoint_id: &str,
    endpoint: EndpointRequest,
    event: &AppEvent,
    event_id: &str,
    session_id: &str,
    now: &str,
) -> EventsRequest {
    let wire = Event {
        event_type: event.name.clone(),
        timestamp: now.to_string(),
        attributes: (!event.attributes.is_empty()).then(|| event.attributes.clone()),
        metrics: (!event.metrics.is_empty()).then(|| event.metrics.clone()),
        session: Some(Session {
            id: session_id.to_string(),
            start_timestamp: now.to_string(),
            ..Default::default()
        }),
        ..Default::default()
    };
    let batch = EventsBatch {
        endpoint,
        events: IndexMap::from([(event_id.to_string(), wire)]),
    };
    EventsRequest {
        batch_item: IndexMap::from([(endpoint_id.to_string(), batch)]),
    }
}

/// One status of PutEvents' answer: an endpoint's or an event's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemStatus {
    /// `endpoint` or `event`.
    pub kind: &'static str,
    /// The endpoint id, or the event id.
    pub id: String,
    pub status_code: Option<i64>,
    pub message: Option<String>,
}

impl ItemStatus {
    /// Accepted: a 2xx status.
    pub fn accepted(&self) -> bool {
        self.status_code.is_some_and(|c| (200..300).contains(&c))
    }
}

/// Every status in PutEvents' answer: each endpoint's, then its events'.
pub fn statuses(answer: &EventsResponse) -> Vec<ItemStatus> {
    let mut all = Vec::new();
    for (endpoint_id, item) in answer.results.iter().flatten() {
        if let Some(e) = &item.endpoint_item_response {
            all.push(ItemStatus {
                kind: "endpoint",
                id: endpoint_id.clone(),
                status_code: e.status_code,
                message: e.message.clone(),
            });
        }
        for (event_id, e) in item.events_item_response.iter().flatten() {
            all.push(ItemStatus {
                kind: "event",
                id: event_id.clone(),
                status_code: e.status_code,
                message: e.message.clone(),
            });
        }
    }
    all
}

/// The statuses for people: one line each.
pub fn statuses_table(answer: &EventsResponse, width: usize) -> String {
    let rows = statuses(answer)
        .into_iter()
        .map(|s| {
            vec![
                s.kind.to_string(),
                s.id,
                s.status_code.map(|c| c.to_string()).unwrap_or_default(),
                s.message.unwrap_or_default(),
            ]
        })
        .collect();
    let header = [whole("ITEM"), whole("ID"), whole("STATUS"), cut("MESSAGE")];
    render::table(&header, rows, width)
}

/// `events put (SOURCE | --endpoint ID) NAME [--attr K=V]... [--metric K=N]...
/// [--session ID]`: JSON prints PutEvents' answer as it came (EventsResponse), table one
/// line per endpoint and event. Exit 1 when the service refused either.
pub fn put(
    paths: &Paths,
    global: &GlobalArgs,
    words: &[String],
    endpoint: Option<&str>,
    data: &EventData,
    session: Option<&str>,
) -> anyhow::Result<u8> {
    let (source, name) = match (endpoint, words) {
        (Some(_), [name]) => (None, name),
        (None, [source, name]) => (Some(source), name),
        (Some(_), _) => {
            return Err(usage(
                &["events", "put"],
                "with --endpoint, give the event's NAME alone (no SOURCE)",
            ));
        }
        (None, _) => {
            return Err(usage(
                &["events", "put"],
                "give a SOURCE and the event's NAME, or --endpoint ID and NAME",
            ));
        }
    };
    let (endpoint_id, update) = match (source, endpoint) {
        (Some(source), _) => {
            let (form, _) = source::load(paths, source)?;
            if !endpoints::sendable(&form) {
                return Ok(1);
            }
            let id = form.endpoint_id.clone().unwrap_or_default();
            (id, form.to_endpoint_request())
        }
        (None, id) => (
            id.unwrap_or_default().to_string(),
            EndpointRequest::default(),
        ),
    };
    let event = app_event(name, data);
    let new_id = || uuid::Uuid::new_v4().to_string();
    let session_id = session.map_or_else(new_id, str::to_string);
    let now = crate::sandbox::now_iso();
    let request = events_request(&endpoint_id, update, &event, &new_id(), &session_id, &now);
    let output = global.output();
    with_client(paths, global, async |client| {
        let answer = client.put_events(&request).await?.value;
        output.show(&answer, statuses_table);
        let refused = statuses(&answer).into_iter().any(|s| !s.accepted());
        Ok(if refused { 1 } else { 0 })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_request_carries_the_endpoint_and_one_event_in_a_session() {
        let data = EventData {
            attributes: vec![("item".into(), "gloves".into())],
            metrics: vec![("price".into(), 12.0)],
        };
        let event = app_event("purchase", &data);
        let request = events_request(
            "ep-1",
            EndpointRequest::default(),
            &event,
            "e-1",
            "s-1",
            "2026-09-01T10:00:00.000Z",
        );
        assert_eq!(
            serde_json::to_value(&request).unwrap(),
            serde_json::json!({"BatchItem": {"ep-1": {"Endpoint": {}, "Events": {"e-1": {
                "Attributes": {"item": "gloves"},
                "EventType": "purchase",
                "Metrics": {"price": 12},
                "Session": {"Id": "s-1", "StartTimestamp": "2026-09-01T10:00:00.000Z"},
                "Timestamp": "2026-09-01T10:00:00.000Z"
            }}}}})
        );
        // No attributes or metrics: none sent.
        let bare = events_request(
            "ep-1",
            EndpointRequest::default(),
            &app_event("x", &EventData::default()),
            "e",
            "s",
            "t",
        );
        let sent = &bare.batch_item["ep-1"].events["e"];
        assert_eq!((&sent.attributes, &sent.metrics), (&None, &None));
    }

    #[test]
    fn every_status_is_read_and_any_refusal_counts() {
        let answer: EventsResponse = serde_json::from_value(serde_json::json!({"Results": {
            "ep-1": {"EndpointItemResponse": {"StatusCode": 202, "Message": "Accepted"},
                     "EventsItemResponse": {
                        "e-1": {"StatusCode": 202, "Message": "Accepted"},
                        "e-2": {"StatusCode": 400, "Message": "Metrics: the name is too long"}}}}}))
        .unwrap();
        let all = statuses(&answer);
        let summary: Vec<(&str, &str, bool)> = all
            .iter()
            .map(|s| (s.kind, s.id.as_str(), s.accepted()))
            .collect();
        assert_eq!(
            summary,
            [
                ("endpoint", "ep-1", true),
                ("event", "e-1", true),
                ("event", "e-2", false)
            ]
        );
        let text = statuses_table(&answer, 100);
        let lines: Vec<&str> = text.lines().collect();
        assert!(
            lines[0].starts_with("ITEM") && lines[0].contains("STATUS"),
            "{text}"
        );
        let at = |line: &str, what: &str| line.find(what);
        assert_eq!(at(lines[0], "STATUS"), at(lines[4], "400"), "{text}");
        assert_eq!(
            at(lines[0], "MESSAGE"),
            at(lines[4], "Metrics: the name"),
            "{text}"
        );
        assert!(
            lines[4].starts_with("event") && lines[4].contains("e-2"),
            "{text}"
        );
    }
}
