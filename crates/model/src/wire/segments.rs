//! Segments: CreateSegment, UpdateSegment, GetSegment(s), their dimensions and groups.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

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
    #[serde(serialize_with = "crate::number::plain")]
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
        serialize_with = "crate::number::opt"
    )]
    pub range_in_kilometers: Option<f64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct GpsCoordinates {
    #[serde(serialize_with = "crate::number::plain")]
    pub latitude: f64,
    #[serde(serialize_with = "crate::number::plain")]
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
