//! Endpoint calls: GetEndpoint, GetUserEndpoints, UpdateEndpoint, UpdateEndpointsBatch,
//! DeleteEndpoint and DeleteUserEndpoints.

use std::sync::{Arc, Mutex};

use aws_sdk_pinpoint::config::interceptors::BeforeDeserializationInterceptorContextRef;
use aws_sdk_pinpoint::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_sdk_pinpoint::error::BoxError;
use aws_sdk_pinpoint::types as sdk;
use time::OffsetDateTime;

use super::{Client, Outcome, converted, message};
use crate::model::sdk::{from_sdk_response, to_sdk_batch_item, to_sdk_request};
use crate::model::segment::{Activity, LAST_ACTIVE_HEADER};
use crate::model::wire::{
    EndpointBatchItem, EndpointRequest, EndpointResponse, EndpointsResponse, MessageBody,
};
use crate::pinpoint::CallError;

impl Client {
    /// GetEndpoint.
    pub async fn get_endpoint(
        &self,
        endpoint_id: &str,
    ) -> Result<Outcome<EndpointResponse>, CallError> {
        Ok(self.get_endpoint_with_activity(endpoint_id).await?.0)
    }

    /// GetEndpoint, with when the endpoint was last active if the service says it (the
    /// sandbox does, in [`LAST_ACTIVE_HEADER`]; Pinpoint does not, and `Behavior.Recency`
    /// then cannot be told).
    pub async fn get_endpoint_with_activity(
        &self,
        endpoint_id: &str,
    ) -> Result<(Outcome<EndpointResponse>, Option<Activity>), CallError> {
        let seen = LastActive::default();
        let send = || {
            Ok(self
                .sdk
                .get_endpoint()
                .application_id(self.app())
                .endpoint_id(endpoint_id)
                .customize()
                .interceptor(seen.clone())
                .send())
        };
        let fetched = self
            .call("GetEndpoint", Some(endpoint_id))
            .id("endpoint id", endpoint_id)
            .send(send, |o| {
                converted(o.endpoint_response(), from_sdk_response)
            })
            .await?;
        let header = seen.0.lock().unwrap_or_else(|p| p.into_inner()).take();
        let activity = header.and_then(|v| Activity::from_header(&v, OffsetDateTime::now_utc()));
        Ok((fetched, activity))
    }

    /// GetUserEndpoints.
    pub async fn get_user_endpoints(
        &self,
        user_id: &str,
    ) -> Result<Outcome<EndpointsResponse>, CallError> {
        let send = || {
            Ok(self
                .sdk
                .get_user_endpoints()
                .application_id(self.app())
                .user_id(user_id)
                .send())
        };
        self.call("GetUserEndpoints", Some(user_id))
            .id("user id", user_id)
            .send(send, |o| endpoints(o.endpoints_response()))
            .await
    }

    /// UpdateEndpoint.
    pub async fn update_endpoint(
        &self,
        endpoint_id: &str,
        request: &EndpointRequest,
    ) -> Result<Outcome<MessageBody>, CallError> {
        let send = || {
            Ok(self
                .sdk
                .update_endpoint()
                .application_id(self.app())
                .endpoint_id(endpoint_id)
                .endpoint_request(to_sdk_request(request))
                .send())
        };
        self.call("UpdateEndpoint", Some(endpoint_id))
            .id("endpoint id", endpoint_id)
            .writes()
            .send(send, |o| message(o.message_body()))
            .await
    }

    /// UpdateEndpointsBatch (at most 100 items; the caller splits larger sets).
    pub async fn update_endpoints_batch(
        &self,
        items: &[EndpointBatchItem],
    ) -> Result<Outcome<MessageBody>, CallError> {
        let send = || {
            let batch = sdk::EndpointBatchRequest::builder()
                .set_item(Some(items.iter().map(to_sdk_batch_item).collect()))
                .build();
            Ok(self
                .sdk
                .update_endpoints_batch()
                .application_id(self.app())
                .endpoint_batch_request(batch)
                .send())
        };
        self.call("UpdateEndpointsBatch", None)
            .writes()
            .send(send, |o| message(o.message_body()))
            .await
    }

    /// DeleteEndpoint: returns the endpoint that was removed.
    pub async fn delete_endpoint(
        &self,
        endpoint_id: &str,
    ) -> Result<Outcome<EndpointResponse>, CallError> {
        let send = || {
            Ok(self
                .sdk
                .delete_endpoint()
                .application_id(self.app())
                .endpoint_id(endpoint_id)
                .send())
        };
        self.call("DeleteEndpoint", Some(endpoint_id))
            .id("endpoint id", endpoint_id)
            .writes()
            .send(send, |o| {
                converted(o.endpoint_response(), from_sdk_response)
            })
            .await
    }

    /// DeleteUserEndpoints: returns the endpoints that were removed.
    pub async fn delete_user_endpoints(
        &self,
        user_id: &str,
    ) -> Result<Outcome<EndpointsResponse>, CallError> {
        let send = || {
            Ok(self
                .sdk
                .delete_user_endpoints()
                .application_id(self.app())
                .user_id(user_id)
                .send())
        };
        self.call("DeleteUserEndpoints", Some(user_id))
            .id("user id", user_id)
            .writes()
            .send(send, |o| endpoints(o.endpoints_response()))
            .await
    }
}

fn endpoints(response: Option<&sdk::EndpointsResponse>) -> EndpointsResponse {
    EndpointsResponse {
        item: response
            .map(|r| r.item().iter().map(from_sdk_response).collect())
            .unwrap_or_default(),
    }
}

/// Keeps the [`LAST_ACTIVE_HEADER`] of a GetEndpoint answer (the SDK's output has no place
/// for a header outside the model).
#[derive(Debug, Default, Clone)]
struct LastActive(Arc<Mutex<Option<String>>>);

impl Intercept for LastActive {
    fn name(&self) -> &'static str {
        "LastActive"
    }

    fn read_before_deserialization(
        &self,
        context: &BeforeDeserializationInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let value = context.response().headers().get(LAST_ACTIVE_HEADER);
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = value.map(str::to_owned);
        Ok(())
    }
}
