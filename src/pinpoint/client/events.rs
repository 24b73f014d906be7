//! Event and in-app message calls: PutEvents and GetInAppMessages.

use super::{Client, Outcome, converted};
use crate::model::sdk::{from_sdk_events_response, from_sdk_in_app_messages, to_sdk_events};
use crate::model::wire::{EventsRequest, EventsResponse, InAppMessagesResponse};
use crate::pinpoint::CallError;

impl Client {
    /// PutEvents: the endpoints' updates and their events; the answer has a status for each.
    pub async fn put_events(
        &self,
        request: &EventsRequest,
    ) -> Result<Outcome<EventsResponse>, CallError> {
        let mut ids = request.batch_item.keys();
        let subject = match (ids.next(), ids.next()) {
            (Some(only), None) => Some(only.as_str()),
            _ => None,
        };
        let send = || {
            Ok(self
                .sdk
                .put_events()
                .application_id(self.app())
                .events_request(to_sdk_events(request)?)
                .send())
        };
        self.call("PutEvents", subject)
            .writes()
            .send(send, |o| {
                converted(o.events_response(), from_sdk_events_response)
            })
            .await
    }

    /// GetInAppMessages: the in-app campaigns an endpoint is entitled to.
    pub async fn get_in_app_messages(
        &self,
        endpoint_id: &str,
    ) -> Result<Outcome<InAppMessagesResponse>, CallError> {
        let send = || {
            Ok(self
                .sdk
                .get_in_app_messages()
                .application_id(self.app())
                .endpoint_id(endpoint_id)
                .send())
        };
        self.call("GetInAppMessages", Some(endpoint_id))
            .id("endpoint id", endpoint_id)
            .send(send, |o| {
                converted(o.in_app_messages_response(), from_sdk_in_app_messages)
            })
            .await
    }
}
