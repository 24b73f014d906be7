//! Events: PutEvents' EventsRequest (endpoints, each with its events) and EventsResponse.

use aws_sdk_pinpoint::types as sdk;

use super::endpoints::to_sdk_public_endpoint;
use super::{NotSendable, at, int, map_from, to_hash};
use crate::wire::{
    EndpointItemResponse, Event, EventItemResponse, EventsRequest, EventsResponse, ItemResponse,
};

fn to_sdk_event(path: &str, e: &Event) -> Result<sdk::Event, NotSendable> {
    let session = e
        .session
        .as_ref()
        .map(|s| {
            Ok::<_, NotSendable>(
                sdk::Session::builder()
                    .set_duration(int(&at(path, "Session"), "Duration", s.duration)?)
                    .id(s.id.clone())
                    .start_timestamp(s.start_timestamp.clone())
                    .set_stop_timestamp(s.stop_timestamp.clone())
                    .build(),
            )
        })
        .transpose()?;
    Ok(sdk::Event::builder()
        .set_app_package_name(e.app_package_name.clone())
        .set_app_title(e.app_title.clone())
        .set_app_version_code(e.app_version_code.clone())
        .set_attributes(to_hash(&e.attributes))
        .set_client_sdk_version(e.client_sdk_version.clone())
        .event_type(e.event_type.clone())
        .set_metrics(to_hash(&e.metrics))
        .set_sdk_name(e.sdk_name.clone())
        .set_session(session)
        .timestamp(e.timestamp.clone())
        .build())
}

/// The SDK's EventsRequest for a wire one, or the member the SDK cannot send (a session
/// duration beyond 32 bits).
pub fn to_sdk_events(r: &EventsRequest) -> Result<sdk::EventsRequest, NotSendable> {
    let mut items = std::collections::HashMap::new();
    for (endpoint_id, batch) in &r.batch_item {
        let path = at(&at("BatchItem", endpoint_id), "Events");
        let mut events = std::collections::HashMap::new();
        for (event_id, event) in &batch.events {
            events.insert(event_id.clone(), to_sdk_event(&at(&path, event_id), event)?);
        }
        let batch = sdk::EventsBatch::builder()
            .endpoint(to_sdk_public_endpoint(&batch.endpoint))
            .set_events(Some(events))
            .build();
        items.insert(endpoint_id.clone(), batch);
    }
    Ok(sdk::EventsRequest::builder()
        .set_batch_item(Some(items))
        .build())
}

/// The wire EventsResponse for what the SDK parsed from PutEvents.
pub fn from_sdk_events_response(r: &sdk::EventsResponse) -> EventsResponse {
    EventsResponse {
        results: map_from(r.results.as_ref(), |item| ItemResponse {
            endpoint_item_response: item.endpoint_item_response.as_ref().map(|e| {
                EndpointItemResponse {
                    message: e.message.clone(),
                    status_code: e.status_code.map(i64::from),
                }
            }),
            events_item_response: map_from(item.events_item_response.as_ref(), |e| {
                EventItemResponse {
                    message: e.message.clone(),
                    status_code: e.status_code.map(i64::from),
                }
            }),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_duration_beyond_32_bits_is_refused_by_name() {
        let request: EventsRequest = serde_json::from_str(
            r#"{"BatchItem":{"ep-1":{"Endpoint":{},"Events":{"e-1":{"EventType":"a",
                "Timestamp":"2026-09-01T10:00:00Z",
                "Session":{"Id":"s","StartTimestamp":"2026-09-01T09:00:00Z","Duration":4294967296}}}}}}"#,
        )
        .unwrap();
        let err = to_sdk_events(&request).unwrap_err();
        assert_eq!(err.path, "BatchItem.ep-1.Events.e-1.Session.Duration");
    }
}
