//! GetEndpoint, with the header that says when the endpoint was last active (the other
//! calls are in `calls`).

use std::sync::{Arc, Mutex};

use aws_sdk_pinpoint::config::interceptors::BeforeDeserializationInterceptorContextRef;
use aws_sdk_pinpoint::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_sdk_pinpoint::error::BoxError;
use time::OffsetDateTime;

use super::{Client, Outcome, converted};
use crate::model::sdk::from_sdk_response;
use crate::model::segment::{Activity, LAST_ACTIVE_HEADER};
use crate::model::wire::EndpointResponse;
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
