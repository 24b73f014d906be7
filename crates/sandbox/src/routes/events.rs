//! PutEvents: `POST /v1/apps/{application-id}/events`. The request is read leniently enough
//! that one bad event or endpoint part is refused alone, in `Results`, while the rest land:
//! the envelope (`BatchItem`, each item's `Endpoint` and `Events`) must have Pinpoint's shape
//! or the whole request is a 400; each endpoint part and each event is then read and checked
//! on its own (`model::event_rules`). Over 100 events is a 400 and over 4 MB a 413 for the
//! whole request, naming the limit.

use axum::Extension;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::model::UserInfo;
use crate::model::event_rules::{MAX_EVENT_BYTES, check_event, check_event_count};
use crate::model::validate::validate_errors;
use crate::model::wire::{EndpointRequest, Event};

use super::super::error::{ApiError, RequestId};
use super::super::now_iso;
use super::super::store::{CheckedEvent, EventsItem};
use super::{ApiResult, Shared, json, parse_body, read_value, with_store};

/// The request as far as it must hold together: the endpoints' parts and the events stay
/// JSON until each is read on its own.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct Envelope {
    batch_item: IndexMap<String, Batch>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct Batch {
    endpoint: Value,
    events: IndexMap<String, Value>,
}

pub(super) async fn put_events(
    State(s): Shared,
    Path(app): Path<String>,
    Extension(RequestId(request_id)): Extension<RequestId>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult {
    let body = match body {
        Err(r) if r.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return Err(super::limits::events_too_large());
        }
        other => other,
    };
    let envelope: Envelope = parse_body(body)?;
    let count = envelope.batch_item.values().map(|b| b.events.len()).sum();
    check_event_count(count).map_err(ApiError::bad_request)?;
    let items: Vec<EventsItem> = envelope
        .batch_item
        .into_iter()
        .map(|(id, batch)| read_item(id, batch))
        .collect();
    let id = request_id.clone();
    let answer = with_store(&s, move |store| {
        store.put_events(&app, items, &now_iso(), &id)
    })
    .await?;
    Ok(json(StatusCode::ACCEPTED, &answer))
}

/// What is wrong with an endpoint id, if anything (the rule UpdateEndpoint applies).
fn endpoint_id_problem(endpoint_id: &str) -> Option<String> {
    let form = UserInfo {
        endpoint_id: Some(endpoint_id.to_string()),
        ..UserInfo::default()
    };
    validate_errors(&form)
        .into_iter()
        .find(|p| p.path == "endpoint_id")
        .map(|p| format!("endpoint id `{endpoint_id}`: {}", p.message))
}

fn read_item(endpoint_id: String, batch: Batch) -> EventsItem {
    let id_problem = endpoint_id_problem(&endpoint_id);
    let endpoint = match &id_problem {
        Some(problem) => Err(problem.clone()),
        None => {
            read_value::<EndpointRequest>(&batch.endpoint).map_err(|e| format!("Endpoint: {e}"))
        }
    };
    let events = batch
        .events
        .into_iter()
        .map(|(event_id, value)| {
            let checked = match &id_problem {
                Some(problem) => Err(problem.clone()),
                None => read_event(&event_id, &value),
            };
            (event_id, checked)
        })
        .collect();
    EventsItem {
        endpoint_id,
        endpoint,
        events,
    }
}

fn read_event(event_id: &str, value: &Value) -> Result<CheckedEvent, String> {
    if event_id.is_empty() {
        return Err("the event id is empty".into());
    }
    let bytes = serde_json::to_string(value).map_or(0, |text| text.len());
    if bytes > MAX_EVENT_BYTES {
        return Err(format!(
            "the event has {bytes} bytes; at most {MAX_EVENT_BYTES} (1,000 KB) are allowed"
        ));
    }
    let event: Event = read_value(value)?;
    let at = check_event(&event)?;
    Ok(CheckedEvent { event, at })
}
