//! Pinpoint's wire shapes for endpoints, with the service's exact (PascalCase) member names.
//!
//! These are the types the preview prints, the sandbox reads and writes, and import parses:
//! one set of serde types, so what the preview shows is what is sent. Absent or empty
//! parts are left out of the JSON, as Amplify and the SDK do. Unknown members are refused.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use super::form::{AttributeMap, MetricMap};

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
        serialize_with = "super::number::opt_map"
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
        serialize_with = "super::number::opt_map"
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
        serialize_with = "super::number::opt_map"
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

/// The 202 body of UpdateEndpoint / UpdateEndpointsBatch, and the body of every error.
/// Note the capital "ID" in `RequestID`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MessageBody {
    #[serde(rename = "Message", skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(rename = "RequestID", skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

/// Pinpoint's EndpointDemographic.
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

/// Pinpoint's EndpointLocation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct EndpointLocation {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "super::number::opt"
    )]
    pub latitude: Option<f64>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "super::number::opt"
    )]
    pub longitude: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
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

/// The body of CreateApp.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateApplicationRequest {
    #[serde(rename = "Name")]
    pub name: String,
    #[serde(rename = "tags", skip_serializing_if = "Option::is_none")]
    pub tags: Option<IndexMap<String, String>>,
}

/// One application (project), as CreateApp, GetApp and DeleteApp return it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApplicationResponse {
    #[serde(rename = "Arn")]
    pub arn: String,
    #[serde(rename = "Id")]
    pub id: String,
    #[serde(rename = "Name")]
    pub name: String,
    #[serde(rename = "tags", skip_serializing_if = "Option::is_none")]
    pub tags: Option<IndexMap<String, String>>,
    #[serde(rename = "CreationDate", skip_serializing_if = "Option::is_none")]
    pub creation_date: Option<String>,
}

/// What GetApps returns.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ApplicationsResponse {
    pub item: Vec<ApplicationResponse>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// The body of CreateSegment and UpdateSegment.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WriteSegmentRequest {
    #[serde(rename = "Dimensions", skip_serializing_if = "Option::is_none")]
    pub dimensions: Option<SegmentDimensions>,
    #[serde(rename = "Name", skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(rename = "SegmentGroups", skip_serializing_if = "Option::is_none")]
    pub segment_groups: Option<SegmentGroupList>,
    #[serde(rename = "tags", skip_serializing_if = "Option::is_none")]
    pub tags: Option<IndexMap<String, String>>,
}

/// One segment, as the segment operations return it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SegmentResponse {
    #[serde(rename = "ApplicationId")]
    pub application_id: String,
    #[serde(rename = "Arn")]
    pub arn: String,
    #[serde(rename = "CreationDate")]
    pub creation_date: String,
    #[serde(rename = "Dimensions", skip_serializing_if = "Option::is_none")]
    pub dimensions: Option<SegmentDimensions>,
    #[serde(rename = "Id")]
    pub id: String,
    #[serde(rename = "ImportDefinition", skip_serializing_if = "Option::is_none")]
    pub import_definition: Option<serde_json::Value>,
    #[serde(rename = "LastModifiedDate", skip_serializing_if = "Option::is_none")]
    pub last_modified_date: Option<String>,
    #[serde(rename = "Name", skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(rename = "SegmentGroups", skip_serializing_if = "Option::is_none")]
    pub segment_groups: Option<SegmentGroupList>,
    #[serde(rename = "SegmentType")]
    pub segment_type: String,
    #[serde(rename = "tags", skip_serializing_if = "Option::is_none")]
    pub tags: Option<IndexMap<String, String>>,
    #[serde(rename = "Version", skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
}

/// What GetSegments returns.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SegmentsResponse {
    pub item: Vec<SegmentResponse>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// The criteria of a dimensional segment. Enumerated members are kept as text so that a
/// value this version does not know is reported, not refused.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SegmentDimensions {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attributes: Option<IndexMap<String, AttributeDimension>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub behavior: Option<SegmentBehaviors>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub demographic: Option<SegmentDemographics>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<SegmentLocation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metrics: Option<IndexMap<String, MetricDimension>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_attributes: Option<IndexMap<String, AttributeDimension>>,
}

/// INCLUSIVE, EXCLUSIVE, CONTAINS, BEFORE, AFTER, ON or BETWEEN over an attribute's values.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct AttributeDimension {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attribute_type: Option<String>,
    pub values: Vec<String>,
}

/// INCLUSIVE or EXCLUSIVE over a set of values.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SetDimension {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dimension_type: Option<String>,
    pub values: Vec<String>,
}

/// A comparison of a metric with a number.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct MetricDimension {
    pub comparison_operator: String,
    #[serde(serialize_with = "super::number::plain")]
    pub value: f64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SegmentBehaviors {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recency: Option<RecencyDimension>,
}

/// Active or inactive within a duration (HR_24, DAY_7, DAY_14, DAY_30).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct RecencyDimension {
    pub duration: String,
    pub recency_type: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SegmentDemographics {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_version: Option<SetDimension>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<SetDimension>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_type: Option<SetDimension>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub make: Option<SetDimension>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<SetDimension>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub platform: Option<SetDimension>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SegmentLocation {
    #[serde(rename = "Country", skip_serializing_if = "Option::is_none")]
    pub country: Option<SetDimension>,
    #[serde(rename = "GPSPoint", skip_serializing_if = "Option::is_none")]
    pub gps_point: Option<GpsPointDimension>,
}

/// Endpoints within a range of a point.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct GpsPointDimension {
    pub coordinates: GpsCoordinates,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "super::number::opt"
    )]
    pub range_in_kilometers: Option<f64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct GpsCoordinates {
    #[serde(serialize_with = "super::number::plain")]
    pub latitude: f64,
    #[serde(serialize_with = "super::number::plain")]
    pub longitude: f64,
}

/// Groups of criteria, combined by `Include` (ALL, ANY or NONE).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SegmentGroupList {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<SegmentGroup>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub include: Option<String>,
}

/// Base segments (combined by `SourceType`) filtered by dimensions (combined by `Type`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SegmentGroup {
    #[serde(rename = "Dimensions", skip_serializing_if = "Option::is_none")]
    pub dimensions: Option<Vec<SegmentDimensions>>,
    #[serde(rename = "SourceSegments", skip_serializing_if = "Option::is_none")]
    pub source_segments: Option<Vec<SegmentReference>>,
    #[serde(rename = "SourceType", skip_serializing_if = "Option::is_none")]
    pub source_type: Option<String>,
    #[serde(rename = "Type", skip_serializing_if = "Option::is_none")]
    pub group_type: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SegmentReference {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
}

/// The body of RemoveAttributes (`PUT /v1/apps/{application-id}/attributes/{attribute-type}`):
/// names or glob patterns of the attributes to remove.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct UpdateAttributesRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blacklist: Option<Vec<String>>,
}

/// What RemoveAttributes returns: the names it removed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct AttributesResource {
    pub application_id: String,
    pub attribute_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attributes: Option<Vec<String>>,
}

/// An application's default settings, as GetApplicationSettings and
/// UpdateApplicationSettings return them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ApplicationSettingsResource {
    pub application_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub campaign_hook: Option<CampaignHook>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_modified_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limits: Option<CampaignLimits>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quiet_time: Option<QuietTime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub journey_limits: Option<ApplicationSettingsJourneyLimits>,
}

/// The body of UpdateApplicationSettings (`PUT /v1/apps/{application-id}/settings`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct WriteApplicationSettingsRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub campaign_hook: Option<CampaignHook>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cloud_watch_metrics_enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_tagging_enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limits: Option<CampaignLimits>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quiet_time: Option<QuietTime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub journey_limits: Option<ApplicationSettingsJourneyLimits>,
}

/// The Lambda function a campaign calls to customize its segment. `Mode` is DELIVERY or FILTER.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CampaignHook {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lambda_function_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub web_url: Option<String>,
}

/// Sending limits for campaigns (integers in the model; read wider so that an out-of-range
/// value is reported with its bounds).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CampaignLimits {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub daily: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum_duration: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub messages_per_second: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<i64>,
}

/// When messages are not sent: `HH:MM` to `HH:MM`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct QuietTime {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
}

/// Sending limits for journeys.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ApplicationSettingsJourneyLimits {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub daily_cap: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeframe_cap: Option<JourneyTimeframeCap>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_cap: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct JourneyTimeframeCap {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cap: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days: Option<i64>,
}

/// The body of PhoneNumberValidate (`POST /v1/phone/number/validate`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct NumberValidateRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iso_country_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
}

/// What PhoneNumberValidate returns about a number.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct NumberValidateResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub carrier: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cleansed_phone_number_e164: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cleansed_phone_number_national: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country_code_iso2: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country_code_numeric: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub county: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub original_country_code_iso2: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub original_phone_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_type_code: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zip_code: Option<String>,
}
