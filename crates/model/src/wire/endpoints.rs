//! Endpoints: UpdateEndpoint, UpdateEndpointsBatch, GetEndpoint, GetUserEndpoints and the
//! delete operations, with the endpoint's demographic, location and user parts.

include!(concat!(env!("OUT_DIR"), "/wire/endpoints.rs"));

impl EndpointDemographic {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

impl EndpointLocation {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

impl EndpointBatchItem {
    /// Splits a batch item into its endpoint id and the EndpointRequest it carries.
    pub fn into_parts(self) -> (Option<String>, EndpointRequest) {
        let request = EndpointRequest {
            address: self.address,
            attributes: self.attributes,
            channel_type: self.channel_type,
            demographic: self.demographic,
            effective_date: self.effective_date,
            endpoint_status: self.endpoint_status,
            location: self.location,
            metrics: self.metrics,
            opt_out: self.opt_out,
            request_id: self.request_id,
            user: self.user,
        };
        (self.id, request)
    }

    /// Builds a batch item from an endpoint id and a request.
    pub fn from_parts(id: impl Into<String>, request: EndpointRequest) -> Self {
        Self {
            address: request.address,
            attributes: request.attributes,
            channel_type: request.channel_type,
            demographic: request.demographic,
            effective_date: request.effective_date,
            endpoint_status: request.endpoint_status,
            id: Some(id.into()),
            location: request.location,
            metrics: request.metrics,
            opt_out: request.opt_out,
            request_id: request.request_id,
            user: request.user,
        }
    }
}

impl EndpointResponse {
    /// The request members of a response (what an UpdateEndpoint would need to recreate it).
    pub fn to_request(&self) -> EndpointRequest {
        EndpointRequest {
            address: self.address.clone(),
            attributes: self.attributes.clone(),
            channel_type: self.channel_type.clone(),
            demographic: self.demographic.clone(),
            effective_date: self.effective_date.clone(),
            endpoint_status: self.endpoint_status.clone(),
            location: self.location.clone(),
            metrics: self.metrics.clone(),
            opt_out: self.opt_out.clone(),
            request_id: self.request_id.clone(),
            user: self.user.clone(),
        }
    }
}
