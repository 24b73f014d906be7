//! Events: PutEvents' request (endpoints, each with its events) and its answer, a status
//! for every endpoint and every event.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use super::EndpointRequest;
use crate::form::MetricMap;

/// The body of PutEvents (`POST /v1/apps/{application-id}/events`), by endpoint id.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct EventsRequest {
    pub batch_item: IndexMap<String, EventsBatch>,
}

/// One endpoint's part of a PutEvents: what to change on the endpoint, and its events by
/// event id.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct EventsBatch {
    pub endpoint: PublicEndpoint,
    pub events: IndexMap<String, Event>,
}

/// The model's PublicEndpoint has exactly EndpointRequest's members, and PutEvents applies
/// it as UpdateEndpoint does; Amplify sends `{}`.
pub type PublicEndpoint = EndpointRequest;

/// One event. `Timestamp` is ISO 8601.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Event {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_package_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_version_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attributes: Option<IndexMap<String, String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_sdk_version: Option<String>,
    pub event_type: String,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::number::opt_map"
    )]
    pub metrics: Option<MetricMap>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sdk_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<Session>,
    pub timestamp: String,
}

/// The app session an event happened in; `Duration` in milliseconds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Session {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration: Option<i64>,
    pub id: String,
    pub start_timestamp: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stop_timestamp: Option<String>,
}

/// What PutEvents returns (with 202): a result for every endpoint id of the request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct EventsResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub results: Option<IndexMap<String, ItemResponse>>,
}

/// One endpoint's result: the endpoint's own, and each of its events' by event id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ItemResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint_item_response: Option<EndpointItemResponse>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub events_item_response: Option<IndexMap<String, EventItemResponse>>,
}

/// The status of an endpoint's update in a PutEvents (202 accepted, 400 refused).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct EndpointItemResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_code: Option<i64>,
}

/// The status of one event in a PutEvents (202 accepted, 400 refused).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct EventItemResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_code: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::super::tests::{refused, round_trip};
    use super::*;

    #[test]
    fn put_events_exchange_reads_and_writes_back() {
        let request: EventsRequest = round_trip(include_str!(
            "../../../../tests/fixtures/inapp/put-events.request.json"
        ));
        let batch = &request.batch_item["ep-1"];
        assert_eq!(batch.endpoint, PublicEndpoint::default());
        let event = &batch.events["e-1"];
        assert_eq!(event.event_type, "purchase");
        assert_eq!(event.metrics.as_ref().unwrap()["price"], 12.5);
        assert_eq!(event.session.as_ref().unwrap().id, "s-1");

        let response: EventsResponse = round_trip(include_str!(
            "../../../../tests/fixtures/inapp/put-events.response.json"
        ));
        let item = &response.results.unwrap()["ep-1"];
        assert_eq!(
            item.endpoint_item_response.as_ref().unwrap().status_code,
            Some(202)
        );
        let events = item.events_item_response.as_ref().unwrap();
        assert_eq!(events["e-1"].message.as_deref(), Some("Accepted"));
    }

    #[test]
    fn a_batch_carries_an_endpoint_update() {
        let batch: EventsBatch = round_trip(
            r#"{"Endpoint":{"Address":"a@example.com","ChannelType":"EMAIL","Metrics":{"n":2},
                  "User":{"UserId":"u"}},
                "Events":{"e":{"AppPackageName":"p","AppTitle":"t","AppVersionCode":"3",
                  "ClientSdkVersion":"6.0","EventType":"_session.stop","SdkName":"amplify",
                  "Session":{"Duration":1500,"Id":"s","StartTimestamp":"2026-09-01T09:58:00.000Z",
                    "StopTimestamp":"2026-09-01T09:58:01.500Z"},
                  "Timestamp":"2026-09-01T09:58:01.500Z"}}}"#,
        );
        assert_eq!(batch.endpoint.metrics.unwrap()["n"], 2.0);
        assert_eq!(
            batch.events["e"].session.as_ref().unwrap().duration,
            Some(1500)
        );
    }

    #[test]
    fn unknown_and_missing_members_are_named() {
        assert!(refused::<EventsRequest>("{}").contains("BatchItem"));
        assert!(refused::<EventsBatch>(r#"{"Events":{}}"#).contains("Endpoint"));
        assert!(refused::<EventsBatch>(r#"{"Endpoint":{}}"#).contains("Events"));
        assert!(
            refused::<Event>(r#"{"EventType":"a","Timestamp":"t","Name":"x"}"#).contains("Name")
        );
        assert!(refused::<Event>(r#"{"Timestamp":"t"}"#).contains("EventType"));
        assert!(refused::<Event>(r#"{"EventType":"a"}"#).contains("Timestamp"));
        assert!(refused::<Session>(r#"{"Id":"s"}"#).contains("StartTimestamp"));
        assert!(refused::<PublicEndpoint>(r#"{"Id":"x"}"#).contains("Id"));
    }
}
