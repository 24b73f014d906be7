//! Event and in-app message calls: PutEvents and GetInAppMessages.

use super::{Client, Outcome, not_empty, said};
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
        let about = self.about("PutEvents", subject);
        said(about, async {
            self.ensure_writable("PutEvents")?;
            let send = self
                .sdk
                .put_events()
                .application_id(self.app())
                .events_request(to_sdk_events(request)?)
                .send();
            self.timed(send, |o| {
                o.events_response()
                    .map(from_sdk_events_response)
                    .unwrap_or_default()
            })
            .await
        })
        .await
    }

    /// GetInAppMessages: the in-app campaigns an endpoint is entitled to.
    pub async fn get_in_app_messages(
        &self,
        endpoint_id: &str,
    ) -> Result<Outcome<InAppMessagesResponse>, CallError> {
        let about = self.about("GetInAppMessages", Some(endpoint_id));
        said(about, async {
            not_empty("endpoint id", endpoint_id)?;
            let send = self
                .sdk
                .get_in_app_messages()
                .application_id(self.app())
                .endpoint_id(endpoint_id)
                .send();
            self.timed(send, |o| {
                o.in_app_messages_response()
                    .map(from_sdk_in_app_messages)
                    .unwrap_or_default()
            })
            .await
        })
        .await
    }
}
