//! Segments: WriteSegmentRequest and SegmentResponse, with their dimensions and groups.
//! The attribute, set and metric dimensions serve campaigns' event filters too.

use aws_sdk_pinpoint::types as sdk;

use super::{map_from, map_to, owned};
use crate::wire::{
    AttributeDimension, GpsCoordinates, GpsPointDimension, MetricDimension, RecencyDimension,
    SegmentBehaviors, SegmentDemographics, SegmentDimensions, SegmentGroup, SegmentGroupList,
    SegmentLocation, SegmentReference, SegmentResponse, SetDimension, WriteSegmentRequest,
};

pub(super) fn to_sdk_attribute(d: &AttributeDimension) -> sdk::AttributeDimension {
    sdk::AttributeDimension::builder()
        .set_attribute_type(d.attribute_type.as_deref().map(sdk::AttributeType::from))
        .set_values(Some(d.values.clone()))
        .build()
}

pub(super) fn from_sdk_attribute(d: &sdk::AttributeDimension) -> AttributeDimension {
    AttributeDimension {
        attribute_type: d.attribute_type().map(|t| t.as_str().to_owned()),
        values: d.values().to_vec(),
    }
}

pub(super) fn to_sdk_metric(m: &MetricDimension) -> sdk::MetricDimension {
    sdk::MetricDimension::builder()
        .comparison_operator(m.comparison_operator.clone())
        .value(m.value)
        .build()
}

pub(super) fn from_sdk_metric(m: &sdk::MetricDimension) -> MetricDimension {
    MetricDimension {
        comparison_operator: m.comparison_operator().unwrap_or_default().to_owned(),
        value: m.value().unwrap_or_default(),
    }
}

pub(super) fn to_sdk_set(d: &SetDimension) -> sdk::SetDimension {
    sdk::SetDimension::builder()
        .set_dimension_type(d.dimension_type.as_deref().map(sdk::DimensionType::from))
        .set_values(Some(d.values.clone()))
        .build()
}

pub(super) fn from_sdk_set(d: &sdk::SetDimension) -> SetDimension {
    SetDimension {
        dimension_type: d.dimension_type().map(|t| t.as_str().to_owned()),
        values: d.values().to_vec(),
    }
}

fn to_sdk_dimensions(d: &SegmentDimensions) -> sdk::SegmentDimensions {
    let demographic = d.demographic.as_ref().map(|x| {
        sdk::SegmentDemographics::builder()
            .set_app_version(x.app_version.as_ref().map(to_sdk_set))
            .set_channel(x.channel.as_ref().map(to_sdk_set))
            .set_device_type(x.device_type.as_ref().map(to_sdk_set))
            .set_make(x.make.as_ref().map(to_sdk_set))
            .set_model(x.model.as_ref().map(to_sdk_set))
            .set_platform(x.platform.as_ref().map(to_sdk_set))
            .build()
    });
    let location = d.location.as_ref().map(|x| {
        let point = x.gps_point.as_ref().map(|p| {
            let coordinates = sdk::GpsCoordinates::builder()
                .latitude(p.coordinates.latitude)
                .longitude(p.coordinates.longitude)
                .build();
            sdk::GpsPointDimension::builder()
                .coordinates(coordinates)
                .set_range_in_kilometers(p.range_in_kilometers)
                .build()
        });
        sdk::SegmentLocation::builder()
            .set_country(x.country.as_ref().map(to_sdk_set))
            .set_gps_point(point)
            .build()
    });
    let behavior = d.behavior.as_ref().map(|b| {
        let recency = b.recency.as_ref().map(|r| {
            sdk::RecencyDimension::builder()
                .duration(sdk::Duration::from(r.duration.as_str()))
                .recency_type(sdk::RecencyType::from(r.recency_type.as_str()))
                .build()
        });
        sdk::SegmentBehaviors::builder()
            .set_recency(recency)
            .build()
    });
    sdk::SegmentDimensions::builder()
        .set_attributes(map_to(&d.attributes, to_sdk_attribute))
        .set_behavior(behavior)
        .set_demographic(demographic)
        .set_location(location)
        .set_metrics(map_to(&d.metrics, to_sdk_metric))
        .set_user_attributes(map_to(&d.user_attributes, to_sdk_attribute))
        .build()
}

fn from_sdk_dimensions(d: &sdk::SegmentDimensions) -> SegmentDimensions {
    SegmentDimensions {
        attributes: map_from(d.attributes(), from_sdk_attribute),
        behavior: d.behavior().map(|b| SegmentBehaviors {
            recency: b.recency().map(|r| RecencyDimension {
                duration: r
                    .duration()
                    .map(|x| x.as_str().to_owned())
                    .unwrap_or_default(),
                recency_type: r
                    .recency_type()
                    .map(|x| x.as_str().to_owned())
                    .unwrap_or_default(),
            }),
        }),
        demographic: d.demographic().map(|x| SegmentDemographics {
            app_version: x.app_version().map(from_sdk_set),
            channel: x.channel().map(from_sdk_set),
            device_type: x.device_type().map(from_sdk_set),
            make: x.make().map(from_sdk_set),
            model: x.model().map(from_sdk_set),
            platform: x.platform().map(from_sdk_set),
        }),
        location: d.location().map(|x| SegmentLocation {
            country: x.country().map(from_sdk_set),
            gps_point: x.gps_point().map(|p| GpsPointDimension {
                coordinates: GpsCoordinates {
                    latitude: p
                        .coordinates()
                        .and_then(|c| c.latitude())
                        .unwrap_or_default(),
                    longitude: p
                        .coordinates()
                        .and_then(|c| c.longitude())
                        .unwrap_or_default(),
                },
                range_in_kilometers: p.range_in_kilometers(),
            }),
        }),
        metrics: map_from(d.metrics(), from_sdk_metric),
        user_attributes: map_from(d.user_attributes(), from_sdk_attribute),
    }
}

fn to_sdk_groups(g: &SegmentGroupList) -> sdk::SegmentGroupList {
    let groups = g.groups.as_ref().map(|groups| {
        groups
            .iter()
            .map(|group| {
                sdk::SegmentGroup::builder()
                    .set_dimensions(
                        group
                            .dimensions
                            .as_ref()
                            .map(|d| d.iter().map(to_sdk_dimensions).collect()),
                    )
                    .set_source_segments(group.source_segments.as_ref().map(|s| {
                        s.iter()
                            .map(|r| {
                                sdk::SegmentReference::builder()
                                    .id(r.id.clone())
                                    .set_version(r.version.and_then(|v| i32::try_from(v).ok()))
                                    .build()
                            })
                            .collect()
                    }))
                    .set_source_type(group.source_type.as_deref().map(sdk::SourceType::from))
                    .set_type(group.group_type.as_deref().map(sdk::Type::from))
                    .build()
            })
            .collect()
    });
    sdk::SegmentGroupList::builder()
        .set_groups(groups)
        .set_include(g.include.as_deref().map(sdk::Include::from))
        .build()
}

fn from_sdk_groups(g: &sdk::SegmentGroupList) -> SegmentGroupList {
    SegmentGroupList {
        groups: Some(
            g.groups()
                .iter()
                .map(|group| SegmentGroup {
                    dimensions: (!group.dimensions().is_empty())
                        .then(|| group.dimensions().iter().map(from_sdk_dimensions).collect()),
                    source_segments: (!group.source_segments().is_empty()).then(|| {
                        group
                            .source_segments()
                            .iter()
                            .map(|r| SegmentReference {
                                id: r.id().unwrap_or_default().to_owned(),
                                version: r.version().map(i64::from),
                            })
                            .collect()
                    }),
                    source_type: group.source_type().map(|t| t.as_str().to_owned()),
                    group_type: group.r#type().map(|t| t.as_str().to_owned()),
                })
                .collect(),
        )
        .filter(|v: &Vec<SegmentGroup>| !v.is_empty()),
        include: g.include().map(|i| i.as_str().to_owned()),
    }
}

/// The SDK's WriteSegmentRequest for a wire one.
pub fn to_sdk_write_segment(r: &WriteSegmentRequest) -> sdk::WriteSegmentRequest {
    sdk::WriteSegmentRequest::builder()
        .set_dimensions(r.dimensions.as_ref().map(to_sdk_dimensions))
        .set_name(r.name.clone())
        .set_segment_groups(r.segment_groups.as_ref().map(to_sdk_groups))
        .set_tags(
            r.tags
                .as_ref()
                .map(|t| t.iter().map(|(k, v)| (k.clone(), v.clone())).collect()),
        )
        .build()
}

/// The wire SegmentResponse for what the SDK parsed.
pub fn from_sdk_segment(r: &sdk::SegmentResponse) -> SegmentResponse {
    SegmentResponse {
        application_id: r.application_id().unwrap_or_default().to_owned(),
        arn: r.arn().unwrap_or_default().to_owned(),
        creation_date: r.creation_date().unwrap_or_default().to_owned(),
        dimensions: r.dimensions().map(from_sdk_dimensions),
        id: r.id().unwrap_or_default().to_owned(),
        import_definition: r.import_definition().map(|i| {
            serde_json::json!({
                "Format": i.format().map(|f| f.as_str()),
                "S3Url": i.s3_url(),
                "Size": i.size(),
            })
        }),
        last_modified_date: owned(r.last_modified_date()),
        name: owned(r.name()),
        segment_groups: r.segment_groups().map(from_sdk_groups),
        segment_type: r
            .segment_type()
            .map(|t| t.as_str().to_owned())
            .unwrap_or_default(),
        tags: map_from(r.tags(), String::clone),
        version: r.version().map(i64::from),
    }
}
