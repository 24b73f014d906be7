//! Conversions between the wire shapes and `aws_sdk_pinpoint::types`, so that what the SDK
//! sends is built from the same values the preview prints.
//!
//! The SDK keeps maps in `HashMap`s; maps read back from it are sorted by name so that the
//! output is stable.

use std::collections::HashMap;

use aws_sdk_pinpoint::types as sdk;
use indexmap::IndexMap;

use super::wire::{
    AttributeDimension, EndpointBatchItem, EndpointDemographic, EndpointLocation, EndpointRequest,
    EndpointResponse, EndpointUser, GpsCoordinates, GpsPointDimension, MetricDimension,
    RecencyDimension, SegmentBehaviors, SegmentDemographics, SegmentDimensions, SegmentGroup,
    SegmentGroupList, SegmentLocation, SegmentReference, SegmentResponse, SetDimension,
    WriteSegmentRequest,
};

fn to_hash<V: Clone>(map: &Option<IndexMap<String, V>>) -> Option<HashMap<String, V>> {
    map.as_ref()
        .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
}

fn from_hash<V: Clone>(map: Option<&HashMap<String, V>>) -> Option<IndexMap<String, V>> {
    map.map(|m| {
        let mut out: IndexMap<String, V> = m.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        out.sort_keys();
        out
    })
}

fn owned(value: Option<&str>) -> Option<String> {
    value.map(str::to_owned)
}

fn to_sdk_demographic(d: &EndpointDemographic) -> sdk::EndpointDemographic {
    sdk::EndpointDemographic::builder()
        .set_app_version(d.app_version.clone())
        .set_locale(d.locale.clone())
        .set_make(d.make.clone())
        .set_model(d.model.clone())
        .set_model_version(d.model_version.clone())
        .set_platform(d.platform.clone())
        .set_platform_version(d.platform_version.clone())
        .set_timezone(d.timezone.clone())
        .build()
}

fn from_sdk_demographic(d: &sdk::EndpointDemographic) -> EndpointDemographic {
    EndpointDemographic {
        app_version: owned(d.app_version()),
        locale: owned(d.locale()),
        make: owned(d.make()),
        model: owned(d.model()),
        model_version: owned(d.model_version()),
        platform: owned(d.platform()),
        platform_version: owned(d.platform_version()),
        timezone: owned(d.timezone()),
    }
}

fn to_sdk_location(l: &EndpointLocation) -> sdk::EndpointLocation {
    sdk::EndpointLocation::builder()
        .set_city(l.city.clone())
        .set_country(l.country.clone())
        .set_latitude(l.latitude)
        .set_longitude(l.longitude)
        .set_postal_code(l.postal_code.clone())
        .set_region(l.region.clone())
        .build()
}

fn from_sdk_location(l: &sdk::EndpointLocation) -> EndpointLocation {
    EndpointLocation {
        city: owned(l.city()),
        country: owned(l.country()),
        latitude: l.latitude(),
        longitude: l.longitude(),
        postal_code: owned(l.postal_code()),
        region: owned(l.region()),
    }
}

fn to_sdk_user(u: &EndpointUser) -> sdk::EndpointUser {
    sdk::EndpointUser::builder()
        .set_user_attributes(to_hash(&u.user_attributes))
        .set_user_id(u.user_id.clone())
        .build()
}

fn from_sdk_user(u: &sdk::EndpointUser) -> EndpointUser {
    EndpointUser {
        user_attributes: from_hash(u.user_attributes()),
        user_id: owned(u.user_id()),
    }
}

/// The SDK's EndpointRequest for a wire EndpointRequest.
pub fn to_sdk_request(r: &EndpointRequest) -> sdk::EndpointRequest {
    sdk::EndpointRequest::builder()
        .set_address(r.address.clone())
        .set_attributes(to_hash(&r.attributes))
        .set_channel_type(r.channel_type.as_deref().map(sdk::ChannelType::from))
        .set_demographic(r.demographic.as_ref().map(to_sdk_demographic))
        .set_effective_date(r.effective_date.clone())
        .set_endpoint_status(r.endpoint_status.clone())
        .set_location(r.location.as_ref().map(to_sdk_location))
        .set_metrics(to_hash(&r.metrics))
        .set_opt_out(r.opt_out.clone())
        .set_request_id(r.request_id.clone())
        .set_user(r.user.as_ref().map(to_sdk_user))
        .build()
}

/// The wire EndpointRequest for an SDK EndpointRequest.
pub fn from_sdk_request(r: &sdk::EndpointRequest) -> EndpointRequest {
    EndpointRequest {
        address: owned(r.address()),
        attributes: from_hash(r.attributes()),
        channel_type: r.channel_type().map(|c| c.as_str().to_owned()),
        demographic: r.demographic().map(from_sdk_demographic),
        effective_date: owned(r.effective_date()),
        endpoint_status: owned(r.endpoint_status()),
        location: r.location().map(from_sdk_location),
        metrics: from_hash(r.metrics()),
        opt_out: owned(r.opt_out()),
        request_id: owned(r.request_id()),
        user: r.user().map(from_sdk_user),
    }
}

/// The SDK's EndpointBatchItem for a wire batch item.
pub fn to_sdk_batch_item(item: &EndpointBatchItem) -> sdk::EndpointBatchItem {
    let (id, r) = item.clone().into_parts();
    sdk::EndpointBatchItem::builder()
        .set_id(id)
        .set_address(r.address)
        .set_attributes(to_hash(&r.attributes))
        .set_channel_type(r.channel_type.as_deref().map(sdk::ChannelType::from))
        .set_demographic(r.demographic.as_ref().map(to_sdk_demographic))
        .set_effective_date(r.effective_date)
        .set_endpoint_status(r.endpoint_status)
        .set_location(r.location.as_ref().map(to_sdk_location))
        .set_metrics(to_hash(&r.metrics))
        .set_opt_out(r.opt_out)
        .set_request_id(r.request_id)
        .set_user(r.user.as_ref().map(to_sdk_user))
        .build()
}

/// The wire EndpointResponse for what the SDK parsed from GetEndpoint and friends.
pub fn from_sdk_response(r: &sdk::EndpointResponse) -> EndpointResponse {
    EndpointResponse {
        address: owned(r.address()),
        application_id: owned(r.application_id()),
        attributes: from_hash(r.attributes()),
        channel_type: r.channel_type().map(|c| c.as_str().to_owned()),
        cohort_id: owned(r.cohort_id()),
        creation_date: owned(r.creation_date()),
        demographic: r.demographic().map(from_sdk_demographic),
        effective_date: owned(r.effective_date()),
        endpoint_status: owned(r.endpoint_status()),
        id: owned(r.id()),
        location: r.location().map(from_sdk_location),
        metrics: from_hash(r.metrics()),
        opt_out: owned(r.opt_out()),
        request_id: owned(r.request_id()),
        user: r.user().map(from_sdk_user),
    }
}

// ----- segments -----

fn to_sdk_attribute(d: &AttributeDimension) -> sdk::AttributeDimension {
    sdk::AttributeDimension::builder()
        .set_attribute_type(d.attribute_type.as_deref().map(sdk::AttributeType::from))
        .set_values(Some(d.values.clone()))
        .build()
}

fn from_sdk_attribute(d: &sdk::AttributeDimension) -> AttributeDimension {
    AttributeDimension {
        attribute_type: d.attribute_type().map(|t| t.as_str().to_owned()),
        values: d.values().to_vec(),
    }
}

fn to_sdk_set(d: &SetDimension) -> sdk::SetDimension {
    sdk::SetDimension::builder()
        .set_dimension_type(d.dimension_type.as_deref().map(sdk::DimensionType::from))
        .set_values(Some(d.values.clone()))
        .build()
}

fn from_sdk_set(d: &sdk::SetDimension) -> SetDimension {
    SetDimension {
        dimension_type: d.dimension_type().map(|t| t.as_str().to_owned()),
        values: d.values().to_vec(),
    }
}

fn map_to<A, B>(
    map: &Option<IndexMap<String, A>>,
    f: impl Fn(&A) -> B,
) -> Option<HashMap<String, B>> {
    map.as_ref()
        .map(|m| m.iter().map(|(k, v)| (k.clone(), f(v))).collect())
}

fn map_from<A, B>(
    map: Option<&HashMap<String, A>>,
    f: impl Fn(&A) -> B,
) -> Option<IndexMap<String, B>> {
    map.map(|m| {
        let mut out: IndexMap<String, B> = m.iter().map(|(k, v)| (k.clone(), f(v))).collect();
        out.sort_keys();
        out
    })
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
        .set_metrics(map_to(&d.metrics, |m| {
            sdk::MetricDimension::builder()
                .comparison_operator(m.comparison_operator.clone())
                .value(m.value)
                .build()
        }))
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
        metrics: map_from(d.metrics(), |m| MetricDimension {
            comparison_operator: m.comparison_operator().unwrap_or_default().to_owned(),
            value: m.value().unwrap_or_default(),
        }),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::form::UserInfo;

    #[test]
    fn sdk_request_round_trip_keeps_every_member() {
        let form: UserInfo = toml::from_str(
            r#"
            endpoint_id = "e"
            user_id = "u"
            channel_type = "SMS"
            address = "+12065550100"
            opt_out = "ALL"
            endpoint_status = "INACTIVE"
            [attributes]
            a = ["1", "2"]
            b = []
            [demographic]
            app_version = "1"
            locale = "en_US"
            make = "m"
            model = "mo"
            model_version = "mv"
            platform = "p"
            platform_version = "pv"
            timezone = "UTC"
            [location]
            city = "c"
            country = "US"
            postal_code = "1"
            region = "r"
            latitude = 1.5
            longitude = -2.5
            [metrics]
            x = 1.25
            [user_attributes]
            z = ["q"]
            "#,
        )
        .unwrap();
        let request = form.to_endpoint_request();
        let back = from_sdk_request(&to_sdk_request(&request));
        assert_eq!(back, request);
    }

    #[test]
    fn enum_lists_are_the_models() {
        use crate::model::enums as ours;
        // The SDK is generated from the same service model; it lists values sorted.
        let cases: &[(&str, &[&str], &[&str])] = &[
            (
                "ChannelType",
                ours::ChannelType::NAMES,
                sdk::ChannelType::values(),
            ),
            (
                "AttributeType",
                ours::AttributeType::NAMES,
                sdk::AttributeType::values(),
            ),
            (
                "DimensionType",
                ours::DimensionType::NAMES,
                sdk::DimensionType::values(),
            ),
            ("Duration", ours::Duration::NAMES, sdk::Duration::values()),
            (
                "RecencyType",
                ours::RecencyType::NAMES,
                sdk::RecencyType::values(),
            ),
            ("Include", ours::Include::NAMES, sdk::Include::values()),
            (
                "SourceType",
                ours::Include::NAMES,
                sdk::SourceType::values(),
            ),
            ("Type", ours::Include::NAMES, sdk::Type::values()),
            ("Mode", ours::HookMode::NAMES, sdk::Mode::values()),
            ("Layout", ours::Layout::NAMES, sdk::Layout::values()),
            (
                "Alignment",
                ours::Alignment::NAMES,
                sdk::Alignment::values(),
            ),
            (
                "ButtonAction",
                ours::ButtonAction::NAMES,
                sdk::ButtonAction::values(),
            ),
            (
                "FilterType",
                ours::FilterType::NAMES,
                sdk::FilterType::values(),
            ),
            (
                "Frequency",
                ours::Frequency::NAMES,
                sdk::Frequency::values(),
            ),
            (
                "CampaignStatus",
                ours::CampaignStatus::NAMES,
                sdk::CampaignStatus::values(),
            ),
            (
                "TemplateType",
                ours::TemplateType::NAMES,
                sdk::TemplateType::values(),
            ),
        ];
        for &(name, ours, theirs) in cases {
            let mut ours = ours.to_vec();
            ours.sort_unstable();
            assert_eq!(ours, theirs, "{name}");
        }
    }

    #[test]
    fn unknown_channel_type_passes_through_the_sdk_enum() {
        let request = EndpointRequest {
            channel_type: Some("CARRIER_PIGEON".into()),
            ..Default::default()
        };
        let back = from_sdk_request(&to_sdk_request(&request));
        assert_eq!(back.channel_type.as_deref(), Some("CARRIER_PIGEON"));
    }
}
