//! Endpoints: UpdateEndpoint, UpdateEndpointsBatch, GetEndpoint, GetUserEndpoints and the
//! delete operations, with the endpoint's demographic, location and user parts.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use crate::form::{AttributeMap, MetricMap};

/// The body of UpdateEndpoint (`PUT /v1/apps/{application-id}/endpoints/{endpoint-id}`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct EndpointRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attributes: Option<AttributeMap>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub demographic: Option<EndpointDemographic>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effective_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint_status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<EndpointLocation>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::number::opt_map"
    )]
    pub metrics: Option<MetricMap>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opt_out: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<EndpointUser>,
}

/// One element of UpdateEndpointsBatch's `Item` list: an EndpointRequest plus its `Id`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct EndpointBatchItem {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attributes: Option<AttributeMap>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub demographic: Option<EndpointDemographic>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effective_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint_status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<EndpointLocation>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::number::opt_map"
    )]
    pub metrics: Option<MetricMap>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opt_out: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<EndpointUser>,
}

/// The body of UpdateEndpointsBatch (`PUT /v1/apps/{application-id}/endpoints`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct EndpointBatchRequest {
    pub item: Vec<EndpointBatchItem>,
}

/// What GetEndpoint returns (and DeleteEndpoint, for the endpoint it removed).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct EndpointResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub application_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attributes: Option<AttributeMap>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cohort_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub creation_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub demographic: Option<EndpointDemographic>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effective_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint_status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<EndpointLocation>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::number::opt_map"
    )]
    pub metrics: Option<MetricMap>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opt_out: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<EndpointUser>,
}

/// What GetUserEndpoints and DeleteUserEndpoints return.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct EndpointsResponse {
    pub item: Vec<EndpointResponse>,
}

/// Pinpoint's EndpointDemographic: the eight demographic fields, also the form's and
/// Amplify's (`model::fields` reads and writes those shapes of it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct EndpointDemographic {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub make: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub platform_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
}

/// Pinpoint's EndpointLocation: the six location fields, also the form's and Amplify's.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct EndpointLocation {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::number::opt"
    )]
    pub latitude: Option<f64>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::number::opt"
    )]
    pub longitude: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

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

/// Pinpoint's EndpointUser.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct EndpointUser {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_attributes: Option<IndexMap<String, Vec<String>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
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
